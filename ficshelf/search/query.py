"""What a reader typed in the search box, parsed once and checked before any SQL.

Supported: words (all must match), "exact phrases", -exclusions, OR between two
terms, and the prefixes title:, creator: and tag:. Everything becomes a small
tree of Terms; each backend compiles that tree into its own syntax from words made
only of letters and digits, so no input can produce a database syntax error.
Anything we can't make sense of raises QueryError with a message for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
FIELDS = {"title": "title", "creator": "creators", "author": "creators", "tag": "tags"}
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"|([^\s"]+))|(")', re.UNICODE)


class QueryError(ValueError):
    """A search the reader has to fix; str() is the message to show."""


@dataclass(frozen=True)
class Term:
    """One word or phrase, maybe limited to a field. `words` are letters and digits only."""

    words: tuple[str, ...]
    field: str | None = None  # "title", "creators" or "tags"
    text: str = ""  # what the reader typed, for tag: lookups and messages


@dataclass
class Query:
    """All `groups` must match (each group: any of its terms); no `excluded` term may."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    raw: str = ""

    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group] + self.excluded


def _term(field_name: str | None, text: str) -> Term | None:
    words = tuple(word.lower() for word in _WORD.findall(text))
    if not words:
        return None
    return Term(words=words, field=FIELDS.get(field_name or ""), text=text.strip())


def parse(raw: str) -> Query:
    """Parse a search box; raise QueryError with a reader-facing message."""
    raw = (raw or "").strip()
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Your search is {len(raw):,} characters long; a search may have at most "
            f"{MAX_QUERY_CHARS:,}. Shorten it or use the filters."
        )
    query = Query(raw=raw)
    if not raw:
        return query
    if raw.count('"') % 2:
        raise QueryError(
            'Your search has an unmatched quotation mark ("). Close the phrase or remove the quote.'
        )

    pending_or = False
    for match in _TOKEN.finditer(raw):
        negated, prefix, phrase, bare, stray = match.groups()
        if stray:  # unreachable with an even count, kept as a guard
            raise QueryError('Your search has an unmatched quotation mark (").')
        if bare == "OR" and not negated and not prefix and phrase is None:
            if pending_or or not query.groups:
                raise QueryError("“OR” needs something to search for on each side, as in: dragon OR wyvern.")
            pending_or = True
            continue
        if prefix and prefix.lower() not in FIELDS:
            # Not one of ours (a URL, a time, "Note:"): search the whole token as words.
            text = f"{prefix}:{phrase if phrase is not None else bare}"
            prefix = None
        else:
            text = phrase if phrase is not None else bare
        term = _term(prefix.lower() if prefix else None, text)
        if term is None:
            if pending_or:
                raise QueryError("“OR” needs a word on each side, as in: dragon OR wyvern.")
            continue  # punctuation only: nothing to look for
        if negated:
            if pending_or:
                raise QueryError("An excluded word (-word) can't be one side of an OR.")
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
    if pending_or:
        raise QueryError("“OR” needs something to search for on each side, as in: dragon OR wyvern.")
    if len(query.terms()) > MAX_TERMS:
        raise QueryError(f"Your search has {len(query.terms())} words and phrases; use at most {MAX_TERMS}.")
    if query.excluded and not query.groups:
        raise QueryError("Add at least one word to look for: a search can't only exclude words.")
    if not query.groups:
        raise QueryError("Type at least one word or number to search for.")
    return query
