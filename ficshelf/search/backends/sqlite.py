"""SQLite's backend: an FTS5 table over the chunks and their work's metadata, porter-stemmed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ficshelf.search.backends.base import (
    MARK_START,
    SNIPPET_WORDS,
    Backend,
    SearchTookTooLong,
    best_snippet,
    highlight,
)
from ficshelf.search.models import SearchChunk
from ficshelf.search.query import Query, Term
from ficshelf.works.models.work import WorkQuerySet


class SQLiteBackend(Backend):
    vendor = "sqlite"
    COLUMNS = "title, creators, tags, meta, body"

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        # SQLite calls the handler every N virtual-machine steps; a true answer interrupts
        # the running statement. The deadline covers the whole block.
        deadline = time.monotonic() + seconds
        connection.ensure_connection()
        database = connection.connection
        database.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise SearchTookTooLong from error
            raise
        finally:
            database.set_progress_handler(None, 0)

    def forget(self, chunk_ids: list[int]) -> None:
        # External-content FTS5 needs the old values to remove a row's terms.
        self._write_fts(chunk_ids, delete=True)

    def learn(self, chunk_ids: list[int]) -> None:
        self._write_fts(chunk_ids, delete=False)

    def _write_fts(self, chunk_ids: list[int], delete: bool) -> None:
        """Feed these chunks' current values to FTS5, as new rows or as rows to remove."""
        if not chunk_ids:
            return
        command, value = ("search_fts, ", "'delete', ") if delete else ("", "")
        marks = ", ".join(["%s"] * len(chunk_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_fts({command}rowid, {self.COLUMNS}) "
                f"SELECT {value}id, {self.COLUMNS} FROM search_fts_content WHERE id IN ({marks})",
                chunk_ids,
            )

    @staticmethod
    def _term(term: Term) -> str:
        phrase = '"' + " ".join(term.words) + '"'
        return f"{term.field} : {phrase}" if term.field else phrase

    def compile(self, groups: list[list[Term]]) -> str:
        parts = []
        for group in groups:
            alternatives = [self._term(term) for term in group]
            parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts)

    def chunks_matching(self, expression: str) -> QuerySet[SearchChunk]:
        rowids = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])
        return SearchChunk.objects.filter(pk__in=rowids)

    def filter(self, works: WorkQuerySet, query: Query) -> tuple[WorkQuerySet, str]:
        # Uncorrelated IN (…) subqueries: SQLite runs each MATCH once per statement,
        # where a correlated EXISTS would run it again for every work.
        sql = (
            "SELECT c.work_id FROM search_searchchunk c WHERE c.id IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        )
        expression = self.compile(query.groups)
        works = works.filter(pk__in=RawSQL(sql, [expression]))
        if query.excluded:
            works = works.exclude(pk__in=RawSQL(sql, [self.compile([list(query.excluded)])]))
        return works, expression

    def snippets(self, expression: str, work_ids: list[int]) -> dict[int, tuple[int | None, str]]:
        if not work_ids:
            return {}
        marks = ", ".join(["%s"] * len(work_ids))
        body, meta = (
            f"snippet(search_fts, {column}, char(2), char(3), '…', {SNIPPET_WORDS})" for column in (4, 3)
        )
        # The rowid constraint lets FTS5 test only the page's chunks; filtering on work_id
        # instead would match (and join) every chunk in the archive first: 150 ms against
        # 5 ms for a common word at 20,000 works.
        sql = (
            f"SELECT c.work_id, c.chapter_id, {body}, {meta} "
            "FROM search_fts JOIN search_searchchunk c ON c.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND search_fts.rowid IN "
            f"(SELECT id FROM search_searchchunk WHERE work_id IN ({marks})) "
            "ORDER BY c.work_id, c.chapter_id, c.number"
        )
        found: dict[int, tuple[int | None, str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *work_ids])
            for work_id, chapter_id, body, meta in cursor.fetchall():
                if work_id not in found or (MARK_START in body and MARK_START not in found[work_id][1]):
                    found[work_id] = (chapter_id, best_snippet(body, meta))
        return {work_id: (chapter_id, highlight(raw)) for work_id, (chapter_id, raw) in found.items() if raw}
