"""The seed file from the tracker: the acceptance example for plain-text import."""

from pathlib import Path

import pytest

from ficshelf.importer import parse
from ficshelf.text import visible_text
from tests.importer.wordaudit import lost_and_duplicated

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
SEED = SEED_DIR / "000_4ee20ee4305d8422.txt"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the shared seed folder {SEED_DIR} is not on this machine"
)


@pytest.fixture(scope="module")
def work():
    return parse(SEED.read_bytes(), SEED.name)


def test_it_has_no_work_metadata(work):
    data = work.to_json_dict()
    assert list(data) == [
        "title", "creators", "summary", "rating", "language", "series", "tags", "notes_begin", "notes_end",
        "chapters", "problems",
    ]  # fmt: skip
    assert (data["title"], data["creators"], data["summary"], data["rating"]) == (None, [], None, None)
    assert (data["language"], data["series"], data["tags"], data["notes_begin"], data["notes_end"]) == (
        None, None, {}, None, None,
    )  # fmt: skip


def test_it_finds_one_titled_chapter(work):
    assert len(work.chapters) == 1
    chapter = work.chapters[0]
    assert (chapter.number, chapter.heading, chapter.title) == (1, "Chapter 1", "It starts with goodbye...")
    assert list(chapter.to_json_dict()) == [
        "number", "heading", "title", "summary", "notes_begin", "notes_end", "body_html", "scene_headings",
        "scene_count", "word_count",
    ]  # fmt: skip


def test_it_moves_the_opening_note_out_of_the_body(work):
    chapter = work.chapters[0]
    assert chapter.notes_begin.startswith("<p>This usually isn't my cup of tea, ")
    assert chapter.notes_begin.endswith("updated soon I promise!</p>")
    assert "cup of tea" not in chapter.body_html
    assert chapter.notes_end is None


def test_it_finds_three_scenes_with_headings(work):
    chapter = work.chapters[0]
    assert chapter.scene_headings == ["One Year Earlier", "Present Day", "Just outside of LA"]
    assert chapter.scene_count == 3
    assert chapter.body_html.startswith(
        '<h3 class="scene-heading">One Year Earlier</h3><p>Buffy’s hands shook'
    )
    assert chapter.body_html.count("<hr>") == 2
    assert '<hr><h3 class="scene-heading">Present Day</h3>' in chapter.body_html
    assert visible_text(chapter.body_html).endswith("shattered mess.")


def test_it_keeps_the_text_verbatim(work):
    body = work.chapters[0].body_html
    assert "on t he microwave" in body
    assert "jeans off.  Swallowing" in body


def test_it_loses_and_duplicates_no_word(work):
    lost, duplicated = lost_and_duplicated(SEED.read_text("utf-8"), work)
    assert lost == {} and duplicated == {}
