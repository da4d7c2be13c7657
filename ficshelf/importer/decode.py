"""Bytes to text: encodings, newlines, and the mojibake fic files pick up on their travels."""

from __future__ import annotations

import codecs
import re

from ficshelf.importer.model import ParseError

# Windows-1252 with its five undefined bytes kept as the matching C1 code points,
# so decoding never fails and every byte maps back (mojibake repair needs that).
_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_CP1252_BYTE = {ch: b for b, ch in enumerate(_CP1252)}


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not valid UTF-8 is read as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    return _CP1252[error.object[error.start]], error.start + 1


codecs.register_error("ficshelf-cp1252", _cp1252_fallback)

_LATIN_CONTINUATION = "".join(_CP1252[b] for b in range(0x80, 0xC0))
# A UTF-8 lead byte seen through Windows-1252 (Â..ô) followed by continuation bytes
# seen the same way: the signature of UTF-8 text decoded once too often.
_MOJIBAKE = re.compile("[" + re.escape(_CP1252[0xC2:0xF5]) + "][" + re.escape(_LATIN_CONTINUATION) + "]{1,3}")
# "â€" whose third byte (0x9d, for ”) was lost or replaced on the way: nearly always a closing quote.
_TRUNCATED_QUOTE = re.compile("â€(?:\ufffd|(?![" + re.escape(_LATIN_CONTINUATION) + "]))")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",
    b"ID3": "an audio file",
    b"\x7fELF": "a program",
    b"MZ": "a program",
}


def _plausible_repair(char: str) -> bool:
    code = ord(char)
    return 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x206F or code in (0x20AC, 0x2122)


def _repair(garbled: str) -> str | None:
    try:
        fixed = bytes(_CP1252_BYTE[ch] for ch in garbled).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    return fixed if len(fixed) == 1 and _plausible_repair(fixed) else None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 read as Windows-1252 (`â€™` → ’). Returns the text and the number of repairs.

    Only sequences that decode to one ordinary letter or punctuation mark are
    touched, so real accented text ("café…") is left alone.
    """
    repairs = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal repairs
        fixed = _repair(match.group(0))
        if fixed is None:
            return match.group(0)
        repairs += 1
        return fixed

    text = _MOJIBAKE.sub(replace, text)
    text, quotes = _TRUNCATED_QUOTE.subn("”", text)
    return text, repairs + quotes


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a byte order mark: text in Latin scripts has a NUL in every other byte."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def describe_binary(data: bytes) -> str | None:
    """Name the kind of a non-text file from its first bytes, or None if it may be text."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode a text file and normalize it; returns the text and notes for `problems`.

    Order matters: byte order marks first, then UTF-16 sniffing, then UTF-8 with
    any stray non-UTF-8 byte read as Windows-1252 (files edited in two editors
    mix both), and finally mojibake repair.
    """
    problems: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="ficshelf-cp1252")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif encoding := _sniff_utf16(data):
        text = data.decode(encoding, errors="replace")
    else:
        kind = describe_binary(data)
        if kind:
            raise ParseError(
                f"This file looks like {kind}, not a story; save it as text, HTML or EPUB first."
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="ficshelf-cp1252")
            problems.append(
                "The file is not valid UTF-8; it was read as Windows-1252, so check accented letters."
            )
    return normalize_text(text, problems), problems


def normalize_text(text: str, problems: list[str]) -> str:
    """Newlines to \\n, byte order marks out, binary refused, mojibake repaired."""
    sample = text[:100_000]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ParseError("This looks like a binary file, not a story; save it as text, HTML or EPUB first.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x0c", "\n").replace("\x0b", "\n")
    if _MOJIBAKE.search(text) or "â€" in text:
        text, repaired = repair_mojibake(text)
        if repaired:
            problems.append(
                f"Repaired {repaired} garbled characters (UTF-8 read as Windows-1252); check quotes."
            )
    return text
