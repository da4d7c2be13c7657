"""Task workers' heartbeats, and queueing again the tasks of workers that died.

django-tasks-db's queue hands out READY tasks only: a worker killed in the middle of a
task (SIGKILL, the OOM killer, a power cut) left it RUNNING forever. Every
`ficshelf db_worker` (site/management/commands/db_worker.py) therefore stamps a
WorkerHeartbeat every FICSHELF_WORKER_HEARTBEAT seconds from a thread of its own, so a
long task doesn't silence it, and requeue_lost_tasks() puts a RUNNING task back to
READY once the worker that claimed it (the last of its worker_ids) has been silent for
LEASE_BEATS heartbeats. A live worker's task is never touched, however long it runs,
so several workers can share one queue. Tasks must therefore be safe to run twice
(community's fan-out is: unique constraints make a repeated notification a no-op).
A task lost MAX_ATTEMPTS times is marked FAILED rather than run again: it may be what
kills its workers.

Times are the database's clock (Now()), so workers on hosts whose clocks disagree
still judge each other fairly.
"""

import datetime
import logging
import threading
import time
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, Value
from django.db.models.functions import Now
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ficshelf.site.models import WorkerHeartbeat

log = logging.getLogger(__name__)

LEASE_BEATS = 3
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The worker running a task died before finishing it, too many times."""


def lease() -> datetime.timedelta:
    """How long a worker may be silent before its tasks count as lost."""
    return datetime.timedelta(seconds=settings.FICSHELF_WORKER_HEARTBEAT * LEASE_BEATS)


def _lease_start() -> ExpressionWrapper:
    return ExpressionWrapper(Now() - Value(lease()), output_field=DateTimeField())


def beat(worker_id: str) -> None:
    """Record that `worker_id` is alive now."""
    if not WorkerHeartbeat.objects.filter(pk=worker_id).update(beat_at=Now()):
        WorkerHeartbeat.objects.create(worker_id=worker_id, beat_at=Now())


def requeue_lost_tasks() -> int:
    """Queue again the RUNNING tasks of workers silent for a lease; return how many.

    A task whose worker left no heartbeat at all (one that stopped cleanly, or one that
    predates heartbeats) counts as lost once it has been running for a lease: a live
    worker stamps its heartbeat before it claims anything.
    """
    lease_start = _lease_start()
    with transaction.atomic():
        live = set(WorkerHeartbeat.objects.filter(beat_at__gte=lease_start).values_list("pk", flat=True))
        lost = [
            task
            for task in DBTaskResult.objects.running()
            .filter(started_at__lt=lease_start)
            .select_for_update(skip_locked=True)
            .order_by()
            if not (task.worker_ids and task.worker_ids[-1] in live)
        ]
        requeued = 0
        for task in lost:
            worker = task.worker_ids[-1] if task.worker_ids else "?"
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                log.error(
                    "Task %s (%s) lost %s workers; marking it failed", task.pk, task.task_path, MAX_ATTEMPTS
                )
                task.set_failed(
                    WorkerLost(f"{len(task.worker_ids)} workers died running it, the last {worker}")
                )
            else:
                log.warning(
                    "Task %s (%s) was left running by worker %s; queued again",
                    task.pk,
                    task.task_path,
                    worker,
                )
                DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.READY, started_at=None)
                requeued += 1
        WorkerHeartbeat.objects.filter(beat_at__lt=lease_start).delete()
    return requeued


class Heartbeat:
    """While in this context, stamp `worker_id`'s heartbeat and sweep for lost tasks.

    The sweep waits until this worker has itself beaten without a gap for a lease: after
    a database outage every worker was silent, and none should take another's task
    before all had a chance to beat again.
    """

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat {worker_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        beat(self.worker_id)  # before the first claim, so the worker's tasks are never taken for lost
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join()
        with suppress(DatabaseError):  # if the database is gone, the heartbeat lapses instead
            WorkerHeartbeat.objects.filter(pk=self.worker_id).delete()

    def _run(self) -> None:
        interval = settings.FICSHELF_WORKER_HEARTBEAT
        healthy_since = time.monotonic()
        try:
            while not self._stopped.wait(interval):
                close_old_connections()
                try:
                    beat(self.worker_id)
                    if time.monotonic() - healthy_since >= lease().total_seconds():
                        requeue_lost_tasks()
                except DatabaseError:
                    log.exception("Worker %s could not stamp its heartbeat", self.worker_id)
                    healthy_since = time.monotonic()
        finally:
            connection.close()
