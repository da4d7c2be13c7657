"""moderation.audit.record() and the signal that lets lower apps reach it."""

import pytest

from ficshelf import auditing
from ficshelf.auditing import Source
from ficshelf.moderation.audit import record, snapshot
from ficshelf.moderation.models import AuditEntry
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase


class RecordTestCase(BaseTestCase):
    def test_it_records_who_what_which_why_and_where(self):
        tag = Tag.objects.create(name="Spike", type=TagType.CHARACTER)
        entry = record(
            self.alice,
            "tag.edit",
            tag,
            "  Duplicate  ",
            {"canonical": False},
            {"canonical": True},
            source=Source.PAGE,
        )
        entry = AuditEntry.objects.get(pk=entry.pk)
        assert entry.actor == self.alice and entry.actor_name == "alice"
        assert (entry.action, entry.content_type.model, entry.object_id, entry.object_label) == (
            "tag.edit",
            "tag",
            str(tag.pk),
            "Spike",
        )
        assert (entry.reason, entry.source) == ("Duplicate", "page")
        assert entry.created_at is not None

    def test_it_keeps_only_what_changed(self):
        entry = record(
            self.alice,
            "change",
            self.bob,
            "",
            {"a": 1, "b": 2},
            {"a": 1, "b": 3, "c": 4},
            source=Source.ADMIN,
        )
        assert (entry.before, entry.after) == ({"b": 2}, {"b": 3, "c": 4})

    def test_it_records_the_system_without_an_actor_or_an_object(self):
        entry = record(None, "settings.reload", None, "nightly", source=Source.COMMAND)
        assert (entry.actor, entry.actor_name, entry.content_type, entry.object_id) == (None, "", None, "")

    def test_it_shortens_a_long_label_but_keeps_the_values_whole(self):
        name = "x" * 300
        entry = record(
            self.alice, "change", Tag(pk=1, name=name), "", None, {"name": name}, source=Source.ADMIN
        )
        assert len(entry.object_label) == 255 and entry.object_label.endswith("…")
        assert entry.after == {"name": name}

    def test_a_snapshot_never_holds_a_password(self):
        values = snapshot(self.alice)
        assert values["username"] == "alice"
        assert values["password"].startswith("(secret ") and self.alice.password not in str(values)
        self.alice.set_password("another one entirely")
        assert snapshot(self.alice)["password"] != values["password"]

    def test_lower_apps_report_through_the_signal(self):
        auditing.report(
            self.alice, "comment.delete", self.bob, reason="Spam", before={"x": 1}, source=Source.PAGE
        )
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.reason, entry.before, entry.after) == (
            "comment.delete",
            "Spam",
            {"x": 1},
            None,
        )

    def test_reporting_with_nobody_listening_refuses_rather_than_losing_the_entry(self):
        receivers = auditing.action_taken.receivers
        auditing.action_taken.receivers = []
        auditing.action_taken.sender_receivers_cache.clear()
        try:
            with pytest.raises(RuntimeError, match="No audit log"):
                auditing.report(self.alice, "change", None, reason="", source=Source.PAGE)
        finally:
            auditing.action_taken.receivers = receivers
            auditing.action_taken.sender_receivers_cache.clear()
