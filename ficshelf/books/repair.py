"""Story HTML, made safe for books: parsed once and repaired into a tree every writer can use.

The sanitizer's output is good HTML for a browser, but an EPUB is stricter: XHTML
must be well-formed XML, every element must sit where the HTML content model allows
it, obsolete elements (`center`, `big`) and attributes (`align`, `name`) are errors,
ids must be unique XML names, and an in-page link must point at an id that exists.
`parse_fragment()` turns a sanitized field into a small tree (fragment.py) and
repairs all of that, so every writer (EPUB, HTML, PDF, plain text) starts from the
same valid structure; xhtml.py writes it out.

Nothing here imports Django: it is pure Python and is benchmarked alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ficshelf.books.escape import checked_url, clean_text
from ficshelf.books.fragment import Element, Fragment, IdRegistry, Node, read_tree

PHRASING = {
    "em", "strong", "i", "b", "u", "s", "del", "ins", "a", "sub", "sup", "small", "abbr",
    "cite", "code", "q", "span", "ruby", "rt", "rp", "br", "img", "big", "bdi", "bdo", "mark",
}  # fmt: skip
# Elements a book keeps; anything else is unwrapped (its content stays).
KNOWN = PHRASING | {
    "p", "div", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "colgroup", "col", "pre", "details", "summary", "center",
}  # fmt: skip
RENAMED = {"center": ("div", "center"), "big": ("span", "big")}

_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_CLASS = re.compile(r"^[A-Za-z][\w-]{0,63}$")
_INT = re.compile(r"^-?\d{1,6}$")


def parse_fragment(html: str, ids: IdRegistry | None = None) -> Fragment:
    """Parse sanitized HTML into a repaired tree (see the module docstring)."""
    if not html or not html.strip():
        return Fragment([])
    return Fragment(_Repair(ids or IdRegistry()).flow(read_tree(html)))


def _is_blank(node: Node) -> bool:
    return isinstance(node, str) and not node.strip()


class _Repair:
    """Rebuilds a parsed tree so each element only holds what the content model allows."""

    def __init__(self, ids: IdRegistry):
        self.ids = ids

    # Attributes -------------------------------------------------------------
    def attrs(self, tag: str, raw: dict[str, str], extra_class: str = "") -> dict[str, str]:
        out: dict[str, str] = {}
        ident = raw.get("id") or (raw.get("name") if tag == "a" else "")
        if ident and (claimed := self.ids.claim(ident)):
            out["id"] = claimed
        classes = [c for c in raw.get("class", "").split() if _CLASS.match(c)]
        if (align := raw.get("align", "").lower()) in ("left", "center", "right", "justify"):
            classes.append(f"align-{align}")
        if extra_class:
            classes.append(extra_class)
        if classes:
            out["class"] = " ".join(dict.fromkeys(classes))
        if title := clean_text(raw.get("title", "")):
            out["title"] = title
        if raw.get("dir", "").lower() in ("ltr", "rtl", "auto"):
            out["dir"] = raw["dir"].lower()
        if _LANG.match(raw.get("lang", "")):
            out["lang"] = raw["lang"]
        if tag == "a" and (href := raw.get("href")):
            out["href"] = href  # checked when written: fragments need the whole book's ids
        if tag == "ol":
            if _INT.match(raw.get("start", "")):
                out["start"] = str(int(raw["start"]))
            if raw.get("type") in ("1", "a", "A", "i", "I"):
                out["type"] = raw["type"]
            if "reversed" in raw:
                out["reversed"] = "reversed"
        if tag in ("td", "th"):
            for name, low in (("colspan", 1), ("rowspan", 0)):
                value = raw.get(name, "")
                if value.isdigit() and low <= int(value) <= 1000:
                    out[name] = str(int(value))
            if tag == "th" and raw.get("scope") in ("row", "col", "rowgroup", "colgroup"):
                out["scope"] = raw["scope"]
        if tag in ("col", "colgroup") and raw.get("span", "").isdigit() and 1 <= int(raw["span"]) <= 1000:
            out["span"] = str(int(raw["span"]))
        return out

    # Content models ---------------------------------------------------------
    def flow(self, nodes: list[Node]) -> list[Node]:
        """Children of a flow container (div, blockquote, li, dd, td, the chapter itself)."""
        out: list[Node] = []
        for node in nodes:
            if isinstance(node, str):
                if text := clean_text(node):
                    out.append(text)
                continue
            tag = node.tag
            if tag not in KNOWN:
                out.extend(self.flow(node.children))
            elif tag in PHRASING:
                out.extend(self.phrasing_element(node, inside_link=False))
            elif tag in ("ul", "ol"):
                out.append(self.grouped(node, "li", self.flow))
            elif tag == "dl":
                out.append(self.definition_list(node))
            elif tag == "table":
                out.append(self.table(node))
            elif tag == "hr":
                out.append(Element("hr", self.attrs("hr", node.attrs)))
            elif tag == "details":
                out.append(self.details(node))
            elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
                out.append(Element(tag, self.attrs(tag, node.attrs), self.phrasing(node.children)))
            elif tag in ("div", "blockquote", "center"):
                name, extra = RENAMED.get(tag, (tag, ""))
                out.append(Element(name, self.attrs(tag, node.attrs, extra), self.flow(node.children)))
            elif tag in ("dt", "caption", "summary"):  # out of place: a paragraph of its own
                out.append(Element("p", self.attrs(tag, node.attrs, tag), self.phrasing(node.children)))
            else:  # li, dd, td, th, tr and table sections out of place
                out.append(Element("div", self.attrs(tag, node.attrs, tag), self.flow(node.children)))
        return out

    def phrasing(self, nodes: list[Node], inside_link: bool = False) -> list[Node]:
        """Children of a phrasing container (p, headings, em, a …): blocks become spans."""
        out: list[Node] = []
        for node in nodes:
            if isinstance(node, str):
                if text := clean_text(node):
                    out.append(text)
            elif node.tag in PHRASING:
                out.extend(self.phrasing_element(node, inside_link))
            elif node.tag in ("hr", "col", "colgroup"):
                continue
            else:
                children = self.phrasing(node.children, inside_link)
                if node.tag in KNOWN:
                    out.append(Element("span", self.attrs(node.tag, node.attrs, node.tag), children))
                    out.append(Element("br"))  # the block's own line, as a reader would see it
                else:
                    out.extend(children)
        while out and isinstance(out[-1], Element) and out[-1].tag == "br" and not out[-1].attrs:
            out.pop()
        return out

    def phrasing_element(self, node: Element, inside_link: bool) -> list[Node]:
        tag = node.tag
        if tag == "br":
            return [Element("br")]
        if tag == "wbr":
            return []
        if tag == "img":
            return [self.image(node, inside_link)]
        if tag == "a":
            if inside_link:  # a link inside a link is invalid; keep its text
                return [Element("span", self.attrs("span", node.attrs), self.phrasing(node.children, True))]
            return [Element("a", self.attrs("a", node.attrs), self.phrasing(node.children, True))]
        if tag == "ruby":
            return [self.ruby(node, inside_link)]
        if tag in ("rt", "rp"):  # outside a ruby: plain text in parentheses
            children = self.phrasing(node.children, inside_link)
            return ["(", *children, ")"] if tag == "rt" and children else []
        name, extra = RENAMED.get(tag, (tag, ""))
        return [Element(name, self.attrs(tag, node.attrs, extra), self.phrasing(node.children, inside_link))]

    def image(self, node: Element, inside_link: bool) -> Element:
        """Remote images are never fetched: they become a link that carries the alt text."""
        alt = clean_text(node.attrs.get("alt", "")).strip()
        label = f"[Image: {alt}]" if alt else "[Image]"
        src = node.attrs.get("src", "")
        if inside_link or not checked_url(src):
            return Element("span", {"class": "image"}, [label])
        return Element("a", {"class": "image", "href": src}, [label])

    def ruby(self, node: Element, inside_link: bool) -> Element:
        """Keep <ruby> only in its simplest valid shape: base text, then one <rt>, repeated."""
        parts: list[Node] = []
        base: list[Node] = []
        valid = True
        for child in node.children:
            if isinstance(child, Element) and child.tag == "rp":
                continue
            if isinstance(child, Element) and child.tag == "rt":
                if not base:
                    valid = False
                    break
                parts.extend(base)
                parts.append(Element("rt", {}, self.phrasing(child.children, inside_link)))
                base = []
            elif not _is_blank(child) or base:
                base.extend(self.phrasing([child], inside_link))
        if valid and parts and not base:
            return Element("ruby", self.attrs("ruby", node.attrs), parts)
        children: list[Node] = []
        for child in node.children:
            if isinstance(child, Element) and child.tag == "rt":
                children.extend(["(", *self.phrasing(child.children, inside_link), ")"])
            elif not (isinstance(child, Element) and child.tag == "rp"):
                children.extend(self.phrasing([child], inside_link))
        return Element("span", self.attrs("span", node.attrs, "ruby"), children)

    def grouped(self, node: Element, item: str, content: Callable[[list[Node]], list[Node]]) -> Element:
        """A list: stray content between items is gathered into an item of its own."""
        items: list[Node] = []
        stray: list[Node] = []

        def flush() -> None:
            if any(not _is_blank(n) for n in stray):
                items.append(Element(item, {}, content(stray)))
            stray.clear()

        for child in node.children:
            if isinstance(child, Element) and child.tag == item:
                flush()
                attrs = self.attrs(item, child.attrs)
                if node.tag == "ol" and _INT.match(child.attrs.get("value", "")):
                    attrs["value"] = str(int(child.attrs["value"]))
                items.append(Element(item, attrs, content(child.children)))
            else:
                stray.append(child)
        flush()
        return Element(node.tag, self.attrs(node.tag, node.attrs), items)

    def definition_list(self, node: Element) -> Element:
        """<dl>: groups of one or more <dt> followed by one or more <dd>."""
        items: list[Element] = []
        stray: list[Node] = []

        def flush() -> None:
            if any(not _is_blank(n) for n in stray):
                items.append(Element("dd", {}, self.flow(stray)))
            stray.clear()

        for child in node.children:
            if isinstance(child, Element) and child.tag in ("dt", "dd"):
                flush()
                content = self.phrasing(child.children) if child.tag == "dt" else self.flow(child.children)
                items.append(Element(child.tag, self.attrs(child.tag, child.attrs), content))
            else:
                stray.append(child)
        flush()
        fixed: list[Element] = []
        for item in items:
            if item.tag == "dd" and not fixed:
                fixed.append(Element("dt"))  # a description needs a term before it
            fixed.append(item)
        if fixed and fixed[-1].tag == "dt":
            fixed.append(Element("dd"))  # and a last term needs a description
        return Element("dl", self.attrs("dl", node.attrs), fixed)

    def table(self, node: Element) -> Element:
        """caption?, colgroup*, thead?, tbody* — every row inside a section, every cell in a row."""
        head: list[Element] = []
        cols: list[Element] = []
        thead: Element | None = None
        bodies: list[Element] = []
        loose: list[Node] = []

        def flush_rows() -> None:
            rows = self.rows(loose)
            loose.clear()
            if rows:
                bodies.append(Element("tbody", {}, rows))

        for child in node.children:
            if isinstance(child, str):  # text between sections is a row of its own
                if child.strip():
                    loose.append(child)
                continue
            tag = child.tag
            started = thead is not None or bodies or loose
            if tag == "caption" and not head and not cols and not started:
                head.append(Element("caption", self.attrs(tag, child.attrs), self.phrasing(child.children)))
            elif tag == "colgroup" and not started:
                cols.append(self.colgroup(child))
            elif tag == "col" and not started:
                cols.append(Element("colgroup", {}, [Element("col", self.attrs("col", child.attrs))]))
            elif tag == "thead" and not started:
                thead = Element("thead", self.attrs(tag, child.attrs), self.rows(child.children))
            elif tag in ("thead", "tbody", "tfoot"):
                flush_rows()
                rows = self.rows(child.children)
                if rows:
                    bodies.append(Element("tbody", self.attrs(tag, child.attrs), rows))
            elif tag in ("colgroup", "col"):
                continue
            else:
                loose.append(child)
        flush_rows()
        children = head + cols + ([thead] if thead is not None and thead.children else []) + bodies
        return Element("table", self.attrs("table", node.attrs), children)

    def colgroup(self, node: Element) -> Element:
        cols = [
            Element("col", self.attrs("col", c.attrs))
            for c in node.children
            if isinstance(c, Element) and c.tag == "col"
        ]
        attrs = self.attrs("colgroup", node.attrs)
        if cols:
            attrs.pop("span", None)
        return Element("colgroup", attrs, cols)

    def rows(self, nodes: list[Node]) -> list[Element]:
        rows: list[Element] = []
        stray: list[Node] = []

        def flush() -> None:
            if any(not _is_blank(n) for n in stray):
                rows.append(Element("tr", {}, [Element("td", {}, self.flow(stray))]))
            stray.clear()

        for child in nodes:
            if isinstance(child, Element) and child.tag == "tr":
                flush()
                rows.append(self.row(child))
            elif isinstance(child, Element) and child.tag in ("thead", "tbody", "tfoot"):
                flush()
                rows.extend(self.rows(child.children))
            else:
                stray.append(child)
        flush()
        return rows

    def row(self, node: Element) -> Element:
        cells: list[Element] = []
        stray: list[Node] = []

        def flush() -> None:
            if any(not _is_blank(n) for n in stray):
                cells.append(Element("td", {}, self.flow(stray)))
            stray.clear()

        for child in node.children:
            if isinstance(child, Element) and child.tag in ("td", "th"):
                flush()
                cells.append(
                    Element(child.tag, self.attrs(child.tag, child.attrs), self.flow(child.children))
                )
            else:
                stray.append(child)
        flush()
        if not cells:
            cells.append(Element("td"))
        return Element("tr", self.attrs("tr", node.attrs), cells)

    def details(self, node: Element) -> Element:
        """Few readers support <details>: show it open, its summary as a bold paragraph."""
        children: list[Node] = []
        rest: list[Node] = []
        for child in node.children:
            if isinstance(child, Element) and child.tag == "summary" and not children:
                content = self.phrasing(child.children)
                children.append(Element("p", {"class": "summary"}, [Element("strong", {}, content)]))
            else:
                rest.append(child)
        return Element("div", self.attrs("div", node.attrs, "details"), children + self.flow(rest))
