"""Graphene models: Fermi velocity, Klein tunnelling, ribbon bands and channel counts.

Independent routes: the slope of the honeycomb dispersion at K (Fermi
velocity), a transfer-matrix solution of the 2D Dirac equation for
piecewise-constant potentials (barrier transmission), and dense
diagonalization of ribbon Bloch Hamiltonians built here from the honeycomb
lattice (bands, gaps, subband edges and channel counts).
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import e, hbar
from qtransport.models.dirac import (
    armchair_bands,
    armchair_is_metallic,
    armchair_open_channels,
    armchair_subband_edges,
    armchair_transverse_phases,
    dirac_barrier_transmission,
    fermi_velocity,
    zigzag_bands,
    zigzag_open_channels,
    zigzag_subband_edges,
    zigzag_transverse_phases,
)

# ----------------------------------------------------------------------------
# Fermi velocity
# ----------------------------------------------------------------------------


def test_fermi_velocity_is_the_slope_of_the_honeycomb_bands_at_K():
    t, a = 2.7, 1.42e-10
    a1 = a * np.array([1.5, np.sqrt(3) / 2])
    a2 = a * np.array([1.5, -np.sqrt(3) / 2])
    K = np.array([2 * np.pi / (3 * a), 2 * np.pi / (3 * np.sqrt(3) * a)])
    for direction in (0.0, 0.7, 2.0):
        dk = 1e-5 / a * np.array([np.cos(direction), np.sin(direction)])
        k = K + dk
        energy = t * e * abs(1 + np.exp(1j * k @ a1) + np.exp(1j * k @ a2))  # J
        slope = energy / (hbar * np.linalg.norm(dk))
        assert fermi_velocity(t, a) == pytest.approx(slope, rel=1e-4)
    assert fermi_velocity(2.8, 0.142e-9) == pytest.approx(9.06e5, rel=1e-3)
    assert fermi_velocity([2.8, 5.6], 0.142e-9)[1] == pytest.approx(2 * fermi_velocity())


# ----------------------------------------------------------------------------
# Klein tunnelling: transfer matrices of the Dirac equation
# ----------------------------------------------------------------------------


def _plane_waves(eps, ky, x):
    """Columns: right- and left-going solutions of (sigma.p) psi = eps psi at x."""
    kx = np.sqrt(complex(eps**2 - ky**2))
    right = np.exp(1j * kx * x) * np.array([1.0, (kx + 1j * ky) / eps])
    left = np.exp(-1j * kx * x) * np.array([1.0, (-kx + 1j * ky) / eps])
    return np.column_stack([right, left])


def transfer_matrix_transmission(energy, phi, potentials, widths):
    """|t|^2 through layers V_k of widths D_k between leads at V = 0 (hbar v_F = 1)."""
    ky = energy * np.sin(phi)
    V = [0.0, *potentials, 0.0]
    x = np.concatenate([[0.0], np.cumsum(widths)])
    M = np.eye(2, dtype=complex)
    for j, xj in enumerate(x):  # continuity of both spinor components at x_j
        M = np.linalg.solve(_plane_waves(energy - V[j + 1], ky, xj),
                            _plane_waves(energy - V[j], ky, xj)) @ M
    r = -M[1, 0] / M[1, 1]
    t = M[0, 0] + M[0, 1] * r
    assert abs(t) ** 2 + abs(r) ** 2 == pytest.approx(1.0, abs=1e-8)  # flux conservation
    return abs(t) ** 2


def test_barrier_matches_transfer_matrices_for_random_parameters():
    rng = np.random.default_rng(7)
    kinds = {"above": 0, "pnp": 0, "evanescent": 0}
    for _ in range(300):
        E = rng.uniform(0.2, 3.0)
        V0 = rng.uniform(-2.0, 6.0)
        D = rng.uniform(0.05, 3.0)
        phi = rng.uniform(-1.5, 1.5)
        if abs(E - V0) < 1e-3:
            continue
        q2 = (E - V0) ** 2 - (E * np.sin(phi)) ** 2
        kinds["evanescent" if q2 < 0 else ("pnp" if E < V0 else "above")] += 1
        expected = transfer_matrix_transmission(E, phi, [V0], [D])
        got = dirac_barrier_transmission(phi, energy=E, height=V0, width=D)
        assert got == pytest.approx(expected, rel=1e-8, abs=1e-12), (E, V0, D, phi)
    assert min(kinds.values()) > 30, kinds  # every regime was visited


def test_barrier_vectorizes_like_the_scalar_calls():
    phi = np.linspace(-1.4, 1.4, 9)
    E = np.array([0.5, 2.0])[:, None]
    T = dirac_barrier_transmission(phi, energy=E, height=1.3, width=2.2)
    assert T.shape == (2, 9)
    assert T[1, 3] == dirac_barrier_transmission(phi[3], energy=2.0, height=1.3, width=2.2)
    assert isinstance(dirac_barrier_transmission(0.2, energy=1.0, height=2.0, width=1.0), float)


def test_klein_tunnelling_symmetry_and_bounds():
    rng = np.random.default_rng(3)
    E = rng.uniform(0.1, 5, 200)
    V0 = rng.uniform(-10, 50, 200)
    D = rng.uniform(0, 20, 200)
    assert np.all(dirac_barrier_transmission(0.0, energy=E, height=V0, width=D) == 1.0)
    phi = rng.uniform(-1.55, 1.55, 200)
    T = dirac_barrier_transmission(phi, energy=E, height=V0, width=D)
    assert np.all((T >= 0) & (T <= 1))
    assert np.array_equal(T, dirac_barrier_transmission(-phi, energy=E, height=V0, width=D))
    # No barrier, or no width: no scattering.
    assert np.allclose(dirac_barrier_transmission(phi, energy=E, height=0.0, width=D), 1.0)
    assert np.allclose(dirac_barrier_transmission(phi, energy=E, height=V0, width=0.0), 1.0)
    # A thick evanescent barrier is opaque, without overflow warnings.
    assert dirac_barrier_transmission(1.0, energy=1.0, height=1.0, width=2000.0) == 0.0


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize(("E", "V0", "phi"), [(1.0, 4.0, 0.4), (2.0, 0.5, -0.3), (0.3, 10.0, 1.2)])
def test_fabry_perot_resonances(n, E, V0, phi):
    qx = np.sqrt((E - V0) ** 2 - (E * np.sin(phi)) ** 2)
    D = n * np.pi / qx
    assert dirac_barrier_transmission(phi, energy=E, height=V0, width=D) == pytest.approx(1.0)
    off = dirac_barrier_transmission(phi, energy=E, height=V0, width=D + 0.5 * np.pi / qx)
    assert off < 0.999
    assert transfer_matrix_transmission(E, phi, [V0], [D]) == pytest.approx(1.0, abs=1e-9)


# ----------------------------------------------------------------------------
# ribbons: dense Bloch Hamiltonians of the honeycomb lattice
# ----------------------------------------------------------------------------


def ribbon_blocks(kind, n):
    """On-cell and next-cell hopping matrices (t = 1) of an armchair/zigzag ribbon.

    Carbon-carbon distance 1; armchair ribbons have the period 3 along x and
    N dimer lines at y = sqrt(3)/2 j, zigzag ribbons the period sqrt(3) along y
    and N zigzag chains.  Bonds are found by distance.
    """
    a1, a2 = np.array([1.5, np.sqrt(3) / 2]), np.array([1.5, -np.sqrt(3) / 2])
    i, j = np.meshgrid(np.arange(-4 * n - 8, 4 * n + 8), np.arange(-4 * n - 8, 4 * n + 8))
    cells = i.reshape(-1, 1) * a1 + j.reshape(-1, 1) * a2
    sites = np.concatenate([cells, cells + [1.0, 0.0]])
    if kind == "armchair":
        period, axis = 3.0, 0
        line = np.round(sites[:, 1] / (np.sqrt(3) / 2))
        keep = (line >= 1) & (line <= n)
    else:
        period, axis = np.sqrt(3), 1
        keep = (sites[:, 0] > -0.75) & (sites[:, 0] < 1.5 * n - 0.75)
    keep &= (sites[:, axis] > -1e-9) & (sites[:, axis] < period - 1e-9)
    cell = sites[keep]
    shift = np.zeros(2)
    shift[axis] = period

    def hop(m):
        d = np.linalg.norm(cell[:, None, :] - cell[None, :, :] - m * shift, axis=-1)
        return -(np.abs(d - 1.0) < 1e-6).astype(float)

    h0, h1 = hop(0), hop(1)  # h1[a, b]: site a of cell 0 to site b of cell +1
    assert np.array_equal(h0, h0.T) and len(cell) == 2 * n
    return h0, h1


def dense_bands(kind, n, k):
    """All eigenvalues (ascending) at wave numbers k (units of 1/period)."""
    h0, h1 = ribbon_blocks(kind, n)
    phase = np.exp(1j * np.asarray(k))[:, None, None]
    H = h0 + h1 * phase + h1.T * phase.conj()
    return np.linalg.eigvalsh(H)


def dense_open_channels(kind, n, energies, nk=1500):
    """Crossings of E by the bands on 0 < k < pi: the right-movers of the full zone."""
    k = np.linspace(1e-6, np.pi - 1e-6, nk)
    ev = dense_bands(kind, n, k)
    counts = (ev[None, :, :] < np.asarray(energies)[:, None, None]).sum(-1)
    return np.abs(np.diff(counts, axis=1)).sum(-1)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8])
def test_armchair_bands_match_dense_diagonalization(n):
    k = np.linspace(-np.pi, np.pi, 13)
    ev = dense_bands("armchair", n, k)
    assert np.allclose(ev[:, n:], armchair_bands(k, n_dimers=n, hopping=1.0), atol=1e-10)
    assert np.allclose(ev[:, :n], -armchair_bands(k, n_dimers=n, hopping=1.0)[:, ::-1], atol=1e-10)
    assert np.allclose(armchair_bands(k, n_dimers=n, hopping=2.5),
                       2.5 * armchair_bands(k, n_dimers=n, hopping=1.0))
    assert np.allclose(armchair_transverse_phases(n), np.pi * np.arange(1, n + 1) / (n + 1))


@pytest.mark.parametrize("n", range(2, 12))
def test_armchair_metallic_rule_against_the_dense_gap(n):
    k = np.linspace(-np.pi, np.pi, 301)  # the gap is direct at k = 0
    gap = np.abs(dense_bands("armchair", n, k)).min()
    assert armchair_is_metallic(n) == (gap < 1e-10)
    assert armchair_subband_edges(n, hopping=1.0)[0] == pytest.approx(gap, abs=1e-10)


@pytest.mark.parametrize("kind", ["armchair", "zigzag"])
@pytest.mark.parametrize("n", [2, 3, 4, 5, 7, 10])
def test_open_channels_match_dense_band_crossings(kind, n):
    count = armchair_open_channels if kind == "armchair" else zigzag_open_channels
    width = {"n_dimers": n} if kind == "armchair" else {"n_chains": n}
    E = np.linspace(0.0123, 3.1, 120)
    expected = dense_open_channels(kind, n, E)
    got = count(E, hopping=1.0, **width)
    assert np.array_equal(got, expected), np.nonzero(got != expected)
    assert np.array_equal(count(-E, hopping=1.0, **width), got)  # electron-hole symmetry
    assert np.array_equal(count(2.8 * E, hopping=2.8, **width), got)


@pytest.mark.parametrize("n", [3, 6, 9])
def test_armchair_subband_edges_are_where_channels_open(n):
    edges = armchair_subband_edges(n, hopping=1.0)
    assert edges.shape == (n // 2,)
    delta = 1e-4
    above = dense_open_channels("armchair", n, edges + delta, nk=1500)
    below = dense_open_channels("armchair", n, np.maximum(edges - delta, 1e-6), nk=1500)
    assert np.all(above - below == np.where(edges > delta, 1, 0))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 9])
def test_zigzag_bands_and_phases_match_dense_diagonalization(n):
    k = np.linspace(0.0, np.pi, 15)
    ev = dense_bands("zigzag", n, k)
    assert np.allclose(ev[:, n:], zigzag_bands(k, n_chains=n, hopping=1.0), atol=1e-9)
    assert np.allclose(zigzag_bands(-k, n_chains=n, hopping=1.0), ev[:, n:], atol=1e-9)
    theta = zigzag_transverse_phases(k, n_chains=n)
    assert theta[-1, -1].real == np.pi and theta[-1, -1].imag == np.inf  # k = pi: edge state on one site
    theta, k = theta[:-1], k[:-1]
    g = 2 * np.cos(k / 2)[:, None]
    first, second = np.sin(n * theta), g * np.sin((n + 1) * theta)
    assert np.all(np.abs(first + second) <= 1e-9 * (np.abs(first) + np.abs(second)) + 1e-12)
    assert np.all((theta.real > 0) & (theta.real <= np.pi) & (theta.imag >= 0))
    energies = np.sqrt(1 + g**2 + 2 * g * np.cos(theta)).real  # cancels near E = 0
    assert np.allclose(np.sort(energies, axis=-1), ev[:-1, n:], atol=1e-7)


@pytest.mark.parametrize("n", [2, 4, 7])
def test_zigzag_subband_edges_are_the_dense_band_minima(n):
    k = np.linspace(0.0, np.pi, 4001)
    minima = dense_bands("zigzag", n, k)[:, n:].min(axis=0)
    edges = zigzag_subband_edges(n, hopping=1.0)
    assert edges[0] == 0.0  # the edge-state band reaches zero at k = pi
    assert np.allclose(edges, minima, atol=2e-6)
    assert np.all(edges <= minima + 1e-12)
    # Odd channel numbers below t, away from the band minima.
    E = np.linspace(0.01, 0.99, 50)
    E = E[np.min(np.abs(E[:, None] - edges), axis=1) > 1e-3]
    assert np.all(zigzag_open_channels(E, n_chains=n, hopping=1.0) % 2 == 1)


# ----------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: fermi_velocity(-2.8), ValueError, "`hopping` must be > 0"),
        (lambda: fermi_velocity(2.8, "a"), TypeError, "`bond_length`"),
        (lambda: dirac_barrier_transmission(1.6, energy=1, height=2, width=1), ValueError,
         r"`phi` must lie in \(-pi/2, pi/2\)"),
        (lambda: dirac_barrier_transmission(0.1, energy=0.0, height=2, width=1), ValueError,
         "`energy` must be > 0"),
        (lambda: dirac_barrier_transmission(0.1, energy=1, height=np.nan, width=1), ValueError,
         "`height` contains NaN"),
        (lambda: dirac_barrier_transmission(0.1, energy=1, height=2, width=-1), ValueError,
         "`width` must be >= 0"),
        (lambda: dirac_barrier_transmission(None, energy=1, height=2, width=1), TypeError, "`phi`"),
        (lambda: armchair_transverse_phases(0), ValueError, "`n_dimers` must be >= 1"),
        (lambda: armchair_is_metallic(3.0), TypeError, "`n_dimers` must be an integer"),
        (lambda: armchair_bands(0.1, n_dimers=3, hopping=0.0), ValueError, "`hopping` must be > 0"),
        (lambda: armchair_bands(np.inf, n_dimers=3), ValueError, "`k` contains infinity"),
        (lambda: armchair_open_channels("x", n_dimers=3), TypeError, "`energy`"),
        (lambda: armchair_open_channels(0.1, n_dimers=3, hopping=[1.0, 2.0]), ValueError,
         "`hopping` must be a single number"),
        (lambda: zigzag_bands(0.1, n_chains=None), TypeError, "`n_chains`"),
        (lambda: zigzag_transverse_phases(0.1, n_chains=0), ValueError, "`n_chains` must be >= 1"),
        (lambda: zigzag_subband_edges(3, hopping=-1.0), ValueError, "`hopping` must be > 0"),
        (lambda: zigzag_open_channels([0.1, np.nan], n_chains=3), ValueError, "`energy` contains NaN"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(("count", "size"), [
    (armchair_open_channels, {"n_dimers": 5}),
    (zigzag_open_channels, {"n_chains": 6}),
])
def test_a_channel_count_takes_one_hopping(count, size):
    with pytest.raises(ValueError, match="`hopping` must be a single number for a channel count"):
        count(0.5, hopping=[1.0, 2.0], **size)
    with pytest.raises(ValueError, match="`hopping`"):
        count(0.5, hopping=-1.0, **size)
    # The count depends on E / t only: scaling both leaves it unchanged.
    energies = np.linspace(0.05, 3.0, 60)
    assert np.array_equal(count(energies, hopping=1.0, **size), count(2.5 * energies, hopping=2.5, **size))
