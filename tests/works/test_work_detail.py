from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


class WorkDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(
            self.alice,
            "Letters Not Sent",
            chapters=["<p>My dear Charlotte,</p>", "<p>Sir, you will never read this.</p>"],
            summary="<p>She sends none of them.</p>",
            notes_begin="<p>Updates on Sundays.</p>",
            notes_end="<p>Thanks for reading!</p>",
        )
        self.work.set_tags(
            {
                TagType.RATING: [Tag.find_or_create("Teen And Up Audiences", TagType.RATING)],
                TagType.WARNING: [Tag.find_or_create("No Archive Warnings Apply", TagType.WARNING)],
                TagType.CATEGORY: [Tag.find_or_create("F/M", TagType.CATEGORY)],
                TagType.FANDOM: [Tag.find_or_create("Pride and Prejudice", TagType.FANDOM)],
                TagType.RELATIONSHIP: [
                    Tag.find_or_create("Elizabeth Bennet/Fitzwilliam Darcy", TagType.RELATIONSHIP)
                ],
                TagType.CHARACTER: [Tag.find_or_create("Elizabeth Bennet", TagType.CHARACTER)],
                TagType.FREEFORM: [Tag.find_or_create("Pining", TagType.FREEFORM)],
            }
        )
        self.one, self.two = self.work.chapters.order_by("position")

    def test_it_shows_the_meta_block_in_ao3_order(self):
        r = self.client.get(f"/works/{self.work.pk}")
        html = r.content.decode()
        labels = ["Rating:", "Archive Warning:", "Category:", "Fandom:", "Relationship:", "Character:",
                  "Additional Tags:", "Language:", "Published:", "Words:", "Chapters:"]  # fmt: skip
        positions = [html.index(label) for label in labels]
        assert positions == sorted(positions)
        self.assertContains(r, '<dl class="work meta group">')
        self.assertContains(r, "Elizabeth%20Bennet*s*Fitzwilliam%20Darcy/works")
        self.assertContains(r, '<dd class="chapters">2/?</dd>', html=False)

    def test_it_shows_preface_then_the_first_chapter_only(self):
        r = self.client.get(f"/works/{self.work.pk}")
        html = r.content.decode()
        assert (
            html.index('<h2 class="title heading">Letters Not Sent</h2>')
            < html.index("She sends none")
            < html.index("Updates on Sundays")
            < html.index("My dear Charlotte")
        )
        self.assertContains(
            r, '<h3 class="byline heading"><a rel="author" href="/users/alice/pseuds/alice">alice</a>'
        )
        self.assertContains(r, '<div class="userstuff module" role="article">')
        self.assertNotContains(r, "you will never read this")
        self.assertNotContains(r, "Thanks for reading!")  # the work's end notes follow the last chapter

    def test_it_links_to_the_next_chapter_and_the_entire_work(self):
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(
            r, f'<a href="/works/{self.work.pk}/chapters/{self.two.pk}">Next Chapter →</a>', html=True
        )
        self.assertContains(
            r, f'<a href="/works/{self.work.pk}?view_full_work=true">Entire Work</a>', html=True
        )
        self.assertNotContains(r, "← Previous Chapter")

    def test_entire_work_shows_every_chapter_and_the_end_notes(self):
        r = self.client.get(f"/works/{self.work.pk}?view_full_work=true")
        self.assertContains(r, "My dear Charlotte")
        self.assertContains(r, "you will never read this")
        self.assertContains(r, "Thanks for reading!")
        self.assertContains(r, '<div id="chapters" role="article">')

    def test_a_single_chapter_work_shows_no_chapter_navigation(self):
        work = make_work(self.alice, "Oneshot")
        r = self.client.get(f"/works/{work.pk}")
        self.assertNotContains(r, "Entire Work")
        self.assertNotContains(r, "Next Chapter")

    def test_unknown_work_is_404(self):
        assert self.client.get("/works/987654").status_code == 404
        assert self.client.get("/works/99999999999999999999").status_code == 404
        assert self.client.get("/works/abc").status_code == 404

    def test_guests_get_404_for_drafts_restricted_and_hidden_works(self):
        for work in (
            make_work(self.alice, "Draft", posted=False),
            make_work(self.alice, "Locked", restricted=True),
            make_work(self.alice, "Hidden", hidden=True),
        ):
            r = self.client.get(f"/works/{work.pk}")
            assert r.status_code == 404
            self.assertNotContains(r, work.title, status_code=404)

    def test_the_creator_sees_a_draft_with_a_notice_and_a_post_button(self):
        draft = make_work(self.alice, "Draft", posted=False)
        self.login(self.alice)
        r = self.client.get(f"/works/{draft.pk}")
        self.assertContains(r, "This is a draft: only you can see it.")
        self.assertContains(r, "Post Draft")

    def test_other_readers_cannot_see_a_draft(self):
        draft = make_work(self.alice, "Draft", posted=False)
        self.login(self.bob)
        assert self.client.get(f"/works/{draft.pk}").status_code == 404

    def test_it_offers_creator_actions_only_to_creators(self):
        self.assertNotContains(self.client.get(f"/works/{self.work.pk}"), "Edit Work")
        self.login(self.alice)
        self.assertContains(self.client.get(f"/works/{self.work.pk}"), "Edit Work")

    def test_draft_chapters_are_hidden_from_readers_and_shown_to_the_creator(self):
        Chapter.objects.create(work=self.work, position=3, body="<p>Secret chapter</p>", posted=False)
        r = self.client.get(f"/works/{self.work.pk}?view_full_work=true")
        self.assertNotContains(r, "Secret chapter")
        self.login(self.alice)
        self.assertContains(self.client.get(f"/works/{self.work.pk}?view_full_work=true"), "Secret chapter")

    def test_story_text_is_served_sanitized(self):
        work = make_work(
            self.alice, "XSS", chapters=['<p>Hi<img src=x onerror="alert(1)"></p><script>x()</script>']
        )
        r = self.client.get(f"/works/{work.pk}")
        self.assertNotContains(r, "onerror")
        self.assertNotContains(r, "<script>x()")


class ChapterDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(
            self.alice, chapters=["<p>First text</p>", "<p>Second text</p>", "<p>Third text</p>"]
        )
        self.one, self.two, self.three = self.work.chapters.order_by("position")

    def test_it_shows_one_chapter_with_previous_and_next_links(self):
        r = self.client.get(f"/works/{self.work.pk}/chapters/{self.two.pk}")
        self.assertContains(r, "Second text")
        self.assertNotContains(r, "First text")
        self.assertContains(
            r, f'<a href="/works/{self.work.pk}/chapters/{self.one.pk}">← Previous Chapter</a>', html=True
        )
        self.assertContains(
            r, f'<a href="/works/{self.work.pk}/chapters/{self.three.pk}">Next Chapter →</a>', html=True
        )
        self.assertContains(r, "Chapter 2</a>")

    def test_the_last_chapter_has_no_next_link(self):
        r = self.client.get(f"/works/{self.work.pk}/chapters/{self.three.pk}")
        self.assertNotContains(r, "Next Chapter →")

    def test_a_chapter_of_another_work_is_404(self):
        other = make_work(self.bob)
        assert self.client.get(f"/works/{other.pk}/chapters/{self.two.pk}").status_code == 404

    def test_a_chapter_of_a_restricted_work_is_404_for_guests(self):
        locked = make_work(self.alice, restricted=True)
        chapter = locked.chapters.get()
        assert self.client.get(f"/works/{locked.pk}/chapters/{chapter.pk}").status_code == 404
        self.login(self.bob)
        assert self.client.get(f"/works/{locked.pk}/chapters/{chapter.pk}").status_code == 200

    def test_a_draft_chapter_is_404_for_readers(self):
        draft = Chapter.objects.create(work=self.work, position=4, body="<p>wip</p>", posted=False)
        assert self.client.get(f"/works/{self.work.pk}/chapters/{draft.pk}").status_code == 404

    def test_chapter_index_lists_chapters(self):
        r = self.client.get(f"/works/{self.work.pk}/navigate")
        self.assertContains(r, "Chapter 3")
        self.assertContains(r, f"/works/{self.work.pk}/chapters/{self.three.pk}")


class AdultGateTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Thread", rating="Explicit", chapters=["<p>Story text.</p>"])

    def test_it_asks_before_showing_adult_works(self):
        r = self.client.get(f"/works/{self.work.pk}")
        self.assertContains(
            r,
            "This work could have adult content. If you continue, you have agreed that you are willing "
            "to see such content.",
        )
        self.assertContains(
            r, f'<a class="button" href="/works/{self.work.pk}?view_adult=true">Yes, Continue</a>', html=True
        )
        self.assertContains(r, "No, Go Back")
        self.assertNotContains(r, "Story text.")

    def test_yes_continue_is_a_plain_link_that_shows_the_work(self):
        r = self.client.get(f"/works/{self.work.pk}?view_adult=true")
        self.assertContains(r, "Story text.")

    def test_the_agreement_lasts_for_the_session(self):
        self.client.get(f"/works/{self.work.pk}?view_adult=true")
        chapter = self.work.chapters.get()
        self.assertContains(self.client.get(f"/works/{self.work.pk}/chapters/{chapter.pk}"), "Story text.")

    def test_it_keeps_the_full_work_parameter(self):
        r = self.client.get(f"/works/{self.work.pk}?view_full_work=true")
        self.assertContains(r, "view_full_work=true&amp;view_adult=true")

    def test_not_rated_works_are_gated_and_general_ones_are_not(self):
        not_rated = make_work(self.alice, rating="Not Rated")
        general = make_work(self.alice, rating="General Audiences")
        self.assertContains(self.client.get(f"/works/{not_rated.pk}"), "Yes, Continue")
        self.assertNotContains(self.client.get(f"/works/{general.pk}"), "Yes, Continue")

    def test_readers_can_turn_the_gate_off_in_preferences(self):
        self.login(self.bob)
        r = self.client.post("/users/bob/preferences", {"skip_adult_warning": "on"})
        assert r.status_code == 302
        self.assertContains(self.client.get(f"/works/{self.work.pk}"), "Story text.")

    def test_the_creator_is_never_gated(self):
        self.login(self.alice)
        self.assertContains(self.client.get(f"/works/{self.work.pk}"), "Story text.")
