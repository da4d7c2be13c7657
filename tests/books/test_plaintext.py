"""Plain text from a Book made by hand, laid out like AO3's .txt download."""

import io

from ficshelf.books import parse_fragment
from ficshelf.books.plaintext import fragment_text, write_text
from tests.books.helpers import series_book, work_book


def text(book) -> str:
    out = io.StringIO()
    write_text(book, out)
    return out.getvalue()


def test_it_keeps_ao3s_order_preface_chapters_afterword():
    out = text(work_book())
    assert out.startswith("Footnotes, Tables & Maps\nPosted originally on Ficshelf at https://")
    assert (
        out.index("Fandom:")
        < out.index("Language:")
        < out.index("by alice")
        < out.index("Summary")
        < out.index("Chapter 1: Notes & Numbers")
        < out.index("Chapter 2: Odd <HTML> & more")
        < out.index("End Notes")
        < out.index("Please drop by the archive and comment")
    )


def test_lists_tables_quotes_and_scene_breaks_become_text():
    fragment = parse_fragment(
        '<ol start="3"><li>three</li><li>four</li></ol><blockquote><p>Quoted.</p></blockquote><hr>'
        "<table><tr><th>Station</th><th>Time</th></tr></table>"
    )
    assert fragment_text(fragment) == "3. three\n\n4. four\n\n    Quoted.\n\n* * *\n\nStation | Time"


def test_a_series_opens_with_its_description_and_parts():
    out = text(series_book())
    assert out.index("Series Description") < out.index("Part 1: First Light by alice")
    assert "=" * 40 in out
