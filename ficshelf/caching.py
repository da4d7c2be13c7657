"""How long, and by whom, a page may be kept: the one place that decides HTTP caching.

Views that guests read (works, chapters, listings, tags, series, users, feeds, OPDS)
are marked `@cacheable_for_guests`; `GuestCaching`, a middleware placed before the
session, CSRF and messages middleware, decides for their answers once every cookie
is known. For a guest's GET that answers 200 and sets
no cookie, the page is the same for every guest, so it goes out as
`Cache-Control: public, max-age=FICSHELF_GUEST_MAX_AGE` with an ETag and a
Last-Modified, and a matching If-None-Match or If-Modified-Since gets 304. Every
other answer of those views (a signed-in reader, a 404, a page that sets a cookie
such as a flash message, or one the view marked `personal()`) is `private, no-cache`.
All of them say `Vary: Cookie`, so no cache hands a signed-in reader a guest's copy.

The ETag is a hash of the page's bytes, so it changes exactly when what a guest is
shown changes (a new chapter, a kudos, an edited comment, a renamed tag), and no
revision key can miss a field. Last-Modified is when this address last began to
answer those bytes, remembered in Django's cache beside the ETag: never earlier than
the change itself, so If-Modified-Since can't answer 304 for a page that has changed
since (a cache that forgets only makes it later, costing one full download).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

R = TypeVar("R", bound=HttpResponseBase)
V = TypeVar("V", bound=Callable[..., HttpResponseBase])

_CACHEABLE = "cacheable_for_guests"  # on the view, as csrf_exempt is
# A view's own word that its page depends on who asks (e.g. an adult-content check
# remembered in the session): never public, whoever asks.
_PERSONAL = "_ficshelf_personal"


def personal(response: R) -> R:
    """Mark `response` as depending on the reader (their session, a token in the address):
    `GuestCaching` keeps it private, whoever asks."""
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


def _last_modified(request: HttpRequest, etag: str) -> int:
    """Since when (a Unix time) this address has answered the page whose ETag is `etag`."""
    address = f"{request.get_host()}{request.get_full_path()}"
    key = f"http-since:{hashlib.sha256(address.encode()).hexdigest()}"
    now = int(timezone.now().timestamp())
    known = cache.get(key)
    if known is not None and known[0] == etag:
        return int(known[1])
    cache.set(key, (etag, now), timeout=60 * 60 * 24 * 7)
    return now


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
    last_modified = _last_modified(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.FICSHELF_GUEST_MAX_AGE)
    return (
        get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        or response
    )


def cacheable_for_guests(view: V) -> V:
    """Mark a view that guests read: `GuestCaching` gives its answers the headers `decide()` chooses,
    its 404s and other errors included (they are private)."""
    setattr(view, _CACHEABLE, True)
    return view


class GuestCaching:
    """Applies `decide()` to the answers of `@cacheable_for_guests` views.

    It must come before SessionMiddleware, CsrfViewMiddleware and MessageMiddleware in
    MIDDLEWARE: they add their cookies on the way out, and a page that sets a cookie
    is never public.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        return decide(request, response) if getattr(request, _CACHEABLE, False) else response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponseBase], *args: object
    ) -> None:
        setattr(request, _CACHEABLE, getattr(view, _CACHEABLE, False))
