from django.test import override_settings

from ficshelf.search.indexing import OVERLAP_WORDS, chunk_text, index_work
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
