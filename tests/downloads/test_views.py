"""/downloads/ID/SLUG.epub|pdf|html|txt and the series equivalents."""

import io
from unittest import mock

import pypdf

from ficshelf.downloads import files
from ficshelf.downloads.files import series_slug
from ficshelf.downloads.models import FeedToken
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work
from tests.downloads.helpers import DownloadTestCase, epub_files, odd_titles, series_of


class DownloadViewTestCase(DownloadTestCase):
    def test_it_serves_all_four_formats_with_safe_file_names(self):
        for fmt, content_type in files.CONTENT_TYPES.items():
            r = self.client.get(f"{self.base}.{fmt}")
            assert r.status_code == 200, fmt
            assert r["Content-Type"] == content_type
            assert r["Content-Disposition"] == (
                f'attachment; filename="Footnotes_Tables_Maps.{fmt}"; '
                f"filename*=UTF-8''Footnotes%2C%20Tables%20%26%20Maps.{fmt}"
            )

    def test_the_epub_has_ao3s_preface_chapters_and_afterword(self):
        book = epub_files(self.client.get(f"{self.base}.epub"))
        assert list(book)[0] == "mimetype" and book["mimetype"] == "application/epub+zip"
        preface = book["OEBPS/w1-preface.xhtml"]
        labels = [
            "Rating:",
            "Archive Warning:",
            "Fandom:",
            "Character:",
            "Additional Tags:",
            "Language:",
            "Stats:",
        ]
        positions = [preface.index(label) for label in labels]
        assert positions == sorted(positions)
        assert "http://testserver/works/" in preface
        assert (
            preface.index("Stats:")
            < preface.index("<h1")
            < preface.index("by alice")
            < preface.index("Summary")
        )
        chapter = book["OEBPS/w1-c001.xhtml"]
        assert "Chapter 1: Notes &amp; Numbers" in chapter
        assert (
            chapter.index("Chapter Summary")
            < chapter.index("She said it twice")
            < chapter.index("Chapter End Notes")
        )
        assert f'href="#chapter-{self.work.chapters.first().pk}-fn1"' in chapter  # footnotes still link
        afterword = book["OEBPS/w1-afterword.xhtml"]
        assert "Thanks for reading!" in afterword and "drop by the archive and comment" in afterword
        assert "Chapter 4: Odd &lt;HTML&gt; &amp; more" in book["OEBPS/w1-c004.xhtml"]
        assert "toc.ncx" in "".join(book)

    def test_the_epub_metadata_names_tags_series_and_a_stable_identifier(self):
        series = series_of(self.alice, [make_work(self.alice, "Prequel"), self.work])
        opf = epub_files(self.client.get(f"{self.base}.epub"))["OEBPS/content.opf"]
        for expected in (
            "<dc:title>Footnotes, Tables &amp; Maps</dc:title>",
            '<dc:creator id="creator1">alice</dc:creator>',
            "<dc:language>en</dc:language>",
            "<dc:subject>John Watson</dc:subject>",
            "<dc:description>A summary with emphasis.</dc:description>",
            f'<meta name="calibre:series" content="{series.title}"/>',
            '<meta name="calibre:series_index" content="2"/>',
            f'<meta property="belongs-to-collection" id="series">{series.title}</meta>',
            '<meta refines="#series" property="group-position">2</meta>',
            'property="dcterms:modified"',
            "<dc:date>",
        ):
            assert expected in opf, expected
        identifier = opf.split('<dc:identifier id="uid">')[1].split("<")[0]
        assert identifier.startswith("urn:uuid:")
        Chapter.objects.filter(work=self.work).first().save()  # a new revision, the same book
        opf_again = epub_files(self.client.get(f"{self.base}.epub"))["OEBPS/content.opf"]
        assert identifier in opf_again

    def test_images_become_links_and_nothing_is_fetched(self):
        with (
            mock.patch("urllib.request.urlopen") as urlopen,
            mock.patch("socket.create_connection") as connect,
        ):
            book = epub_files(self.client.get(f"{self.base}.epub"))
            self.client.get(f"{self.base}.pdf")
        urlopen.assert_not_called()
        connect.assert_not_called()
        chapter = book["OEBPS/w1-c002.xhtml"]
        assert (
            '<a class="image" href="https://images.example.org/map.png">[Image: A hand-drawn map of the bay]</a>'
            in chapter
        )
        assert "<img" not in chapter
        assert (
            "[Image: A hand-drawn map of the bay] (https://images.example.org/map.png)"
            in self.client.get(f"{self.base}.txt").getvalue().decode()
        )

    def test_the_text_file_is_laid_out_like_ao3s(self):
        text = b"".join(self.client.get(f"{self.base}.txt").streaming_content).decode()
        assert text.startswith(
            "Footnotes, Tables & Maps\nPosted originally on Ficshelf at http://testserver/works/"
        )
        assert (
            text.index("Rating:") < text.index("Language:") < text.index("by alice") < text.index("Summary")
        )
        assert "Chapter 1: Notes & Numbers" in text and "Station | Time" in text
        assert "Please drop by the archive and comment" in text
        assert "<" not in text.split("Chapter 4")[1].replace("<HTML>", "")

    def test_the_html_file_is_one_self_contained_page(self):
        html = b"".join(self.client.get(f"{self.base}.html").streaming_content).decode()
        assert html.startswith("<!DOCTYPE html>") and "<style>" in html
        assert 'id="chapters"' in html and "Chapter 3" in html
        assert "<script" not in html and "javascript:" not in html and 'href="http' in html

    def test_the_pdf_has_page_numbers_embedded_fonts_and_bookmarks(self):
        for query, width in (("", 419.5), ("?paper=letter", 612)):
            r = self.client.get(f"{self.base}.pdf{query}")
            pdf = pypdf.PdfReader(io.BytesIO(b"".join(r.streaming_content)))
            assert round(float(pdf.pages[0].mediabox.width), 1) == width
            assert [p.extract_text().strip().splitlines()[-1] for p in pdf.pages[:3]] == ["1", "2", "3"]
            titles = [item.title for item in pdf.outline if not isinstance(item, list)]
            nested = [item.title for item in pdf.outline[1]] if isinstance(pdf.outline[1], list) else []
            assert titles == ["Footnotes, Tables & Maps"]
            assert nested[0] == "Chapter 1: Notes & Numbers" and len(nested) == 4
            font = next(iter(pdf.pages[3]["/Resources"]["/Font"].values())).get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def test_a_wrong_slug_redirects_to_the_right_one(self):
        r = self.client.get(f"/downloads/{self.work.pk}/old-title.pdf?paper=letter")
        assert r.status_code == 301
        assert r["Location"] == f"{self.base}.pdf?paper=letter"

    def test_a_wrong_slug_redirects_within_the_address_it_was_asked_at(self):
        token = FeedToken.for_user(self.alice).token
        r = self.client.get(f"/opds/u/{token}/downloads/{self.work.pk}/old-title.epub")
        assert r.status_code == 301
        assert r["Location"] == f"/opds/u/{token}{self.base}.epub"
        series = series_of(self.alice, [self.work])
        r = self.client.get(f"/downloads/series/{series.pk}/old-title.txt")
        assert r.status_code == 301
        assert r["Location"] == f"/downloads/series/{series.pk}/{series_slug(series)}.txt"

    def test_titles_without_ascii_get_the_work_id_as_slug(self):
        for work in odd_titles(self.alice):
            r = self.client.get(f"/downloads/{work.pk}/x.epub", follow=True)
            assert r.status_code == 200
            if work.title in ("🌙✨🦊", "月の光", "?!…", "ليلة الكتابة"):
                assert r.redirect_chain[0][0] == f"/downloads/{work.pk}/work-{work.pk}.epub"
                assert f'filename="work-{work.pk}.epub"' in r["Content-Disposition"]

    def test_drafts_and_restricted_works_are_404_for_those_who_may_not_see_them(self):
        draft = make_work(self.alice, "Secret Draft", posted=False)
        restricted = make_work(self.alice, "Members Only", restricted=True)
        hidden = make_work(self.alice, "Hidden", hidden=True)
        for work in (draft, restricted, hidden):
            assert self.client.get(f"/downloads/{work.pk}/x.epub").status_code == 404
        self.login(self.bob)
        assert self.client.get(f"/downloads/{draft.pk}/Secret_Draft.epub").status_code == 404
        assert self.client.get(f"/downloads/{restricted.pk}/Members_Only.epub").status_code == 200
        self.login(self.alice)
        assert self.client.get(f"/downloads/{draft.pk}/Secret_Draft.txt").status_code == 200
        assert self.client.get("/downloads/999999/x.epub").status_code == 404
        assert self.client.get(f"/downloads/{10**30}/x.epub").status_code == 404

    def test_only_creators_get_draft_chapters(self):
        Chapter.objects.create(work=self.work, position=9, body="<p>Not posted yet</p>", posted=False)
        assert b"Not posted yet" not in b"".join(self.client.get(f"{self.base}.txt").streaming_content)
        self.login(self.alice)
        assert b"Not posted yet" in b"".join(self.client.get(f"{self.base}.txt").streaming_content)

    def test_the_work_page_has_a_download_menu_and_a_feed_link(self):
        r = self.client.get(f"/works/{self.work.pk}")
        for fmt in ("epub", "pdf", "html", "txt"):
            self.assertContains(r, f'href="{self.base}.{fmt}"')
        self.assertContains(r, "<summary>Download</summary>")
        self.assertContains(
            r,
            '<link rel="alternate" type="application/atom+xml" title="New chapters of Footnotes, Tables &amp; Maps" '
            f'href="/works/{self.work.pk}/feed.atom">',
        )
        restricted = make_work(self.alice, "Members Only", restricted=True)
        self.login(self.bob)
        self.assertNotContains(self.client.get(f"/works/{restricted.pk}"), "application/atom+xml")


class SeriesDownloadTestCase(BaseTestCase):
    def test_a_whole_series_downloads_as_one_book_with_each_work_a_part(self):
        first = make_work(self.alice, "First Light", chapters=["<p>One.</p>", "<p>Two.</p>"])
        second = make_work(self.alice, "Second Wind", chapters=["<p>Three.</p>"])
        hidden = make_work(self.alice, "Members Only", chapters=["<p>Secret.</p>"], restricted=True)
        series = series_of(self.alice, [first, second, hidden])
        url = f"/downloads/series/{series.pk}/The_Whole_Saga"
        r = self.client.get(f"/series/{series.pk}")
        self.assertContains(r, f'href="{url}.epub"')
        book = epub_files(self.client.get(f"{url}.epub"))
        nav = book["OEBPS/nav.xhtml"]
        assert nav.index("Part 1: First Light") < nav.index("Part 2: Second Wind")
        assert "Members Only" not in "".join(book.values())
        assert "Three." in book["OEBPS/w2-c001.xhtml"]
        text = b"".join(self.client.get(f"{url}.txt").streaming_content).decode()
        assert text.index("First Light") < text.index("Second Wind") and "Secret." not in text
        self.login(self.bob)
        assert "Secret." in b"".join(self.client.get(f"{url}.txt").streaming_content).decode()
        assert self.client.get(f"/downloads/series/{series.pk}/x.pdf", follow=True).status_code == 200

    def test_a_series_nobody_may_see_is_404(self):
        series = series_of(self.alice, [make_work(self.alice, "Draft", posted=False)])
        assert self.client.get(f"/downloads/series/{series.pk}/x.epub").status_code == 404
