"""Titles, notes and scenes in each chapter, through parse() on small plain texts."""

from ficshelf.importer import parse
from ficshelf.text import word_count
from tests.importer.factories import story
from tests.importer.wordaudit import lost_and_duplicated


def test_it_takes_a_title_from_the_line_after_a_bare_heading():
    work = parse(story("Chapter 1", "The Blue Door", "P"), "s.txt")
    assert work.chapters[0].title == "The Blue Door"


def test_it_takes_labelled_notes_at_both_ends():
    work = parse(
        story("Chapter 1", "A/N: Hello all, thanks for reading!", "P", "P", "AN: Please review."), "s.txt"
    )
    chapter = work.chapters[0]
    assert chapter.notes_begin == "<p>A/N: Hello all, thanks for reading!</p>"
    assert chapter.notes_end == "<p>AN: Please review.</p>"
    assert "A/N" not in chapter.body_html


def test_it_takes_a_very_chatty_opening_paragraph_as_a_note():
    text = story("Chapter 1", "I wrote this on the train and I hope you like the chapter!", "P")
    chapter = parse(text, "s.txt").chapters[0]
    assert chapter.notes_begin == "<p>I wrote this on the train and I hope you like the chapter!</p>"
    assert chapter.body_html.startswith("<p>Nell walked")


def test_it_keeps_a_doubtful_note_in_the_story_and_says_so():
    text = story("Chapter 1", "I finally wrote the fic I promised.", "P")
    work = parse(text, "s.txt")
    assert "I finally wrote" in work.chapters[0].body_html
    assert any("may be an author's note" in problem for problem in work.problems)


def test_it_counts_scenes_and_ignores_decorative_breaks():
    work = parse(story("Chapter 1", "~~~~", "P", "* * *", "P", "xXx", "Later That Day", "P", "~~~~"), "s.txt")
    chapter = work.chapters[0]
    assert chapter.scene_count == 3
    assert chapter.scene_headings == ["Later That Day"]
    assert chapter.body_html.count("<hr>") == 2


def test_it_makes_one_chapter_and_a_problem_without_headings():
    work = parse(story("P", "P"), "s.txt")
    assert len(work.chapters) == 1 and work.chapters[0].heading is None
    assert any("No chapter headings" in problem for problem in work.problems)


def test_it_counts_words_like_the_posting_form():
    work = parse(story("Chapter 1", "P", "Present Day", "~~~", "P"), "s.txt")
    chapter = work.chapters[0]
    assert chapter.word_count == word_count(chapter.body_html)


def test_it_keeps_a_lone_heading_like_line_as_the_story():
    for text in ("Letter one.", "Chapter one."):
        work = parse(text, "story.txt")
        assert [(c.heading, c.body_html) for c in work.chapters] == [(None, f"<p>{text}</p>")]
        assert work.word_count == 2
        assert any("No text was found under the chapter headings" in problem for problem in work.problems)
        assert lost_and_duplicated(text, work) == ({}, {})


def test_it_keeps_headings_with_no_text_under_them_as_one_chapter():
    text = story("Chapter 1", "Chapter 2")
    work = parse(text, "story.txt")
    assert [(c.heading, c.body_html) for c in work.chapters] == [(None, "<p>Chapter 1</p><p>Chapter 2</p>")]
    assert lost_and_duplicated(text, work) == ({}, {})


def test_it_keeps_an_empty_last_chapter_when_others_have_text():
    work = parse(story("Chapter 1", "P", "Chapter 2"), "story.txt")
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert not any("No text was found under" in problem for problem in work.problems)
