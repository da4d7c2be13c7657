"""A plain cover, made locally: the title and the creators on a calm background, as SVG."""

from __future__ import annotations

import hashlib
import textwrap
import unicodedata

from ficshelf.books.escape import xml_escape

# Muted backgrounds with enough contrast for dark text; the title picks one, so a
# work keeps its colour from one download to the next.
_PALETTE = ["#dfe7e2", "#e6e1d6", "#dde3ec", "#ebe0e3", "#e3e6d8", "#e0e0ea", "#f0e6d8", "#dbe6e8"]
_WIDTH, _HEIGHT = 600, 900


def _wide(text: str) -> bool:
    return sum(unicodedata.east_asian_width(ch) in "WF" for ch in text) > len(text) / 3


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [text]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def cover_svg(title: str, creators: list[str], site_name: str, subtitle: str = "") -> str:
    colour = _PALETTE[int(hashlib.sha256(title.encode()).hexdigest(), 16) % len(_PALETTE)]
    title_width = 9 if _wide(title) else 18
    title_lines = _lines(title, title_width, 6)
    size = 52 if len(title_lines) <= 3 else 40
    top = 300 - (len(title_lines) - 1) * size * 0.6
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}">',
        f"<title>{xml_escape(title)}</title>",
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="{colour}"/>',
        f'<rect x="40" y="40" width="{_WIDTH - 80}" height="{_HEIGHT - 80}" fill="none" '
        'stroke="#4a4a4a" stroke-width="2"/>',
        '<g font-family="serif" fill="#2b2b2b" text-anchor="middle">',
    ]
    for index, line in enumerate(title_lines):
        y = top + index * size * 1.2
        parts.append(f'<text x="300" y="{y:.0f}" font-size="{size}">{xml_escape(line)}</text>')
    y = top + len(title_lines) * size * 1.2 + 50
    if subtitle:
        parts.append(
            f'<text x="300" y="{y:.0f}" font-size="26" font-style="italic">{xml_escape(subtitle)}</text>'
        )
        y += 50
    for line in _lines(", ".join(creators), 30, 3):
        parts.append(f'<text x="300" y="{y:.0f}" font-size="30">{xml_escape(line)}</text>')
        y += 40
    parts.append(f'<text x="300" y="{_HEIGHT - 80}" font-size="22">{xml_escape(site_name)}</text>')
    parts.append("</g></svg>\n")
    return "".join(parts)
