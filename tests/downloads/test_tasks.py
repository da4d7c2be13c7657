"""Long works are built on the task queue, behind a page that refreshes until the file is ready."""

from unittest import mock

from django.test import override_settings

from ficshelf.downloads.tasks import build_download
from tests.downloads.helpers import DownloadTestCase


class QueuedBuildTestCase(DownloadTestCase):
    @override_settings(FICSHELF_DOWNLOAD_INLINE_WORDS={"pdf": 10})
    def test_a_long_work_is_built_on_the_task_queue_behind_a_preparing_page(self):
        dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
        with self.settings(TASKS=dummy), mock.patch("ficshelf.downloads.views.build_download") as task:
            r = self.client.get(f"{self.base}.pdf")
            assert r.status_code == 202
            self.assertContains(r, '<meta http-equiv="refresh" content="5">', status_code=202)
            self.assertContains(r, "Preparing your PDF", status_code=202)
            self.client.get(f"{self.base}.pdf")
            assert task.enqueue.call_count == 1  # a refresh does not queue it twice
            kind, pk, fmt, paper, user_id = task.enqueue.call_args.args
        assert (kind, pk, fmt, paper, user_id) == ("work", self.work.pk, "pdf", "a5", None)
        # The worker runs it (inline in tests); the next refresh gets the file.
        build_download.enqueue(kind, pk, fmt, paper, user_id)
        r = self.client.get(f"{self.base}.pdf")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"

    @override_settings(FICSHELF_DOWNLOAD_INLINE_WORDS={"pdf": 10})
    def test_a_failed_build_says_so_instead_of_a_500(self):
        with mock.patch("ficshelf.downloads.files.write_book", side_effect=RuntimeError("boom")):
            r = self.client.get(f"{self.base}.pdf")
        assert r.status_code == 503
        self.assertContains(r, "couldn", status_code=503)
