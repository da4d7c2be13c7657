"""The interface every full-text backend answers, and what they share.

A backend filters works by tags and by parsed queries (ficshelf.search.query, whose
words hold only letters and digits, so compiling one cannot produce a syntax error
in either dialect), keeps its index in step with the chunk rows, and cuts snippets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.html import escape

from ficshelf.search.models import SearchChunk
from ficshelf.search.query import Query, Term
from ficshelf.tags.models import FilterTagging, Tag
from ficshelf.works.models.work import WorkQuerySet

MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 30


def highlight(raw: str) -> str:
    """Escape a snippet and turn the backend's markers into <mark> elements."""
    return escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def best_snippet(*candidates: str) -> str:
    """The first snippet with a highlighted match; the matches may all be in title or tags."""
    return next((text for text in candidates if text and MARK_START in text), "")


class SearchTookTooLong(Exception):
    """A listing's queries ran past FICSHELF_SEARCH_TIME_LIMIT and were stopped."""


class Backend:
    vendor = ""

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        """Stop the block's queries once they run longer than `seconds`.

        A search the indexes can't narrow (excluding a word found nearly everywhere) can
        take seconds at a million works; stopped, it gets a message instead of holding a
        web worker until gunicorn kills it (and the reader gets an error page).
        """
        raise NotImplementedError

    # Filtering by tags: the filter index, in whichever form the database reads fastest.
    def with_tags(self, works: WorkQuerySet, include: list[Tag], exclude: list[Tag]) -> WorkQuerySet:
        """Works in every tag of `include` (Work.objects.in_tag) and in none of `exclude`."""
        for tag in include:
            # An uncorrelated IN (…): the database can start from the tag's rows (few, for
            # a rare tag) or from the works in sort order (a popular one).
            works = works.in_tag(tag)
        if exclude:
            excluded = [tag.filterable.pk for tag in exclude]
            works = works.exclude(
                Exists(FilterTagging.objects.filter(work=OuterRef("pk"), tag_id__in=excluded))
            )
        return works

    def estimated_count(self, queryset: QuerySet) -> float | None:
        """The database's own guess at how many rows a query gives, if it makes one cheaply."""
        return None

    def tag_counts(self, work_ids: list[int]) -> tuple[str, list]:
        """SQL and parameters for (tag_id, n): how many of these works reach each tag."""
        marks = ", ".join(["%s"] * len(work_ids))
        table = FilterTagging._meta.db_table
        return (
            f"SELECT tag_id, COUNT(*) AS n FROM {table} WHERE work_id IN ({marks}) GROUP BY tag_id",
            work_ids,
        )

    # Indexing: called by ficshelf.search.indexing around changes to the chunk rows.
    def lock_for_indexing(self, work_id: int) -> None:
        """Inside a transaction: wait until no other transaction is indexing this work.

        SQLite needs nothing: its transactions take the write lock at BEGIN (IMMEDIATE,
        in settings), so one runs at a time.
        """

    def forget(self, chunk_ids: list[int]) -> None:
        """Drop these chunks from the index, before their rows or metadata change."""

    def learn(self, chunk_ids: list[int]) -> None:
        """Add these chunks (rows already written) to the index."""
        raise NotImplementedError

    def learn_metadata(self, work_ids: list[int]) -> None:
        """These works' metadata rows changed (before their chunks are learnt)."""

    # Querying
    def compile(self, terms: list[list[Term]]) -> str:
        """An AND of OR-groups in the backend's query language."""
        raise NotImplementedError

    def chunks_matching(self, expression: str) -> QuerySet[SearchChunk]:
        raise NotImplementedError

    def work_matches(self, expression: str) -> Q | Exists:
        """The condition on works: one of the work's chunks matches."""
        return self._has_chunk_matching(expression)

    def _has_chunk_matching(self, expression: str) -> Exists:
        return Exists(self.chunks_matching(expression).filter(work=OuterRef("pk")))

    def snippets(self, expression: str, work_ids: list[int]) -> dict[int, tuple[int | None, str]]:
        """{work id: (chapter id, highlighted HTML)} for the best chunk of each work."""
        raise NotImplementedError

    def filter(self, works: WorkQuerySet, query: Query) -> tuple[WorkQuerySet, str]:
        """Works matching the query (any chunk has every group; no chunk has an excluded term)."""
        expression = self.compile(query.groups)
        return self.without(works.filter(self.work_matches(expression)), query.excluded), expression

    def without(self, works: WorkQuerySet, excluded: list[Term]) -> WorkQuerySet:
        """Works none of whose chunks has any of these terms."""
        if not excluded:
            return works
        # Tested work by work even where matches are collected first: an excluded word is
        # usually a common one, and collecting its works would read most of the index.
        return works.filter(~self._has_chunk_matching(self.compile([list(excluded)])))
