"""Landauer current and conductance against closed forms, limits, symmetries and bad input.

Closed forms used (energies in eV, integrals in eV, I = (g_s e^2/h) * integral):

* constant T:      int T (f_L - f_R) dE = T eV at any temperatures;
* step T = N theta(E - E0): int_{E0}^inf f dE = kT ln(1 + exp((mu - E0)/kT));
* Lorentzian T = Gamma_L Gamma_R / ((E - eps)^2 + (Gamma/2)^2):
  int A f dE = 1/2 - Im psi(1/2 + (Gamma/2 + i(eps - mu))/(2 pi kT)) / pi for the normalized
  Lorentzian A, and its mu-derivative int A (-f') dE = Re psi'(z) / (2 pi^2 kT);
* Sommerfeld expansion: int T (-f') dE = T + (pi^2/6) kT^2 T'' + (7 pi^4/360) kT^4 T'''' + ...

Currents (~1e-6 A) and conductances (~1e-5 S) are compared with ``abs=0`` / ``atol=0``:
the default absolute tolerances of pytest.approx (1e-12) and numpy.allclose (1e-8) would
otherwise dominate, or swallow, the relative ones.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from qtransport import (
    G0,
    EnergyGridWarning,
    iv_curve,
    landauer_conductance,
    landauer_current,
)

FAST = settings(max_examples=30, deadline=None)
GL, GR, EPS = 0.004, 0.006, 0.03  # Breit-Wigner level (eV)
GAMMA = GL + GR


def breit_wigner(E):
    return GL * GR / ((E - EPS) ** 2 + (GAMMA / 2) ** 2)


def lorentz_cumulative(mu, kT):
    """int A(E) f(E; mu, kT) dE for the normalized Lorentzian A of the level (digamma form)."""
    if kT == 0:
        return 0.5 + math.atan((mu - EPS) / (GAMMA / 2)) / math.pi
    z = 0.5 + (GAMMA / 2 + 1j * (EPS - mu)) / (2 * math.pi * kT)
    return 0.5 - special.psi(z).imag / math.pi


def trigamma(z):
    """psi'(z) for complex z: 20 steps of the recurrence, then the asymptotic series."""
    z = np.asarray(z, dtype=complex)
    total = sum(1 / (z + n) ** 2 for n in range(20))
    w = z + 20
    series = 1 / w + 1 / (2 * w**2) + 1 / (6 * w**3) - 1 / (30 * w**5) + 1 / (42 * w**7)
    return total + series - 1 / (30 * w**9) + 5 / (66 * w**11)


def step_integral(mu, kT, E0):
    """int_{E0}^inf f(E; mu, kT) dE, exactly."""
    if kT == 0:
        return max(mu - E0, 0.0)
    return kT * np.logaddexp(0.0, (mu - E0) / kT)


# --- Closed forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("kT", [0.0, 1e-4, 0.01, 0.3])
@pytest.mark.parametrize("g_s", [1, 2])
def test_constant_transmission_is_ohmic_at_any_temperature(kT, g_s):
    V = np.array([-0.2, -1e-3, 0.0, 1e-6, 0.05])
    current = landauer_current(lambda E: 0.37, V, mu=0.12, kT=kT, spin_degeneracy=g_s)
    assert np.allclose(current, g_s * G0 / 2 * 0.37 * V, rtol=1e-10, atol=0)


def test_constant_transmission_with_different_temperatures_and_on_a_grid():
    # int (f_L - f_R) dE = mu_L - mu_R also for kT_L != kT_R.
    current = landauer_current(lambda E: 2.0, 0.01, kT_left=0.02, kT_right=0.001)
    assert current == pytest.approx(2.0 * G0 * 0.01, rel=1e-10, abs=0)
    E = np.linspace(-1.5, 1.5, 6001)
    current = landauer_current(np.full(E.size, 2.0), 0.01, kT_left=0.02, kT_right=0.001, energies=E)
    assert current == pytest.approx(2.0 * G0 * 0.01, rel=1e-9, abs=0)


@pytest.mark.parametrize(
    ("V", "kT_L", "kT_R", "E0"),
    [
        (0.1, 0.0, 0.0, 0.02),
        (0.1, 0.01, 0.01, 0.02),
        (0.03, 0.02, 0.002, -0.01),
        (-0.2, 0.0, 0.01, 0.05),
    ],
)
def test_step_transmission_matches_the_fermi_closed_form(V, kT_L, kT_R, E0):
    N, mu = 3.0, 0.01
    step = lambda E: np.where(E > E0, N, 0.0)  # noqa: E731
    current = landauer_current(step, V, mu=mu, kT_left=kT_L, kT_right=kT_R, points=[E0])
    expected = G0 * N * (step_integral(mu + V / 2, kT_L, E0) - step_integral(mu - V / 2, kT_R, E0))
    assert current == pytest.approx(expected, rel=1e-9, abs=0)


def test_step_transmission_conductance_is_the_fermi_function_at_the_step():
    E0, mu = 0.02, np.linspace(-0.05, 0.1, 7)
    G = landauer_conductance(lambda E: np.where(E > E0, 1.0, 0.0), mu=mu, kT=0.01, points=[E0])
    assert np.allclose(G / G0, special.expit((mu - E0) / 0.01), rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize(
    ("V", "mu", "kT_L", "kT_R"),
    [
        (0.01, 0.0, 0.002, 0.002),
        (0.1, 0.02, 0.01, 0.001),
        (0.0, 0.0, 0.01, 0.001),
        (-0.05, 0.03, 0.0005, 0.02),
        (0.2, -0.01, 0.0, 0.0),
        (0.04, 0.0, 0.0, 0.005),
    ],
)
def test_lorentzian_current_matches_the_digamma_closed_form(V, mu, kT_L, kT_R):
    current = landauer_current(breit_wigner, V, mu=mu, kT_left=kT_L, kT_right=kT_R)
    weight = 2 * math.pi * GL * GR / GAMMA  # int T dE
    expected = (
        G0 * weight * (lorentz_cumulative(mu + V / 2, kT_L) - lorentz_cumulative(mu - V / 2, kT_R))
    )
    assert current == pytest.approx(expected, rel=1e-8, abs=0)


def test_trigamma_helper_agrees_with_scipy_on_the_real_axis():
    x = np.array([0.3, 1.0, 2.5, 17.0])
    assert np.allclose(trigamma(x).real, special.polygamma(1, x), rtol=1e-13)


@pytest.mark.parametrize("kT", [1e-4, 2e-3, 0.01, 0.05])
def test_lorentzian_conductance_matches_the_trigamma_closed_form(kT):
    mu = np.array([-0.05, 0.0, EPS, 0.031, 0.08])
    z = 0.5 + (GAMMA / 2 + 1j * (EPS - mu)) / (2 * math.pi * kT)
    expected = G0 * (GL * GR / GAMMA) * trigamma(z).real / (math.pi * kT)
    G = landauer_conductance(breit_wigner, mu=mu, kT=kT)
    assert np.allclose(G, expected, rtol=1e-8, atol=0)


def test_breit_wigner_conductance_at_zero_temperature_is_G0_T_of_mu():
    mu = np.linspace(-0.02, 0.08, 11)
    assert np.array_equal(landauer_conductance(breit_wigner, mu=mu), G0 * breit_wigner(mu))
    assert landauer_conductance(breit_wigner, mu=EPS, spin_degeneracy=1) == pytest.approx(
        G0 / 2 * 4 * GL * GR / GAMMA**2, rel=1e-12, abs=0
    )


# --- Limits and invariants -----------------------------------------------------------------


def gaussian(E):
    return 0.8 * np.exp(-(E**2) / (2 * 0.1**2))


def test_sommerfeld_expansion_of_the_conductance():
    s = 0.1
    d2, d4 = -0.8 / s**2, 3 * 0.8 / s**4  # T''(0), T''''(0) of the Gaussian
    for kT in [1e-3, 3e-3]:
        G = landauer_conductance(gaussian, mu=0.0, kT=kT) / G0
        sommerfeld = 0.8 + math.pi**2 / 6 * kT**2 * d2 + 7 * math.pi**4 / 360 * kT**4 * d4
        assert G == pytest.approx(sommerfeld, abs=30 * kT**6 / s**6)


def test_current_tends_to_its_zero_temperature_value_as_kT_squared():
    V, mu = 0.05, 0.02
    I0 = landauer_current(gaussian, V, mu=mu)
    # Sommerfeld: I(kT) - I(0) = G0 (pi^2/6) kT^2 [T'(mu_L) - T'(mu_R)] + O(kT^4).
    slope = lambda E: -E / 0.1**2 * gaussian(E)  # noqa: E731
    for kT in [1e-3, 1e-4]:
        dI = landauer_current(gaussian, V, mu=mu, kT=kT) - I0
        predicted = G0 * math.pi**2 / 6 * kT**2 * (slope(mu + V / 2) - slope(mu - V / 2))
        assert dI == pytest.approx(predicted, rel=1e-2, abs=0)


@pytest.mark.parametrize("kT", [1e-5, 0.01, 0.5])
def test_thermal_window_has_unit_area(kT):
    assert landauer_conductance(lambda E: 1.0, mu=0.3, kT=kT) == pytest.approx(G0, rel=1e-12, abs=0)
    E = np.linspace(0.3 - 30 * kT, 0.3 + 30 * kT, 2001)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EnergyGridWarning)  # the grid ends where T = 1
        G = landauer_conductance(np.ones(E.size), mu=0.3, kT=kT, energies=E)
    assert G == pytest.approx(G0, rel=1e-10, abs=0)


@pytest.mark.parametrize("kT", [0.0, 0.005])
@pytest.mark.parametrize("transmission", [breit_wigner, gaussian])
def test_linear_response_is_the_zero_bias_slope_of_the_current(kT, transmission):
    mu, dV = 0.01, 1e-6
    slope = (
        landauer_current(transmission, dV, mu=mu, kT=kT)
        - landauer_current(transmission, -dV, mu=mu, kT=kT)
    ) / (2 * dV)
    assert slope == pytest.approx(landauer_conductance(transmission, mu=mu, kT=kT), rel=1e-7, abs=0)


@pytest.mark.parametrize("kT", [0.0, 0.005])
def test_tiny_bias_is_linear_response_to_full_precision(kT):
    # The bias enters as exact offsets +-V/2 from mu, so even V = 1e-15 V is not rounded away.
    V = np.array([1e-15, 1e-12, 1e-9])
    G = landauer_conductance(breit_wigner, mu=0.01, kT=kT)
    assert np.allclose(landauer_current(breit_wigner, V, mu=0.01, kT=kT) / V, G, rtol=1e-8, atol=0)


def test_reversing_the_bias_mirrors_the_transmission_about_mu():
    V, mu, kT = np.array([0.01, 0.07, 0.3]), 0.01, 0.004
    mirrored = lambda E: breit_wigner(2 * mu - E)  # noqa: E731
    assert np.allclose(
        landauer_current(breit_wigner, -V, mu=mu, kT=kT),
        -landauer_current(mirrored, V, mu=mu, kT=kT),
        rtol=1e-10,
        atol=0,
    )
    # A level centred on mu is symmetric: the I-V curve is odd.
    current = iv_curve(breit_wigner, np.concatenate([-V, V]), mu=EPS, kT=kT)
    assert np.allclose(current[:3], -current[3:], rtol=1e-10, atol=0)


def test_no_bias_no_temperature_difference_no_current():
    for kT in [0.0, 0.01]:
        assert landauer_current(breit_wigner, 0.0, mu=0.02, kT=kT) == 0.0
        E = np.linspace(-0.5, 0.5, 1001)
        assert landauer_current(breit_wigner(E), 0.0, mu=0.02, kT=kT, energies=E) == 0.0


def test_thermoelectric_current_flows_from_the_hot_side_for_electrons():
    mu, kw = 0.0, {"kT_left": 0.02, "kT_right": 0.002}
    # Electron-like step above mu: hot left reservoir pushes electrons to the right, I > 0.
    above = landauer_current(
        lambda E: np.where(E > 0.05, 1.0, 0.0), 0.0, mu=mu, points=[0.05], **kw
    )
    assert above > 0
    assert above == pytest.approx(
        G0 * (step_integral(mu, 0.02, 0.05) - step_integral(mu, 0.002, 0.05)), rel=1e-9, abs=0
    )
    # Hole-like step below mu: the sign reverses.
    below = landauer_current(
        lambda E: np.where(E < -0.05, 1.0, 0.0), 0.0, mu=mu, points=[-0.05], **kw
    )
    assert below < 0 and below == pytest.approx(-above, rel=1e-9, abs=0)


def test_current_is_vectorized_and_broadcasts():
    V = np.linspace(-0.1, 0.1, 12).reshape(3, 4)
    current = landauer_current(breit_wigner, V, kT=0.003)
    assert current.shape == (3, 4)
    assert current[1, 2] == pytest.approx(
        landauer_current(breit_wigner, V[1, 2], kT=0.003), rel=1e-12, abs=0
    )
    mus = np.array([[0.0], [0.03]])
    current = landauer_current(breit_wigner, [0.01, 0.02, 0.05], mu=mus, kT=[0.0, 0.001, 0.01])
    assert current.shape == (2, 3)
    assert current[1, 2] == pytest.approx(
        landauer_current(breit_wigner, 0.05, mu=0.03, kT=0.01), rel=1e-12, abs=0
    )
    G = landauer_conductance(breit_wigner, mu=mus, kT=[0.0, 0.001])
    assert G.shape == (2, 2) and G[1, 0] == G0 * breit_wigner(0.03)


# --- Sampled transmission -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("V", "kT_L", "kT_R"),
    [
        (0.05, 0.0, 0.0),
        (0.05, 0.0025, 0.0025),
        (0.2, 0.0, 0.01),
        (1e-5, 0.01, 0.0),
        (0.0, 0.01, 0.002),
    ],
)
def test_grid_and_callable_agree(V, kT_L, kT_R):
    E = np.linspace(-0.6, 0.6, 4001)
    on_grid = landauer_current(breit_wigner(E), V, mu=0.01, kT_left=kT_L, kT_right=kT_R, energies=E)
    exact = landauer_current(breit_wigner, V, mu=0.01, kT_left=kT_L, kT_right=kT_R)
    assert on_grid == pytest.approx(exact, rel=1e-7, abs=0)


def test_grid_rule_is_fourth_order_in_the_spacing():
    errors = []
    for n in [401, 801, 1601]:
        E = np.linspace(-0.5, 0.5, n)
        errors.append(
            abs(
                landauer_conductance(breit_wigner(E), mu=0.0317, energies=E, kT=0.01)
                - landauer_conductance(breit_wigner, mu=0.0317, kT=0.01)
            )
        )
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all((ratios > 10) & (ratios < 25)), ratios


def test_uneven_grids_work_and_zero_temperature_edges_are_exact():
    rng = np.random.default_rng(7)
    E = np.sort(np.concatenate([np.linspace(-0.5, 0.5, 1500), rng.uniform(-0.5, 0.5, 1500)]))
    E = E[np.concatenate([[True], np.diff(E) > 1e-9])]
    # A cubic T is reproduced exactly by the four-point interpolant.
    cubic = lambda x: 1 + x / 2 + x**2 + 2 * x**3  # noqa: E731
    mu_L, mu_R = 0.123456, -0.0987
    exact = G0 * (lambda F: F(mu_L) - F(mu_R))(lambda x: x + x**2 / 4 + x**3 / 3 + x**4 / 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        current = landauer_current(cubic(E), mu_L - mu_R, mu=(mu_L + mu_R) / 2, energies=E)
    assert current == pytest.approx(exact, rel=1e-12, abs=0)


def test_coarse_grids_stay_accurate_for_the_interpolant_but_warn():
    E = np.linspace(-1, 1, 201)  # spacing 0.01 eV
    T = breit_wigner(E)
    with pytest.warns(EnergyGridWarning, match="times kT"):
        cold = landauer_conductance(T, mu=0.0437, kT=1e-4, energies=E)
    # Far below the spacing the window is still resolved: the kT -> 0 limit is continuous.
    with pytest.warns(EnergyGridWarning):
        colder = landauer_conductance(T, mu=0.0437, kT=1e-9, energies=E)
    zero = landauer_conductance(T, mu=0.0437, kT=0.0, energies=E)
    assert colder == pytest.approx(zero, rel=1e-8, abs=0)
    with pytest.warns(EnergyGridWarning):
        warmer = landauer_conductance(T, mu=0.0437, kT=1e-3, energies=E)
    assert abs(cold - zero) < abs(warmer - zero)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        landauer_conductance(T, mu=0.0437, kT=0.02, energies=E)  # fine enough: silent


def test_grid_that_does_not_cover_the_window_warns():
    E = np.linspace(-0.05, 0.05, 501)
    with pytest.warns(EnergyGridWarning, match="above the grid end"):
        landauer_current(breit_wigner(E), 0.05, kT=0.01, energies=E)
    with pytest.warns(EnergyGridWarning, match="below the grid start"):
        landauer_conductance(breit_wigner(E), mu=-0.04, kT=0.001, energies=E)
    # Where T vanishes at the grid end, nothing is lost and nothing is said.
    band = np.where(np.abs(E) < 0.04, 1 - (E / 0.04) ** 2, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        landauer_current(band, 0.05, kT=0.01, energies=E)


# --- Properties ---------------------------------------------------------------------------


@FAST
@given(
    seed=st.integers(0, 2**32 - 1),
    n_channels=st.integers(1, 4),
    mu=st.floats(-0.4, 0.4),
    kT=st.sampled_from([0.0, 1e-4, 3e-3, 0.05]),
    V=st.floats(-0.5, 0.5),
)
def test_bounds_hold_for_any_transmission_between_0_and_N(seed, n_channels, mu, kT, V):
    E = np.linspace(-2, 2, 161)
    T = np.random.default_rng(seed).uniform(0, n_channels, E.size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EnergyGridWarning)
        G = landauer_conductance(T, mu=mu, kT=kT, energies=E, n_channels=n_channels)
        current = landauer_current(T, V, mu=mu, kT=kT, energies=E, n_channels=n_channels)
    assert -1e-20 <= G <= n_channels * G0 * (1 + 1e-8)
    assert abs(current) <= n_channels * G0 * abs(V) * (1 + 1e-8) + 1e-20
    assert current * V >= 0  # T >= 0: the current follows the bias


@FAST
@given(shift=st.floats(-2, 2), V=st.floats(-0.2, 0.2), kT=st.sampled_from([0.0, 0.002, 0.02]))
def test_common_energy_shift_changes_nothing(shift, V, kT):
    moved = lambda E: breit_wigner(E - shift)  # noqa: E731
    ref = landauer_current(breit_wigner, V, mu=0.01, kT=kT)
    assert landauer_current(moved, V, mu=0.01 + shift, kT=kT) == pytest.approx(
        ref, rel=1e-8, abs=1e-20
    )
    E = np.linspace(-0.7, 0.7, 1401)
    on_grid = landauer_current(breit_wigner(E), V, mu=0.01, kT=kT, energies=E)
    shifted = landauer_current(breit_wigner(E), V, mu=0.01 + shift, kT=kT, energies=E + shift)
    assert shifted == pytest.approx(on_grid, rel=1e-9, abs=1e-20)


@FAST
@given(V1=st.floats(-0.3, 0.3), V2=st.floats(-0.3, 0.3), kT=st.sampled_from([0.0, 0.01]))
def test_current_grows_with_bias_at_equal_temperatures(V1, V2, kT):
    lo, hi = sorted([V1, V2])
    current = landauer_current(breit_wigner, [lo, hi], mu=0.02, kT=kT)
    assert current[0] <= current[1] + 1e-18


def test_iv_curve_is_the_current_over_biases():
    V = np.linspace(-0.1, 0.1, 9)
    assert np.array_equal(
        iv_curve(breit_wigner, V, kT=0.002), landauer_current(breit_wigner, V, kT=0.002)
    )


# --- Bad input ------------------------------------------------------------------------------


def not_vectorized(E):
    return 1.0 if E > 0 else 0.0


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: landauer_current(breit_wigner, 0.1, kT=-0.01), ValueError, "`kT` must be >= 0"),
        (
            lambda: landauer_current(breit_wigner, 0.1, kT_left=-1.0),
            ValueError,
            "`kT_left` must be >= 0",
        ),
        (
            lambda: landauer_current(breit_wigner, 0.1, kT_right=np.nan),
            ValueError,
            "`kT_right` contains NaN",
        ),
        (lambda: landauer_current(breit_wigner, np.nan), ValueError, "`bias` contains NaN"),
        (
            lambda: landauer_conductance(breit_wigner, mu=[0.0, np.nan]),
            ValueError,
            "`mu` contains NaN",
        ),
        (lambda: landauer_current(breit_wigner, "1 V"), TypeError, "`bias` must be a real number"),
        (
            lambda: landauer_current(lambda E: 1.5 + 0 * E, 0.1, n_channels=1),
            ValueError,
            r"outside \[0, 1.0\]",
        ),
        (lambda: landauer_current(lambda E: -0.1 + 0 * E, 0.1), ValueError, "returned T = -0.1"),
        (lambda: landauer_conductance(lambda E: np.nan * E, kT=0.01), ValueError, "non-finite"),
        (lambda: landauer_conductance(lambda E: 0.5j + 0 * E, kT=0.01), TypeError, "complex"),
        (
            lambda: landauer_conductance(lambda E: np.ones(3), kT=0.01),
            ValueError,
            "one value per energy",
        ),
        (lambda: landauer_conductance(not_vectorized, kT=0.01), TypeError, "numpy.vectorize"),
        (
            lambda: landauer_current([0.5, 2.0], 0.1, energies=[0, 1], n_channels=1),
            ValueError,
            "`transmission` must lie in",
        ),
        (
            lambda: landauer_current([0.5, -0.1], 0.1, energies=[0, 1]),
            ValueError,
            "`transmission` must lie in",
        ),
        (
            lambda: landauer_current([0.5, 0.5, 0.5], 0.1, energies=[0, 1]),
            ValueError,
            "one transmission sample per energy",
        ),
        (
            lambda: landauer_current([0.5, 0.5, 0.5], 0.1, energies=[0, 2, 1]),
            ValueError,
            "strictly increasing",
        ),
        (
            lambda: landauer_current([0.5, 0.5], 0.1, energies=[0, 0]),
            ValueError,
            "strictly increasing",
        ),
        (lambda: landauer_current([0.5, 0.5], 0.1), TypeError, "`energies` is required"),
        (
            lambda: landauer_current(breit_wigner, 0.1, energies=[0, 1]),
            ValueError,
            "`energies` is only used",
        ),
        (lambda: landauer_current(0.5, 0.1), TypeError, "lambda E: 0.5"),
        (lambda: landauer_current("T", 0.1), TypeError, "`transmission` must be a callable"),
        (
            lambda: landauer_current(breit_wigner, 0.1, spin_degeneracy=1.5),
            TypeError,
            "`spin_degeneracy` must be an integer",
        ),
        (
            lambda: landauer_current(breit_wigner, 0.1, spin_degeneracy=0),
            ValueError,
            "`spin_degeneracy` must be >= 1",
        ),
        (
            lambda: landauer_current(breit_wigner, [0.1, 0.2], mu=[0, 0, 0]),
            ValueError,
            "do not broadcast",
        ),
        (lambda: landauer_conductance(breit_wigner, rtol=0.0), ValueError, "`rtol` must lie in"),
        (
            lambda: landauer_conductance(breit_wigner, kT=0.01, points=[np.inf]),
            ValueError,
            "`points` contains infinity",
        ),
    ],
)
def test_bad_input_is_refused_with_the_parameter_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
