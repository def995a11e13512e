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
inside :func:`single_threaded_blas` (defined in :mod:`qtransport._threads`,
imported here), and :func:`split_map` runs contiguous
chunks of a batch in parallel Python threads instead (numpy releases the
interpreter lock inside its batched linear algebra; the Schur decompositions,
reorderings, QR and singular values of the lead solver and the inversions of
:func:`stack_inverse` are called through ``ctypes`` for the same reason, see
:mod:`qtransport.lattice._lapack`).  The limit is lifted on leaving
the block: the caller's BLAS settings are never changed.  Without
``threadpoolctl`` both are plain calls.  Results never depend on the number
of threads.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.linalg import lapack

from qtransport._threads import _limiter, _one_blas_thread, single_threaded_blas
from qtransport.lattice._lapack import routine

__all__ = ["single_threaded_blas", "split_map", "stack_inverse"]


def _workers():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# Set in the worker threads of split_map: a split_map called from one of them runs its
# batch right there, so that nested splits never start more threads than there are cores.
_in_worker = threading.local()


def split_map(func, n, *, min_chunk=1, pieces=None):
    """``[func(slice_0), func(slice_1), ...]`` over contiguous slices covering ``range(n)``.

    Parameters
    ----------
    func : callable
        Takes a ``slice`` of the batch and returns that part of the result.
    n : int
        Size of the batch axis.
    min_chunk : int, optional
        Do not split into chunks smaller than this.
    pieces : int, optional
        Number of chunks (default: one per core).  More chunks than cores
        are handed to the cores as they become free, which lets work that
        holds the interpreter lock in one chunk overlap with linear algebra
        that releases it in another.

    ``func`` always runs with BLAS limited to one thread (when
    ``threadpoolctl`` is available), split or not.  Called from inside
    ``func`` (a nested split), it runs the whole batch in the calling thread.

    Returns
    -------
    list
        Results in batch order; concatenate them along the split axis.
    """
    workers = min(_workers(), max(n // max(min_chunk, 1), 1))
    if _limiter() is None:
        return [func(slice(0, n))]
    if workers < 2 or getattr(_in_worker, "active", False):
        with _one_blas_thread():
            return [func(slice(0, n))]
    count = workers if pieces is None else max(1, min(int(pieces), n // max(min_chunk, 1)))
    bounds = [round(i * n / count) for i in range(count + 1)]
    chunks = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def run(chunk):
        _in_worker.active = True
        try:
            return func(chunk)
        finally:
            _in_worker.active = False

    with _one_blas_thread(), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(run, chunks))


def _lapack_inverse_pair():
    """``(zgetrf, zgetri)`` of scipy's LAPACK as ``ctypes`` functions (see :mod:`qtransport.lattice._lapack`), or None.

    scipy's Python wrappers of LAPACK keep the interpreter lock while they
    run; a ``ctypes`` call releases it, so the chunks of :func:`split_map`
    invert their matrices side by side.
    """
    getrf, getri = routine("zgetrf", "iipipi"), routine("zgetri", "ipippii")
    return None if getrf is None or getri is None else (getrf, getri)


def _lapack_inverse(stack):
    """Inverses of a C-ordered stack ``(n, W, W)`` by ``zgetrf`` + ``zgetri`` through ``ctypes``, in place.

    LAPACK reads a C-ordered matrix as its transpose; the inverse of the
    transpose is the transpose of the inverse, so the result, read back in C
    order, is the inverse.
    """
    import ctypes

    getrf, getri = _lapack_inverse_pair()
    w = stack.shape[-1]
    size, info, lwork = ctypes.c_int(w), ctypes.c_int(0), ctypes.c_int(64 * w)
    pivots = np.empty(w, dtype=np.int32)
    work = np.empty(64 * w, dtype=complex)
    piv, wrk = pivots.ctypes.data, work.ctypes.data
    base, step = stack.ctypes.data, stack.strides[0]
    n, status, space = ctypes.byref(size), ctypes.byref(info), ctypes.byref(lwork)
    for i in range(stack.shape[0]):
        address = base + i * step
        getrf(n, n, address, n, piv, status)
        if info.value == 0:
            getri(n, address, n, piv, wrk, space, status)
        if info.value != 0:
            raise np.linalg.LinAlgError("singular matrix in the recursive Green's function sweep")
    return stack


def stack_inverse(a, *, overwrite=False):
    """Inverse of every matrix of a stack ``(..., W, W)``.

    With ``overwrite`` the inverses may be written into ``a`` (when it is a
    C-ordered complex array), which is then no longer needed.

    :func:`numpy.linalg.inv` solves against the identity (``32/3 W^3`` real
    flops); for ``W >= 20`` the LAPACK pair ``getrf`` (LU) + ``getri``
    (inverse from LU, together ``8 W^3``) is faster, even called matrix by
    matrix (measured on one core, GFLOP/s counted as ``8 W^3``: W = 40:
    12 against 9; W = 64: 19 against 13; W = 100: 18 against 16; W = 150:
    26 against 20).  That pair is called through ``ctypes`` (see
    :func:`_lapack_inverse_pair`), which lets the threads of
    :func:`split_map` run at once, as numpy's own batched call does.
    """
    w = a.shape[-1]
    if w < 20:
        return np.linalg.inv(a)  # small: numpy's batched call has less overhead
    if _lapack_inverse_pair() is not None:
        own = overwrite and a.dtype == complex and a.flags.c_contiguous and a.flags.writeable
        stack = a if own else np.array(a, dtype=complex, order="C")
        return _lapack_inverse(stack.reshape(-1, w, w)).reshape(a.shape)
    if w >= 64:  # pragma: no cover - scipy without its Cython LAPACK table
        return np.linalg.inv(a)  # numpy releases the interpreter lock; scipy's wrappers below do not
    stack = a.reshape(-1, w, w)  # pragma: no cover
    out = np.empty(stack.shape, dtype=complex)
    for i, m in enumerate(stack):
        lu, piv, info = lapack.zgetrf(m)
        if info == 0:
            out[i], info = lapack.zgetri(lu, piv, overwrite_lu=True)
        if info != 0:
            raise np.linalg.LinAlgError("singular matrix in the recursive Green's function sweep")
    return out.reshape(a.shape)
