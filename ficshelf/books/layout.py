"""The pieces of a book as XHTML, laid out like AO3's downloads; EPUB and HTML share them.

Preface: the site and the work's URL, tags in AO3's order, language, series and
stats, then title, creators, summary and notes. Each chapter: "Chapter N: Title",
its summary and notes, the text, its end notes. Afterword: the work's end notes
and an invitation to comment at the work's URL.
"""

from __future__ import annotations

from collections.abc import Callable

from ficshelf.books.book import Book, BookChapter, BookWork
from ficshelf.books.escape import attr_escape
from ficshelf.books.escape import xml_escape as esc
from ficshelf.books.fragment import Fragment
from ficshelf.books.xhtml import Resolver, to_xhtml

STYLESHEET = """
body { font-family: serif; line-height: 1.45; margin: 0 4%; }
h1, h2, h3 { font-family: sans-serif; line-height: 1.2; }
h1 { font-size: 1.6em; margin: 1em 0 0.3em; }
h2.toc-heading { font-size: 1.3em; margin: 1.5em 0 0.8em; }
p { margin: 0 0 0.8em; }
.message { font-size: 0.9em; }
.meta dl.tags { font-size: 0.9em; }
.meta dl.tags dt { font-weight: bold; float: left; clear: left; margin-right: 0.4em; }
.meta dl.tags dd { margin: 0 0 0.3em 0; }
.byline { font-style: italic; margin-bottom: 1em; }
blockquote { margin: 0.5em 1.5em; }
.meta p.label { font-weight: bold; margin: 1em 0 0.2em; }
hr { border: 0; border-top: 1px solid #999; width: 30%; margin: 1.5em auto; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
.center, .align-center { text-align: center; }
.align-right { text-align: right; }
.big { font-size: 1.2em; }
a.image, span.image { font-style: italic; }
nav ol { list-style: none; padding-left: 1em; }
.cover { text-align: center; margin: 0; padding: 0; }
.cover img { max-width: 100%; max-height: 100%; }
"""


def join(*parts: str) -> str:
    return "".join(parts)


def block(label: str, fragment: Fragment, resolve: Resolver, css: str = "") -> str:
    """AO3's "Summary" / "Notes" pair: a label, then the text in a blockquote."""
    if not fragment:
        return ""
    return (
        f'<div class="meta {css}"><p class="label">{esc(label)}</p>'
        f'<blockquote class="userstuff">{to_xhtml(fragment, resolve)}</blockquote></div>'
    )


def preface(book: Book, work: BookWork, resolve: Resolver) -> str:
    rows = []
    for label, tags in work.tags:
        links = ", ".join(f'<a href="{attr_escape(url)}">{esc(name)}</a>' for name, url in tags)
        rows.append(f"<dt>{esc(label)}:</dt><dd>{links}</dd>")
    rows.append(f"<dt>Language:</dt><dd>{esc(work.language_name)}</dd>")
    for title, part, url in work.series:
        rows.append(f'<dt>Series:</dt><dd>Part {part} of <a href="{attr_escape(url)}">{esc(title)}</a></dd>')
    stats = " ".join(f"{esc(label)}: {esc(value)}" for label, value in work.stats)
    rows.append(f"<dt>Stats:</dt><dd>{stats}</dd>")
    byline = ", ".join(esc(name) for name in work.creators)
    return join(
        f'<div id="{work.anchor}" class="preface">',
        f'<p class="message"><b>{esc(book.site_name)}</b> at <a href="{attr_escape(work.url)}">'
        f"{esc(work.url)}</a></p>",
        f'<div class="meta"><dl class="tags">{"".join(rows)}</dl>',
        f'<h1 dir="auto">{esc(work.heading)}</h1>',
        f'<div class="byline">by {byline}</div>',
        block("Summary", work.summary, resolve),
        block("Notes", work.notes, resolve),
        "</div></div>",
    )


def chapter(chapter: BookChapter, resolve: Resolver) -> str:
    return join(
        f'<div id="{chapter.anchor}" class="chapter">',
        f'<h2 class="toc-heading" dir="auto">{esc(chapter.heading)}</h2>',
        block("Chapter Summary", chapter.summary, resolve),
        block("Chapter Notes", chapter.notes, resolve),
        f'<div class="userstuff">{to_xhtml(chapter.body, resolve)}</div>',
        block("Chapter End Notes", chapter.end_notes, resolve, "endnotes"),
        "</div>",
    )


def afterword(work: BookWork, resolve: Resolver) -> str:
    url = attr_escape(work.url)
    return join(
        '<div class="afterword">',
        block("End Notes", work.end_notes, resolve),
        f'<p class="message">Please <a href="{url}">drop by the archive and comment</a> '
        "to let the creator know if you enjoyed their work!</p>",
        f'<p class="message"><a href="{url}">{esc(work.url)}</a></p>',
        "</div>",
    )


def series_page(book: Book, resolve: Resolver, link: Callable[[str, str], str]) -> str:
    """The title page of a series book: its description and its parts."""
    byline = ", ".join(esc(name) for name in book.creators)
    items = "".join(
        f'<li><a href="{attr_escape(link(work.preface_document, work.anchor))}">{esc(work.heading)}</a>'
        f" by {', '.join(esc(n) for n in work.creators)}</li>"
        for work in book.works
    )
    return join(
        '<div id="fs-series" class="preface">',
        f'<p class="message"><b>{esc(book.site_name)}</b> at <a href="{attr_escape(book.url)}">'
        f"{esc(book.url)}</a></p>",
        f'<div class="meta"><h1 dir="auto">{esc(book.title)}</h1>',
        f'<div class="byline">by {byline}</div>',
        block("Series Description", book.series_summary, resolve),
        block("Series Notes", book.series_notes, resolve),
        "</div>",
        f"<ol>{items}</ol>" if items else "<p>No works in this series are visible to you.</p>",
        "</div>",
    )
