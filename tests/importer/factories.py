"""Builds story texts, EPUB and DOCX files in memory, so tests need no binary fixtures."""

from __future__ import annotations

import io
import zipfile
from html import escape

PROSE = (
    "Nell walked the length of the harbour wall twice before she let herself knock, and when the door "
    "opened the smell of lemon oil and old paper rolled out to meet her like a tide."
)


def story(*blocks: str) -> str:
    """A plain text of blank-line-separated blocks; "P" stands for a paragraph of PROSE."""
    return "\n\n".join(PROSE if block == "P" else block for block in blocks) + "\n"


CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def xhtml(body: str, title: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{escape(title)}</title></head><body>{body}</body></html>"
    )


def build_epub(
    documents: list[tuple[str, str, str | None]],
    *,
    title: str = "A Test Book",
    creator: str = "tester",
    version: int = 3,
    subjects: tuple[str, ...] = (),
) -> bytes:
    """documents: (file name, xhtml body, toc label or None). EPUB 3 gets a nav, EPUB 2 an NCX."""
    manifest = []
    spine = []
    for number, (name, _body, _label) in enumerate(documents):
        manifest.append(f'<item id="d{number}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="d{number}"/>')
    entries = [(name, label) for name, _body, label in documents if label]
    files = {name: xhtml(body, label or "") for name, body, label in documents}
    if version == 3:
        links = "".join(f'<li><a href="{name}">{escape(label)}</a></li>' for name, label in entries)
        files["nav.xhtml"] = xhtml(
            f'<nav epub:type="toc" xmlns:epub="http://www.idpf.org/2007/ops"><ol>{links}</ol></nav>'
        )
        manifest.append(
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        spine_attrs = ""
    else:
        points = "".join(
            f'<navPoint id="p{i}" playOrder="{i + 1}"><navLabel><text>{escape(label)}</text></navLabel>'
            f'<content src="{name}"/></navPoint>'
            for i, (name, label) in enumerate(entries)
        )
        files["toc.ncx"] = (
            '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<navMap>{points}</navMap></ncx>"
        )
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        spine_attrs = ' toc="ncx"'
    subject_xml = "".join(f"<dc:subject>{escape(s)}</dc:subject>" for s in subjects)
    opf = (
        f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="{version}.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f"<dc:language>en</dc:language>{subject_xml}</metadata>"
        f"<manifest>{''.join(manifest)}</manifest><spine{spine_attrs}>{''.join(spine)}</spine></package>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", opf)
        for name, content in files.items():
            archive.writestr(f"OEBPS/{name}", content)
    return buffer.getvalue()


def build_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """paragraphs: (style or "", text); text wrapped in *stars* becomes italic."""
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = []
    for style, text in paragraphs:
        properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        if text.startswith("*") and text.endswith("*"):
            run = f"<w:r><w:rPr><w:i/></w:rPr><w:t>{escape(text[1:-1])}</w:t></w:r>"
        else:
            run = f"<w:r><w:t>{escape(text)}</w:t></w:r>"
        body.append(f"<w:p>{properties}{run}</w:p>")
    document = f'<?xml version="1.0"?><w:document xmlns:w="{namespace}"><w:body>{"".join(body)}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()
