"""Units: the paragraphs, breaks and heading lines every input format is reduced to.

Plain text, HTML, EPUB and Markdown each turn into a list of Unit; one set of
rules (ficshelf.importer.structure) then finds chapters, notes and scenes in it,
so a rule learned on one format helps them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ficshelf.importer.headings import HeadingMatch, match_heading


@dataclass(slots=True)
class Unit:
    """One paragraph-like block. `text` is what rules look at; `html` is what readers get."""

    kind: str  # "para", "break" or "htag" (an HTML heading element that is not a numbered heading)
    text: str
    html: str
    indent: int = 0
    lines: int = 1
    blank_before: bool = True
    blank_after: bool = True
    match: HeadingMatch | None = None
    verse: bool = False  # a numbered stanza inside indented verse: never a heading
    level: int = 0  # 1–6 for HTML heading elements

    @property
    def words(self) -> int:
        return len(self.text.split())


# Symbol-only lines ("***", "~~~~", "* * *", "§", "#") and letter patterns ("oOo", "xXx", "-x-x-", "o0o").
_SYMBOL_BREAK = re.compile(r"(?:[^\w\s]|_)+(?:\s+(?:[^\w\s]|_)+)*")
_LETTER_BREAK = re.compile(r"[^\w\s]*(?:[oO0xX][^\w\s]*){3,}|[^\w\s]*(?:[oO0xX][^\w\s]+){2,}[oO0xX]?[^\w\s]*")
_NOT_BREAK_CHARS = set(".?!\"'“”‘’,;:()…")
# Cheap prefilter for heading lines: only these can match match_heading at all.
_HEADING_START = re.compile(
    r"[\s*_~=#\[<|•·\-–—]*(?:\d|[IVXLCDM]|chap|ch[.\s\d]|part|pt\.|book|vol|letter|epoch|canto|stave|act\b"
    r"|prologue|epilogue|interlude|intermission|coda|foreword|preface|introduction|contents|table of"
    r"|dedication|acknowledg|transcriber|list of|illustrations|afterword|appendix|glossary|footnotes"
    r"|endnotes|end notes|author|about the|bibliography|notes)",
    re.IGNORECASE,
)
_STRONG = re.compile(r"(?<![\w*])\*\*(?![\s*])([^*\n]{1,300}?)(?<![\s*])\*\*(?![\w*])")
_EM_STAR = re.compile(r"(?<![\w*])\*(?![\s*])([^*\n]{1,300}?)(?<![\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?![\s_])([^_\n]{1,300}?)(?<![\s_])_(?![\w_])")
_SENTENCE_END = tuple(".!?\"”’'):;…*_~")


def is_break_text(text: str) -> bool:
    """A scene break: a short line of symbols or a decorative letter pattern, never words or bare dots."""
    if not text or len(text) > 80:
        return False
    if _SYMBOL_BREAK.fullmatch(text):
        return not set(text.replace(" ", "")) <= _NOT_BREAK_CHARS
    return bool(_LETTER_BREAK.fullmatch(text))


def inline_html(text: str) -> str:
    """Escape plain text and turn *word*, _word_ and **word** into emphasis."""
    html = escape(text, quote=False)
    if "*" in html:
        html = _STRONG.sub(r"<strong>\1</strong>", html)
        html = _EM_STAR.sub(r"<em>\1</em>", html)
    if "_" in html:
        html = _EM_UNDERSCORE.sub(r"<em>\1</em>", html)
    return html


def _leading_space(line: str) -> int:
    return len(line) - len(line.lstrip())


def _percentile(values: list[int], fraction: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class _Layout:
    """How a plain text marks paragraphs, measured once over the whole file.

    Hard-wrapped text (Gutenberg's ~70 columns) breaks lines mid-sentence; in
    one-line-per-paragraph text nearly every line ends a sentence. Wrapped lines
    are joined unless the next word would have fitted on the line (the wrapper
    broke it on purpose) or the next line is indented further (a new paragraph).
    """

    def __init__(self, stripped: list[str], widths: list[int]) -> None:
        lengths = [width for width, s in zip(widths, stripped, strict=True) if s]
        pairs = continued = 0
        for line, following in zip(stripped, stripped[1:], strict=False):
            if line and following:
                pairs += 1
                if not line.endswith(_SENTENCE_END) and following[0].islower():
                    continued += 1
        self.wrapped = (
            bool(lengths)
            and continued >= 2
            and continued >= pairs * 0.2
            and _percentile(lengths, 0.95) <= 120
        )
        self.width = _percentile(lengths, 0.99) if lengths else 0

    def continues(self, previous: str, previous_indent: int, line: str, indent: int) -> bool:
        if not self.wrapped or previous_indent + len(previous) > self.width * 1.25:
            return False
        if indent > previous_indent or previous_indent + len(previous) < self.width * 0.6:
            return False  # a new indented paragraph, or a short line broken on purpose (verse, lists)
        if not previous.endswith(_SENTENCE_END) and line[0].islower():
            return True
        first_word = line.split(None, 1)[0]
        return previous_indent + len(previous) + 1 + len(first_word) > self.width


def plain_units(text: str) -> list[Unit]:
    """Split plain text into units: paragraphs (per the file's layout), breaks and heading lines."""
    raw_lines = text.split("\n")
    stripped = [line.strip() for line in raw_lines]
    layout = _Layout(stripped, [len(line.rstrip()) for line in raw_lines])
    units: list[Unit] = []
    block: list[list[int]] = []  # paragraphs of the current blank-line block, as line indexes
    blank_before = True

    def flush(blank_after: bool) -> None:
        nonlocal block, blank_before
        if not block:
            return
        short = layout.width * 0.75
        if (
            layout.wrapped
            and len(block) >= 2
            and all(len(p) == 1 and len(stripped[p[0]]) < short for p in block)
            and any(_leading_space(raw_lines[p[0]]) for p in block)
        ):
            # Several short indented lines in one block: verse or an address, kept as lines.
            block = [[p[0] for p in block]]
            verse = True
        else:
            verse = False
        for number, paragraph in enumerate(block):
            parts = [stripped[i] for i in paragraph]
            if verse:
                html = "<p>" + "<br>".join(inline_html(part) for part in parts) + "</p>"
            else:
                html = "<p>" + inline_html(" ".join(parts)) + "</p>"
            units.append(
                Unit(
                    "para",
                    " ".join(parts),
                    html,
                    indent=_leading_space(raw_lines[paragraph[0]]),
                    lines=len(paragraph),
                    blank_before=blank_before and number == 0,
                    blank_after=blank_after and number == len(block) - 1,
                )
            )
        block = []
        blank_before = False

    for index, line in enumerate(stripped):
        if not line:
            flush(True)
            blank_before = True
            continue
        indent = _leading_space(raw_lines[index])
        match = match_heading(line) if len(line) <= 120 and _HEADING_START.match(line) else None
        if match and match.kind == "numeral" and match.title and not (blank_before and not block):
            match = None  # "1. Title" inside a paragraph is a list item, not a heading line
        breaks = is_break_text(line)
        if match or breaks:
            flush(False)
            unit = Unit(
                "break" if breaks else "para",
                line,
                "" if breaks else "<p>" + inline_html(line) + "</p>",
                indent=indent,
                blank_before=blank_before,
                blank_after=index + 1 >= len(stripped) or not stripped[index + 1],
                match=match,
            )
            units.append(unit)
            blank_before = False
            continue
        if block:
            last = block[-1][-1]
            if layout.continues(stripped[last], _leading_space(raw_lines[last]), line, indent):
                block[-1].append(index)
                continue
        block.append([index])
    flush(True)
    _mark_verse_numbers(units)
    return units


def _verse_lines(unit: Unit) -> int:
    """How many short indented lines a unit holds (0 if it is not verse-like)."""
    if unit.kind != "para" or unit.match or unit.indent == 0:
        return 0
    lines = unit.html.split("<br>")
    if any(len(line) > 90 for line in lines) or (len(lines) == 1 and unit.lines > 1):
        return 0
    return len(lines)


def _mark_verse_numbers(units: list[Unit]) -> None:
    """A bare number set among short indented lines numbers a stanza, not a chapter."""
    for index, unit in enumerate(units):
        match = unit.match
        if not match or match.kind != "numeral" or match.title or unit.indent == 0:
            continue
        after = 0
        for following in units[index + 1 : index + 8]:
            lines = _verse_lines(following)
            if not lines:
                break
            after += lines
        before = _verse_lines(units[index - 1]) if index else 0
        if after >= 3 or (after >= 2 and before >= 1):
            unit.verse = True
