"""`ficshelf bench slow-clients --connections N`: a reader's page while slow connections are held open.

Serves the demo archive (built in a temporary data directory, SQLite) with gunicorn
three times in one run: as `ficshelf serve` used to (sync workers), with gunicorn's
own threaded worker, and as it does now (site/gunicorn_config.py, site/web_worker.py).
For each, it times `--requests` sequential requests for the works index with nothing
else going on, then again while N connections are held open that send nothing (browser
preconnects), then while N slowloris connections send one header line a second and
never finish their head. A request that gets no answer
within `--give-up` seconds counts as failed. Figures are milliseconds, and the median
under load as a ratio to the same server's idle median.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ficshelf.site import gunicorn_config
from ficshelf.site.management.commands.serve import web_server_command


def add_arguments(parser) -> None:
    parser.add_argument("--connections", type=int, default=60, help="Slow connections held open at once.")
    parser.add_argument("--workers", type=int, default=3, help="Gunicorn worker processes.")
    parser.add_argument("--requests", type=int, default=10, help="Timed requests per measurement.")
    parser.add_argument(
        "--give-up", type=float, default=10.0, help="Seconds before a request counts as failed."
    )
    parser.add_argument("--port", type=int, default=0, help="Port to serve on (default: any free one).")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _get(port, 1.0) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer on port {port}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(port: int, give_up: float) -> float | None:
    """Seconds to fetch the works index, or None if it failed or took longer than `give_up`."""
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=give_up)
        connection.request("GET", "/works/")
        response = connection.getresponse()
        response.read()
        connection.close()
    except OSError:
        return None
    return time.monotonic() - start if response.status == 200 else None


@contextmanager
def _held(port: int, count: int, slowloris: bool) -> Iterator[None]:
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    stop = threading.Event()

    def trickle() -> None:  # one more header line a second, never the blank line that ends the head
        for sock in sockets:
            sock.sendall(b"GET /works/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(1.0):
            for sock in sockets:
                with suppress(OSError):  # the server dropped it, as it should
                    sock.sendall(b"X-Slow: 1\r\n")

    thread = threading.Thread(target=trickle, daemon=True) if slowloris else None
    if thread:
        thread.start()
    time.sleep(0.5)  # let the server accept them
    try:
        yield
    finally:
        stop.set()
        if thread:
            thread.join()
        for sock in sockets:
            sock.close()
        time.sleep(1.0)


def _timings(port: int, requests: int, give_up: float) -> dict:
    seconds = [_get(port, give_up) for _ in range(requests)]
    answered = [s * 1000 for s in seconds if s is not None]
    return {
        "median_ms": round(statistics.median(answered), 1) if answered else None,
        "max_ms": round(max(answered), 1) if answered else None,
        "failed": len(seconds) - len(answered),
    }


def _measure(
    command: list[str], env: dict[str, str], port: int, connections: int, requests: int, give_up: float
) -> dict:
    with _server(command, env, port):
        for _ in range(5):  # warm every worker's caches
            _get(port, give_up)
        result = {"alone": _timings(port, requests, give_up)}
        for name, slowloris in (("preconnects", False), ("slowloris", True)):
            with _held(port, connections, slowloris):
                result[name] = _timings(port, requests, give_up)
    base = result["alone"]["median_ms"]
    for name in ("preconnects", "slowloris"):
        median = result[name]["median_ms"]
        result[name]["ratio_to_alone"] = round(median / base, 1) if median and base else None
    return result


def run(connections: int, workers: int, requests: int, give_up: float, port: int) -> dict:
    port = port or _free_port()
    with tempfile.TemporaryDirectory(prefix="ficshelf-bench-slow-") as data:
        env = os.environ | {"FICSHELF_DATA_DIR": data, "DATABASE_URL": ""}
        for step in (["migrate"], ["collectstatic", "--noinput"], ["demo"]):
            command = [sys.executable, "-m", "ficshelf.cli", *step, "--verbosity=0"]
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        ours = web_server_command("127.0.0.1", port, workers)
        # `ficshelf serve` before #12: sync workers, gunicorn's defaults otherwise.
        sync = [ours[0], "ficshelf.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--timeout=60"]
        return {
            "connections": connections,
            "workers": workers,
            "threads": gunicorn_config.threads,
            "sync (before)": _measure(sync, env, port, connections, requests, give_up),
            # The same settings with gunicorn's own threaded worker, which hands every new
            # connection to a thread (the command line overrides the config file).
            "gthread": _measure([*ours, "--worker-class=gthread"], env, port, connections, requests, give_up),
            "head-first gthread (now)": _measure(ours, env, port, connections, requests, give_up),
        }
