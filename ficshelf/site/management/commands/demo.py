"""`ficshelf demo`: fill an empty archive with our demo stories and authors."""

import secrets
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.site.demo_archive import WORKS, DemoWork
from ficshelf.tags.models import TagType
from ficshelf.text import paragraphs_from_plain_text
from ficshelf.works.models import Series, Work
from ficshelf.works.posting import ChapterFields, NewSeries, WorkFields, create_work


def _html(text: str) -> str:
    """Demo text is plain; a line of tildes or stars is a scene break."""
    html = paragraphs_from_plain_text(text)
    for marker in ("~~~", "* * *"):
        html = html.replace(f"<p>{marker}</p>", "<hr>")
    return html


class Command(BaseCommand):
    help = "Load the demo archive (authors and works) into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any work exists.")

    def handle(self, *args, if_empty: bool, **options) -> None:
        if Work.objects.exists():
            if if_empty:
                return
            raise CommandError("The archive already has works; the demo only fills an empty one.")
        password = secrets.token_urlsafe(9)
        with transaction.atomic():
            authors = {
                name: User.objects.create_user(name, f"{name}@example.invalid", password)
                for name in sorted({w["author"] for w in WORKS})
            }
            series_by_title: dict[str, Series] = {}
            start = timezone.now() - timedelta(days=40)
            for index, data in enumerate(WORKS):
                posted_at = start + timedelta(days=index * 6)
                self._create_work(data, authors[data["author"]], posted_at, series_by_title)
        self.stdout.write(self.style.SUCCESS(f"Demo archive loaded: {len(WORKS)} works."))
        self.stdout.write(f"Log in as  demo / {password}  (also ink_and_quill, same password)")

    def _create_work(
        self, data: DemoWork, author: User, posted_at: datetime, series_by_title: dict[str, Series]
    ) -> Work:
        series: list[Series | NewSeries] = []
        if title := data.get("series"):
            known = series_by_title.get(title)
            series.append(known or NewSeries(title, summary="<p>Elizabeth's year, in letters and after.</p>"))
        fields = WorkFields(
            title=data["title"],
            creators=[author.default_pseud],
            tags={
                TagType.RATING: [data["rating"]],
                TagType.WARNING: data["warnings"],
                TagType.CATEGORY: data["categories"],
                TagType.FANDOM: data["fandoms"],
                TagType.RELATIONSHIP: data["relationships"],
                TagType.CHARACTER: data["characters"],
                TagType.FREEFORM: data["freeforms"],
            },
            summary=_html(data["summary"]),
            notes_begin=_html(data["notes_begin"]),
            notes_end=_html(data["notes_end"]),
            restricted=data.get("restricted", False),
            expected_chapters=data["expected"],
            series=series,
        )
        chapters = [
            ChapterFields(
                title=title,
                notes_begin=_html(notes_begin),
                body=_html(body),
                notes_end=_html(notes_end),
                published_at=posted_at + timedelta(days=(position - 1) * 3),
            )
            for position, (title, notes_begin, body, notes_end) in enumerate(data["chapters"], start=1)
        ]
        work = create_work(fields, chapters, user=author, post=True, published_at=posted_at)
        for part in work.series_parts():
            series_by_title.setdefault(part.series.title, part.series)
        return work
