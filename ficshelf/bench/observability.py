"""`ficshelf bench observability`: what /metrics' counting and the JSON request log cost a request.

Loads the demo archive into a fresh database and serves pages in-process through
Django's whole handler (test Client) with three middleware stacks, in one run: without
the observability middlewares (django-prometheus's two, CountQueries, LogRequests),
with them as shipped (the text log: LogRequests stays quiet), and with LOG_FORMAT=json's
request log writing JSON lines (to /dev/null). Requests alternate between the stacks in
rounds of ten, each round starting with another stack, so load from elsewhere falls on
all three alike. Figures are CPU
milliseconds of this process per request (process_time: on cores that other processes
share, wall time mostly measures them), median and 10th percentile, and each stack's
median as a ratio to the one without.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from ficshelf.bench.database import FreshDatabase
from ficshelf.site.logs import JsonFormatter
from ficshelf.works.models import Work

OBSERVABILITY = (
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "ficshelf.site.logs.LogRequests",
    "ficshelf.site.metrics.CountQueries",
    "ficshelf.site.metrics.PrometheusAfter",
)
STACKS = ("without", "with", "with_json_log")


def add_arguments(parser) -> None:
    parser.add_argument("--requests", type=int, default=300, help="Timed requests per page and stack.")


@contextmanager
def _json_request_log() -> Iterator[None]:
    """The request logger as LOG_FORMAT=json sets it, writing to /dev/null."""
    log = logging.getLogger("ficshelf.requests")
    with open(os.devnull, "w") as devnull:
        handler = logging.StreamHandler(devnull)
        handler.setFormatter(JsonFormatter())
        level, propagate = log.level, log.propagate
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        try:
            yield
        finally:
            log.removeHandler(handler)
            log.setLevel(level)
            log.propagate = propagate


def _client(middleware: list[str], first_path: str) -> Client:
    """A client whose handler has `middleware`: Django builds the chain at the first request."""
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(MIDDLEWARE=middleware):
        client.get(first_path)
    return client


def _timed(client: Client, path: str) -> float:
    """CPU milliseconds this process spent serving `path`: other processes' load is not counted."""
    started = time.process_time()
    response = client.get(path)
    elapsed = time.process_time() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed * 1000


def run(requests: int) -> dict:
    # Pages render without collectstatic, as in the tests.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with FreshDatabase("ficshelf_bench_observability") as database, override_settings(STORAGES=storages):
        call_command("demo", stdout=io.StringIO())  # --json prints one object, nothing else
        work = Work.objects.order_by("pk").first()
        assert work is not None
        pages = {"work_page": work.get_absolute_url(), "works_index": reverse("listings:works")}
        without = [name for name in settings.MIDDLEWARE if name not in OBSERVABILITY]
        clients = {"without": _client(without, pages["works_index"])}
        clients["with"] = clients["with_json_log"] = _client(list(settings.MIDDLEWARE), pages["works_index"])
        times: dict[tuple[str, str], list[float]] = {(page, stack): [] for page in pages for stack in STACKS}
        rounds, per_round = max(1, requests // 10), 10
        for round_number in range(rounds):
            order = STACKS[round_number % 3 :] + STACKS[: round_number % 3]  # none always goes first
            for page, path in pages.items():
                for stack in order:
                    with _json_request_log() if stack == "with_json_log" else nullcontext():
                        times[page, stack] += [_timed(clients[stack], path) for _ in range(per_round)]
        result: dict[str, object] = {"database": database.vendor, "requests": rounds * per_round}
        for page in pages:
            base = statistics.median(times[page, "without"])
            for stack in STACKS:
                median = statistics.median(times[page, stack])
                result[f"{page}_{stack}_median_ms"] = round(median, 2)
                result[f"{page}_{stack}_p10_ms"] = round(statistics.quantiles(times[page, stack], n=10)[0], 2)
                if stack != "without":
                    result[f"{page}_{stack}_ratio"] = round(median / base, 3)
    return result
