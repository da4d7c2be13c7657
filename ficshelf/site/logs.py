"""Logs: one JSON object a line when LOG_FORMAT=json, and never a secret from an address.

LogRequests writes one record per request to the "ficshelf.requests" logger (method,
path, status, duration, view, user id or "guest"); settings.py enables it in JSON mode,
where it stands in for gunicorn's access log, which cannot know the view or the user
(in text mode gunicorn's stays, redacted by site/access_log.py). Paths are logged without their query string, and with the
values of the URL parts that are secrets (a private OPDS catalog's token, a password
reset link's) replaced by REDACTED; RedactSecrets does the same to Django's own
request records ("Not Found: /opds/u/…").
"""

import functools
import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

log = logging.getLogger("ficshelf.requests")

REDACTED = "REDACTED"
# URL parts whose value lets whoever holds it act as someone: never logged.
# (token: private OPDS catalogs, unsubscribe links; uidb36 and key: allauth's password
# reset and email confirmation links.)
SECRET_PARTS = frozenset({"token", "uidb36", "key"})


class JsonFormatter(BaseJsonFormatter):
    """time, level, logger and message, then whatever the record carries (extra=…)."""

    def __init__(self) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )


@functools.cache
def _secret_routes() -> tuple[re.Pattern[str], ...]:
    """Regexes for the routes, and the prefixes of routes, that hold a secret part.

    A prefix counts too: an address under it (/opds/u/TOKEN/…) that matches nothing
    further still holds the secret.
    """
    found: list[re.Pattern[str]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
            if SECRET_PARTS & set(pattern.pattern.regex.groupindex) or (
                prefix and SECRET_PARTS & set(re.compile(prefix).groupindex)
            ):
                found.append(re.compile("/" + regex))
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, regex)

    walk(get_resolver().url_patterns, "")
    return tuple(found)


def redact_path(path: str) -> str:
    """`path` (no query string) with the values of its secret URL parts REDACTED.

    The parts are cut out where the route's regex found them, never searched for by
    value, so a short secret can't hide in, or spoil, the rest of the path.
    """
    secrets: list[list[tuple[int, int]]] = [
        [found.span(name) for name in SECRET_PARTS & set(found.groupdict()) if found.group(name) is not None]
        for route in _secret_routes()
        if (found := route.match(path))
    ]
    spans = max(secrets, key=len) if secrets else []  # the route that names the most secrets
    for start, end in sorted(spans, reverse=True):
        path = path[:start] + REDACTED + path[end:]
    return path


def redacted_path(request: HttpRequest) -> str:
    """The request's path without its query string, with secret URL parts REDACTED."""
    return redact_path(request.path)


class RedactSecrets(logging.Filter):
    """Takes secret URL parts out of Django's request records (django.request, django.security…).

    Those carry the request itself (extra={"request": …}), which a JSON formatter would
    write out whole, query string and all, and quote request.path in their message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            path = redacted_path(request)
            if isinstance(record.args, tuple):
                record.args = tuple(path if arg == request.path else arg for arg in record.args)
            record.request = f"{request.method} {path}"
        return True


def view_name(request: HttpRequest) -> str | None:
    """The name of the route the request resolved to, if it did."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def _user(request: HttpRequest) -> int | str:
    user = getattr(request, "user", None)  # absent when a middleware answered before AuthenticationMiddleware
    return user.pk if user is not None and user.is_authenticated else "guest"


class LogRequests:
    """One record a request on "ficshelf.requests", when that logger is enabled (LOG_FORMAT=json)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not log.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = redacted_path(request)
        log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "view": view_name(request),
                "user": _user(request),
            },
        )
        return response
