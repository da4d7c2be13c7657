from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work


class TagWorksFilterTestCase(BaseTestCase):
    def test_a_canonicals_works_include_synonyms_and_subtags_and_filter_further(self):
        buffyverse = Tag.objects.create(name="Buffyverse", type=TagType.FANDOM, canonical=True)
        btvs = Tag.objects.create(name="Buffy the Vampire Slayer", type=TagType.FANDOM, canonical=True)
        Tag.objects.create(name="BtVS", type=TagType.FANDOM)
        wrangling.add_meta_tag(btvs, buffyverse)
        wrangling.merge(Tag.objects.get(name="BtVS"), btvs)
        make_work(self.alice, "Via Synonym", fandoms=("BtVS",), rating="Explicit")
        make_work(self.alice, "Direct", fandoms=("Buffy the Vampire Slayer",))
        make_work(self.alice, "Elsewhere", fandoms=("Sherlock Holmes",))
        r = self.client.get("/tags/Buffyverse/works")
        self.assertContains(r, "Via Synonym")
        self.assertContains(r, "Direct")
        self.assertNotContains(r, "Elsewhere")
        r = self.client.get("/tags/Buffyverse/works", {"rating": "Explicit"})
        self.assertContains(r, "1 - 1 of 1 Work in")
        self.assertNotContains(r, ">Direct<")

    def test_a_synonyms_works_page_redirects_to_its_canonical_keeping_filters(self):
        spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        wrangling.merge(william, spike)
        r = self.client.get("/tags/William%20the%20Bloody/works?sort_column=hits")
        assert r.status_code == 302
        assert r["Location"] == "/tags/Spike/works?sort_column=hits"
