"""Superconducting interfaces on the lattice against closed forms, independent routes and invariants.

* NS junctions: the BTK model channel by channel (with the lattice barrier's
  ``Z_n = U / 2t sin k_n``, itself checked against the normal-state
  transmission), ideal and tunnel limits, deviations that vanish as
  ``Delta / mu -> 0``; unitarity of the electron column;
* Beenakker's formula from the transmission eigenvalues of the normal part of
  disordered junctions (a second, independent solve), and ``2T^2/(2 - T)^2``
  for one channel with a barrier;
* the Kitaev chain built by the engine against the dense matrix of
  :mod:`qtransport.models.superconductor`, the closed-form bulk gap, exact end
  states at the sweet spot, exponential splitting in the topological phase
  only, and Andreev reflection quantized at ``E = 0`` (0 or 2) exactly where
  ``|mu| < 2t``;
* the Rashba-Zeeman wire: its gap at ``k = 0`` is ``|E_z - sqrt(Delta^2 + mu^2)|``
  and its zero-bias conductance jumps from 0 to ``2e^2/h`` at that field.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models.superconductor import (
    beenakker_conductance,
    btk_normal_transmission,
    kitaev_bulk_spectrum,
    kitaev_end_modes,
    kitaev_hamiltonian,
    kitaev_is_topological,
    kitaev_spectrum,
)
from qtransport.tb import andreev as A
from qtransport.tb import smatrix

NS = dict(mu=2.0, delta=0.01, barrier=0.0, disorder=0.0)


@pytest.fixture(scope="module")
def chain_junction():
    return A.ns_junction(1, 2)


@pytest.fixture(scope="module")
def strip_junction():
    return A.ns_junction(3, 3)


# --------------------------------------------------------------------------- NS junctions


@pytest.mark.parametrize(("width", "mu"), [(1, 2.0), (1, 0.7), (3, 2.6), (4, 1.8)])
def test_barrier_strength_gives_the_normal_transmission_of_each_channel(width, mu):
    """Z_n of the mapping against the transmission eigenvalues of the normal-state junction."""
    fsys = A.ns_junction(width, 3, superconductor=False)
    U = 1.3
    s = smatrix(fsys, 0.0, dict(mu=mu, delta=0.0, barrier=U, disorder=0.0))
    e0, e1 = int(np.argmax(s.block_values[0])), int(np.argmax(s.block_values[1]))
    lattice = np.sort(s.transmission_eigenvalues((1, e1), (0, e0)))
    z = A.barrier_strength(U, mu=mu, width=width)
    assert lattice.size == z.size
    assert np.allclose(lattice, np.sort(btk_normal_transmission(z)), atol=1e-10)


def test_ideal_interface_doubles_the_conductance_and_the_error_vanishes_with_delta(chain_junction):
    energies = np.array([0.0, 0.3, 0.7])
    deviations = []
    for delta in (0.04, 0.02, 0.01):
        g = A.andreev_conductance(chain_junction, energies * delta, {**NS, "delta": delta})
        assert np.allclose(g.electron_reflection + g.andreev_reflection, g.channels, atol=1e-10)  # unitarity
        deviations.append(np.max(np.abs(g.conductance - 2.0)))
    assert deviations[0] < 1e-3
    # Normal reflection at the interface is of order (Delta / mu)^2: a factor 4 per halving of Delta.
    assert deviations[0] / deviations[1] == pytest.approx(4.0, rel=0.1)
    assert deviations[1] / deviations[2] == pytest.approx(4.0, rel=0.1)


@pytest.mark.parametrize("barrier", [0.0, 0.8, 2.0, 6.0])
def test_chain_junction_follows_btk_across_the_gap(chain_junction, barrier):
    delta = 0.005
    energies = delta * np.array([0.0, 0.5, 0.9, 1.2, 2.0, 3.0])
    g = A.andreev_conductance(chain_junction, energies, {**NS, "delta": delta, "barrier": barrier})
    btk = A.btk_lattice_conductance(energies, mu=2.0, delta=delta, barrier=barrier)
    assert np.allclose(g.conductance, btk, rtol=0, atol=5e-3)


def test_strip_junction_is_a_sum_of_btk_channels(strip_junction):
    delta, mu = 0.005, 2.6
    energies = delta * np.linspace(-2.5, 2.5, 12)
    for barrier in (0.0, 1.0, 3.0):
        g = A.andreev_conductance(strip_junction, energies, dict(mu=mu, delta=delta, barrier=barrier, disorder=0.0))
        btk = A.btk_lattice_conductance(energies, mu=mu, delta=delta, barrier=barrier, width=3)
        assert g.channels[0] == 2
        assert np.allclose(g.conductance, btk, rtol=0, atol=0.01)


def test_tunnel_limit_suppresses_the_gap_and_shows_the_gap_edge_peak(chain_junction):
    delta, U = 0.005, 8.0  # Z = 4
    z = float(A.barrier_strength(U, mu=2.0)[0])
    t_n = 1.0 / (1.0 + z**2)
    inside = A.andreev_conductance(chain_junction, 0.0, {**NS, "delta": delta, "barrier": U})
    # Zero bias: 2 T_N^2 / (2 - T_N)^2 (the BTK value at E = 0), far below the normal state.
    assert float(inside.conductance) == pytest.approx(2 * t_n**2 / (2 - t_n) ** 2, rel=0.02)
    outside = A.andreev_conductance(chain_junction, 1.1 * delta, {**NS, "delta": delta, "barrier": U})
    assert float(outside.conductance) / t_n > 2.0  # the BCS density of states piles up at the gap edge


def test_conductance_map_is_the_sweep_of_single_calls(chain_junction):
    energies = np.array([0.001, 0.004])
    barriers = np.array([0.0, 1.5])
    grid = A.andreev_conductance_map(chain_junction, energies, "barrier", barriers, NS)
    for row, u in zip(grid, barriers, strict=True):
        assert np.array_equal(row, A.andreev_conductance(chain_junction, energies, {**NS, "barrier": u}).conductance)


# --------------------------------------------------------------------------- Beenakker


@pytest.mark.parametrize("barrier", [0.5, 1.5, 4.0])
def test_one_channel_with_a_barrier_follows_beenakker(barrier):
    sample = A.beenakker_samples(1, 3, mu=2.0, delta=0.002, disorder=0.0, rng=np.random.default_rng(0),
                                 barrier=barrier)[0]
    T = float(btk_normal_transmission(barrier / 2.0))  # k = pi/2 at mu = 2: Z = U / 2
    assert sample.normal_conductance == pytest.approx(T, abs=1e-10)
    assert sample.conductance == pytest.approx(2 * T**2 / (2 - T) ** 2, rel=0.01)


def test_disordered_junctions_follow_beenakker_from_their_normal_part():
    devs = {}
    for delta in (0.01, 0.005):
        samples = A.beenakker_samples(6, 16, mu=2.0, delta=delta, disorder=2.0, rng=np.random.default_rng(3),
                                      realizations=3)
        for s in samples:
            assert s.beenakker == pytest.approx(beenakker_conductance(s.transmissions, spin_degeneracy=1,
                                                                      unit="e^2/h"))
            assert 0 < s.normal_conductance < 3
            # The superconductor does not simply double G_N: the ratio is set by the T_n.
            assert s.conductance != pytest.approx(2 * s.normal_conductance, rel=0.05)
        devs[delta] = max(abs(s.conductance / s.beenakker - 1) for s in samples)
    assert devs[0.005] < 0.01
    assert devs[0.005] < 0.75 * devs[0.01]  # an Andreev-approximation error: it shrinks with Delta / mu


# --------------------------------------------------------------------------- Kitaev chain


def test_engine_builds_the_dense_kitaev_matrix():
    n, p = 5, dict(t=1.0, delta=0.4, mu=0.3)
    h = A.kitaev_chain(n).hamiltonian(p, sparse=False)
    order = np.r_[0:2 * n:2, 1:2 * n:2]  # (c_1, c_1^dagger, ...) -> (c_1, ..., c_1^dagger, ...)
    assert np.allclose(h[np.ix_(order, order)], kitaev_hamiltonian(n, **p), atol=1e-14)


def test_spectrum_sweep_matches_the_dense_spectra_and_is_particle_hole_symmetric():
    mus = np.array([-2.5, -1.0, 0.0, 1.9, 3.0])
    levels = A.kitaev_lattice_spectrum(12, mus, t=1.0, delta=0.6)
    for row, mu in zip(levels, mus, strict=True):
        assert np.allclose(row, kitaev_spectrum(12, t=1.0, delta=0.6, mu=mu), atol=1e-12)
        assert np.allclose(row, -row[::-1], atol=1e-12)


@pytest.mark.parametrize(("mu", "delta"), [(0.0, 0.5), (1.0, 0.5), (2.5, 0.3), (-1.7, 1.0)])
def test_bulk_gap_from_the_lead_bands_is_the_closed_form(mu, delta):
    k = np.linspace(0.0, np.pi, 2001)
    assert A.kitaev_bulk_gap(mu, t=1.0, delta=delta) == pytest.approx(
        float(np.min(kitaev_bulk_spectrum(k, t=1.0, delta=delta, mu=mu))), abs=1e-12
    )


def test_sweet_spot_majoranas_sit_on_the_end_sites():
    m = A.kitaev_majoranas(12, t=1.0, delta=1.0, mu=0.0)
    assert m.energy < 1e-12
    assert m.left[0] == pytest.approx(1.0, abs=1e-12) and m.right[-1] == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(m.density, 0.5 * (m.left + m.right), atol=1e-12)


def test_end_states_split_exponentially_only_in_the_topological_phase():
    energies = [A.kitaev_majoranas(n, t=1.0, delta=0.5, mu=1.0).energy for n in (10, 20, 30)]
    assert energies[0] > energies[1] > energies[2]
    rate1, rate2 = np.log(energies[0] / energies[1]), np.log(energies[1] / energies[2])
    assert rate1 == pytest.approx(rate2, rel=0.15) and rate1 > 2.0  # exponential, not a power law
    dense = kitaev_end_modes(30, t=1.0, delta=0.5, mu=1.0)
    assert energies[2] == pytest.approx(dense.energy, rel=1e-6, abs=1e-15)
    m = A.kitaev_majoranas(30, t=1.0, delta=0.5, mu=1.0)
    assert m.left[:8].sum() > 0.99 and m.right[-8:].sum() > 0.99
    trivial = A.kitaev_majoranas(30, t=1.0, delta=0.5, mu=2.6)
    assert trivial.energy > 0.5 * A.kitaev_bulk_gap(2.6, t=1.0, delta=0.5)


@pytest.mark.parametrize("mu", [-2.4, -1.5, 0.0, 0.8, 1.95, 2.05, 3.0])
def test_andreev_reflection_at_zero_energy_is_quantized_by_the_phase(mu):
    fsys = A.kitaev_junction(3, barrier_sites=1)
    g = A.andreev_conductance(fsys, 0.0, dict(mu=mu, t=1.0, delta=0.5, mu_normal=1.0, barrier=1.0))
    expected = 2.0 if kitaev_is_topological(t=1.0, delta=0.5, mu=mu) else 0.0
    assert float(g.conductance) == pytest.approx(expected, abs=1e-5)


# --------------------------------------------------------------------------- Majorana wire

WIRE = dict(mu=0.0, delta=0.1, alpha=0.5, barrier=0.4)


@pytest.mark.parametrize(("mu", "zeeman"), [(0.0, 0.05), (0.0, 0.2), (0.06, 0.1), (0.06, 0.3)])
def test_wire_gap_at_k0_closes_at_the_critical_field(mu, zeeman):
    bands = A.majorana_wire_bands([0.0], mu=mu, zeeman=zeeman, delta=0.1, alpha=0.5)[0]
    crit = float(A.majorana_critical_zeeman(delta=0.1, mu=mu))
    assert np.min(np.abs(bands)) == pytest.approx(abs(zeeman - crit), abs=1e-12)


@pytest.mark.parametrize("zeeman", [0.03, 0.08, 0.095, 0.105, 0.15, 0.3])
def test_zero_bias_peak_of_the_semi_infinite_wire_is_two_exactly_when_topological(zeeman):
    fsys = A.majorana_wire(None, barrier_sites=2)
    g = A.andreev_conductance(fsys, 0.0, {**WIRE, "zeeman": zeeman})
    crit = float(A.majorana_critical_zeeman(delta=0.1, mu=0.0))
    assert int(g.channels) == 1
    assert float(g.conductance) == pytest.approx(2.0 if zeeman > crit else 0.0, abs=1e-4)


def test_finite_wire_conductance_is_particle_hole_symmetric_in_the_gap():
    fsys = A.majorana_wire(40, barrier_sites=2)
    e = np.array([0.004, 0.01, 0.03])
    params = {**WIRE, "zeeman": 0.2}
    plus, minus = A.andreev_conductance(fsys, e, params), A.andreev_conductance(fsys, -e, params)
    assert np.allclose(plus.conductance, minus.conductance, atol=1e-8)
    assert np.all((plus.conductance >= -1e-10) & (plus.conductance <= 2 * plus.channels + 1e-10))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: A.ns_junction(0, 2), ValueError, "`width` must be >= 1"),
        (lambda: A.ns_junction(2, 1.5), TypeError, "`normal_length`"),
        (lambda: A.ns_junction(2, 2, superconductor="yes"), TypeError, "`superconductor`"),
        (lambda: A.andreev_conductance(None, 0.0), TypeError, "`fsys`"),
        (lambda: A.andreev_conductance(A.kitaev_chain(3), 0.0), ValueError, "`fsys` has no leads"),
        (lambda: A.andreev_conductance(A.ns_junction(1, 1), np.nan, NS), ValueError, "`energies` contains NaN"),
        (lambda: A.andreev_conductance(A.ns_junction(1, 1), [], NS), ValueError, "`energies` is empty"),
        (lambda: A.andreev_conductance(A.ns_junction(1, 1), 0.0, [1]), TypeError, "`params`"),
        (lambda: A.andreev_conductance(A.ns_junction(1, 1), 0.0, NS, progress=3), TypeError, "`progress`"),
        (lambda: A.andreev_conductance_map(A.ns_junction(1, 1), [0.0], "barier", [1.0], NS), ValueError,
         "`name`"),
        (lambda: A.barrier_strength(1.0, mu=5.0), ValueError, "`mu`"),
        (lambda: A.barrier_strength([1.0, 2.0], mu=1.0), ValueError, "`barrier` must be a single number"),
        (lambda: A.btk_lattice_conductance(0.0, mu=2.0, delta=-0.1, barrier=0.0), ValueError, "`delta` must be > 0"),
        (lambda: A.beenakker_samples(2, 2, mu=1.0, delta=0.01, disorder=-1.0, rng=np.random.default_rng(0)),
         ValueError, "`disorder` must be >= 0"),
        (lambda: A.beenakker_samples(2, 2, mu=1.0, delta=0.01, disorder=1.0, rng=1), TypeError, "`rng`"),
        (lambda: A.kitaev_lattice_spectrum(4, [[0.0]], delta=0.5), ValueError, "`mus` must be a 1-d"),
        (lambda: A.kitaev_majoranas(1, delta=0.5, mu=0.0), ValueError, "`n_sites` must be >= 2"),
        (lambda: A.kitaev_majoranas(4, delta=0.5, mu=np.inf), ValueError, "`mu` contains infinity"),
        (lambda: A.kitaev_junction(2, barrier_sites=3), ValueError, "`barrier_sites` must be at most"),
        (lambda: A.kitaev_bulk_gap(0.0, delta=0.5, momenta=1), ValueError, "`momenta` must be >= 2"),
        (lambda: A.majorana_wire(0), ValueError, "`length` must be >= 1"),
        (lambda: A.majorana_critical_zeeman(delta="x", mu=0.0), TypeError, "`delta`"),
        (lambda: A.majorana_wire_bands([0.0], mu=0.0, zeeman=np.nan, delta=0.1, alpha=0.5), ValueError, "`zeeman`"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_lead_without_channels_is_refused_in_beenakker_samples():
    # W = 2: the first transverse mode starts exactly at mu = 1, so no channel is open there.
    with pytest.raises(ValueError, match="`mu` = 1.0 opens no channel"):
        A.beenakker_samples(2, 2, mu=1.0, delta=0.01, disorder=1.0, rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: A.ns_junction(10**12, 2), "width"),
        (lambda: A.ns_junction(2, 10**7), "normal_length"),
        (lambda: A.kitaev_chain(10**12), "n_sites"),
        # builds in a second, but its dense BdG stack would not fit
        (lambda: A.kitaev_lattice_spectrum(10**5, [0.0, 1.0], delta=0.5), "n_sites"),
        (lambda: A.kitaev_majoranas(10**5, delta=0.5, mu=0.0), "n_sites"),
        (lambda: A.kitaev_junction(10**12), "normal_length"),
        (lambda: A.majorana_wire(10**12), "length"),
        (lambda: A.barrier_strength(1.0, mu=2.0, width=10**12), "width"),
        (lambda: A.kitaev_bulk_gap(0.5, delta=0.5, momenta=10**12), "momenta"),
        (lambda: A.beenakker_samples(2, 2, mu=2.0, delta=0.01, disorder=1.0, rng=np.random.default_rng(0),
                                   realizations=10**12), "realizations"),
    ],
)
def test_sizes_that_cannot_fit_are_refused_before_anything_is_built(call, name):
    import time

    start = time.process_time()
    with pytest.raises(ValueError, match=rf"`{name}` = \d+ (makes|would need) .* available"):
        call()
    assert time.process_time() - start < 0.5


def test_flags_progress_and_rng_are_checked():
    with pytest.raises(TypeError, match="`superconductor` must be True or False, got 1"):
        A.ns_junction(1, 2, superconductor=1)
    with pytest.raises(TypeError, match=r"`progress` must be a function progress\(done, total\) or None"):
        A.andreev_conductance(A.ns_junction(1, 2), [0.001], dict(mu=2.0, delta=0.01, barrier=0.0, disorder=0.0),
                              progress="bar")
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        A.beenakker_samples(2, 2, mu=2.0, delta=0.01, disorder=1.0, rng=7)


def test_a_bool_is_not_a_barrier():
    with pytest.raises(TypeError, match="`barrier` must be a single number, got the bool"):
        A.barrier_strength(True, mu=1.0)
