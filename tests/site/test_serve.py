"""`ficshelf serve` keeps its children running and stops them all on SIGTERM."""

import os
import signal
import subprocess
import sys

import pytest

from tests.site.processes import alive, answers, children_of, command_line, free_port, wait_for

pytestmark = pytest.mark.slow  # runs `ficshelf serve`: migrations, gunicorn, a task worker


def child_running(parent: int, program: str) -> int | None:
    return next((pid for pid in children_of(parent) if program in command_line(pid)), None)


def descendants(pid: int) -> list[int]:
    found = children_of(pid)
    return found + [grandchild for child in found for grandchild in descendants(child)]


@pytest.fixture
def serve(tmp_path):
    port = free_port()
    # SQLite in a directory of its own: serve migrates whatever database it is given.
    env = os.environ | {"FICSHELF_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    command = [sys.executable, "-m", "ficshelf.cli", "serve", "--no-demo", f"--port={port}", "--workers=1"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = wait_for(lambda: answers(port) and child_running(process.pid, "db_worker"), timeout=120)
        assert started is not None, "serve did not start"
        yield process, port
    finally:
        leftovers = descendants(process.pid)
        process.kill()
        process.wait()
        for pid in leftovers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def seconds_to_replace(parent: int, program: str) -> float | None:
    """Kill `parent`'s child running `program`: seconds until another one runs (None: not within 5 s)."""
    killed = child_running(parent, program)
    os.kill(killed, signal.SIGKILL)
    return wait_for(lambda: child_running(parent, program) not in (None, killed), timeout=5)


def test_it_starts_a_killed_task_worker_again_within_five_seconds(serve):
    process, _ = serve
    assert seconds_to_replace(process.pid, "db_worker") is not None


def test_it_starts_a_killed_web_server_again_and_it_answers(serve):
    process, port = serve
    assert seconds_to_replace(process.pid, "gunicorn") is not None
    assert wait_for(lambda: answers(port), timeout=30) is not None


def test_it_stops_every_child_on_sigterm(serve):
    process, _ = serve
    family = descendants(process.pid)
    assert len(family) >= 3  # the gunicorn master, its worker, the task worker
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0
    assert [pid for pid in family if alive(pid)] == []


def test_it_takes_its_children_along_when_it_is_killed(serve):
    process, port = serve
    family = descendants(process.pid)
    process.kill()
    process.wait()
    assert wait_for(lambda: not any(alive(pid) for pid in family), timeout=10) is not None
    assert not answers(port)
