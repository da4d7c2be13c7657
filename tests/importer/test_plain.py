from ficshelf.importer import parse

HEADER = """The Project Gutenberg eBook of Tides, by Edith Marlowe

Title: Tides

Author: Edith Marlowe

Language: English

*** START OF THE PROJECT GUTENBERG EBOOK TIDES ***

"""
FOOTER = """

*** END OF THE PROJECT GUTENBERG EBOOK TIDES ***

Section 1. General Terms of Use and Redistributing Project Gutenberg-tm
electronic works.
"""
BODY = """CHAPTER I.

THE HARBOUR.

Nell walked the harbour wall twice before she knocked, and when the door
opened the smell of lemon oil rolled out to meet her.

CHAPTER II.

THE PARCEL.

It was heavier than anything that size had a right to be, and it was
wrapped in brown paper and tied with red string.
"""


def test_it_moves_the_gutenberg_header_and_licence_into_work_notes():
    work = parse(HEADER + BODY + FOOTER, "pg.txt")
    assert (work.title, work.creators, work.language) == ("Tides", ["Edith Marlowe"], "English")
    assert "Project Gutenberg eBook of Tides" in work.notes_begin
    assert "General Terms of Use" in work.notes_end
    assert [c.title for c in work.chapters] == ["THE HARBOUR.", "THE PARCEL."]
    assert all("Gutenberg" not in c.body_html for c in work.chapters)


def test_it_unwraps_gutenberg_paragraphs():
    work = parse(HEADER + BODY + FOOTER, "pg.txt")
    assert work.chapters[0].body_html == (
        "<p>Nell walked the harbour wall twice before she knocked, and when the door "
        "opened the smell of lemon oil rolled out to meet her.</p>"
    )


def test_it_works_without_gutenberg_markers():
    work = parse(BODY, "plain.txt")
    assert [c.heading for c in work.chapters] == ["CHAPTER I.", "CHAPTER II."]
    assert work.notes_begin is None and work.notes_end is None
