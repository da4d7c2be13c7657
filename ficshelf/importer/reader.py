"""parse(): size limits, format dispatch by file name and sniffing, and the final tidy-up."""

from __future__ import annotations

import io
import os
import zipfile

from ficshelf.importer.archive import Archive
from ficshelf.importer.decode import decode_text, normalize_text
from ficshelf.importer.metadata import order_tags
from ficshelf.importer.model import ParsedWork, ParseError, megabytes
from ficshelf.importer.plain import parse_plain
from ficshelf.text import TooDeeplyNested

MAX_INPUT_BYTES = 50 * 1024 * 1024
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
_TEXT_EXTENSIONS = {".txt", ".text", ".asc", ""}


def _blank(data: bytes | str) -> bool:
    return not (data.strip() if isinstance(data, str) else data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"))


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and any(tag in head for tag in ("<body", "<p>", "<p ", "<div", "<head"))
    )


def parse(data: bytes | str, filename: str | None = None, *, max_bytes: int = MAX_INPUT_BYTES) -> ParsedWork:
    """Parse one uploaded file into a ParsedWork, or raise ParseError with a sentence for the user.

    The file name only chooses the reader when the content agrees: an EPUB or
    DOCX is recognised by its zip contents whatever it is called, and Markdown
    is only ever used for `.md` files, because raw fic is full of `~~~` and `*`
    that a Markdown renderer would mangle.
    """
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise ParseError(
            f"This file is {megabytes(size)}; the importer accepts files up to {megabytes(max_bytes)}."
        )
    if _blank(data[:4096]) and _blank(data):  # the head first: stripping copies the whole file
        raise ParseError("The file is empty; there is no story to import.")
    extension = os.path.splitext(filename or "")[1].lower()
    work = ParsedWork()
    try:
        if isinstance(data, bytes) and data.startswith(b"PK\x03\x04"):
            _parse_zip(data, extension, work, max_bytes)
        else:
            if isinstance(data, str):
                problems: list[str] = []
                text = normalize_text(data, problems)
            else:
                text, problems = decode_text(data)
            del data  # the caller passed the only reference: free the file before parsing peaks
            work.problems.extend(problems)
            _parse_text(text, extension, work)
    except TooDeeplyNested as error:
        raise ParseError(str(error)) from None
    if not any(chapter.body_html or chapter.notes_begin or chapter.notes_end for chapter in work.chapters):
        raise ParseError("No story text was found in this file.")
    order_tags(work)
    return work


def _parse_text(text: str, extension: str, work: ParsedWork) -> None:
    if not text or text.isspace():
        raise ParseError("The file is empty; there is no story to import.")
    if extension in _HTML_EXTENSIONS or (extension not in (".md", ".markdown") and _looks_like_html(text)):
        from ficshelf.importer.html import parse_html

        parse_html(text, work)
    elif extension in (".md", ".markdown"):
        from ficshelf.importer.markdown import parse_markdown

        parse_markdown(text, work)
    else:
        parse_plain(text, work)


def _parse_zip(data: bytes, extension: str, work: ParsedWork, max_bytes: int) -> None:
    """EPUB or DOCX; either may unpack to no more than a text file may be (`max_bytes`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ParseError(
            "This file looks like a damaged zip archive (EPUB or DOCX) and cannot be read."
        ) from error
    if "META-INF/container.xml" in names or extension == ".epub":
        from ficshelf.importer.epub import parse_epub

        parse_epub(Archive(archive, "EPUB", max_bytes), work)
    elif "word/document.xml" in names:
        from ficshelf.importer.docx import parse_docx

        parse_docx(Archive(archive, "Word document", max_bytes), work)
    else:
        raise ParseError(
            "This is a zip archive but not an EPUB or Word document; upload the story file itself."
        )
