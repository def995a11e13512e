"""Optional speed-up: split a batched computation over a few threads.

The recursive Green's function sweeps call numpy on stacks of small matrices
(one inversion per slice).  For such sizes the threads of a multi-threaded
BLAS cost more in synchronization than they save, and when the machine is
busy they can slow a sweep down many times.  If ``threadpoolctl`` is
installed, :func:`split_map` therefore limits BLAS to one thread and runs
contiguous chunks of the batch in parallel Python threads instead (numpy
releases the interpreter lock inside its linear algebra).  Without
``threadpoolctl`` it simply calls the function once on the whole batch.
Results never depend on the number of threads.
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor


def _limiter():
    """A factory of context managers limiting BLAS to one thread, or None.

    ``threadpool_limits`` applies its limit as soon as it is constructed, so
    it is only ever constructed in a ``with`` statement: the limit is always
    lifted again and never leaks to the caller.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None
    return lambda: threadpool_limits(limits=1, user_api="blas")


def _workers():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def split_map(func, n, *, min_chunk=1):
    """``[func(slice_0), func(slice_1), ...]`` over contiguous slices covering ``range(n)``.

    Parameters
    ----------
    func : callable
        Takes a ``slice`` of the batch and returns that part of the result.
    n : int
        Size of the batch axis.
    min_chunk : int, optional
        Do not split into chunks smaller than this.

    Returns
    -------
    list
        Results in batch order; concatenate them along the split axis.
    """
    limiter = _limiter()
    workers = min(_workers(), max(n // max(min_chunk, 1), 1))
    if limiter is None or workers < 2:
        return [func(slice(0, n))]
    bounds = [round(i * n / workers) for i in range(workers + 1)]
    chunks = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    with limiter(), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(func, chunks))


@contextlib.contextmanager
def single_threaded_blas():
    """Limit BLAS to one thread inside the block (no-op without threadpoolctl)."""
    limiter = _limiter()
    if limiter is None:
        yield
    else:
        with limiter():
            yield
