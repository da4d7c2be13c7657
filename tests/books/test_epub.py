"""EPUB 3 from a Book made by hand: the zip's order, its metadata and links between files."""

import io
import zipfile
from xml.etree import ElementTree

from ficshelf.books.epub import write_epub
from tests.books.helpers import series_book, work_book


def epub(book) -> zipfile.ZipFile:
    out = io.BytesIO()
    write_epub(book, out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_it_starts_with_a_stored_mimetype_as_epub_requires():
    archive = epub(work_book())
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert "META-INF/container.xml" in archive.namelist()


def test_every_document_is_well_formed_xml_and_each_chapter_has_its_own_file():
    archive = epub(work_book())
    names = archive.namelist()
    for name in names:
        if name.endswith((".xhtml", ".opf", ".ncx", ".svg", ".xml")):
            ElementTree.fromstring(archive.read(name))  # raises if not well-formed
    assert {"OEBPS/w1-preface.xhtml", "OEBPS/w1-c001.xhtml", "OEBPS/w1-c002.xhtml"} <= set(names)
    assert "Chapter 2: Odd &lt;HTML&gt; &amp; more" in archive.read("OEBPS/w1-c002.xhtml").decode()


def test_a_footnote_in_another_chapter_is_linked_across_files():
    chapter = epub(work_book()).read("OEBPS/w1-c001.xhtml").decode()
    assert 'href="w1-c002.xhtml#fn1"' in chapter


def test_the_metadata_names_the_book_and_its_series():
    opf = epub(work_book()).read("OEBPS/content.opf").decode()
    for expected in (
        "<dc:title>Footnotes, Tables &amp; Maps</dc:title>",
        '<dc:identifier id="uid">urn:uuid:00000000-0000-0000-0000-000000000001</dc:identifier>',
        "<dc:subject>Sherlock Holmes</dc:subject>",
        "<dc:date>2024-05-06T07:08:09Z</dc:date>",
        '<meta name="calibre:series" content="The Whole Saga"/>',
        '<meta refines="#series" property="group-position">2</meta>',
    ):
        assert expected in opf, expected


def test_a_series_book_nests_each_part_in_the_table_of_contents():
    archive = epub(series_book())
    nav = archive.read("OEBPS/nav.xhtml").decode()
    assert nav.index("Part 1: First Light") < nav.index("Part 2: Second Wind")
    assert "OEBPS/series.xhtml" in archive.namelist()
    assert "Three." in archive.read("OEBPS/w2-c001.xhtml").decode()


def test_right_to_left_languages_turn_the_pages_the_other_way():
    archive = epub(work_book(language="ar"))
    assert 'page-progression-direction="rtl"' in archive.read("OEBPS/content.opf").decode()
    assert 'dir="rtl"' in archive.read("OEBPS/w1-c001.xhtml").decode()
