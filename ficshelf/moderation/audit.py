"""The one place that writes the audit log: `record()`. Apps below moderation reach it
through `ficshelf.auditing.report()`; `snapshot()` and `differences()` turn objects into
the before/after values it stores."""

import datetime
import decimal
import hashlib
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ficshelf.auditing import Source
from ficshelf.moderation.models import AuditEntry

# Values the log never keeps: a short digest says that they changed, not what to.
SECRET_FIELDS = frozenset({"password"})
LABEL_LENGTH = AuditEntry._meta.get_field("object_label").max_length or 255


def record(
    actor: Any,
    action: str,
    target: models.Model | None,
    reason: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    source: Source,
) -> AuditEntry:
    """Append one entry: `actor` (a User, or None for the system) did `action` to `target`.

    Of `before` and `after` it keeps the keys whose values differ (all of either when the
    other is None: an object added or deleted).
    """
    before, after = differences(before, after)
    person = actor if actor is not None and actor.is_authenticated else None
    entry = AuditEntry(
        actor=person,
        actor_name=person.get_username() if person else "",
        action=action,
        reason=reason.strip(),
        before=before,
        after=after,
        source=source,
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_label = _label(target)
    entry.save()
    return entry


def _label(target: models.Model) -> str:
    label = str(target)
    # A label only names the object for the list; the values before and after are whole.
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The stored values of `obj`'s fields (many-to-many ones as sorted ids), as JSON values."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        values[field.name] = _secret(value) if field.name in SECRET_FIELDS else plain(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return values


def _secret(value: Any) -> str:
    return f"(secret {hashlib.sha256(str(value).encode()).hexdigest()[:8]})"


def plain(value: Any) -> Any:
    """A JSON value for a field's value; what JSON can't say exactly becomes text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"({len(value)} bytes)"
    return str(value)


def differences(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Only the keys whose values differ, each side; when one side is None, the other whole."""
    if before is None or after is None:
        return before, after
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    return {k: before[k] for k in changed if k in before}, {k: after[k] for k in changed if k in after}
