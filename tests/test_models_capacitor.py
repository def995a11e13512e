"""Mesoscopic capacitor: charge-relaxation resistance by three routes, and its limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import unitary_group

from qtransport.constants import R0, e, h
from qtransport.models.capacitor import (
    cavity_charge_relaxation_resistance,
    cavity_phase_derivative,
    cavity_reflection_amplitude,
    charge_relaxation_resistance,
    charge_relaxation_resistance_from_smatrix,
    electrochemical_capacitance,
)
from qtransport.smatrix import barrier_smatrix, network_smatrix

H_2E2 = h / (2 * e**2)


def numerical_phase_derivative(energy, step=1e-6, **kw):
    """Central difference of the unwrapped phase of r(E) (angle of the ratio: no branch cut)."""
    r_plus = cavity_reflection_amplitude(energy + step, **kw)
    r_minus = cavity_reflection_amplitude(energy - step, **kw)
    return np.angle(r_plus / r_minus) / (2 * step)


def test_cavity_reflection_is_the_barrier_plus_mirror_network():
    """Independent route: barrier S-matrix closed by a mirror through a bond of phase theta/2."""
    E = np.linspace(0, 1, 13)
    T, spacing, offset = 0.37, 0.8, 0.4
    theta = 2 * np.pi * E / spacing + offset
    mirror = np.ones((1, 1))  # perfect reflection, amplitude 1
    S = network_smatrix([barrier_smatrix(T), mirror], [(1, 2)], phases=[theta / 2])
    r = cavity_reflection_amplitude(E, transmission=T, level_spacing=spacing, phase_offset=offset)
    assert np.allclose(S[:, 0, 0], r, atol=1e-13)
    assert np.allclose(np.abs(r), 1.0, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.02, 1.0), st.floats(0.1, 5.0), st.floats(-3, 3))
def test_analytic_phase_derivative_matches_finite_differences(T, spacing, offset):
    kw = {"transmission": T, "level_spacing": spacing, "phase_offset": offset}
    E = np.linspace(-spacing, spacing, 23)
    analytic = cavity_phase_derivative(E, **kw)
    assert np.all(analytic > 0)
    step = 1e-5 * spacing * T
    assert np.allclose(numerical_phase_derivative(E, step=step, **kw), analytic, rtol=1e-6)


@pytest.mark.parametrize("T", [0.05, 0.4, 1.0])
def test_mean_density_of_states_is_one_level_per_spacing(T):
    spacing = 0.7
    E = np.linspace(0, spacing, 2048, endpoint=False)  # periodic: trapezoid is spectral
    dos = cavity_phase_derivative(E, transmission=T, level_spacing=spacing) / (2 * np.pi)
    assert dos.mean() == pytest.approx(1 / spacing, rel=1e-10)


@pytest.mark.parametrize("T", [0.01, 0.2, 0.6, 1.0])
def test_single_channel_resistance_is_h_over_2e2_for_any_T_and_energy(T):
    kw = {"transmission": T, "level_spacing": 1.0, "phase_offset": 0.3}
    E = np.linspace(-0.7, 0.7, 31)
    # Route 1: the library's analytic phase derivative.
    R1 = cavity_charge_relaxation_resistance(
        E, transmissions=T, level_spacing=1.0, phase_offsets=0.3, spin_degeneracy=1
    )
    assert np.allclose(R1, H_2E2, rtol=1e-12)
    # Route 2: finite differences of the reflection phase.
    d = numerical_phase_derivative(E, step=1e-7, **kw)
    assert np.allclose(
        charge_relaxation_resistance(d[:, None], spin_degeneracy=1), H_2E2, rtol=1e-12
    )
    # Route 3: the Buttiker-Thomas-Pretre trace formula with a 1x1 S and numerical dS/dE.
    step = 1e-7
    S = cavity_reflection_amplitude(E, **kw)[:, None, None]
    dS = (
        cavity_reflection_amplitude(E + step, **kw) - cavity_reflection_amplitude(E - step, **kw)
    )[:, None, None] / (2 * step)
    R3 = charge_relaxation_resistance_from_smatrix(S, dS, spin_degeneracy=1)
    assert np.allclose(R3, H_2E2, rtol=1e-6)
    # Spin-degenerate orbital channel: two channels in parallel.
    R_deg = cavity_charge_relaxation_resistance(
        E, transmissions=T, level_spacing=1.0, phase_offsets=0.3
    )
    assert np.allclose(R_deg, H_2E2 / 2, rtol=1e-12)


def test_several_channels():
    E = np.linspace(0, 1, 41)
    # Identical channels: n in parallel.
    R = cavity_charge_relaxation_resistance(
        E, transmissions=[0.3, 0.3, 0.3], level_spacing=1.0, spin_degeneracy=1
    )
    assert np.allclose(R, H_2E2 / 3, rtol=1e-12)
    # Different transmissions: in between, and energy dependent.
    R = cavity_charge_relaxation_resistance(
        E, transmissions=[0.9, 0.1], level_spacing=1.0, phase_offsets=[0.0, 1.0], spin_degeneracy=1
    )
    assert np.all((R >= H_2E2 / 2 * (1 - 1e-12)) & (R <= H_2E2 * (1 + 1e-12)))
    assert np.ptp(R) > 0.1 * H_2E2
    d = np.stack(
        [
            cavity_phase_derivative(E, transmission=0.9, level_spacing=1.0),
            cavity_phase_derivative(E, transmission=0.1, level_spacing=1.0, phase_offset=1.0),
        ],
        axis=-1,
    )
    assert np.allclose(R, H_2E2 * (d**2).sum(-1) / d.sum(-1) ** 2, rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_trace_formula_equals_eigenphase_formula_for_fixed_eigenvectors(seed, n):
    rng = np.random.default_rng(seed)
    V = unitary_group.rvs(n, random_state=rng) if n > 1 else np.eye(1)
    phases = rng.uniform(0, 2 * np.pi, n)
    rates = rng.uniform(0.1, 3.0, n)  # dphi_n / dE

    def S(E):
        return V @ np.diag(np.exp(1j * (phases + rates * E))) @ V.conj().T

    step = 1e-6
    dS = (S(step) - S(-step)) / (2 * step)
    R_trace = charge_relaxation_resistance_from_smatrix(S(0.0), dS, spin_degeneracy=1)
    R_phase = charge_relaxation_resistance(rates, spin_degeneracy=1)
    assert R_trace == pytest.approx(R_phase, rel=1e-8)
    assert H_2E2 / n * (1 - 1e-12) <= R_phase <= H_2E2 * (1 + 1e-12)


def test_spin_convention():
    assert charge_relaxation_resistance(2.0, spin_degeneracy=1) == pytest.approx(R0, rel=1e-15)
    assert charge_relaxation_resistance(2.0) == pytest.approx(R0 / 2, rel=1e-15)
    # Listing both spin directions explicitly is the same as spin_degeneracy=2.
    assert charge_relaxation_resistance([2.0, 2.0], spin_degeneracy=1) == pytest.approx(
        charge_relaxation_resistance(2.0, spin_degeneracy=2), rel=1e-15
    )


def test_electrochemical_capacitance():
    C, nu = 2e-15, 5e3  # farads, states per eV
    Cq = e**2 * 2 * (nu / e)  # e^2 D with D in 1/J
    assert electrochemical_capacitance(C, nu) == pytest.approx(
        1 / (1 / C + 1 / Cq), rel=1e-14, abs=0
    )
    assert electrochemical_capacitance(C, 1e12) == pytest.approx(
        C, rel=1e-6, abs=0
    )  # metallic plate
    assert electrochemical_capacitance(1.0, nu, spin_degeneracy=1) == pytest.approx(
        e * nu, rel=1e-9, abs=0
    )


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: charge_relaxation_resistance([1.0, -1.0]), ValueError, "must be > 0"),
        (
            lambda: charge_relaxation_resistance([1.0], spin_degeneracy=0),
            ValueError,
            "`spin_degeneracy` must be >= 1",
        ),
        (
            lambda: charge_relaxation_resistance_from_smatrix(np.eye(2), np.zeros((2, 2))),
            ValueError,
            "no density of states",
        ),
        (
            lambda: charge_relaxation_resistance_from_smatrix(np.eye(2), np.eye(3)),
            ValueError,
            "differ",
        ),
        (
            lambda: cavity_reflection_amplitude(0.0, transmission=0.0, level_spacing=1.0),
            ValueError,
            "`transmission` must lie in \\(0, 1\\]",
        ),
        (
            lambda: cavity_phase_derivative(0.0, transmission=0.5, level_spacing=0.0),
            ValueError,
            "`level_spacing` must be > 0",
        ),
        (
            lambda: cavity_charge_relaxation_resistance(
                0.0, transmissions=[[0.5]], level_spacing=1.0
            ),
            ValueError,
            "1-d array",
        ),
        (
            lambda: electrochemical_capacitance(-1e-15, 1.0),
            ValueError,
            "`geometric_capacitance` must be > 0",
        ),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_charge_relaxation_resistance_is_scale_free_and_does_not_overflow():
    d = np.array([1.0, 2.0, 0.5])
    ref = charge_relaxation_resistance(d)
    # R_q depends only on ratios of the dwell times: huge or tiny units change nothing.
    for scale in (1e-300, 1e300):
        assert charge_relaxation_resistance(scale * d) == pytest.approx(ref, rel=1e-14, abs=0)


def test_smatrix_route_refuses_a_non_unitary_reflection_matrix():
    S = np.diag([1.0, 0.5])  # the second channel leaks: not a closed cavity
    with pytest.raises(ValueError, match="`smatrix` is not unitary"):
        charge_relaxation_resistance_from_smatrix(S, 1j * S)

