"""Breit-Wigner resonance: peak, width, area, Green's-function route, thermal average."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.special import zeta

from qtransport.constants import G0
from qtransport.models.resonant import (
    breit_wigner,
    breit_wigner_conductance,
    single_level_greens_function,
)

widths = st.floats(1e-3, 1.0)


@settings(max_examples=40, deadline=None)
@given(widths, widths, st.floats(-1, 1))
def test_peak_height_and_half_width(gL, gR, eps):
    gamma = gL + gR
    kw = {"level": eps, "gamma_left": gL, "gamma_right": gR}
    peak = breit_wigner(eps, **kw)
    assert peak == pytest.approx(4 * gL * gR / gamma**2, rel=1e-13)
    assert peak <= 1 + 1e-15
    # Half maximum at eps +- Gamma/2, so the FWHM is Gamma.
    assert breit_wigner(eps + gamma / 2, **kw) == pytest.approx(peak / 2, rel=1e-12)
    assert breit_wigner(eps - gamma / 2, **kw) == pytest.approx(peak / 2, rel=1e-12)


def test_symmetric_coupling_reaches_full_transmission():
    assert breit_wigner(0.3, level=0.3, gamma_left=0.02, gamma_right=0.02) == pytest.approx(1.0)


@pytest.mark.parametrize(("gL", "gR"), [(0.1, 0.1), (0.02, 0.3), (1.0, 0.001)])
def test_area_by_quadrature(gL, gR):
    gamma = gL + gR
    area, _ = integrate.quad(
        lambda E: breit_wigner(E, level=0.2, gamma_left=gL, gamma_right=gR),
        -np.inf,
        np.inf,
        points=None,
        epsabs=1e-13,
        epsrel=1e-11,
        limit=500,
    )
    assert area == pytest.approx(np.pi * gL * gR / (gamma / 2), rel=1e-8)


@settings(max_examples=40, deadline=None)
@given(widths, widths, st.floats(-1, 1))
def test_greens_function_route(gL, gR, eps):
    E = np.linspace(eps - 3, eps + 3, 61)
    kw = {"level": eps, "gamma_left": gL, "gamma_right": gR}
    G = single_level_greens_function(E, **kw)
    # Caroli formula for one level: T = Gamma_L G^r Gamma_R G^a.
    assert np.allclose(gL * G * gR * G.conj(), breit_wigner(E, **kw), rtol=1e-12, atol=0)
    # Spectral sum rule: -Im G / pi is a normalized density of states.
    dos = lambda x: -single_level_greens_function(x, **kw).imag / np.pi  # noqa: E731
    area, _ = integrate.quad(dos, -np.inf, np.inf, epsabs=1e-12, limit=500)
    assert area == pytest.approx(1.0, rel=1e-8)
    # Built from scratch: the 1x1 Dyson equation with wide-band self-energies.
    sigma = -0.5j * (gL + gR)
    assert np.allclose(G, 1.0 / (E - eps - sigma), rtol=1e-14)


def quad_thermal(mu, kT, *, level, gL, gR):
    """Independent route: adaptive quadrature of T_BW(E) (-df/dE), written out."""
    gamma = gL + gR

    def f(E):
        return (
            gL
            * gR
            / ((E - level) ** 2 + gamma**2 / 4)
            / (4 * kT * np.cosh((E - mu) / (2 * kT)) ** 2)
        )

    lo, hi = mu - 45 * kT, mu + 45 * kT
    cuts = sorted({lo, hi, mu, *([level] if lo < level < hi else [])})
    return sum(
        integrate.quad(f, a, b, epsabs=1e-14, epsrel=1e-12, limit=500)[0]
        for a, b in zip(cuts[:-1], cuts[1:], strict=True)
    )


@pytest.mark.parametrize("kT", [1e-3, 0.01, 0.1, 1.0])
def test_thermal_conductance_matches_quadrature(kT):
    kw = {"level": 0.05, "gamma_left": 0.01, "gamma_right": 0.03}
    mu = np.array([-0.2, 0.0, 0.05, 0.08, 0.4])
    G = breit_wigner_conductance(mu, **kw, kT=kT, spin_degeneracy=1, unit="e^2/h")
    expected = [quad_thermal(m, kT, level=0.05, gL=0.01, gR=0.03) for m in mu]
    assert np.allclose(G, expected, rtol=1e-9, atol=1e-15)


def test_thermal_conductance_limits():
    kw = {"level": 0.0, "gamma_left": 1e-4, "gamma_right": 3e-4}
    mu = np.linspace(-0.01, 0.01, 21)
    cold = breit_wigner_conductance(mu, **kw, unit="e^2/h", spin_degeneracy=1)
    assert np.array_equal(cold, breit_wigner(mu, **kw))
    almost_cold = breit_wigner_conductance(mu, **kw, kT=1e-9, unit="e^2/h", spin_degeneracy=1)
    assert np.allclose(almost_cold, cold, rtol=1e-6)
    # kT >> Gamma: (pi/2) (Gamma_L Gamma_R / Gamma) / kT / cosh^2(delta / 2kT) (chapter 7).
    kT = 2e-3
    hot = breit_wigner_conductance(mu, **kw, kT=kT, unit="e^2/h", spin_degeneracy=1)
    sequential = np.pi / 2 * (1e-4 * 3e-4 / 4e-4) / kT / np.cosh(mu / (2 * kT)) ** 2
    # The first correction at the peak is -(7 zeta(3) / pi^3) Gamma / kT = -0.054 here
    # (expanding psi' around 1/2); the Lorentzian tails outlast cosh^-2 far out.
    near = np.abs(mu) <= 2 * kT
    assert np.allclose(hot[near], sequential[near], rtol=0.06)
    first_order = 1 - 7 * zeta(3) / np.pi**3 * 4e-4 / kT
    assert hot[10] == pytest.approx(sequential[10] * first_order, rel=5e-3)
    # ... and the agreement improves as Gamma / kT shrinks.
    hotter = breit_wigner_conductance(0.0, **kw, kT=2e-2, unit="e^2/h", spin_degeneracy=1)
    assert hotter == pytest.approx(np.pi / 2 * 0.75e-4 / 2e-2, rel=6e-3)


def test_units_and_spin():
    kw = {"level": 0.0, "gamma_left": 0.1, "gamma_right": 0.2, "kT": 0.05}
    G = breit_wigner_conductance(0.01, **kw)
    assert G == pytest.approx(
        G0 * breit_wigner_conductance(0.01, **kw, unit="G0"), rel=1e-14, abs=0
    )
    assert breit_wigner_conductance(0.01, **kw, unit="e^2/h") == pytest.approx(
        2 * breit_wigner_conductance(0.01, **kw, spin_degeneracy=1, unit="e^2/h"), rel=1e-14
    )


def test_broadcasting():
    E = np.linspace(-1, 1, 5)[:, None]
    level = np.array([0.0, 0.5])
    assert breit_wigner(E, level=level, gamma_left=0.1, gamma_right=0.1).shape == (5, 2)
    kT = np.array([0.0, 0.1])
    G = breit_wigner_conductance(E, level=level, gamma_left=0.1, gamma_right=0.1, kT=kT)
    assert G.shape == (5, 2)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: breit_wigner(0.0, level=0.0, gamma_left=-0.1, gamma_right=0.1),
            ValueError,
            "`gamma_left` must be >= 0",
        ),
        (
            lambda: breit_wigner(0.0, level=0.0, gamma_left=0.0, gamma_right=0.0),
            ValueError,
            "must be > 0",
        ),
        (
            lambda: breit_wigner("E", level=0.0, gamma_left=0.1, gamma_right=0.1),
            TypeError,
            "`energy`",
        ),
        (
            lambda: breit_wigner(0.0, level=np.nan, gamma_left=0.1, gamma_right=0.1),
            ValueError,
            "`level` contains NaN",
        ),
        (
            lambda: breit_wigner_conductance(
                0.0, level=0.0, gamma_left=0.1, gamma_right=0.1, kT=-1
            ),
            ValueError,
            "`kT` must be >= 0",
        ),
        (
            lambda: single_level_greens_function(0.0, level=0.0, gamma_left=0.1, gamma_right=1j),
            TypeError,
            "`gamma_right` must be real",
        ),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
