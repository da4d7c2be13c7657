"""How long, and by whom, a page may be kept: the one place that decides HTTP caching.

Views that guests read (works, chapters, listings, tags, series, users, feeds, OPDS)
are wrapped in `@cacheable_for_guests`, which marks their responses; `GuestCaching`,
a middleware placed before the session, CSRF and messages middleware, decides for
the marked ones once every cookie is known. For a guest's GET that answers 200 and sets
no cookie, the page is the same for every guest, so it goes out as
`Cache-Control: public, max-age=FICSHELF_GUEST_MAX_AGE` with an ETag and a
Last-Modified, and a matching If-None-Match or If-Modified-Since gets 304. Every
other answer of those views (a signed-in reader, a 404, a page that sets a cookie
such as a flash message, or one the view marked `personal()`) is `private, no-cache`.
All of them say `Vary: Cookie`, so no cache hands a signed-in reader a guest's copy.

The ETag is a hash of the page's bytes, so it changes exactly when what a guest is
shown changes (a new chapter, a kudos, an edited comment, a renamed tag), and no
revision key can miss a field. Last-Modified is when this server first sent those
bytes, remembered in Django's cache under the ETag: never later than the truth, so
If-Modified-Since can't answer 304 for a page that has changed since.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

_CACHEABLE = "_ficshelf_cacheable_for_guests"
# A view's own word that its page depends on who asks (e.g. an adult-content check
# remembered in the session): never public, whoever asks.
_PERSONAL = "_ficshelf_personal"


def personal(response: R) -> R:
    """Mark `response` as depending on the reader's session: `cacheable_for_guests` keeps it private."""
    setattr(response, _PERSONAL, True)
    return response


def _public(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not request.user.is_authenticated
        and not response.cookies
        and not getattr(response, _PERSONAL, False)
        and not response.streaming
    )


def _first_sent(etag: str) -> int:
    """When this server first sent the page whose ETag is `etag` (a Unix time)."""
    key = f"http-first-sent:{etag}"
    now = int(timezone.now().timestamp())
    # Kept for as long as a page plausibly stays the same; a forgotten one restarts
    # at now, which only costs a reader one full download.
    cache.add(key, now, timeout=60 * 60 * 24 * 7)
    return int(cache.get(key, now))


def decide(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Set `response`'s caching headers for `request`; a 304 if the reader has this page already."""
    if request.method not in ("GET", "HEAD"):
        return response
    patch_vary_headers(response, ["Cookie"])
    if not _public(request, response):
        patch_cache_control(response, private=True, no_cache=True)
        return response
    assert isinstance(response, HttpResponse)  # not streaming, as _public checked
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    last_modified = _first_sent(etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.FICSHELF_GUEST_MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def guest_page(response: R) -> R:
    """Mark `response` as a page guests read: `GuestCaching` gives it the headers `decide()` chooses."""
    setattr(response, _CACHEABLE, True)
    return response


def cacheable_for_guests(view: Callable[P, R]) -> Callable[P, R]:
    """Wrap a view that guests read: every response it gives is a `guest_page()`."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return guest_page(view(*args, **kwargs))

    return wrapper


class GuestCaching:
    """Applies `decide()` to the pages of `@cacheable_for_guests` views.

    It must come before SessionMiddleware, CsrfViewMiddleware and MessageMiddleware in
    MIDDLEWARE: they add their cookies on the way out, and a page that sets a cookie
    is never public.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        return decide(request, response) if getattr(response, _CACHEABLE, False) else response
