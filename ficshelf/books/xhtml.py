"""A repaired fragment written out as XHTML, with in-book links pointed at the file that holds them."""

from __future__ import annotations

from collections.abc import Callable

from ficshelf.books.escape import attr_escape, checked_url, safe_id, xml_escape
from ficshelf.books.fragment import VOID, Fragment, Node

# An id in the book → the href that reaches it from the file being written, or None.
Resolver = Callable[[str], str | None]


def resolve_href(href: str, resolve: Resolver) -> str | None:
    if href.startswith("#"):
        return resolve(safe_id(href[1:])) if len(href) > 1 else None
    return checked_url(href)


def to_xhtml(fragment: Fragment, resolve: Resolver) -> str:
    """Serialize a repaired fragment as XHTML (valid as HTML5 too)."""
    out: list[str] = []
    _write_xhtml(fragment.nodes, resolve, out)
    return "".join(out)


def _write_xhtml(nodes: list[Node], resolve: Resolver, out: list[str]) -> None:
    append = out.append
    for node in nodes:
        if isinstance(node, str):
            append(xml_escape(node))
            continue
        attrs = node.attrs
        if node.tag == "a" and "href" in attrs:
            attrs = dict(attrs)
            href = resolve_href(attrs.pop("href"), resolve)
            if href:
                attrs["href"] = href
        attr_text = "".join(f' {name}="{attr_escape(value)}"' for name, value in attrs.items())
        if node.tag in VOID:
            append(f"<{node.tag}{attr_text}/>")
        else:
            append(f"<{node.tag}{attr_text}>")
            _write_xhtml(node.children, resolve, out)
            append(f"</{node.tag}>")
