"""Which heading lines start chapters, through parse() on small plain texts."""

from ficshelf.importer import parse
from tests.importer.factories import story


def headings(text: str) -> list[str | None]:
    return [c.heading for c in parse(text, "s.txt").chapters]


def test_it_needs_a_consistent_run_for_bare_numbers():
    assert headings(story("1", "P", "2", "P", "3", "P")) == ["1", "2", "3"]
    assert headings(story("P", "7", "P")) == [None]


def test_it_treats_restarting_numbers_as_sections():
    work = parse(story("Chapter 1", "Part 1", "P", "Part 2", "P", "Chapter 2", "Part 1", "P"), "s.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert work.chapters[0].scene_headings == ["Part 1", "Part 2"]


def test_it_lets_a_higher_heading_restart_chapters():
    text = story("BOOK I", "Chapter 1", "P", "Chapter 2", "P", "BOOK II", "Chapter 1", "P")
    work = parse(text, "s.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2", "Chapter 1"]
    assert [c.number for c in work.chapters] == [1, 2, 3]
    assert work.chapters[2].body_html.startswith("<h2>BOOK II</h2>")


def test_it_skips_a_contents_list():
    text = story(
        "Contents",
        "Chapter 1 .... 1\nChapter 2 .... 9\nChapter 3 .... 14",
        "Chapter 1",
        "P",
        "Chapter 2",
        "P",
        "Chapter 3",
        "P",
    )
    work = parse(text, "s.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert "Contents" in work.notes_begin


def test_it_makes_the_text_before_chapter_two_chapter_one():
    work = parse(story("P", "P", "Chapter 2", "P"), "s.txt")
    assert [c.heading for c in work.chapters] == [None, "Chapter 2"]
    assert work.notes_begin is None
    assert any("numbered 2" in problem for problem in work.problems)


def test_it_keeps_a_prologue_and_epilogue_as_chapters():
    text = story("Prologue", "P", "Chapter 1", "P", "Chapter 2", "P", "Epilogue", "P")
    assert headings(text) == ["Prologue", "Chapter 1", "Chapter 2", "Epilogue"]
