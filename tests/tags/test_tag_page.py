from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work


class TagPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.fandom = Tag.objects.create(name="Buffy the Vampire Slayer", type=TagType.FANDOM, canonical=True)
        self.spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        self.william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.vampires = Tag.objects.create(name="Vampires", type=TagType.CHARACTER, canonical=True)
        self.pair = Tag.objects.create(name="Buffy Summers/Spike", type=TagType.RELATIONSHIP, canonical=True)
        wrangling.merge(self.william, self.spike)
        wrangling.add_meta_tag(self.spike, self.vampires)
        wrangling.add_parent(self.spike, self.fandom)
        wrangling.add_parent(self.pair, self.fandom)

    def test_it_shows_synonyms_parents_and_metatags(self):
        r = self.client.get("/tags/Spike")
        self.assertContains(r, "It's a common tag.")
        self.assertContains(r, "Tags with the same meaning:")
        self.assertContains(
            r, '<a class="tag" href="/tags/William%20the%20Bloody">William the Bloody</a>', html=True
        )
        self.assertContains(r, "Parent tags (more general):")
        self.assertContains(r, "Buffy the Vampire Slayer")
        self.assertContains(r, "Metatags:")
        self.assertContains(r, '<a class="tag" href="/tags/Vampires">Vampires</a>', html=True)

    def test_it_shows_children_and_subtags(self):
        r = self.client.get("/tags/Buffy%20the%20Vampire%20Slayer")
        self.assertContains(r, "Character:")
        self.assertContains(r, "Relationship:")
        self.assertContains(r, 'href="/tags/Buffy%20Summers*s*Spike"')
        self.assertContains(self.client.get("/tags/Vampires"), "Subtags:")

    def test_a_synonym_names_its_canonical(self):
        r = self.client.get("/tags/William%20the%20Bloody")
        self.assertContains(r, "synonym of")
        self.assertContains(r, 'href="/tags/Spike/works"')

    def test_it_says_updating_n_works_while_a_reindex_is_pending(self):
        Tag.objects.filter(pk=self.spike.pk).update(reindexing_works=1234)
        self.assertContains(self.client.get("/tags/Spike"), "Updating 1,234 works")
        self.assertContains(self.client.get("/tags/Spike/works"), "Updating 1,234 works")

    def test_wrangling_links_only_for_wranglers(self):
        self.assertNotContains(self.client.get("/tags/Spike"), "/tags/Spike/edit")

    def test_it_shows_its_type(self):
        make_work(self.alice, fandoms=("Greek Mythology",))
        r = self.client.get("/tags/Greek%20Mythology")
        self.assertContains(r, "This tag belongs to the Fandom category.")

    def test_it_is_404_for_an_unknown_tag(self):
        assert self.client.get("/tags/Nope").status_code == 404
