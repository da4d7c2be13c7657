from ficshelf.text import word_count


def test_it_counts_visible_words_only():
    assert word_count('<p>One <a href="https://example.org/long/url">two</a> three.</p>') == 3


def test_it_counts_a_hyphenated_word_once():
    assert word_count("<p>A well-known, long-winded tale.</p>") == 4


def test_it_counts_contractions_once():
    assert word_count("<p>Don’t you dare, it's mine.</p>") == 5


def test_it_splits_at_dashes_and_ellipses():
    assert word_count("<p>Wait—no...stop</p>") == 3


def test_it_ignores_punctuation_and_scene_breaks():
    assert word_count("<p>Hello!</p><hr><p>~~~ * * *</p>") == 1


def test_it_counts_each_cjk_character():
    assert word_count("<p>日本語のテキスト</p>") == 8


def test_it_does_not_run_words_together_across_paragraphs():
    assert word_count("<p>end</p><p>start</p>") == 2


def test_it_counts_nothing_in_empty_html():
    assert word_count("") == 0
