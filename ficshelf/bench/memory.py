"""A case's peak memory: the process's peak RSS (Linux VmHWM), reset before each case."""

from __future__ import annotations

from pathlib import Path


def reset_peak() -> bool:
    """Start a new peak (Linux only); False where the peak cannot be reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """The peak RSS in MB since the last reset (or since the process started)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
