"""`ficshelf bench import`: how fast, and how lean, parse() is on a large plain-text work.

Pure Python and deterministic: the text is generated from a fixed seed so
runs on different days compare.
"""

from __future__ import annotations

import random
import time
import tracemalloc

from ficshelf.importer import parse

# Common English words for generated prose, shared by the benchmarks.
WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "she",
    "he",
    "they",
    "it",
    "was",
    "had",
    "said",
    "her",
    "his",
    "that",
    "with",
    "for",
    "on",
    "at",
    "as",
    "but",
    "not",
    "light",
    "door",
    "harbour",
    "clock",
    "river",
    "morning",
    "letter",
    "promise",
    "silence",
    "window",
    "quietly",
    "shadow",
    "remember",
    "waited",
    "across",
    "never",
    "always",
    "because",
    "again",
    "nothing",
    "something",
    "everyone",
    "tomorrow",
    "yesterday",
    "smiled",
]
_BREAKS = ("~~~~~~~~", "* * *", "xXx", "-x-x-", "***", "oOo")
_HEADERS = ("Present Day", "One Week Earlier", "The Harbour Office", "Later That Night")


def paragraph(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    sentences = []
    for start in range(0, words, 12):
        sentence = " ".join(chosen[start : start + 12])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def generate_text(size_words: int = 500_000, seed: int = 7) -> str:
    """A multi-chapter fic-style plain text: headings, author's notes, scene breaks, section headers."""
    rng = random.Random(seed)
    parts: list[str] = []
    written = 0
    chapter = 0
    while written < size_words:
        chapter += 1
        parts.append(f"Chapter {chapter}: {rng.choice(_HEADERS)}")
        parts.append("A/N: Thank you for all the reviews, I hope you enjoy this chapter!")
        for scene in range(4):
            if scene:
                parts.append(rng.choice(_BREAKS))
            if rng.random() < 0.5:
                parts.append(rng.choice(_HEADERS))
            for _ in range(12):
                words = rng.randint(40, 160)
                parts.append(paragraph(rng, words))
                written += words
        parts.append("A/N: Please review and let me know what you think!")
    return "\n\n".join(parts) + "\n"


def bench_import(size_words: int = 500_000, runs: int = 3) -> dict[str, float | int]:
    """Parse a generated work; best-of-`runs` seconds and the tracemalloc peak of one parse."""
    data = generate_text(size_words).encode("utf-8")
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work = parse(data, "bench.txt")
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    try:
        parse(data, "bench.txt")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "bytes": len(data),
        "words": work.word_count,
        "chapters": len(work.chapters),
        "seconds": round(best, 4),
        "mb_per_s": round(len(data) / best / 1_000_000, 2),
        "peak_bytes": peak,
        "peak_ratio": round(peak / len(data), 2),
    }


def add_arguments(parser) -> None:
    parser.add_argument(
        "--words", type=int, default=500_000, help="Size of the generated work (default 500,000 words)."
    )
    parser.add_argument("--runs", type=int, default=3, help="Timed runs; the best one counts (default 3).")


def run(words: int, runs: int) -> dict[str, float | int]:
    return bench_import(size_words=words, runs=runs)
