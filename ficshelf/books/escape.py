"""Text, ids and URLs as XML and every writer can hold them.

Story fields and titles may carry characters XML forbids, ids that are not XML
names and links to anything; these functions are the one place that decides what
goes into a book as written.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


def clean_text(text: str) -> str:
    """Text without the code points XML forbids (control characters, lone surrogates)."""
    return _INVALID_XML.sub("", text) if text else ""


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr_escape(text: str) -> str:
    return xml_escape(text).replace('"', "&quot;")


def safe_id(value: str) -> str:
    """An id that is a valid XML name without colons (EPUB requires it)."""
    value = _ID_CHARS.sub("_", value)
    return value if value[:1].isalpha() or value[:1] == "_" else f"x{value}"


def checked_url(href: str) -> str | None:
    """An absolute http(s) or mailto URL, percent-encoded where XML or URL syntax needs it."""
    href = clean_text(href).strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        return quote(href, safe=":/?#[]@!$&'()*+,;=%~")
    if parts.scheme.lower() == "mailto" and len(href) > 7:
        return quote(href, safe=":/?#[]@!$&'()*+,;=%~")
    return None
