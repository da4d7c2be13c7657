"""Moderation answers the apps below it: every `auditing.report()` becomes an AuditEntry."""

from typing import Any

from ficshelf import auditing
from ficshelf.moderation import audit


def _write_entry(
    *, actor: Any, action: str, target: Any, reason: str, before: Any, after: Any, source: str, **_: Any
) -> None:
    audit.record(actor, action, target, reason, before, after, source=auditing.Source(source))


def connect() -> None:
    auditing.action_taken.connect(_write_entry, dispatch_uid="moderation.audit")
