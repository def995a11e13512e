"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time


def median_seconds(func, *, repeat=7, warmup=1):
    """Median wall time of ``func()`` over ``repeat`` calls, after ``warmup`` calls."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def row(case, seconds, target=None, note=""):
    """One table row: the case, its median time, the target (seconds or None) and a note."""
    return {"case": case, "seconds": seconds, "target": target, "note": note}
