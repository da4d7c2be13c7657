"""`ficshelf bench web` keeps working: a tiny run in a subprocess (it builds its own archive and servers)."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

pytestmark = pytest.mark.slow  # a benchmark in a subprocess, serving with gunicorn twice

PAGES = ("chapter", "entire_work", "works_index", "tag_works", "search")


def test_it_times_each_page_for_guests_and_readers_as_a_ratio_to_the_bare_view():
    command = [sys.executable, "-m", "ficshelf.cli", "bench", "web", "--json"]
    command += ["--works", "120", "--duration", "1", "--connections", "4", "--workers", "1", "--renders", "2"]
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=os.environ | {"FICSHELF_DATA_DIR": data_dir},
            timeout=600,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["works"] == 120
    assert figures["bare_view"]["requests_per_second"] > 0
    assert figures["bare_view"]["failures"] == 0
    assert set(figures["pages"]) == {
        f"{page} ({reader})" for page in PAGES for reader in ("guest", "logged_in")
    }
    for name, page in figures["pages"].items():
        assert page["failures"] == 0, name
        assert 0 < page["p50_ms"] <= page["p99_ms"], name
        assert page["ratio_to_bare"] == pytest.approx(
            page["requests_per_second"] / figures["bare_view"]["requests_per_second"], abs=0.001
        )
    for listing in ("works_index", "tag_works", "search"):
        assert figures["pages"][f"{listing} (guest)"]["urls"] >= 100  # in rotation, as the issue asks
    assert set(figures["in_process_ms"]) == set(PAGES)
