"""`ficshelf bench sanitize`: the sanitizer on deeply nested HTML against flat HTML of the same size.

Pure Python and deterministic. The nested input is the one from issue #12: N nested
`<ul><li>` (20,000 make 360 KB); the flat one repeats `<ul><li>x</li></ul>` to the same
size, so both hold about as many tags and only the nesting differs. Both are timed through
sanitize(), which refuses the nested one after its linear pre-scan, and through the
parser alone (`allowlist_clean`, sanitize() as it was before the pre-scan), whose time
on the nested input grows with the square of the depth. The pre-scan's own cost shows
as its share of sanitize() on the flat input (a tag every 5 bytes) and on generated
story paragraphs of the same size. Ratios to the flat input's time in the same run
are what to compare, as a loaded machine changes them little.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from ficshelf.bench.importer import generate_text
from ficshelf.text import TooDeeplyNested, paragraphs_from_plain_text, sanitize
from ficshelf.text.html import allowlist_clean
from ficshelf.text.nesting import scan_nesting


def nested_list(depth: int) -> str:
    return "<ul><li>" * depth + "x" + "</li></ul>" * depth


def flat_list(size: int) -> str:
    unit = "<ul><li>x</li></ul>"
    return unit * (size // len(unit))


def prose(size: int) -> str:
    """Story HTML of about `size` characters: paragraphs, a few in italics."""
    html = paragraphs_from_plain_text(generate_text(size // 6)).replace("<p>A/N:", "<p><em>A/N:</em>")
    return html[: html.rfind("</p>", 0, size) + 4]


def _best(function: Callable[[str], object], html: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with contextlib.suppress(TooDeeplyNested):  # the nested input, refused: that is its time
            function(html)
        best = min(best, time.perf_counter() - started)
    return best


def bench_sanitize(depth: int = 20_000, runs: int = 3) -> dict[str, float | int]:
    nested = nested_list(depth)
    half = nested_list(depth // 2)
    flat = flat_list(len(nested))
    flat_seconds = _best(sanitize, flat, runs)
    refused_seconds = _best(sanitize, nested, runs)
    parser_flat = _best(allowlist_clean, flat, runs)
    parser_nested = _best(allowlist_clean, nested, 1)
    parser_half = _best(allowlist_clean, half, 1)
    scan_flat = _best(scan_nesting, flat, runs)
    story = prose(len(nested))
    story_seconds = _best(sanitize, story, runs)
    scan_story = _best(scan_nesting, story, runs)
    return {
        "bytes": len(nested),
        "depth": depth,
        "sanitize_flat_seconds": round(flat_seconds, 4),
        "sanitize_nested_seconds": round(refused_seconds, 4),
        "nested_to_flat": round(refused_seconds / flat_seconds, 3),
        "parser_flat_seconds": round(parser_flat, 4),
        "parser_nested_seconds": round(parser_nested, 3),
        "parser_nested_to_flat": round(parser_nested / parser_flat, 1),
        # Twice the depth: four times the time means it grows with the square.
        "parser_depth_doubled_ratio": round(parser_nested / parser_half, 2),
        "prescan_flat_seconds": round(scan_flat, 4),
        "prescan_share_of_flat": round(scan_flat / flat_seconds, 2),
        "prose_bytes": len(story),
        "sanitize_prose_seconds": round(story_seconds, 4),
        "prescan_share_of_prose": round(scan_story / story_seconds, 2),
    }


def add_arguments(parser) -> None:
    parser.add_argument(
        "--depth", type=int, default=20_000, help="Nested <ul><li> levels (default 20,000: 360 KB)."
    )
    parser.add_argument("--runs", type=int, default=3, help="Timed runs; the best one counts (default 3).")


def run(depth: int, runs: int) -> dict[str, float | int]:
    return bench_sanitize(depth=depth, runs=runs)
