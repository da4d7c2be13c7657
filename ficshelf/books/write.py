"""One book, one format, one file: the writers behind a single call."""

from __future__ import annotations

from pathlib import Path

from ficshelf.books.book import Book
from ficshelf.books.epub import write_epub
from ficshelf.books.htmlfile import write_html
from ficshelf.books.pdf import write_pdf
from ficshelf.books.plaintext import write_text

# Bump when a writer's output changes, so cached files are rebuilt.
FORMAT_VERSION = 1


def write_book(book: Book, fmt: str, paper: str, path: Path) -> None:
    """Write one format of `book` to `path` (any directory; no caching here)."""
    if fmt == "epub":
        with open(path, "wb") as out:
            write_epub(book, out)
    elif fmt == "pdf":
        write_pdf(book, path, paper or "a5")
    elif fmt == "html":
        with open(path, "w", encoding="utf-8") as out:
            write_html(book, out)
    elif fmt == "txt":
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            write_text(book, out)
    else:
        raise ValueError(f"Unknown download format {fmt!r}")
