import pytest

from ficshelf.importer.headings import match_heading, roman_value, word_value


@pytest.mark.parametrize(
    "line, heading, number, title",
    [
        ("Chapter 1", "Chapter 1", 1, ""),
        ("Chapter One", "Chapter One", 1, ""),
        ("CHAPTER I.", "CHAPTER I.", 1, ""),
        ("Chapter 1: Title", "Chapter 1", 1, "Title"),
        ("Chapter 1 - Title", "Chapter 1", 1, "Title"),
        ("Ch. 3: Title", "Ch. 3", 3, "Title"),
        ("Chapter 12 — Title", "Chapter 12", 12, "Title"),
        ("Chapter 5 - the start", "Chapter 5", 5, "the start"),
        ("IV. THE BOSCOMBE VALLEY MYSTERY", "IV.", 4, "THE BOSCOMBE VALLEY MYSTERY"),
        ("Part 2", "Part 2", 2, ""),
        ("Book 1", "Book 1", 1, ""),
        ("Volume II", "Volume II", 2, ""),
        ("Letter 3", "Letter 3", 3, ""),
        ("STAVE ONE.", "STAVE ONE.", 1, ""),
        ("Chapter Twenty-Three", "Chapter Twenty-Three", 23, ""),
        ("Book the First", "Book the First", 1, ""),
        ("12", "12", 12, ""),
        ("XII", "XII", 12, ""),
        ("**Chapter 5**", "Chapter 5", 5, ""),
        ("~ Chapter 2 ~", "Chapter 2", 2, ""),
        ("Chapter 3 ......... 45", "Chapter 3", 3, ""),
        ("Prologue", "Prologue", None, ""),
        ("Epilogue: After", "Epilogue", None, "After"),
        ("Interlude", "Interlude", None, ""),
    ],
)
def test_it_reads_heading_lines(line, heading, number, title):
    match = match_heading(line)
    assert match is not None
    assert (match.heading, match.number, match.title) == (heading, number, title)


@pytest.mark.parametrize(
    "line",
    [
        "Part two of the plan was simple",
        "Chapter 1 was the worst part of the book.",
        "1. Buy milk.",
        "Hello there",
        "IIII",
        "Chapter",
        "x" * 200,
    ],
)
def test_it_rejects_prose(line):
    assert match_heading(line) is None


def test_it_keeps_forms_apart():
    assert match_heading("IV.").form != match_heading("IV").form
    assert match_heading("Chapter 1").form != match_heading("Chapter One").form
    assert match_heading("Chapter 1").form == match_heading("Chapter 2: Title").form


@pytest.mark.parametrize("text, value", [("XIV", 14), ("mcmxc", 1990), ("IC", None), ("", None)])
def test_it_reads_roman_numerals(text, value):
    assert roman_value(text) == value


@pytest.mark.parametrize(
    "text, value", [("Twenty-Three", 23), ("the First", 1), ("one hundred and two", 102), ("banana", None)]
)
def test_it_reads_number_words(text, value):
    assert word_value(text) == value
