"""Readers' buttons and lists on pages that other apps render, so works never imports community.

`{% work_feedback %}` on the work page: Kudos ♥, Bookmark, Subscribe, Mark for Later,
who left kudos, and the comments of the chapters shown — in a fixed number of
queries. `{% community_actions target %}` on user, series and tag pages: Subscribe
(and Bookmark for a series, Block and Mute for a user).
"""

from django import template
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import HttpRequest

from ficshelf.accounts.models import Block, Mute, User
from ficshelf.community.forms import CommentForm
from ficshelf.community.models import Bookmark, Comment, Kudos, Reading, Subscription
from ficshelf.community.models.comments import COMMENT_MAX_CHARS, CommentStatus, build_threads
from ficshelf.pagination import paginate
from ficshelf.tags.models import Tag
from ficshelf.works.models import Series, Work

register = template.Library()

KUDOS_NAMES_SHOWN = 50


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def kudos_sentence(names: list[str], users: int, guests: int) -> str:
    """AO3's line: "alice, bob and 3 guests left kudos on this work!" """
    parts = list(names)
    if users > len(names):
        parts.append(_plural(users - len(names), "more user"))
    if guests:
        parts.append(_plural(guests, "guest"))
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{listed} left kudos on this work!"


def _viewer_state(work: Work, user: User) -> dict:
    """The reader's bookmark, subscription and Marked for Later status: one query."""
    mine = {"user": user, "work": OuterRef("pk")}
    return (
        Work.objects.filter(pk=work.pk)
        .annotate(
            bookmark_id=Subquery(Bookmark.objects.filter(**mine).values("pk")[:1]),
            subscription_id=Subquery(Subscription.objects.filter(**mine).values("pk")[:1]),
            marked=Exists(Reading.objects.filter(**mine, marked_for_later=True)),
        )
        .values("bookmark_id", "subscription_id", "marked")
        .get()
    )


def _mark_permissions(comments: list[Comment], user: User, work: Work, is_creator: bool) -> None:
    registered = user.is_authenticated
    for comment in comments:
        comment.work = work
        mine = registered and comment.user_id == user.pk
        comment.can_edit = mine and not comment.deleted
        comment.can_delete = not comment.deleted and (
            mine or is_creator or (registered and user.is_moderator)
        )
        comment.can_approve = comment.status == CommentStatus.PENDING and (is_creator or user.is_moderator)
        comment.can_reply = not comment.deleted and comment.status == CommentStatus.PUBLISHED


@register.inclusion_tag("community/_work_feedback.html", takes_context=True)
def work_feedback(context) -> dict:
    request: HttpRequest = context["request"]
    user = request.user
    work: Work = context["work"]
    shown = list(context.get("shown") or [])
    chapter = shown[-1] if shown else None
    is_creator = work.is_creator(user)

    kudos = Kudos.objects.filter(work=work)
    tally = kudos.aggregate(
        users=Count("id", filter=Q(user__isnull=False)), guests=Count("id", filter=Q(user__isnull=True))
    )
    names = list(
        kudos.filter(user__isnull=False)
        .order_by("created_at", "id")
        .values_list("user__username", flat=True)[:KUDOS_NAMES_SHOWN]
        if tally["users"]
        else []
    )
    state = _viewer_state(work, user) if user.is_authenticated else {}

    seen = Comment.objects.seen_by(user, work).filter(chapter__in=[c.pk for c in shown])
    comment_total = seen.filter(status=CommentStatus.PUBLISHED, deleted=False).count()
    show_comments = request.GET.get("show_comments") == "true"
    threads, comments_page = [], None
    if show_comments and shown:
        roots = seen.filter(parent__isnull=True).select_related("user").order_by("created_at", "id")
        comments_page = paginate(request, roots, param="comments_page")
        top = list(comments_page.object_list)
        everything = list(
            seen.filter(thread__in=[c.pk for c in top])
            .select_related("user", "parent__user")
            .order_by("created_at", "id")
        )
        numbers = {c.pk: getattr(c, "number", c.position) for c in shown}
        for comment in everything:
            comment.chapter_number = numbers.get(comment.chapter_id)
        _mark_permissions(everything, user, work, is_creator)
        threads = build_threads(everything, top)

    return {
        "request": request,
        "user": user,
        "work": work,
        "chapter": chapter,
        "several_chapters": len(shown) > 1,
        "is_creator": is_creator,
        "kudos_sentence": kudos_sentence(names, tally["users"], tally["guests"]),
        "state": state,
        "comment_total": comment_total,
        "show_comments": show_comments,
        "threads": threads,
        "comments_page": comments_page,
        "comment_form": CommentForm(user=user),
        # Why this reader can't comment here (comments off, guests not allowed, blocked), or "".
        "comment_refusal": Comment.refusal(work, chapter, user, None) if chapter else "",
        "comment_max_chars": COMMENT_MAX_CHARS,
        "base_path": request.path,
        "csrf_token": context.get("csrf_token"),
    }


def _kind(target) -> str:
    if isinstance(target, Work):
        return "work"
    if isinstance(target, Series):
        return "series"
    if isinstance(target, User):
        return "creator"
    if isinstance(target, Tag):
        return "tag"
    raise template.TemplateSyntaxError(f"community_actions can't follow {type(target).__name__}")


@register.inclusion_tag("community/_community_actions.html", takes_context=True)
def community_actions(context, target) -> dict:
    """Subscribe/Unsubscribe (plus Bookmark for a series; Block and Mute for a user)."""
    request: HttpRequest = context["request"]
    user = request.user
    kind = _kind(target)
    result = {
        "request": request,
        "user": user,
        "kind": kind,
        "target": target,
        "csrf_token": context.get("csrf_token"),
    }
    if not user.is_authenticated or (kind == "creator" and target.pk == user.pk):
        return result | {"show": False}
    followable = not (kind == "tag" and not target.canonical)
    subscription = (
        Subscription.objects.filter(user=user, **{kind: target}).values_list("pk", flat=True).first()
    )
    result |= {"show": True, "followable": followable, "subscription_id": subscription}
    if kind == "series":
        result["bookmark_id"] = (
            Bookmark.objects.filter(user=user, series=target).values_list("pk", flat=True).first()
        )
    if kind == "creator":
        relations = {
            "blocked": Block.objects.filter(blocker=user, blocked=target),
            "muted": Mute.objects.filter(muter=user, muted=target),
        }
        result |= {name: rows.exists() for name, rows in relations.items()}
    return result
