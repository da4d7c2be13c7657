"""`ficshelf bench web`: pages served by gunicorn under load, as ratios to a bare Django view.

Generates the search benchmark's archive (ficshelf.bench.archive, `--works` works) in
a fresh database (SQLite in a temporary data directory, or `ficshelf_bench_web` on the
PostgreSQL server of DATABASE_URL), adds the issue's reading case (a 5-chapter,
15,000-word work) and a reader with a session, then serves it with `ficshelf serve`'s
gunicorn settings on a free loopback port and puts each page under HTTP load (wrk, or
a Python client): chapter 1, the Entire Work view, the works index, a tag's works and
search, as a guest and logged in. Listings rotate through at least 100 distinct filter,
tag and search URLs. In the same run, the same gunicorn settings serve a bare Django
view returning a fixed ~30 KB page (ficshelf.bench.bare_page); each page's requests/s
is given as a ratio to it. The in-process render time of each page (Django's test
client, no HTTP) comes first, for profiling and before/after comparisons.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from ficshelf.accounts.models import User
from ficshelf.bench.archive import Archive, index
from ficshelf.bench.database import FreshDatabase
from ficshelf.bench.downloads import make_work
from ficshelf.bench.load import generator, run_load
from ficshelf.bench.queries import Params, query_mix
from ficshelf.bench.serving import fetch, free_port, serving
from ficshelf.site.management.commands.serve import web_server_command
from ficshelf.tags.models import Tag

BENCH_DATABASE = "ficshelf_bench_web"
READER = "benchreader"
# Variations of each query of the search benchmark's mix: 20 queries x 5 = 100 URLs.
_VARIANTS: list[Params] = [
    {},
    {"sort_column": "kudos_count"},
    {"sort_column": "word_count"},
    {"page": "2"},
    {"complete": "T"},
]
PAGES = ("chapter", "entire_work", "works_index", "tag_works", "search")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--works", type=int, default=20_000, help="Works in the generated archive.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page and reader.")
    parser.add_argument("--connections", type=int, default=16, help="Connections kept busy (wrk -c).")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (wrk -t).")
    parser.add_argument(
        "--workers", type=int, default=3, help="Gunicorn worker processes, as `ficshelf serve`."
    )
    parser.add_argument("--renders", type=int, default=20, help="In-process renders timed per page.")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="Port to serve on (default: any free one).")
    parser.add_argument(
        "--python-client", action="store_true", help="Use the Python load generator even if wrk is installed."
    )


def run(
    works: int,
    duration: int,
    connections: int,
    threads: int,
    workers: int,
    renders: int,
    seed: int,
    port: int,
    python_client: bool,
    **options: Any,
) -> dict[str, Any]:
    log_start = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - log_start:7.1f}s] {message}", file=sys.stderr, flush=True)

    port = port or free_port()
    with (
        tempfile.TemporaryDirectory(prefix="ficshelf-bench-web-") as data_dir,
        # The server's data dir is ours too: its static files, collected once for both.
        override_settings(STATIC_ROOT=os.path.join(data_dir, "static")),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        sqlite_path = os.path.join(data_dir, "ficshelf.sqlite3")  # where settings.py looks in that data dir
        with FreshDatabase(BENCH_DATABASE, sqlite_path=sqlite_path) as database:
            log(f"database: {database.location}")
            archive = Archive(works, seed)
            archive.build(log)
            index(archive, log)
            pages, cookie = _reading_case(archive)
            log("reading case added")
            in_process = {name: _render_ms(paths, renders) for name, paths in pages.items()}
            log("in-process renders timed")
            env = _server_env(data_dir, port)
            connection.close()  # the server takes over: no connection of ours holds a lock

            def load(paths: list[str], headers: dict[str, str]) -> dict[str, Any]:
                for path in paths:  # every URL answers, and is in the database's caches
                    status, _ = fetch(port, path, headers)
                    if status != 200:
                        raise RuntimeError(f"{path} answered {status}")
                # A second of load first, so every worker has compiled the templates and
                # imported what the page needs.
                for seconds in (1, duration):
                    figures = run_load(
                        port,
                        paths,
                        headers,
                        duration=seconds,
                        connections=connections,
                        threads=threads,
                        python=python_client,
                    )
                return figures.as_dict()

            with serving(_gunicorn(port, workers, "ficshelf.bench.bare_page:application"), env, port):
                bare = load(["/"], {})
            log(f"bare view: {bare['requests_per_second']}/s")
            results: dict[str, dict[str, Any]] = {}
            with serving(_gunicorn(port, workers, "ficshelf.wsgi"), env, port):
                _check_logged_in(port, pages["chapter"][0], cookie)
                for name, paths in pages.items():
                    for reader, headers in (("guest", {}), ("logged_in", {"Cookie": cookie})):
                        figures = load(paths, headers)
                        figures["ratio_to_bare"] = round(
                            figures["requests_per_second"] / bare["requests_per_second"], 3
                        )
                        figures["urls"] = len(paths)
                        results[f"{name} ({reader})"] = figures
                        log(f"{name} ({reader}): {figures['requests_per_second']}/s")
            vendor = connection.vendor
    return {
        "works": works,
        "database": vendor,
        "load_generator": generator(python_client),
        "connections": connections,
        "duration_s": duration,
        "gunicorn_workers": workers,
        "bare_view": bare,
        "pages": results,
        "in_process_ms": in_process,
    }


def _gunicorn(port: int, workers: int, app: str) -> list[str]:
    """`ficshelf serve`'s gunicorn command line, serving `app`."""
    *command, wsgi_app = web_server_command("127.0.0.1", port, workers)
    assert wsgi_app == "ficshelf.wsgi", "web_server_command() ends with the app it serves"
    return [*command, app]


def _server_env(data_dir: str, port: int) -> dict[str, str]:
    """The server's environment: our database and secret key (so our session is valid), its own data dir."""
    env = {key: value for key, value in os.environ.items() if key != "FICSHELF_BENCH"}
    database_url = ""
    if connection.vendor == "postgresql":
        parts = urlsplit(os.environ["DATABASE_URL"])
        database_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    return env | {
        "FICSHELF_DATA_DIR": data_dir,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }


def _reading_case(archive: Archive) -> tuple[dict[str, list[str]], str]:
    """The pages' URLs, and the session cookie of a reader who is logged in."""
    writer = User.objects.get(username="writer1")
    work = make_work(writer, "The Benchmark Reading", words=15_000, chapters=5)
    reader = User.objects.create_user(READER, password=None)
    client = Client()
    client.force_login(reader)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    first_chapter = work.chapters.order_by("position").first()
    assert first_chapter is not None
    filters, fulltext = query_mix(archive)
    works_index, search = reverse("listings:works"), reverse("listings:search")
    tags = [
        tag
        for kind, ids in archive.canonical.items()
        for tag in Tag.objects.filter(pk__in=ids[:25]).order_by("pk")
    ]
    pages = {
        "chapter": [first_chapter.get_absolute_url()],
        "entire_work": [f"{work.get_absolute_url()}?{urlencode({'view_full_work': 'true'})}"],
        "works_index": _urls(works_index, filters),
        "tag_works": [tag.works_url() for tag in tags],
        "search": _urls(search, fulltext),
    }
    return pages, cookie


def _urls(base: str, mix: list[Params]) -> list[str]:
    return [f"{base}?{urlencode(params | variant, doseq=True)}" for params in mix for variant in _VARIANTS]


@override_settings(ALLOWED_HOSTS=["testserver"])
def _render_ms(paths: list[str], renders: int) -> float:
    """Median milliseconds for Django's test client to render the pages (guest), after one warm-up.

    The renders are spread evenly over the paths, so a mix of 100 listings is sampled whole.
    """
    client = Client()
    timings = []
    for attempt in range(renders + 1):
        path = paths[attempt * len(paths) // (renders + 1)]
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process")
        if attempt:
            timings.append(elapsed)
    return round(statistics.median(timings), 2)


def _check_logged_in(port: int, path: str, cookie: str) -> None:
    status, body = fetch(port, path, {"Cookie": cookie})
    if status != 200 or READER.encode() not in body:
        raise RuntimeError(f"the reader's session does not log in on the server ({path} answered {status})")
