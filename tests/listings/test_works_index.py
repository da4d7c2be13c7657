from unittest import mock

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from ficshelf.search.backends import get_backend
from tests.base import BaseTestCase, make_work


class IndexTestCase(BaseTestCase):
    def test_it_lists_posted_works_as_blurbs(self):
        make_work(self.alice, "The Borrowed Umbrella", summary="<p>Nobody owns it.</p>")
        r = self.client.get("/works/")
        self.assertContains(r, '<li class="work blurb group"')
        self.assertContains(r, '<a href="/works/')
        self.assertContains(r, "The Borrowed Umbrella")
        self.assertContains(r, "Nobody owns it.")
        self.assertContains(r, "Sherlock Holmes")
        self.assertContains(r, '<dd class="words">7</dd>', html=False)
        self.assertContains(r, "1 Work")

    def test_it_hides_drafts_restricted_and_hidden_works_from_guests(self):
        make_work(self.alice, "Draft Work", posted=False)
        make_work(self.alice, "Locked Work", restricted=True)
        make_work(self.alice, "Hidden Work", hidden=True)
        r = self.client.get("/works/")
        self.assertNotContains(r, "Draft Work")
        self.assertNotContains(r, "Locked Work")
        self.assertNotContains(r, "Hidden Work")
        self.assertContains(r, "0 Works")

    def test_it_shows_restricted_works_to_logged_in_readers(self):
        make_work(self.alice, "Locked Work", restricted=True)
        self.login(self.bob)
        self.assertContains(self.client.get("/works/"), "Locked Work")

    def test_it_paginates(self):
        for i in range(21):
            make_work(self.alice, f"Work number {i}")
        r = self.client.get("/works/")
        self.assertContains(r, "Page 1 of 2")
        self.assertContains(r, 'href="?page=2"')
        self.assertContains(self.client.get("/works/?page=2"), "Work number 0")

    @override_settings(FICSHELF_PER_PAGE=2)
    @mock.patch("ficshelf.listings.filters.SAMPLE", 3)
    @mock.patch("ficshelf.listings.filters.COUNT_LIMIT", 5)
    def test_it_counts_exactly_up_to_the_limit_and_says_more_beyond(self):
        # The database expects few matches, so fetching up to the limit is cheap.
        expect_few = mock.patch.object(type(get_backend()), "estimated_count", return_value=1)
        expect_few.start()
        self.addCleanup(expect_few.stop)
        for i in range(5):
            make_work(self.alice, f"Work number {i}")
        r = self.client.get("/works/")
        self.assertContains(r, "1 - 2 of 5 Works")
        self.assertContains(r, "Page 1 of 3")
        self.assertContains(self.client.get("/works/?page=3"), "Work number 0")

        make_work(self.alice, "Work number 5")
        r = self.client.get("/works/")
        self.assertContains(r, "1 - 2 of 5+ Works")
        self.assertContains(r, "<span>Page 1</span>", html=True)
        self.assertContains(r, 'href="?page=2"')
        # Pages go on past the counted works, as long as there are works.
        r = self.client.get("/works/?page=3")
        self.assertContains(r, "5 - 6 of 5+ Works")
        self.assertContains(r, "Work number 0")
        self.assertNotContains(r, 'rel="next"')
        r = self.client.get("/works/?page=4")
        self.assertContains(r, "There are no more works after page 3.")
        with mock.patch("ficshelf.listings.filters.MAX_PAGE", 2):
            r = self.client.get("/works/?page=3")
        self.assertContains(r, "Only the first 2 pages can be shown; narrow your filters to see more.")
        self.assertContains(r, "3 - 4 of 5+ Works")

    @override_settings(FICSHELF_PER_PAGE=2)
    @mock.patch("ficshelf.listings.filters.SAMPLE", 3)
    @mock.patch("ficshelf.listings.filters.COUNT_LIMIT", 5)
    def test_it_stops_at_the_sample_when_the_database_expects_many_works(self):
        for i in range(5):
            make_work(self.alice, f"Work number {i}")
        with mock.patch.object(type(get_backend()), "estimated_count", return_value=10_000):
            r = self.client.get("/works/")
        self.assertContains(r, "1 - 2 of 3+ Works")
        self.assertContains(r, "Counts are from the first 3 results.")
        self.assertContains(self.client.get("/works/?page=3"), "Work number 0")

    def test_it_gives_a_page_for_a_bad_page_number_not_an_error(self):
        make_work(self.alice)
        assert self.client.get("/works/?page=abc").status_code == 200
        r = self.client.get("/works/?page=5000000")
        self.assertContains(r, "1 - 1 of 1 Work")  # the last page, without talk of a page limit
        self.assertNotContains(r, "can be shown")

    def test_it_uses_a_fixed_number_of_queries_whatever_the_page_size(self):
        make_work(self.alice, "First")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/works/")
        for i in range(15):
            make_work(self.bob if i % 2 else self.alice, f"More {i}", fandoms=(f"Fandom {i}", "Shared"))
        with self.assertNumQueries(len(few)):
            self.client.get("/works/")

    def test_it_uses_a_fixed_number_of_queries_for_a_logged_in_reader_too(self):
        self.login(self.bob)
        for i in range(20):
            make_work(self.alice, f"Work {i}")
        # session, user, ids with the total, works, taggings, creatorships, series, what the
        # reader's mutes take from the counts, sidebar counts; on PostgreSQL also the planner's
        # estimate, and the time limit set and reset inside a savepoint (four statements; in a
        # request, one in a transaction)
        with self.assertNumQueries(14 if connection.vendor == "postgresql" else 9):
            self.client.get("/works/")
