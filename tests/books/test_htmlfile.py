"""One self-contained HTML file from a Book made by hand."""

import io

from ficshelf.books.htmlfile import write_html
from tests.books.helpers import series_book, work_book


def html(book) -> str:
    out = io.StringIO()
    write_html(book, out)
    return out.getvalue()


def test_it_is_one_page_with_its_style_inline_and_a_table_of_contents():
    page = html(work_book())
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert '<nav class="toc" aria-label="Chapters">' in page
    assert '<a href="#fs-w1-c2">Chapter 2: Odd &lt;HTML&gt; &amp; more</a>' in page
    assert 'id="chapters"' in page and "<script" not in page


def test_links_within_the_book_stay_on_the_page():
    assert '<a href="#fn1">1</a>' in html(work_book())


def test_a_series_page_lists_its_parts():
    page = html(series_book())
    assert (
        page.index("The Whole Saga") < page.index("Part 1: First Light") < page.index("Part 2: Second Wind")
    )
    assert '<div class="chapters userstuff">' in page
