"""Comments and replies: posting, the thread page, editing, deleting and approving held ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficshelf import auditing
from ficshelf.accounts.decorators import verified_email_to_write
from ficshelf.accounts.http import AuthenticatedHttpRequest, viewer
from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests
from ficshelf.community import tasks
from ficshelf.community.forms import CommentEditForm, CommentForm, ModeratorReasonForm
from ficshelf.community.guest_forms import guest_form, refused
from ficshelf.community.models._base import Refused
from ficshelf.community.models.comments import COMMENT_MAX_DEPTH, Comment, CommentStatus, build_threads
from ficshelf.community.views._shared import back, visible_work
from ficshelf.community.visitors import ip_hash, slow_down_message
from ficshelf.works.models import Chapter, Work


def _comment_page(
    request: HttpRequest,
    form: CommentForm,
    *,
    work: Work,
    chapter: Chapter | None,
    parent: Comment | None = None,
    status: int = 200,
) -> HttpResponse:
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


def _post_comment(
    request: HttpRequest, work: Work, chapter: Chapter | None, parent: Comment | None
) -> HttpResponse:
    user = viewer(request)
    form = CommentForm(request.POST, user=user)
    if reason := refused(request):
        form.is_valid()  # so the page shows what was typed, to send again
        form.add_error(None, reason)
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=403)
    if not form.is_valid():
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=400)
    if slow := slow_down_message(request, "comment" if user is not None else "guest_comment"):
        form.add_error(None, slow)
        return _comment_page(request, form, work=work, chapter=chapter, parent=parent, status=429)
    try:
        comment = Comment.post(
            work=work,
            chapter=chapter,
            user=user,
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
        return back(request, f"{comment.chapter.get_absolute_url()}#comments")
    if comment.depth > COMMENT_MAX_DEPTH:
        messages.success(
            request,
            f"Comment created! Threads nest {COMMENT_MAX_DEPTH} levels deep, so your reply is shown "
            "beside the comment it answers, marked as a reply to it.",
        )
    else:
        messages.success(request, "Comment created!")
    return back(request, f"{comment.chapter.get_absolute_url()}?show_comments=true#comment_{comment.pk}")


@guest_form
@verified_email_to_write
def new_comment(request: HttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    chapter = work.chapters.filter(pk=chapter_id).first()
    if request.method != "POST":
        # A draft chapter answers as a missing one does, so nobody learns it exists.
        shown = work.visible_chapters_queryset(viewer(request)).filter(pk=chapter_id).first()
        if shown is None:
            raise Http404("That chapter no longer exists.")
        return redirect(f"{shown.get_absolute_url()}?show_comments=true#comments")
    return _post_comment(request, work, chapter, parent=None)


def _seen_comment(request: HttpRequest, comment_id: int) -> Comment:
    """A comment this reader may see, on a work they may see; otherwise 404."""
    comment = get_object_or_404(Comment.objects.select_related("chapter", "user"), pk=comment_id)
    work = visible_work(request, comment.work_id)
    if not Comment.objects.seen_by(viewer(request), work).filter(pk=comment.pk).exists():
        raise Http404("That comment is not visible to you.")
    comment.work = work
    return comment


@verified_email_to_write
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = _seen_comment(request, comment_id)
    work, chapter = parent.work, parent.chapter
    if request.method == "POST":
        return _post_comment(request, work, chapter, parent=parent)
    user = viewer(request)
    form = CommentForm(user=user)
    if reason := Comment.refusal(work, chapter, user, parent):
        messages.error(request, reason)
    return _comment_page(request, form, work=work, chapter=chapter, parent=parent)


@cacheable_for_guests
def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One comment and the replies under it: where inbox links and "Thread" links lead."""
    comment = _seen_comment(request, comment_id)
    work = comment.work
    descendants = list(
        Comment.objects.seen_by(viewer(request), work)
        .filter(thread_id=comment.thread_id)
        .select_related("user", "parent__user")
        .order_by("created_at", "id")
    )
    # Keep only this comment's subtree.
    keep = {comment.pk}
    by_parent: dict[int | None, list[Comment]] = {}
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
def edit_comment(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
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


def _report(
    moderator: User | None, action: str, comment: Comment, reason: str, before: dict, after: dict | None
) -> None:
    auditing.report(
        moderator, action, comment, reason=reason, before=before, after=after, source=auditing.Source.PAGE
    )


def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _seen_comment(request, comment_id)
    user = viewer(request)
    if not comment.deletable_by(user):
        raise PermissionDenied("Only the comment's author, the work's creators and moderators can delete it.")
    # A moderator deleting someone else's comment says why, for the audit log.
    form = ModeratorReasonForm(request.POST or None) if comment.moderated_by(user) else None
    if request.method == "POST" and (form is None or form.is_valid()):
        with transaction.atomic():
            before = comment.audit_values()
            removed = comment.remove()
            if removed and form is not None:
                # A comment with replies stays as a placeholder; one without is gone.
                after = comment.audit_values() if comment.deleted else None
                _report(user, "comment.delete", comment, form.cleaned_data["reason"], before, after)
        if removed:
            messages.success(request, "Comment deleted.")
        else:
            messages.info(request, "That comment was already deleted.")
        return redirect(f"{comment.chapter.get_absolute_url()}?show_comments=true#comments")
    return render(
        request,
        "community/comment_delete.html",
        {"comment": comment, "work": comment.work, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def approve_comment(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
    comment = _seen_comment(request, comment_id)
    if not (comment.work.is_creator(request.user) or request.user.is_moderator):
        raise PermissionDenied("Only the work's creators can approve its comments.")
    with transaction.atomic():
        before = comment.audit_values()
        approved = comment.approve()
        if approved and comment.moderated_by(request.user):
            _report(request.user, "comment.approve", comment, "", before, comment.audit_values())
    if approved:
        tasks.notify_comment.enqueue(comment.pk)
        messages.success(request, "Comment approved: readers can see it now.")
    else:
        messages.info(request, "That comment was already approved.")
    return back(request, f"{comment.chapter.get_absolute_url()}?show_comments=true#comment_{comment.pk}")
