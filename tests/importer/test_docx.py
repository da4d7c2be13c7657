import struct
import tracemalloc

import pytest

from ficshelf.bench.hostile import docx_xml, zipped_docx
from ficshelf.importer import ParseError, parse
from ficshelf.importer.archive import MAX_XML_DEPTH
from tests.importer.factories import build_docx

DOCX_PEAK_FACTOR = 3

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


def test_it_reads_runs_inside_links_and_keeps_line_breaks_and_tabs():
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (
        f'<w:document xmlns:w="{namespace}"><w:body><w:p><w:hyperlink><w:r><w:t>{PROSE}</w:t><w:br/>'
        '<w:tab/><w:t>Second line.</w:t></w:r></w:hyperlink><w:r><w:rPr><w:b w:val="0"/></w:rPr>'
        "<w:t> Not bold.</w:t></w:r></w:p></w:body></w:document>"
    )
    work = parse(zipped_docx(document.encode()), "story.docx")
    assert work.chapters[0].body_html == f"<p>{PROSE}<br>\tSecond line. Not bold.</p>"


# Hostile documents: the cap on what a zip unpacks to, entity bombs, deep nesting, memory.


def test_it_refuses_a_document_that_unpacks_past_the_upload_limit():
    document = zipped_docx(docx_xml(2_000_000))
    assert len(document) < 1_000_000
    with pytest.raises(ParseError, match="This Word document unpacks to more than 1 MB"):
        parse(document, "story.docx", max_bytes=1024 * 1024)


def test_it_counts_what_it_unpacks_instead_of_trusting_the_zip_header():
    # The central directory says document.xml holds 1,000 bytes; it really unpacks to 2 MB.
    document = zipped_docx(docx_xml(2_000_000))
    real_size = struct.pack("<I", len(docx_xml(2_000_000)))
    assert document.count(real_size) == 2  # the local header and the central directory
    lying = document.replace(real_size, struct.pack("<I", 1000))
    with pytest.raises(ParseError, match="damaged"):
        parse(lying, "story.docx", max_bytes=1024 * 1024)


def test_it_refuses_an_entity_bomb():
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{laughs}]>'
        f'<w:document xmlns:w="{namespace}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(ParseError, match="declares XML entities, which the importer refuses"):
        parse(zipped_docx(document.encode()), "story.docx")


def test_it_refuses_external_entities():
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{namespace}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(ParseError, match="declares XML entities"):
        parse(zipped_docx(document.encode()), "story.docx")


def test_it_refuses_nesting_past_the_stated_depth():
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    deep = "<w:sdt>" * (MAX_XML_DEPTH + 1) + "</w:sdt>" * (MAX_XML_DEPTH + 1)
    document = f'<w:document xmlns:w="{namespace}"><w:body>{deep}</w:body></w:document>'
    with pytest.raises(ParseError, match="nests deeper than 1,000 levels"):
        parse(zipped_docx(document.encode()), "story.docx")


def test_it_explains_broken_xml():
    with pytest.raises(ParseError, match="word/document.xml is not well-formed XML"):
        parse(zipped_docx(b"<w:document><w:body>"), "story.docx")


def _traced_peak(data: bytes) -> int:
    tracemalloc.start()
    try:
        parse(data, "story.docx")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_it_keeps_peak_memory_proportional_to_the_document():
    """The tracemalloc peak stays under DOCX_PEAK_FACTOR times the XML over growing inputs.

    Most of it is the story text going on through the HTML reader, not the XML.
    """
    factors = []
    for size in (500_000, 1_000_000, 2_000_000, 4_000_000):
        xml = docx_xml(size)
        factors.append(_traced_peak(zipped_docx(xml)) / len(xml))
    assert max(factors) < DOCX_PEAK_FACTOR, factors
    assert factors[-1] < factors[0] * 1.25, factors  # it grows no faster than the input


def test_it_never_holds_the_xml_whole():
    """Word's markup costs no memory: the peak stays flat while the XML grows eightfold."""
    peaks = []
    for size in (500_000, 4_000_000):
        xml = docx_xml(size, markup_only=True).replace(
            b"<w:body>", b"<w:body><w:p><w:r><w:t>" + PROSE.encode() + b"</w:t></w:r></w:p>"
        )
        peaks.append(_traced_peak(zipped_docx(xml)))
    assert peaks[1] < peaks[0] * 1.5 and peaks[1] < 1_000_000, peaks
