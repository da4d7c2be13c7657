"""/moderation/audit: admins read and filter the audit log; nobody else sees it."""

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ficshelf.auditing import Source
from ficshelf.moderation.audit import record
from ficshelf.moderation.models import AuditEntry
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work

URL = "/moderation/audit"


class AuditLogTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice.is_staff = self.alice.is_superuser = True
        self.alice.save()
        self.bob.is_staff = True  # a moderator, not an admin
        self.bob.save()
        self.work = make_work(self.charlie, "The Borrowed Umbrella")
        self.tag = Tag.objects.create(name="Spike", type=TagType.CHARACTER)
        self.hide = record(
            self.bob,
            "change",
            self.work,
            "Spam links",
            {"hidden": False},
            {"hidden": True},
            source=Source.ADMIN,
        )
        self.wrangle = record(
            self.alice,
            "tag.edit",
            self.tag,
            "",
            {"canonical": False},
            {"canonical": True},
            source=Source.PAGE,
        )

    def test_guests_are_sent_to_log_in(self):
        r = self.client.get(URL)
        assert r.status_code == 302 and r["Location"].startswith("/login?next=")

    def test_readers_and_moderators_are_refused(self):
        for user in (self.charlie, self.bob):
            self.login(user)
            assert self.client.get(URL).status_code == 403

    def test_admins_see_every_entry_with_its_reason_and_changes(self):
        self.login(self.alice)
        r = self.client.get(URL)
        self.assertContains(r, "2 entries")
        self.assertContains(r, "“The Borrowed Umbrella”")
        self.assertContains(r, "Reason: Spam links")
        self.assertContains(r, '<th scope="row">hidden</th><td>False</td><td>True</td>', html=False)
        self.assertContains(r, "tag.edit")
        self.assertContains(r, "No reason given.")

    def test_whoever_is_given_the_view_permission_reads_it_too(self):
        self.charlie.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
        self.login(self.charlie)
        assert self.client.get(URL).status_code == 200

    def test_it_filters_by_actor_action_object_type_and_date(self):
        self.login(self.alice)
        self.assertContains(self.client.get(URL, {"actor": "BOB"}), "1 entry")
        r = self.client.get(URL, {"action": "tag.edit"})
        self.assertContains(r, "1 entry")
        self.assertContains(r, "“Spike”")
        tag_type = ContentType.objects.get_for_model(Tag)
        r = self.client.get(URL, {"object_type": tag_type.pk})
        self.assertContains(r, "1 entry")
        self.assertNotContains(r, "Borrowed Umbrella”")
        today = timezone.localdate()
        self.assertContains(self.client.get(URL, {"since": today, "until": today}), "2 entries")
        yesterday = today - datetime.timedelta(days=1)
        self.assertContains(self.client.get(URL, {"until": yesterday}), "0 entries")

    def test_bad_filters_get_a_clear_message(self):
        self.login(self.alice)
        r = self.client.get(URL, {"since": "last Tuesday"})
        self.assertContains(r, "Enter a valid date.", status_code=400)
        today = timezone.localdate()
        r = self.client.get(URL, {"since": today, "until": today - datetime.timedelta(days=3)})
        self.assertContains(r, "“From” is after “To”", status_code=400)
        r = self.client.get(URL, {"action": "forged"})
        self.assertContains(r, "Select a valid choice.", status_code=400)

    def test_it_pages_the_list_and_keeps_the_filters_in_page_links(self, per_page=20):
        for n in range(per_page + 1):
            record(self.alice, "tag.edit", self.tag, f"Pass {n}", source=Source.PAGE)
        self.login(self.alice)
        r = self.client.get(URL, {"action": "tag.edit"})
        self.assertContains(r, "22 entries")
        self.assertContains(r, "?action=tag.edit&amp;page=2")
        self.assertContains(self.client.get(URL, {"action": "tag.edit", "page": 2}), "Reason: Pass 0")

    def test_the_list_takes_the_same_number_of_queries_however_many_entries(self):
        self.login(self.alice)
        self.client.get(URL)
        with self.assertNumQueries(6):
            self.client.get(URL)
        work = make_work(self.charlie, "Another")
        for n in range(15):
            record(
                self.bob,
                "change",
                work if n % 2 else self.tag,
                f"Pass {n}",
                {"n": n},
                {"n": n + 1},
                source=Source.ADMIN,
            )
        with self.assertNumQueries(6):
            r = self.client.get(URL)
        assert len(r.context["page"].object_list) == AuditEntry.objects.count() == 17
