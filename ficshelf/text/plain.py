"""Plain text to HTML paragraphs, as posting forms and the importer need it."""

import re
from html import escape

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs_from_plain_text(text: str) -> str:
    """Turn plain text into <p> paragraphs.

    A blank line starts a new paragraph and a single newline becomes <br>.
    A text with no blank line at all is taken as one paragraph per line,
    which is how most editors save prose. Text is escaped, never parsed:
    a line of ~~~ stays a line of tildes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    if _BLANK_LINE.search(text):
        blocks = [block.strip("\n") for block in _BLANK_LINE.split(text)]
        return "".join(
            "<p>" + "<br>".join(escape(line.strip()) for line in block.split("\n")) + "</p>"
            for block in blocks
            if block.strip()
        )
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip())
