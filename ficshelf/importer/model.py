"""The importer's output: what a file said, before anything touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ParseError(Exception):
    """A file that cannot be imported; the message is a sentence for the person importing it."""


def megabytes(size: int) -> str:
    """A size as a ParseError message gives it."""
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


@dataclass(slots=True)
class ParsedChapter:
    """One chapter. HTML fields are sanitized; plain-text fields are not HTML."""

    number: int
    heading: str | None = None
    title: str = ""
    summary: str | None = None
    notes_begin: str | None = None
    notes_end: str | None = None
    body_html: str = ""
    scene_headings: list[str] = field(default_factory=list)
    scene_count: int = 0
    word_count: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "heading": self.heading,
            "title": self.title,
            "summary": self.summary,
            "notes_begin": self.notes_begin,
            "notes_end": self.notes_end,
            "body_html": self.body_html,
            "scene_headings": list(self.scene_headings),
            "scene_count": self.scene_count,
            "word_count": self.word_count,
        }


@dataclass(slots=True)
class ParsedWork:
    """A whole work. `problems` lists what a human should check before posting.

    `tags` maps AO3 tag types (Rating, ArchiveWarning, Category, Fandom,
    Relationship, Character, Freeform) to names; types without tags are absent.
    """

    title: str | None = None
    creators: list[str] = field(default_factory=list)
    summary: str | None = None
    rating: str | None = None
    language: str | None = None
    series: str | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)
    notes_begin: str | None = None
    notes_end: str | None = None
    chapters: list[ParsedChapter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(chapter.word_count for chapter in self.chapters)

    def to_json_dict(self) -> dict[str, Any]:
        """The stable JSON shape `ficshelf parse --json` prints; key order is part of the contract."""
        return {
            "title": self.title,
            "creators": list(self.creators),
            "summary": self.summary,
            "rating": self.rating,
            "language": self.language,
            "series": self.series,
            "tags": {tag_type: list(names) for tag_type, names in self.tags.items()},
            "notes_begin": self.notes_begin,
            "notes_end": self.notes_end,
            "chapters": [chapter.to_json_dict() for chapter in self.chapters],
            "problems": list(self.problems),
        }
