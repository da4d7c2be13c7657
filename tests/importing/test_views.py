import tracemalloc
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ficshelf.bench.hostile import chaptered_text
from ficshelf.importing.models import ImportDraft
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Work
from tests.base import BaseTestCase

UPLOAD_PEAK_FACTOR = 7
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_4ee20ee4305d8422.txt"
STORY = """Title: The Harbour Clocks
Fandom: Original Work
Rating: T

Chapter 1: The First Bell

A/N: Thanks for reading! Reviews make my day.

The clocks in the harbour office all said different times.

Nobody minded until the ships began to arrive early.

~~~

Later That Night

Mara wound the last clock and listened.

Chapter 2: The Second Bell

The second bell rang at noon, and again at a quarter past.

It rang a third time, and nobody could say why.
"""


class ImportPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def start(self, text: str = STORY, name: str = "harbour.txt"):
        upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
        return self.client.post("/works/import", {"file": upload, "paste_format": "story.txt"})

    def preview_data(self, draft: ImportDraft, **overrides) -> dict:
        page = self.client.get(draft.get_absolute_url())
        form = page.context["form"]
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
        for index, chapter in enumerate(draft.data["chapters"]):
            data[f"chapter-{index}-title"] = chapter["title"]
        data.update(overrides)
        return data

    def chapter_url(self, draft: ImportDraft, number: int) -> str:
        return reverse("importing:import_chapter", kwargs={"draft_id": draft.pk, "number": number})

    def edit(self, draft: ImportDraft, number: int, edit: str, **overrides):
        """Press an edit button on a chapter's page, as its form posts it."""
        title = draft.data["chapters"][number - 1]["title"]
        data = {f"chapter-{number - 1}-title": title, "edit": edit, **overrides}
        return self.client.post(self.chapter_url(draft, number), data)

    def test_it_asks_guests_to_log_in(self):
        self.client.logout()
        self.assertRedirects(self.client.get("/works/import"), "/login?next=/works/import")

    def test_it_shows_the_detected_structure(self):
        r = self.start()
        draft = ImportDraft.objects.get()
        self.assertRedirects(r, draft.get_absolute_url())
        page = self.client.get(draft.get_absolute_url())
        self.assertContains(page, "2 chapters")
        self.assertContains(page, 'value="The First Bell"')
        self.assertContains(page, 'value="The Harbour Clocks"')
        self.assertContains(page, "Teen And Up Audiences")
        page = self.client.get(self.chapter_url(draft, 1))
        self.assertContains(page, "Chapter notes")
        self.assertContains(page, "Thanks for reading!")
        self.assertContains(page, '<h3 class="scene-heading">Later That Night</h3>', html=True)
        self.assertContains(page, "<hr>")

    def test_it_takes_pasted_text_too(self):
        r = self.client.post("/works/import", {"text": STORY, "paste_format": "story.txt"})
        assert r.status_code == 302
        assert ImportDraft.objects.get().data["work"]["title"] == "The Harbour Clocks"

    def test_it_posts_the_work_with_its_chapters_and_notes(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(draft.get_absolute_url(), self.preview_data(draft, action="post"))
        work = Work.objects.get()
        self.assertRedirects(r, f"/works/{work.pk}", fetch_redirect_response=False)
        assert work.posted and work.title == "The Harbour Clocks"
        one, two = work.chapters.order_by("position")
        assert one.title == "The First Bell" and two.title == "The Second Bell"
        assert "Thanks for reading!" in one.notes_begin
        assert "Thanks for reading!" not in one.body
        assert '<h3 class="scene-heading">Later That Night</h3>' in one.body
        assert work.rating.name == "Teen And Up Audiences"
        assert not ImportDraft.objects.exists()

    def test_it_moves_a_paragraph_into_and_out_of_the_notes(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.edit(draft, 1, "to_notes:0:0")
        self.assertRedirects(r, self.chapter_url(draft, 1))
        draft.refresh_from_db()
        assert "The clocks in the harbour office" in draft.data["chapters"][0]["notes_begin"][-1]
        self.edit(draft, 1, "to_body:0:0")
        draft.refresh_from_db()
        assert draft.data["chapters"][0]["notes_begin"] == []
        assert "Thanks for reading!" in draft.data["chapters"][0]["body"][0]

    def test_it_splits_merges_and_renames_chapters(self):
        self.start()
        draft = ImportDraft.objects.get()
        self.edit(draft, 1, "split:0:2")
        draft.refresh_from_db()
        assert len(draft.data["chapters"]) == 3
        self.edit(draft, 2, "split:1:0", **{"chapter-1-title": "Renamed"})  # refused, title kept
        draft.refresh_from_db()
        assert draft.data["chapters"][1]["title"] == "Renamed"
        r = self.edit(draft, 3, "merge:2")
        self.assertRedirects(r, self.chapter_url(draft, 2))
        draft.refresh_from_db()
        assert len(draft.data["chapters"]) == 2
        assert draft.data["chapters"][1]["title"] == "Renamed"
        assert any("The Second Bell" in block for block in draft.data["chapters"][1]["body"])

    def test_it_keeps_the_work_fields_typed_so_far_across_edits(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(
            draft.get_absolute_url(), self.preview_data(draft, title="Better Title", action="save")
        )
        self.assertRedirects(r, draft.get_absolute_url())
        self.edit(draft, 1, "split:0:2")
        self.assertContains(self.client.get(draft.get_absolute_url()), 'value="Better Title"')

    def test_it_answers_a_stale_edit_with_a_message_not_an_error(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(
            self.chapter_url(draft, 1), {"chapter-0-title": "x", "edit": "split:9:1"}, follow=True
        )
        self.assertContains(r, "That chapter is no longer in the draft.")
        r = self.client.post(
            self.chapter_url(draft, 1), {"chapter-0-title": "x", "edit": "nonsense"}, follow=True
        )
        self.assertContains(r, "That edit was not understood.")

    def test_it_blocks_posting_an_empty_chapter_with_a_clear_message(self):
        self.start()
        draft = ImportDraft.objects.get()
        last = len(draft.data["chapters"][1]["body"]) - 1
        self.edit(draft, 2, f"to_notes:1:{last}")
        draft.refresh_from_db()
        r = self.client.post(draft.get_absolute_url(), self.preview_data(draft, action="post"))
        self.assertContains(r, "Chapter 2 has no text", status_code=400)
        assert not Work.objects.exists()

    def test_it_blocks_posting_invalid_work_fields(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(draft.get_absolute_url(), self.preview_data(draft, action="post", title=""))
        self.assertContains(r, "Give your work a title.", status_code=400)
        assert not Work.objects.exists()

    def test_it_blocks_posting_a_tag_name_taken_by_two_other_types(self):
        Tag.find_or_create("Rain", TagType.FANDOM)
        Tag.objects.create(name="Rain - Character", type=TagType.FREEFORM)  # from before the rule
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(
            draft.get_absolute_url(), self.preview_data(draft, action="post", characters="Rain")
        )
        self.assertContains(
            r, "“Rain” and “Rain - Character” are both tags of other types already.", status_code=400
        )
        assert not Work.objects.exists()

    # The review is paged per chapter (#12 item 3)

    def start_long(self, chapters: int = 30) -> ImportDraft:
        self.start(text=chaptered_text(chapters * 3000, chapters).decode(), name="long.txt")
        return ImportDraft.objects.get()

    def test_it_lists_the_chapters_on_the_review_without_their_text(self):
        draft = self.start_long()
        page = self.client.get(draft.get_absolute_url())
        self.assertContains(page, "30 chapters")
        for number in (1, 17, 30):
            self.assertContains(page, f'href="{self.chapter_url(draft, number)}"')
            self.assertContains(page, f'value="The Harbour, Part {number}"')
        self.assertNotContains(page, draft.data["chapters"][16]["body"][0])
        self.assertNotContains(page, "Into notes")

    def test_it_shows_one_chapter_per_page(self):
        draft = self.start_long()
        page = self.client.get(self.chapter_url(draft, 17))
        self.assertContains(page, "Chapter 17 of 30")
        self.assertContains(page, draft.data["chapters"][16]["body"][0], html=True)
        self.assertNotContains(page, draft.data["chapters"][15]["body"][0])
        self.assertContains(page, f'href="{self.chapter_url(draft, 16)}"')
        self.assertContains(page, f'href="{self.chapter_url(draft, 18)}"')
        self.assertContains(page, 'value="The Harbour, Part 17"')

    def test_it_answers_404_for_a_chapter_not_in_the_draft(self):
        draft = self.start_long(3)
        assert self.client.get(self.chapter_url(draft, 4)).status_code == 404
        assert self.client.get(self.chapter_url(draft, 0)).status_code == 404

    def test_it_posts_every_chapter_from_the_paged_review(self):
        draft = self.start_long()
        bodies = ["".join(chapter["body"]) for chapter in draft.data["chapters"]]
        r = self.client.post(self.chapter_url(draft, 5), {"chapter-4-title": "Renamed on its page"})
        self.assertRedirects(r, self.chapter_url(draft, 5))
        draft.refresh_from_db()  # the review page, opened again
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, title="Long One", action="save"))
        self.client.get(self.chapter_url(draft, 20))
        draft.refresh_from_db()
        r = self.client.post(draft.get_absolute_url(), self.preview_data(draft, action="post"))
        work = Work.objects.get()
        self.assertRedirects(r, work.get_absolute_url(), fetch_redirect_response=False)
        chapters = list(work.chapters.order_by("position"))
        assert work.title == "Long One" and len(chapters) == 30
        assert [c.body for c in chapters] == bodies
        assert chapters[4].title == "Renamed on its page"
        assert chapters[29].title == "The Harbour, Part 30"

    def test_it_keeps_the_titles_a_stale_review_page_did_not_post(self):
        draft = self.start_long(3)
        data = self.preview_data(draft, action="save")
        self.edit(draft, 1, "split:0:1")  # in another tab: now there are 4 chapters
        draft.refresh_from_db()
        draft.data["chapters"][1]["title"] = "Split Off"
        draft.save()
        self.client.post(draft.get_absolute_url(), {**data, "chapter-0-title": "First"})
        draft.refresh_from_db()
        titles = [chapter["title"] for chapter in draft.data["chapters"]]
        assert len(titles) == 4 and titles[0] == "First" and titles[3] == "The Harbour, Part 3"

    def test_it_refuses_chapter_titles_with_control_characters_on_the_review(self):
        self.start()
        draft = ImportDraft.objects.get()
        for title, error in [
            ("Bell\x9bBcc: x@example.org", "control character U+009B"),
            ("Bell\x00", "control character U+0000 (NULL)"),
            ("B" * 256, "at most 255 characters (it has 256)"),
        ]:
            r = self.client.post(
                draft.get_absolute_url(),
                self.preview_data(draft, action="post", **{"chapter-1-title": title}),
            )
            self.assertContains(r, error, status_code=400)
            assert not Work.objects.exists()
            draft.refresh_from_db()
            assert draft.data["chapters"][1]["title"] == "The Second Bell"

    def test_it_refuses_a_chapter_title_with_control_characters_on_its_page(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.edit(draft, 2, "to_notes:1:0", **{"chapter-1-title": "Second\x9bBell"})
        self.assertContains(r, "control character U+009B", status_code=400)
        draft.refresh_from_db()
        assert draft.data["chapters"][1]["title"] == "The Second Bell"
        assert draft.data["chapters"][1]["notes_begin"] == []

    def test_it_keeps_the_uploads_peak_memory_within_a_fixed_factor_of_the_file(self):
        """Reading, decoding, parsing and saving an upload costs under UPLOAD_PEAK_FACTOR × the file.

        Measured with tracemalloc around the whole request (the test client's own copy
        of the request body included): the peak's growth between two file sizes over
        the growth of the file, so Django's fixed cost does not hide in the factor.
        """
        self.start()  # first-request costs (imports, templates) are not the upload's
        peaks = []
        sizes = (300_000, 1_200_000)
        for size in sizes:
            upload = SimpleUploadedFile("long.txt", chaptered_text(size, 12), content_type="text/plain")
            tracemalloc.start()
            try:
                # Files over 2.5 MB are spooled to a temporary file; so are these, as in production.
                with self.settings(FILE_UPLOAD_MAX_MEMORY_SIZE=0):
                    self.client.post("/works/import", {"file": upload, "paste_format": "story.txt"})
                peaks.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        assert ImportDraft.objects.count() == 3
        factor = (peaks[1] - peaks[0]) / (sizes[1] - sizes[0])
        assert factor < UPLOAD_PEAK_FACTOR, (factor, peaks)
        assert peaks[0] < 3_000_000 + UPLOAD_PEAK_FACTOR * sizes[0], peaks  # Django's own: under 3 MB

    def test_it_keeps_drafts_private(self):
        self.start()
        draft = ImportDraft.objects.get()
        self.login(self.bob)
        assert self.client.get(draft.get_absolute_url()).status_code == 404
        assert self.client.post(f"{draft.get_absolute_url()}/discard").status_code == 404

    def test_it_discards_a_draft(self):
        self.start()
        draft = ImportDraft.objects.get()
        self.client.post(f"{draft.get_absolute_url()}/discard")
        assert not ImportDraft.objects.exists()

    # Bad input

    def test_it_refuses_an_empty_form(self):
        r = self.client.post("/works/import", {"text": "  ", "paste_format": "story.txt"})
        self.assertContains(r, "Choose a file to upload, or paste the story.", status_code=400)

    def test_it_refuses_deeply_nested_html_clearly(self):
        html = "<html><body>" + "<blockquote>" * 150 + "<p>It rained.</p></body></html>"
        r = self.client.post("/works/import", {"text": html, "paste_format": "story.html"})
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        assert not ImportDraft.objects.exists()

    def test_it_refuses_an_empty_file_clearly(self):
        r = self.start(text="", name="empty.txt")
        assert r.status_code == 400
        assert not ImportDraft.objects.exists()

    def test_it_refuses_a_binary_file_clearly(self):
        upload = SimpleUploadedFile("photo.jpg", bytes(range(256)) * 40, content_type="image/jpeg")
        r = self.client.post("/works/import", {"file": upload, "paste_format": "story.txt"})
        assert r.status_code == 400
        self.assertContains(r, "error-summary", status_code=400)
        assert not ImportDraft.objects.exists()

    def test_it_refuses_an_oversized_file_with_the_limit(self):
        with self.settings(FICSHELF_IMPORT_MAX_BYTES=1000):
            r = self.start(text="word " * 500)
        self.assertContains(r, "That file is 2,500 bytes; files may have at most 1,000.", status_code=400)

    def test_it_sanitizes_html_with_scripts(self):
        html = "<html><body><h2>Chapter 1</h2><p>Hello, she said, and the story began.<script>alert(1)</script></p><p onclick='x'>Bye, he said.</p></body></html>"
        self.start(text=html, name="story.html")
        draft = ImportDraft.objects.get()
        body = "".join(draft.data["chapters"][0]["body"])
        assert "script" not in body and "onclick" not in body
        assert "Hello" in body

    def test_it_imports_the_seed_with_its_note_and_scenes(self):
        if not SEED.exists():
            self.skipTest("../shared/seed is not beside the repository")
        self.start(text=SEED.read_text(encoding="utf-8"), name=SEED.name)
        draft = ImportDraft.objects.get()
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, action="post"))
        chapter = Work.objects.get().chapters.get()
        assert chapter.title == "It starts with goodbye..."
        assert "Battle of the Heart" in chapter.notes_begin
        assert chapter.body.startswith(
            '<h3 class="scene-heading">One Year Earlier</h3><p>Buffy’s hands shook'
        )
