"""Gunicorn as `ficshelf serve` runs it: its own control socket (none), workers that die with the master."""

import http.client
import os
import signal
import subprocess

import pytest

from ficshelf.site.management.commands.serve import web_server_command
from tests.site.processes import alive, answers, children_of, free_port, port_is_free, wait_for

pytestmark = pytest.mark.slow  # starts gunicorn


@pytest.fixture
def gunicorn_env(tmp_path):
    """The environment gunicorn starts in: HOME in a temporary directory. Tests may add to it."""
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    return env | {"HOME": str(tmp_path), "FICSHELF_DATA_DIR": str(tmp_path / "data")}


@pytest.fixture
def gunicorn(gunicorn_env):
    """A gunicorn master with two workers on a free port."""
    port = free_port()
    env = gunicorn_env
    master = subprocess.Popen(
        web_server_command("127.0.0.1", port, workers=2),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: answers(port) and len(children_of(master.pid)) == 2, timeout=30) is not None
        yield master, port
    finally:
        if master.poll() is None:
            master.kill()
        master.wait()


def test_it_makes_no_control_socket_shared_with_other_instances(gunicorn, tmp_path):
    assert list(tmp_path.glob(".gunicorn/*")) == []


def test_it_stops_the_workers_and_frees_the_port_when_the_master_is_killed(gunicorn):
    master, port = gunicorn
    workers = children_of(master.pid)
    os.kill(master.pid, signal.SIGKILL)
    master.wait()
    assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=2) is not None
    assert wait_for(lambda: port_is_free(port), timeout=1) is not None


@pytest.fixture
def https_only(gunicorn_env):
    gunicorn_env |= {
        "SITE_URL": "https://fic.example.org",
        "TRUSTED_PROXIES": "",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def test_it_believes_no_forwarded_scheme_itself(https_only, gunicorn):
    """Only TRUSTED_PROXIES decides (site/proxies.py): gunicorn would trust loopback's on its own."""
    _, port = gunicorn
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/works/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{port}/works/"
