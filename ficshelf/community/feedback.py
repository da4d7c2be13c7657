"""The feedback block under a work: Kudos ♥, Bookmark, Subscribe, Mark for Later, who left
kudos, and the comments of the chapters shown, in a fixed number of queries.

The works app renders the page but may not import community, so the page reaches
this through the `{% work_feedback %}` template tag, which only calls work_feedback().
"""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import HttpRequest

from ficshelf.accounts.http import viewer
from ficshelf.accounts.models import User
from ficshelf.community.forms import CommentForm
from ficshelf.community.models import Bookmark, Kudos, Reading, Subscription
from ficshelf.community.models.comments import COMMENT_MAX_CHARS, Comment, CommentStatus, build_threads
from ficshelf.pagination import paginate
from ficshelf.works.models import Chapter, Work

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


def _kudos_line(work: Work, user: User | None) -> str:
    """The kudos sentence for `work` as `user` sees it (nobody they muted named or counted):
    two queries, one when nobody registered left kudos."""
    kudos = Kudos.objects.filter(work=work)
    if user is not None:
        kudos = kudos.exclude(user__muted_by__muter=user)
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
    return kudos_sentence(names, tally["users"], tally["guests"])


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


def _mark_permissions(comments: list[Comment], user: User | None, work: Work, is_creator: bool) -> None:
    moderator = user is not None and user.is_moderator
    for comment in comments:
        comment.work = work
        mine = user is not None and comment.user_id == user.pk
        comment.can_edit = mine and not comment.deleted
        comment.can_delete = not comment.deleted and (mine or is_creator or moderator)
        comment.can_approve = comment.status == CommentStatus.PENDING and (is_creator or moderator)
        comment.can_reply = not comment.deleted and comment.status == CommentStatus.PUBLISHED


def work_feedback(request: HttpRequest, work: Work, shown: list[Chapter]) -> dict:
    """What `community/_work_feedback.html` shows under `work` with the chapters `shown`.

    New comments go on the last chapter shown. The comments themselves are loaded
    only when the reader asked for them (?show_comments=true), a page of threads at
    a time (?comments_page=N).
    """
    user = viewer(request)
    chapter = shown[-1] if shown else None
    is_creator = work.is_creator(user)
    kudos_line = _kudos_line(work, user)
    state = _viewer_state(work, user) if user is not None else {}

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
        "work": work,
        "chapter": chapter,
        "several_chapters": len(shown) > 1,
        "is_creator": is_creator,
        "kudos_sentence": kudos_line,
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
    }
