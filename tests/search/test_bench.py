"""`ficshelf bench search` keeps working: a tiny run in a subprocess (it builds its own database)."""

import json
import os
import subprocess
import sys
import tempfile

import pytest
from django.db import connection

pytestmark = pytest.mark.slow  # a benchmark in a subprocess


def test_it_times_filters_full_text_and_a_rewrangle_and_prints_the_agreed_json():
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ficshelf.cli",
                "bench",
                "search",
                "--works",
                "150",
                "--runs",
                "1",
                "--rewrangle",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=os.environ | {"FICSHELF_DATA_DIR": data_dir},
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) >= {"works", "database", "filter", "fulltext"}
    assert figures["works"] == 150
    assert figures["database"] in ("sqlite", "postgresql")
    for mix in ("filter", "fulltext"):
        assert 0 < figures[mix]["p50_ms"] <= figures[mix]["p95_ms"]
    rewrangle = figures["rewrangle"]
    assert rewrangle["works"] > 0
    assert rewrangle["indexed"] == rewrangle["works"]  # every work of the merged tag found by the canonical
    assert rewrangle["filter_meanwhile"]["queries"] >= 20


def _bench(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as data_dir:
        return subprocess.run(
            [sys.executable, "-m", "ficshelf.cli", "bench", "search", "--runs", "1", "--json", *args],
            capture_output=True,
            text=True,
            env=os.environ | {"FICSHELF_DATA_DIR": data_dir},
            timeout=300,
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL benchmark databases are kept")
def test_it_times_a_kept_archive_again_without_generating_it(django_db_blocker):
    kept = _bench("--works", "120", "--keep")
    assert kept.returncode == 0, kept.stderr[-2000:]
    try:
        again = _bench("--works", "120", "--reuse")
        assert again.returncode == 0, again.stderr[-2000:]
        assert "(kept, reused)" in again.stderr
        assert "works: 120" not in again.stderr  # nothing generated
        assert json.loads(again.stdout.strip().splitlines()[-1])["works"] == 120

        wrong = _bench("--works", "500", "--reuse")
        assert wrong.returncode != 0
        assert "the kept archive has 120 works, not 500; drop --reuse" in wrong.stderr
    finally:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS ficshelf_bench")
