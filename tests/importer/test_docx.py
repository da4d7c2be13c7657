from ficshelf.importer import parse
from tests.importer.factories import build_docx

PROSE = "Nell walked the harbour wall twice before she knocked, and the door opened onto lemon oil and dust."


def test_it_reads_headings_paragraphs_and_italics():
    document = build_docx(
        [
            ("Title", "Harbour"),
            ("Heading1", "Chapter 1"),
            ("", PROSE),
            ("", f"*{PROSE}*"),
            ("Heading1", "Chapter 2"),
            ("", PROSE),
        ]
    )
    work = parse(document, "story.docx")
    assert work.title == "Harbour"
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert work.chapters[0].body_html == f"<p>{PROSE}</p><p><em>{PROSE}</em></p>"
