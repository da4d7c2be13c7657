"""`ficshelf bench downloads`: EPUB and PDF build times and peak memory, from the database to the file.

Runs in a throwaway test database (SQLite in memory, or `test_…` on PostgreSQL when
DATABASE_URL is set), on generated works: a long one (500k words in 100 chapters by
default) and a typical one (10k words). Each case is timed from loading the work
through `Work.objects.visible_to` to the finished file; the long PDF is built by the
task that the queue runs. Peak memory is the process's peak resident set size during
the case (Linux VmHWM, reset before each case).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection
from django.test.utils import override_settings, setup_databases, teardown_databases

from ficshelf.bench.importer import WORDS

if TYPE_CHECKING:
    from ficshelf.downloads.files import Source

_IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def chapter_html(rng: random.Random, words: int, number: int) -> str:
    """Story-like HTML: paragraphs with emphasis, a scene break and a footnote."""
    parts, written = [], 0
    while written < words:
        length = min(rng.randint(30, 120), words - written)
        text = [rng.choice(WORDS) for _ in range(length)]
        text[0] = text[0].capitalize()
        if length > 10:
            index = rng.randrange(1, length - 1)
            text[index] = f"<em>{text[index]}</em>"
        parts.append(f"<p>{' '.join(text)}.</p>")
        written += length
        if len(parts) % 40 == 0:
            parts.append("<hr>")
    parts.insert(1, f'<p>A note.<sup><a href="#fn{number}" id="ref{number}">1</a></sup></p>')
    parts.append(f'<p id="fn{number}">1. The footnote. <a href="#ref{number}">back</a></p>')
    return "".join(parts)


def make_work(user, title: str, words: int, chapters: int, seed: int = 7):
    from django.utils import timezone

    from ficshelf.tags.models import Tag, TagType
    from ficshelf.works.models import Chapter, Work

    rng = random.Random(seed)
    now = timezone.now()
    work = Work.objects.create(title=title, posted=True, published_at=now, summary="<p>A benchmark.</p>")
    work.creatorships.create(pseud=user.default_pseud, accepted=True)
    work.set_tags(
        {
            TagType.RATING: [Tag.find_or_create("General Audiences", TagType.RATING)],
            TagType.FANDOM: [Tag.find_or_create("Benchmarks", TagType.FANDOM)],
            TagType.FREEFORM: [Tag.find_or_create(f"Tag {n}", TagType.FREEFORM) for n in range(20)],
        }
    )
    per_chapter = words // chapters
    for number in range(1, chapters + 1):
        Chapter.objects.create(
            work=work,
            position=number,
            title=f"Part {number}",
            body=chapter_html(rng, per_chapter, number),
            posted=True,
            published_at=now,
        )
    work.refresh_counts()
    return work


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _time_case(build, runs: int) -> tuple[float, float]:
    """Best time of `runs` builds, and the peak RSS (MB) seen across them."""
    best, peak = float("inf"), 0.0
    for _ in range(runs):
        _reset_peak()
        started = time.perf_counter()
        build()
        best = min(best, time.perf_counter() - started)
        peak = max(peak, _peak_mb())
    return round(best, 3), peak


def _source(work_id: int, fmt: str, paper: str) -> Source:
    """A benchmark work's download source, loaded as a guest's request loads it."""
    from ficshelf.downloads.files import Source, Target

    source = Source.load(Target("work", work_id, fmt, paper), None)
    if source is None:
        raise RuntimeError(f"The benchmark's work {work_id} is not visible to guests.")
    return source


def _weasyprint_seconds(work, out: Path) -> dict:
    """The same book through WeasyPrint, for the engine comparison in docs/benchmarks.md."""
    try:
        from weasyprint import CSS, HTML
    except ImportError:
        return {"weasyprint": "not installed (pip install weasyprint)"}
    from ficshelf.books.htmlfile import write_html

    page_css = CSS(string="@page { size: A5; margin: 15mm; @bottom-center { content: counter(page) } }")
    html_path = out / "weasy.html"

    def build() -> None:
        source = _source(work.pk, "pdf", "a5")
        with open(html_path, "w", encoding="utf-8") as handle:
            write_html(source.book(), handle)
        HTML(filename=str(html_path)).write_pdf(out / "weasy.pdf", stylesheets=[page_css])

    seconds, peak = _time_case(build, 1)
    return {"weasyprint_pdf_long_seconds": seconds, "weasyprint_pdf_long_peak_mb": peak}


def bench_downloads(words: int, chapters: int, small_words: int, runs: int, compare: bool) -> dict:
    from ficshelf.accounts.models import User
    from ficshelf.downloads.files import build
    from ficshelf.downloads.tasks import build_download

    if connection.vendor != "sqlite":
        # Its own test database, so a test run on the same server is never disturbed.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_bench_downloads_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        with (
            tempfile.TemporaryDirectory() as directory,
            override_settings(FICSHELF_DOWNLOADS_DIR=Path(directory), TASKS=_IMMEDIATE),
        ):
            user = User.objects.create_user("bench", "bench@example.org", "bench-password-1")
            started = time.perf_counter()
            long_work = make_work(user, "The Long Benchmark", words, chapters)
            small_work = make_work(user, "A Typical Benchmark", small_words, 3, seed=11)
            result: dict = {
                "database": connection.vendor,
                "long_words": long_work.word_count,
                "long_chapters": long_work.chapter_count,
                "small_words": small_work.word_count,
                "setup_seconds": round(time.perf_counter() - started, 1),
                "peak_method": "VmHWM" if _reset_peak() else "ru_maxrss (never reset)",
            }

            def inline(work, fmt: str):
                def run() -> None:
                    source = _source(work.pk, fmt, "a5" if fmt == "pdf" else "")
                    source.target.path(source.revision()).unlink(missing_ok=True)  # always a fresh build
                    build(source)

                return run

            def queued(work, fmt: str):
                def run() -> None:
                    source = _source(work.pk, fmt, "a5")
                    source.target.path(source.revision()).unlink(missing_ok=True)
                    build_download.enqueue("work", work.pk, fmt, "a5", None)  # as the worker runs it

                return run

            cases = [
                ("epub_small", inline(small_work, "epub"), runs),
                ("epub_long", inline(long_work, "epub"), runs),
                ("pdf_small", inline(small_work, "pdf"), runs),
                ("pdf_long", queued(long_work, "pdf"), 1),
            ]
            for name, case, count in cases:
                seconds, peak = _time_case(case, count)
                result[f"{name}_seconds"] = seconds
                result[f"{name}_peak_mb"] = peak
            sizes = {fmt: _source(long_work.pk, fmt, "a5" if fmt == "pdf" else "") for fmt in ("epub", "pdf")}
            for fmt, source in sizes.items():
                result[f"{fmt}_long_bytes"] = source.target.path(source.revision()).stat().st_size
            if compare:
                result.update(_weasyprint_seconds(long_work, Path(directory)))
    finally:
        teardown_databases(old_config, verbosity=0)
    return result


def add_arguments(parser) -> None:
    parser.add_argument(
        "--words", type=int, default=500_000, help="Words in the long work (default 500,000)."
    )
    parser.add_argument("--chapters", type=int, default=100, help="Chapters in the long work (default 100).")
    parser.add_argument("--small-words", type=int, default=10_000, help="Words in the typical work (10,000).")
    parser.add_argument(
        "--runs", type=int, default=3, help="Timed runs per case; the best counts (default 3)."
    )
    parser.add_argument(
        "--compare-weasyprint",
        action="store_true",
        help="Also time WeasyPrint on the long work, if installed.",
    )


def run(words: int, chapters: int, small_words: int, runs: int, compare_weasyprint: bool) -> dict:
    return bench_downloads(words, chapters, small_words, runs, compare_weasyprint)
