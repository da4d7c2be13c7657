import textwrap

import pytest

from ficshelf.importer.units import inline_html, is_break_text, plain_units

SENTENCES = (
    "The rain had not stopped for three days, and the gutters along Mercer Street ran like small rivers "
    "toward the harbour. Nell pulled her coat tighter and counted the doors until she reached the blue one."
)


@pytest.mark.parametrize(
    "line",
    ["~~~~~~~~~~", "~", "***", "* * *", "---", "___", "#", "###", "~*~", "oOo", "xXx", "-x-x-", "o0o", "§"],
)
def test_it_knows_scene_breaks(line):
    assert is_break_text(line)


@pytest.mark.parametrize("line", ["...", "?!", "“…”", "x", "Oh", "Hello world", "- Nell"])
def test_it_does_not_take_words_or_dots_for_breaks(line):
    assert not is_break_text(line)


def test_it_turns_stars_and_underscores_into_emphasis():
    assert inline_html("a *b c* _d_ **e** <x>") == "a <em>b c</em> <em>d</em> <strong>e</strong> &lt;x&gt;"
    assert inline_html("2*3*4 and snake_case_name") == "2*3*4 and snake_case_name"


def _paragraphs(text):
    return [u.text for u in plain_units(text) if u.kind == "para"]


def test_it_reads_blank_line_paragraphs():
    assert _paragraphs("One line.\n\nTwo line.\n\n\nThree.") == ["One line.", "Two line.", "Three."]


def test_it_reads_one_line_per_paragraph():
    assert _paragraphs("First sentence here.\nSecond one here.\nThird.") == [
        "First sentence here.", "Second one here.", "Third.",
    ]  # fmt: skip


def test_it_unwraps_hard_wrapped_lines():
    text = textwrap.fill(SENTENCES, 70) + "\n\n" + textwrap.fill(SENTENCES, 70)
    assert _paragraphs(text) == [SENTENCES, SENTENCES]


def test_it_splits_indented_paragraphs_without_blank_lines():
    text = "\n".join(textwrap.fill(SENTENCES, 70, initial_indent="    ") for _ in range(3))
    assert _paragraphs(text) == [SENTENCES] * 3


def test_it_keeps_short_wrapped_lines_apart():
    text = textwrap.fill(SENTENCES, 70) + "\n“Yes.”\n" + textwrap.fill(SENTENCES, 70)
    assert _paragraphs(text)[1] == "“Yes.”"


def test_it_marks_heading_lines_and_breaks():
    units = plain_units("Chapter 1\nSome text here.\n* * *\nMore text.")
    assert [(u.kind, bool(u.match)) for u in units] == [
        ("para", True), ("para", False), ("break", False), ("para", False),
    ]  # fmt: skip


def test_it_knows_numbered_stanzas_in_indented_verse():
    prose = textwrap.fill(SENTENCES, 70)
    verse = "    The tide goes out,\n    the tide comes in,\n    and bells begin.\n"
    text = f"{prose}\n\n      1\n\n{verse}\n      2\n\n{verse}\n{prose}\n"
    numbered = [u for u in plain_units(text) if u.match]
    assert numbered and all(u.verse for u in numbered)
