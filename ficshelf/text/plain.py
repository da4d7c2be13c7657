"""Plain text to HTML paragraphs, as posting forms and the importer need it."""

import re
from collections.abc import Callable
from html import escape

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLOCK_TAG = re.compile(r"<\s*(p|div|br|blockquote|h[1-6]|ul|ol|table|pre|hr|dl)\b", re.IGNORECASE)


def _paragraphs(text: str, line: Callable[[str], str]) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    if _BLANK_LINE.search(text):
        blocks = [block.strip("\n") for block in _BLANK_LINE.split(text)]
        return "".join(
            "<p>" + "<br>".join(line(part.strip()) for part in block.split("\n")) + "</p>"
            for block in blocks
            if block.strip()
        )
    return "".join(f"<p>{line(part.strip())}</p>" for part in text.split("\n") if part.strip())


def paragraphs_from_plain_text(text: str) -> str:
    """Turn plain text into <p> paragraphs.

    A blank line starts a new paragraph and a single newline becomes <br>.
    A text with no blank line at all is taken as one paragraph per line,
    which is how most editors save prose. Text is escaped, never parsed:
    a line of ~~~ stays a line of tildes.
    """
    return _paragraphs(text, escape)


def html_from_input(text: str, text_format: str) -> str:
    """What an author typed, as HTML for the sanitizer.

    "plain": escaped and split into paragraphs. "html": taken as HTML; if it has
    no block tags at all, its lines still become paragraphs and breaks, as on
    AO3, so pasted prose with a few <em> tags reads right.
    """
    if text_format == "plain":
        return paragraphs_from_plain_text(text)
    if _BLOCK_TAG.search(text):
        return text
    return _paragraphs(text, lambda part: part)
