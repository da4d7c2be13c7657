"""Chapter runs, notes and scenes, through parse() on small plain texts."""

from ficshelf.importer import parse
from ficshelf.text import word_count

PROSE = (
    "Nell walked the length of the harbour wall twice before she let herself knock, and when the door "
    "opened the smell of lemon oil and old paper rolled out to meet her like a tide."
)


def _story(*blocks: str) -> str:
    return "\n\n".join(PROSE if block == "P" else block for block in blocks) + "\n"


def _headings(text):
    return [c.heading for c in parse(text, "s.txt").chapters]


def test_it_needs_a_consistent_run_for_bare_numbers():
    assert _headings(_story("1", "P", "2", "P", "3", "P")) == ["1", "2", "3"]
    assert _headings(_story("P", "7", "P")) == [None]


def test_it_treats_restarting_numbers_as_sections():
    work = parse(_story("Chapter 1", "Part 1", "P", "Part 2", "P", "Chapter 2", "Part 1", "P"), "s.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert work.chapters[0].scene_headings == ["Part 1", "Part 2"]


def test_it_lets_a_higher_heading_restart_chapters():
    text = _story("BOOK I", "Chapter 1", "P", "Chapter 2", "P", "BOOK II", "Chapter 1", "P")
    work = parse(text, "s.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2", "Chapter 1"]
    assert [c.number for c in work.chapters] == [1, 2, 3]
    assert work.chapters[2].body_html.startswith("<h2>BOOK II</h2>")


def test_it_skips_a_contents_list():
    text = _story(
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
    work = parse(_story("P", "P", "Chapter 2", "P"), "s.txt")
    assert [c.heading for c in work.chapters] == [None, "Chapter 2"]
    assert work.notes_begin is None
    assert any("numbered 2" in problem for problem in work.problems)


def test_it_keeps_a_prologue_and_epilogue_as_chapters():
    text = _story("Prologue", "P", "Chapter 1", "P", "Chapter 2", "P", "Epilogue", "P")
    assert _headings(text) == ["Prologue", "Chapter 1", "Chapter 2", "Epilogue"]


def test_it_takes_a_title_from_the_line_after_a_bare_heading():
    work = parse(_story("Chapter 1", "The Blue Door", "P"), "s.txt")
    assert work.chapters[0].title == "The Blue Door"


def test_it_takes_labelled_notes_at_both_ends():
    work = parse(
        _story("Chapter 1", "A/N: Hello all, thanks for reading!", "P", "P", "AN: Please review."), "s.txt"
    )
    chapter = work.chapters[0]
    assert chapter.notes_begin == "<p>A/N: Hello all, thanks for reading!</p>"
    assert chapter.notes_end == "<p>AN: Please review.</p>"
    assert "A/N" not in chapter.body_html


def test_it_takes_a_very_chatty_opening_paragraph_as_a_note():
    text = _story("Chapter 1", "I wrote this on the train and I hope you like the chapter!", "P")
    chapter = parse(text, "s.txt").chapters[0]
    assert chapter.notes_begin == "<p>I wrote this on the train and I hope you like the chapter!</p>"
    assert chapter.body_html.startswith("<p>Nell walked")


def test_it_keeps_a_doubtful_note_in_the_story_and_says_so():
    text = _story("Chapter 1", "I finally wrote the fic I promised.", "P")
    work = parse(text, "s.txt")
    assert "I finally wrote" in work.chapters[0].body_html
    assert any("may be an author's note" in problem for problem in work.problems)


def test_it_counts_scenes_and_ignores_decorative_breaks():
    work = parse(
        _story("Chapter 1", "~~~~", "P", "* * *", "P", "xXx", "Later That Day", "P", "~~~~"), "s.txt"
    )
    chapter = work.chapters[0]
    assert chapter.scene_count == 3
    assert chapter.scene_headings == ["Later That Day"]
    assert chapter.body_html.count("<hr>") == 2


def test_it_makes_one_chapter_and_a_problem_without_headings():
    work = parse(_story("P", "P"), "s.txt")
    assert len(work.chapters) == 1 and work.chapters[0].heading is None
    assert any("No chapter headings" in problem for problem in work.problems)


def test_it_counts_words_like_the_posting_form():
    work = parse(_story("Chapter 1", "P", "Present Day", "~~~", "P"), "s.txt")
    chapter = work.chapters[0]
    assert chapter.word_count == word_count(chapter.body_html)
