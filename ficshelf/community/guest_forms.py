"""Guests' kudos and comment forms on a work page that a cache may have served.

A CSRF cookie would make every guest's work page personal, so nothing could cache it.
What CSRF protects a guest from is another site making their browser post as them:
a guest has no account, only an address, and a forged post spends their address's
one kudos per work and their comment rate limit. So a guest's form carries a signed
token instead: it names the work and the hour the page was made (`guest_form_token`),
the same for every guest all that hour, so a cached page can carry it and the page's
bytes (its ETag) don't change with the clock. What stops the forged post is
the browser's word on where it came from: a guest's post must come with an Origin
(or, without one, a Referer or Sec-Fetch-Site) of this site, which another site's
page cannot fake in a visitor's browser. The token, unlike a bare address, can't be
posted blind to every work: it must have come from the work's page within
FICSHELF_GUEST_FORM_MAX_AGE.

Signed-in readers are untouched: their posts go through Django's CSRF check as
everywhere else, whatever they carry.
"""

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

FIELD = "guest_token"
_SALT = "ficshelf.community.guest-form"
_HOUR = 60 * 60  # tokens are dated to the hour


def guest_form_token(work_id: int) -> str:
    """The token a guest's kudos and comment forms on this work carry."""
    return signing.Signer(salt=_SALT).sign(f"{work_id}:{int(time.time() // _HOUR)}")


def _same_site(request: HttpRequest) -> bool:
    """Whether the browser says the post came from a page of this site."""
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    if origin := request.headers.get("Origin"):
        return origin in ours
    if fetch_site := request.headers.get("Sec-Fetch-Site"):
        return fetch_site in ("same-origin", "none")
    referer = urlsplit(request.headers.get("Referer", ""))
    return f"{referer.scheme}://{referer.netloc}" in ours


def refusal(request: HttpRequest, work_id: int) -> str:
    """Why a guest's post to this work's form is refused, or "" if it may go on."""
    try:
        signed_work, _, hour = signing.Signer(salt=_SALT).unsign(request.POST.get(FIELD, "")).partition(":")
    except signing.BadSignature:
        signed_work, hour = "", ""
    if signed_work != str(work_id) or not hour.isdigit():
        return "This form did not come from this work's page: reload it and try again."
    if time.time() - int(hour) * _HOUR > settings.FICSHELF_GUEST_FORM_MAX_AGE:
        return "This page is too old to send its form: reload it and try again."
    if not _same_site(request):
        return "This form was sent from another site, so it was refused."
    return ""


def guest_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A form view with a `work_id` that guests may post with a guest token instead of a CSRF cookie.

    A guest's post carrying the token goes to the view with `request.guest_form_refusal`
    set to why it is refused ("" if it is not), so the view can answer without losing
    what was typed. Everyone else, and a guest without the token, goes through Django's
    CSRF check.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated and FIELD in request.POST:
            work_id = kwargs["work_id"]
            assert isinstance(work_id, int)
            request.guest_form_refusal = refusal(request, work_id)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapper


def refused(request: HttpRequest) -> str:
    """Why `guest_form` refused this request's guest token, or ""."""
    return getattr(request, "guest_form_refusal", "")
