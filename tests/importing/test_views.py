from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from ficshelf.importing.models import ImportDraft
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Work
from tests.base import BaseTestCase

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
        self.assertContains(page, "Chapter notes")
        self.assertContains(page, "Thanks for reading!")
        self.assertContains(page, '<h3 class="scene-heading">Later That Night</h3>', html=True)
        self.assertContains(page, "<hr>")
        self.assertContains(page, 'value="The Harbour Clocks"')
        self.assertContains(page, "Teen And Up Audiences")

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
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, edit="to_notes:0:0"))
        draft.refresh_from_db()
        assert "The clocks in the harbour office" in draft.data["chapters"][0]["notes_begin"][-1]
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, edit="to_body:0:0"))
        draft.refresh_from_db()
        assert draft.data["chapters"][0]["notes_begin"] == []
        assert "Thanks for reading!" in draft.data["chapters"][0]["body"][0]

    def test_it_splits_merges_and_renames_chapters(self):
        self.start()
        draft = ImportDraft.objects.get()
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, edit="split:0:2"))
        draft.refresh_from_db()
        assert len(draft.data["chapters"]) == 3
        data = self.preview_data(draft, edit="merge:2", **{"chapter-1-title": "Renamed"})
        self.client.post(draft.get_absolute_url(), data)
        draft.refresh_from_db()
        assert len(draft.data["chapters"]) == 2
        assert draft.data["chapters"][1]["title"] == "Renamed"
        assert any("The Second Bell" in block for block in draft.data["chapters"][1]["body"])

    def test_it_keeps_the_work_fields_typed_so_far_across_edits(self):
        self.start()
        draft = ImportDraft.objects.get()
        self.client.post(
            draft.get_absolute_url(), self.preview_data(draft, title="Better Title", edit="split:0:2")
        )
        self.assertContains(self.client.get(draft.get_absolute_url()), 'value="Better Title"')

    def test_it_answers_a_stale_edit_with_a_message_not_an_error(self):
        self.start()
        draft = ImportDraft.objects.get()
        r = self.client.post(
            draft.get_absolute_url(), self.preview_data(draft, edit="split:9:1"), follow=True
        )
        self.assertContains(r, "That chapter is no longer in the draft.")
        r = self.client.post(draft.get_absolute_url(), self.preview_data(draft, edit="nonsense"), follow=True)
        self.assertContains(r, "That edit was not understood.")

    def test_it_blocks_posting_an_empty_chapter_with_a_clear_message(self):
        self.start()
        draft = ImportDraft.objects.get()
        last = len(draft.data["chapters"][1]["body"]) - 1
        self.client.post(draft.get_absolute_url(), self.preview_data(draft, edit=f"to_notes:1:{last}"))
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
