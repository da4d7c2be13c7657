"""The plain SVG cover."""

from xml.etree import ElementTree

from ficshelf.books.cover import cover_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_it_is_valid_svg_with_the_title_escaped():
    svg = ElementTree.fromstring(cover_svg("Tea & <Biscuits>", ["alice", "bob"], "Ficshelf"))
    assert svg.find(f"{SVG}title").text == "Tea & <Biscuits>"
    lines = [t.text for t in svg.iter(f"{SVG}text")]
    assert "alice, bob" in lines and lines[-1] == "Ficshelf"


def test_a_title_keeps_its_colour_from_one_build_to_the_next():
    assert cover_svg("Same", ["a"], "x") == cover_svg("Same", ["a"], "x")


def test_a_very_long_title_is_cut_short_with_an_ellipsis():
    svg = ElementTree.fromstring(cover_svg("word " * 200, ["alice"], "Ficshelf"))
    title_lines = [t.text for t in svg.iter(f"{SVG}text")][:-2]
    assert len(title_lines) == 6 and title_lines[-1].endswith("…")
