"""`ficshelf bench search` keeps working: a tiny run in a subprocess (it builds its own database)."""

import json
import os
import subprocess
import sys
import tempfile


def test_it_times_filters_and_full_text_queries_and_prints_the_agreed_json():
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
