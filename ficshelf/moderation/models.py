"""The audit log: one append-only row per moderator or admin action."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.auditing import Source


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


REFUSAL = "The audit log is append-only: entries can't be changed or deleted."


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(REFUSAL)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(REFUSAL)


class AuditEntry(models.Model):
    """Who did what to which object, when, why, from where, with the values before and after.

    Rows are only ever inserted. save() on a stored row, delete() and the queryset's
    update()/delete() raise AppendOnlyError; below the ORM, triggers (migration
    0001_audit_log) refuse UPDATE and DELETE on PostgreSQL and SQLite. The actor and the
    object are kept as ids without database constraints, beside text labels, so deleting
    a user or the object leaves its entries (and their labels) as they were.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Empty for the system.",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    source = models.CharField(max_length=10, choices=Source.choices)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"], name="auditentry_object")]

    def __str__(self) -> str:
        return f"{self.actor_name or 'system'}: {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(REFUSAL)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(REFUSAL)

    @staticmethod
    def readable_by(user: User | None) -> bool:
        """Admins read the log: superusers, and whoever was given its view permission."""
        return bool(
            user and user.is_active and (user.is_superuser or user.has_perm("moderation.view_auditentry"))
        )

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field either side names, in a stable order."""
        before, after = self.before or {}, self.after or {}
        return [(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())]
