"""Request logs and LOG_FORMAT=json: one JSON object a line, and no token of anyone's in them."""

import json
import logging

import pytest
from django.urls import reverse

from ficshelf.downloads.models import FeedToken
from ficshelf.site.logs import JsonFormatter, RedactSecrets
from tests.base import PASSWORD, make_work
from tests.test_settings import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="ficshelf.requests")

    def records() -> list[logging.LogRecord]:
        return [record for record in caplog.records if record.name == "ficshelf.requests"]

    return records


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD)


def test_it_logs_a_guests_request_with_its_view_status_and_duration(client, request_log, alice):
    work = make_work(alice)
    client.get(work.get_absolute_url())
    (record,) = request_log()
    assert (record.method, record.path, record.status, record.view, record.user) == (
        "GET",
        work.get_absolute_url(),
        200,
        "works:work",
        "guest",
    )
    assert record.duration_ms > 0
    assert record.getMessage() == f"GET {work.get_absolute_url()} 200"


def test_it_logs_a_readers_id_and_never_their_cookies(client, request_log, alice):
    client.force_login(alice)
    client.get(reverse("listings:works"))
    (record,) = request_log()
    assert record.user == alice.pk
    assert client.cookies["sessionid"].value not in json.dumps(record.__dict__, default=str)


def test_it_leaves_the_query_string_out(client, request_log):
    client.get(reverse("listings:works"), {"page": "2", "token": "s3cret"})
    (record,) = request_log()
    assert record.path == "/works/"


def test_it_redacts_a_private_catalogs_token(client, request_log, alice):
    token = FeedToken.for_user(alice).token
    client.get(reverse("feeds:private_opds:recent", kwargs={"token": token}))
    client.get(f"/opds/u/{token}/no-such-page")
    paths = [record.path for record in request_log()]
    assert paths == ["/opds/u/REDACTED/recent", "/opds/u/REDACTED/no-such-page"]
    assert token not in repr([record.getMessage() for record in request_log()])


def test_it_redacts_a_password_reset_links_parts(client, request_log):
    client.get(reverse("accounts:password_reset_confirm", kwargs={"uidb36": "1", "key": "c0ffee-1234"}))
    assert request_log()[0].path == "/password/reset/REDACTED-REDACTED"


def test_it_redacts_an_email_confirmation_key(client, request_log):
    client.get(reverse("accounts:confirm_email", kwargs={"key": "MQ:1vX9a2:c0ffee"}))
    assert request_log()[0].path == "/account/email/confirm/REDACTED"


def test_it_takes_the_token_out_of_djangos_own_not_found_records(client, caplog, alice):
    token = FeedToken.for_user(alice).token
    client.get(f"/opds/u/{token}/no-such-page?token={token}")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    RedactSecrets().filter(record)
    assert record.getMessage() == "Not Found: /opds/u/REDACTED/no-such-page"
    assert record.request == "GET /opds/u/REDACTED/no-such-page"


def test_it_logs_nothing_of_its_own_by_default(client, caplog):
    caplog.set_level(logging.WARNING, logger="ficshelf.requests")
    client.get(reverse("listings:works"))
    assert not [record for record in caplog.records if record.name == "ficshelf.requests"]


def test_the_json_formatter_writes_time_level_logger_message_and_extra_fields():
    record = logging.LogRecord("ficshelf.requests", logging.INFO, __file__, 1, "GET %s", ("/works/",), None)
    record.status = 200
    line = JsonFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["level"] == "INFO"
    assert fields["logger"] == "ficshelf.requests"
    assert fields["message"] == "GET /works/"
    assert fields["status"] == 200
    assert fields["time"].startswith("20")


@pytest.mark.slow
def test_log_format_json_makes_every_line_a_json_object(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.test import Client;"
        "Client(HTTP_HOST='127.0.0.1').get('/opds/u/S3CRET/nothing?token=S3CRET')"
    )
    result = run(tmp_path, ["-c", code], {"LOG_FORMAT": "json", "DATABASE_URL": "", "DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("ficshelf.requests", "GET /opds/u/REDACTED/nothing 404"),
        ("django.request", "Not Found: /opds/u/REDACTED/nothing"),
    ]
    assert "S3CRET" not in result.stderr


@pytest.mark.slow
def test_an_unknown_log_format_says_what_is_allowed(tmp_path):
    result = run(tmp_path, ["-m", "ficshelf.cli", "check"], {"LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT: 'xml' is neither text nor json." in result.stderr
