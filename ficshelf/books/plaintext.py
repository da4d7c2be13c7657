"""Plain text, laid out like AO3's .txt download: preface, chapters, afterword."""

from __future__ import annotations

import textwrap
from typing import TextIO

from ficshelf.books.book import Book, BookWork
from ficshelf.books.escape import checked_url
from ficshelf.books.fragment import Element, Fragment, Node
from ficshelf.text import BLOCK_TAGS


def fragment_text(fragment: Fragment) -> str:
    """A fragment as paragraphs separated by blank lines."""
    blocks: list[str] = []
    _blocks(fragment.nodes, blocks, "")
    return "\n\n".join(b for b in blocks if b.strip())


def _inline(nodes: list[Node]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.tag == "br":
            out.append("\n")
        elif node.tag == "a" and "image" in node.attrs.get("class", "") and checked_url(node.attrs["href"]):
            out.append(f"{_inline(node.children)} ({node.attrs['href']})")
        elif node.tag == "rt":
            out.append(f"({_inline(node.children)})")
        else:
            out.append(_inline(node.children))
    return "".join(out)


def _blocks(nodes: list[Node], out: list[str], indent: str) -> None:
    line: list[Node] = []

    def flush() -> None:
        text = _inline(line).strip()
        if text:
            out.append(textwrap.indent(text, indent) if indent else text)
        line.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in BLOCK_TAGS and node.tag not in ("li", "dd", "dt", "tr"):
            line.append(node)
            continue
        flush()
        _block(node, out, indent)
    flush()


def _block(node: Element, out: list[str], indent: str) -> None:
    tag = node.tag
    if tag == "hr":
        out.append(f"{indent}* * *")
    elif tag == "blockquote":
        _blocks(node.children, out, indent + "    ")
    elif tag in ("ul", "ol"):
        number = int(node.attrs.get("start", 1))
        for item in node.children:
            if not isinstance(item, Element):
                continue
            nested: list[str] = []
            _blocks(item.children, nested, "")
            marker = f"{number}." if tag == "ol" else "*"
            number += 1
            text = "\n".join(nested) or ""
            out.append(textwrap.indent(f"{marker} {text}", indent))
    elif tag == "dl":
        for item in node.children:
            if isinstance(item, Element):
                nested = []
                _blocks(item.children, nested, indent + ("    " if item.tag == "dd" else ""))
                out.extend(nested)
    elif tag == "table":
        for section in node.children:
            if not isinstance(section, Element):
                continue
            rows = section.children if section.tag in ("thead", "tbody") else []
            if section.tag == "caption":
                out.append(indent + _inline(section.children).strip())
            for row in rows:
                if isinstance(row, Element):
                    cells = [
                        " ".join(fragment_text(Fragment(cell.children)).split())
                        for cell in row.children
                        if isinstance(cell, Element)
                    ]
                    out.append(indent + " | ".join(cells))
    else:
        _blocks(node.children, out, indent)


def _work_text(book: Book, work: BookWork) -> list[str]:
    parts = [work.heading, f"Posted originally on {book.site_name} at {work.url}.", ""]
    for label, tags in work.tags:
        parts.append(f"{label}:")
        parts.append("    " + ", ".join(name for name, _url in tags))
    parts.append("Language:")
    parts.append(f"    {work.language_name}")
    for title, part, _url in work.series:
        parts.append("Series:")
        parts.append(f"    Part {part} of {title}")
    parts.append("Stats:")
    parts.append("    " + " ".join(f"{label}: {value}" for label, value in work.stats))
    parts += ["", "", work.heading, f"by {', '.join(work.creators)}", ""]

    def section(label: str, fragment: Fragment) -> None:
        if fragment:
            parts.extend([label, "", fragment_text(fragment), ""])

    section("Summary", work.summary)
    section("Notes", work.notes)
    for chapter in work.chapters:
        parts += ["", chapter.heading, ""]
        section("Chapter Summary", chapter.summary)
        section("Chapter Notes", chapter.notes)
        parts += [fragment_text(chapter.body), ""]
        section("Chapter End Notes", chapter.end_notes)
    parts.append("")
    section("End Notes", work.end_notes)
    parts.append(
        f"Please drop by the archive and comment to let the creator know if you enjoyed their work! {work.url}"
    )
    return parts


def write_text(book: Book, out: TextIO) -> None:
    if book.kind == "series":
        head = [book.title, f"Posted originally on {book.site_name} at {book.url}.", ""]
        head.append(f"by {', '.join(book.creators)}")
        if book.series_summary:
            head += ["", "Series Description", "", fragment_text(book.series_summary)]
        if book.series_notes:
            head += ["", "Series Notes", "", fragment_text(book.series_notes)]
        head += ["", *(f"{w.heading} by {', '.join(w.creators)}" for w in book.works), "", ""]
        out.write("\n".join(head))
    for index, work in enumerate(book.works):
        if index:
            out.write("\n\n" + "=" * 40 + "\n\n")
        out.write("\n".join(_work_text(book, work)))
        out.write("\n")
