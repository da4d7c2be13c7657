from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ficshelf.accounts.models import Mute
from ficshelf.community import notify
from ficshelf.community.models import Comment, Notification, Subscription
from ficshelf.works.models import Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase


class InboxTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.top = self.comment(self.work, self.bob, "<p>Who owns it?</p>")
        notify.notify_comment(self.top)  # alice hears of bob's comment

    def test_it_shows_comments_on_your_works_unread(self):
        self.login(self.alice)
        r = self.client.get("/inbox")
        self.assertContains(r, "My Inbox (1 unread)")
        self.assertContains(r, "Who owns it?")
        self.assertContains(r, f'<a href="/comments/{self.top.pk}">Umbrellas, Chapter 1</a>', html=True)
        self.assertContains(r, '<span class="badge unread">Unread</span>', html=True)

    def test_replies_and_chapter_news_arrive_too(self):
        reply = self.comment(self.work, self.alice, "<p>Nobody!</p>", parent=self.top)
        notify.notify_comment(reply)
        Subscription.follow(self.bob, work=self.work)
        chapter = self.work.chapters.create(
            position=2, body="<p>More</p>", posted=True, published_at=timezone.now()
        )
        notify.fan_out_chapter(chapter)
        self.login(self.bob)
        r = self.client.get("/inbox")
        self.assertContains(r, "My Inbox (2 unread)")
        self.assertContains(r, "replied to your comment on")
        self.assertContains(r, "Nobody!")
        self.assertContains(r, "New chapter:")

    def test_bulk_actions_mark_read_unread_and_delete(self):
        extra = self.comment(self.work, self.charlie, "<p>Second</p>")
        notify.notify_comment(extra)
        ids = [
            str(pk) for pk in Notification.objects.filter(recipient=self.alice).values_list("pk", flat=True)
        ]
        self.login(self.alice)
        r = self.client.post("/inbox", {"action": "read", "notification_ids": ids}, follow=True)
        self.assertContains(r, "Marked as read. (2 items)")
        self.assertContains(r, "My Inbox (0 unread)")
        self.assertContains(self.client.get("/inbox?filter=unread"), "Your inbox is empty here.")
        self.client.post("/inbox", {"action": "unread", "notification_ids": ids[:1]})
        assert Notification.objects.filter(recipient=self.alice, read_at__isnull=True).count() == 1
        r = self.client.post("/inbox", {"action": "delete", "notification_ids": ids}, follow=True)
        self.assertContains(r, "Deleted. (2 items)")
        assert not Notification.objects.filter(recipient=self.alice).exists()

    def test_bulk_actions_need_a_selection_and_an_action(self):
        self.login(self.alice)
        self.assertContains(
            self.client.post("/inbox", {"action": "read"}, follow=True), "Select at least one item first."
        )
        note = Notification.objects.get()
        r = self.client.post("/inbox", {"action": "explode", "notification_ids": [note.pk]}, follow=True)
        self.assertContains(r, "Choose Mark Read, Mark Unread or Delete.")

    def test_forged_ids_touch_nobody_elses_notifications(self):
        note = Notification.objects.get()
        self.login(self.charlie)
        r = self.client.post(
            "/inbox", {"action": "delete", "notification_ids": [str(note.pk), "x"]}, follow=True
        )
        self.assertContains(r, "Select at least one item first.")
        assert Notification.objects.filter(pk=note.pk).exists()

    def test_a_reply_from_the_inbox_posts_and_comes_back(self):
        self.login(self.alice)
        r = self.client.get("/inbox")
        self.assertContains(r, f'action="/comments/{self.top.pk}/reply"')
        r = self.client.post(
            f"/comments/{self.top.pk}/reply", {"body": "Nobody does.", "next": "/inbox"}, follow=True
        )
        assert r.redirect_chain[-1][0] == "/inbox"
        self.assertContains(r, "Comment created!")
        assert Comment.objects.get(parent=self.top).user == self.alice

    def test_a_muted_users_comments_leave_the_inbox(self):
        Mute.add(self.alice, self.bob)
        self.login(self.alice)
        self.assertNotContains(self.client.get("/inbox"), "Who owns it?")

    def test_guests_are_sent_to_log_in(self):
        r = self.client.get("/inbox")
        assert r.status_code == 302 and r["Location"].startswith("/login")

    def test_it_uses_a_fixed_number_of_queries(self):
        self.login(self.alice)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/inbox")
        for n in range(8):
            notify.notify_comment(self.comment(self.work, self.charlie, f"<p>More {n}</p>"))
        with self.assertNumQueries(len(few)):
            self.client.get("/inbox")


class InboxCountTestCase(CommunityTestCase):
    """The unread count and the list read one inbox (Notification.objects.shown_to)."""

    def setUp(self) -> None:
        super().setUp()
        Subscription.follow(self.bob, creator=self.alice)
        self.news = make_work(self.alice, "Umbrellas")
        notify.fan_out_work(self.news)
        self.other = make_work(self.charlie, "Galoshes")
        notify.notify_comment(self.comment(self.other, self.alice, "<p>Splendid boots.</p>"))
        notify.notify_comment(self.comment(self.other, self.bob, "<p>Wet feet.</p>"))

    def count_and_items(self, user) -> tuple[int, int]:
        self.login(user)
        page = self.client.get("/inbox").content.decode()
        unread = int(page.split("My Inbox (", 1)[1].split(" unread)", 1)[0])
        return unread, page.count('id="notification_')

    def test_it_counts_what_it_lists(self):
        assert self.count_and_items(self.bob) == (1, 1)
        assert self.count_and_items(self.charlie) == (2, 2)

    def test_a_muted_creators_work_leaves_list_and_count(self):
        Mute.add(self.bob, self.alice)
        assert self.count_and_items(self.bob) == (0, 0)

    def test_a_work_hidden_by_a_moderator_leaves_list_and_count(self):
        Work.objects.filter(pk=self.news.pk).update(hidden=True)
        assert self.count_and_items(self.bob) == (0, 0)
        Work.objects.filter(pk=self.news.pk).update(hidden=False)
        assert self.count_and_items(self.bob) == (1, 1)

    def test_a_work_back_to_draft_or_deleted_leaves_list_and_count(self):
        Work.objects.filter(pk=self.news.pk).update(posted=False)
        assert self.count_and_items(self.bob) == (0, 0)
        self.other.delete()
        assert self.count_and_items(self.charlie) == (0, 0)

    def test_a_muted_commenters_comments_leave_list_and_count(self):
        Mute.add(self.charlie, self.bob)
        assert self.count_and_items(self.charlie) == (1, 1)

    def test_creators_still_hear_of_comments_on_their_own_hidden_work(self):
        Work.objects.filter(pk=self.other.pk).update(hidden=True)
        assert self.count_and_items(self.charlie) == (2, 2)


class InboxInvitationsTestCase(CommunityTestCase):
    """Co-creator invitations wait on top of the invitee's inbox, with Accept and Decline."""

    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Written Together")
        self.invitation = self.work.creatorships.create(pseud=self.bob.default_pseud, position=1)

    def test_it_shows_the_invitation_with_who_sent_it_and_both_buttons(self):
        self.login(self.bob)
        r = self.client.get("/inbox")
        self.assertContains(r, "Co-Creator Requests")
        self.assertContains(r, "invited you (bob) to be listed as a co-creator of")
        self.assertContains(r, f'<a href="/works/{self.work.pk}">Written Together</a>', html=True)
        self.assertContains(r, f'action="/users/bob/creatorships/{self.invitation.pk}/accept"')
        self.assertContains(r, f'action="/users/bob/creatorships/{self.invitation.pk}/decline"')
        self.assertNotContains(r, "Your inbox is empty")

    def test_it_names_a_draft_without_linking_it(self):
        Work.objects.filter(pk=self.work.pk).update(posted=False)
        self.login(self.bob)
        r = self.client.get("/inbox")
        self.assertContains(r, "“Written Together” (not posted yet)")
        self.assertNotContains(r, f'href="/works/{self.work.pk}"')

    def test_nobody_else_sees_it(self):
        for user in (self.alice, self.charlie):
            self.login(user)
            self.assertNotContains(self.client.get("/inbox"), "Co-Creator Requests")

    def test_it_shows_the_newest_five_and_links_to_the_rest(self):
        for n in range(5):
            make_work(self.alice, f"Also {n}").creatorships.create(pseud=self.bob.default_pseud, position=1)
        self.login(self.bob)
        r = self.client.get("/inbox")
        self.assertContains(r, "Also 4")
        self.assertNotContains(r, "Written Together")
        self.assertContains(r, '<a href="/users/bob/creatorships">See all co-creator requests</a>', html=True)

    def test_it_uses_a_fixed_number_of_queries_whatever_the_invitations(self):
        self.login(self.bob)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/inbox")
        for n in range(4):
            poster, other = (self.charlie, self.alice) if n % 2 else (self.alice, self.charlie)
            work = make_work(poster, f"Also {n}")
            work.creatorships.create(pseud=self.bob.default_pseud, position=1)
            work.creatorships.create(pseud=other.default_pseud, position=2, accepted=True)
        with self.assertNumQueries(len(few)):
            self.client.get("/inbox")
