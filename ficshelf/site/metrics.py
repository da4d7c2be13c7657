"""Prometheus metrics at /metrics, for this host or a bearer of METRICS_TOKEN only.

django-prometheus's middlewares time every request by view and method and count
responses by status; CountQueries (here) counts the queries each request made, by
view; cache_backends.FileBasedCache counts cache hits and misses; the task queue is
read from its table at each scrape (TaskQueueCollector).

With several gunicorn workers each one counts its own requests. `ficshelf serve`
sets PROMETHEUS_MULTIPROC_DIR (under the data directory, emptied at each start), so
the workers (and the task worker) write their numbers to files there and a scrape,
answered by any worker, sums them all: docs/deploy.md, "Monitoring".
"""

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import prometheus_client
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.middleware import PrometheusAfterMiddleware
from prometheus_client import CollectorRegistry, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ficshelf.site.health import queue_state
from ficshelf.site.logs import view_name
from ficshelf.site.proxies import is_loopback

queries_per_request = Histogram(
    "ficshelf_db_queries_per_request",
    "Database queries one request made, by view.",
    ["view"],
    buckets=(0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
)


class CountQueries:
    """Counts the queries a request makes on the default database, by view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute: Callable, sql: str, params: object, many: bool, context: dict) -> object:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        # A route name, never a path: the label's values stay few.
        queries_per_request.labels(view=view_name(request) or "<unresolved>").observe(queries)
        return response


class PrometheusAfter(PrometheusAfterMiddleware):
    """django-prometheus's, with the method label always one of HTTP's methods.

    Its latency histogram labels by request.method as sent, so a client making up
    methods would make up a new time series with each.
    """

    def label_metric(self, metric: Any, request: HttpRequest, response: Any = None, **labels: str) -> Any:
        if "method" in labels:
            labels["method"] = self._method(request)
        return super().label_metric(metric, request, response, **labels)


class TaskQueueCollector(Collector):
    """The database task queue as it is now, read at each scrape."""

    def collect(self) -> Iterator[Metric]:
        try:
            state = queue_state()
        except DatabaseError:  # /healthz says why; the scrape still gives the rest
            yield GaugeMetricFamily("ficshelf_task_queue_up", "Whether the task queue could be read.", 0)
            return
        yield GaugeMetricFamily("ficshelf_task_queue_up", "Whether the task queue could be read.", 1)
        yield GaugeMetricFamily(
            "ficshelf_task_queue_ready", "Tasks ready to run, waiting for a worker.", state.ready
        )
        age = state.oldest_ready_age.total_seconds() if state.oldest_ready_age else 0.0
        yield GaugeMetricFamily(
            "ficshelf_task_queue_oldest_ready_seconds", "How long the oldest ready task has waited.", age
        )
        yield GaugeMetricFamily(
            "ficshelf_task_workers_live", "Task workers whose heartbeat is fresh.", state.live_workers
        )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def _bearer_token(request: HttpRequest) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format, for loopback (the real client: site/proxies.py) or METRICS_TOKEN."""
    token = _bearer_token(request)
    if token is not None:
        if not (settings.METRICS_TOKEN and secrets.compare_digest(token, settings.METRICS_TOKEN)):
            return HttpResponseForbidden(
                "That metrics token is not this archive's.", content_type="text/plain"
            )
    elif not is_loopback(request.META.get("REMOTE_ADDR", "")):
        raise Http404  # to the world, there is no such page
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    body = prometheus_client.generate_latest(_registry()) + prometheus_client.generate_latest(queue)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
