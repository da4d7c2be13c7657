from ficshelf.importer import parse
from tests.importer.scoring import CORPUS

PROSE = "Nell walked the harbour wall twice before she knocked, and the door opened onto lemon oil and dust."


def test_it_reads_an_ao3_download():
    work = parse((CORPUS / "ao3_download.html").read_bytes(), "ao3.html")
    assert (work.title, work.creators, work.rating, work.language, work.series) == (
        "The Harbour Clocks", ["tidewatcher"], "Mature", "English", "Tides",
    )  # fmt: skip
    assert work.tags["Character"] == ["Nell", "Thomas"]
    assert work.summary == "<p>Nell delivers a parcel.</p>"
    assert work.notes_begin == "<p>For the clocks exchange.</p>"
    assert work.notes_end == "<p>Thanks for reading.</p>"
    first = work.chapters[0]
    assert (first.heading, first.title, first.notes_begin, first.notes_end) == (
        "Chapter 1", "Foxes", "<p>Hello!</p>", "<p>See you next time.</p>",
    )  # fmt: skip
    assert first.scene_count == 2 and "<hr>" in first.body_html


def test_it_sanitizes_scripts_and_handlers():
    html = f"<html><body><h2>Chapter 1</h2><p onclick='x()'>{PROSE}</p><script>alert(1)</script>"
    html += "<p><a href='javascript:alert(1)'>link</a> <img src=x onerror=alert(1)></p></body></html>"
    work = parse(html, "page.html")
    body = work.chapters[0].body_html
    assert "script" not in body and "alert" not in body and "onclick" not in body and "javascript" not in body


def test_it_parses_malformed_html():
    work = parse(f"<p>{PROSE}<p><b>unclosed <i>tags</b> here</div></span><p>{PROSE}", "broken.html")
    assert work.chapters[0].body_html.count("<p>") == 3


def test_it_splits_chapters_at_heading_elements():
    html = "".join(f"<h2>{title}</h2><p>{PROSE}</p>" for title in ("Foxes", "Lemons", "Tides"))
    work = parse(f"<html><body><h1>Harbour</h1>{html}</body></html>", "book.html")
    assert work.title == "Harbour"
    assert [c.title for c in work.chapters] == ["Foxes", "Lemons", "Tides"]
    assert [c.heading for c in work.chapters] == [None, None, None]


def test_it_splits_loose_text_at_double_line_breaks():
    work = parse(f"<html><body><div>{PROSE}<br><br>{PROSE}<br>same paragraph</div></body></html>", "x.html")
    assert work.chapters[0].body_html.count("<p>") == 2


def test_it_sniffs_html_in_a_txt_file():
    work = parse(f"<!DOCTYPE html><html><body><p>{PROSE}</p></body></html>", "story.txt")
    assert work.chapters[0].body_html == f"<p>{PROSE}</p>"
