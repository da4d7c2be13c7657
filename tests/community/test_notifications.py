import datetime
from unittest import mock

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from ficshelf.accounts.models import Mute
from ficshelf.community import notify, tasks
from ficshelf.community.models import Notification, PendingDigest, Subscription
from ficshelf.community.models.subscriptions import NotificationKind
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Series, Work
from tests.base import make_work, work_form_data
from tests.community.helpers import CommunityTestCase
from tests.works.test_chapters import chapter_data

LATER = datetime.timedelta(hours=1, minutes=1)


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message, counting the tries."""

    tries = 0

    def send_messages(self, email_messages):
        FailingEmailBackend.tries += len(email_messages)
        raise OSError("Connection refused by the mail server")


FAILING_MAIL = "tests.community.test_notifications.FailingEmailBackend"


@override_settings(SITE_URL="https://fic.example.org", SITE_NAME="Ficshelf")
class FanOutTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")

    def post_chapter(self, **overrides):
        self.login(self.alice)
        return self.client.post(
            f"/works/{self.work.pk}/chapters/new", chapter_data(position="2", **overrides)
        )

    def test_posting_a_chapter_notifies_the_works_subscribers(self):
        Subscription.follow(self.bob, work=self.work)
        self.post_chapter()
        note = Notification.objects.get()
        chapter = self.work.chapters.get(position=2)
        assert (note.recipient, note.kind, note.chapter) == (self.bob, NotificationKind.NEW_CHAPTER, chapter)
        assert note.reason == "You subscribed to the work “Umbrellas”."

    def test_a_draft_chapter_notifies_nobody_until_it_is_posted(self):
        Subscription.follow(self.bob, work=self.work)
        self.post_chapter(action="draft")
        assert not Notification.objects.exists()
        chapter = self.work.chapters.get(position=2)
        self.client.post(
            f"/works/{self.work.pk}/chapters/{chapter.pk}/edit", chapter_data(position="2", action="post")
        )
        assert Notification.objects.get().chapter == chapter

    def test_a_reader_following_a_work_and_its_creator_hears_once(self):
        Subscription.follow(self.bob, work=self.work)
        Subscription.follow(self.bob, creator=self.alice)
        Subscription.follow(self.charlie, creator=self.alice)
        self.post_chapter()
        assert Notification.objects.filter(recipient=self.bob).count() == 1
        assert (
            Notification.objects.get(recipient=self.bob).reason == "You subscribed to the work “Umbrellas”."
        )
        assert Notification.objects.get(recipient=self.charlie).reason == "You subscribed to alice."

    def test_a_new_work_notifies_creator_series_and_canonical_tag_subscribers(self):
        series = Series.objects.create(title="Rain Cycle")
        series.pseuds.add(self.alice.default_pseud)
        fandom = Tag.find_or_create("Sherlock Holmes - Arthur Conan Doyle", TagType.FANDOM)
        Tag.objects.filter(pk=fandom.pk).update(canonical=True)
        fandom.refresh_from_db()
        Subscription.follow(self.bob, creator=self.alice)
        Subscription.follow(self.charlie, series=series)
        dora = self.alice.__class__.objects.create_user("dora", "dora@example.org", "x")
        Subscription.follow(dora, tag=fandom)
        self.login(self.alice)
        r = self.client.post("/works/new", work_form_data(self.alice, series=[str(series.pk)]))
        assert r.status_code == 302
        kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
        assert kinds == {"bob": "new_work", "charlie": "new_work", "dora": "new_work"}
        assert Notification.objects.get(recipient=dora).reason.startswith("You subscribed to the tag")

    def test_posting_a_draft_work_notifies_followers(self):
        Subscription.follow(self.bob, creator=self.alice)
        draft = make_work(self.alice, "Later", posted=False)
        self.login(self.alice)
        self.client.post(f"/works/{draft.pk}/post")
        assert Notification.objects.get(recipient=self.bob).work == draft

    def test_creators_and_muters_hear_nothing(self):
        Subscription.follow(self.bob, work=self.work)
        Subscription.follow(self.charlie, work=self.work)
        Mute.add(self.charlie, self.alice)
        self.post_chapter()
        assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["bob"]

    def test_fan_out_is_idempotent(self):
        Subscription.follow(self.bob, work=self.work)
        self.post_chapter()
        chapter = self.work.chapters.get(position=2)
        assert tasks.fan_out_chapter.call(chapter.pk) == 1  # a retried task
        assert Notification.objects.count() == 1

    def test_fan_out_is_queued_not_run_in_the_request(self):
        Subscription.follow(self.bob, work=self.work)
        queue = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
        with override_settings(TASKS=queue):
            from django_tasks import default_task_backend

            r = self.post_chapter()
            queued = [(t.task.name, t.task.queue_name, t.args) for t in default_task_backend.results]
        assert r.status_code == 302
        chapter = self.work.chapters.get(position=2)
        assert ("fan_out_chapter", "notifications", [chapter.pk]) in queued
        assert not Notification.objects.exists()


@override_settings(SITE_URL="https://fic.example.org", SITE_NAME="Ficshelf")
class DigestTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        Subscription.follow(self.bob, work=self.work)

    def post_chapters(self, count: int) -> None:
        self.login(self.alice)
        for n in range(count):
            self.client.post(
                f"/works/{self.work.pk}/chapters/new",
                chapter_data(position=str(n + 2), chapter_title=f"Part {n + 2}"),
            )

    def test_a_burst_of_chapters_makes_one_mail_after_the_hour(self):
        self.post_chapters(3)
        assert Notification.objects.filter(recipient=self.bob).count() == 3
        assert mail.outbox == []  # nothing is sent before the hour is up
        assert notify.send_due_digests(timezone.now()) == 0
        assert notify.send_due_digests(timezone.now() + LATER) == 1
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["bob@example.org"]
        assert message.subject == "[Ficshelf] 3 new notifications"
        assert 'New chapter: Chapter 4: Part 4 of "Umbrellas"' in message.body
        assert "https://fic.example.org/works/" in message.body
        # Nothing more to send: the digest went out and its queue entry is gone.
        assert notify.send_due_digests(timezone.now() + LATER) == 0
        assert not PendingDigest.objects.exists()
        assert len(mail.outbox) == 1

    def test_every_mail_has_a_one_click_unsubscribe(self):
        self.post_chapters(1)
        tasks.send_digest.call(self.bob.pk)
        message = mail.outbox[0]
        assert message.subject == "[Ficshelf] New chapter of “Umbrellas”"
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link.startswith("https://fic.example.org/unsubscribe/")
        assert link in message.body
        assert link in message.alternatives[0][0]
        path = link.removeprefix("https://fic.example.org")
        self.client.logout()
        self.assertContains(self.client.get(path), "Stop sending notification emails to bob?")
        self.bob.refresh_from_db()
        assert self.bob.digest_emails  # a GET (a link scanner) changes nothing
        # Mail clients POST without a CSRF token (RFC 8058).
        csrf_client = self.client_class(enforce_csrf_checks=True)
        self.assertContains(csrf_client.post(path), "You won't get notification emails any more")
        self.bob.refresh_from_db()
        assert not self.bob.digest_emails
        self.post_chapters(1)
        assert tasks.send_digest.call(self.bob.pk) is False
        assert len(mail.outbox) == 1
        assert Notification.objects.filter(recipient=self.bob).count() == 2  # the inbox still gets them

    def test_a_forged_unsubscribe_link_is_refused(self):
        token = notify.unsubscribe_token(self.bob)
        r = self.client.post(f"/unsubscribe/{token[:-2]}xx")
        self.assertContains(r, "This unsubscribe link is not valid.", status_code=400)
        self.bob.refresh_from_db()
        assert self.bob.digest_emails

    def test_items_read_in_the_inbox_are_not_mailed(self):
        self.post_chapters(2)
        Notification.objects.filter(recipient=self.bob).update(read_at=timezone.now())
        assert tasks.send_digest.call(self.bob.pk) is False
        assert mail.outbox == []

    def test_a_failed_send_is_retried_later(self):
        self.post_chapters(1)
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")):
            assert notify.send_due_digests(timezone.now() + LATER) == 0
        assert PendingDigest.objects.filter(user=self.bob).exists()
        assert notify.send_due_digests(timezone.now() + LATER + datetime.timedelta(minutes=11)) == 1
        assert len(mail.outbox) == 1

    def test_a_digest_that_keeps_failing_is_tried_five_times_then_given_up_and_logged(self):
        self.post_chapters(1)
        FailingEmailBackend.tries = 0
        sweep = timezone.now() + LATER
        with self.settings(EMAIL_BACKEND=FAILING_MAIL), self.assertLogs("ficshelf.community.tasks") as logs:
            for minutes in (10, 20, 40, 80):  # each retry waits twice as long as the one before
                assert notify.send_due_digests(sweep) == 0
                pending = PendingDigest.objects.get(user=self.bob)
                assert pending.due_at == sweep + datetime.timedelta(minutes=minutes)
                sweep = pending.due_at
            assert notify.send_due_digests(sweep) == 0  # the fifth failure
            assert FailingEmailBackend.tries == 5
            assert not PendingDigest.objects.exists()
            assert notify.send_due_digests(sweep + datetime.timedelta(days=1)) == 0
            assert FailingEmailBackend.tries == 5  # given up: never tried again
        assert [r.levelname for r in logs.records] == ["WARNING"] * 4 + ["ERROR"]
        assert f"user {self.bob.pk} (bob) failed (try 1 of 5)" in logs.records[0].getMessage()
        assert logs.records[-1].getMessage() == (
            f"Gave up on the digest for user {self.bob.pk} (bob) after 5 failed tries: "
            "Connection refused by the mail server"
        )
        assert Notification.objects.filter(recipient=self.bob).count() == 1  # the inbox keeps it
        # The next chapter's digest carries only itself, and goes out.
        self.post_chapters(1)
        assert notify.send_due_digests(timezone.now() + LATER) == 1
        assert mail.outbox[0].subject == "[Ficshelf] New chapter of “Umbrellas”"

    def test_send_digest_now_counts_its_failure_too(self):
        self.post_chapters(1)
        with (
            self.settings(EMAIL_BACKEND=FAILING_MAIL),
            self.assertLogs("ficshelf.community.tasks", "WARNING"),
        ):
            assert tasks.send_digest.call(self.bob.pk) is False
        assert PendingDigest.objects.get(user=self.bob).failed_attempts == 1

    def test_a_title_saved_with_a_line_break_still_makes_a_one_line_subject(self):
        Work.objects.filter(pk=self.work.pk).update(title="Umbrellas\r\nBcc: everyone@example.org")
        self.post_chapters(1)
        assert tasks.send_digest.call(self.bob.pk) is True
        assert mail.outbox[0].subject == "[Ficshelf] New chapter of “Umbrellas Bcc: everyone@example.org”"

    def test_the_preference_turns_mail_off(self):
        self.bob.digest_emails = False
        self.bob.save()
        self.post_chapters(1)
        assert not PendingDigest.objects.exists()
        assert notify.send_due_digests(timezone.now() + LATER) == 0


class CommentNotificationTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.chapter = self.work.chapters.get()

    def test_a_comment_tells_the_creators_and_a_reply_tells_the_commenter(self):
        self.login(self.bob)
        self.client.post(f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments", {"body": "Lovely"})
        top = self.work.comments.get()
        assert Notification.objects.get().recipient == self.alice
        assert Notification.objects.get().kind == NotificationKind.COMMENT
        self.login(self.alice)
        self.client.post(f"/comments/{top.pk}/reply", {"body": "Thanks!"})
        reply = Notification.objects.get(recipient=self.bob)
        assert reply.kind == NotificationKind.REPLY
        assert reply.reason == "alice replied to your comment."
        assert Notification.objects.filter(recipient=self.alice).count() == 1  # not told of her own reply

    def test_muted_commenters_notify_nobody_who_muted_them(self):
        Mute.add(self.alice, self.bob)
        self.login(self.bob)
        self.client.post(f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments", {"body": "Hi"})
        assert not Notification.objects.exists()
