"""A muter's counts and kudos lists leave out the people they muted; everyone else's don't."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficshelf.accounts.models import Mute, User
from ficshelf.community.models import Bookmark, Kudos
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class MutedCountsTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mallory = User.objects.create_user("mallory", "mallory@example.org", "x")
        self.work = make_work(self.alice, "Umbrellas")
        self.leave_everything(self.work, self.bob, self.charlie, self.mallory)
        Mute.add(self.bob, self.mallory)  # bob, who left his own, now mutes mallory

    def leave_everything(self, work, *users) -> None:
        for user in users:
            Kudos.leave(work, user, "")
            self.comment(work, user, f"<p>From {user.username}</p>")
            Bookmark(user=user, work=work).save_changes(was_counted=False)

    def stats(self, page: str) -> dict[str, str]:
        """The numbers in the first dl.stats of a page."""
        stats = page.split('class="stats"', 1)[1].split("</dl>", 1)[0]
        return {
            name: stats.split(f'<dd class="{name}">', 1)[1].split("<", 1)[0]
            for name in ("comments", "kudos", "bookmarks")
            if f'<dd class="{name}">' in stats
        }

    def test_the_muter_sees_the_work_page_without_the_muted(self):
        self.login(self.bob)
        page = self.client.get(f"/works/{self.work.pk}").content.decode()
        assert self.stats(page) == {"comments": "2", "kudos": "2", "bookmarks": "2"}
        assert "Comments (2)" in page and "Bookmarks (2)" in page
        assert "bob and charlie left kudos on this work!" in page
        assert "mallory" not in page

    def test_guests_and_other_readers_see_the_shared_numbers(self):
        for reader in (None, self.charlie):
            if reader:
                self.login(reader)
            page = self.client.get(f"/works/{self.work.pk}").content.decode()
            assert self.stats(page) == {"comments": "3", "kudos": "3", "bookmarks": "3"}
            assert "Bookmarks (3)" in page
            assert "bob, charlie and mallory left kudos on this work!" in page

    def test_blurbs_show_the_muter_the_numbers_without_the_muted(self):
        self.login(self.bob)
        assert self.stats(self.client.get("/works/").content.decode()) == {
            "comments": "2",
            "kudos": "2",
            "bookmarks": "2",
        }
        assert self.stats(self.client.get("/users/alice/").content.decode())["kudos"] == "2"
        assert self.stats(self.client.get("/users/bob/bookmarks").content.decode())["kudos"] == "2"
        self.login(self.charlie)
        assert self.stats(self.client.get("/works/").content.decode())["kudos"] == "3"

    def test_only_what_the_count_counts_is_taken_out(self):
        # A private bookmark and a deleted comment were never in the shared numbers.
        other = make_work(self.alice, "Galoshes")
        Bookmark(user=self.mallory, work=other, private=True).save_changes(was_counted=False)
        self.comment(other, self.mallory, "<p>Gone soon</p>").remove()
        Kudos.leave(other, None, "f" * 64)
        self.login(self.bob)
        page = self.client.get(f"/works/{other.pk}").content.decode()
        assert self.stats(page) == {"kudos": "1"}
        assert "1 guest left kudos on this work!" in page

    def test_a_list_of_works_costs_the_muter_the_same_queries_however_long(self):
        self.login(self.bob)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/works/")
        for n in range(10):
            self.leave_everything(make_work(self.alice, f"More {n}"), self.charlie, self.mallory)
        with self.assertNumQueries(len(few)):
            page = self.client.get("/works/").content.decode()
        assert page.count('<dd class="kudos">1</dd>') == 10
