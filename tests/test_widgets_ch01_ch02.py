"""The figures of chapters 1 and 2 show what their captions claim.

``tests/test_widgets.py`` already drives every control of every figure to its
ends.  Here we check, for a few settings each, that what is drawn agrees with
the physics the notebook text reads off it: the plotted arrays against
independent library calls, sum rules and limits.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import breit_wigner, tb
from qtransport.constants import G0
from qtransport.lattice.leads import strip_open_channels
from qtransport.tb import geometries
from qtransport.widgets import ch01, ch02

MEV = 1e-3


def line_data(fig, axes_index, line_index):
    line = fig.figure.axes[axes_index].get_lines()[line_index]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


# -- chapter 1 -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bias_window():
    return ch01.bias_window()


def test_bias_window_zero_temperature_window_is_the_rectangle_between_the_potentials(bias_window):
    bias_window.set(bias_mV=4.0, kT_meV=0.0, mu_meV=1.0)
    E, window = bias_window.data["E"], bias_window.data["window"]
    inside = (E > -1.0 + 1e-9) & (E < 3.0 - 1e-9)
    outside = (E < -1.0 - 1e-9) | (E > 3.0 + 1e-9)
    assert np.all(window[inside] == 1.0) and np.all(window[outside] == 0.0)


@pytest.mark.parametrize("values", [dict(bias_mV=4.0, kT_meV=0.3, mu_meV=0.0),
                                    dict(bias_mV=2.0, kT_meV=1.5, mu_meV=-3.0)])
def test_bias_window_current_is_the_area_of_the_drawn_integrand(bias_window, values):
    bias_window.set(**values)
    E, integrand = line_data(bias_window, 1, 0)  # lower panel
    area_eV = np.trapezoid(integrand, E * MEV)
    # I = (g_s e / h) * integral, and g_s e / h per eV of window = G0 (S) per volt
    assert bias_window.data["current"] == pytest.approx(G0 * area_eV, rel=2e-3)


def test_bias_window_off_resonance_current_vanishes_when_cold_and_returns_when_warm(bias_window):
    bias_window.set(bias_mV=1.0, kT_meV=0.0, mu_meV=6.0)
    cold = bias_window.data["current"]
    bias_window.set(kT_meV=3.0)
    warm = bias_window.data["current"]
    assert warm > 3 * cold > 0


@pytest.fixture(scope="module")
def resonant_iv():
    return ch01.resonant_iv()


def test_resonant_iv_is_odd_for_a_level_at_mu_and_the_dashed_line_is_its_slope(resonant_iv):
    resonant_iv.set(gamma_meV=2.0, kT_meV=1.0, level_meV=0.0)
    V, current_nA = line_data(resonant_iv, 0, 3)  # axhline, axvline, linear, I(V)
    assert np.allclose(current_nA, -current_nA[::-1], atol=1e-9 * np.abs(current_nA).max())
    _, linear_nA = line_data(resonant_iv, 0, 2)
    centre = len(V) // 2
    slope_curve = (current_nA[centre + 1] - current_nA[centre - 1]) / (V[centre + 1] - V[centre - 1])
    slope_line = (linear_nA[centre + 1] - linear_nA[centre - 1]) / (V[centre + 1] - V[centre - 1])
    assert slope_curve == pytest.approx(slope_line, rel=0.01)


@pytest.mark.parametrize("values", [dict(gamma_meV=1.0, kT_meV=0.0, level_meV=0.0),
                                    dict(gamma_meV=3.0, kT_meV=4.0, level_meV=-10.0)])
def test_resonant_iv_saturation_bounds_the_curve_and_is_reached(resonant_iv, values):
    resonant_iv.set(**values)
    current, saturation = resonant_iv.data["I"], resonant_iv.data["I_max"]
    # Gamma_L = Gamma_R = Gamma/2: I_max = g_s e Gamma_L Gamma_R / (hbar Gamma) = e Gamma / (2 hbar),
    # which is G0 * (pi/2) * Gamma with Gamma in eV read as volts
    expected = G0 * np.pi / 2 * values["gamma_meV"] * MEV
    assert saturation == pytest.approx(expected, rel=1e-4)
    assert np.all(np.abs(current) <= saturation * (1 + 1e-9))
    assert current[-1] > 0.8 * saturation  # 40 mV covers most of the peak even when warm and detuned


@pytest.fixture(scope="module")
def conductance_temperature():
    return ch01.conductance_temperature()


def test_conductance_temperature_curve_limits_and_marker(conductance_temperature):
    fig = conductance_temperature.set(kT_meV=1.0, detuning_meV=0.0, gamma_meV=1.0)
    kT, G = fig.data["kT"], fig.data["G"]
    assert np.all(np.diff(G) < 0), "on resonance, warming only lowers G"
    assert G[0] == pytest.approx(1.0, abs=2e-3)  # k_BT = 0.01 meV << Gamma: 1 - (pi^2/3)(2kT/Gamma)^2
    # k_BT = 100 meV >> Gamma: G -> G0 (pi/2) Gamma_L Gamma_R / (Gamma k_BT) = (pi/8) Gamma / k_BT
    assert G[-1] == pytest.approx(np.pi / 8 * 1.0 / kT[-1], rel=0.02)
    assert fig.data["G_now"] == pytest.approx(np.interp(0.0, np.log(kT), G), rel=1e-2)


def test_conductance_temperature_off_resonance_has_a_maximum(conductance_temperature):
    fig = conductance_temperature.set(kT_meV=1.0, detuning_meV=2.0, gamma_meV=0.1)
    G = fig.data["G"]
    peak = int(np.argmax(G))
    assert 0 < peak < len(G) - 1
    T_mu = breit_wigner(0.0, level=2.0 * MEV, gamma_left=0.05 * MEV, gamma_right=0.05 * MEV)
    assert G[0] == pytest.approx(T_mu, rel=1e-3)


def test_conductance_temperature_window_is_normalised(conductance_temperature):
    fig = conductance_temperature.set(kT_meV=0.3, detuning_meV=0.0, gamma_meV=0.2)
    assert np.trapezoid(fig.data["window"], fig.data["E"]) == pytest.approx(1.0, abs=1e-6)


# -- chapter 2 -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def barrier_chain():
    return ch02.barrier_chain()


@pytest.mark.parametrize("energy", [0.3, 2.0, 3.7])
def test_barrier_chain_probabilities_add_to_one_and_a_flat_chain_is_transparent(barrier_chain, energy):
    fig = barrier_chain.set(energy=energy, width=8, height=0.0)
    heights, T, R = fig.data["heights"], fig.data["T"], fig.data["R"]
    assert np.allclose(T + R, 1.0, atol=1e-10)
    assert T[np.argmin(np.abs(heights))] == pytest.approx(1.0, abs=1e-10)  # V = 0: no barrier
    assert fig.data["T_now"] == pytest.approx(1.0, abs=1e-10)


def test_barrier_chain_agrees_with_caroli_and_tunnels_under_the_barrier(barrier_chain):
    fig = barrier_chain.set(energy=1.0, width=10, height=2.0)
    # the Caroli route (RGF, closed-form leads) against the figure's Fisher-Lee S-matrix
    caroli = tb.transmission(geometries.chain(40, potential=fig.data["V"]).finalized(), 1.0).transmission[1, 0]
    assert fig.data["T_now"] == pytest.approx(caroli, abs=1e-10)
    heights, T = fig.data["heights"], fig.data["T"]
    assert np.all(T[heights > 2.0] < 1e-3)  # E = 1 below the barrier, 10 sites wide
    fig.set(width=4)
    assert fig.data["T_now"] > 10 * caroli  # thinner barrier, more tunnelling


@pytest.fixture(scope="module")
def self_energy():
    return ch02.self_energy()


@pytest.mark.parametrize("t", [0.5, 1.0, 2.0])
def test_self_energy_semicircle_inside_the_band_and_real_outside(self_energy, t):
    fig = self_energy.set(t=t, energy=1.0)
    E, sigma = fig.data["E"], fig.data["sigma"]
    inside = (E > 0) & (E < 4 * t)
    assert np.all(sigma.imag <= 1e-15)
    assert np.allclose(np.abs(sigma[inside]), t, atol=1e-12)
    assert np.allclose(sigma.imag[~inside], 0.0, atol=1e-12)
    k = np.arccos(1 - 1.0 / (2 * t))
    assert fig.data["gamma"] == pytest.approx(2 * t * np.sin(k), abs=1e-12)  # Gamma = hbar v / a


@pytest.fixture(scope="module")
def two_routes():
    return ch02.two_routes()


@pytest.mark.parametrize("values", [dict(energy=1.5, disorder=1.5, length=20, seed=1),
                                    dict(energy=4.0, disorder=3.0, length=35, seed=7),
                                    dict(energy=0.2, disorder=0.0, length=5, seed=1)])
def test_two_routes_agree_and_eigenvalues_add_up(two_routes, values):
    fig = two_routes.set(**values)
    d = fig.data
    assert d["T_fl"] == pytest.approx(d["T_caroli_now"], abs=1e-10)
    assert np.sum(d["tau"]) == pytest.approx(d["T_fl"], abs=1e-10)
    assert d["unitarity"] < 1e-10
    assert np.interp(values["energy"], d["E"], d["T"]) <= strip_open_channels(values["energy"], 4) + 1e-9


def test_two_routes_curve_is_the_sparse_solve_for_the_same_disorder(two_routes):
    # the figure's curve (Caroli, RGF) against the sparse direct solve of the same sample (seed 4)
    fig = two_routes.set(energy=2.0, disorder=2.5, length=17, seed=4)
    potential = 2.5 * (np.random.default_rng(4).random((17, 4)) - 0.5)
    system = geometries.strip(17, 4, potential=potential).finalized()
    sparse = tb.transmission(system, fig.data["E"][::10], method="sparse").transmission[:, 1, 0]
    assert np.allclose(fig.data["T"][::10], sparse, atol=1e-10, rtol=0)


def test_two_routes_clean_strip_transmits_every_open_channel(two_routes):
    fig = two_routes.set(disorder=0.0, energy=3.0, length=10)
    assert np.allclose(fig.data["T"], fig.data["channels"], atol=1e-8)
    assert np.allclose(fig.data["tau"], 1.0, atol=1e-10)


@pytest.fixture(scope="module")
def breit_wigner_level():
    return ch02.breit_wigner_level()


@pytest.mark.parametrize("gl, gr", [(1.0, 1.0), (0.2, 2.5), (3.0, 0.05)])
def test_breit_wigner_peak_and_half_width_are_drawn_where_the_curve_is(breit_wigner_level, gl, gr):
    fig = breit_wigner_level.set(gamma_left_meV=gl, gamma_right_meV=gr, level_meV=1.0)
    E, T = fig.data["E"], fig.data["T"]
    assert fig.data["peak"] == pytest.approx(4 * gl * gr / (gl + gr) ** 2, rel=1e-12)
    assert T.max() <= fig.data["peak"] + 1e-12
    (x0, x1), (y0, _) = line_data(fig, 1, 2)
    assert np.interp(x0, E, T) == pytest.approx(y0, rel=1e-3)
    assert np.interp(x1, E, T) == pytest.approx(y0, rel=1e-3)
    # spectral function has unit area / 2 pi: -2 Im G integrates to 2 pi (tails cut at +-10 meV)
    assert np.trapezoid(fig.data["A"], E) == pytest.approx(2 * np.pi, rel=0.2)


def test_chapter_figure_registries():
    assert set(ch01.FIGURES) == {"bias_window", "resonant_iv", "conductance_temperature"}
    assert set(ch02.FIGURES) == {"barrier_chain", "self_energy", "two_routes", "breit_wigner_level"}
