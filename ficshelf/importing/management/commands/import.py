"""`ficshelf import FILE_OR_DIR… --user NAME [--post]`: bulk import of story files.

One work per file, or one work per directory of chapter files. Importing the same
file again for the same user is skipped, so an interrupted run can simply be rerun.
"""

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ficshelf.accounts.models import User
from ficshelf.importer import ParseError, parse
from ficshelf.importing.drafts import (
    chapter_problems,
    draft_chapters,
    draft_from_parsed,
    form_data_from_draft,
    merge_drafts,
)
from ficshelf.importing.models import ImportedFile
from ficshelf.works.forms.work import WorkForm
from ficshelf.works.posting import create_work


@dataclass
class Outcome:
    source: str
    status: str = "error"
    title: str = ""
    chapters: int = 0
    words: int = 0
    url: str = ""
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _natural_key(path: Path) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


class Command(BaseCommand):
    help = "Import story files (txt, html, epub, md, docx) as works: one per file or per directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument("--user", required=True, help="The user the works belong to.")
        parser.add_argument("--post", action="store_true", help="Post the works (default: save as drafts).")

    def handle(self, *args, paths: list[str], user: str, post: bool, **options) -> None:
        owner = User.objects.filter(username__iexact=user).first()
        if owner is None:
            raise CommandError(f"No user is called {user!r}. Create it first (ficshelf createsuperuser).")
        outcomes = []
        for index, raw in enumerate(paths, start=1):
            self._progress(index, len(paths), raw)
            outcomes.append(self._import_path(Path(raw), owner, post))
        if sys.stdout.isatty():
            self.stdout.write("")
        self._report(outcomes)
        if any(o.status == "error" for o in outcomes):
            sys.exit(1)

    def _progress(self, done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[-40:]}"
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line:<90}", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)

    def _import_path(self, path: Path, owner: User, post: bool) -> Outcome:
        outcome = Outcome(source=str(path))
        if path.is_dir():
            files = sorted(
                (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")), key=_natural_key
            )
            if not files:
                outcome.errors.append("The directory holds no files.")
                return outcome
        elif path.is_file():
            files = [path]
        else:
            outcome.errors.append("No such file or directory.")
            return outcome

        digest = hashlib.sha256()
        contents = []
        for file in files:
            if file.stat().st_size > settings.FICSHELF_IMPORT_MAX_BYTES:
                outcome.errors.append(
                    f"{file.name} is {file.stat().st_size:,} bytes; the limit is {settings.FICSHELF_IMPORT_MAX_BYTES:,}."
                )
                return outcome
            data = file.read_bytes()
            digest.update(file.name.encode() + b"\0" + hashlib.sha256(data).digest())
            contents.append((file, data))
        earlier = (
            ImportedFile.objects.filter(user=owner, sha256=digest.hexdigest()).select_related("work").first()
        )
        imported = earlier.work if earlier is not None else None  # None if that work was deleted
        if imported is not None:
            outcome.status, outcome.url, outcome.title = (
                "skipped",
                imported.get_absolute_url(),
                imported.title,
            )
            outcome.problems.append(f"Already imported as {imported.get_absolute_url()}.")
            return outcome

        drafts = []
        for file, data in contents:
            try:
                parsed = parse(data, file.name, max_bytes=settings.FICSHELF_IMPORT_MAX_BYTES)
            except ParseError as error:
                outcome.errors.append(f"{file.name}: {error}")
                continue
            drafts.append(draft_from_parsed(parsed, file.name))
        if outcome.errors:
            return outcome
        draft = merge_drafts(drafts, title=path.name.replace("_", " ").strip())
        outcome.problems.extend(draft["problems"])
        outcome.errors.extend(chapter_problems(draft))
        form = WorkForm(form_data_from_draft(draft, owner), user=owner)
        if not form.is_valid():
            outcome.errors.extend(
                f"{form.fields[name].label if name in form.fields else 'Work'}: {' '.join(map(str, errs))}"
                for name, errs in form.errors.items()
            )
        if outcome.errors:
            return outcome
        with transaction.atomic():
            work = create_work(form.work_fields(), draft_chapters(draft), user=owner, post=post)
            ImportedFile.objects.update_or_create(
                user=owner, sha256=digest.hexdigest(), defaults={"source": str(path)[:500], "work": work}
            )
        outcome.status = "posted" if post else "draft"
        outcome.title, outcome.chapters, outcome.words = work.title, work.chapter_count, work.word_count
        outcome.url = work.get_absolute_url()
        return outcome

    def _report(self, outcomes: list[Outcome]) -> None:
        rows = [("File", "Result", "Title", "Chapters", "Words", "Address")]
        rows += [
            (
                o.source[-40:],
                o.status,
                o.title[:40],
                str(o.chapters or ""),
                f"{o.words:,}" if o.words else "",
                o.url,
            )
            for o in outcomes
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("")
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        counts = {
            status: sum(o.status == status for o in outcomes)
            for status in ("posted", "draft", "skipped", "error")
        }
        self.stdout.write("\n" + ", ".join(f"{n} {status}" for status, n in counts.items() if n))
        for outcome in outcomes:
            if outcome.errors:
                self.stderr.write(f"\nErrors in {outcome.source}:")
                for error in outcome.errors:
                    self.stderr.write(f"  - {error}")
            if outcome.problems and outcome.status != "skipped":
                self.stdout.write(f"\nTo check in {outcome.source}:")
                for problem in outcome.problems:
                    self.stdout.write(f"  - {problem}")
