from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ficshelf.community.feedback import kudos_sentence, work_feedback
from ficshelf.community.models import Bookmark, Kudos, Subscription
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class KudosSentenceTestCase(CommunityTestCase):
    def test_it_reads_like_ao3(self):
        assert kudos_sentence([], 0, 0) == ""
        assert kudos_sentence(["alice"], 1, 0) == "alice left kudos on this work!"
        assert kudos_sentence([], 0, 1) == "1 guest left kudos on this work!"
        assert kudos_sentence(["alice", "bob"], 2, 3) == "alice, bob and 3 guests left kudos on this work!"
        assert kudos_sentence(["a", "b"], 7, 0) == "a, b and 5 more users left kudos on this work!"


class WorkFeedbackTestCase(CommunityTestCase):
    def test_it_computes_the_block_without_a_template(self):
        work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>"])
        one, two = work.chapters.order_by("position")
        Kudos.leave(work, self.charlie, "")
        self.comment(work, self.bob, "<p>On two</p>", chapter=two)
        request = RequestFactory().get(f"/works/{work.pk}", {"show_comments": "true"})
        request.user = self.bob
        feedback = work_feedback(request, work, [one, two])
        assert feedback["chapter"] == two
        assert feedback["several_chapters"]
        assert feedback["kudos_sentence"] == "charlie left kudos on this work!"
        assert feedback["comment_total"] == 1
        assert [c.body for c in feedback["threads"]] == ["<p>On two</p>"]
        assert feedback["state"] == {"bookmark_id": None, "subscription_id": None, "marked": False}


class WorkPageTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>"])

    def test_readers_get_the_buttons_as_plain_forms(self):
        self.login(self.bob)
        r = self.client.get(f"/works/{self.work.pk}")
        for label in ("Kudos ♥", "Subscribe", "Mark for Later"):
            self.assertContains(r, f'<button type="submit">{label}</button>', html=True)
        self.assertContains(r, f'<a href="/works/{self.work.pk}/bookmarks/new">Bookmark</a>', html=True)
        self.assertContains(r, '<div id="feedback" class="feedback">')
        self.assertContains(r, '<div id="kudos">')

    def test_guests_get_kudos_and_comments_only(self):
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, '<button type="submit">Kudos ♥</button>', html=True)
        self.assertContains(r, "Guest name")
        self.assertNotContains(r, "Mark for Later")
        self.assertNotContains(r, ">Subscribe<")

    def test_creators_get_stats_not_subscribe(self):
        self.login(self.alice)
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(r, "Stats")
        self.assertNotContains(r, ">Subscribe<")

    def test_the_entire_work_labels_comments_by_chapter(self):
        one, two = self.work.chapters.order_by("position")
        self.comment(self.work, self.bob, "<p>On one</p>", chapter=one)
        self.comment(self.work, self.bob, "<p>On two</p>", chapter=two)
        r = self.client.get(f"/works/{self.work.pk}?view_full_work=true&show_comments=true")
        self.assertContains(r, "on Chapter 1")
        self.assertContains(r, "on Chapter 2")
        self.assertContains(r, "Post Comment on Chapter 2")
        r = self.client.get(f"/works/{self.work.pk}/chapters/{two.pk}?show_comments=true")
        self.assertNotContains(r, "On one")
        self.assertContains(r, "On two")

    def test_the_feedback_block_uses_a_fixed_number_of_queries(self):
        self.login(self.bob)
        Kudos.leave(self.work, self.charlie, "")
        self.comment(self.work, self.charlie, "<p>First</p>")
        url = f"/works/{self.work.pk}?show_comments=true"
        self.client.get(url)  # history and hit already recorded: later reads write nothing
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(10):
            reader = self.alice.__class__.objects.create_user(f"reader{n}", f"r{n}@example.org", "x")
            Kudos.leave(self.work, reader, "")
            Kudos.leave(self.work, None, f"{n:064x}")
            Bookmark(user=reader, work=self.work).save_changes(was_counted=False)
            Subscription.follow(reader, work=self.work)
            self.comment(self.work, reader, f"<p>Comment {n}</p>")
        with self.assertNumQueries(len(few)):
            r = self.client.get(url)
        self.assertContains(r, "and 10 guests left kudos on this work!")
