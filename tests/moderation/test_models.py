"""AuditEntry is append-only: in the ORM, and below it in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from ficshelf.auditing import Source
from ficshelf.moderation.audit import record
from ficshelf.moderation.models import AppendOnlyError, AuditEntry
from tests.base import BaseTestCase, make_work


class AuditEntryTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice.is_staff = True
        self.alice.save()
        self.work = make_work(self.bob, "The Borrowed Umbrella")
        self.entry = record(
            self.alice, "change", self.work, "Spam", {"hidden": False}, {"hidden": True}, source=Source.ADMIN
        )

    def test_it_refuses_to_save_a_stored_entry_again(self):
        self.entry.reason = "Nothing to see"
        with pytest.raises(AppendOnlyError):
            self.entry.save()
        assert AuditEntry.objects.get().reason == "Spam"

    def test_it_refuses_to_delete_an_entry(self):
        with pytest.raises(AppendOnlyError):
            self.entry.delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=self.entry.pk).delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        assert AuditEntry.objects.count() == 1

    def test_it_refuses_queryset_updates(self):
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=self.entry.pk).update(reason="Nothing to see")
        with pytest.raises(AppendOnlyError), transaction.atomic():
            AuditEntry.objects.bulk_update([self.entry], ["reason"])
        assert AuditEntry.objects.get().reason == "Spam"

    def test_it_refuses_to_insert_over_a_stored_entry(self):
        copy = AuditEntry(pk=self.entry.pk, action="forged", source=Source.ADMIN)
        with pytest.raises(DatabaseError), transaction.atomic():
            copy.save()
        assert AuditEntry.objects.get().action == "change"

    def test_the_database_refuses_update(self):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE moderation_auditentry SET reason = 'Nothing to see'")
        assert AuditEntry.objects.get().reason == "Spam"

    def test_the_database_refuses_delete(self):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM moderation_auditentry")
        assert AuditEntry.objects.count() == 1

    def test_it_keeps_entries_and_their_labels_when_the_actor_and_the_object_go(self):
        work_id = self.work.pk
        self.work.delete()
        self.alice.delete()
        entry = AuditEntry.objects.get()
        assert (entry.actor_name, entry.object_id, entry.object_label) == (
            "alice",
            str(work_id),
            "The Borrowed Umbrella",
        )
        assert (entry.before, entry.after, entry.reason) == ({"hidden": False}, {"hidden": True}, "Spam")

    def test_it_lists_changes_field_by_field(self):
        assert self.entry.changes() == [("hidden", False, True)]
