"""Bookmarks of works and series: making, changing and deleting them, and the lists of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficshelf.accounts.http import AuthenticatedHttpRequest, viewer
from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests
from ficshelf.community.forms import BookmarkForm
from ficshelf.community.models import Bookmark
from ficshelf.community.views._shared import visible_work
from ficshelf.community.visitors import slow_down_message
from ficshelf.pagination import paginate
from ficshelf.works.models import Series, Work


def _bookmark_target(request: AuthenticatedHttpRequest, work_id: int | None, series_id: int | None) -> dict:
    if work_id is not None:
        return {"work": visible_work(request, work_id)}
    return {"series": get_object_or_404(Series.objects.visible_to(request.user), pk=series_id)}


@login_required
def new_bookmark(
    request: AuthenticatedHttpRequest, work_id: int | None = None, series_id: int | None = None
) -> HttpResponse:
    target = _bookmark_target(request, work_id, series_id)
    ((kind, item),) = target.items()
    existing = Bookmark.objects.filter(user=request.user, **target).first()
    if existing:
        messages.info(request, "You have already bookmarked that. You can change your bookmark here.")
        return redirect("community:edit_bookmark", bookmark_id=existing.pk)
    form = BookmarkForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if slow := slow_down_message(request, "bookmark"):
            form.add_error(None, slow)
            status = 429
        else:
            bookmark = form.save(commit=False)
            bookmark.user = request.user
            setattr(bookmark, kind, item)
            try:
                bookmark.save_changes(was_counted=False)
            except IntegrityError:  # a double-submitted form: the first one made it
                messages.info(request, "You have already bookmarked that.")
                return redirect("community:user_bookmarks", username=request.user.username)
            messages.success(request, "Bookmark was successfully created.")
            return redirect(bookmark)
    if form.errors and status == 200:
        status = 400
    return render(
        request, "community/bookmark_form.html", {"form": form, "target": item, "kind": kind}, status=status
    )


def _own_bookmark(request: AuthenticatedHttpRequest, bookmark_id: int) -> Bookmark:
    bookmark = get_object_or_404(Bookmark.objects.select_related("work", "series", "user"), pk=bookmark_id)
    if bookmark.user_id != request.user.pk:
        raise PermissionDenied("You can only change or delete your own bookmarks.")
    return bookmark


@login_required
def edit_bookmark(request: AuthenticatedHttpRequest, bookmark_id: int) -> HttpResponse:
    bookmark = _own_bookmark(request, bookmark_id)
    was_counted = bookmark.counts
    form = BookmarkForm(request.POST or None, instance=bookmark, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.save_changes(was_counted=was_counted)
        messages.success(request, "Bookmark was successfully updated.")
        return redirect(bookmark)
    return render(
        request,
        "community/bookmark_form.html",
        {
            "form": form,
            "target": bookmark.target,
            "kind": "work" if bookmark.work_id else "series",
            "bookmark": bookmark,
        },
        status=400 if form.errors else 200,
    )


@login_required
def delete_bookmark(request: AuthenticatedHttpRequest, bookmark_id: int) -> HttpResponse:
    bookmark = _own_bookmark(request, bookmark_id)
    if request.method == "POST":
        bookmark.remove()
        messages.success(request, "Bookmark was successfully deleted.")
        return redirect("community:user_bookmarks", username=request.user.username)
    return render(request, "community/bookmark_delete.html", {"bookmark": bookmark})


def _bookmarks_seen_by(reader: User | None) -> QuerySet[Bookmark]:
    """Bookmarks `reader` (None for a guest) may see: public (or their own), on works or
    series they may see, never by users they muted."""
    seen = Q(work__in=Work.objects.visible_to(reader)) | Q(series__in=Series.objects.visible_to(reader))
    bookmarks = Bookmark.objects.filter(seen)
    if reader is not None:
        return bookmarks.filter(Q(private=False) | Q(user=reader)).exclude(user__muted_by__muter=reader)
    return bookmarks.filter(private=False)


def _for_listing(bookmarks: QuerySet[Bookmark], reader: User | None) -> QuerySet[Bookmark]:
    return bookmarks.select_related("user", "series").prefetch_related(
        Prefetch("work", queryset=Work.objects.for_blurbs(reader)), "series__pseuds__user"
    )


@cacheable_for_guests
def bookmark_detail(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    reader = viewer(request)
    bookmark = get_object_or_404(_for_listing(_bookmarks_seen_by(reader), reader), pk=bookmark_id)
    return render(request, "community/bookmark.html", {"bookmark": bookmark})


@cacheable_for_guests
def user_bookmarks(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner.username != username:
        return redirect("community:user_bookmarks", username=owner.username)
    reader = viewer(request)
    bookmarks = _bookmarks_seen_by(reader).filter(user=owner)
    if request.GET.get("recs_only") == "true":
        bookmarks = bookmarks.filter(rec=True)
    page = paginate(request, _for_listing(bookmarks, reader).order_by("-created_at", "-id"))
    return render(
        request,
        "community/user_bookmarks.html",
        {
            "owner": owner,
            "page": page,
            "muted": reader is not None and reader.has_muted(owner),
            "recs_only": request.GET.get("recs_only") == "true",
        },
    )


@cacheable_for_guests
def work_bookmarks(request: HttpRequest, work_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    bookmarks = _bookmarks_seen_by(viewer(request)).filter(work=work)
    page = paginate(request, bookmarks.select_related("user").order_by("-created_at", "-id"))
    return render(request, "community/work_bookmarks.html", {"work": work, "page": page})
