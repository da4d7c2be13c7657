"""PostgreSQL's backend: a weighted tsvector per chunk (title A, creators B, tags C, the
rest D) with a GIN index, `title:` and friends read from per-field indexes on the work's
metadata row, and tags tested on the works' filter_tag_ids arrays; and the SQL lookups
on columns Django doesn't model that it filters with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.db.models import Exists, Lookup, Q, QuerySet

from ficshelf.search.backends.base import (
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    Backend,
    SearchTookTooLong,
    best_snippet,
    highlight,
)
from ficshelf.search.models import SearchChunk
from ficshelf.search.query import Query, Term
from ficshelf.tags.models import Tag
from ficshelf.works.models import Work
from ficshelf.works.models.work import WorkQuerySet


class _SQLLookup(Lookup):
    """A lookup written as SQL on a column Django doesn't model (PostgreSQL only).

    It names the table by the lookup field's alias, so it stays right inside Exists()
    subqueries and joins, where Django renames tables. `template` gets {table}, {rhs}
    (the placeholder for the value) and {config} (the text search configuration).
    """

    template = ""
    prepare_rhs = False  # the right-hand side is a query or a list of ids, not an id

    def get_db_prep_lookup(self, value, connection) -> tuple[str, list]:
        return "%s", [value]

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        rhs, params = self.process_rhs(compiler, connection)
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        return self.template.format(table=table, rhs=rhs, config=PostgresBackend.CONFIG), list(params)


class DocumentMatches(_SQLLookup):
    """chunk.id__document_matches=QUERY: the chunk's tsvector matches the tsquery string."""

    lookup_name = "document_matches"
    template = "{table}.document @@ to_tsquery('{config}', {rhs})"


class HasChunksMatching(_SQLLookup):
    """work.id__has_chunks_matching=QUERY: collect the matching chunks' works first, from the GIN index.

    `id = ANY(ARRAY(SELECT …))` runs the match once, before the works are read; the
    semi-join PostgreSQL would pick instead tests documents work by work.
    """

    lookup_name = "has_chunks_matching"
    template = (
        "{table}.id = ANY(ARRAY(SELECT work_id FROM search_searchchunk "
        "WHERE document @@ to_tsquery('{config}', {rhs})))"
    )


class HasMetadataMatching(_SQLLookup):
    """work.id__has_metadata_matching=(CONDITION, PARAMS): the work's search_searchwork row matches.

    The condition reads the row's fields through their GIN expression indexes (search
    migration 0003), whose statistics let PostgreSQL choose how to join.
    """

    lookup_name = "has_metadata_matching"
    template = "{table}.id IN (SELECT work_id FROM search_searchwork WHERE {rhs})"

    def process_rhs(self, compiler, connection) -> tuple[str, list]:
        condition, params = self.rhs
        return condition, list(params)


class ReachesAllTags(_SQLLookup):
    """work.id__reaches_all_tags=[tag ids]: the work row's filter_tag_ids array holds them all."""

    lookup_name = "reaches_all_tags"
    template = "{table}.filter_tag_ids @> {rhs}::bigint[]"


class ReachesAnyTag(_SQLLookup):
    """work.id__reaches_any_tag=[tag ids]: the work row's filter_tag_ids array holds one of them."""

    lookup_name = "reaches_any_tag"
    template = "{table}.filter_tag_ids && {rhs}::bigint[]"


def register_lookups() -> None:
    """Teach the id fields the lookups above (SearchConfig.ready() calls this once)."""
    SearchChunk._meta.get_field("id").register_lookup(DocumentMatches)
    for lookup in (HasChunksMatching, HasMetadataMatching, ReachesAllTags, ReachesAnyTag):
        Work._meta.get_field("id").register_lookup(lookup)


class PostgresBackend(Backend):
    vendor = "postgresql"
    CONFIG = "english"
    WEIGHTS = {"title": "A", "creators": "B", "tags": "C"}

    # Each work row carries its filter index as an array (search migration 0003): walking
    # works in sort order tests each row in place, where a probe per tag into the filter
    # index costs ten times more; the array's GIN index intersects rare tags' works. The
    # array holds the same rows, so this is Work.objects.in_tag's meaning, read faster.
    def with_tags(self, works: WorkQuerySet, include: list[Tag], exclude: list[Tag]) -> WorkQuerySet:
        if include:
            works = works.filter(id__reaches_all_tags=[tag.filterable.pk for tag in include])
        if exclude:
            works = works.exclude(id__reaches_any_tag=[tag.filterable.pk for tag in exclude])
        return works

    def estimated_count(self, queryset: QuerySet) -> float:
        return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]

    QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by its timeout

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        # statement_timeout holds for each statement; set_config(…, true) keeps it to
        # this transaction, so the connection's other queries run unlimited.
        nested = connection.in_atomic_block  # then the transaction outlives this block
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)", [str(max(1, int(seconds * 1000)))]
                    )
                yield
                if nested:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == self.QUERY_CANCELED:
                raise SearchTookTooLong from error
            raise

    def tag_counts(self, work_ids: list[int]) -> tuple[str, list]:
        return (
            "SELECT tag_id, COUNT(*) AS n FROM works_work w, unnest(w.filter_tag_ids) AS tag_id "
            "WHERE w.id = ANY(%s) GROUP BY tag_id",
            [work_ids],
        )

    # A work's weighted metadata document, kept on its search_searchwork row (search
    # migration 0003) and computed once per work: each chunk's document is that plus
    # the chunk's text, so plain words find titles, tags and summaries too.
    METADATA_DOCUMENT = (
        f"setweight(to_tsvector('{CONFIG}', w.title), 'A') || "
        f"setweight(to_tsvector('{CONFIG}', w.creators), 'B') || "
        f"setweight(to_tsvector('{CONFIG}', w.tags), 'C') || to_tsvector('{CONFIG}', w.meta)"
    )

    # Two workers indexing one work would each add its new chunks. A transaction-level
    # advisory lock per work keeps them apart; a row lock on the work would also stop a
    # request that deletes a chapter (its chunks first, then the work's counts): deadlock.
    INDEXING_LOCKS = 0x5EA4C4  # the first key of the two: which of our locks this is

    def lock_for_indexing(self, work_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [self.INDEXING_LOCKS, work_id % 2**31])

    def learn_metadata(self, work_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchwork w SET document = {self.METADATA_DOCUMENT} WHERE w.work_id = ANY(%s)",
                [work_ids],
            )

    def learn(self, chunk_ids: list[int]) -> None:
        if not chunk_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchchunk c SET document = w.document || to_tsvector('{self.CONFIG}', c.text) "
                "FROM search_searchwork w WHERE w.work_id = c.work_id AND c.id = ANY(%s)",
                [chunk_ids],
            )

    def _term(self, term: Term) -> str:
        weight = f":{self.WEIGHTS[term.field]}" if term.field else ""
        return "(" + " <-> ".join(f"'{word}'{weight}" for word in term.words) + ")"

    def compile(self, groups: list[list[Term]]) -> str:
        return " & ".join("(" + " | ".join(self._term(term) for term in group) + ")" for group in groups)

    def chunks_matching(self, expression: str) -> QuerySet[SearchChunk]:
        return SearchChunk.objects.filter(id__document_matches=expression)

    # Below this many matching chunks (the planner's estimate), the matching works are
    # collected from the GIN index first and then sorted; above it, walking the works in
    # sort order and testing their chunks reaches the first page sooner. The planner
    # can't tell by itself: it counts testing a chunk as cheap, but reading a tsvector
    # back from TOAST takes ~17 µs, so it walked a million works for a word in 0.3 % of
    # chunks (1.1 s, against 20 ms collecting them first).
    COLLECT_BELOW = 50_000

    def work_matches(self, expression: str) -> Q | Exists:
        if self.estimated_count(self.chunks_matching(expression)) < self.COLLECT_BELOW:
            return Q(id__has_chunks_matching=expression)
        return super().work_matches(expression)

    def _fields_condition(self, groups: list[list[Term]]) -> tuple[str, list[str]]:
        """SQL on search_searchwork for groups of field terms: AND of ORs, one field index each."""
        parts, params = [], []
        for group in groups:
            alternatives = []
            for term in group:
                alternatives.append(
                    f"to_tsvector('{self.CONFIG}', {term.field}) @@ to_tsquery('{self.CONFIG}', %s)"
                )
                params.append(" <-> ".join(f"'{word}'" for word in term.words))
            parts.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts), params

    def filter(self, works: WorkQuerySet, query: Query) -> tuple[WorkQuerySet, str]:
        # Groups of only `title:`, `creator:` and `tag:` terms are answered by the works'
        # metadata documents, one small row per work; the other groups by the chunks.
        fields = [group for group in query.groups if all(term.field for term in group)]
        text = [group for group in query.groups if group not in fields]
        if fields:
            works = works.filter(id__has_metadata_matching=self._fields_condition(fields))
        if text:
            works = works.filter(self.work_matches(self.compile(text)))
        return self.without(works, query.excluded), self.compile(query.groups)

    def snippets(self, expression: str, work_ids: list[int]) -> dict[int, tuple[int | None, str]]:
        if not work_ids:
            return {}
        config = self.CONFIG
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
            "MinWords=12, MaxFragments=1, FragmentDelimiter=…"
        )
        sql = (
            "WITH q AS (SELECT to_tsquery(%s::regconfig, %s) AS q), "
            "best AS (SELECT DISTINCT ON (c.work_id) c.id FROM search_searchchunk c, q "
            "WHERE c.work_id = ANY(%s) AND c.document @@ q.q "
            "ORDER BY c.work_id, ts_rank(c.document, q.q) DESC, c.chapter_id, c.number) "
            "SELECT c.work_id, c.chapter_id, ts_headline(%s::regconfig, c.text, q.q, %s), "
            "ts_headline(%s::regconfig, w.meta, q.q, %s) "
            "FROM search_searchchunk c JOIN best ON best.id = c.id "
            "JOIN search_searchwork w ON w.work_id = c.work_id, q"
        )
        found: dict[int, tuple[int | None, str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [config, expression, work_ids, config, options, config, options])
            for work_id, chapter_id, body, meta in cursor.fetchall():
                if raw := best_snippet(body, meta):
                    found[work_id] = (chapter_id, highlight(raw))
        return found
