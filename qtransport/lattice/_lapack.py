"""A few LAPACK routines called through ``ctypes``, so that they release the interpreter lock.

The lattice engine solves the leads of a sweep over energies, and the slices
of its recursive Green's function, in parallel Python threads
(:func:`qtransport.lattice._parallel.split_map`).  That only pays where the
linear algebra lets go of the interpreter lock while it runs.  scipy's Python
wrappers of LAPACK (:mod:`scipy.linalg.lapack`) keep it, and so, for one small
matrix at a time, do numpy's ``svd`` and ``qr``: measured on two cores with
BLAS on one thread, two threads each reordering a real Schur form of size 80
(``dtrsen``) 300 times took 1.75 times as long as one thread doing it alone,
and for ``numpy.linalg.svd`` and ``qr`` of a 40 x 40 matrix 2 to 3 times as
long; called as below, a routine of that size takes 1.0-1.2 times as long.

The function pointers are the ones scipy exports for Cython
(``scipy.linalg.cython_lapack``), so the LAPACK is scipy's own.  Each
wrapper here falls back on the scipy or numpy call when that table is
missing, and gives the same results.  Matrices are passed in Fortran order.
"""

from __future__ import annotations

import ctypes
import functools

import numpy as np

__all__ = ["real_schur", "reorder_real_schur", "singular_values", "condition_number", "qr"]

_KINDS = {"c": ctypes.c_char_p, "i": ctypes.POINTER(ctypes.c_int), "p": ctypes.c_void_p}


@functools.cache
def routine(name, kinds):
    """scipy's LAPACK routine ``name`` as a ``ctypes`` function, or None.

    ``kinds`` spells its arguments, one letter each: ``c`` a character
    (pass ``b"N"``), ``i`` an integer passed by reference (pass
    ``ctypes.byref(ctypes.c_int(n))``), ``p`` an array or other pointer
    (pass ``array.ctypes.data`` or None).
    """
    try:
        from scipy.linalg import cython_lapack

        get_name = ctypes.pythonapi.PyCapsule_GetName
        get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
        capsule = cython_lapack.__pyx_capi__[name]
        address = get_pointer(capsule, get_name(capsule))
        return ctypes.CFUNCTYPE(None, *(_KINDS[k] for k in kinds))(address)
    except (ImportError, AttributeError, KeyError, TypeError, ValueError, OSError):  # pragma: no cover
        return None


def _int(value=0):
    return ctypes.c_int(int(value))


def real_schur(m):
    """``(t, z)``: the real Schur form ``m = z t z^T`` (as :func:`scipy.linalg.schur` with ``output="real"``).

    Both are returned in Fortran order, ready for :func:`reorder_real_schur`.
    """
    dgees = routine("dgees", "ccpipiipppipipi")
    if dgees is None:  # pragma: no cover - scipy without its Cython LAPACK table
        import scipy.linalg as sla

        t, z = sla.schur(m, output="real", check_finite=False)
        return np.asfortranarray(t), np.asfortranarray(z)
    n = m.shape[0]
    t = np.array(m, dtype=float, order="F")
    z = np.empty((n, n), dtype=float, order="F")
    wr, wi = np.empty(n), np.empty(n)
    lwork = max(1, 64 * n)
    work = np.empty(lwork)
    size, sdim, info, lw = _int(n), _int(), _int(), _int(lwork)
    dgees(b"V", b"N", None, ctypes.byref(size), t.ctypes.data, ctypes.byref(size), ctypes.byref(sdim),
          wr.ctypes.data, wi.ctypes.data, z.ctypes.data, ctypes.byref(size), work.ctypes.data, ctypes.byref(lw),
          None, ctypes.byref(info))
    if info.value != 0:  # pragma: no cover - the QR algorithm failed to converge
        import scipy.linalg as sla

        t, z = sla.schur(m, output="real", check_finite=False)
        return np.asfortranarray(t), np.asfortranarray(z)
    return t, z


def reorder_real_schur(select, t, z):
    """``(t, z, info)``: the real Schur form ``(t, z)`` reordered so that the ``select``-ed eigenvalues come first.

    LAPACK ``dtrsen`` (``job="N"``, Schur vectors updated), as
    ``scipy.linalg.lapack.dtrsen(select, t, z, job="N")``.  A pair of
    complex eigenvalues (a 2 x 2 block) moves as one, selected if either is.
    ``info`` is 1 when a swap was refused (ill-conditioned); the arrays are
    then partly reordered and should not be used.
    """
    dtrsen = routine("dtrsen", "ccpipipippipppipii")
    select = np.asarray(select, dtype=np.int32)
    if dtrsen is None:  # pragma: no cover - scipy without its Cython LAPACK table
        from scipy.linalg import lapack

        t, z, *_, info = lapack.dtrsen(select, t, z, job="N")
        return t, z, int(info)
    n = t.shape[0]
    t = np.array(t, dtype=float, order="F")
    z = np.array(z, dtype=float, order="F")
    wr, wi = np.empty(n), np.empty(n)
    s, sep = np.empty(1), np.empty(1)
    work, iwork = np.empty(max(1, n)), np.empty(1, dtype=np.int32)
    size, m, lwork, liwork, info = _int(n), _int(), _int(max(1, n)), _int(1), _int()
    dtrsen(b"N", b"V", select.ctypes.data, ctypes.byref(size), t.ctypes.data, ctypes.byref(size), z.ctypes.data,
           ctypes.byref(size), wr.ctypes.data, wi.ctypes.data, ctypes.byref(m), s.ctypes.data, sep.ctypes.data,
           work.ctypes.data, ctypes.byref(lwork), iwork.ctypes.data, ctypes.byref(liwork), ctypes.byref(info))
    return t, z, info.value


def singular_values(a):
    """Singular values of a matrix, largest first (as ``numpy.linalg.svd(a, compute_uv=False)``).

    LAPACK ``zgesvd`` without vectors; a real matrix is treated as complex.
    """
    a = np.asarray(a)
    zgesvd = routine("zgesvd", "cciipippipipipi")
    if zgesvd is None or a.ndim != 2 or not a.size:  # pragma: no cover - no table, or nothing to decompose
        return np.linalg.svd(a, compute_uv=False)
    rows, cols = a.shape
    k = min(rows, cols)
    work_a = np.array(a, dtype=complex, order="F")
    s = np.empty(k)
    lwork = max(1, 2 * k + max(rows, cols)) * 4
    work, rwork = np.empty(lwork, dtype=complex), np.empty(max(1, 5 * k))
    m, n, lw, one, info = _int(rows), _int(cols), _int(lwork), _int(1), _int()
    zgesvd(b"N", b"N", ctypes.byref(m), ctypes.byref(n), work_a.ctypes.data, ctypes.byref(m), s.ctypes.data, None,
           ctypes.byref(one), None, ctypes.byref(one), work.ctypes.data, ctypes.byref(lw), rwork.ctypes.data,
           ctypes.byref(info))
    if info.value != 0:  # pragma: no cover - the bidiagonal QR iteration did not converge
        return np.linalg.svd(a, compute_uv=False)
    return s


def condition_number(a):
    """The 2-norm condition number of a matrix (as :func:`numpy.linalg.cond`); ``inf`` when it is singular."""
    s = singular_values(a)
    if not s.size:
        return 0.0
    return float(s[0] / s[-1]) if s[-1] > 0 else np.inf


def qr(a):
    """``(q, r)``, the reduced QR decomposition of a complex matrix (as ``numpy.linalg.qr(a)``).

    LAPACK ``zgeqrf`` (Householder reflections, the same as numpy's) and
    ``zungqr`` to form ``q``.
    """
    a = np.asarray(a)
    geqrf, ungqr = routine("zgeqrf", "iipippii"), routine("zungqr", "iiipippii")
    if geqrf is None or ungqr is None or a.ndim != 2 or not a.size:  # pragma: no cover
        return np.linalg.qr(a)
    rows, cols = a.shape
    k = min(rows, cols)
    f = np.array(a, dtype=complex, order="F")
    tau = np.empty(k, dtype=complex)
    lwork = max(1, 64 * max(rows, cols))
    work = np.empty(lwork, dtype=complex)
    m, n, kk, lw, info = _int(rows), _int(cols), _int(k), _int(lwork), _int()
    geqrf(ctypes.byref(m), ctypes.byref(n), f.ctypes.data, ctypes.byref(m), tau.ctypes.data, work.ctypes.data,
          ctypes.byref(lw), ctypes.byref(info))
    r = np.triu(f[:k])
    q = np.array(f[:, :k], order="F")
    ungqr(ctypes.byref(m), ctypes.byref(kk), ctypes.byref(kk), q.ctypes.data, ctypes.byref(m), tau.ctypes.data,
          work.ctypes.data, ctypes.byref(lw), ctypes.byref(info))
    return q, r
