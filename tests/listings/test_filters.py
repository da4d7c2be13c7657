from unittest import skipUnless

from django.core.paginator import Paginator
from django.db import connection
from django.test import SimpleTestCase

from ficshelf.listings.filters import MAX_PAGE, Results
from ficshelf.tags import wrangling
from ficshelf.tags.models import FilterTagging, Tag, TagType
from tests.base import BaseTestCase, make_work


class FilterTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        self.william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.vampires = Tag.objects.create(name="Vampires", type=TagType.CHARACTER, canonical=True)
        self.angst = Tag.objects.create(name="Angst", type=TagType.FREEFORM, canonical=True)
        wrangling.merge(self.william, self.spike)
        wrangling.add_meta_tag(self.spike, self.vampires)
        self.poetry = make_work(self.alice, "Bloody Awful Poetry", fandoms=("BtVS",), expected_chapters=1)
        self.poetry.taggings.create(tag=self.william, position=5)
        self.sad = make_work(self.bob, "Sad Spike", fandoms=("BtVS",), rating="Explicit")
        self.sad.taggings.create(tag=self.spike, position=5)
        self.sad.taggings.create(tag=self.angst, position=6)
        self.other = make_work(self.charlie, "Umbrella", fandoms=("Sherlock Holmes", "BtVS"))

    def get(self, **params):
        return self.client.get("/works/", params)

    def test_it_includes_a_canonicals_synonyms_and_subtags(self):
        r = self.get(include="Spike")
        self.assertContains(r, "Bloody Awful Poetry")
        self.assertContains(r, "Sad Spike")
        self.assertNotContains(r, ">Umbrella<")
        r = self.get(include="Vampires")
        self.assertContains(r, "Bloody Awful Poetry")
        self.assertContains(r, "1 - 2 of 2 Works")
        # A synonym filters as its canonical.
        self.assertContains(self.get(include="William the Bloody"), "Sad Spike")

    def test_it_filters_by_exclusion_rating_completion_words_and_crossovers(self):
        r = self.get(include="Spike", exclude="Angst")
        self.assertContains(r, "Bloody Awful Poetry")
        self.assertNotContains(r, "Sad Spike")
        self.assertContains(self.get(rating="Explicit"), "1 - 1 of 1 Work")
        self.assertContains(self.get(complete="T"), "Bloody Awful Poetry")
        self.assertNotContains(self.get(complete="T"), "Sad Spike")
        self.assertContains(self.get(single_chapter="on"), "1 - 1 of 1 Work")
        self.assertContains(self.get(words_from=100), "0 Works")
        self.assertContains(self.get(crossover="T"), "1 - 1 of 1 Work")
        self.assertContains(self.get(crossover="T"), ">Umbrella<")
        self.assertContains(self.get(crossover="F"), "1 - 2 of 2 Works")
        self.assertContains(self.get(language="fr"), "0 Works")
        self.assertContains(self.get(revised_from="2000-01-01", posted_to="2999-01-01"), "of 3 Works")

    def test_it_sorts(self):
        type(self.sad).objects.filter(pk=self.sad.pk).update(kudos_count=50)
        body = self.get(sort_column="kudos_count").content.decode()
        assert body.index("Sad Spike") < body.index("Bloody Awful Poetry")
        body = self.get(sort_column="authors_to_sort_on").content.decode()
        assert body.index("Bloody Awful Poetry") < body.index("Sad Spike") < body.index(">Umbrella<")

    def test_it_counts_top_canonical_tags_in_the_sidebar(self):
        r = self.get()
        self.assertContains(r, 'name="include" value="BtVS"', count=0)  # not canonical
        self.assertContains(r, "Spike (2)")
        self.assertContains(r, "Vampires (2)")
        self.assertContains(r, "Explicit (1)")
        self.assertNotContains(r, "William the Bloody (")

    def test_it_answers_bad_input_with_messages_not_500s(self):
        r = self.get(include=["Spike", "No Such Tag"])
        self.assertContains(r, "No tag called “No Such Tag” exists")
        self.assertContains(r, "Sad Spike")
        r = self.get(include=",".join(f"tag {i}" for i in range(500)))
        self.assertContains(r, "You asked to include 500 tags", status_code=400)
        r = self.get(sort_column="bogus'; DROP")
        self.assertContains(r, "sorted by date updated instead")
        r = self.get(words_from="lots")
        self.assertContains(r, "Words from: Enter a whole number.", status_code=400)
        r = self.get(words_from=100, words_to=5)
        self.assertContains(r, "must be at least", status_code=400)
        r = self.get(q='"unfinished')
        self.assertContains(r, "unmatched quotation mark", status_code=400)
        assert self.get(page="999").status_code == 200
        assert self.get(page="abc").status_code == 200

    def test_it_leaves_no_trace_of_hidden_works_in_counts_or_sidebar(self):
        secret = Tag.objects.create(name="Secret Canon", type=TagType.FREEFORM, canonical=True)
        for kind in ({"posted": False}, {"restricted": True}, {"hidden": True}):
            make_work(self.alice, f"Invisible {kind}", **kind).taggings.create(tag=secret, position=9)
        r = self.get()
        self.assertNotContains(r, "Secret Canon")
        self.assertNotContains(r, "Invisible")
        self.assertContains(r, "1 - 3 of 3 Works")
        r = self.get(include="Secret Canon")
        self.assertContains(r, "0 Works")
        self.login(self.bob)
        r = self.get(include="Secret Canon")
        self.assertContains(r, "Secret Canon (1)")
        self.assertContains(r, "1 - 1 of 1 Work")

    def test_it_keeps_filters_in_links(self):
        r = self.get(include="Spike", sort_column="kudos_count")
        self.assertContains(r, 'value="Spike" checked')
        self.assertContains(r, '<option value="kudos_count" selected>')

    @skipUnless(connection.vendor == "postgresql", "the filter_tag_ids array exists on PostgreSQL only")
    def test_each_work_row_carries_the_filter_index_as_an_array(self):
        def assert_arrays_match_the_filter_index(*works) -> None:
            for work in works:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT filter_tag_ids FROM works_work WHERE id = %s", [work.pk])
                    array = cursor.fetchone()[0]
                rows = (
                    FilterTagging.objects.filter(work=work)
                    .order_by("tag_id")
                    .values_list("tag_id", flat=True)
                )
                assert array == list(rows), work.title
                assert array  # every work reaches at least its rating

        assert_arrays_match_the_filter_index(self.poetry, self.sad, self.other)
        wrangling.unmerge(self.william)  # a shrink: the re-index rebuilds the work's rows
        assert_arrays_match_the_filter_index(self.poetry)
        assert self.spike.pk not in FilterTagging.objects.filter(work=self.poetry).values_list(
            "tag", flat=True
        )
        self.sad.taggings.filter(tag=self.angst).delete()
        self.sad.set_tags(
            {TagType.FREEFORM: [self.angst], TagType.RATING: [Tag.find_or_create("Mature", TagType.RATING)]}
        )
        assert_arrays_match_the_filter_index(self.sad)


class ResultsPageTestCase(SimpleTestCase):
    """Results answers a Django Page's questions, so the shared pagination include draws it."""

    def test_it_answers_like_a_page_when_the_total_is_exact(self):
        for total, number in [(0, 1), (5, 1), (20, 1), (21, 1), (21, 2), (60, 2), (60, 3)]:
            page = Paginator(range(total), 20).page(number)
            results = Results(total=total, per_page=20, number=number, has_more=page.has_next())
            assert results.number == page.number
            assert results.paginator.num_pages == page.paginator.num_pages
            for question in ("has_next", "has_previous", "has_other_pages"):
                assert getattr(results, question)() == getattr(page, question)(), (total, number, question)
            if page.has_next():
                assert results.next_page_number() == page.next_page_number()
            if page.has_previous():
                assert results.previous_page_number() == page.previous_page_number()

    def test_it_pages_on_past_a_minimum_total_and_counts_at_most_max_page(self):
        results = Results(total=1000, total_is_minimum=True, per_page=20, number=50, has_more=True)
        assert results.paginator.num_pages == 50
        assert results.has_other_pages() and results.next_page_number() == 51
        assert Results(total=10**9, per_page=1).paginator.num_pages == MAX_PAGE
