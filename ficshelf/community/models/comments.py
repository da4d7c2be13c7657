"""Comments on chapters, their threads, and who may post, edit, delete or approve them."""

import datetime
import re

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from ficshelf.accounts.models import Block, User
from ficshelf.community.models._base import BLOCKED_MESSAGE, Refused, blocked_by_creator, version_field
from ficshelf.community.models.stats import WorkStats, bump_work
from ficshelf.text import SanitizedHTML, TooDeeplyNested, html_from_input, sanitize, visible_text
from ficshelf.works.models import Chapter, Work
from ficshelf.works.models.sanitized import SanitizedHTMLModel
from ficshelf.works.models.work import CommentPermission

# AO3's limits: a comment holds 10,000 characters; threads nest 5 levels, then run flat.
COMMENT_MAX_CHARS = 10_000
COMMENT_MAX_DEPTH = 5
GUEST_MAX_LINKS = 2
_LINK = re.compile(r"https?://|www\.|<a\s", re.IGNORECASE)


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting the creator's approval"


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.PUBLISHED)

    def seen_by(self, user: User | None, work: Work | None = None) -> "CommentQuerySet":
        """Comments `user` sees: published ones (held ones too for the work's creators and
        moderators), never those by users they muted."""
        if user is None or not user.is_authenticated:
            return self.published()
        shown = self.exclude(user__muted_by__muter=user)
        if user.is_moderator or (work is not None and work.is_creator(user)):
            return shown
        return shown.filter(status=CommentStatus.PUBLISHED)


class Comment(SanitizedHTMLModel):
    """A comment on a chapter, or a reply to another. Deleting one with replies keeps its
    place in the thread ("Previous comment deleted.")."""

    sanitized_fields = ("body",)

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top of this comment's thread (itself for a top-level comment): one query loads a thread.
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread_comments"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    guest_name = models.CharField(max_length=100, blank=True)
    guest_email = models.EmailField(blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    body = models.TextField()
    body_sanitizer_version = version_field()
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED)
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    # For display only, never stored. Set by build_threads():
    shown_replies: list["Comment"]
    replying_to: "Comment | None"
    display_depth: int
    # Set by ficshelf.community.feedback for the work page (absent on other pages):
    chapter_number: int | None
    can_edit: bool
    can_delete: bool
    can_approve: bool
    can_reply: bool

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["chapter", "parent", "created_at"]),
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["work", "status"]),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_name} on {self.work_id}"

    def get_absolute_url(self) -> str:
        return reverse("community:comment", kwargs={"comment_id": self.pk})

    @property
    def author_name(self) -> str:
        if self.user is not None:
            return self.user.username
        return self.guest_name or "(Account deleted)"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None and bool(self.guest_name)

    @property
    def counts(self) -> bool:
        """Whether this comment is in the work's comment count."""
        return self.status == CommentStatus.PUBLISHED and not self.deleted

    @staticmethod
    def clean_body(text: str, guest: bool) -> SanitizedHTML:
        """The sanitized HTML for what a reader typed, or Refused with what to fix.

        post() and edit() take either what the reader typed or this method's result
        (as the comment forms pass it), which they do not sanitize again.
        """
        if isinstance(text, SanitizedHTML):
            return text
        if len(text) > COMMENT_MAX_CHARS:
            raise Refused(
                f"Comments may have at most {COMMENT_MAX_CHARS:,} characters; this one has {len(text):,}. "
                "Please shorten it or split it into two comments."
            )
        try:
            html = sanitize(html_from_input(text, "html"))
        except TooDeeplyNested as error:
            raise Refused(str(error)) from None
        if not visible_text(html).strip():
            raise Refused("Your comment is empty. Please write something.")
        if guest and len(_LINK.findall(text)) > GUEST_MAX_LINKS:
            raise Refused(
                f"Comments from guests may have at most {GUEST_MAX_LINKS} links. Log in to post more."
            )
        return html

    @classmethod
    def refusal(cls, work: Work, chapter: Chapter | None, user: User | None, parent: "Comment | None") -> str:
        """Why `user` may not comment here, or "" when they may."""
        registered = user is not None and user.is_authenticated
        if chapter is None or not chapter.posted or chapter.work_id != work.pk:
            return "That chapter no longer exists, so it can't take comments."
        if not work.posted:
            return "Comments can only be left on posted works."
        if work.comment_permission == CommentPermission.NOBODY:
            return "Sorry, this work doesn't allow comments."
        if work.comment_permission == CommentPermission.REGISTERED and not registered:
            return "Sorry, this work doesn't allow non-Archive users to comment. Please log in."
        if blocked_by_creator(work, user):
            return BLOCKED_MESSAGE
        if parent is not None:
            if parent.chapter_id != chapter.pk:
                return "You can only reply to a comment on the same chapter."
            if parent.deleted:
                return "That comment was deleted, so it can't take replies."
            if parent.status != CommentStatus.PUBLISHED:
                return "That comment is awaiting approval and can't take replies yet."
            if (
                registered
                and parent.user_id
                and Block.objects.filter(blocker_id=parent.user_id, blocked=user).exists()
            ):
                return "Sorry, you have been blocked by that comment's author."
        return ""

    @classmethod
    def post(
        cls,
        *,
        work: Work,
        chapter: Chapter | None,
        user: User | None,
        text: str,
        parent: "Comment | None" = None,
        guest_name: str = "",
        guest_email: str = "",
        ip_hash: str = "",
    ) -> "Comment":
        """Post a comment or reply, or raise Refused with what went wrong."""
        registered = user is not None and user.is_authenticated
        if reason := cls.refusal(work, chapter, user, parent):
            raise Refused(reason)
        body = cls.clean_body(text, guest=not registered)
        with transaction.atomic():
            # Lock the chapter row: a chapter deleted mid-post must not be left with orphans,
            # and a double-submitted form must see the first submission.
            if (
                chapter is None
                or not Chapter.objects.select_for_update().filter(pk=chapter.pk, posted=True).exists()
            ):
                raise Refused("That chapter no longer exists, so it can't take comments.")
            author: dict[str, object] = (
                {"user": user} if registered else {"guest_name": guest_name, "guest_email": guest_email}
            )
            recent = timezone.now() - datetime.timedelta(minutes=10)
            if cls.objects.filter(
                chapter=chapter, parent=parent, body=body, created_at__gte=recent, deleted=False, **author
            ).exists():
                raise Refused("You've already left this comment here. :)")
            held = not registered and work.moderate_guest_comments
            comment = cls(
                work=work,
                chapter=chapter,
                parent=parent,
                thread=parent.thread if parent else None,
                depth=parent.depth + 1 if parent else 1,
                body=body,
                ip_hash=ip_hash,
                status=CommentStatus.PENDING if held else CommentStatus.PUBLISHED,
                **author,
            )
            comment.save()
            if comment.thread_id is None:
                comment.thread = comment
                cls.objects.filter(pk=comment.pk).update(thread=comment)
            if comment.counts:
                bump_work(work.pk, "comment_count", 1)
                WorkStats.bump(work.pk, "comments")
        return comment

    def editable_by(self, user: User | None) -> bool:
        return bool(user and user.is_authenticated and self.user_id == user.pk and not self.deleted)

    def deletable_by(self, user: User | None) -> bool:
        if user is None or not user.is_authenticated or self.deleted:
            return False
        return self.user_id == user.pk or user.is_moderator or self.work.is_creator(user)

    def moderated_by(self, user: User | None) -> bool:
        """True when `user` acts on this comment as a moderator: neither its author nor a
        creator of its work. Such deletions and approvals go to the audit log."""
        return bool(user and user.is_moderator and self.user_id != user.pk and not self.work.is_creator(user))

    def audit_values(self) -> dict[str, object]:
        """What the audit log keeps of the comment as it is now."""
        return {
            "body": self.body,
            "author": self.user.username if self.user else f"{self.guest_name} (guest)",
            "status": self.status,
            "deleted": self.deleted,
        }

    def edit(self, text: str) -> None:
        self.body = self.clean_body(text, guest=self.user_id is None)
        self.edited_at = timezone.now()
        self.save(update_fields=["body", "body_sanitizer_version", "edited_at"])

    def approve(self) -> bool:
        """Publish a held comment; False if it was not held (a second click, say)."""
        with transaction.atomic():
            if not Comment.objects.filter(pk=self.pk, status=CommentStatus.PENDING).update(
                status=CommentStatus.PUBLISHED
            ):
                return False
            self.status = CommentStatus.PUBLISHED
            bump_work(self.work_id, "comment_count", 1)
            WorkStats.bump(self.work_id, "comments")
        return True

    def remove(self) -> bool:
        """Delete it; one with replies stays as a placeholder so its thread keeps its shape.

        False when it was already gone (a second click): counts drop only once.
        """
        with transaction.atomic():
            row = Comment.objects.select_for_update().filter(pk=self.pk, deleted=False).first()
            if row is None:
                return False
            if row.status == CommentStatus.PUBLISHED:
                bump_work(self.work_id, "comment_count", -1)
            if Comment.objects.filter(parent=self.pk).exists():
                Comment.objects.filter(pk=self.pk).update(deleted=True, body="", guest_email="")
                self.deleted, self.body = True, ""
            else:
                Comment.objects.filter(pk=self.pk).delete()
        return True


def build_threads(comments: list[Comment], roots: list[Comment]) -> list[Comment]:
    """Attach each comment's `.shown_replies` for display, capping nesting at COMMENT_MAX_DEPTH.

    Replies deeper than the cap are shown at the last level, beside the comment they
    answer, with `.replying_to` naming it (AO3 runs deep threads flat the same way).
    """
    by_id = {c.pk: c for c in comments}
    for comment in comments:
        comment.shown_replies = []
        comment.replying_to = None
        comment.display_depth = min(comment.depth, COMMENT_MAX_DEPTH)
    for comment in comments:
        if comment.parent_id is None or comment.parent_id not in by_id:
            continue
        parent = by_id[comment.parent_id]
        holder = parent
        while holder.depth >= COMMENT_MAX_DEPTH and holder.parent_id in by_id:
            holder = by_id[holder.parent_id]
        if holder is not parent:
            comment.replying_to = parent
        holder.shown_replies.append(comment)
    return [by_id[r.pk] for r in roots if r.pk in by_id]
