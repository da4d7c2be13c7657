"""The search benchmark's synthetic archive, in AO3's shapes (GUIDE.md section 4).

`Archive.build` writes the rows posting would (users, tags and their wrangling,
works, chapters, taggings) in bulk, batch by batch; `index` then builds the filter
index and the full-text index through the production code that keeps them, so the
timed queries read the tables a real archive has.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction

from ficshelf.accounts.models import Pseud, User
from ficshelf.bench.bulk import insert, reset_sequences, run_sql
from ficshelf.search.indexing import index_works
from ficshelf.tags.filtering import rebuild_everything
from ficshelf.tags.models import CommonTagging, MetaTagging, Tag
from ficshelf.works.models import Chapter, Creatorship, Tagging, Work

BATCH = 20_000
VOCABULARY_SIZE = 6000
_SYLLABLES = [
    "ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "is", "ul",
    "dra", "wyn", "el", "ha", "mor", "pen", "quil", "bre", "sith", "tha",
]  # fmt: skip
# Words every reader types; the generator gives them fixed places in the frequency table.
COMMON_WORD, RARE_WORD = "light", "quillfeather"
PHRASE = ("silver", "harbour")
Row = tuple[Any, ...]  # one table row, its values in the order of the columns given to insert()


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

    def build(self, log: Callable[[str], None]) -> None:
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
        tag_rows: list[Row] = []
        synonym_rows: list[Row] = []
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
        reset_sequences([User, Pseud, Tag, Work, Chapter])  # the rows above came with their ids

    def load(self) -> None:
        """What the query mix needs to know, read back from an archive generated earlier."""
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

    def _user_tag(self, kind: str, fandom: int, one_offs: list[Row]) -> int:
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
        works: list[Row] = []
        creators: list[Row] = []
        taggings: list[Row] = []
        chapters: list[Row] = []
        one_offs: list[Row] = []
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
            creators.append((pk, rng.randint(1, self.users), 0, True))
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
            insert(Creatorship, ["work_id", "pseud_id", "position", "accepted"], iter(creators))
            insert(Tagging, ["work_id", "tag_id", "position"], iter(taggings))
            insert(
                Chapter,
                ["id", "work_id", "position", "body", "posted", "published_at", "created_at", "revised_at"],
                iter(chapters),
            )


def _insert_works(rows: list[Row]) -> None:
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


# The derived tables, as production builds them -------------------------------------------


def index(archive: Archive, log: Callable[[str], None]) -> None:
    """The filter index (with every wrangled tag's reach) and the full-text index, then statistics.

    Both through the bulk entry points `ficshelf reindex` uses, range by range and
    batch by batch as on a live archive: the same rows, fingerprints and database
    triggers as posting and wrangling give.
    """
    run_sql("ANALYZE")  # fresh tables: without statistics the planner nests loops over millions of rows
    log(f"filter index: {rebuild_everything():,} rows")
    run_sql("ANALYZE")
    for start in range(1, archive.n + 1, BATCH):
        index_works(range(start, min(start + BATCH, archive.n + 1)))
        log(f"search index: {min(start + BATCH - 1, archive.n):,} works")
    if connection.vendor == "postgresql":
        # Filter arrays, metadata documents and chunk documents were written by updating
        # fresh rows: compact those tables as a live archive's would be (autovacuum keeps
        # up with edits there), then statistics and the visibility map.
        run_sql("SET maintenance_work_mem = '1GB'")
        for table in ("works_work", "search_searchwork", "search_searchchunk"):
            run_sql(f"VACUUM FULL {table}")
        run_sql("VACUUM ANALYZE")
    else:
        run_sql("ANALYZE")
    log("statistics gathered")
