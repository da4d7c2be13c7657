from ficshelf.text import html_from_input, paragraphs_from_plain_text


def test_it_starts_a_paragraph_at_each_blank_line():
    assert paragraphs_from_plain_text("One.\n\nTwo.") == "<p>One.</p><p>Two.</p>"


def test_it_turns_single_newlines_into_breaks_when_there_are_blank_lines():
    assert (
        paragraphs_from_plain_text("Dear C,\nhello.\n\nLove, E.") == "<p>Dear C,<br>hello.</p><p>Love, E.</p>"
    )


def test_it_makes_one_paragraph_per_line_when_there_are_no_blank_lines():
    assert paragraphs_from_plain_text("One.\nTwo.\nThree.") == "<p>One.</p><p>Two.</p><p>Three.</p>"


def test_it_escapes_markup_and_keeps_tildes():
    assert paragraphs_from_plain_text("a <b> & c\n\n~~~") == "<p>a &lt;b&gt; &amp; c</p><p>~~~</p>"


def test_it_accepts_windows_and_old_mac_line_endings():
    assert paragraphs_from_plain_text("a\r\n\r\nb\rc") == "<p>a</p><p>b<br>c</p>"


def test_it_treats_whitespace_only_lines_as_blank():
    assert paragraphs_from_plain_text("a\n   \nb") == "<p>a</p><p>b</p>"


def test_it_returns_nothing_for_blank_text():
    assert paragraphs_from_plain_text(" \n\n ") == ""


def test_html_input_without_blocks_still_gets_paragraphs():
    assert (
        html_from_input("I <em>knew</em> it.\n\nShe left.", "html")
        == "<p>I <em>knew</em> it.</p><p>She left.</p>"
    )


def test_html_input_with_blocks_is_left_to_the_sanitizer():
    assert html_from_input("<p>One</p>\n\n<p>Two</p>", "html") == "<p>One</p>\n\n<p>Two</p>"


def test_plain_input_is_escaped():
    assert html_from_input("I <3 you", "plain") == "<p>I &lt;3 you</p>"
