"""Keep `ficshelf serve`'s children running: restart one that dies, stop all on a signal.

A child that dies is started again after FIRST_RESTART_DELAY, then after twice as long
each time it dies again, up to MAX_RESTART_DELAY; one that ran for STABLE_AFTER
seconds counts as healthy, and its next restart is quick again. The children stay in
the supervisor's process group and die with it (server.die_with_parent), so neither a
Ctrl-C nor a SIGKILL of the supervisor leaves one behind.
"""

import functools
import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType

from ficshelf.site.server import die_with_parent

log = logging.getLogger(__name__)

FIRST_RESTART_DELAY = 1.0
MAX_RESTART_DELAY = 60.0
STABLE_AFTER = 60.0
# How long stopping children get to finish (gunicorn's graceful timeout is 30 s).
STOP_TIMEOUT = 35.0
POLL_INTERVAL = 0.2


@dataclass
class Child:
    """One program the supervisor keeps running."""

    name: str
    argv: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0  # deaths in a row, each soon after its start
    restart_at: float | None = None

    def restart_delay(self) -> float:
        return min(FIRST_RESTART_DELAY * 2**self.quick_deaths, MAX_RESTART_DELAY)


@dataclass
class Supervisor:
    children: list[Child]
    env: Mapping[str, str]
    stopping: bool = field(default=False, init=False)

    def run(self) -> None:
        """Start every child and keep them running until SIGTERM or SIGINT; then stop them."""
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for child in self.children:
                self._start(child)
            while not self.stopping:
                self._check(time.monotonic())
                time.sleep(POLL_INTERVAL)
        finally:
            self._stop_children()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.argv, env=dict(self.env), preexec_fn=functools.partial(die_with_parent, os.getpid())
        )
        child.started_at = time.monotonic()
        child.restart_at = None

    def _check(self, now: float) -> None:
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._start(child)
                continue
            assert child.process is not None
            code = child.process.poll()
            if code is None:
                continue
            if now - child.started_at >= STABLE_AFTER:
                child.quick_deaths = 0
            delay = child.restart_delay()
            child.quick_deaths += 1
            child.restart_at = now + delay
            log.warning("The %s exited with code %s; starting it again in %g s.", child.name, code, delay)

    def _stop_children(self) -> None:
        running = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in running:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0))
            except subprocess.TimeoutExpired:
                log.warning("PID %s did not stop within %g s; killing it.", process.pid, STOP_TIMEOUT)
                process.kill()
                process.wait()
