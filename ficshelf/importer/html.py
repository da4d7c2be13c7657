"""HTML stories: AO3's own downloads (preface, chapters, afterword) and any other HTML page.

The page is read into a tree (ficshelf.importer.htmltree) whose blocks become the
same Units plain text makes; every fragment kept goes through ficshelf.text.sanitize.
"""

from __future__ import annotations

import re

from ficshelf.importer.headings import HeadingMatch, match_heading
from ficshelf.importer.htmltree import BLOCK_TAGS, Node, inner_html, parse_tree, serialize, text_of
from ficshelf.importer.metadata import (
    add_tags,
    apply_header,
    header_label,
    normalize_rating,
    normalize_warning,
    read_header,
)
from ficshelf.importer.model import ParsedWork
from ficshelf.importer.structure import ChapterBuilder, build_work
from ficshelf.importer.units import Unit, is_break_text
from ficshelf.text import sanitize

_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "center",
    "body",
    "html",
    "form",
}
_WHOLE_BLOCKS = {
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "details",
    "figure",
    "address",
    "fieldset",
    "nav",
}
_AO3_TAG_LABELS = {
    "rating": "Rating", "ratings": "Rating", "archive warning": "ArchiveWarning",
    "archive warnings": "ArchiveWarning", "category": "Category", "categories": "Category",
    "fandom": "Fandom", "fandoms": "Fandom", "relationship": "Relationship", "relationships": "Relationship",
    "character": "Character", "characters": "Character", "additional tags": "Freeform",
    "additional tag": "Freeform", "freeform": "Freeform", "freeforms": "Freeform",
}  # fmt: skip


def _unit_from(node: Node) -> Unit | None:
    text = text_of(node, keep_lines=True)
    if node.tag == "hr":
        return Unit("break", "", "")
    if not text and not node.find(lambda n: n.tag == "img"):
        return None
    flat = text.replace("\n", " ")
    html = serialize(node)
    if is_break_text(flat):
        return Unit("break", flat, "", match=match_heading(flat))
    match = match_heading(flat) if len(flat) <= 120 and "\n" not in text else None
    level = int(node.tag[1]) if re.fullmatch(r"h[1-6]", node.tag) else 0
    if level and match is None:
        match = HeadingMatch("htag", f"h{level}", None, "", flat, flat, False)
        return Unit("htag", text, html, match=match, level=level)
    if node.tag not in ("p", "div", "center") and not level:
        return Unit("para", text, html, lines=text.count("\n") + 1)
    if level:
        html = f"<p>{inner_html(node)}</p>"
    return Unit("para", text, html, match=match, lines=text.count("\n") + 1, level=level)


def _has_double_break(node: Node) -> bool:
    """<br><br> inside one element: paragraphs written as line breaks (common in FFN-era HTML)."""
    previous_br = False
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                previous_br = False
            continue
        if child.tag == "br" and previous_br:
            return True
        previous_br = child.tag == "br"
    return False


def units_from(container: Node) -> list[Unit]:
    """Flatten a container into units: block elements, and loose inline runs split at blank <br><br>."""
    units: list[Unit] = []
    run: list[Node | str] = []

    def flush_run() -> None:
        if not run:
            return
        paragraph: list[Node | str] = []
        previous_br = False
        groups: list[list[Node | str]] = []
        for item in run:
            is_br = isinstance(item, Node) and item.tag == "br"
            if is_br and previous_br:
                groups.append(paragraph[:-1])
                paragraph = []
                previous_br = False
                continue
            if isinstance(item, str) and not item.strip() and previous_br:
                continue
            paragraph.append(item)
            previous_br = is_br
        groups.append(paragraph)
        for group in groups:
            node = Node("p", {})
            node.children = group
            unit = _unit_from(node)
            if unit:
                units.append(unit)
        run.clear()

    stack: list[tuple[Node, int]] = [(container, 0)]
    while stack:
        node, position = stack.pop()
        if position >= len(node.children):
            flush_run()
            continue
        stack.append((node, position + 1))
        child = node.children[position]
        if isinstance(child, str) or child.tag not in BLOCK_TAGS:
            run.append(child)
            continue
        flush_run()
        has_blocks = any(isinstance(c, Node) and c.tag in BLOCK_TAGS for c in child.children)
        if (
            child.tag in _CONTAINERS
            or (child.tag in ("li", "dd", "dt", "tr", "td", "th") and has_blocks)
            or (child.tag == "p" and _has_double_break(child))
        ):
            stack.append((child, 0))
        elif child.tag in _WHOLE_BLOCKS or child.tag in ("p", "hr") or child.tag[0] == "h":
            unit = _unit_from(child)
            if unit:
                units.append(unit)
        else:
            stack.append((child, 0))
    return units


def _is_ao3(root: Node) -> bool:
    return (
        root.find(lambda n: n.attrs.get("id") == "preface" or ("tags" in n.classes and n.tag == "dl"))
        is not None
    )


def _labelled_blockquote(container: Node, label: str) -> str | None:
    """AO3 prints <p>Summary</p><blockquote class="userstuff">…</blockquote>; return that blockquote's HTML."""
    children = container.elements()
    for index, child in enumerate(children):
        if child.tag == "p" and text_of(child).lower() == label and index + 1 < len(children):
            following = children[index + 1]
            if following.tag == "blockquote":
                return sanitize(inner_html(following)) or None
    return None


def _ao3_preface(root: Node, work: ParsedWork) -> None:
    preface = root.find(lambda n: n.attrs.get("id") == "preface") or root
    meta = preface.find(lambda n: n.tag == "div" and "meta" in n.classes) or preface
    tags = meta.find(lambda n: n.tag == "dl" and "tags" in n.classes)
    if tags:
        label = ""
        for item in tags.elements():
            if item.tag == "dt":
                label = text_of(item).rstrip(":").strip().lower()
                continue
            if item.tag != "dd":
                continue
            links = [text_of(a) for a in item.find_all(lambda n: n.tag == "a")]
            names = links or [name.strip() for name in text_of(item).split(",") if name.strip()]
            tag_type = _AO3_TAG_LABELS.get(label)
            if tag_type == "Rating":
                for name in names:
                    rating = normalize_rating(name)
                    if rating:
                        work.rating = work.rating or rating
                        add_tags(work, "Rating", [rating])
            elif tag_type == "ArchiveWarning":
                add_tags(work, tag_type, [normalize_warning(name) for name in names])
            elif tag_type:
                add_tags(work, tag_type, names)
            elif label == "language":
                work.language = text_of(item)
            elif label == "series":
                work.series = links[0] if links else text_of(item)
    heading = meta.find(lambda n: n.tag == "h1") or preface.find(
        lambda n: n.tag in ("h1", "h2") and "title" in n.classes
    )
    if heading:
        work.title = text_of(heading)
    byline = meta.find(lambda n: "byline" in n.classes)
    if byline:
        authors = [text_of(a) for a in byline.find_all(lambda n: n.tag == "a")]
        work.creators = authors or [re.sub(r"^by\s+", "", text_of(byline), flags=re.IGNORECASE)]
    work.summary = _labelled_blockquote(meta, "summary")
    work.notes_begin = _labelled_blockquote(meta, "notes")


def _ao3_chapters(root: Node, work: ParsedWork) -> None:
    container = root.find(lambda n: n.attrs.get("id") == "chapters") or root
    pending: dict[str, str | None] = {}
    chapters: list[tuple[dict[str, str | None], Node]] = []
    for child in container.elements():
        classes = child.classes
        if child.tag == "div" and "meta" in classes and "group" in classes:
            heading = child.find(lambda n: n.tag == "h2")
            pending = {
                "heading": text_of(heading) if heading else None,
                "summary": _labelled_blockquote(child, "chapter summary"),
                "notes": _labelled_blockquote(child, "chapter notes"),
            }
        elif child.tag == "div" and "userstuff" in classes:
            chapters.append((pending, child))
            pending = {}
        elif child.tag == "div" and "meta" in classes and chapters:
            chapters[-1][0]["end_notes"] = _labelled_blockquote(child, "chapter end notes")
    for number, (info, body) in enumerate(chapters, 1):
        heading_text = info.get("heading")
        match = match_heading(heading_text) if isinstance(heading_text, str) else None
        if isinstance(heading_text, str) and match is None:
            match = HeadingMatch("htag", "h2", None, "", heading_text, heading_text, False)
        builder = ChapterBuilder(number, match, units_from(body), work.problems, detect_notes=False)
        chapter = builder.build([])
        chapter.summary = info.get("summary")
        chapter.notes_begin = info.get("notes")
        chapter.notes_end = info.get("end_notes")
        work.chapters.append(chapter)
    afterword = root.find(lambda n: n.attrs.get("id") == "endnotes")
    if afterword:
        work.notes_end = _labelled_blockquote(afterword, "end notes")


def take_header_units(units: list[Unit], work: ParsedWork) -> list[Unit]:
    """Read labelled metadata lines ("Fandom: …") near the top, as FanFicFare title pages have.

    The header may follow a title line or two ("The Book by someone"); units
    before it are kept, units wholly made of header lines are consumed.
    """
    for first in range(min(4, len(units))):
        if header_label(units[first].text.split("\n", 1)[0]):
            break
    else:
        return units
    lines: list[str] = []
    owners: list[int] = []
    for index, unit in enumerate(units[first : first + 12], first):
        for line in unit.text.split("\n"):
            lines.append(line)
            owners.append(index)
        lines.append("")
        owners.append(index)
    consumed, fields, _notes = read_header(lines)
    if not consumed:
        return units
    apply_header(work, fields)
    last = owners[consumed - 1]
    whole = last + 1 if consumed >= len(owners) or owners[consumed] != last or not lines[consumed] else last
    return units[:first] + units[whole:]


def parse_html(html: str, work: ParsedWork) -> None:
    """Fill `work` from an HTML document."""
    tree = parse_tree(html)
    root = tree.root
    if _is_ao3(root):
        _ao3_preface(root, work)
        _ao3_chapters(root, work)
        if work.chapters:
            return
    body = root.find(lambda n: n.tag == "body") or root
    units = units_from(body)
    h1s = [u for u in units if u.level == 1]
    if len(h1s) == 1 and h1s[0].kind == "htag" and units.index(h1s[0]) < 3:
        work.title = h1s[0].text
        units.remove(h1s[0])
    elif tree.title_parts and "".join(tree.title_parts).strip():
        work.title = text_of("".join(tree.title_parts))
    if tree.meta.get("author"):
        work.creators = [tree.meta["author"]]
    units = take_header_units(units, work)
    build_work(units, work, notes_begin=[], notes_end=[])
