import io
import struct
import zipfile

import pytest

from ficshelf.importer import ParseError, parse
from tests.importer.factories import CONTAINER, build_epub, xhtml
from tests.importer.scoring import CORPUS

PROSE = "Nell walked the harbour wall twice before she knocked, and the door opened onto lemon oil and dust."


@pytest.mark.parametrize("version", [2, 3])
def test_it_reads_chapters_in_spine_order_with_toc_titles(version):
    book = build_epub(
        [
            ("a.xhtml", f"<h2>Foxes</h2><p>{PROSE}</p>", "Foxes"),
            ("b.xhtml", f"<p>{PROSE}</p><p>* * *</p><p>{PROSE}</p>", "Chapter 2: Lemons"),
        ],
        version=version,
        title="Harbour",
        creator="tidewatcher",
        subjects=("Fluff",),
    )
    work = parse(book, "harbour.epub")
    assert (work.title, work.creators, work.language, work.tags) == (
        "Harbour",
        ["tidewatcher"],
        "en",
        {"Freeform": ["Fluff"]},
    )
    assert [(c.heading, c.title) for c in work.chapters] == [(None, "Foxes"), ("Chapter 2", "Lemons")]
    assert work.chapters[0].body_html == f"<p>{PROSE}</p>"
    assert work.chapters[1].scene_count == 2


def test_it_joins_files_split_from_one_chapter():
    book = build_epub([("a.xhtml", f"<p>{PROSE}</p>", "Chapter 1"), ("a2.xhtml", "<p>More of it.</p>", None)])
    work = parse(book, "x.epub")
    assert len(work.chapters) == 1 and "More of it." in work.chapters[0].body_html


def test_it_reads_an_ao3_epub_through_the_ao3_reader():
    ao3 = (CORPUS / "ao3_download.html").read_text("utf-8")
    preface, chapters = ao3.split('<div id="chapters"', 1)
    book = build_epub(
        [("preface.xhtml", preface, None), ("chapters.xhtml", '<div id="chapters"' + chapters, "Foxes")]
    )
    work = parse(book, "ao3.epub")
    assert work.rating == "Mature" and work.tags["Relationship"] == ["Nell/Thomas"]
    assert [c.title for c in work.chapters] == ["Foxes", "Lemons", ""]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_refuses_a_zip_bomb():
    bomb = _zip({"META-INF/container.xml": CONTAINER.encode(), "OEBPS/big.xhtml": b"\0" * 30_000_000})
    with pytest.raises(ParseError, match="zip bomb"):
        parse(bomb, "bomb.epub")


def test_it_refuses_an_epub_that_unpacks_past_the_limit():
    book = _zip({"META-INF/container.xml": CONTAINER.encode(), "OEBPS/a.xhtml": xhtml("x" * 5000).encode()})
    with pytest.raises(ParseError, match="more than the importer accepts"):
        parse(book, "big.epub", max_bytes=1000)


def test_it_explains_a_damaged_epub():
    with pytest.raises(ParseError, match="damaged"):
        parse(_zip({"META-INF/container.xml": b"<container"}), "bad.epub")
    with pytest.raises(ParseError, match="no package document"):
        parse(_zip({"META-INF/container.xml": b"<container/>"}), "bad.epub")


def test_it_refuses_an_epub_whose_members_together_unpack_past_the_limit():
    chapters = [(f"c{n}.xhtml", f"<p>{PROSE}</p>" * 40, f"Chapter {n}") for n in range(1, 6)]
    book = build_epub(chapters)
    with pytest.raises(ParseError, match="This EPUB unpacks to more than 20000 bytes"):
        parse(book, "big.epub", max_bytes=20_000)


def test_it_refuses_an_entity_bomb_in_the_package():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    container = CONTAINER.replace(
        '<?xml version="1.0"?>', f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY l0 "lol">{laughs}]>'
    )
    container = container.replace("<rootfiles>", "<rootfiles>&l9;")
    with pytest.raises(ParseError, match="META-INF/container.xml declares XML entities"):
        parse(_zip({"META-INF/container.xml": container.encode()}), "bomb.epub")


def test_it_counts_what_it_unpacks_instead_of_trusting_the_zip_header():
    chapter = xhtml(f"<p>{PROSE}</p>" * 2000).encode()
    book = _zip({"META-INF/container.xml": CONTAINER.encode(), "OEBPS/a.xhtml": chapter})
    real_size = struct.pack("<I", len(chapter))
    lying = book.replace(real_size, struct.pack("<I", 100))
    with pytest.raises(ParseError, match="damaged"):
        parse(lying, "lying.epub")


def test_it_never_expands_entities_declared_in_a_chapter_document():
    """Chapter documents go through the HTML reader, which leaves a DTD's entities unexpanded."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    book = zipfile.ZipFile(io.BytesIO(build_epub([("a.xhtml", f"<p>{PROSE} &l9;</p>", "Chapter 1")])))
    members = {name: book.read(name) for name in book.namelist()}
    doctype = f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html'.encode()
    members["OEBPS/a.xhtml"] = members["OEBPS/a.xhtml"].replace(b"<html", doctype, 1)
    work = parse(_zip(members), "laughs.epub")
    assert work.chapters[0].body_html == f"<p>{PROSE} &amp;l9;</p>"
