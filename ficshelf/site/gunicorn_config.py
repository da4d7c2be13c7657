"""Gunicorn's settings for serving Ficshelf: `gunicorn -c python:ficshelf.site.gunicorn_config ficshelf.wsgi`.

`ficshelf serve` starts gunicorn this way and adds only the address and the number of
workers; run gunicorn yourself with the same `-c` to get the same process model.
docs/deploy.md ("Processes and workers") explains the choices and docs/benchmarks.md
measures them.

Threaded workers: each process serves FICSHELF_THREADS requests at once, and a
connection waits in the worker's poller, not in a thread, until its request head has
arrived whole (site/web_worker.py), so idle connections (a browser's preconnect, a
kept-alive connection between requests) and slowloris clients cannot take every
worker the way they took sync workers.
"""

import os
import signal
from typing import Any

from ficshelf.site.server import die_with_parent

worker_class = "ficshelf.site.web_worker.HeadFirstThreadWorker"
threads = int(os.environ.get("FICSHELF_THREADS") or 8)
# A kept-alive connection costs a file descriptor, no thread; it is closed after this
# many idle seconds. (A request head gets web_worker.REQUEST_HEAD_TIMEOUT to arrive.)
keepalive = int(os.environ.get("FICSHELF_KEEPALIVE") or 5)
# A worker whose main loop stalls this long is killed and replaced.
timeout = 60
# Gunicorn's default control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two archives on one host would share; Ficshelf needs none (SIGHUP reloads).
control_socket_disable = True
# Gunicorn would believe X-Forwarded-Proto (and -Ssl) from loopback on its own;
# TRUSTED_PROXIES (site/proxies.py) alone decides whom to believe.
forwarded_allow_ips = ""


def post_fork(_arbiter: Any, worker: Any) -> None:
    """Each worker dies with its master, even when the master is killed with SIGKILL.

    SIGQUIT is gunicorn's quick shutdown: a worker that is still loading the app, or has
    requests in flight, stops at once and frees the port for the next master, instead of
    finishing its requests for up to the 30-second graceful timeout as SIGTERM would.
    """
    die_with_parent(worker.ppid, signal.SIGQUIT)
