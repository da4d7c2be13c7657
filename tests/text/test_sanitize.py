from unittest import mock

import nh3
import pytest

from ficshelf.text import SanitizedHTML, TooDeeplyNested, prefix_ids, sanitize, top_level_blocks


def test_it_keeps_the_story_markup_authors_use():
    html = (
        "<p><em>a</em> <strong>b</strong> <s>c</s> <sup>1</sup></p><hr><blockquote>q</blockquote>"
        "<table><tbody><tr><td>t</td></tr></tbody></table><details><summary>s</summary>d</details>"
        "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>"
    )
    assert sanitize(html) == html


def test_it_removes_scripts_with_their_content():
    assert sanitize("<p>hi</p><script>alert(1)</script>") == "<p>hi</p>"


def test_it_removes_styles_and_event_handlers():
    assert sanitize('<p style="color:red" onclick="x()">hi</p><style>p{}</style>') == "<p>hi</p>"


def test_it_drops_javascript_urls():
    assert "javascript" not in sanitize('<a href="javascript:alert(1)">x</a>')
    assert "javascript" not in sanitize('<a href=" JaVaScRiPt:alert(1)">x</a>')


def test_it_adds_nofollow_to_links():
    assert sanitize('<a href="https://example.org/">x</a>') == (
        '<a href="https://example.org/" rel="nofollow">x</a>'
    )


def test_it_allows_mailto_and_in_page_anchors():
    assert 'href="mailto:a@example.org"' in sanitize('<a href="mailto:a@example.org">m</a>')
    assert 'href="#fn1"' in sanitize('<a href="#fn1">1</a>')


def test_it_drops_relative_and_data_links():
    assert "href" not in sanitize('<a href="/admin/">x</a>')
    assert "src" not in sanitize('<img src="data:image/png;base64,AAAA">')


def test_it_allows_only_http_images():
    assert 'src="https://example.org/a.png"' in sanitize('<img src="https://example.org/a.png" alt="A">')
    assert "src" not in sanitize('<img src="ftp://example.org/a.png">')


def test_it_keeps_classes_only_on_spans_and_divs_and_friends():
    assert sanitize('<span class="hidden-note">x</span>') == '<span class="hidden-note">x</span>'
    assert sanitize('<em class="x">y</em>') == "<em>y</em>"


def test_it_keeps_ids_for_footnotes():
    assert sanitize('<p id="fn1">note</p>') == '<p id="fn1">note</p>'


def test_it_escapes_tildes_and_other_plain_text_verbatim():
    assert sanitize("<p>~~~</p>") == "<p>~~~</p>"


def test_prefix_ids_rewrites_ids_and_anchors_together():
    html = sanitize('<a href="#fn1" id="ref1">1</a><p id="fn1">note <a href="#ref1">back</a></p>')
    assert prefix_ids(html, "chapter-7-") == (
        '<a href="#chapter-7-fn1" id="chapter-7-ref1" rel="nofollow">1</a>'
        '<p id="chapter-7-fn1">note <a href="#chapter-7-ref1" rel="nofollow">back</a></p>'
    )


def test_prefix_ids_leaves_external_links_alone():
    html = sanitize('<a href="https://example.org/#top">x</a>')
    assert prefix_ids(html, "c-") == html


def test_top_level_blocks_splits_paragraphs_breaks_and_headings():
    html = '<h3 class="scene-heading">Present Day</h3><p>One <em>two</em></p><hr><blockquote><p>q</p></blockquote>'
    assert top_level_blocks(html) == [
        '<h3 class="scene-heading">Present Day</h3>',
        "<p>One <em>two</em></p>",
        "<hr>",
        "<blockquote><p>q</p></blockquote>",
    ]


def test_top_level_blocks_keeps_loose_inline_content_together():
    assert top_level_blocks("loose <em>text</em><br>more<p>para</p>tail") == [
        "loose <em>text</em><br>more",
        "<p>para</p>",
        "tail",
    ]


def test_it_refuses_deep_nesting_before_the_parser_spends_time_on_it():
    nested = "<ul><li>" * 20_000 + "x" + "</li></ul>" * 20_000
    with mock.patch("nh3.clean", wraps=nh3.clean) as clean, pytest.raises(TooDeeplyNested):
        sanitize(nested)
    assert not clean.called


def test_sanitized_html_is_not_sanitized_again():
    once = sanitize("<p onclick='x()'>Hi</p>")
    assert isinstance(once, SanitizedHTML) and once == "<p>Hi</p>"
    with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
        assert sanitize(once) is once
        assert isinstance(sanitize(once + "<script></script>"), SanitizedHTML)  # a changed string is cleaned
    assert clean.call_count == 1
