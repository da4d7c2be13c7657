"""The `ficshelf` command installs the bench app for `ficshelf bench` (and the command list) only."""

import os

import pytest
from django.conf import settings

from ficshelf.cli import main


def test_it_leaves_the_bench_app_out_of_a_serving_archive():
    assert "ficshelf.bench" not in settings.INSTALLED_APPS


@pytest.mark.parametrize(
    ("argv", "bench"),
    [
        (["ficshelf", "bench", "search", "--works", "10"], "1"),
        (["ficshelf", "bench", "--help"], "1"),
        (["ficshelf", "help", "bench"], "1"),
        (["ficshelf", "--help"], "1"),
        (["ficshelf"], "1"),
        (["ficshelf", "serve"], None),
        (["ficshelf", "migrate"], None),
        (["ficshelf", "db_worker"], None),
    ],
)
def test_it_installs_the_bench_app_for_the_bench_command_and_the_command_list(monkeypatch, argv, bench):
    seen = []
    # A copy of the environment, which main() may change and the test then drops.
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "FICSHELF_BENCH"})
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line",
        lambda argv: seen.append(os.environ.get("FICSHELF_BENCH")),
    )
    assert main(argv) == 0
    assert seen == [bench]
