"""Accuracy on the labelled corpus (tests/corpus): chapters, titles, notes and scene breaks.

Each text has NAME.expected.json. Scores are printed (run with -s to see
them) and held to a floor; the EPUBs are built here, from the same stories.
"""

import pytest

from ficshelf.importer import parse
from tests.importer.factories import build_epub
from tests.importer.scoring import Score, corpus_files, score, score_file

FLOOR = 0.9
_PROSE = (
    "The ferry left at dawn, its horn carrying across the water to the sleeping town, and Nell watched it go "
    "from the end of the pier with the parcel still under her arm and no idea what to do next."
)


def _epubs() -> list[tuple[str, bytes, dict]]:
    fanficfare = build_epub(
        [
            (
                "title_page.xhtml",
                "<h3>Harbour by tidewatcher</h3><div><b>Rating:</b> K+<br/><b>Summary:</b> Tides.</div>",
                None,
            ),
            ("file0001.xhtml", f"<h3>Foxes</h3><p>{_PROSE}</p><p>* * *</p><p>{_PROSE}</p>", "Foxes"),
            ("file0002.xhtml", f"<h3>Lemons</h3><p>{_PROSE}</p>", "Lemons"),
        ],
        version=2,
    )
    numbered = build_epub(
        [
            (
                "c1.xhtml",
                f"<h2>Chapter 1: Foxes</h2><p>A/N: thanks for reading, you guys!</p><p>~~~</p><p>{_PROSE}</p>",
                "Chapter 1: Foxes",
            ),
            ("c2.xhtml", f"<h2>Chapter 2: Lemons</h2><p>{_PROSE}</p>", "Chapter 2: Lemons"),
            ("c2b.xhtml", f"<p>{_PROSE}</p>", None),
        ]
    )
    none = {"work_begin": False, "work_end": False}
    return [
        ("fanficfare.epub", fanficfare, {
            "chapters": 2, "headings": [None, None], "titles": ["Foxes", "Lemons"], "scenes": [2, 1],
            "notes": {**none, "work_begin": True, "chapters_begin": [False, False], "chapters_end": [False, False]},
            "rating": "General Audiences",
        }),
        ("numbered.epub", numbered, {
            "chapters": 2, "headings": ["Chapter 1", "Chapter 2"], "titles": ["Foxes", "Lemons"], "scenes": [1, 1],
            "notes": {**none, "chapters_begin": [True, False], "chapters_end": [False, False]},
        }),
    ]  # fmt: skip


def _all_scores() -> dict[str, Score]:
    scores = {path.name: score_file(path) for path in corpus_files()}
    for name, data, expected in _epubs():
        scores[name] = score(parse(data, name), expected)
    return scores


@pytest.fixture(scope="module")
def scores():
    return _all_scores()


def test_it_has_a_varied_corpus(scores):
    assert len(scores) >= 30
    suffixes = {name.rsplit(".", 1)[1] for name in scores}
    assert {"txt", "html", "md", "epub"} <= suffixes


def test_it_scores_above_the_floor(scores):
    totals = {
        metric: sum(getattr(s, metric) for s in scores.values()) / len(scores)
        for metric in ("chapters", "titles", "notes", "breaks")
    }
    print("\nimporter corpus scores over", len(scores), "texts:", {k: round(v, 3) for k, v in totals.items()})
    failures = {name: s.failures for name, s in scores.items() if s.failures}
    for name, problems in failures.items():
        print(" ", name, problems)
    assert all(value >= FLOOR for value in totals.values()), totals
