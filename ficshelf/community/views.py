"""Readers' pages and buttons: kudos, comments, bookmarks, subscriptions, inbox, history, stats.

Every button is a plain form that works with JavaScript off. Views stay thin: the
models say what is allowed (raising Refused with a message for the reader).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ficshelf.accounts.models import User
from ficshelf.community import notify, tasks
from ficshelf.community.forms import BookmarkForm, CommentEditForm, CommentForm
from ficshelf.community.models import (
    Bookmark,
    Comment,
    Kudos,
    Notification,
    Reading,
    Subscription,
    WorkStats,
)
from ficshelf.community.models._base import Refused
from ficshelf.community.models.comments import COMMENT_MAX_DEPTH, CommentStatus, build_threads
from ficshelf.community.visitors import ip_hash, slow_down_message
from ficshelf.pagination import paginate
from ficshelf.tags.models import Tag
from ficshelf.works.models import Chapter, Series, Work


def _visible_work(request: HttpRequest, work_id: int) -> Work:
    return get_object_or_404(Work.objects.visible_to(request.user).for_blurbs(), pk=work_id)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (a same-site `next`), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _own_page(request: HttpRequest, username: str, what: str) -> User:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner != request.user:
        raise PermissionDenied(f"You can only see your own {what}.")
    return owner


# Kudos


@require_POST
def kudos(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    if slow := slow_down_message(request, "kudos"):
        messages.error(request, slow)
    else:
        try:
            Kudos.leave(work, request.user, ip_hash(request))
        except Refused as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, "Thank you for leaving kudos!")
    return _back(request, f"{work.get_absolute_url()}#kudos")


# Comments


def _comment_page(
    request: HttpRequest, form, *, work: Work, chapter: Chapter | None, parent=None, status=200
):
    return render(
        request,
        "community/comment_form.html",
        {
            "form": form,
            "work": work,
            "chapter": chapter,
            "parent": parent,
            "next": request.POST.get("next", ""),
        },
        status=status,
    )


def _post_comment(request: HttpRequest, work: Work, chapter: Chapter | None, parent: Comment | None):
    form = CommentForm(request.POST, user=request.user)
    if not form.is_valid():
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=400)
    registered = request.user.is_authenticated
    if slow := slow_down_message(request, "comment" if registered else "guest_comment"):
        form.add_error(None, slow)
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=429)
    try:
        comment = Comment.post(
            work=work,
            chapter=chapter,
            user=request.user,
            text=form.cleaned_data["body"],
            parent=parent,
            guest_name=form.cleaned_data.get("name", ""),
            guest_email=form.cleaned_data.get("email", ""),
            ip_hash=ip_hash(request),
        )
    except Refused as refusal:
        form.add_error(None, refusal.messages[0])
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=400)
    tasks.notify_comment.enqueue(comment.pk)
    if comment.status == CommentStatus.PENDING:
        messages.success(
            request, "Your comment was received. It will appear once the work's creator approves it."
        )
        return _back(request, f"{chapter.get_absolute_url()}#comments")
    if comment.depth > COMMENT_MAX_DEPTH:
        messages.success(
            request,
            f"Comment created! Threads nest {COMMENT_MAX_DEPTH} levels deep, so your reply is shown "
            "beside the comment it answers, marked as a reply to it.",
        )
    else:
        messages.success(request, "Comment created!")
    return _back(request, f"{chapter.get_absolute_url()}?show_comments=true#comment_{comment.pk}")


def new_comment(request: HttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    chapter = work.chapters.filter(pk=chapter_id).first()
    if request.method != "POST":
        if chapter is None:
            raise Http404("That chapter no longer exists.")
        return redirect(f"{chapter.get_absolute_url()}?show_comments=true#comments")
    return _post_comment(request, work, chapter, parent=None)


def _seen_comment(request: HttpRequest, comment_id: int) -> Comment:
    """A comment this reader may see, on a work they may see; otherwise 404."""
    comment = get_object_or_404(Comment.objects.select_related("chapter", "user"), pk=comment_id)
    work = _visible_work(request, comment.work_id)
    if not Comment.objects.seen_by(request.user, work).filter(pk=comment.pk).exists():
        raise Http404("That comment is not visible to you.")
    comment.work = work
    return comment


def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = _seen_comment(request, comment_id)
    work, chapter = parent.work, parent.chapter
    if request.method == "POST":
        return _post_comment(request, work, chapter, parent=parent)
    form = CommentForm(user=request.user)
    if reason := Comment.refusal(work, chapter, request.user, parent):
        messages.error(request, reason)
    return _comment_page(request, form, work=work, chapter=chapter, parent=parent)


def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One comment and the replies under it: where inbox links and "Thread" links lead."""
    comment = _seen_comment(request, comment_id)
    work = comment.work
    descendants = list(
        Comment.objects.seen_by(request.user, work)
        .filter(thread_id=comment.thread_id)
        .select_related("user", "parent__user")
        .order_by("created_at", "id")
    )
    # Keep only this comment's subtree.
    keep, by_parent = {comment.pk}, {}
    for c in descendants:
        by_parent.setdefault(c.parent_id, []).append(c)
    stack = [comment.pk]
    while stack:
        for child in by_parent.get(stack.pop(), []):
            keep.add(child.pk)
            stack.append(child.pk)
    subtree = [c for c in descendants if c.pk in keep]
    for c in subtree:
        c.work = work
    threads = build_threads(subtree, [comment])
    return render(
        request,
        "community/comment_thread.html",
        {"work": work, "chapter": comment.chapter, "threads": threads, "comment": comment},
    )


@login_required
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _seen_comment(request, comment_id)
    if not comment.editable_by(request.user):
        raise PermissionDenied("You can only edit your own comments.")
    form = CommentEditForm(request.POST or None, comment=comment, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comment.edit(form.cleaned_data["body"])
        messages.success(request, "Comment was successfully updated.")
        return redirect(f"{comment.chapter.get_absolute_url()}?show_comments=true#comment_{comment.pk}")
    return render(
        request,
        "community/comment_edit.html",
        {"form": form, "comment": comment, "work": comment.work},
        status=400 if form.errors else 200,
    )


def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _seen_comment(request, comment_id)
    if not comment.deletable_by(request.user):
        raise PermissionDenied("Only the comment's author, the work's creators and moderators can delete it.")
    if request.method == "POST":
        if comment.remove():
            messages.success(request, "Comment deleted.")
        else:
            messages.info(request, "That comment was already deleted.")
        return redirect(f"{comment.chapter.get_absolute_url()}?show_comments=true#comments")
    return render(request, "community/comment_delete.html", {"comment": comment, "work": comment.work})


@login_required
@require_POST
def approve_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _seen_comment(request, comment_id)
    if not (comment.work.is_creator(request.user) or request.user.is_moderator):
        raise PermissionDenied("Only the work's creators can approve its comments.")
    if comment.approve():
        tasks.notify_comment.enqueue(comment.pk)
        messages.success(request, "Comment approved: readers can see it now.")
    else:
        messages.info(request, "That comment was already approved.")
    return _back(request, f"{comment.chapter.get_absolute_url()}?show_comments=true#comment_{comment.pk}")


# Bookmarks


def _bookmark_target(request: HttpRequest, work_id: int | None, series_id: int | None) -> dict:
    if work_id is not None:
        return {"work": _visible_work(request, work_id)}
    return {"series": get_object_or_404(Series.objects.visible_to(request.user), pk=series_id)}


@login_required
def new_bookmark(
    request: HttpRequest, work_id: int | None = None, series_id: int | None = None
) -> HttpResponse:
    target = _bookmark_target(request, work_id, series_id)
    ((kind, item),) = target.items()
    existing = Bookmark.objects.filter(user=request.user, **target).first()
    if existing:
        messages.info(request, "You have already bookmarked that. You can change your bookmark here.")
        return redirect(f"/bookmarks/{existing.pk}/edit")
    form = BookmarkForm(request.POST or None)
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
                return redirect(f"/users/{request.user.username}/bookmarks")
            messages.success(request, "Bookmark was successfully created.")
            return redirect(bookmark)
    if form.errors and status == 200:
        status = 400
    return render(
        request, "community/bookmark_form.html", {"form": form, "target": item, "kind": kind}, status=status
    )


def _own_bookmark(request: HttpRequest, bookmark_id: int) -> Bookmark:
    bookmark = get_object_or_404(Bookmark.objects.select_related("work", "series", "user"), pk=bookmark_id)
    if bookmark.user_id != request.user.pk:
        raise PermissionDenied("You can only change or delete your own bookmarks.")
    return bookmark


@login_required
def edit_bookmark(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    bookmark = _own_bookmark(request, bookmark_id)
    was_counted = bookmark.counts
    form = BookmarkForm(request.POST or None, instance=bookmark)
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
def delete_bookmark(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    bookmark = _own_bookmark(request, bookmark_id)
    if request.method == "POST":
        bookmark.remove()
        messages.success(request, "Bookmark was successfully deleted.")
        return redirect(f"/users/{request.user.username}/bookmarks")
    return render(request, "community/bookmark_delete.html", {"bookmark": bookmark})


def _bookmarks_seen_by(viewer: User):
    """Bookmarks `viewer` may see: public (or their own), on works or series they may see,
    never by users they muted."""
    seen = Q(work__in=Work.objects.visible_to(viewer)) | Q(series__in=Series.objects.visible_to(viewer))
    bookmarks = Bookmark.objects.filter(seen)
    if viewer.is_authenticated:
        return bookmarks.filter(Q(private=False) | Q(user=viewer)).exclude(user__muted_by__muter=viewer)
    return bookmarks.filter(private=False)


def _for_listing(bookmarks):
    return bookmarks.select_related("user", "series").prefetch_related(
        Prefetch("work", queryset=Work.objects.for_blurbs()), "series__pseuds__user"
    )


def bookmark_detail(request: HttpRequest, bookmark_id: int) -> HttpResponse:
    bookmark = get_object_or_404(_for_listing(_bookmarks_seen_by(request.user)), pk=bookmark_id)
    return render(request, "community/bookmark.html", {"bookmark": bookmark})


def user_bookmarks(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner.username != username:
        return redirect(f"/users/{owner.username}/bookmarks")
    bookmarks = _bookmarks_seen_by(request.user).filter(user=owner)
    if request.GET.get("recs_only") == "true":
        bookmarks = bookmarks.filter(rec=True)
    page = paginate(request, _for_listing(bookmarks).order_by("-created_at", "-id"))
    return render(
        request,
        "community/user_bookmarks.html",
        {
            "owner": owner,
            "page": page,
            "muted": request.user.is_authenticated and request.user.has_muted(owner),
            "recs_only": request.GET.get("recs_only") == "true",
        },
    )


def work_bookmarks(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    bookmarks = _bookmarks_seen_by(request.user).filter(work=work)
    page = paginate(request, bookmarks.select_related("user").order_by("-created_at", "-id"))
    return render(request, "community/work_bookmarks.html", {"work": work, "page": page})


# Subscriptions


def _subscription_target(request: HttpRequest, kind: str, target_id: str) -> dict:
    """The thing named by a subscribe form, if this reader may see it; 404 for anything else."""
    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        raise Http404("There is nothing to subscribe to there.") from None
    if kind == "work":
        return {"work": _visible_work(request, pk)}
    if kind == "series":
        return {"series": get_object_or_404(Series.objects.visible_to(request.user), pk=pk)}
    if kind == "creator":
        return {"creator": get_object_or_404(User, pk=pk, is_active=True)}
    if kind == "tag":
        return {"tag": get_object_or_404(Tag, pk=pk)}
    raise Http404("There is nothing to subscribe to there.")


@login_required
def subscriptions(request: HttpRequest, username: str) -> HttpResponse:
    owner = _own_page(request, username, "subscriptions")
    if request.method == "POST":
        target = _subscription_target(
            request, request.POST.get("subscribable_type", ""), request.POST.get("subscribable_id")
        )
        if slow := slow_down_message(request, "subscribe"):
            messages.error(request, slow)
        else:
            try:
                subscription = Subscription.follow(owner, **target)
            except Refused as refusal:
                messages.error(request, refusal.messages[0])
            else:
                messages.success(
                    request,
                    f"You are now following {subscription.target}. You'll hear about updates in your inbox.",
                )
        return _back(request, f"/users/{owner.username}/subscriptions")
    rows = Subscription.objects.filter(user=owner).select_related("work", "creator", "series", "tag")
    kind = request.GET.get("type", "")
    if kind in Subscription.TARGETS:
        rows = rows.filter(**{f"{kind}__isnull": False})
    return render(
        request,
        "community/subscriptions.html",
        {"owner": owner, "page": paginate(request, rows), "kind": kind, "kinds": Subscription.TARGETS},
    )


@login_required
@require_POST
def unsubscribe(request: HttpRequest, username: str, subscription_id: int) -> HttpResponse:
    owner = _own_page(request, username, "subscriptions")
    subscription = Subscription.objects.filter(user=owner, pk=subscription_id).first()
    if subscription is None:
        messages.info(request, "You were not subscribed to that; nothing changed.")
    else:
        target = subscription.target
        subscription.delete()
        messages.success(request, f"You have unsubscribed from {target}.")
    return _back(request, f"/users/{owner.username}/subscriptions")


@csrf_exempt  # mail clients POST one-click unsubscribes (RFC 8058) without a CSRF token; the signed token guards it
def unsubscribe_emails(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from digest mail. GET asks (link scanners follow links); POST does it."""
    user = notify.user_for_unsubscribe_token(token)
    if user is None:
        return render(
            request,
            "community/unsubscribe.html",
            {"invalid": True},
            status=400,
        )
    done = False
    if request.method == "POST":
        User.objects.filter(pk=user.pk).update(digest_emails=False)
        done = True
    return render(request, "community/unsubscribe.html", {"subscriber": user, "done": done, "token": token})


# Inbox


INBOX_ACTIONS = {"read": "Marked as read.", "unread": "Marked as unread.", "delete": "Deleted."}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = Notification.objects.filter(recipient=user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # Only ids of the reader's own notifications act: forged ids match nothing.
        chosen = mine.filter(pk__in=[i for i in request.POST.getlist("notification_ids") if i.isdigit()])
        if action not in INBOX_ACTIONS:
            messages.error(request, "Choose Mark Read, Mark Unread or Delete.")
        elif not chosen.exists():
            messages.error(request, "Select at least one item first.")
        else:
            if action == "read":
                n = chosen.filter(read_at__isnull=True).update(read_at=timezone.now())
            elif action == "unread":
                n = chosen.update(read_at=None)
            else:
                n = chosen.delete()[0]
            messages.success(request, f"{INBOX_ACTIONS[action]} ({n} item{'s' if n != 1 else ''})")
        return _back(request, "/inbox")
    shown = mine.exclude(comment__user__muted_by__muter=user)
    filter_ = request.GET.get("filter", "")
    if filter_ == "unread":
        shown = shown.filter(read_at__isnull=True)
    elif filter_ == "read":
        shown = shown.filter(read_at__isnull=False)
    shown = shown.select_related(
        "work", "chapter", "comment__user", "comment__chapter", "comment__parent__user"
    )
    return render(
        request,
        "community/inbox.html",
        {
            "page": paginate(request, shown),
            "filter": filter_,
            "unread_count": mine.filter(read_at__isnull=True).count(),
        },
    )


# Reading history and Marked for Later


@login_required
@require_POST
def mark_for_later(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    if not request.user.marked_for_later_enabled:
        messages.error(
            request, "You have turned Marked for Later off. Turn it on in your preferences to use it."
        )
        return _back(request, work.get_absolute_url())
    now = timezone.now()
    if not Reading.objects.filter(user=request.user, work=work).update(marked_for_later=True, marked_at=now):
        try:
            Reading.objects.create(user=request.user, work=work, marked_for_later=True, marked_at=now)
        except IntegrityError:  # a double click raced the first one
            Reading.objects.filter(user=request.user, work=work).update(marked_for_later=True, marked_at=now)
    messages.success(request, "This work was added to your Marked for Later list.")
    return _back(request, work.get_absolute_url())


@login_required
@require_POST
def mark_as_read(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    Reading.objects.filter(user=request.user, work=work).update(marked_for_later=False, marked_at=None)
    messages.success(request, "This work was removed from your Marked for Later list.")
    return _back(request, work.get_absolute_url())


@login_required
def readings(request: HttpRequest, username: str) -> HttpResponse:
    owner = _own_page(request, username, "history")
    to_read = request.GET.get("show") == "to-read"
    rows = Reading.objects.filter(user=owner, work__in=Work.objects.visible_to(owner))
    if to_read:
        rows = rows.filter(marked_for_later=True).order_by("-marked_at", "-id")
        enabled = owner.marked_for_later_enabled
    else:
        rows = rows.filter(last_viewed_at__isnull=False).order_by("-last_viewed_at", "-id")
        enabled = owner.history_enabled
    rows = rows.select_related("chapter").prefetch_related(
        Prefetch("work", queryset=Work.objects.for_blurbs())
    )
    return render(
        request,
        "community/readings.html",
        {"owner": owner, "page": paginate(request, rows), "to_read": to_read, "enabled": enabled},
    )


@login_required
@require_POST
def forget_reading(request: HttpRequest, username: str, reading_id: int) -> HttpResponse:
    owner = _own_page(request, username, "history")
    Reading.objects.filter(user=owner, pk=reading_id, marked_for_later=False).delete()
    Reading.objects.filter(user=owner, pk=reading_id).update(last_viewed_at=None, chapter=None, views=0)
    messages.success(request, "Removed from your history.")
    return redirect(f"/users/{owner.username}/readings")


@login_required
@require_POST
def clear_history(request: HttpRequest, username: str) -> HttpResponse:
    owner = _own_page(request, username, "history")
    Reading.objects.filter(user=owner, marked_for_later=False).delete()
    Reading.objects.filter(user=owner).update(last_viewed_at=None, chapter=None, views=0)
    messages.success(request, "Your history was cleared. Works you marked for later are still marked.")
    return redirect(f"/users/{owner.username}/readings")


# Creator stats


@login_required
def work_stats(request: HttpRequest, work_id: int) -> HttpResponse:
    work = _visible_work(request, work_id)
    if not (work.is_creator(request.user) or request.user.is_moderator):
        raise PermissionDenied("Only the work's creators can see its stats.")
    by_month = request.GET.get("by") == "month"
    fields = ("hits", "kudos", "comments", "bookmarks", "subscriptions")
    days = WorkStats.objects.filter(work=work)
    if by_month:
        rows = list(
            days.annotate(period=TruncMonth("day"))
            .values("period")
            .annotate(**{f: Sum(f) for f in fields})
            .order_by("-period")
        )
    else:
        rows = list(days.order_by("-day").values("day", *fields)[:90])
        for row in rows:
            row["period"] = row.pop("day")
    peak = max((row["hits"] for row in rows), default=0) or 1
    for row in rows:
        row["hits_percent"] = round(100 * row["hits"] / peak)
    totals = {
        "hits": work.hit_count,
        "kudos": work.kudos_count,
        "comments": work.comment_count,
        "bookmarks": work.bookmark_count,
        **Subscription.objects.filter(work=work).aggregate(subscriptions=Count("id")),
    }
    return render(
        request,
        "community/work_stats.html",
        {"work": work, "rows": rows, "totals": totals, "by_month": by_month, "fields": fields},
    )
