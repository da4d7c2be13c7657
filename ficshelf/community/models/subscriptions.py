"""Subscriptions (to works, creators, series and tags) and the inbox notifications they bring."""

from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.community.models._base import Refused
from ficshelf.community.models.comments import Comment
from ficshelf.community.models.stats import WorkStats
from ficshelf.tags.models import Tag
from ficshelf.works.models import Chapter, Series, Work


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
        return target.works_url() if isinstance(target, Tag) else target.get_absolute_url()

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


class NotificationQuerySet(models.QuerySet["Notification"]):
    def shown_to(self, user: User) -> "NotificationQuerySet":
        """The reader's inbox: the list and its unread count both start here, so they agree.

        Their own notifications, less those about a work they can no longer see
        (Work.objects.visible_to: back to draft, hidden by a moderator, by a creator they
        muted) and comments by someone they muted. Such items stay stored, and come back
        if the work does (a mute lifted, a work shown again).
        """
        # Exists, tested per notification: an inbox holds far fewer rows than the archive.
        visible_work = Work.objects.visible_to(user).filter(pk=OuterRef("work_id"))
        return self.filter(Exists(visible_work), recipient=user).exclude(comment__user__muted_by__muter=user)


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

    objects = NotificationQuerySet.as_manager()

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
    # How often this digest has failed to send so far (community.tasks.digest_failed).
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Digest for {self.user_id} at {self.due_at}"
