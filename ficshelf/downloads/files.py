"""Built files on disk, keyed by revision: a popular work is built once, a changed one anew.

Layout: DOWNLOADS_DIR/<work|series>/<id>/<revision>-<paper>.<ext>. Files are written
to a temporary name and renamed into place, so a reader never gets half a file. A
`.pending` marker says a build is queued; a `.failed` marker says the last one failed.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ficshelf.accounts.models import User
from ficshelf.books import Book, write_book
from ficshelf.downloads.assemble import series_book, work_book
from ficshelf.downloads.revisions import series_revision, work_revision
from ficshelf.works.models import Series, Work

CONTENT_TYPES = {
    "epub": "application/epub+zip",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
# Words a web request builds itself; longer books go to the task queue. A 500k-word
# EPUB takes well under a second (docs/benchmarks.md); a PDF takes ~1 s per 50k words.
DEFAULT_INLINE_WORDS = {"epub": 1_000_000, "html": 1_000_000, "txt": 1_000_000, "pdf": 20_000}
MAX_ID = 2**63 - 1
PENDING_TIMEOUT = 15 * 60  # a queued build not done by then is queued again
FAILED_TIMEOUT = 10 * 60  # a failed build is retried after this
KEEP_OLD_REVISIONS = 60 * 60  # older revisions of a file are deleted after an hour


def downloads_dir() -> Path:
    return Path(getattr(settings, "FICSHELF_DOWNLOADS_DIR", None) or Path(settings.DATA_DIR) / "downloads")


def inline_words(fmt: str) -> int:
    limits = {**DEFAULT_INLINE_WORDS, **getattr(settings, "FICSHELF_DOWNLOAD_INLINE_WORDS", {})}
    return limits[fmt]


def slug_for(title: str, fallback: str) -> str:
    """An ASCII file name from a title: "Tea at the Wrong Hour" → "Tea_at_the_Wrong_Hour"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_title).strip("_")[:80].rstrip("_")
    return slug or fallback


def work_slug(work: Work) -> str:
    return slug_for(work.title, f"work-{work.pk}")


def series_slug(series: Series) -> str:
    return slug_for(series.title, f"series-{series.pk}")


@dataclass(frozen=True)
class Target:
    """One file to serve: a work or a series, in one format (and paper size for PDF)."""

    kind: str  # "work" or "series"
    pk: int
    fmt: str
    paper: str = ""

    def path(self, revision: str) -> Path:
        suffix = self.paper or "x"
        return downloads_dir() / self.kind / str(self.pk) / f"{revision}-{suffix}.{self.fmt}"


@dataclass
class Source(ABC):
    """What a target is built from, as `user` may see it: a WorkSource or a SeriesSource."""

    target: Target
    user: User | None

    @staticmethod
    def load(target: Target, user: User | None) -> Source | None:
        """The work or series if `user` may see it, else None. Visibility decides everything."""
        if not 0 < target.pk <= MAX_ID:  # beyond what the database can hold: no such thing
            return None
        if target.kind == "work":
            work = Work.objects.visible_to(user).for_blurbs(user).filter(pk=target.pk).first()
            return WorkSource(target, user, work) if work else None
        series = Series.objects.visible_to(user).prefetch_related("pseuds__user").filter(pk=target.pk).first()
        if series is None:
            return None
        return SeriesSource(target, user, series, list(series.works_visible_to(user).for_blurbs(user)))

    @property
    @abstractmethod
    def words(self) -> int: ...

    @property
    @abstractmethod
    def title(self) -> str: ...

    @property
    @abstractmethod
    def slug(self) -> str: ...

    @abstractmethod
    def revision(self) -> str: ...

    @abstractmethod
    def book(self) -> Book: ...


@dataclass
class WorkSource(Source):
    work: Work

    @property
    def words(self) -> int:
        return self.work.word_count

    @property
    def title(self) -> str:
        return self.work.title

    @property
    def slug(self) -> str:
        return work_slug(self.work)

    def revision(self) -> str:
        return work_revision(self.work, self.user)

    def book(self) -> Book:
        return work_book(self.work, self.user)


@dataclass
class SeriesSource(Source):
    series: Series
    works: list[Work]  # the series' works that `user` may see, in order

    @property
    def words(self) -> int:
        return sum(w.word_count for w in self.works)

    @property
    def title(self) -> str:
        return self.series.title

    @property
    def slug(self) -> str:
        return series_slug(self.series)

    def revision(self) -> str:
        return series_revision(self.series, self.works, self.user)

    def book(self) -> Book:
        return series_book(self.series, self.works, self.user)


def build(source: Source, revision: str | None = None) -> Path:
    """Build the file for `source` unless it is cached, and return its path."""
    revision = revision or source.revision()
    path = source.target.path(revision)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".build-", suffix=f".{source.target.fmt}")
    os.close(handle)
    try:
        write_book(source.book(), source.target.fmt, source.target.paper, Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _clear_markers(path)
    _prune(path)
    return path


def _marker(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.name}.{kind}")


def _fresh(path: Path, seconds: int) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except FileNotFoundError:
        return False


def claim_pending(path: Path) -> bool:
    """Mark a build as queued; False if a recent one is queued already."""
    marker = _marker(path, "pending")
    marker.parent.mkdir(parents=True, exist_ok=True)
    if _fresh(marker, PENDING_TIMEOUT):
        return False
    marker.unlink(missing_ok=True)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:  # another request claimed it a moment ago
        return False
    _marker(path, "failed").unlink(missing_ok=True)
    return True


def recent_failure(path: Path) -> bool:
    return _fresh(_marker(path, "failed"), FAILED_TIMEOUT)


def record_failure(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _marker(path, "failed").touch()
    _marker(path, "pending").unlink(missing_ok=True)


def _clear_markers(path: Path) -> None:
    for kind in ("pending", "failed"):
        _marker(path, kind).unlink(missing_ok=True)


def _prune(path: Path) -> None:
    """Delete older revisions of the same format; readers still streaming them keep their copy."""
    suffix = path.name.split("-", 1)[1]
    now = time.time()
    for sibling in path.parent.iterdir():
        if sibling == path or not sibling.name.endswith(suffix) or sibling.name.startswith("."):
            continue
        try:
            if now - sibling.stat().st_mtime > KEEP_OLD_REVISIONS:
                sibling.unlink()
        except FileNotFoundError:
            pass
