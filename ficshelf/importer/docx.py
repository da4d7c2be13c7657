"""Word .docx: paragraphs, headings and italics/bold from word/document.xml, nothing fancier.

Only the main document part is read; styles named "Heading N" or "Title"
become headings so the shared chapter rules can see them.
"""

from __future__ import annotations

import zipfile
from html import escape
from xml.etree import ElementTree

from ficshelf.importer.html import parse_html
from ficshelf.importer.model import ParsedWork, ParseError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_html(paragraph: ElementTree.Element) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style_name = (style.get(f"{_W}val", "") if style is not None else "").lower()
    parts = []
    for run in paragraph.iter(f"{_W}r"):
        text = "".join(
            "\n" if node.tag == f"{_W}br" else "\t" if node.tag == f"{_W}tab" else node.text or ""
            for node in run
            if node.tag in (f"{_W}t", f"{_W}br", f"{_W}tab")
        )
        if not text:
            continue
        html = escape(text, quote=False).replace("\n", "<br>")
        properties = run.find(f"{_W}rPr")
        if properties is not None and properties.find(f"{_W}i") is not None:
            html = f"<em>{html}</em>"
        if properties is not None and properties.find(f"{_W}b") is not None:
            html = f"<strong>{html}</strong>"
        parts.append(html)
    content = "".join(parts)
    if not content.strip():
        return ""
    if style_name == "title":
        return f"<h1>{content}</h1>"
    if style_name.startswith("heading") and style_name[-1:].isdigit():
        level = min(6, int(style_name[-1]) + 1)
        return f"<h{level}>{content}</h{level}>"
    return f"<p>{content}</p>"


def parse_docx(archive: zipfile.ZipFile, work: ParsedWork, max_bytes: int) -> None:
    """Fill `work` from a .docx archive."""
    info = archive.getinfo("word/document.xml")
    if info.file_size > max_bytes * 4 or info.file_size > max(info.compress_size, 1) * 100 + 1_000_000:
        raise ParseError("This Word document unpacks to more than the importer accepts and was refused.")
    try:
        with archive.open(info) as handle:
            root = ElementTree.fromstring(handle.read(max_bytes * 4 + 1))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise ParseError("This Word document is damaged and cannot be read.") from error
    parse_html("".join(_paragraph_html(p) for p in root.iter(f"{_W}p")), work)
