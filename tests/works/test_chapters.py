import uuid

from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


def chapter_data(**overrides) -> dict:
    data = {
        "form_token": str(uuid.uuid4()),
        "chapter_title": "Naxos",
        "chapter_summary": "",
        "chapter_notes_begin": "A/N: sorry for the wait!",
        "chapter_notes_end": "",
        "text_format": "html",
        "body": "She woke alone on the beach.",
        "action": "post",
    }
    data.update(overrides)
    return data


class NewChapterTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, chapters=["<p>one</p>"])
        self.login(self.alice)

    def test_it_posts_a_chapter_at_the_end(self):
        r = self.client.post(f"/works/{self.work.pk}/chapters/new", chapter_data(position="2"))
        chapter = self.work.chapters.get(position=2)
        self.assertRedirects(r, f"/works/{self.work.pk}/chapters/{chapter.pk}", fetch_redirect_response=False)
        assert chapter.title == "Naxos" and chapter.posted
        assert chapter.notes_begin == "<p>A/N: sorry for the wait!</p>"
        self.work.refresh_from_db()
        assert self.work.chapters_label() == "2/?"
        assert self.work.word_count == 1 + 6

    def test_it_inserts_a_chapter_where_asked(self):
        self.client.post(f"/works/{self.work.pk}/chapters/new", chapter_data(position="1"))
        titles = list(self.work.chapters.order_by("position").values_list("title", flat=True))
        assert titles == ["Naxos", ""]

    def test_a_draft_chapter_is_hidden_from_readers(self):
        self.client.post(f"/works/{self.work.pk}/chapters/new", chapter_data(position="2", action="draft"))
        chapter = self.work.chapters.get(position=2)
        assert not chapter.posted
        self.client.logout()
        assert self.client.get(f"/works/{self.work.pk}/chapters/{chapter.pk}").status_code == 404
        self.work.refresh_from_db()
        assert self.work.chapter_count == 1

    def test_a_position_out_of_range_is_refused(self):
        for position in ("0", "3", "-1", "many"):
            r = self.client.post(f"/works/{self.work.pk}/chapters/new", chapter_data(position=position))
            assert r.status_code == 400, position
        assert self.work.chapters.count() == 1

    def test_an_empty_body_is_refused(self):
        r = self.client.post(
            f"/works/{self.work.pk}/chapters/new", chapter_data(position="2", body="<script></script>")
        )
        self.assertContains(r, "The chapter text is empty", status_code=400)
        assert self.work.chapters.count() == 1

    def test_deeply_nested_chapter_text_is_refused(self):
        r = self.client.post(
            f"/works/{self.work.pk}/chapters/new", chapter_data(position="2", body="<blockquote>" * 101)
        )
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        assert self.work.chapters.count() == 1

    def test_a_double_submitted_chapter_posts_once(self):
        data = chapter_data(position="2")
        self.client.post(f"/works/{self.work.pk}/chapters/new", data)
        self.client.post(f"/works/{self.work.pk}/chapters/new", data)
        assert self.work.chapters.count() == 2

    def test_others_cannot_add_chapters(self):
        self.login(self.bob)
        assert (
            self.client.post(f"/works/{self.work.pk}/chapters/new", chapter_data(position="2")).status_code
            == 403
        )
        assert self.work.chapters.count() == 1


class EditChapterTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, chapters=["<p>one</p>", "<p>two</p>", "<p>three</p>"])
        self.one, self.two, self.three = self.work.chapters.order_by("position")
        self.login(self.alice)

    def url(self, chapter: Chapter) -> str:
        return f"/works/{self.work.pk}/chapters/{chapter.pk}/edit"

    def test_it_updates_text_and_word_count(self):
        self.client.post(self.url(self.two), chapter_data(position="2", body="four five six seven"))
        self.two.refresh_from_db()
        self.work.refresh_from_db()
        assert self.two.body == "<p>four five six seven</p>"
        assert self.work.word_count == 6

    def test_it_moves_a_chapter(self):
        self.client.post(self.url(self.three), chapter_data(position="1"))
        ids = list(self.work.chapters.order_by("position").values_list("pk", flat=True))
        assert ids == [self.three.pk, self.one.pk, self.two.pk]

    def test_a_position_out_of_range_is_refused(self):
        r = self.client.post(self.url(self.two), chapter_data(position="4", body="changed"))
        self.assertContains(r, "Choose a position from 1 to 3.", status_code=400)
        self.two.refresh_from_db()
        assert self.two.body == "<p>two</p>"

    def test_a_chapter_of_another_work_is_404(self):
        other = make_work(self.alice)
        assert self.client.get(f"/works/{other.pk}/chapters/{self.two.pk}/edit").status_code == 404


class DeleteAndReorderChaptersTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, chapters=["<p>one</p>", "<p>two</p>", "<p>three</p>"])
        self.one, self.two, self.three = self.work.chapters.order_by("position")
        self.login(self.alice)

    def test_it_deletes_a_chapter_after_confirmation_and_renumbers(self):
        url = f"/works/{self.work.pk}/chapters/{self.two.pk}/delete"
        self.assertContains(self.client.get(url), "Are you sure")
        self.client.post(url)
        assert list(self.work.chapters.order_by("position").values_list("position", "pk")) == [
            (1, self.one.pk),
            (2, self.three.pk),
        ]
        self.work.refresh_from_db()
        assert self.work.chapter_count == 2

    def test_the_last_chapter_cannot_be_deleted(self):
        work = make_work(self.alice)
        chapter = work.chapters.get()
        self.client.post(f"/works/{work.pk}/chapters/{chapter.pk}/delete")
        assert work.chapters.count() == 1

    def test_manage_chapters_reorders(self):
        url = f"/works/{self.work.pk}/chapters/manage"
        self.assertContains(self.client.get(url), "Update Positions")
        data = {
            f"position_{self.one.pk}": "3",
            f"position_{self.two.pk}": "1",
            f"position_{self.three.pk}": "2",
        }
        self.client.post(url, data)
        ids = list(self.work.chapters.order_by("position").values_list("pk", flat=True))
        assert ids == [self.two.pk, self.three.pk, self.one.pk]

    def test_manage_chapters_refuses_bad_positions(self):
        url = f"/works/{self.work.pk}/chapters/manage"
        data = {
            f"position_{self.one.pk}": "9",
            f"position_{self.two.pk}": "1",
            f"position_{self.three.pk}": "x",
        }
        assert self.client.post(url, data).status_code == 400
        ids = list(self.work.chapters.order_by("position").values_list("pk", flat=True))
        assert ids == [self.one.pk, self.two.pk, self.three.pk]

    def test_others_cannot_reorder(self):
        self.login(self.bob)
        assert self.client.get(f"/works/{self.work.pk}/chapters/manage").status_code == 403
