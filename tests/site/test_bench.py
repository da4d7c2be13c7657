"""The site's benchmarks keep working (slow-clients, observability): tiny runs in subprocesses (each builds its own archive)."""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # benchmarks in subprocesses, serving the demo archive


def test_it_times_a_page_under_slow_clients_for_each_server():
    command = [sys.executable, "-m", "ficshelf.cli", "bench", "slow-clients", "--json"]
    command += ["--connections", "4", "--workers", "1", "--requests", "2", "--give-up", "2"]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=600, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    now = figures["head-first gthread (now)"]
    assert set(figures) >= {"sync (before)", "gthread", "head-first gthread (now)"}
    assert now["alone"]["failed"] == now["preconnects"]["failed"] == now["slowloris"]["failed"] == 0
    assert figures["sync (before)"]["preconnects"]["failed"] == 2  # one sync worker, held by the first


def test_it_times_pages_with_and_without_the_observability_middlewares():
    command = [sys.executable, "-m", "ficshelf.cli", "bench", "observability", "--json", "--requests", "20"]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=600, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["requests"] == 20
    for page in ("work_page", "works_index"):
        assert figures[f"{page}_without_median_ms"] > 0
        assert figures[f"{page}_with_ratio"] > 0 and figures[f"{page}_with_json_log_ratio"] > 0
