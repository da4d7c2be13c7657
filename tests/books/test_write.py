"""write_book(): one call for every format, and the package's promise to stay pure."""

import subprocess
import sys
import zipfile

import pytest

from ficshelf.books import write_book
from tests.books.helpers import work_book


def test_it_writes_each_format_to_the_path_it_is_given(tmp_path):
    for fmt in ("epub", "pdf", "html", "txt"):
        write_book(work_book(), fmt, "", tmp_path / f"book.{fmt}")
    assert zipfile.ZipFile(tmp_path / "book.epub").read("mimetype") == b"application/epub+zip"
    assert (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "book.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "book.txt").read_text().startswith("Footnotes, Tables & Maps\n")


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="mobi"):
        write_book(work_book(), "mobi", "", tmp_path / "book.mobi")


def test_it_imports_nothing_from_django_or_the_apps():
    code = (
        "import sys, ficshelf.books, ficshelf.books.pdf; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django' "
        "or (m.startswith('ficshelf.') and m.split('.')[1] not in ('books', 'text'))); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
