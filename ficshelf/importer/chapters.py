"""Which heading lines start chapters: the best consistent run of headings, plus Prologue/Epilogue.

Headings are grouped by their look (keyword or numeral, style, punctuation,
indent, HTML level); a group whose numbers count up is a level of headings. A
contents list or a heading printed twice is dropped first, and a run nested
inside another run's chapters is sections, not chapters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ficshelf.importer.headings import BACK_NAMES, HIGHER_KEYWORDS, STORY_NAMES, HeadingMatch
from ficshelf.importer.units import Unit

_MIN_RUN = {"keyword": 1, "numeral": 2, "htag": 2}
_PRIORITY = {"keyword": 3, "numeral": 2, "htag": 1}

# A heading's look (HeadingMatch.form), whether it is indented, and its HTML level:
# lines of one form are one level of headings.
_Form = tuple[str, str, str, bool, bool, bool, int]


@dataclass(slots=True)
class _Candidate:
    index: int
    match: HeadingMatch
    form: _Form


@dataclass(slots=True)
class Layout:
    """Where chapters start, and what surrounds them."""

    starts: list[int] = field(default_factory=list)
    preamble_chapter: bool = False  # the text before the first heading is chapter 1
    back_matter: int | None = None  # index where work end notes begin
    part_heads: dict[int, list[int]] = field(default_factory=dict)  # chapter start → higher headings to show


def _candidates(units: list[Unit]) -> list[_Candidate]:
    found = []
    for index, unit in enumerate(units):
        match = unit.match
        if match is None or unit.verse:
            continue
        form = (*match.form, unit.indent >= 4, unit.level)
        found.append(_Candidate(index, match, form))
    return found


def _drop_contents_lists(units: list[Unit], candidates: list[_Candidate]) -> list[_Candidate]:
    """Remove headings with next to nothing under them: a contents list, or a heading printed twice.

    Density is measured to the next heading of the same form, so "CHAPTER I."
    straight over its own "I." section heading is not mistaken for a list.
    """
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + (0 if unit.match else unit.words))
    following: dict[int, _Candidate] = {}
    previous: dict[int, _Candidate] = {}
    last_of_form: dict[_Form, _Candidate] = {}
    for candidate in candidates:
        before = last_of_form.get(candidate.form)
        if before is not None:
            following[before.index] = candidate
            previous[candidate.index] = before
        last_of_form[candidate.form] = candidate
    dense: dict[int, bool] = {}
    for candidate in candidates:
        after = following.get(candidate.index)
        dense[candidate.index] = after is not None and prefix[after.index] - prefix[candidate.index + 1] <= 15
    dropped: set[int] = set()
    for candidate in candidates:
        index = candidate.index
        after = following.get(index)
        before = previous.get(index)
        number = candidate.match.number or 0
        if dense[index] and (
            (before is not None and dense[before.index])
            or (after is not None and dense[after.index])
            or (after is not None and (after.match.number or 0) <= number)
        ):
            dropped.add(index)
        elif before is not None and before.index in dropped and (before.match.number or 0) + 1 == number:
            dropped.add(index)  # the last entry of a contents list, with front matter after it
    return [c for c in candidates if c.index not in dropped]


def _consistent(group: list[_Candidate]) -> bool:
    """Numbers that count up by one from 1 or 2: a level of headings in its own right."""
    numbers = [c.match.number for c in group]
    return (
        bool(numbers)
        and numbers[0] in (1, 2)
        and all(a is not None and b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))
    )


def _walk(group: list[_Candidate], start: int, higher: list[int]) -> tuple[list[_Candidate], int] | None:
    """Follow one numbered run from group[start]; None if the numbering breaks.

    A restart at 1 is allowed only after a higher heading (Book, Part, Volume,
    Epoch); otherwise restarting numbers are sections inside a chapter.
    """
    accepted = [group[start]]
    expected = (group[start].match.number or 0) + 1
    gaps = 0
    for candidate in group[start + 1 :]:
        number = candidate.match.number
        if number == expected:
            pass
        elif number == expected + 1:
            gaps += 1
        elif number == 1:
            left = bisect.bisect_right(higher, accepted[-1].index)
            if left >= len(higher) or higher[left] >= candidate.index:
                return None
        else:
            return None
        accepted.append(candidate)
        expected = (number or 0) + 1
    if gaps > max(1, len(accepted) // 5):
        return None
    return accepted, gaps


def _best_run(group: list[_Candidate], higher: list[int]) -> tuple[list[_Candidate], int] | None:
    kind = group[0].match.kind
    if kind == "htag":
        return group, 0
    best = None
    covered: set[int] = set()
    for start, candidate in enumerate(group):
        number = candidate.match.number
        if candidate.index in covered:
            continue
        if number not in (1, 2) and not (kind == "keyword" and start == 0):
            continue
        run = _walk(group, start, higher)
        if run is None:
            continue
        covered.update(c.index for c in run[0])
        if best is None or len(run[0]) > len(best[0]):
            best = run
    return best


def _nested(inner: list[_Candidate], outer: list[_Candidate]) -> bool:
    """True when every heading of `inner` falls inside one chapter of `outer` (sections, not chapters)."""
    positions = [c.index for c in outer]
    slots = {bisect.bisect_right(positions, c.index) for c in inner}
    return len(slots) == 1 and 0 not in slots


def select_chapters(units: list[Unit], problems: list[str]) -> Layout:
    """Decide which heading lines start chapters: the best consistent run, plus Prologue/Epilogue."""
    layout = Layout()
    all_candidates = _candidates(units)
    candidates = _drop_contents_lists(units, all_candidates)
    groups: dict[_Form, list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.match.kind != "named":
            groups.setdefault(candidate.form, []).append(candidate)
    higher_levels = [
        g
        for g in groups.values()
        if g[0].match.kind == "keyword" and g[0].match.word in HIGHER_KEYWORDS and _consistent(g)
    ]
    higher_word = {c.index: c.match.word for g in higher_levels for c in g}
    higher = sorted(higher_word)
    runs = []
    for group in groups.values():
        run = _best_run(group, [h for h in higher if higher_word[h] != group[0].match.word])
        if run and len(run[0]) >= _MIN_RUN[group[0].match.kind]:
            runs.append(run)
    runs.sort(key=lambda r: (len(r[0]), _PRIORITY[r[0][0].match.kind]), reverse=True)
    primary: list[_Candidate] = []
    for accepted, gaps in runs:
        if not any(other is not accepted and _nested(accepted, other) for other, _ in runs):
            primary = accepted
            if gaps:
                problems.append("Chapter numbers skip somewhere; check that no chapter is missing.")
            break
    starts = [c.index for c in primary]
    story_named = [c for c in candidates if c.match.kind == "named" and c.match.word in STORY_NAMES]
    if primary:
        first, last = starts[0], starts[-1]
        prologues = [c.index for c in story_named if c.match.word == "prologue" and c.index < first]
        starts += prologues[-1:]
        starts += [
            c.index for c in story_named if c.match.word in ("interlude", "intermission") and first < c.index
        ]
        epilogues = [c.index for c in story_named if c.match.word in ("epilogue", "coda") and c.index > last]
        starts += epilogues[:1]
    else:
        starts = [c.index for c in story_named]
    starts = sorted(set(starts))
    if not starts:
        return layout
    layout.starts = starts
    starts_at_two = primary and primary[0].match.number == 2 and primary[0].index == starts[0]
    if starts_at_two and any(u.kind != "break" for u in units[: starts[0]]):
        layout.preamble_chapter = True
        problems.append("The first chapter heading is numbered 2; the text before it became chapter 1.")
    for candidate in candidates:
        if (
            candidate.index > starts[-1]
            and candidate.match.kind == "named"
            and candidate.match.word in BACK_NAMES
        ):
            layout.back_matter = candidate.index
            break
    for candidate in (c for g in higher_levels for c in g):
        if candidate.index in starts:
            continue
        following = bisect.bisect_right(starts, candidate.index)
        if following >= len(starts):
            continue
        target = starts[following]
        between = units[candidate.index + 1 : target]
        if len(between) <= 4 and sum(u.words for u in between) <= 60:
            layout.part_heads.setdefault(target, []).extend(range(candidate.index, target))
    return layout
