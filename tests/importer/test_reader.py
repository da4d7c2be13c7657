import io
import zipfile

import pytest

from ficshelf.importer import MAX_INPUT_BYTES, ImportError, ParseError, parse


def test_it_has_a_fifty_megabyte_default_limit():
    assert MAX_INPUT_BYTES == 50 * 1024 * 1024
    assert ImportError is ParseError


def test_it_refuses_files_over_the_limit():
    with pytest.raises(ParseError, match="accepts files up to"):
        parse(b"a" * 2000, "big.txt", max_bytes=1000)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", "", b"\xef\xbb\xbf\n"])
def test_it_refuses_empty_files(data):
    with pytest.raises(ParseError, match="empty"):
        parse(data, "empty.txt")


def test_it_refuses_binary_files():
    with pytest.raises(ParseError, match="binary"):
        parse(bytes(range(256)) * 40, "data.bin")


def test_it_refuses_a_zip_that_is_not_a_book():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not a story")
    with pytest.raises(ParseError, match="not an EPUB"):
        parse(buffer.getvalue(), "stuff.zip")


def test_it_refuses_a_text_with_no_words():
    with pytest.raises(ParseError, match="No story text"):
        parse("* * *\n\n~~~~\n", "breaks.txt")


def test_it_accepts_str_input():
    work = parse("Chapter 1\n\nIt was a quiet night on the harbour.", None)
    assert work.chapters[0].heading == "Chapter 1"


def test_it_gives_clear_sentences_in_errors():
    with pytest.raises(ParseError) as raised:
        parse(b"%PDF-1.4 stuff", "story.pdf")
    message = str(raised.value)
    assert message[0].isupper() and message.endswith(".") and "PDF" in message
