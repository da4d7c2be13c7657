"""Built files are cached by revision: built once, rebuilt when the work changes, never served past visibility."""

from unittest import mock

from ficshelf.downloads import files
from ficshelf.tags.models import Tag
from ficshelf.works.models import Work
from tests.base import BaseTestCase, make_work
from tests.downloads.helpers import DownloadTestCase, epub_files, series_of


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


class SeriesPartNumberTestCase(BaseTestCase):
    """A download numbers the work's series part as its reader's web page does."""

    def setUp(self) -> None:
        super().setUp()
        self.hidden = make_work(self.alice, "The First Umbrella", hidden=True)
        self.second = make_work(self.alice, "The Second Umbrella")
        self.work = make_work(self.alice, "The Third Umbrella")
        series_of(self.alice, [self.hidden, self.second, self.work], title="Umbrellas")
        self.url = f"/downloads/{self.work.pk}/The_Third_Umbrella"

    def part_on_page(self) -> str:
        page = self.client.get(self.work.get_absolute_url()).content.decode()
        return page.split('<span class="position">', 1)[1].split(" of ", 1)[0]

    def test_two_readers_get_the_part_numbers_their_pages_show(self):
        with mock.patch("ficshelf.downloads.files.write_book", wraps=files.write_book) as write:
            self.login(self.alice)  # its creator sees the hidden first part
            assert self.part_on_page() == "Part 3"
            for fmt in ("html", "txt", "epub"):
                assert self.client.get(f"{self.url}.{fmt}").status_code == 200
            self.login(self.bob)
            assert self.part_on_page() == "Part 2"
            html = b"".join(self.client.get(f"{self.url}.html").streaming_content).decode()
            text = b"".join(self.client.get(f"{self.url}.txt").streaming_content).decode()
            assert "Part 2 of" in html and "Part 3" not in html
            assert "Part 2 of Umbrellas" in text and "Part 3" not in text
            assert "Part 2" in epub_files(self.client.get(f"{self.url}.epub"))["OEBPS/w1-preface.xhtml"]
            assert write.call_count == 6  # bob's files were built for bob, not served from alice's

    def test_hiding_an_earlier_part_renumbers_a_cached_file(self):
        Work.objects.filter(pk=self.hidden.pk).update(hidden=False)
        text = b"".join(self.client.get(f"{self.url}.txt").streaming_content).decode()
        assert "Part 3 of Umbrellas" in text
        Work.objects.filter(pk=self.hidden.pk).update(hidden=True)
        text = b"".join(self.client.get(f"{self.url}.txt").streaming_content).decode()
        assert "Part 2 of Umbrellas" in text and "Part 3" not in text
