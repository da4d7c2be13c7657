"""Work metadata: labelled header lines ("Rating: M") and AO3's tag types and rating names."""

from __future__ import annotations

import re

from ficshelf.importer.model import ParsedWork

RATINGS = ("Not Rated", "General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
_RATING_ALIASES = {
    "explicit": "Explicit", "e": "Explicit", "nc-17": "Explicit", "nc17": "Explicit", "ma": "Explicit",
    "x": "Explicit", "xxx": "Explicit", "adult": "Explicit", "18+": "Explicit",
    "mature": "Mature", "m": "Mature", "r": "Mature", "fiction m": "Mature",
    "teen and up audiences": "Teen And Up Audiences", "teen and up": "Teen And Up Audiences",
    "teen": "Teen And Up Audiences", "teens": "Teen And Up Audiences", "t": "Teen And Up Audiences",
    "pg-13": "Teen And Up Audiences", "pg13": "Teen And Up Audiences", "fiction t": "Teen And Up Audiences",
    "general audiences": "General Audiences", "general": "General Audiences", "gen": "General Audiences",
    "g": "General Audiences", "pg": "General Audiences", "k": "General Audiences",
    "k+": "General Audiences", "fiction k": "General Audiences", "fiction k+": "General Audiences",
    "all ages": "General Audiences", "not rated": "Not Rated", "unrated": "Not Rated", "none": "Not Rated",
}  # fmt: skip
_WARNING_ALIASES = {
    "none": "No Archive Warnings Apply", "no warnings": "No Archive Warnings Apply",
    "no archive warnings apply": "No Archive Warnings Apply", "n/a": "No Archive Warnings Apply",
    "creator chose not to use archive warnings": "Creator Chose Not To Use Archive Warnings",
    "choose not to warn": "Creator Chose Not To Use Archive Warnings",
    "major character death": "Major Character Death", "mcd": "Major Character Death",
    "graphic depictions of violence": "Graphic Depictions Of Violence", "violence": "Graphic Depictions Of Violence",
    "rape/non-con": "Rape/Non-Con", "non-con": "Rape/Non-Con", "noncon": "Rape/Non-Con",
    "underage": "Underage", "underage sex": "Underage",
}  # fmt: skip

# Header label → field or AO3 tag type. Plurals, and AO3's own labels, map to the same place.
_LABELS = {
    "title": "title", "story title": "title", "fic title": "title",
    "author": "creators", "authors": "creators", "by": "creators", "writer": "creators",
    "written by": "creators", "creator": "creators", "creators": "creators", "pseud": "creators",
    "fandom": "Fandom", "fandoms": "Fandom", "category": "Category", "categories": "Category",
    "rating": "rating", "rated": "rating", "ratings": "rating",
    "pairing": "Relationship", "pairings": "Relationship", "relationship": "Relationship",
    "relationships": "Relationship", "ship": "Relationship", "ships": "Relationship",
    "character": "Character", "characters": "Character",
    "warning": "ArchiveWarning", "warnings": "ArchiveWarning", "archive warning": "ArchiveWarning",
    "archive warnings": "ArchiveWarning",
    "tags": "Freeform", "additional tags": "Freeform", "additional tag": "Freeform", "freeform": "Freeform",
    "genre": "Freeform", "genres": "Freeform",
    "summary": "summary", "series": "series", "language": "language",
    "disclaimer": "notes", "notes": "notes", "note": "notes", "author's note": "notes",
    "author's notes": "notes", "a/n": "notes",
}  # fmt: skip
# A header block needs at least one of these; "Note:" alone at the top is an author's note, not a header.
_STRONG_LABELS = {"title", "creators", "Fandom", "rating", "summary", "Relationship", "Character"}
_HEADER_LINE = re.compile(
    r"\s*(?P<label>"
    + "|".join(re.escape(label).replace("'", "['’]?") for label in sorted(_LABELS, key=len, reverse=True))
    + r")\s*:\s*(?P<value>.*)",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


def normalize_rating(value: str) -> str | None:
    """Map a rating as fans write it ("M", "NC-17", "K+", "Teen") to AO3's five names."""
    key = re.sub(r"\s+", " ", value.strip().strip(".").lower())
    key = key.removeprefix("rated ").removeprefix("rating ")
    if key in _RATING_ALIASES:
        return _RATING_ALIASES[key]
    for name in RATINGS:
        if key == name.lower():
            return name
    return None


def normalize_warning(value: str) -> str:
    return _WARNING_ALIASES.get(value.strip().lower(), value.strip())


def split_list(value: str) -> list[str]:
    return [item.strip(" .") for item in _LIST_SPLIT.split(value) if item.strip(" .")]


def header_label(line: str) -> tuple[str, str] | None:
    """("Fandom", "Buffy") for "Fandom: Buffy"; None for an ordinary line."""
    match = _HEADER_LINE.fullmatch(line)
    if not match:
        return None
    label = match.group("label").lower().replace("’", "'").replace("authors note", "author's note")
    return _LABELS.get(label, _LABELS.get(label.replace("'", ""), "notes")), match.group("value").strip()


def read_header(lines: list[str]) -> tuple[int, dict[str, list[str]], list[str]]:
    """Read a labelled header block at the top of `lines`.

    Returns (lines consumed, field → values, lines kept for the work notes).
    A line without a label continues the previous value (a summary spanning
    lines); the block ends at the first unlabelled line after a blank line.
    """
    fields: dict[str, list[str]] = {}
    notes: list[str] = []
    index = 0
    current: list[str] | None = None
    seen_strong = False
    while index < len(lines) and not lines[index].strip():
        index += 1
    end = index
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            current = None
            index += 1
            continue
        labelled = header_label(line)
        if labelled:
            key, value = labelled
            seen_strong = seen_strong or key in _STRONG_LABELS
            current = fields.setdefault(key, [])
            if value:
                current.append(value)
            if key == "notes":
                notes.append(line)
        elif current is not None and lines[index - 1].strip():
            current.append(line)
            if current is fields.get("notes"):
                notes.append(line)
        else:
            break
        index += 1
        end = index
    if not seen_strong:
        return 0, {}, []
    return end, fields, notes


def apply_header(work: ParsedWork, fields: dict[str, list[str]]) -> None:
    """Copy header values onto the work: plain fields, rating (normalized, also as a tag) and tag lists."""
    for key, values in fields.items():
        value = " ".join(values).strip()
        if not value:
            continue
        if key == "title":
            work.title = work.title or value
        elif key == "creators":
            for name in re.split(r"\s*(?:,|&|\band\b)\s*", value):
                if name and name not in work.creators:
                    work.creators.append(name)
        elif key == "summary":
            work.summary = work.summary or value
        elif key == "series":
            work.series = work.series or value
        elif key == "language":
            work.language = work.language or value
        elif key == "rating":
            rating = normalize_rating(value)
            if rating is None:
                work.problems.append(f"The rating “{value}” is not one of AO3's ratings; it was left unset.")
            else:
                set_rating(work, rating)
        elif key != "notes":
            names = split_list(value)
            if key == "ArchiveWarning":
                names = [normalize_warning(name) for name in names]
            add_tags(work, key, names)


def set_rating(work: ParsedWork, rating: str) -> None:
    work.rating = work.rating or rating
    add_tags(work, "Rating", [work.rating])


def add_tags(work: ParsedWork, tag_type: str, names: list[str]) -> None:
    bucket = work.tags.setdefault(tag_type, [])
    for name in names:
        if name and name not in bucket:
            bucket.append(name)
    if not bucket:
        del work.tags[tag_type]


TAG_TYPE_ORDER = ("Rating", "ArchiveWarning", "Category", "Fandom", "Relationship", "Character", "Freeform")


def order_tags(work: ParsedWork) -> None:
    """Tags in AO3's display order, whatever order the file listed them in."""
    work.tags = {key: work.tags[key] for key in TAG_TYPE_ORDER if work.tags.get(key)}
