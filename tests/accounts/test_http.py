"""AuthenticatedHttpRequest is only true behind @login_required: every view that claims it is guarded."""

import inspect

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ficshelf.accounts.http import AuthenticatedHttpRequest


def _views_that_assume_a_user(patterns: list | None = None) -> list[URLPattern]:
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += _views_that_assume_a_user(pattern.url_patterns)
            continue
        view = inspect.unwrap(pattern.callback)
        if not view.__module__.startswith("ficshelf."):
            continue
        first = next(iter(inspect.signature(view).parameters.values()), None)
        if first is not None and first.annotation in (AuthenticatedHttpRequest, "AuthenticatedHttpRequest"):
            found.append(pattern)
    return found


class AuthenticatedHttpRequestTests(TestCase):
    def test_it_finds_the_views_that_assume_a_user(self) -> None:
        names = {inspect.unwrap(p.callback).__name__ for p in _views_that_assume_a_user()}
        self.assertIn("import_start", names)
        self.assertIn("pseuds", names)

    def test_it_sends_guests_to_log_in_before_any_such_view_runs(self) -> None:
        unguarded = []
        login = reverse("accounts:login")
        for pattern in _views_that_assume_a_user():
            request = RequestFactory().post("/")
            request.user = AnonymousUser()
            try:
                response = pattern.callback(request)
            except Exception as error:  # the view itself ran, with no user and no arguments
                unguarded.append(f"{pattern.pattern}: {error!r}")
                continue
            if response.status_code != 302 or not response["Location"].startswith(login):
                unguarded.append(f"{pattern.pattern}: {response.status_code}")
        self.assertEqual(unguarded, [], "views annotated AuthenticatedHttpRequest need @login_required")
