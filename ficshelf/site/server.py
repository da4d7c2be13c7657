"""Process-level tuning for a process that serves requests (gunicorn workers, benchmarks)."""

import ctypes
import gc
import os
import signal
import sys

# Young-generation collections every 20,000 allocations instead of CPython's 700.
YOUNG_GC_THRESHOLD = 20_000


def tune_garbage_collector() -> None:
    """Free a request's garbage young, in small pauses, and never rescan what startup loaded.

    A listing page makes a few thousand short-lived objects in reference cycles (model
    instances and their prefetch caches). Under CPython's default thresholds they live
    long enough to reach the oldest generation, and full collections then pause one
    request in twenty for 60–120 ms (measured at 20,000 works: docs/benchmarks.md).
    Collected young they cost about a millisecond a page: every 20,000 allocations a
    pause of 6–12 ms; at 100,000 the pauses grew to 60–100 ms. gc.freeze() moves the
    modules, settings and URL maps loaded at startup out of every collection.
    """
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, 20, 20)


# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, signum: int = signal.SIGTERM) -> None:
    """Have the kernel send `signum` to this process as soon as its parent dies.

    Gunicorn's workers and `ficshelf serve`'s children call this right after the fork:
    a master killed with SIGKILL cannot stop them itself, and orphans would go on
    holding the port (a sync worker for up to half its timeout). Linux only; elsewhere
    gunicorn's own check of the parent pid, once a second in gthread workers, remains.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:  # the parent died before we asked
        os.kill(os.getpid(), signum)
