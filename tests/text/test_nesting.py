import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficshelf.text.nesting import MAX_NESTING, TooDeeplyNested, check_nesting, scan_nesting


def depth(html: str) -> int:
    return scan_nesting(html, limit=None).depth


class _RecordingStack(list):
    """html5lib's stack of open elements, remembering how tall it ever was."""

    tallest = 0

    def append(self, element) -> None:
        super().append(element)
        self.tallest = max(self.tallest, len(self))

    def insert(self, index, element) -> None:
        super().insert(index, element)
        self.tallest = max(self.tallest, len(self))


class _RecordingTreeBuilder(html5lib.treebuilders.getTreeBuilder("etree")):
    def reset(self) -> None:
        super().reset()
        self.openElements = _RecordingStack()


def parser_depth(html: str) -> int:
    """How deep an HTML5 parser's stack of open elements got on `html`, parsed as the sanitizer does."""
    parser = html5lib.HTMLParser(tree=_RecordingTreeBuilder)
    parser.parseFragment(html, container="div")
    return parser.tree.openElements.tallest - 1  # the fragment's own <html> root


def test_it_measures_well_formed_nesting():
    assert depth("<div><p>One <em>two <strong>three</strong></em></p></div>") == 4
    assert depth("<p>a</p>" * 1000) == 1
    assert depth("") == depth("just text") == 0


def test_it_follows_the_closes_story_html_leaves_implied():
    assert depth("<p>one<p>two<p>three<blockquote>four<p>five") == 2
    assert depth("<ul><li>one<li>two<li>three</ul>" * 50) == 2
    assert depth("<dl><dt>term<dd>one<dt>term<dd>two</dl>") == 2
    assert depth("<table><tr><td>a<td>b<tr><td>c<td>d</table>" * 50) <= 6
    assert depth("<h1>Title<h2>Subtitle</h2>") == 1
    # An end tag closes its element's unclosed children; an italic left open is rebuilt
    # by the parser in each later paragraph, so it counts (five levels), but alike ones
    # only three times over.
    assert depth("<p><i>a thought</p><p>said aloud</p>" * 500) == 2 + 3 * 5


def test_void_elements_comments_and_stray_angle_brackets_open_nothing():
    assert depth("line<br>line<br/>line</br><img src=x><hr><input><wbr>" * 200) <= 1
    assert depth("<!-- <div><div><div> --><!DOCTYPE html><?xml version='1.0'?><![if !supportLists]>") == 0
    assert depth("I <3 you, a < b, <-- that way, << >>, </ p>, </>") == 0
    assert depth("<span title=\"a>b\"><span class='c>d'>text</span></span>") == 2
    assert depth("<!--> <div> <!---> <div> -->") == 2  # "<!-->" and "<!--->" are whole comments


def test_raw_text_is_not_markup():
    assert depth("<script>for (i = 0; i<div.length; i++) '<div><div>'</script>") == 1
    assert depth("<style>p > span { color: red }</style><textarea><div><div></textarea>") == 1
    # "<!--<script>" inside a script hides the next "</script>", as the tokenizer has it.
    html = "<div><script><!--<script></script></div>--></script><div><div>"
    assert depth(html) == parser_depth(html) == 3


@pytest.mark.parametrize(
    "unit",
    [
        "<div>",  # never closed
        "<span><div></span>",  # a </span> past a <div> closes nothing
        "<b><div></b>",  # the parser moves the <b> inside the <div> and keeps the <div> open
        "<div><textarea></div></textarea>",  # the </div> is text
        "<ul><li>",
        "<table><tr><td>",
    ],
)
def test_it_counts_what_the_parser_keeps_open(unit):
    html = unit * (MAX_NESTING + 1)
    assert depth(html) >= parser_depth(html) > MAX_NESTING
    with pytest.raises(TooDeeplyNested):
        check_nesting(html)


def test_it_counts_formatting_the_parser_reopens():
    # Each <b> differs, so the parser reopens every earlier one in each new paragraph.
    html = "".join(f"<p><b title={n}>x</p>" for n in range(MAX_NESTING + 1))
    assert depth(html) >= parser_depth(html) > MAX_NESTING


def test_it_refuses_past_the_limit_with_a_message_for_the_author():
    check_nesting("<div>" * MAX_NESTING)
    with pytest.raises(TooDeeplyNested, match=f"more than {MAX_NESTING} levels deep"):
        check_nesting("<div>" * (MAX_NESTING + 1))


def test_it_passes_the_html_real_stories_use():
    word_paste = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal '
        "{margin:0cm} --></style></head><body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>"
        "</o:OfficeDocumentSettings></xml><![endif]-->"
        + '<p class=MsoNormal><span style="font-family:Georgia"><i>It rained.</i><o:p></o:p></span></p>' * 300
        + "</body></html>"
    )
    chat = (
        '<div class="phone"><div class="message"><p><strong>Sherlock:</strong> <em>Come at once</em>'
        "</p></div></div>" * 300
    )
    letter = "<blockquote><p align=right>Dear John,<br>the weather<p>is &lt; ideal.</blockquote>" * 300
    footnotes = '<p>He lied.<sup><a href="#fn1" id="r1">1</a></sup></p><ol><li id="fn1">He did.</ol>' * 300
    for html in (word_paste, chat, letter, footnotes):
        assert depth(html) <= 6
        check_nesting(html)


def _steps(html: str) -> int:
    return scan_nesting(html, limit=None).steps


@pytest.mark.parametrize(
    "unit",
    [
        "<p>Flat prose with <em>a little</em> markup.</p>",
        "<ul><li>",
        "<span><div></span>",
        "<b><div></b>",
        "<p><b title=x>bold</p>",
        "<!-- a comment --><br>",
        "<script><!--<script></script>--></script>",
        "<table><tr><td><i>",
    ],
)
def test_its_steps_grow_linearly_with_the_input(unit):
    counts = [_steps(unit * n) for n in (1_000, 2_000, 4_000, 8_000)]
    for smaller, larger in zip(counts, counts[1:], strict=False):
        assert larger <= 2 * smaller + 10
    assert counts[-1] <= 6 * len(unit) * 8_000


def test_it_stops_as_soon_as_the_input_is_too_deep():
    assert scan_nesting("<div>" * 100_000, limit=MAX_NESTING).steps <= MAX_NESTING + 2


# Elements with every kind of rule the parser has, and some without any.
_NAMES = (
    "p", "div", "span", "b", "i", "em", "a", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody", "tr",
    "td", "th", "caption", "colgroup", "col", "h1", "h2", "blockquote", "pre", "br", "img", "hr",
    "button", "textarea", "script", "style", "title", "noscript", "xmp", "iframe", "template", "form",
    "marquee", "object", "nobr", "font", "s", "u", "strong", "select", "option", "svg", "math",
    "foreignObject", "x", "o:p", "body", "html", "plaintext", "ruby", "rt", "section", "center",
    "address", "input", "image", "tfoot", "thead", "code",
)  # fmt: skip
_PIECES = st.one_of(
    st.builds(
        lambda name, attributes: f"<{name}{attributes}>",
        st.sampled_from(_NAMES),
        st.sampled_from(["", " id=1", " id=2", ' title="a>b"', " /", "/"]),
    ),
    st.builds(lambda name: f"</{name}>", st.sampled_from(_NAMES)),
    st.sampled_from(
        [
            "x",
            " ",
            "<!--",
            "-->",
            "<!-- c -->",
            "<",
            "<3",
            "</",
            "<!x>",
            "<?x>",
            "--!>",
            "</br>",
            "<![CDATA[",
            "]]>",
        ]
    ),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_it_is_never_shallower_than_an_html5_parser(html):
    # The parser's stack also holds each void element for a moment: hence the 1.
    assert parser_depth(html) <= depth(html) + 1
