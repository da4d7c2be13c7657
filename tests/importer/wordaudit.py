"""The "nothing lost" audit: every word of the input in exactly one place of the output."""

from __future__ import annotations

import re
from collections import Counter

from ficshelf.importer import ParsedWork
from ficshelf.importer.units import is_break_text
from ficshelf.text import visible_text

_TOKEN = re.compile(r"[^\W_]+")


def words_of_text(text: str) -> Counter[str]:
    """Words of a plain text, leaving out scene-break lines ("xXx" is decoration, not words)."""
    kept = [line for line in text.splitlines() if not is_break_text(line.strip())]
    return Counter(_TOKEN.findall("\n".join(kept)))


def words_of_work(work: ParsedWork) -> Counter[str]:
    parts = [work.title or "", " ".join(work.creators), work.series or "", work.language or ""]
    parts += [visible_text(html or "") for html in (work.summary, work.notes_begin, work.notes_end)]
    for tag_type, names in work.tags.items():
        if tag_type != "Rating":
            parts.append(" ".join(names))
    for chapter in work.chapters:
        parts += [chapter.heading or "", chapter.title, chapter.summary or ""]
        parts += [
            visible_text(html or "") for html in (chapter.notes_begin, chapter.notes_end, chapter.body_html)
        ]
    return Counter(_TOKEN.findall("\n".join(parts)))


def lost_and_duplicated(text: str, work: ParsedWork) -> tuple[Counter[str], Counter[str]]:
    given = words_of_text(text)
    got = words_of_work(work)
    return given - got, got - given
