from unittest import mock

import nh3

from ficshelf.accounts.models import Block, Mute
from ficshelf.community.models.comments import COMMENT_MAX_DEPTH, Comment, CommentStatus
from ficshelf.moderation.models import AuditEntry
from ficshelf.works.models import Chapter, Work
from tests.base import make_work
from tests.community.helpers import CommunityTestCase

FROZEN_TIME = 1_800_000_030.0  # mid-window, so a test never straddles a rate-limit boundary


class PostCommentTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", chapters=["<p>One</p>", "<p>Two</p>"])
        self.one, self.two = self.work.chapters.order_by("position")
        self.url = f"/works/{self.work.pk}/chapters/{self.two.pk}/comments"

    def test_a_reader_comments_on_a_chapter_and_sees_it_in_the_thread(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"body": "I love the heron!"}, follow=True)
        self.assertContains(r, "Comment created!")
        comment = Comment.objects.get()
        assert (comment.chapter, comment.user, comment.depth, comment.thread_id) == (
            self.two,
            self.bob,
            1,
            comment.pk,
        )
        assert (
            r.redirect_chain[-1][0]
            == f"/works/{self.work.pk}/chapters/{self.two.pk}?show_comments=true#comment_{comment.pk}"
        )
        self.assertContains(r, f'<li class="comment group" id="comment_{comment.pk}" role="article">')
        self.assertContains(r, "<p>I love the heron!</p>")
        assert Work.objects.get(pk=self.work.pk).comment_count == 1

    def test_the_work_page_shows_the_comment_form_and_a_count_link(self):
        self.login(self.bob)
        r = self.client.get(f"/works/{self.work.pk}/chapters/{self.two.pk}")
        self.assertContains(r, f'action="/works/{self.work.pk}/chapters/{self.two.pk}/comments"')
        self.assertContains(r, "Comments (0)")
        self.assertContains(r, '<button type="submit" class="primary">Comment</button>', html=True)

    def test_html_is_sanitized(self):
        self.login(self.bob)
        self.client.post(self.url, {"body": '<p onclick="x()">Hi<script>alert(1)</script></p>'})
        assert Comment.objects.get().body == "<p>Hi</p>"

    def test_a_comment_is_sanitized_once(self):
        self.login(self.bob)
        with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
            self.client.post(self.url, {"body": "<p>Hi <em>there</em></p>"})
        assert Comment.objects.get().body == "<p>Hi <em>there</em></p>"
        assert clean.call_count == 1

    def test_deeply_nested_html_gets_a_clear_message(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"body": "<blockquote>" * 101 + "Quoting"})
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        assert not Comment.objects.exists()

    def test_guests_give_a_name_and_an_email(self):
        r = self.client.post(self.url, {"body": "Hello"})
        assert r.status_code == 400
        self.assertContains(r, "Please tell us your name.", status_code=400)
        self.assertContains(r, "Please give an email address.", status_code=400)
        self.assertContains(r, "Hello", status_code=400)  # the text is kept
        r = self.client.post(
            self.url, {"body": "Hello", "name": "Wren", "email": "wren@example.org"}, follow=True
        )
        self.assertContains(r, "Wren")
        self.assertContains(r, "(Guest)")
        assert Comment.objects.get().guest_email == "wren@example.org"

    def test_a_1_mb_comment_gets_a_clear_limit_message(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"body": "a" * 1_048_576})
        assert r.status_code == 400
        self.assertContains(
            r, "Comments may have at most 10,000 characters; this one has 1,048,576.", status_code=400
        )
        assert not Comment.objects.exists()

    def test_a_comment_on_a_deleted_chapter_gets_a_clear_message(self):
        self.login(self.bob)
        chapter_id = self.two.pk
        self.two.delete()
        r = self.client.post(
            f"/works/{self.work.pk}/chapters/{chapter_id}/comments", {"body": "Where did it go?"}
        )
        assert r.status_code == 400
        self.assertContains(
            r, "That chapter no longer exists, so it can&#x27;t take comments.", status_code=400
        )
        self.assertContains(r, "Where did it go?", status_code=400)
        assert not Comment.objects.exists()

    def test_a_comment_on_a_draft_chapter_is_refused(self):
        draft = Chapter.objects.create(work=self.work, position=3, body="<p>wip</p>", posted=False)
        self.login(self.bob)
        r = self.client.post(f"/works/{self.work.pk}/chapters/{draft.pk}/comments", {"body": "Early!"})
        self.assertContains(r, "That chapter no longer exists", status_code=400)

    def test_it_answers_a_draft_chapters_comments_address_as_a_missing_chapters(self):
        draft = Chapter.objects.create(work=self.work, position=3, body="<p>wip</p>", posted=False)
        missing = f"/works/{self.work.pk}/chapters/{draft.pk + 1000}/comments"
        for reader in (None, self.bob):
            if reader:
                self.login(reader)
            assert self.client.get(missing).status_code == 404
            assert self.client.get(f"/works/{self.work.pk}/chapters/{draft.pk}/comments").status_code == 404
        self.login(self.alice)  # the creator sees her draft chapter, so its comments address leads there
        r = self.client.get(f"/works/{self.work.pk}/chapters/{draft.pk}/comments")
        assert r.status_code == 302
        assert r["Location"] == f"/works/{self.work.pk}/chapters/{draft.pk}?show_comments=true#comments"

    def test_a_double_submitted_comment_posts_once(self):
        self.login(self.bob)
        self.client.post(self.url, {"body": "Twice?"})
        r = self.client.post(self.url, {"body": "Twice?"})
        self.assertContains(r, "You&#x27;ve already left this comment here. :)", status_code=400)
        assert Comment.objects.count() == 1
        assert Work.objects.get(pk=self.work.pk).comment_count == 1

    def test_the_honeypot_catches_bots(self):
        r = self.client.post(
            self.url, {"body": "Buy now", "name": "Bot", "email": "bot@example.org", "website": "http://spam"}
        )
        self.assertContains(r, "it looked like spam", status_code=400)
        assert not Comment.objects.exists()

    def test_guests_may_post_at_most_two_links(self):
        body = "see http://a.example and http://b.example and www.c.example"
        r = self.client.post(self.url, {"body": body, "name": "Wren", "email": "wren@example.org"})
        self.assertContains(r, "Comments from guests may have at most 2 links.", status_code=400)
        self.login(self.bob)
        self.client.post(self.url, {"body": body})
        assert Comment.objects.count() == 1

    def test_an_empty_comment_is_refused(self):
        self.login(self.bob)
        r = self.client.post(self.url, {"body": "<p> </p>"})
        self.assertContains(r, "Your comment is empty.", status_code=400)

    def test_works_that_allow_no_comments_say_so(self):
        Work.objects.filter(pk=self.work.pk).update(comment_permission="nobody")
        self.login(self.bob)
        self.assertContains(
            self.client.get(f"/works/{self.work.pk}"), "Sorry, this work doesn&#x27;t allow comments."
        )
        r = self.client.post(self.url, {"body": "Hi"})
        self.assertContains(r, "Sorry, this work doesn&#x27;t allow comments.", status_code=400)
        assert not Comment.objects.exists()

    def test_works_for_registered_commenters_turn_guests_away(self):
        Work.objects.filter(pk=self.work.pk).update(comment_permission="registered")
        r = self.client.post(self.url, {"body": "Hi", "name": "Wren", "email": "wren@example.org"})
        self.assertContains(r, "doesn&#x27;t allow non-Archive users to comment", status_code=400)
        self.login(self.bob)
        self.client.post(self.url, {"body": "Hi"})
        assert Comment.objects.count() == 1

    def test_a_blocked_user_cannot_comment_or_reply(self):
        earlier = self.comment(self.work, self.charlie)
        Block.add(self.alice, self.bob)
        self.login(self.bob)
        self.assertContains(
            self.client.get(f"/works/{self.work.pk}"),
            "Sorry, you have been blocked by one or more of this work",
        )
        r = self.client.post(self.url, {"body": "Hi"})
        self.assertContains(r, "Sorry, you have been blocked by one or more of this work", status_code=400)
        r = self.client.post(f"/comments/{earlier.pk}/reply", {"body": "Hi"})
        self.assertContains(r, "Sorry, you have been blocked by one or more of this work", status_code=400)
        assert Comment.objects.count() == 1

    def test_a_user_blocked_by_a_commenter_cannot_reply_to_them_elsewhere(self):
        theirs = self.comment(self.work, self.charlie)
        Block.add(self.charlie, self.bob)
        self.login(self.bob)
        r = self.client.post(f"/comments/{theirs.pk}/reply", {"body": "Hi"})
        self.assertContains(r, "blocked by that comment&#x27;s author", status_code=400)

    @mock.patch("ficshelf.community.visitors.time.time", return_value=FROZEN_TIME)
    def test_too_many_comments_get_a_slow_down_message_and_keep_the_text(self, _clock):
        self.login(self.bob)
        for n in range(10):
            self.client.post(self.url, {"body": f"Comment {n}"})
        r = self.client.post(self.url, {"body": "One more"})
        assert r.status_code == 429
        self.assertContains(r, "Slow down!", status_code=429)
        self.assertContains(r, "One more", status_code=429)
        assert Comment.objects.count() == 10

    @mock.patch("ficshelf.community.visitors.time.time", return_value=FROZEN_TIME)
    def test_guests_are_limited_per_address(self, _clock):
        for n in range(5):
            self.client.post(self.url, {"body": f"Guest {n}", "name": "Wren", "email": "w@example.org"})
        r = self.client.post(self.url, {"body": "Again", "name": "Wren", "email": "w@example.org"})
        self.assertContains(r, "Please wait 5 minutes and try again.", status_code=429)


class ThreadTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas")
        self.chapter = self.work.chapters.get()

    def test_replies_nest_under_their_comment(self):
        top = self.comment(self.work, self.bob, "<p>Top</p>")
        self.login(self.alice)
        r = self.client.post(f"/comments/{top.pk}/reply", {"body": "Thank you!"}, follow=True)
        self.assertContains(r, "Comment created!")
        reply = Comment.objects.get(parent=top)
        assert (reply.depth, reply.thread_id) == (2, top.pk)
        html = r.content.decode()
        start = html.index(f'id="comment_{top.pk}"')
        assert start < html.index('<ol class="thread">', start) < html.index(f'id="comment_{reply.pk}"')

    def test_the_reply_page_shows_the_comment_and_a_form(self):
        top = self.comment(self.work, self.bob, "<p>Top</p>")
        r = self.client.get(f"/comments/{top.pk}/reply")
        self.assertContains(r, "Reply to bob's comment")
        self.assertContains(r, f'action="/comments/{top.pk}/reply"')

    def test_a_reply_past_the_depth_cap_is_shown_flat_with_a_clear_message(self):
        parent = None
        for n in range(COMMENT_MAX_DEPTH):
            parent = self.comment(
                self.work, self.bob if n % 2 else self.charlie, f"<p>Level {n + 1}</p>", parent=parent
            )
        assert parent.depth == COMMENT_MAX_DEPTH
        self.login(self.bob)
        r = self.client.post(f"/comments/{parent.pk}/reply", {"body": "Level six"}, follow=True)
        self.assertContains(
            r, "Threads nest 5 levels deep, so your reply is shown beside the comment it answers"
        )
        deep = Comment.objects.get(parent=parent)
        assert deep.depth == COMMENT_MAX_DEPTH + 1
        self.assertContains(r, f'Reply to <a href="#comment_{parent.pk}">charlie</a>', html=True)
        # It sits in the same list as the comment it answers, not a sixth nested list.
        html = r.content.decode()
        level = html[: html.index(f'id="comment_{deep.pk}"')]
        assert level.count('<ol class="thread">') - level.count("</ol>") == COMMENT_MAX_DEPTH
        assert Comment.objects.count() == COMMENT_MAX_DEPTH + 1

    def test_a_reply_to_a_comment_on_another_chapter_is_refused(self):
        top = self.comment(self.work, self.bob)
        other = make_work(self.charlie, "Other")
        with self.assertRaisesMessage(Exception, "same chapter"):
            Comment.post(work=other, chapter=other.chapters.get(), user=self.alice, text="x", parent=top)

    def test_editing_marks_a_comment_edited(self):
        top = self.comment(self.work, self.bob, "<p>Tpyo</p>")
        self.login(self.bob)
        r = self.client.post(f"/comments/{top.pk}/edit", {"body": "Typo"}, follow=True)
        self.assertContains(r, "Comment was successfully updated.")
        self.assertContains(r, "Last Edited")
        top.refresh_from_db()
        assert top.body == "<p>Typo</p>" and top.edited_at is not None

    def test_an_edit_to_deeply_nested_html_is_refused(self):
        top = self.comment(self.work, self.bob, "<p>Tpyo</p>")
        self.login(self.bob)
        r = self.client.post(f"/comments/{top.pk}/edit", {"body": "<div>" * 101})
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        top.refresh_from_db()
        assert top.body == "<p>Tpyo</p>"

    def test_only_the_author_edits(self):
        top = self.comment(self.work, self.bob)
        self.login(self.alice)
        r = self.client.post(f"/comments/{top.pk}/edit", {"body": "Mine now"})
        self.assertContains(r, "You can only edit your own comments.", status_code=403)
        top.refresh_from_db()
        assert top.body == "<p>Lovely!</p>"

    def test_deleting_a_comment_with_replies_keeps_the_thread_shape(self):
        top = self.comment(self.work, self.bob, "<p>Top</p>")
        reply = self.comment(self.work, self.charlie, "<p>Reply</p>", parent=top)
        self.login(self.bob)
        r = self.client.post(f"/comments/{top.pk}/delete", follow=True)
        self.assertContains(r, "Comment deleted.")
        self.assertContains(r, "(Previous comment deleted.)")
        self.assertContains(r, "<p>Reply</p>")
        top.refresh_from_db()
        assert top.deleted and top.body == ""
        assert Comment.objects.filter(pk=reply.pk).exists()
        assert Work.objects.get(pk=self.work.pk).comment_count == 1
        # A second click on the same form changes nothing.
        self.client.post(f"/comments/{top.pk}/delete")
        assert Work.objects.get(pk=self.work.pk).comment_count == 1

    def test_deleting_a_leaf_comment_removes_it(self):
        top = self.comment(self.work, self.bob)
        self.login(self.alice)  # the work's creator may delete comments on it
        self.client.post(f"/comments/{top.pk}/delete")
        assert not Comment.objects.exists()
        assert Work.objects.get(pk=self.work.pk).comment_count == 0

    def test_it_asks_a_moderator_why_and_logs_deleting_someone_elses_comment(self):
        top = self.comment(self.work, self.bob, "<p>Buy cheap umbrellas</p>")
        self.charlie.is_staff = True
        self.charlie.save()
        self.login(self.charlie)
        self.assertContains(self.client.get(f"/comments/{top.pk}/delete"), 'name="reason"')
        r = self.client.post(f"/comments/{top.pk}/delete", {"reason": ""})
        self.assertContains(r, "Give a reason: it is kept in the audit log.", status_code=400)
        assert Comment.objects.filter(pk=top.pk).exists() and not AuditEntry.objects.exists()
        r = self.client.post(f"/comments/{top.pk}/delete", {"reason": "Spam"})
        assert r.status_code == 302 and not Comment.objects.filter(pk=top.pk).exists()
        entry = AuditEntry.objects.get()
        assert (entry.actor, entry.action, entry.reason, entry.object_id, entry.after) == (
            self.charlie,
            "comment.delete",
            "Spam",
            str(top.pk),
            None,
        )
        assert entry.before["body"] == "<p>Buy cheap umbrellas</p>" and entry.before["author"] == "bob"

    def test_it_logs_nothing_when_the_author_or_a_creator_deletes(self):
        self.bob.is_staff = self.alice.is_staff = True
        self.bob.save()
        self.alice.save()
        mine, theirs = self.comment(self.work, self.bob), self.comment(self.work, self.charlie)
        self.login(self.bob)
        self.assertNotContains(self.client.get(f"/comments/{mine.pk}/delete"), 'name="reason"')
        assert self.client.post(f"/comments/{mine.pk}/delete").status_code == 302
        self.login(self.alice)  # the work's creator, a moderator too
        assert self.client.post(f"/comments/{theirs.pk}/delete").status_code == 302
        assert not Comment.objects.exists() and not AuditEntry.objects.exists()

    def test_other_readers_cannot_delete_comments(self):
        top = self.comment(self.work, self.bob)
        self.login(self.charlie)
        assert self.client.post(f"/comments/{top.pk}/delete").status_code == 403
        assert Comment.objects.filter(pk=top.pk).exists()

    def test_the_thread_page_shows_a_comment_and_its_replies(self):
        top = self.comment(self.work, self.bob, "<p>Top</p>")
        self.comment(self.work, self.charlie, "<p>Reply</p>", parent=top)
        self.comment(self.work, self.charlie, "<p>Elsewhere</p>")
        r = self.client.get(f"/comments/{top.pk}")
        self.assertContains(r, "<p>Top</p>")
        self.assertContains(r, "<p>Reply</p>")
        self.assertNotContains(r, "Elsewhere")

    def test_comments_on_invisible_works_are_404(self):
        locked = make_work(self.alice, "Locked", restricted=True)
        comment = self.comment(locked, self.bob)
        assert self.client.get(f"/comments/{comment.pk}").status_code == 404
        assert self.client.post(f"/comments/{comment.pk}/reply", {"body": "x"}).status_code == 404

    def test_comment_threads_use_a_fixed_number_of_queries(self):
        self.comment(self.work, self.bob, "<p>First</p>")
        self.login(self.charlie)
        url = f"/works/{self.work.pk}?show_comments=true"
        self.client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(8):
            top = self.comment(self.work, self.bob, f"<p>Top {n}</p>")
            self.comment(self.work, self.alice, f"<p>Reply {n}</p>", parent=top)
        with self.assertNumQueries(len(few)):
            r = self.client.get(url)
        self.assertContains(r, "Reply 7")


class ModerationTestCase(CommunityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Umbrellas", moderate_guest_comments=True)
        self.chapter = self.work.chapters.get()
        self.url = f"/works/{self.work.pk}/chapters/{self.chapter.pk}/comments"

    def test_guest_comments_wait_for_the_creators_approval(self):
        r = self.client.post(
            self.url, {"body": "Held?", "name": "Wren", "email": "w@example.org"}, follow=True
        )
        self.assertContains(r, "It will appear once the work&#x27;s creator approves it.")
        comment = Comment.objects.get()
        assert comment.status == CommentStatus.PENDING
        assert Work.objects.get(pk=self.work.pk).comment_count == 0
        self.assertNotContains(self.client.get(f"/works/{self.work.pk}?show_comments=true"), "Held?")

        self.login(self.alice)
        r = self.client.get(f"/works/{self.work.pk}?show_comments=true")
        self.assertContains(r, "Held?")
        self.assertContains(r, "This comment is awaiting approval")
        r = self.client.post(f"/comments/{comment.pk}/approve", follow=True)
        self.assertContains(r, "Comment approved: readers can see it now.")
        assert Work.objects.get(pk=self.work.pk).comment_count == 1
        self.client.post(f"/comments/{comment.pk}/approve")
        assert Work.objects.get(pk=self.work.pk).comment_count == 1
        self.client.logout()
        self.assertContains(self.client.get(f"/works/{self.work.pk}?show_comments=true"), "Held?")

    def test_it_logs_a_moderator_approving_a_held_comment(self):
        self.client.post(self.url, {"body": "Held?", "name": "Wren", "email": "w@example.org"})
        comment = Comment.objects.get()
        self.charlie.is_staff = True
        self.charlie.save()
        self.login(self.charlie)
        assert self.client.post(f"/comments/{comment.pk}/approve").status_code == 302
        entry = AuditEntry.objects.get()
        assert (entry.actor, entry.action, entry.before, entry.after) == (
            self.charlie,
            "comment.approve",
            {"status": "pending"},
            {"status": "published"},
        )
        self.client.post(f"/comments/{comment.pk}/approve")  # a second click changes nothing
        assert AuditEntry.objects.count() == 1

    def test_registered_readers_are_not_held(self):
        self.login(self.bob)
        self.client.post(self.url, {"body": "Straight in"})
        assert Comment.objects.get().status == CommentStatus.PUBLISHED

    def test_only_creators_approve(self):
        self.client.post(self.url, {"body": "Held?", "name": "Wren", "email": "w@example.org"})
        comment = Comment.objects.get()
        self.login(self.bob)
        assert self.client.post(f"/comments/{comment.pk}/approve").status_code == 404  # bob can't even see it
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PENDING


class MutedCommentsTestCase(CommunityTestCase):
    def test_a_muted_users_comments_disappear_from_threads_and_counts(self):
        work = make_work(self.alice, "Umbrellas")
        self.comment(work, self.bob, "<p>From bob</p>")
        self.comment(work, self.charlie, "<p>From charlie</p>")
        Mute.add(self.alice, self.bob)
        self.login(self.alice)
        r = self.client.get(f"/works/{work.pk}?show_comments=true")
        self.assertContains(r, "From charlie")
        self.assertNotContains(r, "From bob")
        self.assertContains(r, "Comments (1)")
        self.client.logout()
        self.assertContains(self.client.get(f"/works/{work.pk}?show_comments=true"), "Comments (2)")
