"""EPUB 2 and 3: spine order, chapter titles from the nav document or NCX, zip bombs refused.

AO3's EPUBs are its download HTML split into files, so when a spine document
carries AO3's preface the whole book goes through the AO3 HTML reader.
FanFicFare and others get one chapter per spine document, titled from the
table of contents.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from ficshelf.importer.archive import Archive
from ficshelf.importer.decode import normalize_text
from ficshelf.importer.headings import HeadingMatch, match_heading
from ficshelf.importer.html import parse_html, take_header_units, units_from
from ficshelf.importer.htmltree import parse_tree, text_of
from ficshelf.importer.metadata import add_tags
from ficshelf.importer.model import ParsedWork, ParseError
from ficshelf.importer.structure import ChapterBuilder, render_units
from ficshelf.importer.units import Unit
from ficshelf.text import sanitize

_FRONT_NAMES = ("title", "cover", "toc", "nav", "contents", "info", "preface", "titlepage")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(archive: Archive, name: str) -> str:
    data = archive.read(name)
    return normalize_text(data.decode("utf-8", errors="ficshelf-cp1252"), [])


def _opf_path(archive: Archive) -> str:
    container = archive.xml_tree("META-INF/container.xml")
    for element in container.iter():
        if _local(element.tag) == "rootfile" and element.get("full-path"):
            return element.get("full-path", "")
    raise ParseError("This EPUB has no package document (content.opf); the file is damaged.")


def _toc_titles(
    archive: Archive, base: str, manifest: dict[str, tuple[str, str, str]], spine_toc: str | None
) -> dict[str, str]:
    """Spine file path → chapter title, from the EPUB 3 nav document or the EPUB 2 NCX."""
    titles: dict[str, str] = {}
    for href, _media_type, properties in manifest.values():
        if "nav" in properties.split():
            tree = parse_tree(_text(archive, href)).root
            nav_dir = posixpath.dirname(href)
            for link in tree.find_all(lambda n: n.tag == "a" and "href" in n.attrs):
                target = posixpath.normpath(
                    posixpath.join(nav_dir, unquote(link.attrs["href"].split("#")[0]))
                )
                titles.setdefault(target, text_of(link))
            if titles:
                return titles
    ncx = manifest.get(spine_toc or "") or next(
        (m for m in manifest.values() if m[1] == "application/x-dtbncx+xml"), None
    )
    if ncx:
        root = archive.xml_tree(ncx[0])
        ncx_dir = posixpath.dirname(ncx[0])
        for point in root.iter():
            if _local(point.tag) != "navPoint":
                continue
            label = next((e for e in point.iter() if _local(e.tag) == "text"), None)
            content = next((e for e in point.iter() if _local(e.tag) == "content"), None)
            if label is not None and content is not None and content.get("src"):
                target = posixpath.normpath(
                    posixpath.join(ncx_dir, unquote(content.get("src", "").split("#")[0]))
                )
                titles.setdefault(target, " ".join((label.text or "").split()))
    return titles


def parse_epub(archive: Archive, work: ParsedWork) -> None:
    """Fill `work` from an EPUB archive."""
    opf_name = _opf_path(archive)
    base = posixpath.dirname(opf_name)
    opf = archive.xml_tree(opf_name)
    manifest: dict[str, tuple[str, str, str]] = {}
    spine: list[str] = []
    spine_toc = None
    for element in opf.iter():
        name = _local(element.tag)
        if name == "item":
            href = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
            manifest[element.get("id", "")] = (
                href,
                element.get("media-type", ""),
                element.get("properties", ""),
            )
        elif name == "itemref" and element.get("linear", "yes") != "no":
            spine.append(element.get("idref", ""))
        elif name == "spine":
            spine_toc = element.get("toc")
        elif name == "title" and element.text and not work.title:
            work.title = element.text.strip()
        elif name == "creator" and element.text:
            work.creators.append(element.text.strip())
        elif name == "language" and element.text and not work.language:
            work.language = element.text.strip()
        elif name == "description" and element.text and not work.summary:
            work.summary = element.text.strip()
        elif name == "subject" and element.text:
            add_tags(work, "Freeform", [element.text.strip()])
    documents = [manifest[i][0] for i in spine if i in manifest and "html" in manifest[i][1]]
    if not documents:
        raise ParseError("This EPUB lists no readable chapters in its spine.")
    texts = {name: _text(archive, name) for name in documents}
    if any('id="preface"' in text or 'class="tags"' in text for text in texts.values()):
        epub_meta = (work.title, list(work.creators), work.language)
        work.tags.clear()
        parse_html("".join(_body_of(text) for text in texts.values()), work)
        work.title = work.title or epub_meta[0]
        work.creators = work.creators or epub_meta[1]
        work.language = work.language or epub_meta[2]
        return
    if work.summary and "<" in work.summary:
        work.summary = sanitize(work.summary)
    titles = _toc_titles(archive, base, manifest, spine_toc)
    _chapters_from_documents(documents, texts, titles, work)


def _body_of(text: str) -> str:
    lower = text.lower()
    start = lower.find("<body")
    end = lower.rfind("</body>")
    if start == -1:
        return text
    start = lower.find(">", start) + 1
    return text[start : end if end != -1 else len(text)]


def _chapters_from_documents(
    documents: list[str], texts: dict[str, str], titles: dict[str, str], work: ParsedWork
) -> None:
    notes_begin: list[Unit] = []
    chapters: list[tuple[str | None, list[Unit]]] = []
    for name in documents:
        root = parse_tree(texts[name]).root
        units = units_from(root.find(lambda n: n.tag == "body") or root)
        title = titles.get(name)
        stem = posixpath.basename(name).lower()
        front = title is None and not chapters or any(stem.startswith(front) for front in _FRONT_NAMES)
        if front and not (title and match_heading(title)):
            if any(stem.startswith(n) for n in ("toc", "nav", "contents")):
                continue
            notes_begin.extend(take_header_units(units, work))
            continue
        if title is None and chapters:
            chapters[-1][1].extend(units)  # a chapter split across files by the converter
            continue
        chapters.append((title, units))
    for number, (title, units) in enumerate(chapters, 1):
        match = match_heading(title) if title else None
        if title and match is None:
            match = HeadingMatch("htag", "toc", None, "", title, title, False)
        if units and title and " ".join(units[0].text.split()) in (title, " ".join(title.split())):
            units = units[1:]  # the chapter's own heading repeats its table-of-contents entry
        elif units and match and units[0].match and units[0].match.heading == match.heading:
            units = units[1:]
        work.chapters.append(ChapterBuilder(number, match, units, work.problems).build([]))
    work.notes_begin = render_units(notes_begin)
