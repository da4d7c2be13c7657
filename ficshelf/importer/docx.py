"""Word .docx: paragraphs, headings and italics/bold from word/document.xml, nothing fancier.

Only the main document part is read; styles named "Heading N" or "Title"
become headings so the shared chapter rules can see them. The XML is streamed
through expat as it is unpacked and each paragraph becomes HTML when it closes,
so memory follows the story text, not the size of Word's markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ficshelf.importer.archive import Archive
from ficshelf.importer.html import parse_html
from ficshelf.importer.model import ParsedWork

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = ("0", "false", "off")


@dataclass(slots=True)
class _Run:
    text: list[str] = field(default_factory=list)
    italic: bool = False
    bold: bool = False

    def html(self) -> str:
        html = escape("".join(self.text), quote=False).replace("\n", "<br>")
        if self.italic:
            html = f"<em>{html}</em>"
        if self.bold:
            html = f"<strong>{html}</strong>"
        return html


@dataclass(slots=True)
class _Paragraph:
    style: str = ""
    runs: list[str] = field(default_factory=list)

    def html(self) -> str:
        content = "".join(self.runs)
        if not content.strip():
            return ""
        if self.style == "title":
            return f"<h1>{content}</h1>"
        if self.style.startswith("heading") and self.style[-1:].isdigit():
            level = min(6, int(self.style[-1]) + 1)
            return f"<h{level}>{content}</h{level}>"
        return f"<p>{content}</p>"


class _DocumentReader:
    """expat handlers for document.xml: a stack of open elements, the open paragraphs and run."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.open: list[str] = []
        self.paragraphs: list[_Paragraph] = []
        self.run: _Run | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        parent = self.open[-1] if self.open else ""
        self.open.append(tag)
        if tag == f"{_W}p":
            self.paragraphs.append(_Paragraph())
        elif tag == f"{_W}pStyle" and parent == f"{_W}pPr" and self.paragraphs:
            self.paragraphs[-1].style = attributes.get(f"{_W}val", "").lower()
        elif tag == f"{_W}r":
            self.run = _Run()
        elif self.run is None:
            return
        elif parent == f"{_W}rPr" and tag in (f"{_W}i", f"{_W}b"):
            on = attributes.get(f"{_W}val", "true").lower() not in _OFF
            if tag == f"{_W}i":
                self.run.italic = on
            else:
                self.run.bold = on
        elif parent == f"{_W}r" and tag == f"{_W}br":
            self.run.text.append("\n")
        elif parent == f"{_W}r" and tag == f"{_W}tab":
            self.run.text.append("\t")

    def end(self, tag: str) -> None:
        self.open.pop()
        if tag == f"{_W}r" and self.run is not None:
            if self.run.text and self.paragraphs:
                self.paragraphs[-1].runs.append(self.run.html())
            self.run = None
        elif tag == f"{_W}p" and self.paragraphs:
            self.html.append(self.paragraphs.pop().html())

    def text(self, data: str) -> None:
        if self.run is not None and self.open[-1] == f"{_W}t" and self.open[-2] == f"{_W}r":
            self.run.text.append(data)


def parse_docx(archive: Archive, work: ParsedWork) -> None:
    """Fill `work` from a .docx archive."""
    reader = _DocumentReader()
    archive.parse_xml("word/document.xml", reader.start, reader.end, reader.text)
    parse_html("".join(reader.html), work)
