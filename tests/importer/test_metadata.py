import pytest

from ficshelf.importer import parse
from ficshelf.importer.metadata import normalize_rating, read_header


@pytest.mark.parametrize(
    "given, rating",
    [
        ("Explicit", "Explicit"), ("NC-17", "Explicit"), ("MA", "Explicit"), ("M", "Mature"), ("R", "Mature"),
        ("T", "Teen And Up Audiences"), ("PG-13", "Teen And Up Audiences"), ("K", "General Audiences"),
        ("K+", "General Audiences"), ("G", "General Audiences"), ("PG", "General Audiences"),
        ("Teen And Up Audiences", "Teen And Up Audiences"), ("Not Rated", "Not Rated"), ("Rated M", "Mature"),
        ("banana", None),
    ],
)  # fmt: skip
def test_it_normalizes_ratings(given, rating):
    assert normalize_rating(given) == rating


def test_it_reads_a_header_with_a_wrapped_summary():
    lines = ["Title: Tides", "Summary: Nell finds a parcel", "and opens it.", "", "Story starts."]
    consumed, fields, _notes = read_header(lines)
    assert consumed == 3
    assert fields["summary"] == ["Nell finds a parcel", "and opens it."]


def test_it_ignores_a_lone_note_label():
    assert read_header(["Note: this is just an author's note.", "", "Story."])[0] == 0


def test_it_fills_the_work_from_a_header():
    text = (
        "Title: Tides\nAuthor: tidewatcher\nFandom: Original Work, Harbour Tales\nRating: NC-17\n"
        "Pairing: Nell/Thomas\nCharacters: Nell, Thomas\nWarnings: None\nTags: fluff; angst\nSeries: Harbour\n"
        "Language: English\nDisclaimer: Not mine.\nSummary: A parcel.\n\nThe story begins here, at last.\n"
    )
    work = parse(text, "s.txt")
    assert (work.title, work.creators, work.summary, work.series, work.language) == (
        "Tides", ["tidewatcher"], "A parcel.", "Harbour", "English",
    )  # fmt: skip
    assert work.rating == "Explicit"
    assert work.tags == {
        "Rating": ["Explicit"],
        "ArchiveWarning": ["No Archive Warnings Apply"],
        "Fandom": ["Original Work", "Harbour Tales"],
        "Relationship": ["Nell/Thomas"],
        "Character": ["Nell", "Thomas"],
        "Freeform": ["fluff", "angst"],
    }
    assert list(work.tags) == ["Rating", "ArchiveWarning", "Fandom", "Relationship", "Character", "Freeform"]
    assert work.notes_begin == "<p>Disclaimer: Not mine.</p>"
    assert "The story begins here" in work.chapters[0].body_html


def test_it_reports_an_unknown_rating():
    work = parse("Title: X\nRating: spicy\n\nStory text here.", "s.txt")
    assert work.rating is None and any("spicy" in p for p in work.problems)
