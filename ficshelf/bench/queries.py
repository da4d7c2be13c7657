"""The search benchmark's queries: a fixed mix of filters and full-text searches, and a re-wrangle.

Each query is everything a listing page needs, as a guest reader: the first page of
20 blurbs with their tags, creators and series, the total count, and (for filters)
the sidebar's top tags. Timings are in milliseconds.
"""

from __future__ import annotations

import math
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from ficshelf.bench.archive import COMMON_WORD, PHRASE, RARE_WORD, Archive
from ficshelf.listings.filters import WorkFilter
from ficshelf.tags import wrangling
from ficshelf.tags.models import FilterTagging, MetaTagging, Tag

Params = dict[str, Any]  # a listing's query string: a value, or a list for a repeated key


def _name(pk: int) -> str:
    return Tag.objects.get(pk=pk).name


def query_mix(archive: Archive) -> tuple[list[Params], list[Params]]:
    """20 filter and 20 full-text queries, from the most popular canonical to rare tags."""
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
    filters: list[Params] = [
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
    fulltext: list[Params] = [
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


def _query_dict(params: Params) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


def time_queries(mix: list[Params], runs: int, searching: bool, warm_up: bool = True) -> list[float]:
    """Milliseconds per query: one warm-up, then `runs` timed runs of everything a page needs."""
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


def summary(values: list[float]) -> dict[str, float]:
    """The median and 95th percentile of these timings, in milliseconds."""
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(_percentile(values, 0.95), 1)}


def _run_tags_queue() -> None:
    call_command("db_worker", "--batch", "--queue-name", "tags", "--no-startup-delay", verbosity=0)


def _filter_until(done: threading.Event, filters: list[Params], timings: list[float]) -> None:
    """A reader in a thread of its own (and a connection of its own), filtering until `done`."""
    try:
        while not done.is_set():
            timings += time_queries(filters, 1, searching=False, warm_up=False)
    finally:
        connection.close()  # else the benchmark database can't be dropped


def rewrangle(archive: Archive, filters: list[Params], log: Callable[[str], None]) -> dict[str, Any]:
    """Merge a popular unwrangled tag (one work in ten) into a canonical and time the background
    re-index, timing the filter mix meanwhile; then unmerge it, so a kept archive stays as built."""
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
        "filter_meanwhile": summary(during) | {"queries": len(during)},
        "unmerge_seconds": round(time.perf_counter() - started, 2),
    }
