"""/healthz: is this server fit to take requests? For load balancers, systemd and people.

Each part is checked for real, cheaply (a few queries, one cache key): the database
answers a trivial query, the cache gives back what was just put in it, the task queue
can be read, a worker has beaten recently and the oldest READY task has not waited
longer than FICSHELF_HEALTH_MAX_QUEUE_LAG. The answer is JSON, 200 when every part is
well and 503 when one is not. It names a failure by its kind (the exception's class),
never by its message, which may hold a host, a user name or a path.
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ficshelf.site.workers import lease, live_heartbeats

Report = dict[str, Any]


@dataclass(frozen=True)
class QueueState:
    """What the database queue holds now: /healthz and /metrics both show it."""

    ready: int
    oldest_ready_age: datetime.timedelta | None
    live_workers: int


def queue_state() -> QueueState:
    ready = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
    oldest = ready["oldest"]
    return QueueState(
        ready=ready["count"],
        oldest_ready_age=timezone.now() - oldest if oldest else None,
        live_workers=live_heartbeats().count(),
    )


def check_database() -> Report:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> Report:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=60)
    read_back = cache.get(key)
    cache.delete(key)
    if read_back != value:
        return {"ok": False, "error": "the cache did not give back a value just stored in it"}
    return {"ok": True}


def check_queue() -> Report:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        # The immediate backend (FICSHELF_TASKS=immediate) runs tasks inside the request.
        return {"ok": True, "backend": type(backend).__name__}
    state = queue_state()
    max_lag = settings.FICSHELF_HEALTH_MAX_QUEUE_LAG
    lag = state.oldest_ready_age.total_seconds() if state.oldest_ready_age else 0.0
    report: Report = {
        "ok": True,
        "backend": "database",
        "ready": state.ready,
        "oldest_ready_seconds": round(lag, 1),
        "max_lag_seconds": max_lag,
        "live_workers": state.live_workers,
    }
    if not state.live_workers:
        silent = int(lease().total_seconds())
        report |= {"ok": False, "error": f"no task worker has stamped its heartbeat in {silent} seconds"}
    elif lag > max_lag:
        report |= {"ok": False, "error": f"the oldest ready task has waited {lag:.0f} seconds"}
    return report


CHECKS: dict[str, Callable[[], Report]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}


def _run(check: Callable[[], Report]) -> Report:
    try:
        return check()
    except Exception as error:  # a health check reports a failure; it must not become one
        return {"ok": False, "error": f"{type(error).__name__} while checking"}


# No session, no CSRF token, no user: the view reads none of them, so it sends no cookie.
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: _run(check) for name, check in CHECKS.items()}
    healthy = all(report["ok"] for report in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)
