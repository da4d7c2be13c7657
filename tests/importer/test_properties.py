"""Properties over generated and real texts: nothing lost, nothing duplicated, never a crash."""

import contextlib
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficshelf.importer import ParseError, parse
from tests.importer.scoring import corpus_files
from tests.importer.wordaudit import lost_and_duplicated

_WORDS = st.sampled_from(
    [
        "the",
        "harbour",
        "clock",
        "she",
        "said",
        "never",
        "door",
        "light",
        "Nell",
        "Thomas",
        "quietly",
        "waited",
        "review",
        "chapter",
        "you",
        "I",
        "my",
        "story",
        "update",
        "tide",
        "morning",
        "letter",
        "One",
        "Two",
        "Present",
        "Day",
        "Later",
        "café",
        "naïve",
        "don't",
        "well-known",
    ]
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=25).map(lambda w: " ".join(w).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)
_HEADING = st.sampled_from(
    [
        "Chapter {n}",
        "CHAPTER {r}.",
        "Chapter {n}: The Door",
        "{r}",
        "{n}",
        "Part {n}",
        "Letter {n}",
        "Prologue",
        "Epilogue",
        "Ch. {n} - tides",
        "{r}. THE HARBOUR",
    ]
)
_BREAK = st.sampled_from(["~~~~~", "* * *", "xXx", "oOo", "#", "-x-x-", "***", "§"])
_NOTE = st.sampled_from(
    [
        "A/N: Thanks for the reviews, you guys!",
        "Disclaimer: I own nothing.",
        "Present Day",
        "One Year Earlier",
    ]
)
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@st.composite
def stories(draw):
    """Fic-like plain text: headings in (mostly) order, notes, breaks, headers, mixed layouts."""
    blocks = []
    number = draw(st.integers(1, 2))
    form = draw(_HEADING)
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            blocks.append(form.format(n=number, r=_ROMAN[(number - 1) % 10]))
            number += 1
        for _ in range(draw(st.integers(0, 5))):
            kind = draw(st.sampled_from(["p", "p", "p", "break", "note"]))
            blocks.append(draw(_PARAGRAPH if kind == "p" else _BREAK if kind == "break" else _NOTE))
    blocks.append(draw(_PARAGRAPH))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n   "]))
    return separator.join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_it_keeps_every_word_of_generated_stories_exactly_once(text):
    work = parse(text, "story.txt")
    lost, duplicated = lost_and_duplicated(text, work)
    assert lost == {} and duplicated == {}


def test_it_keeps_every_word_of_the_plain_corpus_exactly_once():
    for path in corpus_files():
        if path.suffix != ".txt" or path.stem in ("metadata_header", "mojibake", "cp1252_curly_quotes"):
            continue  # header labels and repaired characters are meant to change
        text = path.read_bytes().decode("utf-16" if path.stem.startswith("utf16") else "utf-8")
        work = parse(path.read_bytes(), path.name)
        lost, duplicated = lost_and_duplicated(text, work)
        if "gutenberg" in path.stem:
            lost -= {"Title": 1, "Author": 1, "Language": 1}  # read into the work's fields
        assert (path.name, lost, duplicated) == (path.name, {}, {})


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_it_never_crashes_on_random_bytes(data):
    try:
        parse(data, "random.txt")
    except ParseError as error:
        assert str(error)[0].isupper() and str(error).endswith(".")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/pdivh2 =\"'*_~-#\nabcChapter1IVX.:&;"), max_size=600))
def test_it_never_crashes_on_markup_soup(text):
    for name in ("soup.html", "soup.txt", "soup.md"):
        with contextlib.suppress(ParseError):
            parse(text, name)


@given(st.binary(max_size=2000))
@settings(max_examples=100, deadline=None)
def test_it_never_crashes_on_random_zip_like_bytes(data):
    with contextlib.suppress(ParseError):
        parse(b"PK\x03\x04" + data, "book.epub")


def test_it_stays_linear_on_pathological_inputs():
    cases = [
        "1\n" * 60_000,
        "Chapter 1\n" * 40_000,
        "*" * 300_000,
        "_a" * 150_000,
        "* " * 150_000,
        ("I\n\nII\n\n" * 20_000),
        "x" * 500_000,
        ("word " * 20 + "\n") * 20_000,
        "<p>" * 50_000,
        "<div>" * 20_000 + "text",
    ]
    for text in cases:
        started = time.perf_counter()
        with contextlib.suppress(ParseError):
            parse(text, "case.html" if text.startswith("<") else "case.txt")
        assert time.perf_counter() - started < 3, text[:20]
