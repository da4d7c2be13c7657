from unittest import mock

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from ficshelf.search.backends import get_backend
from ficshelf.search.backends.base import SearchTookTooLong
from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


class SearchTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.heron = make_work(
            self.alice,
            "The Heron Umbrella",
            chapters=[
                "<p>It was dry.</p>",
                "<p>A black silk umbrella with a heron's head stood in the hall.</p>",
            ],
            summary="<p>Nobody owns it.</p>",
        )
        self.snow = make_work(
            self.bob, "Snow at Pemberley", chapters=["<p>Darcy built a snowman in the rain.</p>"]
        )

    def search(self, q: str, **params):
        return self.client.get("/works/search", {"q": q, **params})

    def test_it_finds_story_text_and_highlights_it_in_a_snippet_linking_the_chapter(self):
        r = self.search("heron's head")
        self.assertContains(r, "The Heron Umbrella")
        self.assertNotContains(r, "Snow at Pemberley")
        self.assertContains(r, "<mark>head</mark>")
        second = Chapter.objects.get(work=self.heron, position=2)
        self.assertContains(r, f'href="/works/{self.heron.pk}/chapters/{second.pk}"')

    @override_settings(FICSHELF_PER_PAGE=1)
    @mock.patch("ficshelf.listings.filters.SAMPLE", 2)
    def test_it_counts_only_as_far_as_its_sample_and_says_there_are_more(self):
        self.assertContains(self.search("umbrella"), "1 - 1 of 1 Work found")
        make_work(self.charlie, "Another Umbrella")
        make_work(self.charlie, "A Third Umbrella")
        r = self.search("umbrella")
        self.assertContains(r, "1 - 1 of 2+ Works found")
        self.assertContains(r, "Counts are from the first 2 results.")
        self.assertContains(self.search("umbrella", page=3), "The Heron Umbrella")

    def test_it_finds_phrases_either_word_exclusions_and_fields(self):
        self.assertContains(self.search('"silk umbrella"'), "The Heron Umbrella")
        self.assertContains(self.search('"umbrella silk"'), "0 Works")
        r = self.search("snowman OR heron")
        self.assertContains(r, "The Heron Umbrella")
        self.assertContains(r, "Snow at Pemberley")
        r = self.search("rain -darcy")
        self.assertContains(r, "0 Works")
        self.assertContains(self.search("title:pemberley"), "Snow at Pemberley")
        self.assertContains(self.search("title:darcy"), "0 Works")
        self.assertContains(self.search("creator:bob"), "Snow at Pemberley")
        self.assertNotContains(self.search("creator:bob"), "The Heron Umbrella")
        self.assertContains(self.search("owns"), "The Heron Umbrella")  # the summary

    def test_it_finds_a_phrase_across_a_chunk_boundary(self):
        body = (
            "<p>"
            + " ".join(["filler"] * 3995)
            + " crossing the boundary here "
            + " ".join(["more"] * 100)
            + "</p>"
        )
        make_work(self.charlie, "Long One", chapters=[body])
        self.assertContains(self.search('"crossing the boundary here"'), "Long One")

    def test_it_follows_wrangling_for_the_tag_prefix(self):
        spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        william = Tag.objects.create(name="William the Bloody", type=TagType.CHARACTER)
        self.snow.taggings.create(tag=william, position=9)
        wrangling.merge(william, spike)
        r = self.search("tag:Spike snowman")
        self.assertContains(r, "Snow at Pemberley")
        self.assertContains(self.search("snowman -tag:Spike"), "0 Works")

    def test_it_applies_filters_and_sorts(self):
        self.assertContains(self.search("heron OR snowman", rating="Explicit"), "0 Works")
        body = self.search("heron OR snowman", sort_column="title_to_sort_on").content.decode()
        assert body.index("Snow at Pemberley") < body.index("The Heron Umbrella")
        body = self.search(
            "heron OR snowman", sort_column="title_to_sort_on", sort_direction="desc"
        ).content.decode()
        assert body.index("The Heron Umbrella") < body.index("Snow at Pemberley")

    def test_it_answers_syntax_errors_and_huge_queries_with_messages_not_500s(self):
        for q, message in [
            ('"stray', "unmatched quotation mark"),
            ("OR OR", "OR"),
            ("a" * 10_240, "10,240 characters"),
            ("-only", "only exclude words"),
        ]:
            r = self.search(q)
            self.assertContains(r, message, status_code=400)

    def test_it_lists_every_visible_work_to_filter_for_an_empty_search(self):
        r = self.client.get("/works/search")
        self.assertContains(r, '<h2 class="heading">Search Works</h2>', html=False)
        self.assertContains(r, "The Heron Umbrella")
        self.assertContains(r, "Snow at Pemberley")

    def test_it_never_shows_drafts_restricted_or_hidden_in_results_counts_facets_or_snippets(self):
        make_work(
            self.alice,
            "Secret Draft",
            posted=False,
            chapters=["<p>zebracorn draft</p>"],
            fandoms=("Draft Fandom",),
        )
        make_work(
            self.alice,
            "Locked Away",
            restricted=True,
            chapters=["<p>zebracorn locked</p>"],
            fandoms=("Locked Fandom",),
        )
        make_work(
            self.alice,
            "Hidden Away",
            hidden=True,
            chapters=["<p>zebracorn hidden</p>"],
            fandoms=("Hidden Fandom",),
        )
        draft_chapter = Chapter.objects.create(
            work=self.snow, position=2, body="<p>zebracorn unposted chapter</p>"
        )
        self.snow.refresh_counts()
        r = self.search("zebracorn")
        for leaked in (
            "Secret Draft",
            "Locked Away",
            "Hidden Away",
            "Draft Fandom",
            "Locked Fandom",
            "Hidden Fandom",
            "unposted",
        ):
            self.assertNotContains(r, leaked)
        self.assertContains(r, "0 Works")
        self.login(self.bob)
        r = self.search("zebracorn")
        self.assertContains(r, "Locked Away")
        self.assertContains(r, "1 - 1 of 1 Work")
        self.assertNotContains(r, "Hidden Away")
        self.assertNotContains(r, "unposted")  # bob's own draft chapter is not searchable
        assert draft_chapter.pk

    def test_it_uses_a_fixed_number_of_queries(self):
        with CaptureQueriesContext(connection) as few:
            self.search("umbrella OR snowman")
        for i in range(12):
            make_work(
                self.charlie, f"Umbrella {i}", chapters=[f"<p>umbrella story {i}</p>"], fandoms=(f"F{i}",)
            )
        with self.assertNumQueries(len(few)):
            self.search("umbrella OR snowman")

    def test_it_asks_to_narrow_a_search_that_takes_too_long(self):
        def too_long(seconds):
            raise SearchTookTooLong

        with mock.patch.object(type(get_backend()), "time_limit", side_effect=too_long):
            r = self.search("umbrella -the")
        self.assertContains(r, "Finding these works took too long.", status_code=400)
        self.assertContains(r, 'value="umbrella -the"', status_code=400)  # the search box keeps it
        self.assertNotContains(r, "The Heron Umbrella", status_code=400)
