"""Units → chapters, notes and scenes: the rules shared by every input format.

Where chapters start is decided in ficshelf.importer.chapters; this module
builds each chapter (title, notes, scenes, body) and the work's notes.

The guiding rule is the brief's: hiding real prose is worse than missing a
note. Text moves out of a chapter body only on positive evidence (a label, a
run of consistent headings, a chatty paragraph set off by a break); anything
doubtful stays in the story and gets a line in `problems`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ficshelf.importer.chapters import Layout, select_chapters
from ficshelf.importer.headings import FRONT_NAMES, HeadingMatch
from ficshelf.importer.model import ParsedChapter, ParsedWork
from ficshelf.importer.units import Unit, inline_html
from ficshelf.text import sanitize
from ficshelf.text.words import count_words

_NOTE_LABEL = re.compile(
    r"[\s\[(*_~<]*(?:a\s*/\s*n\b|a\.\s?n\.|an\s*[:\-–]|author['’]?s?['’]?\s+notes?\b|authors?\s+notes?\b"
    r"|notes?\s*[:\-–]|disclaimer\b|beta(?:['’]?d|ed)?\s+(?:by|read)\b|beta\s*[:\-–]|betaed\b"
    r"|dedicat(?:ed|ion)\b|warnings?\s*:|thanks\s+to\b|shout[- ]?outs?\b|special\s+thanks\b)",
    re.IGNORECASE,
)
_SUMMARY_LABEL = re.compile(r"[\s*_]*summary\s*[:\-–]\s*", re.IGNORECASE)
_CHATTY_STRONG = re.compile(
    r"\b(?:reviews?|reviewed|reviewing|reviewers?|r\s?&\s?r|updates?|updated|updating|you guys|y'all"
    r"|hope (?:you|u|everyone) (?:all )?(?:enjoy|like|liked|enjoyed)|this (?:story|fic|fanfic|oneshot|one-shot)"
    r"|(?:next|last|new|this|previous|first) chapter|chapters?|fics?|fanfics?|fanfiction|readers?"
    r"|beta(?:'d|ed)?|thanks? (?:you )?(?:so much )?for (?:reading|reviewing|the reviews|all the)"
    r"|disclaimer|(?:don't|do not|dont|don’t) own|favou?rites?|faves|follows|cliffhanger|oneshot|one-shot"
    r"|ooc|lol|xoxo|sorry for the (?:wait|delay)|writer'?s block|plot bunny|drabble|prompt|posting"
    r"|give it a go|bear with me|feedback|comments? (?:and|&) kudos|kudos)\b",
    re.IGNORECASE,
)
_CHATTY_WEAK = (
    re.compile(r"\b(?:I|I'm|I've|I'll|I’m|I’ve|I’ll|my|me)\b"),
    re.compile(r"\byou\b", re.IGNORECASE),
    re.compile(r"!|:\)|:D|;\)|<3|:P|\^\^"),
)
_DIALOGUE = re.compile(r"[\"“”]")
_HEADER_PUNCTUATION = re.compile(r"[.!?;:\"“”…]")


def chattiness(text: str) -> tuple[int, int]:
    """(score, strong markers) for a paragraph that may be the author talking to readers."""
    strong = len({m.lower() for m in _CHATTY_STRONG.findall(text)})
    weak = sum(1 for pattern in _CHATTY_WEAK if pattern.search(text))
    return strong * 2 + weak, strong


def is_note_label(text: str) -> bool:
    return bool(_NOTE_LABEL.match(text))


def _title_like(text: str) -> bool:
    """A chapter title on its own line: short, and not a sentence (unless it trails off or is a Title)."""
    words = text.split()
    if not words or len(words) > 12 or len(text) > 90 or text[0] in "\"“'‘-–—(":
        return False
    if text[-1] in ",;:" or is_note_label(text):
        return False
    if text.endswith((".", "!", "?")) and not text.endswith(("...", "…")):
        capitalised = sum(1 for word in words if word[0].isupper() or not word[0].isalpha())
        return text.isupper() or capitalised >= len(words) * 0.75 or (text[-1] in "!?" and len(words) <= 6)
    return True


def _header_like(text: str) -> bool:
    """A section header ("Present Day", "Just outside of LA"): a short label, no sentence punctuation."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and len(text) <= 60
        and (text[0].isupper() or text[0].isdigit())
        and not _HEADER_PUNCTUATION.search(text)
        and not text.endswith(",")
        and not is_note_label(text)
    )


def _inner(unit: Unit) -> str:
    """A paragraph unit's content without its <p>, for use inside a heading element."""
    html = unit.html
    if html.startswith("<p>") and html.endswith("</p>"):
        return html[3:-4]
    return inline_html(unit.text) if not html.startswith("<h") else html[4:-5]


def render_units(units: list[Unit]) -> str | None:
    html = sanitize("".join(u.html for u in units if u.kind != "break"))
    return html or None


def _front_matter_like(units: list[Unit], all_candidates: int) -> bool:
    """Whether the text before the first chapter reads as front matter rather than story."""
    words = sum(u.words for u in units)
    if words < 250 or all_candidates:
        return True
    for unit in units:
        match = unit.match
        if match and match.kind == "named" and match.word in FRONT_NAMES:
            return True
        if is_note_label(unit.text) or chattiness(unit.text)[0] >= 4:
            return True
    return False


class ChapterBuilder:
    """Builds one ParsedChapter from its units: title, notes, scenes, body."""

    def __init__(
        self,
        number: int,
        match: HeadingMatch | None,
        units: list[Unit],
        problems: list[str],
        *,
        detect_notes: bool = True,
    ) -> None:
        self.chapter = ParsedChapter(number=number)
        self.units = units
        self.problems = problems
        self.detect_notes = detect_notes
        if match is not None:
            self.chapter.heading = match.heading if match.kind != "htag" else None
            self.chapter.title = match.title

    def build(self, prefix: list[Unit]) -> ParsedChapter:
        units = self.units
        position = 0
        if self.chapter.heading is not None and not self.chapter.title:
            position = self._take_title(units)
        end = len(units)
        if self.detect_notes:
            position = self._take_summary(units, position)
            position = self._take_opening_notes(units, position)
            end = self._take_closing_notes(units, position)
        self._body(prefix, units[position:end])
        return self.chapter

    def _take_title(self, units: list[Unit]) -> int:
        if not units:
            return 0
        first = units[0]
        following = units[1] if len(units) > 1 else None
        if first.kind == "htag":
            self.chapter.title = first.text
            return 1
        if first.kind != "para" or first.match or first.lines > 2 or not _title_like(first.text):
            return 0
        if not any(u.kind != "break" for u in units[1:]):
            return 0  # the chapter's only text is its text, not its title
        if following is not None and following.kind == "break" and _header_like(first.text):
            return 0  # "Present Day" over a break opens a scene; it is not the chapter's title
        self.chapter.title = first.text
        return 1

    def _take_summary(self, units: list[Unit], position: int) -> int:
        if position < len(units) and _SUMMARY_LABEL.match(units[position].text):
            unit = units[position]
            summary = _SUMMARY_LABEL.sub("", unit.text, count=1).strip()
            if summary:
                self.chapter.summary = summary
                return position + 1
        return position

    def _take_opening_notes(self, units: list[Unit], position: int) -> int:
        start = position
        while position < len(units) and units[position].kind == "break":
            position += 1
        if position >= len(units):
            return position
        first = units[position]
        if is_note_label(first.text):
            end = position + 1
            while end < len(units) and units[end].kind == "para" and not units[end].match:
                text = units[end].text
                score, strong = chattiness(text)
                if not (is_note_label(text) or (strong and score >= 3 and not _DIALOGUE.search(text))):
                    break
                end += 1
            self.chapter.notes_begin = render_units(units[position:end])
            return end
        end = position
        best = 0
        while end < len(units) and units[end].kind == "para" and not units[end].match:
            text = units[end].text
            score, strong = chattiness(text)
            if not strong or score < 3 or _DIALOGUE.search(text) or units[end].words > 200:
                break
            best = max(best, score)
            end += 1
        if end == position:
            return start
        following = units[end] if end < len(units) else None
        set_off = following is not None and (
            following.kind == "break" or (following.kind == "para" and _header_like(following.text))
        )
        if best >= 6 or (best >= 4 and set_off):
            self.chapter.notes_begin = render_units(units[position:end])
            return end
        self.problems.append(
            f"Chapter {self.chapter.number} opens with a paragraph that may be an author's note; "
            "it was kept in the story."
        )
        return start

    def _take_closing_notes(self, units: list[Unit], position: int) -> int:
        end = len(units)
        while end > position and units[end - 1].kind == "break":
            end -= 1
        start = end
        labelled = None
        while start > position and units[start - 1].kind == "para" and not units[start - 1].match:
            text = units[start - 1].text
            score, strong = chattiness(text)
            if is_note_label(text):
                labelled = start - 1
            elif not (strong and score >= 3 and not _DIALOGUE.search(text) and units[start - 1].words <= 200):
                break
            start -= 1
        # A labelled note near the end takes what follows it, even plain lines ("Next: the wedding").
        for index in range(max(position, end - 5), start):
            if is_note_label(units[index].text) and sum(u.words for u in units[index:end]) <= 400:
                labelled, start = index, index
                break
        if start == end:
            return len(units)
        if labelled is not None:
            start = labelled if labelled < start else start
            while start < labelled and not is_note_label(units[start].text):
                start += 1
        else:
            best = max(chattiness(u.text)[0] for u in units[start:end])
            after_break = start > position and units[start - 1].kind == "break"
            if not (after_break or best >= 5):
                self.problems.append(
                    f"Chapter {self.chapter.number} ends with a paragraph that may be an author's note; "
                    "it was kept in the story."
                )
                return len(units)
        self.chapter.notes_end = render_units(units[start:end])
        return start

    def _is_scene_header(self, units: list[Unit], index: int) -> bool:
        unit = units[index]
        if unit.kind == "htag":
            return True
        match = unit.match
        if (
            match
            and not unit.verse
            and (match.kind == "keyword" or (match.kind == "numeral" and not match.title))
        ):
            return True  # a numbered section inside a chapter
        if unit.kind != "para" or unit.lines > 1 or not _header_like(unit.text):
            return False
        previous = units[index - 1] if index else None
        following = units[index + 1] if index + 1 < len(units) else None
        if (previous is not None and previous.kind == "break") or (
            following is not None and following.kind == "break"
        ):
            return True  # "Present Day" next to a scene break
        # At the very top of a chapter, a label standing alone over a real paragraph.
        return previous is None and following is not None and unit.blank_after and following.words > 12

    def _body(self, prefix: list[Unit], units: list[Unit]) -> None:
        parts: list[str] = []
        words = 0
        for position, unit in enumerate(prefix):
            if position == 0 or (position == 1 and _title_like(unit.text)):
                parts.append(f"<h2>{_inner(unit)}</h2>")
            else:
                parts.append(unit.html)
            words += count_words(unit.text)
        scenes = 0
        in_scene = False
        pending_break = False
        for index, unit in enumerate(units):
            if unit.kind == "break" and not (unit.match and self._is_scene_header(units, index)):
                pending_break = pending_break or in_scene
                continue
            if self._is_scene_header(units, index):
                if pending_break:
                    parts.append("<hr>")
                parts.append(f'<h3 class="scene-heading">{_inner(unit)}</h3>')
                self.chapter.scene_headings.append(unit.text)
                words += count_words(unit.text)
                in_scene = pending_break = False
                continue
            if pending_break:
                parts.append("<hr>")
                pending_break = in_scene = False
            if not in_scene:
                scenes += 1
                in_scene = True
            parts.append(unit.html)
            words += count_words(unit.text)
        self.chapter.body_html = sanitize("".join(parts))
        self.chapter.scene_count = scenes
        self.chapter.word_count = words


def build_work(units: list[Unit], work: ParsedWork, *, notes_begin: list[str], notes_end: list[str]) -> None:
    """Fill work.chapters and the work notes from units.

    `notes_begin`/`notes_end` carry HTML the format reader already set aside
    (a Gutenberg licence, an AO3 preface); front and back matter found here is
    added to them.
    """
    problems: list[str] = []
    layout = select_chapters(units, problems)
    front: list[str] = []
    back: list[str] = []
    chapters = _chapters_under_headings(units, layout, problems, front, back) if layout.starts else []
    if chapters and not any(c.body_html or c.notes_begin or c.notes_end for c in chapters):
        # Headings with nothing under them ("Letter one.", a list of chapter names): those
        # lines are all the story there is, so they are its text, not its structure.
        problems = ["No text was found under the chapter headings, so they were kept as the story's text."]
        front, back = [], []
        plain = [replace(unit, match=None) for unit in units]
        chapters = [ChapterBuilder(1, None, plain, problems).build([])]
    elif not chapters:
        if units:
            problems.append("No chapter headings were found, so the whole text is one chapter.")
        chapters = [ChapterBuilder(1, None, units, problems).build([])]
    work.problems.extend(problems)
    work.chapters.extend(chapters)
    notes_begin.extend(front)
    notes_end.extend(back)
    work.notes_begin = "".join(notes_begin) or None
    work.notes_end = "".join(notes_end) or None


def _chapters_under_headings(
    units: list[Unit], layout: Layout, problems: list[str], front: list[str], back: list[str]
) -> list[ParsedChapter]:
    """The chapters `layout` starts; front and back matter it sets apart go to `front` and `back`."""
    first = layout.starts[0]
    end = layout.back_matter if layout.back_matter is not None else len(units)
    moved = {index for indexes in layout.part_heads.values() for index in indexes}
    preamble = [u for i, u in enumerate(units[:first]) if i not in moved]
    parts: list[tuple[HeadingMatch | None, list[Unit], list[Unit]]] = []
    if preamble and any(u.kind != "break" for u in preamble):
        unmatched = sum(1 for u in preamble if u.match)
        if layout.preamble_chapter or not _front_matter_like(preamble, unmatched):
            if not layout.preamble_chapter:
                problems.append(
                    "Text before the first chapter heading reads like story, so it was kept as chapter 1."
                )
            parts.append((None, preamble, []))
        elif rendered := render_units(preamble):
            front.append(rendered)
    bounds = [*layout.starts, end]
    for position, start in enumerate(layout.starts):
        stop = bounds[position + 1]
        body = [u for i, u in enumerate(units[start + 1 : stop], start + 1) if i not in moved]
        prefix = [units[i] for i in layout.part_heads.get(start, [])]
        parts.append((units[start].match, body, prefix))
    chapters = [
        ChapterBuilder(number, match, body, problems).build(prefix)
        for number, (match, body, prefix) in enumerate(parts, 1)
    ]
    if layout.back_matter is not None and (rendered := render_units(units[layout.back_matter :])):
        back.append(rendered)
    return chapters
