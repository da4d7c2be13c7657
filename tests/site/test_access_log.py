"""Gunicorn's access log leaves private tokens and query strings out."""

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from ficshelf.site.access_log import RedactingLogger


def atoms(path: str, query: str = "", referrer: str | None = None) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    } | ({"HTTP_REFERER": referrer} if referrer else {})
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    return RedactingLogger(Config()).atoms(response, [], environ, datetime.timedelta(milliseconds=5))


def test_it_redacts_a_private_catalogs_token_in_the_request_line():
    logged = atoms("/opds/u/s3cret-token/recent", "token=s3cret-token")
    assert logged["r"] == "GET /opds/u/REDACTED/recent HTTP/1.1"
    assert (logged["U"], logged["q"]) == ("/opds/u/REDACTED/recent", "")
    assert "s3cret-token" not in repr(logged)


def test_it_redacts_a_token_under_a_private_prefix_that_matches_no_page():
    assert atoms("/opds/u/s3cret-token/no-such-page")["r"] == "GET /opds/u/REDACTED/no-such-page HTTP/1.1"


def test_it_redacts_the_referrer_too():
    logged = atoms("/works/12", referrer="https://fic.example.org/opds/u/s3cret-token/recent?q=1")
    assert logged["f"] == "https://fic.example.org/opds/u/REDACTED/recent"


def test_it_leaves_other_addresses_as_they_are():
    assert atoms("/works/12")["r"] == "GET /works/12 HTTP/1.1"
