"""Word counts the way AO3 counts them."""

import re

from ficshelf.text.html import visible_text

# Each CJK ideograph, kana or hangul syllable counts as a word, as on AO3;
# elsewhere a word is a run of letters/digits joined by apostrophes or hyphens,
# so "well-known" and "don't" count once.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|(?:[^\W{_CJK}]+(?:(?:['’‐‑-]|(?<=\d)[.,](?=\d))[^\W{_CJK}]+)*)")


def word_count(html: str) -> int:
    """Count the visible words of an HTML fragment."""
    return len(_WORD.findall(visible_text(html)))


def count_words(text: str) -> int:
    """Count the words of plain text, by the same rule as word_count; no HTML parsing, so it is fast."""
    return len(_WORD.findall(text))
