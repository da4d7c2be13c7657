from django.contrib.auth.models import Group

from ficshelf.moderation.models import AuditEntry
from ficshelf.tags.models import FilterTagging, Tag, TagType
from ficshelf.tags.wrangling import WRANGLERS_GROUP
from tests.base import BaseTestCase, make_work


class WranglingPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.bob.groups.add(Group.objects.get(name=WRANGLERS_GROUP))
        self.fandom = Tag.objects.create(name="Buffy the Vampire Slayer", type=TagType.FANDOM, canonical=True)
        self.spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        self.work = make_work(self.alice, "Poetry", fandoms=("Buffy the Vampire Slayer",))
        self.william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.dru = Tag.objects.create(name="Dru", type=TagType.CHARACTER)
        self.work.taggings.create(tag=self.william, position=5)
        self.work.taggings.create(tag=self.dru, position=6)

    def test_readers_cannot_wrangle(self):
        self.login(self.charlie)
        assert self.client.get("/tags/Buffy%20the%20Vampire%20Slayer/wrangle").status_code == 403
        assert self.client.get("/tags/Spike/edit").status_code == 403
        assert self.client.get("/tag_wranglings").status_code == 403
        self.client.logout()
        assert self.client.get("/tag_wranglings").status_code == 302

    def test_the_fandom_page_lists_its_unwrangled_tags(self):
        self.login(self.bob)
        r = self.client.get("/tags/Buffy%20the%20Vampire%20Slayer/wrangle?show=characters")
        self.assertContains(r, "William the Bloody")
        self.assertContains(r, "Dru")
        self.assertNotContains(r, ">Spike<")

    def test_mass_merge_and_fandom_assignment(self):
        self.login(self.bob)
        url = "/tags/Buffy%20the%20Vampire%20Slayer/wrangle?show=characters"
        r = self.client.post(url, {"selected_tags": [self.william.pk], "merger": "Spike"})
        assert r.status_code == 302
        assert FilterTagging.objects.filter(work=self.work, tag=self.spike).exists()
        r = self.client.post(
            url, {"selected_tags": [self.dru.pk], "canonical": "on", "parent": "Buffy the Vampire Slayer"}
        )
        assert r.status_code == 302
        self.dru.refresh_from_db()
        assert self.dru.canonical and list(self.dru.parents.all()) == [self.fandom]
        r = self.client.get(url)
        self.assertNotContains(r, "William the Bloody")
        self.assertNotContains(r, ">Dru<")
        # Spike now reaches this fandom's works through its synonym, and has no fandom yet.
        self.assertContains(r, "canonical, no fandom")

    def test_mass_actions_report_errors_without_saving(self):
        self.login(self.bob)
        url = "/tags/Buffy%20the%20Vampire%20Slayer/wrangle"
        r = self.client.post(url, {"selected_tags": [self.william.pk, self.dru.pk], "merger": "Nope"})
        self.assertContains(r, "There is no tag called “Nope”", status_code=400)
        r = self.client.post(url, {"selected_tags": [self.william.pk]})
        self.assertContains(r, "Choose something to do", status_code=400)
        r = self.client.post(url, {"merger": "Spike"})
        self.assertContains(r, "Choose at least one tag", status_code=400)
        assert not Tag.objects.filter(merger__isnull=False).exists()

    def test_the_edit_page_sets_synonyms_and_metatags(self):
        self.login(self.bob)
        Tag.objects.create(name="Vampires", type=TagType.CHARACTER, canonical=True)
        r = self.client.post(
            "/tags/Spike/edit",
            {
                "canonical": "on",
                "merger": "",
                "add_meta_tags": "Vampires",
                "add_parents": "Buffy the Vampire Slayer",
            },
        )
        assert r.status_code == 302, r.content
        assert set(self.spike.meta_tags.values_list("name", flat=True)) == {"Vampires"}
        r = self.client.post("/tags/William%20the%20Bloody/edit", {"merger": "Spike"})
        assert r.status_code == 302
        assert FilterTagging.objects.filter(work=self.work, tag__name="Vampires").exists()
        r = self.client.post("/tags/Dru/edit", {"merger": "Buffy the Vampire Slayer"})
        self.assertContains(r, "same type", status_code=400)

    def test_the_wranglers_home_lists_unwrangled_fandoms(self):
        Tag.objects.create(name="BtVS", type=TagType.FANDOM)
        self.login(self.bob)
        r = self.client.get("/tag_wranglings")
        self.assertContains(r, "BtVS")
        r = self.client.post("/tag_wranglings", {"selected_tags": [self.fandom.pk], "parent": "TV Shows"})
        assert r.status_code == 302
        assert list(self.fandom.parents.values_list("name", flat=True)) == ["TV Shows"]

    def test_it_records_a_tag_edit_in_the_audit_log(self):
        self.login(self.bob)
        r = self.client.post(
            "/tags/William%20the%20Bloody/edit",
            {"merger": "Spike", "add_parents": "Buffy the Vampire Slayer", "reason": "Same character"},
        )
        assert r.status_code == 302
        entry = AuditEntry.objects.get()
        assert (entry.actor, entry.action, entry.object_label, entry.reason, entry.source) == (
            self.bob,
            "tag.edit",
            "William the Bloody",
            "Same character",
            "page",
        )
        assert (entry.before, entry.after) == (
            {"merger": None, "parents": []},
            {"merger": "Spike", "parents": ["Buffy the Vampire Slayer"]},
        )

    def test_it_records_each_mass_wrangled_tag_in_the_audit_log(self):
        self.login(self.bob)
        url = "/tags/Buffy%20the%20Vampire%20Slayer/wrangle?show=characters"
        r = self.client.post(url, {"selected_tags": [self.william.pk, self.dru.pk], "canonical": "on"})
        assert r.status_code == 302
        entries = AuditEntry.objects.order_by("object_label")
        assert [(e.action, e.object_label, e.before, e.after, e.reason) for e in entries] == [
            ("tag.mass_wrangle", "Dru", {"canonical": False}, {"canonical": True}, ""),
            ("tag.mass_wrangle", "William the Bloody", {"canonical": False}, {"canonical": True}, ""),
        ]

    def test_it_records_nothing_when_a_wrangling_change_is_refused(self):
        self.login(self.bob)
        r = self.client.post("/tags/Dru/edit", {"merger": "Buffy the Vampire Slayer"})
        assert r.status_code == 400
        url = "/tags/Buffy%20the%20Vampire%20Slayer/wrangle"
        r = self.client.post(
            url, {"selected_tags": [self.william.pk], "meta_tag": "Buffy the Vampire Slayer"}
        )
        assert r.status_code == 400
        assert not AuditEntry.objects.exists()
