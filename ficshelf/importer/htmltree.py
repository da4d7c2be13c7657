"""A small forgiving HTML tree on html.parser: no dependency, never raises on malformed markup.

It closes what the author forgot to close, drops what is never story text
(scripts, styles, the head…), and stops nesting past a fixed depth. What it
keeps is not yet safe: callers send every fragment through ficshelf.text.sanitize.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param"}
_SKIP = {"script", "style", "template", "noscript", "iframe", "object", "textarea", "svg", "math", "head"}
BLOCK_TAGS = {
    "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "center", "section", "article", "main", "header", "footer", "aside", "nav", "details", "figure", "body",
    "html", "li", "dd", "dt", "tr", "td", "th", "tbody", "thead", "form", "fieldset", "address",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f]+")
_MAX_DEPTH = 200


class Node:
    """An element: tag, attributes and children (Nodes and text strings)."""

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, predicate: Callable[[Node], bool]) -> list[Node]:
        found = []
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if predicate(node):
                found.append(node)
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))
        return found

    def find(self, predicate: Callable[[Node], bool]) -> Node | None:
        found = self.find_all(predicate)
        return found[0] if found else None

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _TreeBuilder(HTMLParser):
    """Builds a Node tree from any HTML, closing what the author forgot to close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]
        self.skipping = 0
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            values = {k: v or "" for k, v in attrs}
            if values.get("name"):
                self.meta[values["name"].lower()] = values.get("content", "")
        if self.skipping or tag in _SKIP:
            if tag not in _VOID:
                self.skipping += tag in _SKIP or bool(self.skipping)
            return
        if tag in BLOCK_TAGS and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag == "li" and self.stack[-1].tag == "li":
            self.stack.pop()
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.skipping and self.stack[-1].tag == tag and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skipping:
            self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse_tree(html: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder


def serialize(node: Node | str) -> str:
    """Node back to HTML; the sanitizer decides what survives."""
    parts: list[str] = []
    stack: list[Node | str | tuple[str]] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(escape(item, quote=False))
        elif isinstance(item, tuple):
            parts.append(item[0])
        else:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in item.attrs.items())
            parts.append(f"<{item.tag}{attrs}>")
            if item.tag not in _VOID:
                stack.append((f"</{item.tag}>",))
                stack.extend(reversed(item.children))
    return "".join(parts)


def inner_html(node: Node) -> str:
    return "".join(serialize(child) for child in node.children)


def text_of(node: Node | str, keep_lines: bool = False) -> str:
    """Visible text; with keep_lines, <br> and blocks become newlines."""
    parts: list[str] = []
    stack: list[Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "br" or (keep_lines and item.tag in BLOCK_TAGS):
            parts.append("\n")
            stack.extend(reversed(item.children))
        else:
            stack.extend(reversed(item.children))
    text = "".join(parts)
    if keep_lines:
        return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n") if line.strip())
    return _SPACE.sub(" ", text).strip()
