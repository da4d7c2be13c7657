from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase


class AutocompleteTestCase(BaseTestCase):
    def test_it_suggests_canonicals_first_and_names_a_synonyms_canonical(self):
        spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        spiky = Tag.objects.create(name="Spike (BtVS)", type=TagType.CHARACTER)
        Tag.objects.create(name="Spike the Dog", type=TagType.FREEFORM)
        wrangling.merge(spiky, spike)
        data = self.client.get("/autocomplete/tag", {"term": "spi", "type": "Character"}).json()
        assert data["tags"] == [
            {"name": "Spike", "canonical": True, "synonym_of": None},
            {"name": "Spike (BtVS)", "canonical": False, "synonym_of": "Spike"},
        ]
        assert len(self.client.get("/autocomplete/tag", {"term": "spi"}).json()["tags"]) == 3

    def test_it_returns_nothing_for_short_or_bad_input(self):
        assert self.client.get("/autocomplete/tag", {"term": "s"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag", {"term": "spike", "type": "Nope"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag").json() == {"tags": []}

    def test_it_enhances_the_posting_form_which_works_without_it(self):
        self.login(self.alice)
        r = self.client.get("/works/new")
        self.assertContains(r, "/static/listings/autocomplete.js")
        self.assertContains(r, 'data-source="/autocomplete/tag"')
        self.assertContains(r, 'name="characters"')
