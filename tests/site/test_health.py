"""/healthz: 200 when the database, the cache and the task queue work, 503 naming the part that doesn't."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ficshelf.community import tasks
from ficshelf.site.models import WorkerHeartbeat
from ficshelf.site.workers import beat

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.fixture
def worker():
    beat("worker-1")


def healthz(client):
    response = client.get(reverse("site:healthz"))
    return response, response.json()


def test_it_answers_200_when_every_part_is_well(client, worker):
    response, body = healthz(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"] and body["queue"]["ok"]
    assert body["queue"]["live_workers"] == 1


def test_it_sets_no_cookie_and_may_not_be_cached(client, worker):
    response, _ = healthz(client)
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_it_makes_only_a_few_queries(client, worker, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # SELECT 1, the ready tasks, the live heartbeats
        healthz(client)


def test_it_reports_how_many_tasks_wait_and_how_long_the_oldest_has(client, worker):
    tasks.send_due_digests.enqueue()
    tasks.send_due_digests.enqueue()
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=42)
    )
    response, body = healthz(client)
    assert response.status_code == 200
    assert body["queue"]["ready"] == 2
    assert 42 <= body["queue"]["oldest_ready_seconds"] < 60


def test_it_answers_503_when_the_oldest_ready_task_has_waited_too_long(client, worker, settings):
    settings.FICSHELF_HEALTH_MAX_QUEUE_LAG = 60
    tasks.send_due_digests.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["queue"]["error"] == "the oldest ready task has waited 90 seconds"
    assert body["database"]["ok"] and body["cache"]["ok"]


def test_it_answers_503_when_no_worker_heartbeat_is_fresh(client):
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=timezone.now() - LONG_AGO)
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["queue"]["live_workers"] == 0
    assert body["queue"]["error"] == "no task worker has stamped its heartbeat in 30 seconds"


def test_it_needs_no_worker_when_tasks_run_inside_the_request(client, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    response, body = healthz(client)
    assert response.status_code == 200
    assert body["queue"] == {"ok": True, "backend": "ImmediateBackend"}


def test_it_answers_503_when_the_cache_raises(client, worker):
    with mock.patch.object(cache, "set", side_effect=OSError("/srv/ficshelf/var/cache: read-only")):
        response, body = healthz(client)
    assert response.status_code == 503
    assert body["cache"] == {"ok": False, "error": "OSError while checking"}
    assert body["database"]["ok"] and body["queue"]["ok"]


def test_it_answers_503_when_the_cache_forgets_what_it_was_given(client, worker):
    with mock.patch.object(cache, "get", return_value=None):
        response, body = healthz(client)
    assert response.status_code == 503
    assert body["cache"]["error"] == "the cache did not give back a value just stored in it"


def test_it_answers_503_without_secrets_when_the_database_is_down(client, worker):
    down = OperationalError('connection to "db.internal" failed: password for user "ficshelf" is "hunter2"')
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=down):
        response = client.get(reverse("site:healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == {"ok": False, "error": "OperationalError while checking"}
    assert body["queue"]["ok"] is False
    assert b"hunter2" not in response.content and b"db.internal" not in response.content


def test_it_answers_plain_http_when_the_site_redirects_to_https(client, worker, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("listings:works")).status_code == 301
    response, _ = healthz(client)
    assert response.status_code == 200


def test_it_refuses_a_post(client):
    assert client.post(reverse("site:healthz")).status_code == 405
