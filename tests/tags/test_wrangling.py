from django.core.exceptions import ValidationError

from ficshelf.tags import wrangling
from ficshelf.tags.models import FilterTagging, Tag, TagReach, TagType
from tests.base import BaseTestCase, make_work


def filter_tags(work) -> set[str]:
    return set(
        Tag.objects.filter(pk__in=FilterTagging.objects.filter(work=work).values("tag")).values_list(
            "name", flat=True
        )
    )


class WranglingTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        self.william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.vampires = Tag.objects.create(name="Vampires (BtVS)", type=TagType.CHARACTER, canonical=True)
        self.work = make_work(self.alice, "Bloody Awful Poetry")
        self.work.taggings.create(tag=self.william, position=9)

    def test_a_new_tagging_reaches_the_filter_index_at_once(self):
        assert "William the Bloody" in filter_tags(self.work)
        assert "Sherlock Holmes" in filter_tags(self.work)

    def test_merging_a_synonym_lets_its_canonical_find_the_work(self):
        updating = wrangling.merge(self.william, self.spike)
        assert updating == 1
        assert {"William the Bloody", "Spike"} <= filter_tags(self.work)
        self.william.refresh_from_db()
        assert self.william.merger == self.spike
        # The background job ran (inline in tests) and cleared the notice.
        assert Tag.objects.get(pk=self.william.pk).reindexing_works == 0

    def test_metatags_are_inherited_through_synonyms(self):
        wrangling.merge(self.william, self.spike)
        wrangling.add_meta_tag(self.spike, self.vampires)
        assert "Vampires (BtVS)" in filter_tags(self.work)
        assert TagReach.objects.filter(source=self.william, target=self.vampires).exists()

    def test_removing_a_metatag_or_unmerging_shrinks_the_index(self):
        wrangling.merge(self.william, self.spike)
        wrangling.add_meta_tag(self.spike, self.vampires)
        wrangling.remove_meta_tag(self.spike, self.vampires)
        assert "Vampires (BtVS)" not in filter_tags(self.work)
        wrangling.unmerge(self.william)
        assert "Spike" not in filter_tags(self.work)
        assert "William the Bloody" in filter_tags(self.work)

    def test_a_row_another_tag_also_reaches_is_kept_when_one_tagging_goes(self):
        wrangling.merge(self.william, self.spike)
        self.work.taggings.create(tag=self.spike, position=10)
        self.work.taggings.get(tag=self.william).delete()
        assert "Spike" in filter_tags(self.work)
        assert "William the Bloody" not in filter_tags(self.work)

    def test_editing_a_works_tags_rebuilds_its_rows(self):
        wrangling.merge(self.william, self.spike)
        self.work.set_tags(
            {TagType.CHARACTER: [self.william], TagType.FANDOM: [Tag.find_or_create("BtVS", TagType.FANDOM)]}
        )
        assert filter_tags(self.work) == {"William the Bloody", "Spike", "BtVS"}

    def test_rules_give_clear_errors(self):
        fandom = Tag.objects.create(name="Buffy the Vampire Slayer", type=TagType.FANDOM, canonical=True)
        cases = [
            (lambda: wrangling.merge(self.william, self.william), "itself"),
            (lambda: wrangling.merge(self.william, fandom), "same type"),
            (lambda: wrangling.merge(self.spike, self.vampires), "un-canonize"),
            (lambda: wrangling.merge(self.vampires, self.william), "isn't canonical"),
            (lambda: wrangling.add_meta_tag(self.spike, fandom), "same type"),
            (lambda: wrangling.add_meta_tag(self.william, self.spike), "must both be canonical"),
            (lambda: wrangling.add_parent(self.spike, self.vampires), "Fandom parents"),
        ]
        for action, message in cases:
            with self.assertRaisesMessage(ValidationError, message):
                action()

    def test_metatag_loops_are_refused(self):
        wrangling.add_meta_tag(self.spike, self.vampires)
        with self.assertRaisesMessage(ValidationError, "already a subtag"):
            wrangling.add_meta_tag(self.vampires, self.spike)

    def test_a_canonical_with_synonyms_stays_canonical(self):
        wrangling.merge(self.william, self.spike)
        with self.assertRaisesMessage(ValidationError, "has synonyms"):
            wrangling.set_canonical(self.spike, False)

    def test_mass_wrangle_is_all_or_nothing(self):
        fandom = Tag.objects.create(name="BtVS", type=TagType.FANDOM, canonical=True)
        drusilla = Tag.objects.create(name="Drusilla", type=TagType.CHARACTER)
        with self.assertRaisesMessage(ValidationError, "There is no tag called “Nope”"):
            wrangling.mass_wrangle([drusilla], canonical=True, parent="Nope")
        drusilla.refresh_from_db()
        assert not drusilla.canonical
        changed, _ = wrangling.mass_wrangle([drusilla], canonical=True, parent="BtVS")
        assert changed == 1
        assert list(drusilla.parents.all()) == [fandom]

    def test_wranglers_are_the_group_with_the_permission(self):
        from django.contrib.auth.models import Group

        assert not wrangling.is_wrangler(self.bob)
        self.bob.groups.add(Group.objects.get(name=wrangling.WRANGLERS_GROUP))
        self.bob = type(self.bob).objects.get(pk=self.bob.pk)
        assert wrangling.is_wrangler(self.bob)
        assert not wrangling.is_wrangler(None)
