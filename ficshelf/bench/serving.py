"""A server for a benchmark to measure: started on a loopback port, stopped with its process group."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30.0
) -> tuple[int, bytes]:
    """One GET on loopback: the status and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int, ready_path: str = "/") -> Iterator[None]:
    """Run `command` in a process group of its own until `ready_path` answers; stop the group afterwards.

    The group takes gunicorn's workers along even if the master is wedged.
    """
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(port, ready_path, timeout=5)[0] < 500:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}: {' '.join(command)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer on port {port}: {' '.join(command)}")
            time.sleep(0.2)
        yield
    finally:
        _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=40)
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
    process.wait()
