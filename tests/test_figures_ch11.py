"""Data of the chapter-11 figures against BTK, Beenakker and Kitaev closed forms."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from qtransport.figures import ch11
from qtransport.tb.andreev import (
    andreev_conductance_map,
    barrier_strength,
    beenakker_samples,
    ns_junction,
)


@pytest.mark.parametrize("Z", [0.0, 0.5, 2.0])
def test_btk_probabilities_sum_to_one_and_the_zero_bias_ratio_is_beenakkers(Z):
    data = ch11.btk_curves_data(Z, 0.0, points=61, energy_points=61)
    assert np.allclose(data.A + data.B + data.C + data.D, 1.0)
    inside = data.energy < 1.0
    assert np.allclose(data.C[inside], 0.0) and np.allclose(data.D[inside], 0.0)
    t = 1 / (1 + Z**2)
    assert np.isclose(data.t_n, t)
    assert np.isclose(data.zero, 2 * t / (2 - t) ** 2, rtol=1e-9)  # G_NS(0)/G_N, one channel
    assert np.allclose(data.warm, data.cold)  # kT = 0
    assert np.allclose(data.warm, data.warm[::-1])  # even in the bias


def test_btk_temperature_smooths_the_andreev_peak():
    cold = ch11.btk_curves_data(0.0, 0.0, points=61)
    warm = ch11.btk_curves_data(0.0, 0.3, points=61)
    assert cold.zero == 2.0 and warm.zero < 2.0
    assert np.all(warm.dos <= 4.0) and warm.dos[30] == 0.0  # no states at the Fermi level


@pytest.fixture(scope="module")
def ns_sweep():
    delta = 0.01
    energies = np.array([-0.5, 0.5]) * delta
    g = andreev_conductance_map(ns_junction(3, 3), np.concatenate([energies, [0.0]]), "barrier", (0.0, 1.0),
                                {"mu": 2.6, "delta": delta, "barrier": 0.0, "disorder": 0.0})
    return SimpleNamespace(width=3, mu=2.6, delta=delta, barriers=np.array([0.0, 1.0]), energies=energies,
                           conductance=g[:, :-1], zero_bias=g[:, -1])


def test_ns_lattice_against_btk_per_channel(ns_sweep):
    data = ch11.ns_lattice_data(0.9, sweep=ns_sweep, points=5, barrier_points=11)
    assert data.u == 1.0 and np.allclose(data.x, [-0.5, 0.5])
    # lattice against the BTK sum over channels, within the lattice's energy dependence of Z_n
    assert np.allclose(data.lattice, np.interp(data.x, data.fine, data.btk), rtol=0.02)
    # zero-bias ratio: 2 for a clean contact, and the closed form with a barrier
    assert np.isclose(data.ratio_fine[0], 2.0) and np.isclose(data.ratios[0], 2.0, rtol=1e-3)
    assert np.isclose(data.ratio, data.ratio_fine[-1], rtol=0.02)
    assert np.isclose(data.ratio, data.ratios[1])


def test_beenakker_single_channel_and_disordered_strips():
    rng = np.random.default_rng(1)
    kw = {"mu": 2.0, "delta": 0.005}
    chain = [beenakker_samples(1, 3, disorder=0.0, rng=rng, barrier=u, **kw)[0] for u in (0.0, 1.0, 3.0)]
    strips = {1.0: beenakker_samples(4, 6, disorder=1.0, rng=rng, realizations=2, **kw)}
    data = ch11.beenakker_ratio_data(1.2, data=SimpleNamespace(chain=chain, strips=strips), points=101)
    assert np.allclose(data.ns_ratio[1:], 2 * data.T[1:] / (2 - data.T[1:]) ** 2)
    crossing = data.T[np.argmin(np.abs(data.ns_ratio[1:] - 1)) + 1]
    assert abs(crossing - (3 - np.sqrt(5))) < 0.01
    assert np.allclose(data.chain_ratio, 2 * data.chain_T / (2 - data.chain_T) ** 2, rtol=5e-3)
    assert data.dev < 5e-3 and np.allclose(data.y, data.x, rtol=5e-3)
    assert data.hist.sum() == sum(s.transmissions.size for s in strips[1.0])


def test_kitaev_levels_are_particle_hole_symmetric_and_the_gap_closes_at_two_t():
    data = ch11.kitaev_spectrum_data(20, 0.5, 1.0)
    assert data.levels.shape == (81, 40)
    assert np.allclose(np.sort(data.levels, axis=1), -np.sort(data.levels, axis=1)[:, ::-1], atol=1e-10)
    assert np.isclose(data.gap[40], 1.0)  # mu = 0: 2 Delta
    edge = np.abs(np.abs(data.mus) - 2.0) < 0.05
    assert np.allclose(data.gap[edge], np.abs(np.abs(data.mus[edge]) - 2.0), atol=1e-6)
    # in the topological phase the lowest level is exponentially small and its Majoranas sit at the ends
    assert abs(data.energy) < 1e-4
    assert np.isclose(data.left.sum(), 1.0) and np.isclose(data.right.sum(), 1.0)
    assert data.left[0] > 0.5 and data.right[-1] > 0.5
    trivial = ch11.kitaev_spectrum_data(20, 0.5, 2.8)
    assert abs(trivial.energy) > 0.1


def test_zero_bias_peak_critical_field():
    sweep = SimpleNamespace(params={"delta": 0.1, "mu": 0.0}, zeeman=np.array([0.05, 0.08, 0.14]),
                            energies=np.array([-0.1, 0.0, 0.1]), conductance=np.ones((3, 3)),
                            zero_bias=np.array([0.0, 0.0, 2.0]))
    below = ch11.zero_bias_peak_data(0.07, sweep=sweep)
    above = ch11.zero_bias_peak_data(0.2, sweep=sweep)
    assert np.isclose(below.critical, 0.1) and below.ez == 0.08 and not below.topological
    assert above.ez == 0.14 and above.topological and above.g0 == 2.0


def test_ns_sweep_doubles_the_clean_conductance_and_follows_btk():
    from qtransport.figures import FigureData
    from qtransport.tb.andreev import btk_lattice_conductance

    energies = ch11.NS_DELTA * np.array([-0.5, 1.5])
    sweep = ch11.ns_sweep(barriers=(0.0, 1.0), energies=energies)
    assert isinstance(sweep, FigureData) and sweep.conductance.shape == (2, 2)
    assert sweep.zero_bias[0] == pytest.approx(4.0, abs=1e-3)  # two ideal channels, Andreev-doubled
    # with a barrier: Beenakker's sum 2 T_n^2 / (2 - T_n)^2 over the channels, T_n = 1 / (1 + Z_n^2)
    t_n = 1 / (1 + barrier_strength(1.0, mu=sweep.mu, width=sweep.width) ** 2)
    assert sweep.zero_bias[1] == pytest.approx(np.sum(2 * t_n**2 / (2 - t_n) ** 2), rel=0.02)
    btk = btk_lattice_conductance(energies, mu=sweep.mu, delta=sweep.delta, barrier=1.0, width=sweep.width)
    assert np.allclose(sweep.conductance[1], btk, atol=0.05)


def test_beenakker_data_chain_and_strips_follow_beenakkers_formula():
    seen = []
    data = ch11.beenakker_data(barriers=(0.0, 1.5), disorders=(1.0, 2.0), realizations=2, width=4, length=6,
                               progress=lambda d, t: seen.append(d / t))
    t = np.array([s.normal_conductance for s in data.chain])
    assert t[0] == pytest.approx(1.0, abs=1e-6) and t[1] < 1.0
    ratio = np.array([s.conductance / s.normal_conductance for s in data.chain])
    assert np.allclose(ratio, 2 * t / (2 - t) ** 2, rtol=5e-3)  # one channel: 2T/(2 - T)^2
    for samples in data.strips.values():
        assert len(samples) == 2
        assert np.allclose([s.conductance for s in samples], [s.beenakker for s in samples], rtol=0.02)
    assert np.all(np.diff(seen) > 0) and seen[-1] == 1.0  # one rise over both disorders


def test_majorana_sweep_zero_bias_jumps_to_two_at_the_critical_field():
    sweep = ch11.majorana_sweep(zeeman=np.array([0.05, 0.15]), energies=np.array([0.02, -0.02]))
    assert np.array_equal(sweep.energies, [-0.02, 0.0, 0.02])  # sorted, zero bias added
    assert sweep.params == ch11.WIRE
    # sqrt(Delta^2 + mu^2) = 0.1 t: trivial below, a Majorana's 2e^2/h above
    assert np.allclose(sweep.zero_bias, [0.0, 2.0], atol=1e-4)
    assert np.array_equal(sweep.zero_bias, sweep.conductance[:, 1])
