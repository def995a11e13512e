"""BLAS on one thread for the small dense matrices of the lattice engine; batches split over threads; stacked inverses.

The lattice engine works on many small matrices: one ``W x W`` inversion
per slice in the recursive Green's function sweeps, a ``2W x 2W`` Schur
decomposition per lead and energy, a sparse LU factorisation and dense
solves of a few hundred unknowns per device.  For such sizes the threads of
a multi-threaded BLAS cost more in synchronization than they save, and on a
busy machine they can slow a calculation down many times (measured on two
cores: the self-energy of a 50-wide lead in a field at 20 energies 2.6 s
instead of 0.23 s, the transmission of a 200 x 100 strip at one energy 2.4 s
instead of 0.11 s, a six-terminal Hall bar 28 ms instead of 16 ms when two
other processes keep the cores busy).  The engine therefore runs these parts
inside :func:`single_threaded_blas`, and :func:`split_map` runs contiguous
chunks of a batch in parallel Python threads instead (numpy releases the
interpreter lock inside its linear algebra).  The limit is lifted on leaving
the block: the caller's BLAS settings are never changed.  Without
``threadpoolctl`` both are plain calls.  Results never depend on the number
of threads.
"""

from __future__ import annotations

import contextlib
import functools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.linalg import lapack


@functools.lru_cache(maxsize=1)
def _controller():
    """The ``threadpoolctl`` controller of the loaded BLAS libraries, or None.

    Finding the libraries takes about a millisecond, limiting them with a
    known controller some microseconds: the controller is made once, on first
    use, when numpy's and scipy's BLAS are loaded (the lattice modules import
    ``scipy.linalg`` and ``scipy.sparse.linalg``).
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def _limiter():
    """A factory of context managers limiting BLAS to one thread, or None.

    The limit is applied when the context manager is made, so it is only ever
    made in a ``with`` statement: the limit is always lifted again and never
    leaks to the caller.
    """
    controller = _controller()
    if controller is None:
        return None
    return lambda: controller.limit(limits=1, user_api="blas")


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

    ``func`` always runs with BLAS limited to one thread (when
    ``threadpoolctl`` is available), split or not.

    Returns
    -------
    list
        Results in batch order; concatenate them along the split axis.
    """
    limiter = _limiter()
    workers = min(_workers(), max(n // max(min_chunk, 1), 1))
    if limiter is None:
        return [func(slice(0, n))]
    if workers < 2:
        with limiter():
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


def stack_inverse(a):
    """Inverse of every matrix of a stack ``(..., W, W)``.

    :func:`numpy.linalg.inv` solves against the identity; for ``20 <= W < 64``
    the LAPACK pair ``getrf`` (LU) + ``getri`` (inverse from LU) does fewer
    flops and is faster, even called matrix by matrix (measured on one core:
    W = 50, 100 matrices: 6.9 ms against 10.2 ms; W = 100: 5.0 against 5.1 ms
    per 10 matrices, where numpy wins on two threads: see below).
    """
    w = a.shape[-1]
    if w < 20 or w >= 64:
        # Small: numpy's batched call has less overhead.  Large: the flop counts
        # are alike, and numpy releases the interpreter lock, so the chunks of
        # split_map run side by side (scipy's
        # f2py wrappers below keep the lock and run the threads in turn).
        return np.linalg.inv(a)
    stack = a.reshape(-1, w, w)
    out = np.empty(stack.shape, dtype=complex)
    for i, m in enumerate(stack):
        lu, piv, info = lapack.zgetrf(m)
        if info == 0:
            out[i], info = lapack.zgetri(lu, piv, overwrite_lu=True)
        if info != 0:
            raise np.linalg.LinAlgError("singular matrix in the recursive Green's function sweep")
    return out.reshape(a.shape)
