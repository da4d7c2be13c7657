"""How deeply HTML nests, found in one linear pass before the sanitizer parses it.

The sanitizer's HTML5 parser checks "is there a <p> in scope?" and the like by
walking its stack of open elements, so input nested thousands deep costs it time
that grows with the square of the depth (20,000 nested <ul><li> took seconds).
`scan_nesting()` follows the same tokenizer rules and a cautious subset of the
tree-building rules, so its depth is never lower than the parser's stack:

- comments, <!DOCTYPE>, <?…> and "<" that starts no tag ("a < b", "<3") are text
  or nothing; quoted attribute values may hold ">"; a tag cut off by the end of
  the input is dropped, as the parser drops it;
- void elements (<br>, <img>, <hr>…) never open; the contents of <script>,
  <style>, <textarea>, <title>… are text up to their own end tag;
- implied closes that story text relies on are followed: <p> before a block,
  <li>, <dt>/<dd>, table cells and rows, and an end tag that closes its element's
  unclosed children (<p><em>text</p>);
- an end tag pops only when the parser certainly pops as much: never past a
  scope boundary (a table cell, a <button>…) or, for most end tags, past an
  element of the "special" kind (<span><div></span> closes nothing);
- a formatting element (<b>, <em>, <a>…) closed by someone else's end tag stays
  counted, five times over, because the parser rebuilds it in every later
  paragraph; at most three alike per open table cell plus one, as the parser keeps;
- inside <svg>, <math> or <select> (which the sanitizer drops anyway) the parser
  plays by other rules, so from there on no end tag is trusted to close anything.

Real story text nests a dozen levels or so; MAX_NESTING leaves ample room.
"""

import re
from dataclasses import dataclass

# Real story HTML nests about a dozen deep (div > blockquote > p > span > em…; a chat
# log in a table with formatting, twenty). AO3's own parser stops at 400, the importer's
# tree at 200. At 100 the sanitizer's worst case stays well under a second on 500 KB.
MAX_NESTING = 100

_WS = "\t\n\f\r "
_ATTRIBUTES = (
    rf"(?:[{_WS}/]++|[^{_WS}/>][^{_WS}/=>]*+"
    rf"(?:[{_WS}]*+=[{_WS}]*+(?:\"[^\"]*+\"?+|'[^']*+'?+|[^{_WS}>]*+))?+)*+"
)
# One token of markup, from a "<": a start or end tag (its ">" missing when the input ends
# inside it), a comment's start, "</>", or a bogus comment (<!DOCTYPE…>, <?…>, </ …>). A "<"
# that starts none of these is text, and the search goes on past it.
_TOKEN = re.compile(
    rf"<(?:(?P<start>[a-zA-Z][^{_WS}/>]*+)(?P<attributes>{_ATTRIBUTES})(?P<start_close>>)?(?P<start_end>)"
    rf"|/(?P<end>[a-zA-Z][^{_WS}/>]*+){_ATTRIBUTES}(?P<end_close>>)?(?P<end_end>)"
    r"|(?P<comment>!--)|(?P<nothing>/>)|(?P<bogus>[!?/]))"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
# Start tags the parser folds into the elements it already has (or ignores) in a fragment.
_NEVER_OPEN = frozenset({"html", "head", "body", "frameset"})
_FORMATTING = frozenset({
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
})  # fmt: skip
_RAW_TEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
# Raw text or not depending on the parser's scripting flag: its end tags are not trusted.
_MAYBE_RAW_TEXT = frozenset({"noscript"})
# Past these the parser's rules differ from body text's (foreign content, <select>).
_OTHER_RULES = frozenset({"svg", "math", "select"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
    "search", "section", "summary", "ul", "pre", "listing", "form", "hr", "xmp", "plaintext",
    *_HEADINGS,
})  # fmt: skip
_SPECIAL = frozenset({
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl",
    "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "head",
    "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing",
    "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p",
    "param", "plaintext", "pre", "script", "search", "section", "select", "source", "style",
    "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr",
    "track", "ul", "wbr", "xmp", *_HEADINGS,
})  # fmt: skip
# End tags that close their element when it is in (default) scope, whatever is above it.
_CLOSE_IN_SCOPE = frozenset({
    "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "listing", "main", "menu",
    "nav", "ol", "pre", "search", "section", "summary", "ul", "dd", "dt", "applet", "marquee", "object",
})  # fmt: skip
# End tags that close nothing here; </template>: parsers disagree on what it closes.
_END_IGNORED = frozenset({"body", "html", "br", "form", "template"})
_TABLE_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
_CELLS = frozenset({"td", "th"})
_MARKERS = frozenset({"td", "th", "caption", "applet", "marquee", "object", "template"})
# Elements the parser may open around one start tag: <td> straight in a <table> gets a
# <tbody> and a <tr>, <tr> a <tbody>.
_WEIGHT = {"td": 3, "th": 3, "tr": 2}

_START_RULES = frozenset({
    *_OTHER_RULES, *_VOID, *_NEVER_OPEN, *_CLOSES_P, *_FORMATTING, "li", "dd", "dt", "option", "optgroup",
    "button", "caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th", "table",
})  # fmt: skip

# A formatting element left open is rebuilt by the parser in each later paragraph, which
# costs it as much as a few levels of nesting: alike ones stop at three (see below), but
# twenty different ones left open would make each paragraph twenty elements deep.
_REOPEN_WEIGHT = 5

# Scope boundaries, as the HTML standard lists them; "special_li" is what stops <li>'s search.
_SCOPES: dict[str, frozenset[str]] = {
    "default": frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"}),
    "table": frozenset({"html", "table", "template"}),
    "special": _SPECIAL,
    "special_li": _SPECIAL - {"address", "div", "p"},
}
_SCOPES["list"] = _SCOPES["default"] | {"ol", "ul"}
_SCOPES["button"] = _SCOPES["default"] | {"button"}
# Names that are also looked up as a group: any heading, any cell, any table section, dd or dt.
_GROUPS = {
    **dict.fromkeys(_HEADINGS, "h*"),
    "td": "cell",
    "th": "cell",
    "dd": "dd/dt",
    "dt": "dd/dt",
    **dict.fromkeys(_TABLE_SECTIONS, "section"),
}


class TooDeeplyNested(ValueError):
    """HTML nested past MAX_NESTING levels; the message says so in words for the author."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"This text nests HTML elements more than {limit} levels deep (tags opened inside tags, "
            "or opened and never closed). Please close the tags you open, or simplify the formatting."
        )


@dataclass
class NestingScan:
    """What scan_nesting() found: the deepest nesting, and how many steps it took to find it."""

    depth: int
    steps: int


class _Element:
    """What the scanner needs to know about one tag name, worked out once per name."""

    __slots__ = ("keys", "scopes", "weight", "marker", "formatting")

    def __init__(self, name: str) -> None:
        group = _GROUPS.get(name)
        self.keys = (name, group) if group else (name,)
        self.scopes = tuple(scope for scope, members in _SCOPES.items() if name in members)
        self.weight = _WEIGHT.get(name, 1)
        self.marker = name in _MARKERS
        self.formatting = name in _FORMATTING


_ELEMENTS: dict[str, _Element] = {}


def _element(name: str) -> _Element:
    element = _ELEMENTS.get(name)
    if element is None:
        element = _Element(name)
        if len(_ELEMENTS) < 10_000:  # made-up names are endless; keep the cache small
            _ELEMENTS[name] = element
    return element


class _Scanner:
    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.names: list[str] = []
        self.elements: list[_Element] = []
        self.identities: list[str] = []
        self.open_weight = 0
        # name or group → positions on the stack, lowest first.
        self.positions: dict[str, list[int]] = {}
        self.boundaries: dict[str, list[int]] = {scope: [-1] for scope in _SCOPES}
        # Formatting elements closed by another's end tag, which the parser will reopen.
        self.reopened: dict[str, int] = {}
        self.reopened_by_name: dict[str, list[str]] = {}
        self.reopened_total = 0
        self.open_markers = 0
        self.other_rules = False
        self.depth = 0
        self.steps = 0

    # The stack -------------------------------------------------------------------------
    def last(self, key: str) -> int:
        found = self.positions.get(key)
        return found[-1] if found else -1

    def in_scope(self, key: str, scope: str) -> bool:
        position = self.last(key)
        return position >= 0 and position >= self.boundaries[scope][-1]

    def push(self, name: str, identity: str = "") -> None:
        position = len(self.names)
        element = _element(name)
        self.names.append(name)
        self.elements.append(element)
        self.identities.append(identity)
        self.open_weight += element.weight
        positions = self.positions
        for key in element.keys:
            if key in positions:
                positions[key].append(position)
            else:
                positions[key] = [position]
        for scope in element.scopes:
            self.boundaries[scope].append(position)
        self.open_markers += element.marker
        depth = self.open_weight + _REOPEN_WEIGHT * self.reopened_total
        if depth > self.depth:
            self.depth = depth

    def pop_to(self, position: int, closing: str) -> None:
        """Pop the stack down to `position` (included), for an end tag or implied close of `closing`."""
        while len(self.names) > position:
            self.steps += 1
            index = len(self.names) - 1
            name, element, identity = self.names.pop(), self.elements.pop(), self.identities.pop()
            self.open_weight -= element.weight
            for key in element.keys:
                self.positions[key].pop()
            for scope in element.scopes:
                self.boundaries[scope].pop()
            self.open_markers -= element.marker
            if element.formatting and not (index == position and name == closing):
                self._keep_for_reopening(name, identity)

    def _keep_for_reopening(self, name: str, identity: str) -> None:
        # The parser keeps at most three alike (same tag and attributes) per table cell.
        if self.reopened.get(identity, 0) < 3 * (self.open_markers + 1):
            self.reopened[identity] = self.reopened.get(identity, 0) + 1
            self.reopened_by_name.setdefault(name, []).append(identity)
            self.reopened_total += 1

    def _forget_reopened(self, name: str) -> bool:
        identities = self.reopened_by_name.get(name)
        if not identities:
            return False
        self.reopened[identities.pop()] -= 1
        self.reopened_total -= 1
        return True

    def close_if_in_scope(self, key: str, scope: str = "default") -> None:
        if self.in_scope(key, scope):
            self.pop_to(self.last(key), key)

    # Tags ------------------------------------------------------------------------------
    def start_tag(self, name: str, attributes: str) -> None:
        if name not in _START_RULES and not self.other_rules:
            self.push(name)  # <span>, <sup>, made-up names…: nothing more to it
            return
        if name in _OTHER_RULES:
            self.other_rules = True
        if self.other_rules:
            self.push(name)  # even <br>: in <svg> it is an element like any other
            return
        if name in _VOID or name in _NEVER_OPEN:
            if name == "hr":
                self.close_if_in_scope("p", "button")
            elif name == "col" and self.names and self.names[-1] == "table":
                self.push("colgroup")  # the parser opens one around the first <col>
            return
        if name in _CLOSES_P:
            self.close_if_in_scope("p", "button")
        if name == "li":
            if self.last("li") >= self.boundaries["special_li"][-1] and self.last("li") >= 0:
                self.pop_to(self.last("li"), "li")
        elif name in ("dd", "dt"):
            if self.last("dd/dt") >= self.boundaries["special_li"][-1] and self.last("dd/dt") >= 0:
                self.pop_to(self.last("dd/dt"), "dd/dt")
        elif name in _HEADINGS:
            if self.names and self.names[-1] in _HEADINGS:
                self.pop_to(len(self.names) - 1, self.names[-1])
        elif name in ("option", "optgroup"):
            if self.names and self.names[-1] == "option":
                self.pop_to(len(self.names) - 1, "option")
        elif name == "button":
            self.close_if_in_scope("button")
        elif name in ("a", "nobr"):
            self.end_formatting(name)
        elif name in ("caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th", "table"):
            self.table_start(name)
        identity = f"{name} {attributes.strip(_WS)}" if name in _FORMATTING else ""
        self.push(name, identity)

    def table_start(self, name: str) -> None:
        # Only within the innermost table, and not once a caption or cell of it is open:
        # there the parser closes the open cell, row or section (or the table) first.
        table = self.last("table")
        if table < 0 or table < self.boundaries["table"][-1]:
            return
        if name == "table":
            if self.last("cell") < table and self.last("caption") < table:
                self.pop_to(table, "table")
            return
        if self.in_scope("cell", "table"):
            self.pop_to(self.last("cell"), "cell")
        if name in ("td", "th"):
            return
        if self.in_scope("tr", "table"):
            self.pop_to(self.last("tr"), "tr")
        if name != "tr" and self.in_scope("section", "table"):
            self.pop_to(self.last("section"), "section")

    def end_formatting(self, name: str) -> None:
        # The parser closes the latest such element it would reopen, or the open one if
        # nothing special stands above it; past a block it moves things about instead,
        # which never leaves more open than before.
        if self._forget_reopened(name):
            return
        position = self.last(name)
        if (
            position >= 0
            and position >= self.boundaries["default"][-1]
            and position > self.boundaries["special"][-1]
        ):
            self.pop_to(position, name)

    def end_tag(self, name: str) -> None:
        if self.other_rules or name in _END_IGNORED:
            return
        names = self.names
        if names and names[-1] == name and name not in _FORMATTING:
            self.pop_to(len(names) - 1, name)  # the common case: it closes the element just opened
        elif name in _FORMATTING:
            self.end_formatting(name)
        elif name == "p":
            if not self.in_scope("p", "button"):
                self.push("p")  # the parser opens an empty one to close
            self.close_if_in_scope("p", "button")
        elif name == "li":
            self.close_if_in_scope("li", "list")
        elif name in _HEADINGS:
            self.close_if_in_scope("h*")
        elif name in _CLOSE_IN_SCOPE:
            self.close_if_in_scope(name)
        elif name in ("table", "tr", "td", "th", *_TABLE_SECTIONS):
            self.close_if_in_scope(name, "table")
        elif name == "caption":
            self.close_if_in_scope(name)
        elif name == "colgroup":
            if self.names and self.names[-1] == "colgroup":
                self.pop_to(len(self.names) - 1, name)
        else:
            position = self.last(name)
            if position >= 0 and position >= self.boundaries["special"][-1]:
                self.pop_to(position, name)

    # Text ------------------------------------------------------------------------------
    def scan(self, html: str) -> None:
        position = 0
        lowered = None
        search = _TOKEN.search
        while self.limit is None or self.depth <= self.limit:
            match = search(html, position)
            if match is None:
                return
            self.steps += 1
            kind = match.lastgroup
            if kind == "start_end":
                if match.group("start_close") is None:  # cut off by the end of the input: dropped
                    return
                name = match.group("start")
                name = name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
                position = match.end()
                self.start_tag(name, match.group("attributes"))
                if self.other_rules:
                    continue
                if name == "plaintext":
                    return
                if name in _RAW_TEXT or name == "script" or name in _MAYBE_RAW_TEXT:
                    if lowered is None:  # same length as html, so positions carry over
                        lowered = html.lower() if html.isascii() else html.translate(_ASCII_LOWER)
                    # The element's own end tag is then read as any end tag is.
                    position = self.raw_text_end(lowered, name, position)
                    if position < 0:
                        return
                    if name not in _MAYBE_RAW_TEXT:
                        self.pop_to(len(self.names) - 1, name)
            elif kind == "end_end":
                if match.group("end_close") is None:
                    return
                name = match.group("end")
                self.end_tag(name.lower() if name.isascii() else name.translate(_ASCII_LOWER))
                position = match.end()
            elif kind == "comment":
                position = self._comment_end(html, match.end())
            elif kind == "bogus":  # <!DOCTYPE>, <?xml?>, </ 3>…: up to the next ">"
                found = html.find(">", match.end())
                if found < 0:
                    return
                position = found + 1
            else:  # "</>" is nothing at all
                position = match.end()

    @staticmethod
    def _comment_end(html: str, start: int) -> int:
        if html.startswith(">", start):
            return start + 1
        if html.startswith("->", start):
            return start + 2
        end = _COMMENT_END.search(html, start)
        return end.end() if end else len(html)

    def raw_text_end(self, lowered: str, name: str, start: int) -> int:
        """Where the text inside `name` ends (at its end tag), or -1 if it runs to the end."""
        if name == "script":
            return self._script_end(lowered, start)
        pattern = _raw_end(name)
        if name in _MAYBE_RAW_TEXT:
            # Count what opens inside; trust no end tag until the element's own.
            match = pattern.search(lowered, start)
            stop = match.start() if match else len(lowered)
            inner = _Scanner(None)
            inner.other_rules = True
            inner.scan(lowered[start:stop])
            self.steps += inner.steps
            self.depth = max(
                self.depth, self.open_weight + _REOPEN_WEIGHT * self.reopened_total + inner.depth
            )
            for extra in inner.names:
                self.push(extra)
            return match.start() if match else -1
        match = pattern.search(lowered, start)
        return match.start() if match else -1

    def _script_end(self, lowered: str, start: int) -> int:
        # The tokenizer's script states: <!-- escapes, and <script> inside an escape
        # ("double escaped") hides the next </script>.
        state = "data"
        for match in _SCRIPT_TOKENS.finditer(lowered, start):
            self.steps += 1
            token = match.group(0)
            if token.startswith("<!--"):
                if state == "data":
                    state = "escaped"
                    # "<!-->" and "<!--->" end the escape at once.
                    after = match.end()
                    if lowered.startswith(">", after) or lowered.startswith("->", after):
                        state = "data"
            elif token.endswith("-->") or token == "-->":
                if state != "data":
                    state = "data"
            elif token.startswith("</script"):
                if state == "double":
                    state = "escaped"
                else:
                    return match.start()
            elif token.startswith("<script") and state == "escaped":
                state = "double"
        return -1


_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_TOKENS = re.compile(rf"<!--|-->|</script[{_WS}/>]|<script[{_WS}/>]")
_RAW_ENDS: dict[str, re.Pattern[str]] = {}


def _raw_end(name: str) -> re.Pattern[str]:
    if name not in _RAW_ENDS:
        _RAW_ENDS[name] = re.compile(rf"</{name}[{_WS}/>]")
    return _RAW_ENDS[name]


def scan_nesting(html: str, limit: int | None = MAX_NESTING) -> NestingScan:
    """How deep `html` nests, in steps that grow linearly with its length.

    With a `limit`, the scan stops as soon as the depth passes it.
    """
    scanner = _Scanner(limit)
    scanner.scan(html)
    return NestingScan(depth=scanner.depth, steps=scanner.steps)


def check_nesting(html: str, limit: int = MAX_NESTING) -> None:
    """Raise TooDeeplyNested if `html` nests more than `limit` levels deep."""
    if scan_nesting(html, limit).depth > limit:
        raise TooDeeplyNested(limit)
