"""Markdown, for `.md` files only: rendered with markdown-it (raw HTML off), then read as HTML.

Raw fic is never sent here: a line of `~~~` opens a code block in Markdown.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from ficshelf.importer.html import parse_html
from ficshelf.importer.model import ParsedWork

_RENDERER = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


def parse_markdown(text: str, work: ParsedWork) -> None:
    """Fill `work` from Markdown source."""
    parse_html(_RENDERER.render(text), work)
