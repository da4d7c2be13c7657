"""One self-contained HTML file: the same layout as the EPUB, its style inline."""

from __future__ import annotations

from typing import TextIO

from ficshelf.books import layout
from ficshelf.books.book import Book
from ficshelf.books.escape import attr_escape
from ficshelf.books.escape import xml_escape as esc


def write_html(book: Book, out: TextIO) -> None:
    def resolve(target: str) -> str | None:
        return f"#{target}" if target in book.ids.documents else None

    def link(_document: str, anchor: str) -> str:
        return f"#{anchor}"

    lang = attr_escape(book.language)
    out.write(
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{book.direction}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(book.title)}</title>\n"
        f'<meta name="author" content="{attr_escape(", ".join(book.creators))}">\n'
        f"<style>{layout.STYLESHEET}</style>\n</head>\n<body>\n"
    )
    if book.kind == "series":
        out.write(layout.series_page(book, resolve, link))
    for work in book.works:
        out.write(layout.preface(book, work, resolve))
        if len(work.chapters) > 1:
            items = "".join(
                f'<li><a href="#{chapter.anchor}">{esc(chapter.heading)}</a></li>'
                for chapter in work.chapters
            )
            out.write(f'<nav class="toc" aria-label="Chapters"><ol>{items}</ol></nav>')
        out.write(
            '<div id="chapters" class="userstuff">'
            if book.kind == "work"
            else '<div class="chapters userstuff">'
        )
        for chapter in work.chapters:
            out.write(layout.chapter(chapter, resolve))
            out.write("\n")
        out.write("</div>")
        out.write(layout.afterword(work, resolve))
    out.write("\n</body>\n</html>\n")
