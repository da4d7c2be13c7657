"""`ficshelf demo`: fill an empty archive with our demo stories and authors."""

import secrets
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.site.demo_archive import WORKS, DemoWork
from ficshelf.tags.models import Tag, TagType
from ficshelf.text import paragraphs_from_plain_text
from ficshelf.works.models import Chapter, Series, Work


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
        work = Work.objects.create(
            title=data["title"],
            summary=_html(data["summary"]),
            notes_begin=_html(data["notes_begin"]),
            notes_end=_html(data["notes_end"]),
            restricted=data.get("restricted", False),
            expected_chapters=data["expected"],
            posted=True,
            published_at=posted_at,
        )
        work.creatorships.create(pseud=author.default_pseud)
        names_by_type = {
            TagType.RATING: [data["rating"]],
            TagType.WARNING: data["warnings"],
            TagType.CATEGORY: data["categories"],
            TagType.FANDOM: data["fandoms"],
            TagType.RELATIONSHIP: data["relationships"],
            TagType.CHARACTER: data["characters"],
            TagType.FREEFORM: data["freeforms"],
        }
        tags: dict[str, list[Tag]] = {
            tag_type: [Tag.find_or_create(name, tag_type) for name in names]
            for tag_type, names in names_by_type.items()
        }
        work.set_tags(tags)
        for position, (title, notes_begin, body, notes_end) in enumerate(data["chapters"], start=1):
            Chapter.objects.create(
                work=work,
                position=position,
                title=title,
                notes_begin=_html(notes_begin),
                body=_html(body),
                notes_end=_html(notes_end),
                posted=True,
                published_at=posted_at + timedelta(days=(position - 1) * 3),
            )
        if series_title := data.get("series"):
            if series_title not in series_by_title:
                series_by_title[series_title] = Series.objects.create(
                    title=series_title, summary="<p>Elizabeth's year, in letters and after.</p>"
                )
                series_by_title[series_title].pseuds.add(author.default_pseud)
            series_by_title[series_title].add_work(work)
        work.refresh_counts()
        return work
