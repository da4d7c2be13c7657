"""The repair of story HTML into XHTML that EPUB accepts (pure Python, no database)."""

import xml.dom.minidom

from ficshelf.books import IdRegistry, parse_fragment
from ficshelf.books.xhtml import to_xhtml
from ficshelf.text import sanitize


def xhtml(html: str, ids: IdRegistry | None = None, sanitized: bool = True) -> str:
    ids = ids or IdRegistry()
    fragment = parse_fragment(sanitize(html) if sanitized else html, ids)
    out = to_xhtml(fragment, lambda target: f"#{target}" if target in ids.documents else None)
    xml.dom.minidom.parseString(f"<div>{out}</div>")  # well-formed XML, or this raises
    return out


def test_it_writes_void_elements_and_entities_as_xml():
    assert xhtml("<p>a&nbsp;b<br>c</p><hr>") == "<p>a\xa0b<br/>c</p><hr/>"


def test_it_turns_obsolete_elements_and_attributes_into_classes():
    out = xhtml('<center>Fin</center><p><big>Big</big></p><table><tr><td align="right">1</td></tr></table>')
    assert '<div class="center">Fin</div>' in out
    assert '<span class="big">Big</span>' in out
    assert '<td class="align-right">1</td>' in out
    assert "align=" not in out


def test_it_demotes_blocks_inside_phrasing_to_spans():
    out = xhtml("<p><span>before<div>inside</div>after</span></p>", sanitized=False)
    assert "<div" not in out
    assert "inside" in out


def test_it_gathers_stray_list_content_into_items():
    out = xhtml("<ul>loose text<li>item</li></ul>", sanitized=False)
    assert out == "<ul><li>loose text</li><li>item</li></ul>"


def test_it_gives_definition_lists_terms_and_descriptions():
    assert xhtml("<dl><dd>only a description</dd><dt>last term</dt></dl>", sanitized=False) == (
        "<dl><dt></dt><dd>only a description</dd><dt>last term</dt><dd></dd></dl>"
    )


def test_it_puts_table_rows_in_sections_and_captions_first():
    out = xhtml("<table><tr><td>a</td></tr><caption>late</caption></table>", sanitized=False)
    # A caption after rows is invalid; its text stays, as a row of its own.
    assert (
        out
        == '<table><tbody><tr><td>a</td></tr><tr><td><p class="caption">late</p></td></tr></tbody></table>'
    )
    out = xhtml(
        "<table><caption>first</caption><thead><tr><th>h</th></tr></thead><tr><td>1</td></tr></table>"
    )
    assert out.startswith("<table><caption>first</caption><thead><tr><th>h</th></tr></thead><tbody>")


def test_remote_images_become_links_carrying_the_alt_text():
    out = xhtml('<p><img src="https://example.org/cat.png" alt="A cat"></p>')
    assert out == '<p><a class="image" href="https://example.org/cat.png">[Image: A cat]</a></p>'
    assert "<img" not in xhtml(
        '<p><a href="https://example.org/"><img src="https://example.org/x.png"></a></p>'
    )


def test_duplicate_ids_keep_the_first_and_links_to_missing_ids_lose_their_href():
    ids = IdRegistry()
    out = xhtml('<p id="fn1">one</p><p id="fn1">two</p><a href="#fn1">back</a><a href="#nowhere">x</a>', ids)
    assert out.count('id="fn1"') == 1
    assert '<a href="#fn1">back</a>' in out
    assert "<a>x</a>" in out


def test_old_name_anchors_become_ids_and_odd_ids_become_xml_names():
    ids = IdRegistry()
    out = xhtml('<a name="1:note">n</a><a href="#1:note">to note</a>', ids, sanitized=False)
    assert '<a id="x1_note">n</a>' in out
    assert 'href="#x1_note"' in out


def test_it_strips_characters_xml_forbids():
    assert xhtml("<p>bell\x07 and \x0b tab</p>", sanitized=False) == "<p>bell and  tab</p>"


def test_it_flattens_absurd_nesting_instead_of_recursing_forever():
    html = "<span>" * 5000 + "deep" + "</span>" * 5000
    assert "deep" in xhtml(f"<p>{html}</p>", sanitized=False)


def test_ruby_keeps_its_simple_valid_shape_or_becomes_text():
    assert xhtml("<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>") == "<ruby>漢<rt>kan</rt></ruby>"
    assert xhtml("<ruby><rt>no base</rt></ruby>", sanitized=False) == '<span class="ruby">(no base)</span>'


def test_details_are_shown_open():
    out = xhtml("<details><summary>Spoiler</summary><p>They win.</p></details>")
    assert out == '<div class="details"><p class="summary"><strong>Spoiler</strong></p><p>They win.</p></div>'
