"""The load generators of `ficshelf bench web`: both report the same figures, and count failures."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ficshelf.bench.load import WRK, run_load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Cookie")))
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


_WRK_INSTALLED = pytest.mark.skipif(shutil.which(WRK) is None, reason="wrk is not installed")


@pytest.mark.parametrize("python", [True, pytest.param(False, marks=_WRK_INSTALLED)], ids=["python", "wrk"])
def test_it_rotates_through_the_paths_with_the_headers_and_counts_errors(server, python):
    paths = ["/a", "/b", "/missing"]
    load = run_load(
        server, paths, {"Cookie": "sessionid=x"}, duration=1, connections=2, threads=1, python=python
    )
    assert load.requests > 10
    assert load.requests_per_second > 0
    assert 0 < load.p50_ms <= load.p99_ms
    assert {path for path, _ in _Handler.seen} == set(paths)
    assert {cookie for _, cookie in _Handler.seen} == {"sessionid=x"}
    assert 0 < load.failures < load.requests  # every third answer is a 404
