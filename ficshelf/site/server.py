"""Process-level tuning for a process that serves requests (gunicorn workers, benchmarks)."""

import gc

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
