"""Shot noise, thermal noise and their crossover, each against an independent route."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from qtransport.constants import G0, e, h, k_B
from qtransport.distributions import fermi
from qtransport.landauer import landauer_current
from qtransport.models.noise import (
    distribution_fano_factor,
    fano_factor,
    johnson_nyquist_noise,
    shot_noise,
    transmission_density,
    two_terminal_noise,
)


def approx(expected, rel=1e-6):
    """pytest.approx without its absolute floor of 1e-12, which would swallow SI values."""
    return pytest.approx(expected, rel=rel, abs=0)


CHANNELS = np.array([0.97, 0.6, 0.31, 0.05])


# --- Fano factor --------------------------------------------------------------------------------


def test_fano_factor_simple_values():
    assert fano_factor(0.5) == approx(0.5)
    assert fano_factor([1.0, 1.0]) == 0.0  # open channels are noiseless
    assert fano_factor([1.0, 0.5, 0.5]) == approx(0.25)
    # Written out by hand for CHANNELS.
    num = 0.97 * 0.03 + 0.6 * 0.4 + 0.31 * 0.69 + 0.05 * 0.95
    assert fano_factor(CHANNELS) == approx(num / 1.93, rel=1e-14)


def test_tunnel_barrier_gives_poisson_noise():
    T = np.array([1e-3, 2e-4, 5e-4])
    assert fano_factor(T) == pytest.approx(1.0, abs=1e-3)
    assert 1 - fano_factor(T) == approx(np.sum(T**2) / np.sum(T), rel=1e-9)


def test_fano_factor_sums_the_last_axis():
    T = np.array([[0.2, 0.4], [1.0, 0.5]])
    assert np.allclose(fano_factor(T), [(0.16 + 0.24) / 0.6, 0.25 / 1.5])


def test_diffusive_wire_one_third_by_quadrature_and_by_sampling():
    assert distribution_fano_factor("diffusive") == approx(1 / 3, rel=1e-12)
    # DMPK: T = 1/cosh^2(x) with x uniform (x = L / localization length of each channel)
    # gives rho(T) ~ 1/(T sqrt(1 - T)).  Midpoint samples of x over [0, 30].
    x = (np.arange(200_000) + 0.5) * (30 / 200_000)
    T = 1 / np.cosh(x) ** 2
    assert fano_factor(T) == approx(1 / 3, rel=1e-6)


def test_chaotic_cavity_one_quarter_by_quadrature_and_by_sampling():
    assert distribution_fano_factor("cavity") == approx(0.25, rel=1e-12)
    # T = sin^2(theta), theta uniform on (0, pi/2), has the arcsine density 1/(pi sqrt(T(1-T))).
    theta = (np.arange(100_000) + 0.5) * (np.pi / 2 / 100_000)
    assert fano_factor(np.sin(theta) ** 2) == approx(0.25, rel=1e-8)


def test_densities_normalization_and_moments():
    cav = lambda T: transmission_density(T, kind="cavity")  # noqa: E731
    dif = lambda T: transmission_density(T, kind="diffusive")  # noqa: E731
    quad = lambda f: integrate.quad(f, 0, 1, limit=200)[0]  # noqa: E731
    assert quad(cav) == approx(1.0, rel=1e-6)
    assert quad(lambda T: T**2 * cav(T)) == approx(3 / 8, rel=1e-6)  # arcsine moment
    assert quad(lambda T: T * dif(T)) == approx(1.0, rel=1e-6)
    assert quad(lambda T: T**2 * dif(T)) == approx(2 / 3, rel=1e-6)
    # Histogram of the sampled cavity ensemble against the density.
    theta = (np.arange(400_000) + 0.5) * (np.pi / 2 / 400_000)
    counts, edges = np.histogram(np.sin(theta) ** 2, bins=20, range=(0, 1), density=True)
    exact = np.diff(2 / np.pi * np.arcsin(np.sqrt(edges))) / np.diff(edges)  # cumulative law
    assert np.allclose(counts, exact, rtol=1e-3)
    mid = 0.5 * (edges[5:-5][:-1] + edges[5:-5][1:])
    assert np.allclose(cav(mid), 1 / (np.pi * np.sqrt(mid * (1 - mid))))


# --- Shot noise and Johnson-Nyquist noise -------------------------------------------------------


@pytest.mark.parametrize("V", [1e-4, -3e-3])
def test_shot_noise_is_2e_I_F_with_the_landauer_current(V):
    current = landauer_current(lambda E: CHANNELS.sum() + 0 * E, V, kT=0.0)
    S = shot_noise(V, transmissions=CHANNELS)
    assert S == approx(2 * e * abs(current) * fano_factor(CHANNELS), rel=1e-9)
    # Spin-resolved: half of everything.
    assert shot_noise(V, transmissions=CHANNELS, spin_degeneracy=1) == approx(S / 2)


def test_johnson_nyquist_closed_form():
    G, T_kelvin = 1e-3, 300.0
    kT = k_B * T_kelvin / e
    assert johnson_nyquist_noise(G, kT=kT) == approx(4 * k_B * T_kelvin * G, rel=1e-14)
    assert johnson_nyquist_noise([G, 2 * G], kT=0.0).tolist() == [0.0, 0.0]


# --- Full two-terminal noise --------------------------------------------------------------------


def noise_by_quadrature(V, kT, T, g_s=2, mu=0.0):
    """Independent route: the energy integral of the general two-terminal formula."""
    mu_L, mu_R = mu + V / 2, mu - V / 2
    sum_t, sum_p = np.sum(T), np.sum(T * (1 - T))

    def integrand(E):
        fL, fR = fermi(E, mu_L, kT), fermi(E, mu_R, kT)
        return sum_t * (fL * (1 - fL) + fR * (1 - fR)) + sum_p * (fL - fR) ** 2

    lo, hi = min(mu_L, mu_R) - 40 * kT, max(mu_L, mu_R) + 40 * kT
    value, _ = integrate.quad(
        integrand, lo, hi, points=sorted({mu_L, mu_R}), epsabs=1e-16, epsrel=1e-12, limit=400
    )
    return 2 * g_s * e**2 / h * e * value  # energies in eV -> joules


@pytest.mark.parametrize("kT", [1e-5, 3e-4])
@pytest.mark.parametrize("ratio", [0.0, 0.3, 2.0, 10.0, -7.0])
def test_closed_form_against_the_energy_integral(kT, ratio):
    V = ratio * kT
    S = two_terminal_noise(V, transmissions=CHANNELS, kT=kT)
    assert S == approx(noise_by_quadrature(V, kT, CHANNELS), rel=1e-9)
    S1 = two_terminal_noise(V, transmissions=CHANNELS, kT=kT, spin_degeneracy=1)
    assert S1 == approx(noise_by_quadrature(V, kT, CHANNELS, g_s=1), rel=1e-9)


def test_zero_bias_is_johnson_nyquist():
    kT = 2e-4
    G = G0 * CHANNELS.sum()
    assert two_terminal_noise(0.0, transmissions=CHANNELS, kT=kT) == approx(
        johnson_nyquist_noise(G, kT=kT), rel=1e-13
    )
    # V -> 0 approaches it continuously (quadratically in V).
    small = two_terminal_noise(1e-3 * kT, transmissions=CHANNELS, kT=kT)
    assert small == approx(johnson_nyquist_noise(G, kT=kT), rel=1e-6)


def test_zero_temperature_is_shot_noise():
    V = np.array([-2e-3, 1e-4, 5e-3])
    assert np.allclose(
        two_terminal_noise(V, transmissions=CHANNELS, kT=0.0),
        shot_noise(V, transmissions=CHANNELS),
        rtol=1e-14,
        atol=0,
    )
    # Far beyond the thermal scale: shot noise plus the offset (2 g_s e^2/h) 2 kT sum T^2.
    kT = 1e-6
    offset = 2 * 2 * e**2 / h * e * 2 * kT * np.sum(CHANNELS**2)
    assert np.allclose(
        two_terminal_noise(V, transmissions=CHANNELS, kT=kT),
        shot_noise(V, transmissions=CHANNELS) + offset,
        rtol=1e-12,
        atol=0,
    )
    assert two_terminal_noise(0.0, transmissions=CHANNELS, kT=0.0) == 0.0


def test_noise_is_even_and_grows_with_bias():
    V = np.linspace(0, 2e-3, 41)
    S = two_terminal_noise(V, transmissions=CHANNELS, kT=1e-4)
    assert np.allclose(
        S, two_terminal_noise(-V, transmissions=CHANNELS, kT=1e-4), rtol=1e-14, atol=0
    )
    assert np.all(np.diff(S) > 0)


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: fano_factor([0.0, 0.0]), ValueError, "`transmissions` are all zero"),
        (lambda: fano_factor([0.5, 1.2]), ValueError, "`transmissions` must lie in"),
        (lambda: fano_factor([]), ValueError, "`transmissions` is empty"),
        (lambda: fano_factor("abc"), TypeError, "`transmissions`"),
        (lambda: shot_noise(np.nan, transmissions=0.5), ValueError, "`bias` contains NaN"),
        (
            lambda: shot_noise(1e-3, transmissions=0.5, spin_degeneracy=0),
            ValueError,
            "`spin_degeneracy` must be >= 1",
        ),
        (lambda: johnson_nyquist_noise(-1e-3, kT=0.01), ValueError, "`conductance` must be >= 0"),
        (lambda: johnson_nyquist_noise(1e-3, kT=-0.01), ValueError, "`kT` must be >= 0"),
        (
            lambda: two_terminal_noise(1e-3, transmissions=0.5, kT=np.inf),
            ValueError,
            "`kT` contains infinity",
        ),
        (
            lambda: two_terminal_noise(1e-3, transmissions=None, kT=0.01),
            TypeError,
            "`transmissions`",
        ),
        (lambda: transmission_density(0.5, kind="ballistic"), ValueError, "`kind` must be one of"),
        (
            lambda: transmission_density(1.5, kind="cavity"),
            ValueError,
            "`transmission` must lie in",
        ),
        (lambda: distribution_fano_factor(None), ValueError, "`kind`"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
