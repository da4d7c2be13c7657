"""EPUB 3 with a toc.ncx for EPUB 2 readers, written straight into a zip.

One XHTML file per chapter keeps every file small, which e-readers like. Metadata:
title, creators, language, a dc:subject per tag, the summary as dc:description,
the series as calibre:series and as EPUB 3 belongs-to-collection, dates, and an
identifier that stays the same for the work.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from ficshelf.books import layout
from ficshelf.books.book import Book
from ficshelf.books.cover import cover_svg
from ficshelf.books.escape import attr_escape
from ficshelf.books.escape import xml_escape as esc

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""

# One line of the table of contents: (label, href, the entries nested under it).
_TocEntry = tuple[str, str, list["_TocEntry"]]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Document:
    __slots__ = ("name", "title", "body", "linear")

    def __init__(self, name: str, title: str, body: str, linear: bool = True):
        self.name, self.title, self.body, self.linear = name, title, body, linear


def _xhtml(book: Book, title: str, body: str, extra_ns: str = "") -> str:
    lang = attr_escape(book.language)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{extra_ns} '
        f'xml:lang="{lang}" lang="{lang}" dir="{book.direction}">\n'
        f'<head><meta charset="utf-8"/><title>{esc(title or book.title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
        f"<body>{body}</body>\n</html>\n"
    )


def _documents(book: Book) -> tuple[list[_Document], list[_TocEntry]]:
    """The spine's documents, and the table of contents as (label, href, children)."""

    def resolver(current: str) -> Callable[[str], str | None]:
        def resolve(target: str) -> str | None:
            document = book.ids.documents.get(target)
            if document is None:
                return None
            return f"#{target}" if document == current else f"{document}#{target}"

        return resolve

    def link(document: str, anchor: str) -> str:
        return f"{document}#{anchor}"

    documents = [
        _Document(
            "cover.xhtml",
            book.title,
            f'<div class="cover"><img src="cover.svg" alt="{attr_escape(book.title)}"/></div>',
        )
    ]
    toc: list[_TocEntry] = []
    if book.kind == "series":
        documents.append(
            _Document("series.xhtml", book.title, layout.series_page(book, resolver("series.xhtml"), link))
        )
        toc.append((book.title, "series.xhtml", []))
    for work in book.works:
        documents.append(
            _Document(
                work.preface_document, work.title, layout.preface(book, work, resolver(work.preface_document))
            )
        )
        entries: list[_TocEntry] = [("Preface", work.preface_document, [])]
        for chapter in work.chapters:
            documents.append(
                _Document(
                    chapter.document, chapter.heading, layout.chapter(chapter, resolver(chapter.document))
                )
            )
            entries.append((chapter.heading, chapter.document, []))
        documents.append(
            _Document(
                work.afterword_document,
                "Afterword",
                layout.afterword(work, resolver(work.afterword_document)),
            )
        )
        entries.append(("Afterword", work.afterword_document, []))
        if book.kind == "series":
            # the part's own entry opens its preface
            toc.append((work.heading, work.preface_document, entries[1:]))
        else:
            toc.extend(entries)
    return documents, toc


def _nav(book: Book, toc: list[_TocEntry]) -> str:
    def items(entries: list[_TocEntry]) -> str:
        out = []
        for label, href, children in entries:
            nested = f"<ol>{items(children)}</ol>" if children else ""
            out.append(f'<li><a href="{attr_escape(href)}">{esc(label)}</a>{nested}</li>')
        return "".join(out)

    body = (
        f'<nav epub:type="toc" id="toc"><h1>{esc(book.title)}</h1><ol>{items(toc)}</ol></nav>'
        '<nav epub:type="landmarks" hidden="hidden"><ol>'
        '<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>'
        f'<li><a epub:type="bodymatter" href="{attr_escape(toc[0][1])}">Begin Reading</a></li>'
        "</ol></nav>"
    )
    return _xhtml(book, "Contents", body)


def _ncx(book: Book, toc: list[_TocEntry]) -> str:
    counter = 0

    def points(entries: list[_TocEntry]) -> str:
        nonlocal counter
        out = []
        for label, href, children in entries:
            counter += 1
            out.append(
                f'<navPoint id="nav-{counter}" playOrder="{counter}"><navLabel><text>{esc(label)}</text>'
                f'</navLabel><content src="{attr_escape(href)}"/>{points(children)}</navPoint>'
            )
        return "".join(out)

    nav_map = points(toc)
    depth = 2 if any(children for _l, _h, children in toc) else 1
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" '
        f'xml:lang="{attr_escape(book.language)}">\n'
        f'<head><meta name="dtb:uid" content="{attr_escape(book.identifier)}"/>'
        f'<meta name="dtb:depth" content="{depth}"/><meta name="dtb:totalPageCount" content="0"/>'
        '<meta name="dtb:maxPageNumber" content="0"/></head>\n'
        f"<docTitle><text>{esc(book.title)}</text></docTitle>\n"
        + "".join(f"<docAuthor><text>{esc(name)}</text></docAuthor>" for name in book.creators)
        + f"\n<navMap>{nav_map}</navMap>\n</ncx>\n"
    )


def _opf(book: Book, documents: list[_Document]) -> str:
    meta = [
        f'<dc:identifier id="uid">{esc(book.identifier)}</dc:identifier>',
        f"<dc:title>{esc(book.title)}</dc:title>",
        f"<dc:language>{esc(book.language)}</dc:language>",
    ]
    for index, name in enumerate(book.creators, start=1):
        meta.append(f'<dc:creator id="creator{index}">{esc(name)}</dc:creator>')
        meta.append(f'<meta refines="#creator{index}" property="role" scheme="marc:relators">aut</meta>')
    if book.description:
        meta.append(f"<dc:description>{esc(book.description)}</dc:description>")
    meta.extend(f"<dc:subject>{esc(subject)}</dc:subject>" for subject in book.subjects)
    meta.append(f"<dc:publisher>{esc(book.site_name)}</dc:publisher>")
    meta.append(f"<dc:source>{esc(book.url)}</dc:source>")
    meta.append(f"<dc:date>{_stamp(book.published)}</dc:date>")
    meta.append(f'<meta property="dcterms:modified">{_stamp(book.modified)}</meta>')
    if book.collection:
        title, position = book.collection
        meta.append(f'<meta property="belongs-to-collection" id="series">{esc(title)}</meta>')
        meta.append('<meta refines="#series" property="collection-type">series</meta>')
        meta.append(f'<meta refines="#series" property="group-position">{position}</meta>')
        meta.append(f'<meta name="calibre:series" content="{attr_escape(title)}"/>')
        meta.append(f'<meta name="calibre:series_index" content="{position}"/>')
    meta.append('<meta name="cover" content="cover-image"/>')
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        '<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>',
    ]
    spine = []
    for index, document in enumerate(documents):
        manifest.append(f'<item id="d{index}" href="{document.name}" media-type="application/xhtml+xml"/>')
        linear = "" if document.linear else ' linear="no"'
        spine.append(f'<itemref idref="d{index}"{linear}/>')
    direction = ' page-progression-direction="rtl"' if book.direction == "rtl" else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" '
        f'xml:lang="{attr_escape(book.language)}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        + "\n".join(meta)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + f'\n</manifest>\n<spine toc="ncx"{direction}>\n'
        + "\n".join(spine)
        + '\n</spine>\n<guide><reference type="cover" title="Cover" href="cover.xhtml"/></guide>\n</package>\n'
    )


def write_epub(book: Book, out: BinaryIO) -> None:
    """Write `book` as an EPUB 3 file to the binary stream `out`."""
    documents, toc = _documents(book)
    date_time = book.modified.timetuple()[:6]

    def put(name: str, data: str, compress: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(name, date_time=max(date_time, (1980, 1, 1, 0, 0, 0)))
        info.compress_type = compress
        info.external_attr = 0o644 << 16
        archive.writestr(info, data.encode("utf-8"), compresslevel=6 if compress else None)

    with zipfile.ZipFile(out, "w") as archive:
        put("mimetype", "application/epub+zip", zipfile.ZIP_STORED)  # first and stored, as EPUB requires
        put("META-INF/container.xml", CONTAINER)
        put("OEBPS/content.opf", _opf(book, documents))
        put("OEBPS/toc.ncx", _ncx(book, toc))
        put("OEBPS/nav.xhtml", _nav(book, toc))
        put("OEBPS/style.css", layout.STYLESHEET)
        subtitle = "A series" if book.kind == "series" else ""
        put("OEBPS/cover.svg", cover_svg(book.title, book.creators, book.site_name, subtitle))
        for document in documents:
            put(f"OEBPS/{document.name}", _xhtml(book, document.title, document.body))
