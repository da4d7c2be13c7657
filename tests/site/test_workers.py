"""Requeueing the tasks of dead workers, and never those of live ones."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ficshelf.community import tasks
from ficshelf.site.models import WorkerHeartbeat
from ficshelf.site.workers import MAX_ATTEMPTS, beat, lease, requeue_lost_tasks

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def running_task(worker_ids: list[str], started: datetime.timedelta = LONG_AGO) -> DBTaskResult:
    """A task claimed by each of `worker_ids` in turn, the last one `started` ago."""
    tasks.send_due_digests.enqueue()
    task = DBTaskResult.objects.get()
    for worker_id in worker_ids:
        task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - started)
    return task


def status(task: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=task.pk).status


def test_it_queues_again_the_task_of_a_worker_silent_for_longer_than_its_lease():
    task = running_task(["dead"])
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=timezone.now() - LONG_AGO)
    assert requeue_lost_tasks() == 1
    assert status(task) == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().get() == task  # a worker can claim it again


def test_it_leaves_a_live_workers_task_running_however_long_it_has_run():
    task = running_task(["alive"])
    beat("alive")
    assert requeue_lost_tasks() == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_it_judges_a_task_by_the_worker_that_claimed_it_last():
    task = running_task(["dead", "alive"])
    beat("alive")
    assert requeue_lost_tasks() == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_it_queues_again_a_task_whose_worker_left_no_heartbeat_once_it_ran_for_a_lease():
    old = running_task(["gone"])
    assert requeue_lost_tasks() == 1
    assert status(old) == TaskResultStatus.READY


def test_it_leaves_a_task_claimed_within_the_lease_running():
    task = running_task(["starting"], started=lease() / 2)
    assert requeue_lost_tasks() == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_it_fails_a_task_that_lost_its_worker_too_many_times():
    task = running_task([f"w{n}" for n in range(MAX_ATTEMPTS)])
    assert requeue_lost_tasks() == 0
    failed = DBTaskResult.objects.get(pk=task.pk)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "ficshelf.site.workers.WorkerLost"


def test_it_forgets_the_heartbeats_of_dead_workers():
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=timezone.now() - LONG_AGO)
    beat("alive")
    requeue_lost_tasks()
    assert list(WorkerHeartbeat.objects.values_list("pk", flat=True)) == ["alive"]


def test_it_requeues_lost_tasks_from_the_command_line():
    task = running_task(["dead"])
    out = StringIO()
    call_command("requeue_lost_tasks", stdout=out)
    assert out.getvalue().startswith("Queued again 1 task(s)")
    assert status(task) == TaskResultStatus.READY
