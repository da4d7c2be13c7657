"""Recognising one line as a possible heading. Whether it *is* a chapter is decided later, by runs.

A line is only a candidate here; `structure.select_chapters` keeps candidates
that form a consistent run, so "1." in a shopping list or "Part two of the plan"
in prose never splits a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_ORDINALS, "hundred", "and"], key=len, reverse=True))
_WORD_NUMBER = rf"(?:the\s+)?(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*"

# Keyword → normalized kind. "Part", "Book", "Volume" and "Epoch" may also be a level above chapters.
_KEYWORDS = {
    "chapter": "chapter", "chap": "chapter", "ch": "chapter", "part": "part", "pt": "part", "book": "book",
    "volume": "volume", "vol": "volume", "letter": "letter", "epoch": "epoch", "canto": "canto",
    "stave": "stave", "act": "act",
}  # fmt: skip
HIGHER_KEYWORDS = frozenset({"part", "book", "volume", "epoch"})
_KEYWORD_HEADING = re.compile(
    rf"(?P<kw>chapter|chap\.?|ch\.|ch(?=\s*\d)|part|pt\.|book|volume|vol\.|letter|epoch|canto|stave|act)"
    rf"\s*(?P<num>\d{{1,4}}\b|[ivxlcdm]+\b|{_WORD_NUMBER}\b)(?P<rest>.*)",
    re.IGNORECASE,
)
_NUMERAL_HEADING = re.compile(r"(?P<num>\d{1,3}|[IVXLCDM]{1,9})(?P<dot>[.):]?)(?:\s+(?P<rest>\S.*))?")
STORY_NAMES = frozenset({"prologue", "epilogue", "interlude", "intermission", "coda"})
FRONT_NAMES = frozenset({
    "foreword", "preface", "introduction", "contents", "table of contents", "dedication", "acknowledgements",
    "acknowledgments", "transcriber's note", "transcriber's notes", "list of illustrations", "illustrations",
})  # fmt: skip
BACK_NAMES = frozenset({
    "afterword", "appendix", "glossary", "footnotes", "endnotes", "end notes", "author's afterword",
    "about the author", "acknowledgements", "acknowledgments", "bibliography", "notes",
})  # fmt: skip
_NAMED_HEADING = re.compile(
    r"(?P<name>"
    + "|".join(
        re.escape(n).replace("'", "['’]?")
        for n in sorted(STORY_NAMES | FRONT_NAMES | BACK_NAMES, key=len, reverse=True)
    )
    + r")(?P<num>\s+(?:\d{1,3}|[IVX]{1,5}))?(?P<rest>(?:\s*[:.\-–—|]\s*.*)?)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*(?:[:.)\]|]|\s[-–—~]+|[-–—]+)\s*")
_DECORATION = " \t*_~=#[]<>|•·-–—"
_TOC_PAGE = re.compile(r"(?:\s*\.{2,}|\s{2,}|\s+…)\s*\d{1,4}$")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@dataclass(slots=True, frozen=True)
class HeadingMatch:
    """A line that reads like a heading. `form` groups lines that look alike for run detection."""

    kind: str  # "keyword", "numeral", "named"
    word: str  # normalized keyword ("chapter", "part"…), "numeral", or the name ("prologue")
    number: int | None
    style: str  # "arabic", "roman", "word" or "" for named headings
    heading: str  # the heading as printed, without its title
    title: str  # "" when the line has no title after the number
    punctuated: bool  # numeral followed by "." or ")" — "IV." and "IV" are different forms

    @property
    def form(self) -> tuple[str, str, str, bool, bool]:
        titled = self.kind == "numeral" and bool(self.title)
        return (self.kind, self.word, self.style, self.punctuated and self.kind == "numeral", titled)


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral, or None ("IIII" and "IC" are not numerals)."""
    text = text.upper()
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        if index + 1 < len(text) and _ROMAN_VALUES[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total or None


def word_value(text: str) -> int | None:
    """Number words to an int ("Twenty-three", "the First", "one hundred and two"), or None."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("the", "and")]
    if not words:
        return None
    total = 0
    current = 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _ORDINALS:
            current += _ORDINALS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            return None
    total += current
    return total or None


def _number(text: str) -> tuple[int | None, str]:
    if text.isdigit():
        return int(text), "arabic"
    value = roman_value(text)
    if value is not None:
        return value, "roman"
    return word_value(text), "word"


def _valid_title(title: str, lowercase_ok: bool = False) -> bool:
    """A heading's title: short, and not prose running on in lowercase unless a colon or dash set it off."""
    if not title or len(title) > 100 or len(title.split()) > 16:
        return False
    return lowercase_ok or not title[0].islower()


def _split_title(rest: str) -> tuple[str, str] | None:
    """Split what follows a heading's number into (separator, title); None if it is prose."""
    rest = _TOC_PAGE.sub("", rest)
    if not rest.strip(_DECORATION + ".:"):
        return rest, ""
    separator = _SEPARATOR.match(rest)
    if separator:
        title = rest[separator.end() :].strip(_DECORATION)
        if not title:
            return rest, ""
        lowercase_ok = bool(re.search(r"[:\-–—|~]", separator.group(0)))
        return (rest[: separator.end()], title) if _valid_title(title, lowercase_ok) else None
    if rest[0].isspace() and _valid_title(rest.strip()):
        return "", rest.strip(_DECORATION)
    return None


def match_heading(line: str) -> HeadingMatch | None:
    """Classify one stripped line; None when it cannot be a heading."""
    text = line.strip(_DECORATION)
    if not text or len(text) > 120:
        return None
    match = _KEYWORD_HEADING.fullmatch(text)
    if match:
        number, style = _number(match.group("num").strip())
        split = _split_title(match.group("rest"))
        if number is None or split is None:
            return None
        word = _KEYWORDS[match.group("kw").rstrip(".").lower()]
        heading = (text[: match.end("num")] + split[0].rstrip()).strip().rstrip(":-–—|~ ")
        title = split[1]
        if title:
            heading = text[: match.end("num")].strip()
        return HeadingMatch("keyword", word, number, style, heading, title, False)
    match = _NUMERAL_HEADING.fullmatch(text)
    if match:
        raw = match.group("num")
        number = int(raw) if raw.isdigit() else roman_value(raw)
        rest = match.group("rest")
        if not number:
            return None
        style = "arabic" if raw.isdigit() else "roman"
        punctuated = bool(match.group("dot"))
        if rest is None:
            return HeadingMatch("numeral", "numeral", number, style, text, "", punctuated)
        # "IV. THE BOSCOMBE VALLEY MYSTERY": a title needs the period and no sentence at its end.
        title = _TOC_PAGE.sub("", rest).strip(_DECORATION)
        if not punctuated or not _valid_title(title) or title[-1] in ",;" or len(title.split()) > 12:
            return None
        if title[-1] in ".!?" and not title.isupper():
            return None  # "1. Buy string." is a list item
        return HeadingMatch("numeral", "numeral", number, style, raw + match.group("dot"), title, True)
    match = _NAMED_HEADING.fullmatch(text)
    if match:
        name = match.group("name").lower().replace("’", "'")
        if name not in STORY_NAMES | FRONT_NAMES | BACK_NAMES:
            name = name.replace("s note", "'s note").replace("s afterword", "'s afterword")
        rest = match.group("rest")
        split = _split_title(rest) if rest else ("", "")
        if split is None:
            return None
        number_text = (match.group("num") or "").strip()
        number = _number(number_text)[0] if number_text else None
        heading = text[: match.end("num") if match.group("num") else match.end("name")].strip()
        title = split[1]
        if not title:
            heading = text.rstrip(" .:")
            heading = heading or text
        return HeadingMatch("named", name, number, "", heading, title, False)
    return None
