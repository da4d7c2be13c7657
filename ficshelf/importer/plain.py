"""Plain-text stories: Project Gutenberg wrapping, labelled headers, then the shared structure rules."""

from __future__ import annotations

import re
from html import escape

from ficshelf.importer.metadata import apply_header, read_header
from ficshelf.importer.model import ParsedWork
from ficshelf.importer.structure import build_work
from ficshelf.importer.units import plain_units
from ficshelf.text import sanitize

_GUTENBERG_START = re.compile(
    r"^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E(?:BOOK|-?TEXT).*$", re.IGNORECASE | re.MULTILINE
)
_GUTENBERG_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg['’]?s?\b).*$",
    re.IGNORECASE | re.MULTILINE,
)
_GUTENBERG_FIELD = re.compile(r"^(Title|Author|Language):\s*(.+)$", re.MULTILINE)


def _plain_notes(text: str) -> str | None:
    """Front or back matter as HTML: blank-line blocks become paragraphs, lines inside them are kept."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    html = "".join(
        "<p>" + "<br>".join(escape(line.strip(), quote=False) for line in block.split("\n")) + "</p>"
        for block in blocks
    )
    return sanitize(html) or None


def _split_gutenberg(text: str, work: ParsedWork, notes_begin: list[str], notes_end: list[str]) -> str:
    """Move the Project Gutenberg header and licence into the work notes; return the book itself."""
    start = _GUTENBERG_START.search(text)
    if not start:
        return text
    header = text[: start.end()]
    for label, value in _GUTENBERG_FIELD.findall(header):
        if label == "Title" and not work.title:
            work.title = value.strip()
        elif label == "Author" and not work.creators:
            work.creators = [value.strip()]
        elif label == "Language" and not work.language:
            work.language = value.strip()
    header = _GUTENBERG_FIELD.sub("", header)
    if notes := _plain_notes(header):
        notes_begin.append(notes)
    end = _GUTENBERG_END.search(text, start.end())
    if not end:
        return text[start.end() :]
    if notes := _plain_notes(text[end.start() :]):
        notes_end.append(notes)
    return text[start.end() : end.start()]


def parse_plain(text: str, work: ParsedWork) -> None:
    """Fill `work` from decoded plain text."""
    notes_begin: list[str] = []
    notes_end: list[str] = []
    text = _split_gutenberg(text, work, notes_begin, notes_end)
    lines = text.split("\n")
    consumed, fields, header_notes = read_header(lines)
    if consumed:
        apply_header(work, fields)
        if header_notes and (notes := _plain_notes("\n\n".join(header_notes))):
            notes_begin.append(notes)
        text = "\n".join(lines[consumed:])
    del lines  # plain_units() splits the text again; holding both lists raised the peak by the file's size
    build_work(plain_units(text), work, notes_begin=notes_begin, notes_end=notes_end)
