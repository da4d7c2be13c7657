from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ficshelf.search.backends import get_backend
from ficshelf.search.indexing import OVERLAP_WORDS, chunk_text, index_work, index_works
from ficshelf.search.models import SearchChunk, SearchWork
from ficshelf.works.models import Chapter, Work
from tests.base import BaseTestCase, make_work, work_form_data


def test_long_chapters_are_cut_into_overlapping_chunks():
    text = " ".join(f"w{i}" for i in range(10_000))
    chunks = chunk_text(text, size=4000, overlap=OVERLAP_WORDS)
    assert len(chunks) == 3
    assert all(len(chunk.split()) <= 4000 for chunk in chunks)
    # The last words of one chunk open the next, so a phrase across the cut is whole in one.
    assert chunks[0].split()[-OVERLAP_WORDS:] == chunks[1].split()[:OVERLAP_WORDS]
    assert chunks[-1].endswith("w9999")
    assert chunk_text("") == []


class IndexingTestCase(BaseTestCase):
    def test_posting_indexes_metadata_and_each_posted_chapter(self):
        work = make_work(self.alice, "Umbrellas", chapters=["<p>One heron.</p>", "<p>Two herons.</p>"])
        assert SearchWork.objects.get(work=work).title == "Umbrellas"
        assert SearchChunk.objects.filter(work=work).count() == 2

    def test_drafts_chapters_are_not_indexed_until_posted(self):
        work = make_work(self.alice, "Draft", posted=False)
        assert not SearchChunk.objects.filter(work=work).exists()
        work.post()
        assert SearchChunk.objects.filter(work=work).count() == 1

    def test_editing_a_chapter_reindexes_only_that_chapter(self):
        work = make_work(self.alice, chapters=["<p>First.</p>", "<p>Second.</p>"])
        first, second = Chapter.objects.filter(work=work).order_by("position")
        kept = SearchChunk.objects.get(chapter=first).pk
        second.body = "<p>Rewritten entirely.</p>"
        second.save()
        work.refresh_counts()
        assert SearchChunk.objects.get(chapter=first).pk == kept
        assert "Rewritten" in SearchChunk.objects.get(chapter=second).text

    def test_a_very_long_chapter_is_chunked(self):
        body = "<p>" + " ".join(["word"] * 9000) + " endmark</p>"
        work = make_work(self.alice, chapters=[body])
        assert SearchChunk.objects.filter(work=work).count() == 3

    def test_deleting_removes_chunks(self):
        work = make_work(self.alice, chapters=["<p>Gone soon.</p>", "<p>Stays.</p>"])
        Chapter.objects.filter(work=work, position=1).get().delete()
        work.refresh_counts()
        assert SearchChunk.objects.filter(work=work).count() == 1
        work.delete()
        assert not SearchChunk.objects.exists()
        assert not SearchWork.objects.exists()

    def test_posting_queues_the_index_instead_of_running_it_in_the_request(self):
        queue = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
        self.login(self.alice)
        with override_settings(TASKS=queue):
            from django_tasks import default_task_backend

            r = self.client.post("/works/new", work_form_data(self.alice, title="Queued Herons"))
            queued = {(t.task.name, t.task.queue_name, tuple(t.args)) for t in default_task_backend.results}
        assert r.status_code == 302
        work = Work.objects.get(title="Queued Herons")
        assert ("index_work", "search", (work.pk,)) in queued
        assert not SearchWork.objects.filter(work=work).exists()
        # Tag pages filter through the filter index, which the request kept: no waiting.
        self.assertContains(self.client.get("/tags/Rain/works"), "Queued Herons")
        index_work.call(work.pk)  # what the worker does
        assert SearchWork.objects.get(work=work).title == "Queued Herons"
        assert SearchChunk.objects.filter(work=work).count() == 1


def _index_rows() -> tuple[list, list]:
    works = list(
        SearchWork.objects.order_by("work_id").values_list("work_id", "title", "creators", "tags", "meta")
    )
    chunks = list(
        SearchChunk.objects.order_by("chapter_id", "number").values_list(
            "work_id", "chapter_id", "number", "text"
        )
    )
    return works, chunks


class IndexWorksTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.works = [
            make_work(self.alice, "Umbrellas", chapters=["<p>One heron.</p>", "<p>Two herons.</p>"]),
            make_work(self.bob, "Snow", chapters=["<p>A snowman.</p>"], summary="<p>Cold.</p>"),
            make_work(self.charlie, "Draft", posted=False),
        ]

    def forget_everything(self) -> None:
        get_backend().forget(list(SearchChunk.objects.values_list("pk", flat=True)))
        SearchChunk.objects.all().delete()
        SearchWork.objects.all().delete()

    def test_it_indexes_many_works_as_saving_each_one_does_in_a_few_queries(self):
        expected = _index_rows()
        assert len(expected[1]) == 3  # the draft's chapter is not indexed
        self.forget_everything()
        with CaptureQueriesContext(connection) as queries:
            changed = index_works([work.pk for work in self.works], batch_size=2)
        assert changed == 3
        assert _index_rows() == expected
        assert len(queries) <= 30  # two batches, never a query per work or chapter
        r = self.client.get("/works/search", {"q": "herons"})
        self.assertContains(r, "Umbrellas")

    def test_it_changes_nothing_when_the_index_is_up_to_date(self):
        kept = list(SearchChunk.objects.order_by("pk").values_list("pk", flat=True))
        assert index_works([work.pk for work in self.works]) == 0
        assert list(SearchChunk.objects.order_by("pk").values_list("pk", flat=True)) == kept

    def test_it_catches_up_with_a_chapter_changed_behind_its_back(self):
        chapter = Chapter.objects.get(work=self.works[1])
        Chapter.objects.filter(pk=chapter.pk).update(body="<p>A marsh.</p>", revised_at=timezone.now())
        assert index_works([self.works[1].pk]) == 1
        assert SearchChunk.objects.get(chapter=chapter).text == "A marsh."
        self.assertContains(self.client.get("/works/search", {"q": "marsh"}), "Snow")
        self.assertNotContains(self.client.get("/works/search", {"q": "snowman"}), "Snow")
