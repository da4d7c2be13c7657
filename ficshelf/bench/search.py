"""`ficshelf bench search --works N`: filtering and full-text search on a synthetic archive.

Builds a fresh database (a temporary SQLite file, or a `ficshelf_bench` database on
the same PostgreSQL server), fills it with bulk inserts in AO3's shapes (GUIDE.md
section 4) and indexes it as production does (ficshelf.bench.archive), then times a
fixed mix of 20 filter and 20 full-text queries as a guest reader
(ficshelf.bench.queries), each once to warm up and then `--runs` timed times, and
reports their median and 95th percentile.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import connection

from ficshelf.bench.archive import Archive, index
from ficshelf.bench.database import FreshDatabase
from ficshelf.bench.queries import query_mix, rewrangle, summary, time_queries
from ficshelf.works.models import Work

BENCH_DATABASE = "ficshelf_bench"


def add_arguments(parser: argparse.ArgumentParser) -> None:
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


def run(
    works: int,
    runs: int,
    seed: int,
    keep: bool,
    reuse: bool = False,
    rewrangle_too: bool = False,
    **options: Any,
) -> dict[str, Any]:
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
            archive.load()
            if (found := Work.objects.count()) != works:
                raise CommandError(f"the kept archive has {found:,} works, not {works:,}; drop --reuse")
        else:
            archive.build(log)
            index(archive, log)
        generated = time.perf_counter() - log_start
        filters, fulltext = query_mix(archive)
        filter_ms = time_queries(filters, runs, searching=False)
        log("filter queries timed")
        fulltext_ms = time_queries(fulltext, runs, searching=True)
        log("full-text queries timed")
        result: dict[str, Any] = {
            "works": works,
            "database": connection.vendor,
            "filter": summary(filter_ms),
            "fulltext": summary(fulltext_ms),
        }
        if rewrangle_too:
            result["rewrangle"] = rewrangle(archive, filters, log)
            if not database.reused:
                result["generate_seconds"] = round(generated, 1)
    return result
