"""How any app reports a moderator's or an admin's action to the audit log.

The log (moderation.AuditEntry, written by `moderation.audit.record()`) lives in the
moderation app, above every app whose objects moderators act on; those apps may not
import it. They call `report()` here, which sends `action_taken`, and moderation's
receiver writes the entry at once, inside the caller's transaction, so the entry
exists exactly when the change does.
"""

from typing import Any

from django.db import models
from django.dispatch import Signal


class Source(models.TextChoices):
    """Where an action was taken."""

    ADMIN = "admin", "Django admin"
    PAGE = "page", "A moderation page"
    COMMAND = "command", "A command"


# sender=the target's model (or None), actor=the User or None for the system,
# action=a short name ("change", "tag.edit"), target=the model instance or None,
# reason=str, before/after=JSON-able dicts or None, source=a Source.
action_taken = Signal()


def report(
    actor: Any,
    action: str,
    target: models.Model | None,
    *,
    reason: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    source: Source,
) -> None:
    """Write one audit entry for `action` (through moderation's receiver)."""
    if not action_taken.has_listeners():
        # Losing an entry silently is worse than refusing the action.
        raise RuntimeError("No audit log is listening: install ficshelf.moderation.")
    action_taken.send(
        sender=type(target) if target is not None else None,
        actor=actor,
        action=action,
        target=target,
        reason=reason,
        before=before,
        after=after,
        source=source,
    )
