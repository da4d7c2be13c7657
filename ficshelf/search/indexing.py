"""Keep the full-text index in step with works, per chapter, in overlapping chunks.

Hooked by signals (works never imports search): every posting, edit and deletion
ends in Work.save() (Work.refresh_counts runs after each chapter change), so a
post_save on Work queues index_work for that work on the "search" queue. Receivers
only queue work (works/signals.py). Measured on the project's 2-core VM, indexing
one new 10,000-word chapter takes a median 39 ms on SQLite and 96 ms on PostgreSQL,
an 88,000-word one (about AO3's 510,000-character limit) 160 ms and 540 ms, and
each save that changed nothing searchable still 10-15 ms, several times per
posting request. Nothing a reader needs at once waits for it: the work page reads
the works' own tables, and listings, tag pages and feeds filter through the filter
index, which the request keeps current (ficshelf/tags/filtering.py); a text search
finds the work once the worker has run the task, which commits or rolls back with
the save that queued it (tests run it inline).

Fingerprints make a re-check cheap: only chapters whose text or posted state
changed are re-chunked, and the metadata is rewritten only when it changed. A
chapter's pre_delete (sent for each chapter when its work is deleted, too) stays
synchronous: it removes the chapter's chunks from FTS5 while the rows FTS5 reads
still exist; the rows themselves cascade away.

Long chapters are cut into CHUNK_WORDS-word chunks overlapping by OVERLAP_WORDS,
so a PostgreSQL tsvector stays far below its 1 MB limit and its positions below
16,383, while any phrase shorter than the overlap still lies whole in one chunk.
"""

from __future__ import annotations

import hashlib
import re

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django_tasks import task

from ficshelf.search.backends import get_backend
from ficshelf.search.models import SearchChunk, SearchWork
from ficshelf.text import visible_text
from ficshelf.works.models import Chapter, Work

CHUNK_WORDS = 4000
OVERLAP_WORDS = 50
# Saves that only move counters (kudos, hits, …) change nothing searchable.
_COUNTER_FIELDS = {"kudos_count", "comment_count", "bookmark_count", "hit_count", "hidden"}
_WORD_SPANS = re.compile(r"\S+")


def chunk_text(text: str, size: int = CHUNK_WORDS, overlap: int = OVERLAP_WORDS) -> list[str]:
    """Cut text into chunks of `size` words, each starting `overlap` words before the last ended."""
    spans = [match.span() for match in _WORD_SPANS.finditer(text)]
    if len(spans) <= size:
        return [text] if spans else []
    chunks, start = [], 0
    while True:
        end = min(start + size, len(spans))
        chunks.append(text[spans[start][0] : spans[end - 1][1]])
        if end == len(spans):
            return chunks
        start = end - overlap


def _fingerprint(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def _metadata(work: Work) -> dict[str, str]:
    creators = []
    for creatorship in work.creatorships.select_related("pseud__user").order_by("position"):
        pseud = creatorship.pseud
        creators += [pseud.name, pseud.user.username] if pseud.name != pseud.user.username else [pseud.name]
    tags = work.tags.order_by().values_list("name", flat=True)
    meta = "\n\n".join(
        visible_text(html) for html in (work.summary, work.notes_begin, work.notes_end) if html
    )
    return {"title": work.title, "creators": "\n".join(creators), "tags": "\n".join(tags), "meta": meta}


def _chapter_text(chapter: Chapter) -> str:
    head = [chapter.title] + [visible_text(html) for html in (chapter.summary, chapter.notes_begin) if html]
    tail = [visible_text(chapter.notes_end)] if chapter.notes_end else []
    return "\n\n".join(part for part in [*head, visible_text(chapter.body), *tail] if part)


@task(queue_name="search")
def index_work(work_id: int) -> None:
    """Bring one work's index rows up to date with what readers can see of it."""
    backend = get_backend()
    with transaction.atomic():
        backend.lock_for_indexing(work_id)
        work = Work.objects.filter(pk=work_id).first()
        if work is None:  # deleted since the task was queued
            return
        metadata = _metadata(work)
        meta_print = _fingerprint(*metadata.values())
        current = SearchWork.objects.filter(work_id=work_id).first()
        meta_changed = current is None or current.fingerprint != meta_print

        posted = {
            pk: _fingerprint(revised)
            for pk, revised in work.chapters.filter(posted=True).values_list("pk", "revised_at")
        }
        indexed: dict[int | None, tuple[str, list[int]]] = {}
        for pk, chapter_id, print_ in SearchChunk.objects.filter(work_id=work_id).values_list(
            "pk", "chapter_id", "fingerprint"
        ):
            indexed.setdefault(chapter_id, (print_, []))[1].append(pk)
        stale = [cid for cid, (print_, _) in indexed.items() if posted.get(cid) != print_]
        fresh = [cid for cid, print_ in posted.items() if indexed.get(cid, ("",))[0] != print_]
        kept = [pk for cid, (_, pks) in indexed.items() if cid not in stale for pk in pks]
        stale_ids = [pk for cid in stale for pk in indexed[cid][1]]
        if not (meta_changed or stale or fresh):
            return

        # Remove from the index while the rows still hold the old values.
        backend.forget(stale_ids + (kept if meta_changed else []))
        SearchChunk.objects.filter(pk__in=stale_ids).delete()
        SearchWork.objects.update_or_create(work_id=work_id, defaults={**metadata, "fingerprint": meta_print})
        if meta_changed:
            backend.learn_metadata([work_id])
        rows = []
        for chapter in work.chapters.filter(pk__in=fresh):
            for number, text in enumerate(chunk_text(_chapter_text(chapter))):
                rows.append(
                    SearchChunk(
                        work_id=work_id,
                        chapter_id=chapter.pk,
                        number=number,
                        text=text,
                        fingerprint=posted[chapter.pk],
                    )
                )
        created = SearchChunk.objects.bulk_create(rows)
        backend.learn([row.pk for row in created] + (kept if meta_changed else []))


def forget_chapter(chapter_id: int) -> None:
    get_backend().forget(list(SearchChunk.objects.filter(chapter_id=chapter_id).values_list("pk", flat=True)))


def _work_saved(sender, instance: Work, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and set(update_fields) <= _COUNTER_FIELDS):
        return
    index_work.enqueue(instance.pk)


def _chapter_deleting(sender, instance: Chapter, **kwargs) -> None:
    forget_chapter(instance.pk)


def connect() -> None:
    post_save.connect(_work_saved, sender=Work, dispatch_uid="search.work_saved")
    pre_delete.connect(_chapter_deleting, sender=Chapter, dispatch_uid="search.chapter_deleting")
