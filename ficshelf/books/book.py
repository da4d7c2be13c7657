"""A book as plain data: what every download format shows, gathered once.

A Book holds one work, or a whole series with each work as a part. The downloads
app fills it from the database (downloads/assemble.py); the writers here only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ficshelf.books.fragment import Fragment, IdRegistry

RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "ug", "ckb", "dv", "sd"}


@dataclass
class BookChapter:
    anchor: str
    document: str
    heading: str
    url: str
    summary: Fragment
    notes: Fragment
    body: Fragment
    end_notes: Fragment


@dataclass
class BookWork:
    pk: int
    title: str
    url: str
    creators: list[str]
    language: str
    language_name: str
    tags: list[tuple[str, list[tuple[str, str]]]]  # (type label, [(name, absolute url)])
    series: list[tuple[str, int, str]]
    stats: list[tuple[str, str]]
    summary: Fragment
    notes: Fragment
    end_notes: Fragment
    chapters: list[BookChapter]
    anchor: str
    preface_document: str
    afterword_document: str
    words: int = 0
    part: int | None = None  # position in a series book

    @property
    def heading(self) -> str:
        return f"Part {self.part}: {self.title}" if self.part else self.title


@dataclass
class Book:
    kind: str  # "work" or "series"
    pk: int
    title: str
    url: str
    identifier: str
    creators: list[str]
    language: str
    description: str
    subjects: list[str]
    published: datetime
    modified: datetime
    works: list[BookWork]
    ids: IdRegistry
    collection: tuple[str, int] | None = None
    series_summary: Fragment = field(default_factory=lambda: Fragment([]))
    series_notes: Fragment = field(default_factory=lambda: Fragment([]))
    site_name: str = ""
    site_url: str = ""

    @property
    def direction(self) -> str:
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"
