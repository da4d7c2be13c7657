"""The supervisor's restart delays: quick at first, doubling while a child keeps dying."""

import subprocess
import sys

import pytest

from ficshelf.site import supervisor
from ficshelf.site.supervisor import Child, Supervisor


@pytest.fixture
def dead_child():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    return Child("test child", [sys.executable, "-c", ""], process=process, started_at=100.0)


def delays_of_deaths(child: Child, deaths: int, lived: float) -> list[float]:
    """Let `child` die `deaths` times, each `lived` seconds after its start: the delays chosen."""
    runner = Supervisor([child], env={})
    delays = []
    for _ in range(deaths):
        runner._check(child.started_at + lived)
        assert child.restart_at is not None
        delays.append(child.restart_at - (child.started_at + lived))
        child.restart_at = None  # as if started again, and dead again at once
    return delays


def test_it_restarts_a_dead_child_within_a_second_then_backs_off(dead_child):
    assert delays_of_deaths(dead_child, 8, lived=0.5) == [1, 2, 4, 8, 16, 32, 60, 60]


def test_it_restarts_quickly_again_after_the_child_ran_fine_for_a_while(dead_child):
    delays_of_deaths(dead_child, 5, lived=0.5)
    assert delays_of_deaths(dead_child, 1, lived=supervisor.STABLE_AFTER) == [1]
    assert delays_of_deaths(dead_child, 1, lived=0.5) == [2]
