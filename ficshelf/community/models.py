"""What readers leave on works: kudos, comments, bookmarks, subscriptions, history, hits.

Counters that blurbs show live on Work (kudos_count, comment_count, bookmark_count,
hit_count). Every change here updates them in the same transaction with F()
expressions, so they stay exact when requests race.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from ficshelf.accounts.models import Block, User
from ficshelf.tags.models import Tag, split_tag_list, validate_tag_name
from ficshelf.text import SANITIZER_VERSION, html_from_input, sanitize, visible_text
from ficshelf.works.models import Chapter, CommentPermission, SanitizedHTMLModel, Series, Work

# AO3's limits: a comment holds 10,000 characters; threads nest 5 levels, then run flat.
COMMENT_MAX_CHARS = 10_000
COMMENT_MAX_DEPTH = 5
GUEST_MAX_LINKS = 2
BOOKMARK_NOTES_MAX_CHARS = 5_000
BOOKMARK_MAX_TAGS = 75
_LINK = re.compile(r"https?://|www\.|<a\s", re.IGNORECASE)

BLOCKED_MESSAGE = "Sorry, you have been blocked by one or more of this work's creators."


def version_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(default=SANITIZER_VERSION, editable=False)


class Refused(ValidationError):
    """A reader's action that the archive's rules do not allow; its message is for the reader."""


def _blocked_by_creator(work: Work, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Block.objects.filter(blocker__pseuds__creatorships__work=work, blocked=user).exists()


class WorkStats(models.Model):
    """A work's activity on one day, for its creators' stats page."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField()
    hits = models.PositiveIntegerField(default=0)
    kudos = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    bookmarks = models.PositiveIntegerField(default=0)
    subscriptions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["work", "day"], name="work_stats_day_unique")]

    def __str__(self) -> str:
        return f"{self.work_id} on {self.day}"

    @classmethod
    def bump(cls, work_id: int, field: str, day: datetime.date | None = None) -> None:
        """Add one `field` event to today's row; safe under concurrent requests."""
        day = day or timezone.localdate()
        if not cls.objects.filter(work_id=work_id, day=day).update(**{field: F(field) + 1}):
            try:
                with transaction.atomic():
                    cls.objects.create(work_id=work_id, day=day, **{field: 1})
                    return
            except IntegrityError:  # another request created today's row first
                pass
            cls.objects.filter(work_id=work_id, day=day).update(**{field: F(field) + 1})


def _bump_work(work_id: int, counter: str, by: int) -> None:
    Work.objects.filter(pk=work_id).update(**{counter: F(counter) + by})


# Kudos


class Kudos(models.Model):
    """One reader's kudos on a work: a user once per work, a guest once per work per network.

    Guests are told apart by a salted hash of their IP address; the address itself
    is never stored.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="kudos")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="kudos")
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "kudos"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "user"], condition=Q(user__isnull=False), name="kudos_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["work", "ip_hash"], condition=Q(user__isnull=True), name="kudos_once_per_guest"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(ip_hash=""), name="kudos_has_a_giver"
            ),
        ]

    def __str__(self) -> str:
        return f"Kudos on {self.work_id} from {self.user or 'a guest'}"

    @classmethod
    def leave(cls, work: Work, user: User | None, ip_hash: str) -> "Kudos":
        """Leave kudos, or raise Refused with the reason; never a second row."""
        registered = user is not None and user.is_authenticated
        if registered and work.is_creator(user):
            raise Refused("You can't leave kudos on your own work.")
        if not registered and work.restricted:
            raise Refused("Only registered users can leave kudos on this work. Please log in.")
        if not work.posted:
            raise Refused("Kudos can only be left on posted works.")
        if _blocked_by_creator(work, user):
            raise Refused(BLOCKED_MESSAGE)
        giver = {"user": user} if registered else {"user": None, "ip_hash": ip_hash}
        try:
            with transaction.atomic():
                kudos = cls.objects.create(work=work, **giver)
                _bump_work(work.pk, "kudos_count", 1)
                WorkStats.bump(work.pk, "kudos")
        except IntegrityError:
            raise Refused("You have already left kudos here. :)") from None
        return kudos


# Comments


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting the creator's approval"


class CommentQuerySet(models.QuerySet):
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
        return f"/comments/{self.pk}"

    @property
    def author_name(self) -> str:
        if self.user_id:
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
    def clean_body(text: str, guest: bool) -> str:
        """The sanitized HTML for what a reader typed, or Refused with what to fix."""
        if len(text) > COMMENT_MAX_CHARS:
            raise Refused(
                f"Comments may have at most {COMMENT_MAX_CHARS:,} characters; this one has {len(text):,}. "
                "Please shorten it or split it into two comments."
            )
        html = sanitize(html_from_input(text, "html"))
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
        if _blocked_by_creator(work, user):
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
            if not Chapter.objects.select_for_update().filter(pk=chapter.pk, posted=True).exists():
                raise Refused("That chapter no longer exists, so it can't take comments.")
            author = {"user": user} if registered else {"guest_name": guest_name, "guest_email": guest_email}
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
                _bump_work(work.pk, "comment_count", 1)
                WorkStats.bump(work.pk, "comments")
        return comment

    def editable_by(self, user: User | None) -> bool:
        return bool(user and user.is_authenticated and self.user_id == user.pk and not self.deleted)

    def deletable_by(self, user: User | None) -> bool:
        if user is None or not user.is_authenticated or self.deleted:
            return False
        return self.user_id == user.pk or user.is_moderator or self.work.is_creator(user)

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
            _bump_work(self.work_id, "comment_count", 1)
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
                _bump_work(self.work_id, "comment_count", -1)
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


# Bookmarks


class Bookmark(SanitizedHTMLModel):
    """A reader's bookmark of a work or a series, with their notes and their own tags."""

    sanitized_fields = ("notes",)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="bookmarks")
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="bookmarks")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="bookmarks"
    )
    notes = models.TextField(blank=True)
    notes_sanitizer_version = version_field()
    tag_names = models.TextField("Your tags", blank=True)
    private = models.BooleanField(default=False)
    rec = models.BooleanField("Rec", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(work__isnull=False, series__isnull=True)
                | Q(work__isnull=True, series__isnull=False),
                name="bookmark_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "work"], condition=Q(work__isnull=False), name="bookmark_work_once"
            ),
            models.UniqueConstraint(
                fields=["user", "series"], condition=Q(series__isnull=False), name="bookmark_series_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} bookmarked {self.target}"

    def get_absolute_url(self) -> str:
        return f"/bookmarks/{self.pk}"

    @property
    def target(self) -> Work | Series:
        return self.work if self.work_id else self.series

    @property
    def tags(self) -> list[str]:
        return split_tag_list(self.tag_names)

    @staticmethod
    def clean_tags(value: str) -> str:
        names = split_tag_list(value)
        if len(names) > BOOKMARK_MAX_TAGS:
            raise ValidationError(
                f"A bookmark may have at most {BOOKMARK_MAX_TAGS} tags; this one has {len(names)}."
            )
        for name in names:
            validate_tag_name(name)
        return ", ".join(names)

    @property
    def counts(self) -> bool:
        """Whether this bookmark is in its work's public bookmark count."""
        return bool(self.work_id) and not self.private

    def save_changes(self, was_counted: bool) -> None:
        """Save, keeping Work.bookmark_count (public bookmarks only) exact."""
        creating = self._state.adding
        with transaction.atomic():
            self.save()
            if self.counts != was_counted and self.work_id:
                _bump_work(self.work_id, "bookmark_count", 1 if self.counts else -1)
            if creating and self.work_id:
                WorkStats.bump(self.work_id, "bookmarks")

    def remove(self) -> None:
        with transaction.atomic():
            if Bookmark.objects.filter(pk=self.pk).delete()[0] and self.counts:
                _bump_work(self.work_id, "bookmark_count", -1)


# Subscriptions and notifications


class Subscription(models.Model):
    """A reader follows a work (new chapters), a creator (new works and chapters),
    a series (new works) or a canonical tag (new works in it)."""

    TARGETS = ("work", "creator", "series", "tag")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="subscriptions")
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    creator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="subscribers"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(work__isnull=False, creator__isnull=True, series__isnull=True, tag__isnull=True)
                    | Q(work__isnull=True, creator__isnull=False, series__isnull=True, tag__isnull=True)
                    | Q(work__isnull=True, creator__isnull=True, series__isnull=False, tag__isnull=True)
                    | Q(work__isnull=True, creator__isnull=True, series__isnull=True, tag__isnull=False)
                ),
                name="subscription_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"subscription_{field}_once",
                )
                for field in ("work", "creator", "series", "tag")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target}"

    @property
    def kind(self) -> str:
        return next(field for field in self.TARGETS if getattr(self, f"{field}_id"))

    @property
    def target(self) -> Work | User | Series | Tag:
        return getattr(self, self.kind)

    @property
    def target_url(self) -> str:
        target = self.target
        return f"{target.get_absolute_url()}/works" if isinstance(target, Tag) else target.get_absolute_url()

    @classmethod
    def follow(cls, user: User, **target) -> "Subscription":
        """Subscribe, or raise Refused (already subscribed, own work, not a canonical tag)."""
        ((field, value),) = target.items()
        if field == "creator" and value.pk == user.pk:
            raise Refused("You can't subscribe to yourself.")
        if field == "work" and value.is_creator(user):
            raise Refused("You can't subscribe to your own work.")
        if field == "tag" and not value.canonical:
            raise Refused(
                "Only canonical tags can be followed. Follow the canonical tag that this one is a synonym of."
            )
        try:
            with transaction.atomic():
                subscription = cls.objects.create(user=user, **target)
                if field == "work":
                    WorkStats.bump(value.pk, "subscriptions")
        except IntegrityError:
            raise Refused("You are already subscribed to that.") from None
        return subscription


class NotificationKind(models.TextChoices):
    NEW_CHAPTER = "new_chapter", "New chapter"
    NEW_WORK = "new_work", "New work"
    COMMENT = "comment", "Comment on your work"
    REPLY = "reply", "Reply to your comment"


class Notification(models.Model):
    """One item in a reader's inbox; digests mail the ones not yet mailed or read."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]
        # A fan-out task that runs twice (a retry, a worker restart) notifies once.
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "chapter"],
                condition=Q(kind="new_chapter"),
                name="notification_chapter_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "work"], condition=Q(kind="new_work"), name="notification_work_once"
            ),
            models.UniqueConstraint(
                fields=["recipient", "comment"],
                condition=Q(comment__isnull=False),
                name="notification_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"

    @property
    def unread(self) -> bool:
        return self.read_at is None


class PendingDigest(models.Model):
    """A reader with notifications waiting for mail, and when their digest goes out.

    The first notification starts the hour; later ones join the same digest, so a
    burst of chapters makes one mail.
    """

    user = models.OneToOneField(User, primary_key=True, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Digest for {self.user_id} at {self.due_at}"


# Reading history, Marked for Later, hits


class Reading(models.Model):
    """A reader's history with a work: the last chapter read, and whether it is marked for later."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="readings")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="readings")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    marked_for_later = models.BooleanField(default=False)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="reading_once_per_work")]
        indexes = [
            models.Index(fields=["user", "-last_viewed_at"]),
            models.Index(fields=["user", "marked_for_later", "-marked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.work_id}"


class Visit(models.Model):
    """One visitor's first view of a work on a day; what makes hits count once per visitor per day.

    `visitor` is "u<user id>" or a salted hash of a guest's IP address. Rows older
    than yesterday are pruned: the daily totals live on in WorkStats.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    day = models.DateField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "visitor", "day"], name="visit_once_a_day")]

    def __str__(self) -> str:
        return f"{self.visitor} on {self.work_id}, {self.day}"
