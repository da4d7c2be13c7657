"""Every change made through /admin/ writes an audit entry with a reason; the log itself is read-only there."""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from ficshelf.accounts.models import User
from ficshelf.moderation.admin_site import AuditedAdminSite, AuditedModelAdmin
from ficshelf.moderation.models import AuditEntry
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Work
from tests.base import BaseTestCase, make_work
from tests.moderation.forms import form_data


class AdminAuditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice.is_staff = self.alice.is_superuser = True
        self.alice.save()
        self.login(self.alice)
        self.work = make_work(self.bob, "The Borrowed Umbrella")

    def change(self, url: str, form_id: str, **changes: object):
        page = self.client.get(url)
        assert page.status_code == 200
        return self.client.post(url, form_data(page.content.decode(), form_id, **changes))

    def test_it_asks_for_a_reason_on_every_change_form(self):
        r = self.client.get(f"/admin/works/work/{self.work.pk}/change/")
        self.assertContains(r, 'name="audit_reason"')
        self.assertContains(self.client.get("/admin/tags/tag/add/"), 'name="audit_reason"')
        self.assertContains(self.client.get("/admin/accounts/user/add/"), 'name="audit_reason"')

    def test_a_page_that_only_shows_an_object_asks_no_reason(self):
        self.charlie.is_staff = True
        self.charlie.save()
        self.charlie.user_permissions.add(Permission.objects.get(codename="view_work"))
        self.login(self.charlie)
        r = self.client.get(f"/admin/works/work/{self.work.pk}/change/")
        self.assertContains(r, "The Borrowed Umbrella")
        self.assertNotContains(r, "audit_reason")

    def test_hiding_a_work_records_the_reason_and_the_values_before_and_after(self):
        r = self.change(
            f"/admin/works/work/{self.work.pk}/change/", "work_form", hidden="on", audit_reason="Spam links"
        )
        assert r.status_code == 302
        assert Work.objects.get(pk=self.work.pk).hidden
        entry = AuditEntry.objects.get()
        assert (entry.actor, entry.action, entry.source, entry.reason) == (
            self.alice,
            "change",
            "admin",
            "Spam links",
        )
        assert (entry.content_type.model, entry.object_id, entry.object_label) == (
            "work",
            str(self.work.pk),
            "The Borrowed Umbrella",
        )
        assert (entry.before["hidden"], entry.after["hidden"]) == (False, True)
        assert set(entry.after) == {"hidden", "revised_at"}  # only what the save changed

    def test_a_change_without_a_reason_is_refused_and_saves_nothing(self):
        r = self.change(
            f"/admin/works/work/{self.work.pk}/change/", "work_form", hidden="on", audit_reason=""
        )
        self.assertContains(r, "Give a reason: it is kept in the audit log.")
        assert not Work.objects.get(pk=self.work.pk).hidden
        assert not AuditEntry.objects.exists()

    def test_an_inline_change_is_recorded_with_the_rows_before_and_after(self):
        r = self.change(
            f"/admin/works/work/{self.work.pk}/change/",
            "work_form",
            **{"creatorships-0-accepted": None, "audit_reason": "Creator asked"},
        )
        assert r.status_code == 302
        entry = AuditEntry.objects.get()
        assert [row["accepted"] for row in entry.before["creatorships"]] == [True]
        assert [row["accepted"] for row in entry.after["creatorships"]] == [False]

    def test_adding_records_the_new_values(self):
        r = self.change(
            "/admin/tags/tag/add/", "tag_form", name="Rain", type=TagType.FREEFORM, audit_reason="Needed"
        )
        assert r.status_code == 302
        tag = Tag.objects.get(name="Rain")
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.object_id, entry.before) == ("add", str(tag.pk), None)
        assert entry.after["name"] == "Rain" and entry.after["type"] == TagType.FREEFORM

    def test_changing_a_user_keeps_no_password(self):
        r = self.change(
            f"/admin/accounts/user/{self.bob.pk}/change/",
            "user_form",
            is_staff="on",
            audit_reason="New moderator",
        )
        assert r.status_code == 302
        entry = AuditEntry.objects.get()
        assert (entry.before["is_staff"], entry.after["is_staff"]) == (False, True)
        assert "password" not in entry.before and "password" not in entry.after  # unchanged
        self.bob.refresh_from_db()
        assert self.bob.password not in str(AuditEntry.objects.values_list("before", "after").get())

    def test_deleting_asks_for_a_reason_and_records_what_was_deleted(self):
        tag = Tag.objects.create(name="Rain", type=TagType.FREEFORM)
        url = f"/admin/tags/tag/{tag.pk}/delete/"
        self.assertContains(self.client.get(url), 'name="audit_reason"')
        r = self.client.post(url, {"post": "yes"})
        self.assertContains(r, "Give a reason: it is kept in the audit log.")
        assert Tag.objects.filter(pk=tag.pk).exists() and not AuditEntry.objects.exists()
        r = self.client.post(url, {"post": "yes", "audit_reason": "Spam tag"})
        assert r.status_code == 302 and not Tag.objects.filter(pk=tag.pk).exists()
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.reason, entry.object_label, entry.after) == (
            "delete",
            "Spam tag",
            "Rain",
            None,
        )
        assert entry.before["name"] == "Rain"

    def test_the_bulk_delete_action_is_gone(self):
        r = self.client.get("/admin/tags/tag/")
        self.assertNotContains(r, "delete_selected")
        r = self.client.post(
            "/admin/tags/tag/",
            {"action": "delete_selected", "_selected_action": [Tag.objects.first().pk], "post": "yes"},
        )
        assert Tag.objects.exists() and not AuditEntry.objects.exists()


class AuditEntryAdminTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.alice.is_staff = self.alice.is_superuser = True
        self.alice.save()
        self.login(self.alice)
        self.work = make_work(self.bob)
        page = self.client.get(f"/admin/works/work/{self.work.pk}/change/")
        self.client.post(
            f"/admin/works/work/{self.work.pk}/change/",
            form_data(page.content.decode(), "work_form", hidden="on", audit_reason="Spam"),
        )
        self.entry = AuditEntry.objects.get()

    def test_superusers_can_read_entries(self):
        self.assertContains(self.client.get("/admin/moderation/auditentry/"), "Borrowed Umbrella")
        r = self.client.get(f"/admin/moderation/auditentry/{self.entry.pk}/change/")
        self.assertContains(r, "Spam")
        self.assertNotContains(r, 'name="_save"')

    def test_nobody_can_add_change_or_delete_entries_superusers_included(self):
        assert self.client.get("/admin/moderation/auditentry/add/").status_code == 403
        assert self.client.post("/admin/moderation/auditentry/add/", {"action": "forged"}).status_code == 403
        url = f"/admin/moderation/auditentry/{self.entry.pk}"
        assert self.client.post(f"{url}/change/", {"reason": "Nothing"}).status_code == 403
        assert self.client.post(f"{url}/delete/", {"post": "yes", "audit_reason": "x"}).status_code == 403
        assert AuditEntry.objects.get().reason == "Spam"


def test_every_registered_model_admin_is_audited_but_the_log_itself():
    for model, model_admin in admin.site._registry.items():
        if model is AuditEntry:
            assert not isinstance(model_admin, AuditedModelAdmin)
        else:
            assert isinstance(model_admin, AuditedModelAdmin), model


def test_it_switches_off_what_would_save_without_a_reason():
    site = AuditedAdminSite(name="test")

    class EditableTagAdmin(admin.ModelAdmin):
        list_display = ["name", "canonical"]
        list_editable = ["canonical"]
        actions = ["make_canonical"]

        @admin.action(description="Make canonical")
        def make_canonical(self, request, queryset):
            queryset.update(canonical=True)

    site.register(Tag, EditableTagAdmin)
    tag_admin = site._registry[Tag]
    assert isinstance(tag_admin, AuditedModelAdmin)
    assert tag_admin.list_editable == ()
    request = RequestFactory().get("/admin/tags/tag/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    assert tag_admin.get_actions(request) == {}
