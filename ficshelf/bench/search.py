"""`ficshelf bench search --works N`: filtering and full-text search on a synthetic archive.

Builds a fresh database (a temporary SQLite file, or a `ficshelf_bench` database on
the same PostgreSQL server), fills it with bulk inserts in AO3's shapes (GUIDE.md
section 4), then times a fixed mix of 20 filter and 20 full-text queries as a guest
reader. Each query is everything a listing page needs: the first page of 20 blurbs
with their tags, creators and series, the total count, and (for filters) the
sidebar's top tags. Each query runs once to warm up, then `--runs` timed times.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Model
from django.http import QueryDict
from django.utils import timezone

from ficshelf.bench.database import FreshDatabase

BENCH_DATABASE = "ficshelf_bench"
BATCH = 20_000
VOCABULARY_SIZE = 6000
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "tor",
    "vel",
    "an",
    "is",
    "ul",
    "dra",
    "wyn",
    "el",
    "ha",
    "mor",
    "pen",
    "quil",
    "bre",
    "sith",
    "tha",
]
# Words every reader types; the generator gives them fixed places in the frequency table.
COMMON_WORD, RARE_WORD = "light", "quillfeather"
PHRASE = ("silver", "harbour")


def add_arguments(parser) -> None:
    parser.add_argument("--works", type=int, default=20_000, help="How many works to generate.")
    parser.add_argument("--runs", type=int, default=5, help="Timed runs of each query.")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: time the archive kept by an earlier --keep run (same --seed) instead of generating one.",
    )
    parser.add_argument(
        "--rewrangle",
        action="store_true",
        dest="rewrangle_too",
        help="Also time merging the most used tag into a new canonical (adds keys to the output).",
    )


# Bulk writing ----------------------------------------------------------------------------


def _defaults(model: type[Model], given: list[str]) -> tuple[list[str], list]:
    """Columns the generator doesn't fill, with their defaults (so other apps' new fields work)."""
    now = timezone.now()
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key and field.attname not in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = field.get_default()
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def insert(model: type[Model], columns: list[str], rows: Iterable[tuple]) -> None:
    """Write rows fast: COPY on PostgreSQL, executemany on SQLite; defaults fill the rest."""
    extra_columns, extra_values = _defaults(model, columns)
    names = [model._meta.get_field(name).column for name in columns] + extra_columns
    table = model._meta.db_table
    extra = tuple(extra_values)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
    else:
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", (row + extra for row in rows)
            )


def _sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


# The synthetic archive ------------------------------------------------------------------


class Zipf:
    """Pick ranks 0..n-1 with weight 1/(rank+1)^s: a few very popular, a long tail."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        total, self.cumulative = 0.0, []
        for rank in range(n):
            total += 1 / (rank + 1) ** s
            self.cumulative.append(total)
        self.n = n

    def pick(self, rng: random.Random, k: int = 1) -> list[int]:
        return rng.choices(range(self.n), cum_weights=self.cumulative, k=k)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


class Archive:
    """Generates the archive in batches and remembers which tags the query mix needs."""

    def __init__(self, works: int, seed: int) -> None:
        self.n = works
        self.rng = random.Random(seed)
        rng = self.rng
        vocabulary = list(dict.fromkeys(_word(rng) for _ in range(VOCABULARY_SIZE * 2)))[:VOCABULARY_SIZE]
        vocabulary[0:0] = ["the", "and", "she", "he", "was", "said", COMMON_WORD, *PHRASE, "door", "river"]
        self.vocabulary = vocabulary
        self.words = Zipf(len(vocabulary), 1.05)
        self.counts = {
            "Fandom": max(60, works // 200),
            "Character": max(300, works // 30),
            "Relationship": max(300, works // 30),
            "Freeform": max(200, works // 40),
        }
        self.zipf = {kind: Zipf(count, 1.0) for kind, count in self.counts.items()}
        self.users = max(50, works // 10)

    def text(self, words: int) -> str:
        chosen = [self.vocabulary[i] for i in self.words.pick(self.rng, words)]
        if self.rng.random() < 0.05:
            chosen[self.rng.randrange(words)] = " ".join(PHRASE)
        if self.rng.random() < 0.002:
            chosen[self.rng.randrange(words)] = RARE_WORD
        return " ".join(chosen) + "."

    def build(self, log) -> None:
        from ficshelf.accounts.models import Pseud, User
        from ficshelf.tags.models import CommonTagging, MetaTagging, Tag

        rng = self.rng
        now = datetime.now(UTC)
        log(f"users: {self.users:,}")
        with transaction.atomic():
            insert(
                User,
                ["id", "username", "password", "is_active", "email", "date_joined"],
                ((i, f"writer{i}", "!", True, "", now) for i in range(1, self.users + 1)),
            )
            insert(
                Pseud,
                ["id", "user_id", "name", "is_default"],
                ((i, i, f"writer{i}", True) for i in range(1, self.users + 1)),
            )

        # Tags: canonicals per type, a few synonyms each for the popular ones, metatags.
        next_id = (Tag.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.fixed = {tag.name: tag.pk for tag in Tag.objects.all()}
        self.canonical: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}
        tag_rows, synonym_rows = [], []
        self.synonyms: dict[int, list[int]] = {}
        for kind, count in self.counts.items():
            ids = list(range(next_id, next_id + count))
            next_id += count
            self.canonical[kind] = ids
            for rank, pk in enumerate(ids):
                name = f"{kind} {rank} {_word(rng).title()}"
                self.names[pk] = name
                tag_rows.append((pk, name, kind, True, None, now))
        for kind, ids in self.canonical.items():
            for rank, canonical in enumerate(ids[: len(ids) // 5]):
                for variant in range(1 + (rank < 50) * 2):
                    synonym_rows.append(
                        (next_id, f"{self.names[canonical]} syn{variant}", kind, False, canonical, now)
                    )
                    self.synonyms.setdefault(canonical, []).append(next_id)
                    next_id += 1
        # A popular tag nobody has wrangled yet, on one work in ten: the re-wrangle benchmark
        # merges it into a canonical.
        self.unwrangled = next_id
        synonym_rows.append((next_id, "Popular Unwrangled Freeform", "Freeform", False, None, now))
        next_id += 1
        self.next_tag_id = next_id
        # Characters and relationships belong to fandoms, popular fandoms having more.
        fandoms = self.canonical["Fandom"]
        self.by_fandom: dict[tuple[int, str], list[int]] = {}
        parent_rows = []
        for kind in ("Character", "Relationship"):
            for index, pk in enumerate(self.canonical[kind]):
                fandom = (
                    fandoms[self.zipf["Fandom"].pick(rng)[0]] if index >= len(fandoms) else fandoms[index]
                )
                self.by_fandom.setdefault((fandom, kind), []).append(pk)
                parent_rows.append((pk, fandom))
        # Fandom metatags: every 20th fandom groups the next four.
        meta_rows = []
        self.metatag = fandoms[len(fandoms) // 3]
        for start in range(len(fandoms) // 3, len(fandoms) - 5, 20):
            for sub in fandoms[start + 1 : start + 5]:
                meta_rows.append((fandoms[start], sub))
        log(f"tags: {len(tag_rows):,} canonical, {len(synonym_rows):,} synonyms")
        with transaction.atomic():
            columns = ["id", "name", "type", "canonical", "merger_id", "created_at"]
            insert(Tag, columns, iter(tag_rows))
            insert(Tag, columns, iter(synonym_rows))
            insert(CommonTagging, ["child_id", "parent_id"], iter(parent_rows))
            insert(MetaTagging, ["meta_tag_id", "sub_tag_id"], iter(meta_rows))

        for start in range(1, self.n + 1, BATCH):
            self._batch(start, min(start + BATCH, self.n + 1), now)
            log(f"works: {min(start + BATCH - 1, self.n):,}")

    def load(self) -> None:
        """What the query mix needs to know, read back from an archive generated earlier."""
        from ficshelf.tags.models import CommonTagging, Tag

        self.canonical = {kind: [] for kind in self.counts}
        self.synonyms = {}
        for pk, kind, canonical, merger in (
            Tag.objects.filter(type__in=list(self.counts), name__regex=r"^[A-Za-z]+ [0-9]+ ")
            .values_list("pk", "type", "canonical", "merger_id")
            .order_by("pk")
        ):
            if canonical:
                self.canonical[kind].append(pk)
            elif merger:
                self.synonyms.setdefault(merger, []).append(pk)
        self.unwrangled = Tag.objects.get(name="Popular Unwrangled Freeform").pk
        self.by_fandom = {}
        for child, kind, parent in (
            CommonTagging.objects.filter(child__type__in=["Character", "Relationship"])
            .values_list("child_id", "child__type", "parent_id")
            .order_by("child_id")
        ):
            self.by_fandom.setdefault((parent, kind), []).append(child)

    def _user_tag(self, kind: str, fandom: int, one_offs: list) -> int:
        rng = self.rng
        roll = rng.random()
        if roll < 0.10:  # one-off tags: most distinct tags, few taggings
            pk = self.next_tag_id
            self.next_tag_id += 1
            one_offs.append((pk, f"{kind} one-off {pk}", kind, False, None, self.now))
            return pk
        pool = self.by_fandom.get((fandom, kind)) if kind in ("Character", "Relationship") else None
        if pool:
            canonical = pool[min(len(pool) - 1, zipf_of(len(pool)).pick(rng)[0])]
        else:
            canonical = self.canonical[kind][self.zipf[kind].pick(rng)[0]]
        if roll < 0.25 and canonical in self.synonyms:
            return rng.choice(self.synonyms[canonical])
        return canonical

    def _batch(self, first: int, stop: int, now: datetime) -> None:
        from ficshelf.tags.models import Tag
        from ficshelf.works.models import Chapter, Creatorship, Tagging

        rng = self.rng
        self.now = now
        fixed = self.fixed
        ratings = [
            fixed[name]
            for name in ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
        ]
        warnings = [
            fixed["No Archive Warnings Apply"],
            fixed["Creator Chose Not To Use Archive Warnings"],
            fixed["Major Character Death"],
        ]
        categories = [fixed[name] for name in ("Gen", "M/M", "F/M", "F/F", "Multi", "Other")]
        works, creators, taggings, chapters, one_offs = [], [], [], [], []
        chapter_id = (first - 1) * 3 + 1  # chapter ids never collide between batches (< 3 per work)
        for pk in range(first, stop):
            published = now - timedelta(days=rng.uniform(0, 3650))
            updated = min(now, published + timedelta(days=rng.expovariate(1 / 60)))
            words = int(min(500_000, max(100, rng.lognormvariate(math.log(3000), 1.2))))
            count = 1 if rng.random() < 0.6 else rng.randint(2, 3)
            kudos = int(rng.lognormvariate(math.log(40), 1.5))
            posted, restricted, hidden = rng.random() > 0.02, rng.random() < 0.05, rng.random() < 0.005
            title = " ".join(self.vocabulary[i] for i in self.words.pick(rng, rng.randint(1, 4))).title()
            summary = f"<p>{self.text(rng.randint(15, 60))}</p>"
            works.append(
                (pk, title, summary, "en", restricted, count, count, posted, hidden, published, updated,
                 words, count, kudos, kudos // 8, kudos // 5, kudos * 12 + rng.randint(0, 200), rng.random() < 0.55)
            )  # fmt: skip
            creators.append((pk, rng.randint(1, self.users), 0))
            # Tags: median 20, 90th percentile 36, at most ~200 (AO3's dump predates the cap).
            total = int(min(207, max(5, rng.lognormvariate(math.log(20), 0.4587))))
            fandom_count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
            chosen = [rng.choice(ratings), warnings[min(2, int(rng.expovariate(2)))], rng.choice(categories)]
            fandom_ids = [self.canonical["Fandom"][i] for i in self.zipf["Fandom"].pick(rng, fandom_count)]
            chosen += fandom_ids
            for _ in range(max(0, total - len(chosen))):
                roll = rng.random()
                kind = "Relationship" if roll < 0.15 else "Character" if roll < 0.5 else "Freeform"
                chosen.append(self._user_tag(kind, fandom_ids[0], one_offs))
            if rng.random() < 0.1:
                chosen.append(self.unwrangled)
            for position, tag in enumerate(dict.fromkeys(chosen)):
                taggings.append((pk, tag, position))
            for number in range(1, count + 1):
                body = self.text(rng.randint(150, 450))
                chapters.append((chapter_id, pk, number, f"<p>{body}</p>", True, published, published, now))
                chapter_id += 1
        with transaction.atomic():
            insert(Tag, ["id", "name", "type", "canonical", "merger_id", "created_at"], iter(one_offs))
            _insert_works(works)
            insert(Creatorship, ["work_id", "pseud_id", "position"], iter(creators))
            insert(Tagging, ["work_id", "tag_id", "position"], iter(taggings))
            insert(
                Chapter,
                ["id", "work_id", "position", "body", "posted", "published_at", "created_at", "revised_at"],
                iter(chapters),
            )


def _insert_works(rows: list[tuple]) -> None:
    from ficshelf.works.models import Work

    columns = [
        "id", "title", "summary", "language", "restricted", "expected_chapters", "chapter_count", "posted",
        "hidden", "published_at", "updated_at", "word_count", "_chapters_again", "kudos_count",
        "comment_count", "bookmark_count", "hit_count", "complete",
    ]  # fmt: skip
    keep = [i for i, name in enumerate(columns) if not name.startswith("_")]
    insert(Work, [columns[i] for i in keep], (tuple(row[i] for i in keep) for row in rows))


_ZIPF_CACHE: dict[int, Zipf] = {}


def zipf_of(n: int) -> Zipf:
    if n not in _ZIPF_CACHE:
        _ZIPF_CACHE[n] = Zipf(n)
    return _ZIPF_CACHE[n]


# Derived tables: the filter index and the full-text index, built in SQL ---------------------


def finish(archive: Archive, log) -> None:
    """Reach, filter index and search index for the whole archive, then statistics."""
    from ficshelf.search.backends.postgres import PostgresBackend
    from ficshelf.tags import filtering
    from ficshelf.tags.models import Tag

    postgres = connection.vendor == "postgresql"
    _sql("ANALYZE")  # fresh tables: without statistics the planner nests loops over millions of rows
    if postgres:
        _sql("SET maintenance_work_mem = '1GB'")
        _sql("ALTER TABLE search_searchchunk SET (autovacuum_enabled = false)")
        _sql("DROP INDEX IF EXISTS search_chunk_document")
        for field in ("title", "creators", "tags"):
            _sql(f"DROP INDEX IF EXISTS search_work_{field}")
    changed, _ = filtering.recompute_reach(
        list(Tag.objects.filter(merger__isnull=False).values_list("pk", flat=True))
        + list(Tag.objects.filter(meta_tags__isnull=False).values_list("pk", flat=True))
    )
    log(f"reach: {len(changed):,} wrangled tags")
    tagging = filtering._tagging_table()
    if postgres:  # the works' filter_tag_ids arrays are filled once below, not by the row trigger
        _sql("ALTER TABLE tags_filtertagging DISABLE TRIGGER search_filter_tag_ids_insert")
        _sql("DROP INDEX work_filter_tag_ids")
    _sql(
        f"INSERT INTO tags_filtertagging (tag_id, work_id) SELECT tag_id, work_id FROM {tagging} "
        f"UNION SELECT r.target_id, t.work_id FROM {tagging} t JOIN tags_tagreach r ON r.source_id = t.tag_id"
    )
    if postgres:
        _sql("ALTER TABLE tags_filtertagging ENABLE TRIGGER search_filter_tag_ids_insert")
        _sql(
            "UPDATE works_work w SET filter_tag_ids = f.ids FROM (SELECT work_id, array_agg(tag_id ORDER BY "
            "tag_id) AS ids FROM tags_filtertagging GROUP BY work_id) f WHERE f.work_id = w.id"
        )
        _sql("CREATE INDEX work_filter_tag_ids ON works_work USING GIN (filter_tag_ids)")
    _sql("ANALYZE")
    log("filter index built")
    aggregate = "string_agg(tg.name, E'\\n')" if postgres else "group_concat(tg.name, char(10))"
    _sql(
        "INSERT INTO search_searchwork (work_id, title, creators, tags, meta, fingerprint) "
        f"SELECT w.id, w.title, p.name, (SELECT {aggregate} FROM {tagging} t JOIN tags_tag tg ON tg.id = t.tag_id "
        "WHERE t.work_id = w.id), substr(w.summary, 4, length(w.summary) - 7), '' "
        "FROM works_work w JOIN works_creatorship c ON c.work_id = w.id JOIN accounts_pseud p ON p.id = c.pseud_id"
    )
    _sql("ANALYZE")
    text = "substr(ch.body, 4, length(ch.body) - 7)"
    if postgres:
        _sql(f"UPDATE search_searchwork w SET document = {PostgresBackend.METADATA_DOCUMENT}")
        _sql(
            "INSERT INTO search_searchchunk (work_id, chapter_id, number, text, fingerprint, document) "
            f"SELECT ch.work_id, ch.id, 0, {text}, '', w.document || to_tsvector('{PostgresBackend.CONFIG}', {text}) "
            "FROM works_chapter ch JOIN search_searchwork w ON w.work_id = ch.work_id"
        )
        log("chunks and tsvectors written")
        _sql("CREATE INDEX search_chunk_document ON search_searchchunk USING GIN (document)")
        for field in ("title", "creators", "tags"):
            _sql(
                f"CREATE INDEX search_work_{field} ON search_searchwork USING GIN (to_tsvector('english', {field}))"
            )
        _sql("ALTER TABLE search_searchchunk RESET (autovacuum_enabled)")
        for table in ("accounts_user", "accounts_pseud", "tags_tag", "works_work", "works_chapter"):
            _sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        # The arrays and metadata documents were written by rewriting every row: compact
        # those tables as a live archive's would be, then statistics and the visibility map.
        _sql("VACUUM FULL works_work")
        _sql("VACUUM FULL search_searchwork")
        _sql("VACUUM ANALYZE")
    else:
        _sql(
            "INSERT INTO search_searchchunk (work_id, chapter_id, number, text, fingerprint) "
            f"SELECT ch.work_id, ch.id, 0, {text}, '' FROM works_chapter ch"
        )
        _sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        _sql("ANALYZE")
    log("search index built")


# The query mix ---------------------------------------------------------------------------


def _name(pk: int) -> str:
    from ficshelf.tags.models import Tag

    return Tag.objects.get(pk=pk).name


def query_mix(archive: Archive) -> tuple[list[dict], list[dict]]:
    """20 filter and 20 full-text queries, from the most popular canonical to rare tags."""
    from ficshelf.tags.models import MetaTagging

    c = archive.canonical
    fandom, character, relationship, freeform = (
        c[kind] for kind in ("Fandom", "Character", "Relationship", "Freeform")
    )
    top_fandom = fandom[0]
    top_fandom_characters = archive.by_fandom.get((top_fandom, "Character"), character)
    metatag = MetaTagging.objects.values_list("meta_tag_id", flat=True).first() or fandom[1]
    # A canonical whose works mostly carry its synonyms: the top one with synonyms, by rank.
    via_synonyms = next(pk for pk in character[:100] if pk in archive.synonyms)
    rare_character, rare_freeform = character[len(character) // 2], freeform[len(freeform) * 3 // 4]
    mid_relationship, mid_fandom = relationship[len(relationship) // 20], fandom[len(fandom) // 10]
    n = _name
    filters = [
        {"include": [n(top_fandom)]},
        {"include": [n(top_fandom)], "sort_column": "kudos_count"},
        {"include": [n(top_fandom), n(top_fandom_characters[0])]},
        {
            "include": [n(top_fandom), n(top_fandom_characters[0]), n(top_fandom_characters[1])],
            "sort_column": "word_count",
        },
        {"include": [n(metatag)]},
        {"include": [n(via_synonyms)]},
        {"include": [n(via_synonyms)], "complete": "T", "sort_column": "kudos_count"},
        {"include": [n(mid_relationship)]},
        {"include": [n(mid_fandom)], "exclude": [n(freeform[0])]},
        {"include": [n(rare_character)]},
        {"include": [n(rare_freeform)], "sort_column": "word_count"},
        {"include": [n(freeform[0])], "rating": "Explicit"},
        {"include": [n(freeform[1]), n(freeform[2])], "exclude": [n(freeform[3]), n(freeform[4])]},
        {"include": [n(top_fandom)], "exclude": [n(freeform[0])], "complete": "T"},
        {"include": [n(character[0])], "rating": "General Audiences", "sort_column": "kudos_count"},
        {"include": [n(relationship[0])], "sort_column": "word_count"},
        {"include": [n(fandom[2]), n(freeform[5])], "complete": "F"},
        {"include": [n(fandom[len(fandom) // 2])]},
        {"include": [n(freeform[10])], "exclude": [n(top_fandom)], "sort_column": "kudos_count"},
        {"include": [n(fandom[1]), n(relationship[1]), n(freeform[0])], "rating": "Mature"},
    ]
    common, second = COMMON_WORD, archive.vocabulary[60]
    fulltext = [
        {"q": common},
        {"q": second},
        {"q": archive.vocabulary[400]},
        {"q": RARE_WORD},
        {"q": archive.vocabulary[-1]},
        {"q": f'"{" ".join(PHRASE)}"'},
        {"q": f'"{archive.vocabulary[7]} {archive.vocabulary[8]}"'},
        {"q": f'"{common} {second}"'},
        {"q": common, "include": [n(top_fandom)]},
        {"q": second, "include": [n(via_synonyms)]},
        {"q": archive.vocabulary[300], "include": [n(metatag)]},
        {"q": f"{common} -{second}"},
        {"q": f"{archive.vocabulary[200]} -{common}"},
        {"q": f"{second} OR {archive.vocabulary[500]}"},
        {"q": f"title:{archive.vocabulary[30]}"},
        {"q": f"title:{archive.vocabulary[900]}"},
        {"q": f"title:{archive.vocabulary[50]} {common}"},
        {"q": f"{common} {second}", "sort_column": "kudos_count"},
        {"q": archive.vocabulary[1000], "rating": "Teen And Up Audiences"},
        {"q": f'"{" ".join(PHRASE)}"', "include": [n(top_fandom)]},
    ]
    return filters, fulltext


def _query_dict(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


def time_queries(mix: list[dict], runs: int, searching: bool, warm_up: bool = True) -> list[float]:
    """Milliseconds per query: one warm-up, then `runs` timed runs of everything a page needs."""
    from ficshelf.listings.filters import WorkFilter

    timings = []
    for params in mix:
        query = _query_dict(params)
        for attempt in range(1 - warm_up, runs + 1):
            started = time.perf_counter()
            results = WorkFilter(query, None, searching=searching).results()
            for work in results.works:  # what the blurb template reads
                work.tags_by_type, work.creator_pseuds(), work.series_parts()
            elapsed = (time.perf_counter() - started) * 1000
            # A query stopped at the time limit counts with the time it took.
            if results.errors and not results.timed_out:
                raise RuntimeError(f"benchmark query {params} failed: {results.errors}")
            if attempt:
                timings.append(elapsed)
    return timings


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def _summary(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(_percentile(values, 0.95), 1)}


def _run_tags_queue() -> None:
    call_command("db_worker", "--batch", "--queue-name", "tags", "--no-startup-delay", verbosity=0)


def _filter_until(done: threading.Event, filters: list[dict], timings: list[float]) -> None:
    """A reader in a thread of its own (and a connection of its own), filtering until `done`."""
    try:
        while not done.is_set():
            timings += time_queries(filters, 1, searching=False, warm_up=False)
    finally:
        connection.close()  # else the benchmark database can't be dropped


def rewrangle(archive: Archive, filters: list[dict], log) -> dict:
    """Merge a popular unwrangled tag (one work in ten) into a canonical and time the background
    re-index, timing the filter mix meanwhile; then unmerge it, so a kept archive stays as built."""
    from ficshelf.tags import wrangling
    from ficshelf.tags.models import FilterTagging, Tag

    source = Tag.objects.get(pk=archive.unwrangled)
    target = Tag.objects.get(pk=archive.canonical["Freeform"][0])
    if source.merger_id:  # left merged by an interrupted run
        wrangling.unmerge(source)
        _run_tags_queue()
    started = time.perf_counter()
    works = wrangling.merge(source, target)  # queues the re-index in the database
    log(
        f"merge of a tag on {works:,} works queued in {time.perf_counter() - started:.2f}s; running the worker"
    )
    # A reader thread keeps filtering while the worker re-indexes, as readers would.
    during: list[float] = []
    done = threading.Event()
    reader = threading.Thread(target=_filter_until, args=(done, filters, during))
    reader.start()
    _run_tags_queue()
    elapsed = time.perf_counter() - started
    done.set()
    reader.join()
    indexed = FilterTagging.objects.filter(tag=target, work__taggings__tag=source).count()
    log(f"re-indexed in {elapsed:.1f}s; {len(during)} filter queries answered meanwhile; unmerging")
    started = time.perf_counter()
    wrangling.unmerge(source)
    _run_tags_queue()
    return {
        "works": works,
        "indexed": indexed,
        "seconds": round(elapsed, 2),
        "filter_meanwhile": _summary(during) | {"queries": len(during)},
        "unmerge_seconds": round(time.perf_counter() - started, 2),
    }


def run(
    works: int, runs: int, seed: int, keep: bool, reuse: bool = False, rewrangle_too: bool = False, **options
) -> dict:
    if reuse and connection.vendor != "postgresql":
        raise CommandError("--reuse keeps PostgreSQL archives only; SQLite archives are generated each time")
    log_start = time.perf_counter()

    def log(message: str) -> None:
        # Progress goes to stderr, so --json output stays one object on stdout.
        print(f"[{time.perf_counter() - log_start:7.1f}s] {message}", file=sys.stderr, flush=True)

    with FreshDatabase(BENCH_DATABASE, keep, reuse) as database:
        log(f"database: {database.location}")
        archive = Archive(works, seed)
        if database.reused:
            from ficshelf.works.models import Work

            archive.load()
            if (found := Work.objects.count()) != works:
                raise CommandError(f"the kept archive has {found:,} works, not {works:,}; drop --reuse")
        else:
            archive.build(log)
            finish(archive, log)
        generated = time.perf_counter() - log_start
        filters, fulltext = query_mix(archive)
        filter_ms = time_queries(filters, runs, searching=False)
        log("filter queries timed")
        fulltext_ms = time_queries(fulltext, runs, searching=True)
        log("full-text queries timed")
        result = {
            "works": works,
            "database": connection.vendor,
            "filter": _summary(filter_ms),
            "fulltext": _summary(fulltext_ms),
        }
        if rewrangle_too:
            result["rewrangle"] = rewrangle(archive, filters, log)
            if not database.reused:
                result["generate_seconds"] = round(generated, 1)
    return result
