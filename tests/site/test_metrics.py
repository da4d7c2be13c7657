"""/metrics: Prometheus's numbers for this host or a bearer of METRICS_TOKEN, and nobody else."""

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from ficshelf.community import tasks
from ficshelf.site.workers import beat

pytestmark = pytest.mark.django_db

OUTSIDER = "203.0.113.5"


def samples(response) -> dict[tuple[str, frozenset], float]:
    """(sample name, its labels) → value, from Prometheus's text format."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(response, name: str, **labels: str) -> float:
    return samples(response).get((name, frozenset(labels.items())), 0.0)


def test_it_serves_metrics_to_this_host(client):
    response = client.get(reverse("site:metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert not response.cookies


def test_it_times_requests_and_counts_their_queries_by_view(client):
    before = client.get(reverse("site:metrics"))
    for _ in range(3):
        client.get(reverse("listings:works"))
    after = client.get(reverse("site:metrics"))
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    labels = {"view": "listings:works", "method": "GET"}
    assert value(after, latency, **labels) - value(before, latency, **labels) == 3
    queries = "ficshelf_db_queries_per_request_count"
    assert value(after, queries, view="listings:works") - value(before, queries, view="listings:works") == 3
    assert value(after, "ficshelf_db_queries_per_request_sum", view="listings:works") > value(
        before, "ficshelf_db_queries_per_request_sum", view="listings:works"
    )


def test_it_labels_made_up_methods_as_invalid_so_they_make_no_new_series(client):
    client.generic("BREW-COFFEE-NOW", reverse("listings:works"))
    response = client.get(reverse("site:metrics"))
    assert b"BREW-COFFEE-NOW" not in response.content
    assert value(
        response,
        "django_http_requests_latency_seconds_by_view_method_count",
        view="listings:works",
        method="<invalid method>",
    )


def test_it_shows_the_task_queue_as_it_is_now(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    tasks.send_due_digests.enqueue()
    tasks.send_due_digests.enqueue()
    beat("worker-1")
    response = client.get(reverse("site:metrics"))
    assert value(response, "ficshelf_task_queue_up") == 1
    assert value(response, "ficshelf_task_queue_ready") == 2
    assert value(response, "ficshelf_task_workers_live") == 1
    assert value(response, "ficshelf_task_queue_oldest_ready_seconds") >= 0


def test_it_is_no_page_at_all_to_another_host(client):
    response = client.get(reverse("site:metrics"), REMOTE_ADDR=OUTSIDER)
    assert response.status_code == 404
    assert b"django_http" not in response.content


def test_an_outsider_proxied_from_loopback_is_not_loopback(client):
    # nginx on this host connects from 127.0.0.1 and says who the client is.
    response = client.get(reverse("site:metrics"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDER)
    assert response.status_code == 404


def test_an_outsider_cannot_claim_to_be_loopback(client):
    response = client.get(reverse("site:metrics"), REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 404


def test_it_serves_anyone_with_the_token(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = client.get(
        reverse("site:metrics"), REMOTE_ADDR=OUTSIDER, HTTP_AUTHORIZATION="Bearer s3cret-metrics-token"
    )
    assert response.status_code == 200
    assert b"django_http_requests_latency_seconds_by_view_method" in response.content


def test_it_says_a_wrong_token_is_wrong(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = client.get(reverse("site:metrics"), REMOTE_ADDR=OUTSIDER, HTTP_AUTHORIZATION="Bearer guess")
    assert response.status_code == 403
    assert response.content == b"That metrics token is not this archive's."


def test_no_token_opens_it_when_none_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    response = client.get(reverse("site:metrics"), REMOTE_ADDR=OUTSIDER, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403
