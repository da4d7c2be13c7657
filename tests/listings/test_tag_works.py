from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work


class TagWorksTestCase(BaseTestCase):
    def test_it_lists_visible_works_with_the_tag_under_an_escaped_url(self):
        work = make_work(self.alice, "Slashy", fandoms=("Buffy the Vampire Slayer",))
        tag = Tag.find_or_create("Buffy Summers/Spike", TagType.RELATIONSHIP)
        work.taggings.create(tag=tag, position=99)
        make_work(self.alice, "Locked", restricted=True).taggings.create(tag=tag, position=99)
        assert tag.get_absolute_url() == "/tags/Buffy%20Summers*s*Spike"
        r = self.client.get("/tags/Buffy%20Summers*s*Spike/works")
        self.assertContains(r, "Slashy")
        self.assertNotContains(r, "Locked")
        self.assertContains(r, "1 Work in")

    def test_it_finds_names_with_dots_ampersands_and_question_marks(self):
        make_work(self.alice, "Tea with the Doctor", fandoms=("Dr. Who & Friends?",))
        r = self.client.get("/tags/Dr*d*%20Who%20*a*%20Friends*q*/works")
        self.assertContains(r, "Tea with the Doctor")

    def test_it_is_404_for_an_unknown_tag(self):
        assert self.client.get("/tags/Nope/works").status_code == 404

    def test_it_includes_a_canonicals_synonyms_and_subtags_and_filters_further(self):
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

    def test_it_redirects_a_synonym_to_its_canonical_keeping_filters(self):
        spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        wrangling.merge(william, spike)
        r = self.client.get("/tags/William%20the%20Bloody/works?sort_column=hits")
        assert r.status_code == 302
        assert r["Location"] == "/tags/Spike/works?sort_column=hits"
