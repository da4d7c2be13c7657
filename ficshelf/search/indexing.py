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
still exist; the rows themselves cascade away. `index_works` takes one work or a
million, in batches of a few queries each: the task, `ficshelf reindex` and the
search benchmark all index through it.

Long chapters are cut into CHUNK_WORDS-word chunks overlapping by OVERLAP_WORDS,
so a PostgreSQL tsvector stays far below its 1 MB limit and its positions below
16,383, while any phrase shorter than the overlap still lies whole in one chunk.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django_tasks import task

from ficshelf.search.backends import Backend, get_backend
from ficshelf.search.models import SearchChunk, SearchWork
from ficshelf.tags.filtering import id_batches
from ficshelf.text import visible_text
from ficshelf.works.models import Chapter, Creatorship, Tagging, Work

CHUNK_WORDS = 4000
OVERLAP_WORDS = 50
WORK_BATCH = 500  # works per transaction when indexing many
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


def _metadata(
    title: str, creators: list[tuple[str, str]], tags: list[str], notes: Iterable[str]
) -> dict[str, str]:
    """A work's SearchWork fields; creators as (pseud, username), notes the summary and both notes."""
    names = []
    for pseud, username in creators:
        names += [pseud, username] if pseud != username else [pseud]
    meta = "\n\n".join(visible_text(html) for html in notes if html)
    return {"title": title, "creators": "\n".join(names), "tags": "\n".join(tags), "meta": meta}


def _works_metadata(work_ids: list[int]) -> dict[int, dict[str, str]]:
    """{work id: SearchWork fields} for those of these works that exist, in three queries."""
    creators: dict[int, list[tuple[str, str]]] = {}
    for work_id, pseud, username in (
        Creatorship.objects.accepted()
        .filter(work_id__in=work_ids)
        .order_by("work_id", "position", "pk")
        .values_list("work_id", "pseud__name", "pseud__user__username")
    ):
        creators.setdefault(work_id, []).append((pseud, username))
    tags: dict[int, list[str]] = {}
    for work_id, name in (
        Tagging.objects.filter(work_id__in=work_ids)
        .order_by("work_id", "position", "pk")
        .values_list("work_id", "tag__name")
    ):
        tags.setdefault(work_id, []).append(name)
    return {
        work_id: _metadata(title, creators.get(work_id, []), tags.get(work_id, []), notes)
        for work_id, title, *notes in Work.objects.filter(pk__in=work_ids)
        .order_by("pk")
        .values_list("pk", "title", "summary", "notes_begin", "notes_end")
    }


def _chapter_text(chapter: Chapter) -> str:
    head = [chapter.title] + [visible_text(html) for html in (chapter.summary, chapter.notes_begin) if html]
    tail = [visible_text(chapter.notes_end)] if chapter.notes_end else []
    return "\n\n".join(part for part in [*head, visible_text(chapter.body), *tail] if part)


@task(queue_name="search")
def index_work(work_id: int) -> None:
    """A saved work's index rows, brought up to date off the request (see the module note)."""
    with transaction.atomic():
        # Two workers indexing one work at once would both add its new chunks.
        get_backend().lock_for_indexing(work_id)
        index_works([work_id])


def index_works(work_ids: Iterable[int], batch_size: int = WORK_BATCH) -> int:
    """Bring these works' index rows up to date with what readers can see of them.

    The task indexes a saved work; a full re-index (`ficshelf reindex`) and
    archives written in bulk pass many, and each batch of `batch_size` works costs
    a handful of queries and one transaction. Returns how many works changed.
    """
    backend = get_backend()
    return sum(_index_batch(backend, batch) for batch in id_batches(work_ids, batch_size))


def _index_batch(backend: Backend, work_ids: list[int]) -> int:
    """index_works for one batch: read everything it needs in a few queries, then write in bulk."""
    with transaction.atomic():
        metadata = _works_metadata(work_ids)
        meta_prints = {work_id: _fingerprint(*fields.values()) for work_id, fields in metadata.items()}
        current = dict(
            SearchWork.objects.filter(work_id__in=list(metadata)).values_list("work_id", "fingerprint")
        )
        meta_changed = [work_id for work_id in metadata if current.get(work_id) != meta_prints[work_id]]

        posted: dict[int, dict[int, str]] = {work_id: {} for work_id in metadata}
        for pk, work_id, revised in Chapter.objects.filter(
            work_id__in=list(metadata), posted=True
        ).values_list("pk", "work_id", "revised_at"):
            posted[work_id][pk] = _fingerprint(revised)
        indexed: dict[int, dict[int | None, tuple[str, list[int]]]] = {work_id: {} for work_id in metadata}
        for pk, work_id, chapter_id, print_ in SearchChunk.objects.filter(
            work_id__in=list(metadata)
        ).values_list("pk", "work_id", "chapter_id", "fingerprint"):
            indexed[work_id].setdefault(chapter_id, (print_, []))[1].append(pk)

        stale_ids: list[int] = []  # chunks of chapters changed, unposted or deleted
        relearn: list[int] = []  # chunks kept, whose work's metadata changed
        fresh: dict[int, str] = {}  # chapter id → fingerprint: chapters to chunk (again)
        changed = set(meta_changed)
        for work_id in metadata:
            chunks, chapters = indexed[work_id], posted[work_id]
            stale = [cid for cid, (print_, _) in chunks.items() if cid is None or chapters.get(cid) != print_]
            new = {cid: print_ for cid, print_ in chapters.items() if chunks.get(cid, ("",))[0] != print_}
            stale_ids += [pk for cid in stale for pk in chunks[cid][1]]
            fresh |= new
            if work_id in changed:
                relearn += [pk for cid, (_, pks) in chunks.items() if cid not in stale for pk in pks]
            if stale or new:
                changed.add(work_id)
        if not changed:
            return 0

        # Remove from the index while the rows still hold the old values.
        for ids in id_batches(stale_ids + relearn):
            backend.forget(ids)
        for ids in id_batches(stale_ids):
            SearchChunk.objects.filter(pk__in=ids).delete()
        SearchWork.objects.bulk_create(
            [
                SearchWork(work_id=work_id, **metadata[work_id], fingerprint=meta_prints[work_id])
                for work_id in meta_changed
            ],
            update_conflicts=True,
            unique_fields=["work"],
            update_fields=["title", "creators", "tags", "meta", "fingerprint"],
        )
        if meta_changed:
            backend.learn_metadata(meta_changed)
        rows = [
            SearchChunk(
                work_id=chapter.work_id,
                chapter_id=chapter.pk,
                number=number,
                text=text,
                fingerprint=fresh[chapter.pk],
            )
            for ids in id_batches(list(fresh))
            for chapter in Chapter.objects.filter(pk__in=ids).order_by("work_id", "position", "pk")
            for number, text in enumerate(chunk_text(_chapter_text(chapter)))
        ]
        created = SearchChunk.objects.bulk_create(rows)
        for ids in id_batches([row.pk for row in created] + relearn):
            backend.learn(ids)
        return len(changed)


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
