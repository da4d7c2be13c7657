"""Built files are cached by revision: built once, rebuilt when the work changes, never served past visibility."""

from unittest import mock

from ficshelf.downloads import files
from ficshelf.tags.models import Tag
from tests.downloads.helpers import DownloadTestCase, epub_files


class CachedFileTestCase(DownloadTestCase):
    def test_a_file_is_built_once_and_rebuilt_when_the_work_changes(self):
        with mock.patch("ficshelf.downloads.files.write_book", wraps=files.write_book) as write:
            self.client.get(f"{self.base}.epub")
            self.client.get(f"{self.base}.epub")
            assert write.call_count == 1
            chapter = self.work.chapters.order_by("position").first()
            chapter.body = "<p>A revised first line.</p>"
            chapter.save()
            book = epub_files(self.client.get(f"{self.base}.epub"))
            assert write.call_count == 2 and "A revised first line." in book["OEBPS/w1-c001.xhtml"]
            Tag.objects.filter(name="John Watson").update(name="Dr. John Watson")  # rename, work untouched
            assert "Dr. John Watson" in epub_files(self.client.get(f"{self.base}.epub"))["OEBPS/content.opf"]
            assert write.call_count == 3

    def test_a_cached_file_is_not_served_to_whoever_cannot_see_the_work_any_more(self):
        assert self.client.get(f"{self.base}.epub").status_code == 200
        type(self.work).objects.filter(pk=self.work.pk).update(restricted=True)
        assert self.client.get(f"{self.base}.epub").status_code == 404
