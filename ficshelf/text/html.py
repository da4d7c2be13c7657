"""The one HTML sanitizer every surface uses: posting, comments, imports.

The allowlist is close to AO3's. Bump SANITIZER_VERSION whenever the rules
change: stored fields keep the version they were cleaned with, so old text can
be found and cleaned again (`ficshelf resanitize`).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from ficshelf.text.nesting import check_nesting

SANITIZER_VERSION = 1


class SanitizedHTML(str):
    """HTML as sanitize() returned it, under this SANITIZER_VERSION.

    Only sanitize() makes one. It lets a value cleaned by a form be saved without a
    second pass; any change to the string (slicing, joining…) gives a plain str again.
    """

    __slots__ = ()


_TEXT_TAGS = {
    "p", "br", "em", "strong", "i", "b", "u", "s", "del", "ins", "blockquote", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "sub", "sup", "small", "big", "abbr", "cite", "code", "pre", "details", "summary",
    "ruby", "rt", "rp", "span", "div", "q", "center",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "title", "dir", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
_CLASS_TAGS = {"span", "div", "p", "h3", "hr", "blockquote"}
_CLASS_NAME = re.compile(r"^[A-Za-z][\w-]{0,63}$")
# Content of these goes with the tag: a <script> body is never story text.
_DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "textarea", "title"}


def _allowed_url(tag: str, value: str) -> bool:
    value = value.strip()
    if tag == "a" and value.startswith("#"):
        return True
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return False
    if tag == "img":
        return scheme in ("http", "https")
    return scheme in ("http", "https", "mailto")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src", "cite"):
        return value if _allowed_url(tag, value) else None
    if attribute == "class":
        if tag not in _CLASS_TAGS:
            return None
        names = [name for name in value.split() if _CLASS_NAME.match(name)]
        return " ".join(names) or None
    if attribute == "id" or attribute == "name":
        # Ids get a per-chapter prefix on output; keep them short and plain.
        return value if re.fullmatch(r"[\w:.-]{1,100}", value) else None
    return value


def sanitize(html: str) -> SanitizedHTML:
    """Clean untrusted HTML to the archive's allowlist.

    No script, style, event handler or javascript: URL survives; links get
    rel="nofollow"; ids are kept (see prefix_ids) so footnotes work. HTML nested
    past MAX_NESTING raises TooDeeplyNested before the parser spends time on it;
    HTML that is already SanitizedHTML comes back as it is.
    """
    if isinstance(html, SanitizedHTML):
        return html
    if not html:
        return SanitizedHTML()
    check_nesting(html)
    return SanitizedHTML(allowlist_clean(html))


def allowlist_clean(html: str) -> str:
    """nh3 with the archive's allowlist, and no nesting check: use sanitize().

    Only the sanitizer benchmark calls it alone, to time the parser as it was.
    """
    attributes = {tag: set(names) for tag, names in _ATTRIBUTES.items()}
    for tag in _CLASS_TAGS:
        attributes.setdefault(tag, set()).add("class")
    return nh3.clean(
        html,
        tags=_TEXT_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=attributes,
        attribute_filter=_filter_attribute,
        link_rel="nofollow",
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    ).strip()


_ID_ATTRIBUTE = re.compile(r'(\s(?:id|name))="([^"]*)"')
_ANCHOR_HREF = re.compile(r'(\shref)="#([^"]*)"')


def prefix_ids(html: str, prefix: str) -> str:
    """Prefix ids and in-page links so several chapters can share one page.

    Works on sanitizer output, whose attributes are always double-quoted.
    """
    html = _ID_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', html)
    return _ANCHOR_HREF.sub(lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', html)


class _TextCollector(HTMLParser):
    _BLOCKS = {
        "p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
        "tr", "td", "th", "dt", "dd", "hr", "pre", "table", "details", "summary",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("rt", "rp", "script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("rt", "rp", "script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees, with block elements as line breaks."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    text = "".join(collector.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
# Elements that start a new block of text; everything else flows inline.
BLOCK_TAGS = frozenset({
    "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table",
    "pre", "details", "center", "hr",
})  # fmt: skip


def top_level_blocks(html: str) -> list[str]:
    """Split sanitized HTML into its top-level blocks (paragraphs, breaks, headings…).

    Works on sanitizer output, which is well-formed. Loose inline content between
    blocks (text, <em>, <br>…) stays together as one block of its own.
    """
    blocks: list[str] = []
    depth, start = 0, 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in BLOCK_TAGS:
            continue
        if depth == 0 and not closing:
            if html[start : match.start()].strip():
                blocks.append(html[start : match.start()].strip())
            start = match.start()
        if name == "hr":
            if depth == 0:
                blocks.append(html[start : match.end()])
                start = match.end()
            continue
        depth = max(depth + (-1 if closing else 1), 0)
        if depth == 0:
            blocks.append(html[start : match.end()])
            start = match.end()
    if html[start:].strip():
        blocks.append(html[start:].strip())
    return blocks
