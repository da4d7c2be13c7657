"""From the database to a Book (ficshelf.books): what every download format shows, gathered once.

A Book holds one work, or a whole series with each work as a part. It is built
from what `user` may see (Work.objects.visible_to, Work.chapters_visible_to and
Series.works_visible_to decide that). Its revision key (revisions.py) changes
whenever anything it shows changes, so files cached under that key never go stale.
"""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.books import Book, BookChapter, BookWork, Fragment, IdRegistry, clean_text, parse_fragment
from ficshelf.text import prefix_ids, visible_text
from ficshelf.works.models import Series, Work


def _text(value: str) -> str:
    """A title or name as books can hold it: NFC, no control characters, never empty."""
    return clean_text(unicodedata.normalize("NFC", value or "")).strip()


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def stable_identifier(path: str) -> str:
    """The same urn:uuid for the same work or series on this archive, build after build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, absolute(path))}"


def _stats(work: Work) -> list[tuple[str, str]]:
    # Only what changes with the text: hit and kudos counts would rebuild files hourly.
    stats = []
    if work.published_at:
        stats.append(("Published", work.published_at.date().isoformat()))
    if work.updated_at and work.published_at and work.updated_at.date() != work.published_at.date():
        stats.append(("Completed" if work.complete else "Updated", work.updated_at.date().isoformat()))
    stats.append(("Words", f"{work.word_count:,}"))
    stats.append(("Chapters", work.chapters_label()))
    return stats


def _work_part(work: Work, user: User | None, ids: IdRegistry, index: int, part: int | None) -> BookWork:
    prefix = f"w{index}"

    def field_fragment(html: str, document: str) -> Fragment:
        ids.current = document
        return parse_fragment(prefix_ids(html, f"work-{work.pk}-"), ids)

    preface, afterword = f"{prefix}-preface.xhtml", f"{prefix}-afterword.xhtml"
    ids.reserve(f"fs-{prefix}", preface)
    chapters = []
    for number, chapter in enumerate(work.chapters_visible_to(user), start=1):
        document = f"{prefix}-c{number:03d}.xhtml"
        anchor = f"fs-{prefix}-c{number}"
        ids.reserve(anchor, document)
        ids.current = document
        chapters.append(
            BookChapter(
                anchor=anchor,
                document=document,
                heading=_text(chapter.display_title()),
                url=absolute(chapter.get_absolute_url()),
                summary=parse_fragment(chapter.html("summary"), ids),
                notes=parse_fragment(chapter.html("notes_begin"), ids),
                body=parse_fragment(chapter.html("body"), ids),
                end_notes=parse_fragment(chapter.html("notes_end"), ids),
            )
        )
    return BookWork(
        pk=work.pk,
        title=_text(work.title) or f"Work {work.pk}",
        url=absolute(work.get_absolute_url()),
        creators=[_text(str(p)) for p in work.creator_pseuds()] or ["Anonymous"],
        language=work.language,
        language_name=str(work.get_language_display()),
        tags=[
            (label, [(_text(t.name), absolute(t.works_url())) for t in tags])
            for label, tags in work.tags_in_order()
        ],
        series=[
            (_text(link["series"].title), link["part"], absolute(link["series"].get_absolute_url()))
            for link in work.series_links(user)
        ],
        stats=_stats(work),
        summary=field_fragment(work.summary, preface),
        notes=field_fragment(work.notes_begin, preface),
        end_notes=field_fragment(work.notes_end, afterword),
        chapters=chapters,
        anchor=f"fs-{prefix}",
        preface_document=preface,
        afterword_document=afterword,
        words=work.word_count,
        part=part,
    )


def _latest(*moments: datetime | None) -> datetime:
    return max((m for m in moments if m), default=timezone.now())


def work_book(work: Work, user: User | None) -> Book:
    """One work as a book. `work` must come from Work.objects.visible_to(user)."""
    ids = IdRegistry()
    part = _work_part(work, user, ids, 1, None)
    collection = (part.series[0][0], part.series[0][1]) if part.series else None
    return Book(
        kind="work",
        pk=work.pk,
        title=part.title,
        url=part.url,
        identifier=stable_identifier(work.get_absolute_url()),
        creators=part.creators,
        language=work.language,
        description=_text(visible_text(work.summary)),
        subjects=[name for _label, tags in part.tags for name, _url in tags],
        published=work.published_at or work.created_at,
        modified=_latest(work.revised_at, work.updated_at),
        works=[part],
        ids=ids,
        collection=collection,
        site_name=settings.SITE_NAME,
        site_url=settings.SITE_URL,
    )


def series_book(series: Series, works: list[Work], user: User | None) -> Book:
    """A whole series as one book, each visible work a part, in the series' order."""
    ids = IdRegistry()
    ids.current = "series.xhtml"
    ids.reserve("fs-series", "series.xhtml")
    summary = parse_fragment(prefix_ids(series.summary, f"series-{series.pk}-"), ids)
    notes = parse_fragment(prefix_ids(series.notes, f"series-{series.pk}-"), ids)
    parts = [_work_part(work, user, ids, index, index) for index, work in enumerate(works, start=1)]
    creators = list(dict.fromkeys(name for part in parts for name in part.creators)) or [
        _text(str(p)) for p in series.pseuds.all()
    ]
    subjects = list(dict.fromkeys(name for part in parts for _l, tags in part.tags for name, _url in tags))
    published = [w.published_at or w.created_at for w in works] or [series.created_at]
    return Book(
        kind="series",
        pk=series.pk,
        title=_text(series.title) or f"Series {series.pk}",
        url=absolute(series.get_absolute_url()),
        identifier=stable_identifier(series.get_absolute_url()),
        creators=creators or ["Anonymous"],
        language=works[0].language if works else "en",
        description=_text(visible_text(series.summary)),
        subjects=subjects,
        published=min(published),
        modified=_latest(series.revised_at, *(w.revised_at for w in works)),
        works=parts,
        ids=ids,
        series_summary=summary,
        series_notes=notes,
        site_name=settings.SITE_NAME,
        site_url=settings.SITE_URL,
    )
