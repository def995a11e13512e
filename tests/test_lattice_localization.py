"""Disordered wires: Thouless localization length, Ohmic mean free path, weak localization.

All ensembles use seeded generators.  Tolerances are derived from the
ensemble statistics: each test checks first that the statistical error of the
fitted quantity is small (a few per cent), then that the fit agrees with the
closed form within a margin several standard errors wide.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.localization import (
    ln_transmission_distribution,
    localization_length,
    magnetotransmission,
    mean_free_path,
    thouless_localization_length,
    transmission_ensemble,
)
from qtransport.lattice.rgf import rgf_transmission
from qtransport.lattice.systems import chain


@pytest.mark.parametrize("energy", [1.2, 3.3])
def test_thouless_localization_length_in_1d(energy):
    # Weak disorder w = 1: xi = 24 (4 - (E - 2)^2) = 80.6 (E = 1.2) and 55.4 (E = 3.3),
    # away from the band centre (anomaly at E = 2) and edges.  Lengths 1 ... 6 xi,
    # R = 1200 chains: var(ln T) ~ 4L/xi gives a standard error of xi of about 1.3 %,
    # so the 10 % window is more than 7 standard errors wide; the known O(w^2)
    # corrections are a few per cent.
    xi0 = float(thouless_localization_length(energy, 1.0))
    lengths = np.linspace(xi0, 6 * xi0, 6).astype(int)
    ens = transmission_ensemble(lengths, energy=energy, disorder=1.0, realizations=1200,
                                rng=np.random.default_rng(2024))
    fit = localization_length(ens)
    assert fit.xi_error < 0.025 * xi0
    assert abs(fit.xi - xi0) < 0.10 * xi0
    # deep in the localized regime ln T is broad: var(ln T) approaches -2 <ln T>
    ratio = fit.variance_ln_t[-1] / (-2 * fit.mean_ln_t[-1])
    assert 0.7 < ratio < 1.1


def test_thouless_formula_in_terms_of_the_wave_number():
    # E = 2t(1 - cos k) turns 24 (4t^2 - (E - 2t)^2) / w^2 into 96 t^2 sin^2 k / w^2;
    # xi is a length in lattice constants, so it only depends on E/t and w/t.
    k = np.linspace(0.2, 2.9, 7)
    for t, w in [(1.0, 1.0), (1.0, 0.3), (2.5, 0.7)]:
        energy = 2 * t * (1 - np.cos(k))
        expected = 96 * t**2 * np.sin(k) ** 2 / w**2
        assert np.allclose(thouless_localization_length(energy, w, t=t), expected, rtol=1e-12, atol=0)
    assert float(thouless_localization_length(1.2, 1.0)) == pytest.approx(80.64, rel=1e-14)


def test_mean_free_path_of_the_chain_is_half_the_localization_length():
    # Born approximation: one site reflects |r|^2 = (w^2/12) / (2t sin k)^2 on average,
    # so <T> = 1 - L/l for L << l with l = 48 t^2 sin^2 k / w^2 = xi/2.  Fit over
    # L <= xi/8; R = 3000 gives a standard error of about 2 %.
    energy, w = 1.2, 1.0
    l_born = float(thouless_localization_length(energy, w)) / 2
    lengths = np.linspace(2, l_born / 4, 6).astype(int)
    ens = transmission_ensemble(lengths, energy=energy, disorder=w, realizations=3000,
                                rng=np.random.default_rng(77))
    res = mean_free_path(ens)
    assert res.error < 0.03 * l_born
    assert abs(res.mean_free_path - l_born) < 0.10 * l_born
    assert abs(res.intercept - 1) < 0.02


def test_growing_wire_ensemble_matches_independent_wires():
    # The ensemble helper cuts one long wire; rebuild the same disorder by hand.
    ens = transmission_ensemble([3, 9], energy=0.9, disorder=2.0, realizations=6,
                                rng=np.random.default_rng(5))
    pot = np.random.default_rng(5).random((6, 9, 1)) * 2.0 - 1.0
    for i, n in enumerate([3, 9]):
        wire = chain(n, potential=pot[:, :n, 0])
        sl, sr = wire.self_energies(np.array([0.9]))
        t = rgf_transmission([0.9], wire.slice_hamiltonian, wire.hopping, wire.potential, sl, sr)
        assert np.allclose(ens.transmissions[:, i], t[:, 0], atol=1e-13)


def test_weak_localization_field_raises_average_transmission():
    # Strip 40 x 10 at E = 1.5 (4 channels), w = 1.5: the flux phi = 0.005 per
    # plaquette threads 2 flux quanta through the sample and removes the
    # constructive interference of time-reversed paths.  The same 300 samples are
    # used at both fluxes, so the change has a small error (about 0.012).
    res = magnetotransmission(40, 10, [0.0, 0.005], energy=1.5, disorder=1.5, realizations=300,
                              rng=np.random.default_rng(7))
    assert res.change[1] > 3 * res.sem_change[1]
    assert res.change[1] < 0.5


def test_ln_t_distribution_is_normalized():
    ens = transmission_ensemble([200], energy=1.0, disorder=2.0, realizations=500,
                                rng=np.random.default_rng(3))
    dist = ln_transmission_distribution(ens.transmissions, bins=25)
    assert np.isclose(np.sum(dist.density * np.diff(dist.edges)), 1.0)
    centres = (dist.edges[1:] + dist.edges[:-1]) / 2
    assert np.isclose(np.sum(dist.normal(centres) * np.diff(dist.edges)), 1.0, atol=0.02)


def test_progress_is_reported():
    calls = []
    transmission_ensemble([5, 10], energy=1.0, disorder=1.0, realizations=10, chunk=4,
                          rng=np.random.default_rng(0), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]  # one call per chunk of 4 realizations


def test_bad_input_is_refused_with_a_named_parameter():
    with pytest.raises(ValueError, match="`energy` must lie inside the band"):
        thouless_localization_length(4.5, 1.0)
    with pytest.raises(ValueError, match="`flux` needs a strip"):
        transmission_ensemble([5], energy=1.0, disorder=1.0, realizations=2,
                              rng=np.random.default_rng(0), flux=0.1)
    ens = transmission_ensemble([5], energy=1.0, disorder=1.0, realizations=3,
                                rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="two different lengths"):
        localization_length(ens)
    with pytest.raises(TypeError, match="`rng`"):
        transmission_ensemble([5], energy=1.0, disorder=1.0, realizations=2, rng=None)
