"""PDF through Typst from a Book made by hand: markup escaped, pages numbered, chapters bookmarked."""

import io

import pypdf

from ficshelf.books.pdf import text, typst_source, write_pdf
from tests.books.helpers import work_book


def test_characters_with_a_meaning_in_typst_are_escaped():
    assert text("#1 *stars* [brackets] a_b") == "\\#1 \\*stars\\* \\[brackets\\] a\\_b"
    assert text("1. not a list") == "1\\. not a list"


def test_the_source_links_footnotes_by_label():
    source = typst_source(work_book())
    assert "#link(<fn1>)[1];" in source
    assert '#set page(paper: "a5"' in source
    assert '#set page(paper: "us-letter"' in typst_source(work_book(), "letter")


def test_it_compiles_with_bookmarks_for_the_work_and_its_chapters(tmp_path):
    path = tmp_path / "book.pdf"
    write_pdf(work_book(), path)
    pdf = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert pdf.metadata.title == "Footnotes, Tables & Maps"
    assert [item.title for item in pdf.outline if not isinstance(item, list)] == ["Footnotes, Tables & Maps"]
    assert [item.title for item in pdf.outline[1]] == [
        "Chapter 1: Notes & Numbers",
        "Chapter 2: Odd <HTML> & more",
    ]
