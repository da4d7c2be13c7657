"""Download views: find what the reader may see, serve the cached file or have it built."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from ficshelf.accounts.http import viewer
from ficshelf.accounts.models import User
from ficshelf.downloads.files import (
    CONTENT_TYPES,
    Source,
    Target,
    build,
    claim_pending,
    inline_words,
    recent_failure,
)
from ficshelf.downloads.models import FeedToken
from ficshelf.downloads.tasks import build_download

PAPERS = ("a5", "letter")


def token_user(token: str | None) -> User | None:
    """The user a private feed address belongs to; 404 for an unknown or reset token."""
    if token is None:
        return None
    feed_token = FeedToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed_token is None:
        raise Http404("This feed address is not valid. It may have been reset.")
    return feed_token.user


def _reader(request: HttpRequest, token: str | None) -> User | None:
    if token is not None:
        return token_user(token)
    return viewer(request)


def content_disposition(title: str, slug: str, fmt: str) -> str:
    """An ASCII file name for every client, and the real title for those that read filename*."""
    readable = "".join(ch for ch in title if ch.isprintable() and ch not in '/\\"').strip()[:120] or slug
    return f"attachment; filename=\"{slug}.{fmt}\"; filename*=UTF-8''{quote(f'{readable}.{fmt}')}"


def _file_response(source: Source, path: Path, fmt: str, revision: str) -> FileResponse:
    # FileResponse closes the file when the response is done.
    response = FileResponse(open(path, "rb"), content_type=CONTENT_TYPES[fmt])  # noqa: SIM115
    response["Content-Disposition"] = content_disposition(source.title, source.slug, fmt)
    response["ETag"] = f'"{revision}-{source.target.paper or "x"}"'
    # Restricted works and drafts must not sit in shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response


def _right_name(request: HttpRequest, slug: str) -> str:
    """This address with the file's current name, under the mount it was asked at
    (/downloads/… or a private catalog's /opds/u/TOKEN/downloads/…)."""
    match = request.resolver_match
    assert match is not None  # set for every request that reached a view
    url = reverse(match.view_name, kwargs={**match.kwargs, "slug": slug})
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


def _serve(request: HttpRequest, target: Target, user: User | None, slug: str) -> HttpResponseBase:
    source = Source.load(target, user)
    if source is None:
        raise Http404("No such work, or you may not see it.")
    if slug != source.slug:
        return redirect(_right_name(request, source.slug), permanent=True)
    revision = source.revision()
    path = target.path(revision)
    if request.headers.get("If-None-Match") == f'"{revision}-{target.paper or "x"}"' and path.exists():
        return HttpResponse(status=304)
    if path.exists():
        return _file_response(source, path, target.fmt, revision)
    if source.words <= inline_words(target.fmt):
        return _file_response(source, build(source, revision), target.fmt, revision)
    # Large: the task queue builds it while the reader sees a page that refreshes.
    if recent_failure(path):
        return render(request, "downloads/failed.html", {"title": source.title}, status=503)
    if claim_pending(path):
        build_download.enqueue(target.kind, target.pk, target.fmt, target.paper, user.pk if user else None)
        if path.exists():  # built already (tasks can run inline)
            return _file_response(source, path, target.fmt, revision)
    if recent_failure(path):
        return render(request, "downloads/failed.html", {"title": source.title}, status=503)
    response = render(
        request, "downloads/preparing.html", {"title": source.title, "fmt": target.fmt.upper()}, status=202
    )
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


def _paper(request: HttpRequest, fmt: str) -> str:
    if fmt != "pdf":
        return ""
    paper = request.GET.get("paper", "a5").lower()
    return paper if paper in PAPERS else "a5"


def work_download(
    request: HttpRequest, work_id: int, slug: str, fmt: str, token: str | None = None
) -> HttpResponseBase:
    user = _reader(request, token)
    return _serve(request, Target("work", int(work_id), fmt, _paper(request, fmt)), user, slug)


def series_download(
    request: HttpRequest, series_id: int, slug: str, fmt: str, token: str | None = None
) -> HttpResponseBase:
    user = _reader(request, token)
    return _serve(request, Target("series", int(series_id), fmt, _paper(request, fmt)), user, slug)
