"""BLAS limited to one thread inside a block, safely across Python threads.

The process has one BLAS thread setting.  :func:`single_threaded_blas`
limits it to one thread for the block it guards (small dense matrices, for
which BLAS threads cost more in synchronization than they save) and lifts the
limit when the last such block, in whichever thread, is left; blocks entered
meanwhile change nothing.  Without ``threadpoolctl`` it does nothing.  Any
module of the package that runs small dense linear algebra may use it; the
lattice engine's parallel batches (:mod:`qtransport.lattice._parallel`) are
built on it.
"""

from __future__ import annotations

import contextlib
import functools
import threading

__all__ = ["single_threaded_blas"]


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


# The BLAS thread count is one setting of the whole process, and changing it while
# another thread runs inside BLAS is not safe (threadpoolctl says so; OpenBLAS can
# stall).  So the limit is set by the first block that enters, from whichever thread,
# and lifted by the last one that leaves; the blocks entered meanwhile (the chunks of
# split_map, whose lead solutions use single_threaded_blas again) change nothing.
_depth = 0
_depth_lock = threading.Lock()
_active = None


@contextlib.contextmanager
def _one_blas_thread():
    global _depth, _active
    limiter = _limiter()
    if limiter is None:
        yield
        return
    with _depth_lock:
        if _depth == 0:
            _active = limiter()
        _depth += 1
    try:
        yield
    finally:
        with _depth_lock:
            _depth -= 1
            if _depth == 0:
                _active.restore_original_limits()
                _active = None


@contextlib.contextmanager
def single_threaded_blas():
    """Limit BLAS to one thread inside the block (no-op without threadpoolctl).

    Safe to nest and to enter from several threads at once: the limit is set once,
    by the first block to enter, and lifted when the last one leaves.
    """
    with _one_blas_thread():
        yield
