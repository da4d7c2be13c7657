"""The web worker answers readers while idle and slowloris connections outnumber its threads."""

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

from ficshelf.site.management.commands.serve import web_server_command
from tests.site.processes import answers, free_port, wait_for

pytestmark = pytest.mark.slow  # starts gunicorn

THREADS = 2
HELD = 40  # connections held open, far more than the worker's threads


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """One gunicorn worker with two threads, serving an empty archive on SQLite."""
    port = free_port()
    data = str(tmp_path_factory.mktemp("data"))
    env = os.environ | {"FICSHELF_THREADS": str(THREADS), "FICSHELF_DATA_DIR": data, "DATABASE_URL": ""}
    for command in ("migrate", "collectstatic"):
        subprocess.run([sys.executable, "-m", "ficshelf.cli", command, "--verbosity=0"], env=env, check=True)
    command = web_server_command("127.0.0.1", port, workers=1)
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: answers(port), timeout=30) is not None
        yield port
    finally:
        server.terminate()
        server.wait(timeout=40)


def fetch(
    port: int,
    connection: http.client.HTTPConnection | None = None,
    method: str = "GET",
    body: bytes | None = None,
) -> int:
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request(method, "/login", body=body)
    response = connection.getresponse()
    response.read()
    return response.status


def held_connections(port: int, first_bytes: bytes) -> list[socket.socket]:
    held = []
    for _ in range(HELD):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(first_bytes)
        held.append(sock)
    return held


@pytest.mark.parametrize(
    "first_bytes",
    [b"", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"],
    ids=["preconnects that send nothing", "slowloris heads that never end"],
)
def test_it_answers_a_reader_while_slow_connections_outnumber_its_threads(port, first_bytes):
    held = held_connections(port, first_bytes)
    try:
        time.sleep(0.5)  # let the worker accept them all
        assert [fetch(port) for _ in range(5)] == [200] * 5
    finally:
        for sock in held:
            sock.close()


def test_it_answers_a_request_whose_head_arrives_in_pieces(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for piece in (b"GET /login HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close\r\n", b"\r\n"):
            sock.sendall(piece)
            time.sleep(0.2)
        assert sock.makefile("rb").readline().startswith(b"HTTP/1.1 200")


def test_it_serves_requests_one_after_another_on_a_kept_alive_connection(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    assert [fetch(port, connection) for _ in range(3)] == [200, 200, 200]


def test_it_passes_a_request_body_to_the_app(port):
    # The login form refuses a POST without its CSRF cookie: the app read the request.
    assert fetch(port, method="POST", body=b"username=a&password=b") == 403
