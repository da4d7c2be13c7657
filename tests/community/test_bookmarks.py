from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficshelf.accounts.models import Mute
from ficshelf.community.models import Bookmark
from ficshelf.works.models import Series, Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class BookmarkTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.login(self.bob)

    def bookmark(self, user=None, work=None, **fields) -> Bookmark:
        bookmark = Bookmark(user=user or self.bob, work=work or self.work, **fields)
        bookmark.save_changes(was_counted=False)
        return bookmark

    def test_a_reader_bookmarks_a_work_with_notes_tags_and_a_rec(self):
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, f'<a href="/works/{self.work.pk}/bookmarks/new">Bookmark</a>', html=True)
        r = self.client.post(
            f"/works/{self.work.pk}/bookmarks/new",
            {"notes": "<p>Read it <b>twice</b></p>", "tag_names": "rain, comfort read, Rain", "rec": "on"},
            follow=True,
        )
        self.assertContains(r, "Bookmark was successfully created.")
        bookmark = Bookmark.objects.get()
        assert (bookmark.user, bookmark.work, bookmark.rec, bookmark.private) == (
            self.bob,
            self.work,
            True,
            False,
        )
        assert bookmark.tags == ["rain", "comfort read"]
        self.assertContains(r, "<b>twice</b>")
        self.assertContains(r, '<span class="rec badge" title="Rec">Rec</span>', html=True)
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 1
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, f'<a href="/bookmarks/{bookmark.pk}/edit">Edit Bookmark</a>', html=True)

    def test_deeply_nested_notes_are_refused(self):
        r = self.client.post(
            f"/works/{self.work.pk}/bookmarks/new", {"notes": "<div>" * 101, "tag_names": ""}
        )
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        assert not Bookmark.objects.exists()

    def test_blurbs_show_the_bookmark_count(self):
        self.bookmark()
        self.bookmark(user=self.charlie)
        self.assertContains(self.client.get("/works/"), '<dd class="bookmarks">2</dd>', html=True)

    def test_private_bookmarks_are_not_counted_or_listed_for_others(self):
        self.bookmark(private=True)
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 0
        self.assertContains(self.client.get("/users/bob/bookmarks"), "Private Bookmark")
        self.client.logout()
        r = self.client.get("/users/bob/bookmarks")
        self.assertContains(r, "0 Bookmarks by")
        self.assertNotContains(r, "Umbrellas")

    def test_making_a_bookmark_private_and_public_keeps_the_count_exact(self):
        bookmark = self.bookmark()
        self.client.post(f"/bookmarks/{bookmark.pk}/edit", {"notes": "", "tag_names": "", "private": "on"})
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 0
        self.client.post(f"/bookmarks/{bookmark.pk}/edit", {"notes": "", "tag_names": ""})
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 1
        self.client.post(f"/bookmarks/{bookmark.pk}/delete")
        assert not Bookmark.objects.exists()
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 0

    def test_bookmarking_twice_leads_to_the_first_bookmark(self):
        first = self.bookmark()
        r = self.client.post(f"/works/{self.work.pk}/bookmarks/new", {"notes": "again"}, follow=True)
        self.assertContains(r, "You have already bookmarked that.")
        assert r.redirect_chain[-1][0] == f"/bookmarks/{first.pk}/edit"
        assert Bookmark.objects.count() == 1

    def test_a_forged_post_for_another_users_bookmark_is_refused(self):
        theirs = self.bookmark(user=self.charlie, notes="Charlie's notes")
        r = self.client.post(f"/bookmarks/{theirs.pk}/edit", {"notes": "Bob was here", "private": "on"})
        self.assertContains(r, "You can only change or delete your own bookmarks.", status_code=403)
        r = self.client.post(f"/bookmarks/{theirs.pk}/delete")
        assert r.status_code == 403
        theirs.refresh_from_db()
        assert (theirs.notes, theirs.private) == ("Charlie's notes", False)
        # A `user` field smuggled into the form is ignored: the bookmark is always the poster's.
        self.client.post(f"/works/{self.work.pk}/bookmarks/new", {"notes": "x", "user": self.charlie.pk})
        assert Bookmark.objects.filter(user=self.bob).count() == 1
        assert Bookmark.objects.filter(user=self.charlie).count() == 1

    def test_too_many_tags_and_long_notes_get_clear_messages(self):
        tags = ", ".join(f"tag {n}" for n in range(76))
        r = self.client.post(f"/works/{self.work.pk}/bookmarks/new", {"tag_names": tags, "notes": "x" * 5001})
        self.assertContains(r, "A bookmark may have at most 75 tags; this one has 76.", status_code=400)
        self.assertContains(r, "Notes may have at most 5,000 characters", status_code=400)
        assert not Bookmark.objects.exists()

    def test_bookmarking_an_invisible_work_is_404(self):
        draft = make_work(self.alice, "Draft", posted=False)
        assert self.client.post(f"/works/{draft.pk}/bookmarks/new", {"notes": ""}).status_code == 404
        assert not Bookmark.objects.exists()

    def test_a_reader_bookmarks_a_series(self):
        series = Series.objects.create(title="Rain Cycle")
        series.pseuds.add(self.alice.default_pseud)
        series.add_work(self.work)
        r = self.client.get(f"/series/{series.pk}")
        self.assertContains(r, "Bookmark Series")
        r = self.client.post(f"/series/{series.pk}/bookmarks/new", {"notes": "All of it"}, follow=True)
        self.assertContains(r, f'Series: <a href="/series/{series.pk}">Rain Cycle</a>')
        assert Bookmark.objects.get().series == series
        assert Work.objects.get(pk=self.work.pk).bookmark_count == 0

    def test_user_bookmarks_lists_public_ones_with_recs_filter(self):
        self.bookmark(rec=True)
        other = make_work(self.charlie, "Kettles")
        self.bookmark(work=other)
        self.client.logout()
        r = self.client.get("/users/bob/bookmarks")
        self.assertContains(r, "2 Bookmarks by")
        self.assertContains(r, '<li class="bookmark blurb group"', count=2)
        r = self.client.get("/users/bob/bookmarks?recs_only=true")
        self.assertContains(r, "Umbrellas")
        self.assertNotContains(r, "Kettles")
        assert self.client.get("/users/BOB/bookmarks").status_code == 302
        assert self.client.get("/users/nobody/bookmarks").status_code == 404

    def test_bookmarks_of_works_the_viewer_cannot_see_are_left_out(self):
        locked = make_work(self.alice, "Locked", restricted=True)
        self.bookmark(work=locked)
        self.client.logout()
        r = self.client.get("/users/bob/bookmarks")
        self.assertContains(r, "0 Bookmarks by")
        self.assertNotContains(r, "Locked")

    def test_a_muted_users_bookmarks_disappear_for_the_muter(self):
        self.bookmark()
        Mute.add(self.charlie, self.bob)
        self.login(self.charlie)
        r = self.client.get("/users/bob/bookmarks")
        self.assertContains(r, "0 Bookmarks by")
        self.assertContains(r, "You have muted bob")
        r = self.client.get(f"/works/{self.work.pk}/bookmarks")
        self.assertContains(r, "0 Bookmarks of")

    def test_the_work_bookmarks_page_lists_public_bookmarks(self):
        self.bookmark(notes="<p>So good</p>")
        self.bookmark(user=self.charlie, private=True, notes="<p>secret</p>")
        self.client.logout()
        r = self.client.get(f"/works/{self.work.pk}/bookmarks")
        self.assertContains(r, "1 Bookmark of")
        self.assertContains(r, "So good")
        self.assertNotContains(r, "secret")

    def test_the_bookmarks_page_uses_a_fixed_number_of_queries(self):
        self.bookmark()
        with CaptureQueriesContext(connection) as few:
            self.client.get("/users/bob/bookmarks")
        for n in range(6):
            self.bookmark(work=make_work(self.charlie if n % 2 else self.alice, f"More {n}"))
        with self.assertNumQueries(len(few)):
            r = self.client.get("/users/bob/bookmarks")
        self.assertContains(r, "7 Bookmarks by")
