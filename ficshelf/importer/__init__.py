"""The importer: a file's bytes (or text) and name in, a ParsedWork out. Pure Python, no Django.

    >>> work = parse(b"Chapter 1\n\nIt was a dark and stormy night.", "story.txt")
    >>> work.chapters[0].heading
    'Chapter 1'

Every format (plain text, HTML including AO3 downloads, EPUB, Markdown, DOCX)
ends in the same structure rules and the same sanitizer.
"""

from ficshelf.importer.model import ParsedChapter, ParsedWork, ParseError
from ficshelf.importer.reader import MAX_INPUT_BYTES, parse

# The tracker calls it ImportError; inside Python that name is the builtin, so ParseError is the real one.
ImportError = ParseError  # noqa: A001

__all__ = ["MAX_INPUT_BYTES", "ParseError", "ParsedChapter", "ParsedWork", "parse"]
