import codecs

import pytest

from ficshelf.importer import ParseError
from ficshelf.importer.decode import decode_text, repair_mojibake

STORY = "“It’s late,” she said — café, naïve…\nLine two.\n"


@pytest.mark.parametrize(
    "data",
    [
        STORY.encode("utf-8"),
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        STORY.encode("utf-16"),
        STORY.encode("utf-16-le"),
        STORY.encode("utf-16-be"),
        STORY.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-sniffed", "utf16be-sniffed", "cp1252"],
)
def test_it_decodes_common_encodings(data):
    text, _problems = decode_text(data)
    assert text == STORY


def test_it_tells_the_user_when_it_guessed_windows_1252():
    _text, problems = decode_text(STORY.encode("cp1252"))
    assert any("Windows-1252" in p for p in problems)


def test_it_reads_stray_cp1252_bytes_inside_utf8():
    text, _ = decode_text("café ".encode() + b"\x93quoted\x94")
    assert text == "café “quoted”"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_it_normalizes_newlines(newline):
    text, _ = decode_text(f"one{newline}two{newline}".encode())
    assert text == "one\ntwo\n"


def test_it_repairs_mojibake():
    garbled = "Buffy’s “hello” — café… naïve".encode().decode("cp1252", errors="replace")
    repaired, count = repair_mojibake(garbled)
    assert repaired == "Buffy’s “hello” — café… naïve"
    assert count >= 6


def test_it_repairs_a_closing_quote_that_lost_its_last_byte():
    assert repair_mojibake("â€œHiâ€ she said")[0] == "“Hi” she said"


def test_it_leaves_real_accented_text_alone():
    text = "Ã bientôt, daß… «été» — Ørsted"
    assert repair_mojibake(text) == (text, 0)


@pytest.mark.parametrize(
    "data, kind",
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"), (b"\x7fELF\x02\x01", "program")],
)
def test_it_names_binary_files(data, kind):
    with pytest.raises(ParseError, match=kind):
        decode_text(data)


def test_it_refuses_control_character_noise():
    with pytest.raises(ParseError, match="binary file"):
        decode_text(bytes(range(1, 32)) * 50)
