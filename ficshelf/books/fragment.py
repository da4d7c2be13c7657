"""A story field as a book holds it: a small tree of elements, and the ids of the whole book.

`read_tree()` reads HTML into that tree as it stands; `repair.parse_fragment()`
repairs it into a Fragment, and every writer (EPUB, HTML, PDF, plain text) walks
the same tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser

from ficshelf.books.escape import safe_id

# Deeper nesting than this is flattened: real stories never need it, and it keeps
# every recursive writer far from Python's recursion limit.
MAX_DEPTH = 60

VOID = {"br", "hr", "img", "col", "wbr"}


class Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None, children: Iterable[Element | str] = ()):
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.children: list[Element | str] = list(children)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs} {self.children!r}>"


Node = Element | str


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: mismatched end tags are ignored, depth is capped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]
        self.ignored = 0  # start tags beyond MAX_DEPTH whose end tags must be skipped too

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        if tag in VOID:
            self.stack[-1].children.append(element)
        elif len(self.stack) > MAX_DEPTH:
            self.ignored += 1
        else:
            self.stack[-1].children.append(element)
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        if self.ignored:
            self.ignored -= 1

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def read_tree(html: str) -> list[Node]:
    """The elements and text of `html`, nested as written (see _TreeBuilder for the forgiveness)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root.children


class Fragment:
    """A repaired story field: a list of nodes valid as XHTML flow content."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: list[Node]):
        self.nodes = nodes

    def __bool__(self) -> bool:
        return bool(self.nodes)


class IdRegistry:
    """Every id in one book, with the file that holds it, so links can be resolved.

    The first element to claim an id keeps it; later duplicates lose theirs.
    """

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}
        self.current = ""

    def claim(self, raw: str) -> str | None:
        value = safe_id(raw)
        if not raw or value in self.documents:
            return None
        self.documents[value] = self.current
        return value

    def reserve(self, value: str, document: str) -> None:
        """An id the book's own structure uses (chapter anchors)."""
        self.documents[value] = document
