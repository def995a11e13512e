"""Quantum Hall models: plateau resistance, thermal step, edge-channel Hall bar."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from qtransport.constants import R_K, e, h
from qtransport.distributions import thermal_window
from qtransport.models.quantum_hall import (
    hall_bar_transmissions,
    hall_plateau_resistance,
    thermal_step_conductance,
)
from qtransport.multiterminal import (
    check_sum_rules,
    conductance_matrix,
    hall_resistance,
    longitudinal_resistance,
    two_terminal_resistance,
)


def test_plateau_resistance():
    nu = np.array([1, 2, 3, 4, 1 / 3])
    assert np.allclose(hall_plateau_resistance(nu), h / (nu * e**2), rtol=1e-15)
    assert hall_plateau_resistance(1) == pytest.approx(25812.80745, rel=1e-9)  # CODATA R_K


def landauer_step(N, delta, kT):
    """Independent route: quad of T(E) = N + Theta(E - E_F - Delta) over -df/dE (E_F = 0)."""
    below = integrate.quad(lambda E: N * thermal_window(E, 0.0, kT), -60 * kT, delta)[0]
    above = integrate.quad(lambda E: (N + 1) * thermal_window(E, 0.0, kT), delta, 60 * kT)[0]
    return below + above


@pytest.mark.parametrize("N", [0, 1, 3])
@pytest.mark.parametrize("delta_over_kT", [-4.0, -0.5, 0.0, 0.7, 3.0, 12.0])
def test_thermal_step_matches_the_landauer_integral(N, delta_over_kT):
    kT = 0.013
    delta = delta_over_kT * kT
    G = thermal_step_conductance(N, delta=delta, kT=kT, unit="e^2/h")
    assert G == pytest.approx(landauer_step(N, delta, kT), rel=1e-10, abs=1e-13)


def test_thermal_step_limits_and_units():
    # Zero temperature: an exact step, 1/2 exactly at the threshold.
    values = thermal_step_conductance(2, delta=np.array([-1e-3, 0.0, 1e-3]), kT=0.0, unit="e^2/h")
    assert np.array_equal(values, [3.0, 2.5, 2.0])
    # Far above/below: N and N + 1; the approach is activated, 1/(exp(Delta/kT) + 1) ~
    # exp(-Delta/kT).  Subtracting 1 leaves about 1e-16/2e-9 = 5e-8 relative round-off.
    assert thermal_step_conductance(1, delta=1.0, kT=0.05, unit="e^2/h") - 1 == pytest.approx(
        1 / (np.exp(20.0) + 1), rel=2e-7, abs=0
    )
    assert thermal_step_conductance(1, delta=-1.0, kT=0.05, unit="e^2/h") == pytest.approx(2.0)
    # Units: e^2/h per spin-resolved channel.
    assert thermal_step_conductance(1, delta=0.0, kT=0.1) == pytest.approx(
        1.5 * e**2 / h, rel=1e-14, abs=0
    )
    assert thermal_step_conductance(1, delta=0.0, kT=0.1, unit="G0") == pytest.approx(0.75)


def test_thermal_step_broadcasts():
    G = thermal_step_conductance(np.arange(3)[:, None], delta=0.01, kT=np.array([0.0, 0.01, 0.1]))
    assert G.shape == (3, 3)


@pytest.mark.parametrize("nu", [1, 2, 4])
@pytest.mark.parametrize("r", [0.0, 0.3, 0.9])
def test_hall_bar_with_a_constriction(nu, r):
    T = hall_bar_transmissions(nu, reflected=r)
    check_sum_rules(T, np.full(6, nu))
    G = conductance_matrix(T, spin_degeneracy=1)
    R_xy = hall_resistance(G)
    R_xx = longitudinal_resistance(G)
    assert R_xy == pytest.approx(R_K / nu, rel=1e-12)
    assert hall_resistance(G, position="right") == pytest.approx(R_K / nu, rel=1e-12)
    assert R_xx == pytest.approx(R_K * r / (nu * (nu - r)), rel=1e-12, abs=1e-9)
    assert longitudinal_resistance(G, side="upper") == pytest.approx(R_xx, rel=1e-12, abs=1e-9)
    assert two_terminal_resistance(G, 0, 3) == pytest.approx(R_xy + R_xx, rel=1e-12)
    # Reversing the field transposes T (Onsager) and flips the Hall voltage.
    G_rev = conductance_matrix(
        hall_bar_transmissions(nu, reflected=r, reverse_field=True), spin_degeneracy=1
    )
    assert np.allclose(G_rev, G.T, rtol=1e-14, atol=0)
    assert hall_resistance(G_rev) == pytest.approx(-R_K / nu, rel=1e-12)
    assert two_terminal_resistance(G_rev, 0, 3) == pytest.approx(two_terminal_resistance(G, 0, 3))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: hall_plateau_resistance(0), ValueError, "`nu` must be > 0"),
        (
            lambda: thermal_step_conductance(-1, delta=0.0, kT=0.1),
            ValueError,
            "`n_filled` must be whole",
        ),
        (
            lambda: thermal_step_conductance(1.5, delta=0.0, kT=0.1),
            ValueError,
            "`n_filled` must be whole",
        ),
        (lambda: thermal_step_conductance(1, delta=0.0, kT=-0.1), ValueError, "`kT` must be >= 0"),
        (lambda: thermal_step_conductance(1, delta="x", kT=0.1), TypeError, "`delta`"),
        (lambda: hall_bar_transmissions(0), ValueError, "`nu` must be a whole number >= 1"),
        (lambda: hall_bar_transmissions(2, reflected=2.0), ValueError, "`reflected` must lie in"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
