"""`ficshelf bench notifications` keeps working: a tiny run in a subprocess (it builds its own database)."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

pytestmark = pytest.mark.slow  # a benchmark in a subprocess


def test_it_posts_fans_out_and_mails_digests():
    with tempfile.TemporaryDirectory() as data_dir:
        env = os.environ | {"FICSHELF_DATA_DIR": data_dir}
        env.pop("FICSHELF_TASKS", None)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ficshelf.cli",
                "bench",
                "notifications",
                "--subscribers",
                "40",
                "--chapters",
                "2",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["subscribers"] == 40
    assert figures["notifications_written_during_requests"] == 0  # the requests only queued the fan-out
    assert figures["fan_out_tasks_queued"] == 2
    assert figures["notifications"] == 80
    assert figures["digests_sent"] == figures["digest_mails"] == 40  # two chapters, one mail each
    assert figures["notifications_per_second"] > 0
