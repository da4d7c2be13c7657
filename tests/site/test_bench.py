"""`ficshelf bench slow-clients` keeps working: a tiny run in a subprocess (it builds its own archive)."""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # a benchmark in a subprocess, serving the demo archive three times


def test_it_times_a_page_under_slow_clients_for_each_server():
    command = [sys.executable, "-m", "ficshelf.cli", "bench", "slow-clients", "--json"]
    command += ["--connections", "4", "--workers", "1", "--requests", "2", "--give-up", "2"]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ, timeout=600, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    now = figures["head-first gthread (now)"]
    assert set(figures) >= {"sync (before)", "gthread", "head-first gthread (now)"}
    assert now["alone"]["failed"] == now["preconnects"]["failed"] == now["slowloris"]["failed"] == 0
    assert figures["sync (before)"]["preconnects"]["failed"] == 2  # one sync worker, held by the first
