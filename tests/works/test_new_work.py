import uuid
from unittest import mock

import nh3
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficshelf.accounts.models import Block
from ficshelf.community.models import Comment
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Creatorship, Series, Work
from ficshelf.works.models.work import CommentPermission
from tests.base import BaseTestCase, work_form_data

# The 360 KB preview: 20,000 nested list items.
NESTED = "<ul><li>" * 20_000 + "x" + "</li></ul>" * 20_000


class NewWorkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_asks_guests_to_log_in(self):
        self.client.logout()
        r = self.client.get("/works/new")
        self.assertRedirects(r, "/login?next=/works/new")

    def test_it_shows_the_form_with_ao3s_buttons(self):
        r = self.client.get("/works/new")
        for label in (
            "Preview",
            "Save as Draft",
            "Post",
            "Rating",
            "Archive Warnings",
            "Fandoms",
            "Work title",
        ):
            self.assertContains(r, label)
        self.assertContains(r, 'name="form_token"')

    def test_it_posts_a_work_with_its_first_chapter(self):
        r = self.client.post("/works/new", work_form_data(self.alice))
        work = Work.objects.get()
        self.assertRedirects(r, f"/works/{work.pk}", fetch_redirect_response=False)
        assert work.posted and work.published_at
        assert work.title == "The Heron Umbrella"
        assert work.summary == "<p>An umbrella nobody owns.</p>"
        assert [p.name for p in work.creator_pseuds()] == ["alice"]
        assert [t.name for t in work.tags_of(TagType.CHARACTER)] == ["Sherlock Holmes", "John Watson"]
        assert work.rating.name == "Teen And Up Audiences"
        chapter = work.chapters.get()
        assert chapter.title == "A Stranger in the Hall"
        assert chapter.body == "<p>It was dry.</p><p>~~~</p><p>It was raining.</p>"
        assert chapter.posted
        assert work.word_count == 6
        self.assertContains(self.client.get(f"/works/{work.pk}"), "Work was successfully posted.")

    def test_plain_text_is_escaped_and_split_into_paragraphs(self):
        data = work_form_data(self.alice, text_format="plain", body="I <3 tea.\nReally.\n\nThe end.")
        self.client.post("/works/new", data)
        assert Chapter.objects.get().body == "<p>I &lt;3 tea.<br>Really.</p><p>The end.</p>"

    def test_save_as_draft_keeps_it_from_readers(self):
        self.client.post("/works/new", work_form_data(self.alice, action="draft"))
        work = Work.objects.get()
        assert not work.posted and work.published_at is None
        self.client.logout()
        assert self.client.get(f"/works/{work.pk}").status_code == 404

    def test_preview_shows_the_work_and_saves_nothing(self):
        r = self.client.post("/works/new", work_form_data(self.alice, action="preview"))
        assert r.status_code == 200
        self.assertContains(r, "This is a preview")
        self.assertContains(r, "<p>It was raining.</p>", html=True)
        self.assertContains(r, 'value="The Heron Umbrella"')
        assert not Work.objects.exists()

    def test_preview_refuses_deeply_nested_html_with_a_clear_error(self):
        with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
            r = self.client.post("/works/new", work_form_data(self.alice, action="preview", body=NESTED))
        self.assertContains(r, "This text nests HTML elements more than 100 levels deep", status_code=400)
        assert clean.call_count == 2  # the summary and the notes; the chapter text never reached it
        assert not Work.objects.exists()

    def test_deeply_nested_summary_and_notes_are_refused_on_their_fields(self):
        deep = "<div>" * 101 + "Hi"
        r = self.client.post("/works/new", work_form_data(self.alice, summary=deep, notes_end=deep))
        assert r.status_code == 400
        form = r.context["form"]
        assert "levels deep" in form.errors["summary"][0] and "levels deep" in form.errors["notes_end"][0]
        assert not Work.objects.exists()

    def test_a_post_sanitizes_each_field_once(self):
        with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
            r = self.client.post("/works/new", work_form_data(self.alice))
        assert r.status_code == 302
        # The summary, the notes and the chapter text: the form cleans them, the models keep them.
        assert clean.call_count == 3
        assert Chapter.objects.get().body == "<p>It was dry.</p><p>~~~</p><p>It was raining.</p>"

    def test_it_starts_a_series_from_the_form(self):
        self.client.post("/works/new", work_form_data(self.alice, new_series="Baker Street Weather"))
        series = Series.objects.get()
        assert series.title == "Baker Street Weather"
        assert list(series.works_visible_to(None)) == [Work.objects.get()]
        assert series.editable_by(self.alice)

    def test_it_invites_a_co_creator_who_is_named_only_once_they_accept(self):
        self.client.post("/works/new", work_form_data(self.alice, co_creators="Bob"))
        work = Work.objects.get()
        assert [p.name for p in work.creator_pseuds()] == ["alice"]
        assert not work.editable_by(self.bob)
        self.assertNotContains(self.client.get(work.get_absolute_url()), ">bob</a>")
        invitation = Creatorship.objects.invitations_for(self.bob).get()
        assert invitation.work == work
        invitation.accept()
        assert [p.name for p in Work.objects.get().creator_pseuds()] == ["alice", "bob"]
        assert Work.objects.get().editable_by(self.bob)

    def test_an_expected_chapter_count_makes_a_one_chapter_work_complete(self):
        self.client.post("/works/new", work_form_data(self.alice, expected_chapters="1"))
        assert Work.objects.get().complete

    def test_it_saves_who_may_comment_and_holding_guest_comments(self):
        data = work_form_data(self.alice, comment_permission="registered", moderate_guest_comments="on")
        self.client.post("/works/new", data)
        work = Work.objects.get()
        assert work.comment_permission == CommentPermission.REGISTERED
        assert work.moderate_guest_comments
        self.client.logout()
        guest = {"body": "Hi", "name": "Wren", "email": "wren@example.org"}
        r = self.client.post(f"/works/{work.pk}/chapters/{work.chapters.get().pk}/comments", guest)
        self.assertContains(r, "doesn&#x27;t allow non-Archive users to comment", status_code=400)
        assert not Comment.objects.exists()

    # Bad input: a clear form error, nothing saved.

    def assert_refused(self, response, message: str) -> None:
        assert response.status_code == 400
        self.assertContains(response, message, status_code=400)
        assert not Work.objects.exists()
        assert not Chapter.objects.exists()

    def test_an_empty_title_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, title="   "))
        self.assert_refused(r, "Give your work a title.")

    def test_a_10_mb_chapter_is_refused_with_the_limit(self):
        r = self.client.post("/works/new", work_form_data(self.alice, body="w" * 10_000_000))
        self.assert_refused(r, "This chapter has 10,000,000 characters; a chapter may have at most 510,000.")

    def test_a_body_of_only_scripts_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, body="<script>alert('hi')</script>"))
        self.assert_refused(r, "The chapter text is empty once unsafe HTML (such as scripts) is removed.")

    def test_a_missing_rating_fandom_and_warning_are_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, rating="", fandoms=" , ", warnings=[]))
        self.assert_refused(r, "Choose a rating")
        self.assertContains(r, "Add at least one fandom.", status_code=400)
        self.assertContains(r, "Choose at least one archive warning", status_code=400)

    def test_a_tampered_rating_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, rating="Super Explicit"))
        self.assert_refused(r, "Select a valid choice.")

    def test_someone_elses_pseud_is_refused(self):
        r = self.client.post(
            "/works/new", work_form_data(self.alice, pseuds=[str(self.bob.default_pseud.pk)])
        )
        self.assert_refused(r, "That pseud is not one of yours.")

    def test_a_garbage_pseud_id_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, pseuds=["'; DROP TABLE"]))
        self.assert_refused(r, "That pseud is not one of yours.")

    def test_someone_elses_series_is_refused(self):
        series = Series.objects.create(title="Bob's")
        series.pseuds.add(self.bob.default_pseud)
        r = self.client.post("/works/new", work_form_data(self.alice, series=[str(series.pk)]))
        self.assert_refused(r, "That series is not one of yours.")

    def test_a_tampered_form_token_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, form_token="not-a-token"))
        self.assert_refused(r, "This form was tampered with or has expired.")

    def test_an_unknown_co_creator_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, co_creators="nobody_here"))
        self.assert_refused(r, "No user is called nobody_here.")

    def test_it_refuses_to_invite_someone_who_blocked_the_poster(self):
        Block.objects.create(blocker=self.bob, blocked=self.alice)
        r = self.client.post("/works/new", work_form_data(self.alice, co_creators="charlie, bob"))
        self.assert_refused(r, "You can&#x27;t invite bob as a co-creator: they have blocked you.")
        assert not Creatorship.objects.exists()

    def test_more_than_75_user_tags_are_refused(self):
        tags = ", ".join(f"Tag {i}" for i in range(80))
        r = self.client.post("/works/new", work_form_data(self.alice, freeforms=tags))
        self.assert_refused(
            r,
            "This work has 84 fandom, relationship, character and additional tags; a work may have at most 75. Remove 9.",
        )

    def test_more_than_75_user_tags_are_refused_clearly_and_create_no_tags(self):
        data = work_form_data(self.alice, freeforms=", ".join(f"Tag {i}" for i in range(80)))
        r = self.client.post("/works/new", data)
        self.assertContains(r, "a work may have at most 75", status_code=400)
        assert not Tag.objects.filter(name="Tag 1").exists()

    def test_an_overlong_tag_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, freeforms="x" * 101))
        self.assert_refused(r, "a tag may have at most 100 characters")

    # Tag names taken by another type (#12 item 8): a form error, never a 500, and no
    # name anyone can block.

    def test_nobody_can_block_a_character_by_taking_its_typed_name_first(self):
        self.login(self.bob)
        r = self.client.post(
            "/works/new", work_form_data(self.bob, fandoms="Rain", freeforms="Rain - Character")
        )
        self.assert_refused(
            r, "“Rain - Character” ends in “ - Character”, which is kept for tags of the type Character."
        )
        self.client.post("/works/new", work_form_data(self.bob, fandoms="Rain"))
        self.login(self.alice)
        r = self.client.post("/works/new", work_form_data(self.alice, fandoms="Rain", characters="Rain"))
        work = Work.objects.get(creatorships__pseud__user=self.alice)
        self.assertRedirects(r, f"/works/{work.pk}", fetch_redirect_response=False)
        assert [(t.name, t.type) for t in work.tags_of(TagType.CHARACTER)] == [
            ("Rain - Character", TagType.CHARACTER)
        ]

    def test_a_name_taken_by_two_other_types_is_a_form_error(self):
        Tag.find_or_create("Rain", TagType.FANDOM)
        Tag.objects.create(name="Rain - Character", type=TagType.FREEFORM)  # from before the rule
        r = self.client.post("/works/new", work_form_data(self.alice, characters="Rain"))
        self.assert_refused(r, "“Rain” and “Rain - Character” are both tags of other types already.")
        self.assertContains(r, "Name this tag differently, or ask a tag wrangler.", status_code=400)

    def test_preview_checks_tag_names_and_creates_no_tags(self):
        r = self.client.post(
            "/works/new", work_form_data(self.alice, action="preview", freeforms="Brand New Tag")
        )
        assert r.status_code == 200
        assert not Tag.objects.filter(name="Brand New Tag").exists()

    def test_checking_tag_names_takes_as_many_queries_for_70_tags_as_for_one(self):
        counts = []
        for n in (1, 70):
            tags = ", ".join(f"Tag {i}" for i in range(n))
            with CaptureQueriesContext(connection) as queries:
                r = self.client.post(
                    "/works/new", work_form_data(self.alice, action="preview", freeforms=tags)
                )
            assert r.status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_a_bad_chapter_count_is_refused(self):
        r = self.client.post("/works/new", work_form_data(self.alice, expected_chapters="lots"))
        self.assert_refused(r, "Enter the number of chapters you plan")

    def test_a_double_submitted_form_posts_once(self):
        data = work_form_data(self.alice, form_token=str(uuid.uuid4()))
        self.client.post("/works/new", data)
        second = self.client.post("/works/new", data, follow=True)
        work = Work.objects.get()
        self.assertRedirects(second, f"/works/{work.pk}")
        self.assertContains(second, "That form was already submitted; here is what it posted.")
        assert Chapter.objects.count() == 1

    def test_a_form_without_a_csrf_token_gets_a_clear_page_and_saves_nothing(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        r = client.post("/works/new", work_form_data(self.alice))
        self.assertContains(r, "That form had expired", status_code=403)
        assert not Work.objects.exists()
