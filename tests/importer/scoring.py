"""Scores the importer against labelled texts: the corpus test and ad-hoc runs share this."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ficshelf.importer import ParsedWork, parse

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@dataclass
class Score:
    """Per-text fractions for chapters, titles, notes and breaks, and what went wrong."""

    chapters: float
    titles: float
    notes: float
    breaks: float
    failures: list[str] = field(default_factory=list)

    @property
    def overall(self) -> float:
        """The text's one score: the mean of its four fractions (0 when the chapters are wrong)."""
        return (self.chapters + self.titles + self.notes + self.breaks) / 4


def score(work: ParsedWork, expected: dict) -> Score:
    chapters = work.chapters
    failures = []
    headings = [c.heading for c in chapters]
    chapter_ok = len(chapters) == expected["chapters"] and headings == expected["headings"]
    if not chapter_ok:
        failures.append(f"headings {headings} != {expected['headings']}")
    if len(chapters) == expected["chapters"]:
        pairs = list(zip([c.title for c in chapters], expected["titles"], strict=True))
        titles = sum(a == b for a, b in pairs) / len(pairs)
        if titles < 1:
            failures.append(f"titles {[a for a, _ in pairs]} != {expected['titles']}")
        breaks = sum(c.scene_count == n for c, n in zip(chapters, expected["scenes"], strict=True)) / len(
            chapters
        )
        if breaks < 1:
            failures.append(f"scenes {[c.scene_count for c in chapters]} != {expected['scenes']}")
        notes_expected = expected["notes"]
        got = [bool(work.notes_begin), bool(work.notes_end)]
        got += [bool(c.notes_begin) for c in chapters] + [bool(c.notes_end) for c in chapters]
        want = [notes_expected["work_begin"], notes_expected["work_end"]]
        want += notes_expected["chapters_begin"] + notes_expected["chapters_end"]
        notes = sum(a == b for a, b in zip(got, want, strict=True)) / len(want)
        if notes < 1:
            failures.append(f"notes {got} != {want}")
    else:
        titles = breaks = notes = 0.0
    for key in ("title", "creators", "rating", "series", "tags"):
        if key in expected and getattr(work, key) != expected[key]:
            failures.append(f"{key} {getattr(work, key)!r} != {expected[key]!r}")
    if "scene_headings" in expected and [c.scene_headings for c in chapters] != expected["scene_headings"]:
        failures.append(
            f"scene headings {[c.scene_headings for c in chapters]} != {expected['scene_headings']}"
        )
    body = "".join(c.body_html for c in chapters)
    for snippet in expected.get("contains", []):
        if snippet not in body:
            failures.append(f"missing {snippet!r}")
    if "paragraphs" in expected:
        counts = [c.body_html.count("<p>") for c in chapters]
        if counts != expected["paragraphs"]:
            failures.append(f"paragraphs {counts} != {expected['paragraphs']}")
    return Score(chapter_ok, titles, notes, breaks, failures)


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".json"))


def score_file(path: Path) -> Score:
    expected = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))
    return score(parse(path.read_bytes(), path.name), expected)
