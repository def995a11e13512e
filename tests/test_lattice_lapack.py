"""The LAPACK routines the lattice engine calls through ctypes (qtransport.lattice._lapack), against scipy and numpy."""

import numpy as np
import pytest
import scipy.linalg as sla
from scipy.linalg import lapack

from qtransport.lattice import _lapack as L


def _complex(rng, shape):
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)


def test_every_routine_is_found_in_scipys_table():
    """The wrappers below only test the fast path if scipy exports each routine for Cython."""
    for name, kinds in (("dgees", "ccpipiipppipipi"), ("dtrsen", "ccpipipippipppipii"), ("zgesvd", "cciipippipipipi"),
                        ("zgeqrf", "iipippii"), ("zungqr", "iiipippii"), ("zgetrf", "iipipi"), ("zgetri", "ipippii")):
        assert L.routine(name, kinds) is not None, name


def test_real_schur_is_a_real_schur_form():
    """``m = z t z^T`` with ``z`` orthogonal and ``t`` quasi-triangular, with scipy's eigenvalues."""
    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 78):
        m = rng.normal(size=(n, n))
        t, z = L.real_schur(m)
        assert t.flags.f_contiguous and z.flags.f_contiguous
        assert np.abs(z @ t @ z.T - m).max() < 1e-12 * max(1.0, np.abs(m).max()) * n
        assert np.abs(z.T @ z - np.eye(n)).max() < 1e-13 * n
        assert np.abs(np.tril(t, -2)).max(initial=0.0) == 0.0  # quasi-triangular: 1 x 1 and 2 x 2 blocks
        t_ref, _ = sla.schur(m, output="real")
        ours, ref = np.linalg.eigvals(t), np.linalg.eigvals(t_ref)
        assert np.abs(ours[:, None] - ref[None, :]).min(axis=1).max() < 1e-10  # the same eigenvalues


def test_reordering_the_real_schur_form_matches_scipy_and_moves_the_selected_eigenvalues_first():
    rng = np.random.default_rng(11)
    for n in (4, 20, 80):
        m = rng.normal(size=(n, n))
        t, z = L.real_schur(m)
        lam = np.linalg.eigvals(t)
        # eigenvalues in the order of the diagonal: a 2 x 2 block holds a pair
        diagonal = np.diagonal(t)
        select = (np.abs(diagonal) <= np.median(np.abs(diagonal))).astype(np.int32)
        t2, z2, info = L.reorder_real_schur(select, t, z)
        t_ref, z_ref, *_, info_ref = lapack.dtrsen(select, t, z, job="N")
        assert info == info_ref == 0
        assert np.array_equal(t2, t_ref) and np.array_equal(z2, z_ref)  # one LAPACK routine: the same numbers
        assert np.abs(z2 @ t2 @ z2.T - m).max() < 1e-11 * n
        # the leading block now holds exactly the selected eigenvalues (a 2 x 2 block has equal
        # diagonal elements, so both of its eigenvalues are selected or neither)
        chosen, i = [], 0
        while i < n:
            size = 2 if i + 1 < n and t[i + 1, i] != 0 else 1
            if select[i]:
                chosen.extend(np.linalg.eigvals(t[i : i + size, i : i + size]))
            i += size
        count = len(chosen)
        assert 0 < count < n, (n, count)
        leading = np.linalg.eigvals(t2[:count, :count])
        assert np.abs(np.sort_complex(leading) - np.sort_complex(np.array(chosen))).max() < 1e-10
        assert np.abs(np.sort_complex(np.linalg.eigvals(t2)) - np.sort_complex(lam)).max() < 1e-10
        # the inputs are left as they were
        assert np.abs(z @ t @ z.T - m).max() < 1e-11 * n


def test_singular_values_and_condition_number_match_numpy():
    rng = np.random.default_rng(3)
    for shape in ((1, 1), (40, 40), (80, 60), (30, 50)):
        a = _complex(rng, shape)
        assert np.abs(L.singular_values(a) - np.linalg.svd(a, compute_uv=False)).max() < 1e-12 * np.abs(a).max() * 10
        assert L.condition_number(a) == pytest.approx(np.linalg.cond(a), rel=1e-10)
    real = rng.normal(size=(12, 12))
    assert L.condition_number(real) == pytest.approx(np.linalg.cond(real), rel=1e-10)
    assert L.condition_number(np.zeros((3, 3))) == np.inf
    assert L.condition_number(np.diag([1.0, 1e-3])) == pytest.approx(1e3, rel=1e-12)


def test_qr_matches_numpy_for_tall_square_and_wide_matrices():
    rng = np.random.default_rng(4)
    for shape in ((40, 40), (80, 60), (30, 50), (5, 1)):
        a = _complex(rng, shape)
        q, r = L.qr(a)
        q_ref, r_ref = np.linalg.qr(a)
        k = min(shape)
        assert q.shape == (shape[0], k) and r.shape == (k, shape[1])
        assert np.abs(q @ r - a).max() < 1e-12 * np.abs(a).max() * max(shape)
        assert np.abs(q.conj().T @ q - np.eye(k)).max() < 1e-13 * max(shape)
        assert np.array_equal(np.triu(r), r)
        assert np.abs(q - q_ref).max() < 1e-12 and np.abs(r - r_ref).max() < 1e-12 * np.abs(a).max() * max(shape)
