"""HTTP load for `ficshelf bench web`: wrk when it is installed, else a Python client.

Both keep `connections` connections busy for `duration` seconds, cycling through the
given paths (each connection starting at a different one), and report requests per
second, the 50th and 99th percentile latency and the failures (socket errors and
HTTP statuses of 400 and up).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass

WRK = "/usr/bin/wrk"
_MARK = "FICSHELF_WRK "

# wrk runs this once per thread; `paths` and `headers` are filled in. done() prints
# the summary and the latency distribution's percentiles, in microseconds, as JSON.
_WRK_SCRIPT = """
local paths = {%(paths)s}
for name, value in pairs({%(headers)s}) do wrk.headers[name] = value end
local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end
local i = 0
function init(args) i = (first or 0) * 7919 end
function request()
  i = i + 1
  return wrk.format("GET", paths[i %% #paths + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('%(mark)s{"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "http_errors": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def generator(python: bool = False) -> str:
    """Which load generator runs: "wrk" if installed (and not refused), else "python"."""
    return "wrk" if not python and shutil.which(WRK) else "python"


def run_load(
    port: int,
    paths: list[str],
    headers: dict[str, str],
    *,
    duration: int,
    connections: int,
    threads: int,
    python: bool = False,
) -> Load:
    if generator(python) == "wrk":
        return _wrk(port, paths, headers, duration, connections, threads)
    return _python(port, paths, headers, duration, connections)


def _lua_string(value: str) -> str:
    if not value.isascii() or any(c in value for c in '\\"\n'):
        raise ValueError(f"not a plain ASCII path or header: {value!r}")
    return f'"{value}"'


def _wrk(
    port: int, paths: list[str], headers: dict[str, str], duration: int, connections: int, threads: int
) -> Load:
    script = _WRK_SCRIPT % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "headers": ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()),
        "mark": _MARK,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="ficshelf-wrk-", delete=False) as handle:
        handle.write(script)
    try:
        command = [
            WRK,
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=10s",
        ]
        command += ["-s", handle.name, f"http://127.0.0.1:{port}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    finally:
        os.remove(handle.name)
    line = next((line for line in done.stdout.splitlines() if line.startswith(_MARK)), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    figures = json.loads(line[len(_MARK) :])
    seconds = figures["duration_us"] / 1e6
    return Load(
        requests_per_second=round(figures["requests"] / seconds, 1),
        p50_ms=round(figures["p50_us"] / 1000, 2),
        p99_ms=round(figures["p99_us"] / 1000, 2),
        requests=figures["requests"],
        failures=figures["socket_errors"] + figures["http_errors"],
    )


def _python(port: int, paths: list[str], headers: dict[str, str], duration: int, connections: int) -> Load:
    """One thread per connection, kept alive; slower than wrk, so ratios in one run are what count."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(first: int) -> None:
        mine: list[float] = []
        failed = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        i = first * 7919
        while time.monotonic() < deadline:
            i += 1
            started = time.perf_counter()
            try:
                connection.request("GET", paths[i % len(paths)], headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    if len(latencies) < 2:
        raise RuntimeError("the Python load generator got fewer than two answers")
    percentiles = statistics.quantiles(latencies, n=100)
    return Load(
        requests_per_second=round(len(latencies) / elapsed, 1),
        p50_ms=round(percentiles[49] * 1000, 2),
        p99_ms=round(percentiles[98] * 1000, 2),
        requests=len(latencies),
        failures=failures[0],
    )
