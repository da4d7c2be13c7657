from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, work_form_data


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

    def test_short_or_bad_input_returns_nothing(self):
        assert self.client.get("/autocomplete/tag", {"term": "s"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag", {"term": "spike", "type": "Nope"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag").json() == {"tags": []}

    def test_the_posting_form_loads_the_enhancement_and_works_without_it(self):
        self.login(self.alice)
        r = self.client.get("/works/new")
        self.assertContains(r, "/static/listings/autocomplete.js")
        self.assertContains(r, 'name="characters"')

    def test_more_than_75_user_tags_is_refused_clearly(self):
        self.login(self.alice)
        data = work_form_data(self.alice, freeforms=", ".join(f"Tag {i}" for i in range(80)))
        r = self.client.post("/works/new", data)
        self.assertContains(r, "a work may have at most 75", status_code=400)
        assert not Tag.objects.filter(name="Tag 1").exists()
