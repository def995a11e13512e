"""The energy integrator of the Landauer formulas, on its own (qtransport._integrate).

Both routes (adaptive Gauss-Kronrod for a callable T(E), the product rule on
sampled grids) are checked against integrals known in closed form: the
moments of the thermal window (Sommerfeld's expansion is exact for a
polynomial T), the moments of f_L - f_R, and polynomials the cubic
interpolant of a grid reproduces exactly.  The kernels of qtransport._thermal
are checked against the plain formulas.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import IntegrationWarning, quad

from qtransport._integrate import (
    ConductanceWindow,
    CurrentWindow,
    EnergyGridWarning,
    Grid,
    adaptive_integral,
    evaluate_transmission,
)
from qtransport._thermal import minus_dfde, occupation, occupation_difference

MU = np.array([-0.3, 0.0, 0.2, 0.5])
KT = np.array([0.01, 0.05, 0.1, 0.02])


def _adaptive(T, window, reference, points=(), rtol=1e-12, n_channels=None):
    return adaptive_integral(T, window, reference, np.asarray(points, dtype=float),
                             n_channels=n_channels, rtol=rtol)


# --------------------------------------------------------------------------- the kernels
def test_kernels_equal_the_plain_formulas():
    E = np.linspace(-1.0, 1.0, 201)[:, None]
    mu, kT = 0.1, np.array([0.02, 0.07])
    plain_f = 1.0 / (np.exp((E - mu) / kT) + 1.0)
    assert_allclose(occupation(E, mu, kT), plain_f, rtol=1e-13, atol=1e-300)
    plain_w = 1.0 / (4.0 * kT * np.cosh((E - mu) / (2.0 * kT)) ** 2)
    assert_allclose(minus_dfde(E, mu, kT), plain_w, rtol=1e-12)
    mu_L, mu_R = 0.15, 0.05  # a bias large enough for the plain difference to be exact
    assert_allclose(occupation_difference(E, mu_L, mu_R, kT), occupation(E, mu_L, kT) - occupation(E, mu_R, kT),
                    rtol=1e-10, atol=1e-15)


def test_occupation_is_an_exact_step_at_zero_temperature_and_broadcasts():
    assert occupation(np.array([-1.0, 0.0, 1.0]), 0.0, 0.0).tolist() == [1.0, 0.5, 0.0]
    # a column of temperatures, some zero, against a row of energies
    out = occupation(np.array([-0.1, 0.1]), 0.0, np.array([[0.0], [0.05]]))
    assert out.shape == (2, 2)
    assert out[0].tolist() == [1.0, 0.0]
    assert_allclose(out[1], 1.0 / (np.exp(np.array([-2.0, 2.0])) + 1.0), rtol=1e-14)
    assert occupation(0.0, 0.0, np.zeros(3)).shape == (3,)


def test_occupation_difference_keeps_its_digits_at_tiny_bias():
    E = np.linspace(-0.2, 0.2, 41)
    kT, b = 0.02, 1e-12  # mu_L - mu_R = 2b: the plain difference loses about 4 of 16 digits
    diff = occupation_difference(E, b, -b, kT)
    assert_allclose(diff, 2 * b * minus_dfde(E, 0.0, kT), rtol=1e-9)
    assert np.all(np.isfinite(occupation_difference(np.array([-50.0, 50.0]), 0.01, -0.01, 1e-4)))


# --------------------------------------------------------------------------- the adaptive route
@pytest.mark.parametrize("power", [0, 1, 2])
def test_adaptive_moments_of_the_thermal_window(power):
    # int E^n (-df/dE) dE about mu: 1, mu, mu^2 + pi^2 kT^2 / 3 (exact for polynomials)
    window = ConductanceWindow(np.zeros(MU.size), KT)
    shift = 10.0  # keeps T >= 0 over the whole window
    got = _adaptive(lambda E: E**power + shift, window, MU) - shift
    expect = [np.ones(MU.size), MU, MU**2 + np.pi**2 * KT**2 / 3][power]
    assert_allclose(got, expect, rtol=1e-10, atol=1e-14)


def test_adaptive_current_window_moments():
    # int (f_L - f_R) dE = mu_L - mu_R, and int E (f_L - f_R) dE
    # = (mu_L^2 - mu_R^2)/2 + pi^2 (kT_L^2 - kT_R^2)/6, for equal and unequal temperatures
    bias = np.array([1e-3, 0.05, -0.02, 0.3])
    kT_L = np.array([0.01, 0.02, 0.03, 0.01])
    kT_R = np.array([0.01, 0.05, 0.03, 0.0])
    mu = np.array([0.0, 0.1, -0.1, 0.2])
    window = CurrentWindow(0.5 * bias, -0.5 * bias, kT_L, kT_R)
    assert_allclose(_adaptive(lambda E: np.ones_like(E), window, mu), bias, rtol=1e-10)
    mu_L, mu_R = mu + bias / 2, mu - bias / 2
    first = (mu_L**2 - mu_R**2) / 2 + np.pi**2 * (kT_L**2 - kT_R**2) / 6
    assert_allclose(_adaptive(lambda E: E + 10.0, window, mu), first + 10.0 * bias, rtol=1e-9, atol=1e-14)


def test_adaptive_route_resolves_a_narrow_resonance_given_its_energy():
    # a Lorentzian of width 1e-6 at 0.03 eV, much narrower than kT = 0.01: its area is pi g / 2
    g, E0 = 1e-6, 0.03
    T = lambda E: (g / 2) ** 2 / ((E - E0) ** 2 + (g / 2) ** 2)  # noqa: E731
    window = ConductanceWindow(np.zeros(1), np.array([0.01]))
    got = _adaptive(T, window, np.array([0.0]), points=[E0])
    assert_allclose(got, np.pi * g / 2 * minus_dfde(E0, 0.0, 0.01), rtol=1e-4)  # about a delta function
    # an independent route: QUADPACK, told where the peak is, split at it
    f = lambda E: T(E) * minus_dfde(E, 0.0, 0.01)  # noqa: E731
    pieces = [(-0.4, E0 - 1e-4), (E0 - 1e-4, E0), (E0, E0 + 1e-4), (E0 + 1e-4, 0.4)]
    expect = sum(quad(f, a, b, epsabs=0, epsrel=1e-12, limit=200)[0] for a, b in pieces)
    assert_allclose(got, expect, rtol=1e-9)


def test_adaptive_route_warns_when_it_cannot_converge():
    rng = np.random.default_rng(0)
    noise = lambda E: 0.5 + 0.5 * np.sin(1e9 * E + rng.uniform())  # noqa: E731 - no smooth structure
    window = ConductanceWindow(np.zeros(1), np.array([0.01]))
    with pytest.warns(IntegrationWarning, match="`points`"):
        adaptive_integral(noise, window, np.zeros(1), np.empty(0), n_channels=None, rtol=1e-12,
                          max_intervals=2000)


def test_transmission_values_are_checked():
    E = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match="outside \\[0, 1\\]"):
        evaluate_transmission(lambda E: 2.0 * np.ones_like(E), E, 1)
    with pytest.raises(ValueError, match="non-finite"):
        evaluate_transmission(lambda E: np.where(E > 0.5, np.nan, 0.5), E, None)
    with pytest.raises(TypeError, match="numpy array"):
        evaluate_transmission(lambda E: float(E), E, None)
    assert evaluate_transmission(lambda E: 0.25, E, None).tolist() == [0.25] * 5  # a constant broadcasts


# --------------------------------------------------------------------------- the sampled route
def test_grid_interpolant_reproduces_a_cubic():
    E = np.linspace(-1.0, 1.0, 41)
    cubic = lambda x: 0.5 + 0.1 * x - 0.2 * x**2 + 0.15 * x**3  # noqa: E731, stays in [0, 1]
    grid = Grid(cubic(E), E, None)
    x = np.linspace(-1.0, 1.0, 333)
    assert_allclose(grid.at(x), cubic(x), rtol=1e-13, atol=1e-15)
    assert grid.at(np.array([-1.5, 1.5])).tolist() == [0.0, 0.0]  # T is 0 outside the grid


@pytest.mark.parametrize("uniform", [True, False])
def test_grid_moments_of_the_thermal_window(uniform):
    E = np.linspace(-1.5, 1.5, 1201)
    if not uniform:
        E = np.sort(np.concatenate([E, np.random.default_rng(3).uniform(-1.4, 1.4, 300)]))
        E = E[np.concatenate([[True], np.diff(E) > 1e-6])]
    quadratic = 0.2 + 0.3 * E + 0.4 * E**2
    grid = Grid(quadratic, E, None)
    assert bool(grid.uniform) is uniform
    mu, kT = np.array([-0.2, 0.0, 0.3]), np.array([0.01, 0.02, 0.015])
    got = grid.integrate(ConductanceWindow(mu, kT))
    expect = 0.2 + 0.3 * mu + 0.4 * (mu**2 + np.pi**2 * kT**2 / 3)
    assert_allclose(got, expect, rtol=1e-8)


def test_grid_current_equals_the_adaptive_route():
    E = np.linspace(-1.0, 1.0, 2001)
    T = lambda x: 1.0 / (1.0 + np.exp(-(x - 0.05) / 0.03))  # noqa: E731, a smooth step
    bias, kT = np.array([0.01, 0.1]), np.array([0.005, 0.01])
    sampled = Grid(T(E), E, None).integrate(CurrentWindow(0.5 * bias, -0.5 * bias, kT, kT))
    adaptive = _adaptive(T, CurrentWindow(0.5 * bias, -0.5 * bias, kT, kT), np.zeros(2))
    assert_allclose(sampled, adaptive, rtol=1e-8)


def test_grid_warns_when_too_coarse_or_too_short():
    E = np.linspace(-0.1, 0.1, 11)  # spacing 0.02 eV
    grid = Grid(np.full(E.size, 0.5), E, None)
    with pytest.warns(EnergyGridWarning, match="spacing"):
        grid.check_window(ConductanceWindow(np.zeros(1), np.array([0.005])))
    with pytest.warns(EnergyGridWarning, match="grid end"):
        grid.check_window(ConductanceWindow(np.zeros(1), np.array([0.02])))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Grid(np.full(401, 0.5), np.linspace(-1, 1, 401), None).check_window(
            ConductanceWindow(np.zeros(1), np.array([0.01])))


def test_grid_refuses_bad_samples():
    with pytest.raises(ValueError, match="strictly increasing"):
        Grid([0.1, 0.2, 0.3], [0.0, 0.2, 0.1], None)
    with pytest.raises(ValueError, match="one transmission sample per energy"):
        Grid([0.1, 0.2], [0.0, 0.1, 0.2], None)
    with pytest.raises(TypeError, match="`energies` is required"):
        Grid([0.1, 0.2], None, None)
