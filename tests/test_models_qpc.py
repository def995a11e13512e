"""Saddle-point QPC: staircase, step positions, thermal average against quadrature."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.special import expit

from qtransport.constants import G0
from qtransport.models.qpc import saddle_point_conductance, saddle_point_transmission


def test_transmission_formula_and_shape():
    E = np.linspace(-1, 6, 29)
    T = saddle_point_transmission(E, V0=0.2, hw_x=0.7, hw_y=1.3, n_modes=4)
    assert T.shape == (29, 4)
    n = np.arange(4)
    eps = 2 * (E[:, None] - 1.3 * (n + 0.5) - 0.2) / 0.7
    assert np.allclose(T, 1 / (1 + np.exp(-np.pi * eps)), rtol=1e-13, atol=1e-300)


def test_plateaus_sit_at_integers_when_hw_y_dominates():
    hw_y, hw_x, V0 = 1.0, 0.1, -0.3
    n = np.arange(8)
    middles = V0 + hw_y * (n + 1)  # halfway between thresholds n + 1/2 and n + 3/2
    G = saddle_point_conductance(middles, V0=V0, hw_x=hw_x, hw_y=hw_y, n_modes=12, unit="G0")
    assert np.allclose(G, n + 1, atol=1e-6)
    # Mode n is exactly half open at its threshold; the others are 0 or 1 there.
    thresholds = V0 + hw_y * (n + 0.5)
    G = saddle_point_conductance(thresholds, V0=V0, hw_x=hw_x, hw_y=hw_y, n_modes=12, unit="G0")
    assert np.allclose(G, n + 0.5, atol=1e-6)
    T = saddle_point_transmission(thresholds, V0=V0, hw_x=hw_x, hw_y=hw_y, n_modes=12)
    assert np.allclose(T[n, n], 0.5, rtol=1e-14)


def test_plateaus_blur_when_the_barrier_is_short():
    # A quarter of the way along the first plateau (threshold 0.5, next at 1.5):
    # flat for hw_x << hw_y, far from flat for hw_x ~ hw_y.
    sharp = saddle_point_conductance(0.75, V0=0.0, hw_x=0.1, hw_y=1.0, unit="G0")
    smooth = saddle_point_conductance(0.75, V0=0.0, hw_x=1.0, hw_y=1.0, unit="G0")
    assert sharp == pytest.approx(1.0, abs=1e-6)
    assert smooth == pytest.approx(expit(np.pi / 2) + expit(-3 * np.pi / 2) + expit(-7 * np.pi / 2))
    assert smooth < 0.85


def test_units_and_spin():
    kw = {"V0": 0.0, "hw_x": 0.5, "hw_y": 1.0, "kT": 0.05}
    G_S = saddle_point_conductance(1.2, **kw)
    assert G_S == pytest.approx(
        G0 * saddle_point_conductance(1.2, **kw, unit="G0"), rel=1e-14, abs=0
    )
    assert saddle_point_conductance(1.2, **kw, spin_degeneracy=1, unit="e^2/h") == pytest.approx(
        saddle_point_conductance(1.2, **kw, unit="G0"), rel=1e-14
    )


def quad_conductance(mu, kT, *, V0, hw_x, hw_y, n_modes):
    """Independent route: adaptive quadrature of sum_n T_n(E) (-df/dE), written out."""
    thresholds = V0 + hw_y * (np.arange(n_modes) + 0.5)
    lo, hi = mu - 45 * kT, mu + 45 * kT
    cuts = sorted({lo, hi, mu, *[t for t in thresholds if lo < t < hi]})
    total = 0.0
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):

        def f(E):
            steps = expit(2 * np.pi * (E - thresholds) / hw_x).sum()
            return steps / (4 * kT * np.cosh((E - mu) / (2 * kT)) ** 2)

        total += integrate.quad(f, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
    return total


@pytest.mark.parametrize(
    ("kT", "hw_x"), [(0.02, 0.1), (0.3, 0.1), (0.05, 1.0), (0.2, 0.02), (0.001, 0.5)]
)
def test_thermal_conductance_matches_quadrature(kT, hw_x):
    kw = {"V0": 0.0, "hw_x": hw_x, "hw_y": 1.0, "n_modes": 6}
    mu = np.array([0.3, 1.0, 1.46, 2.5])
    G = saddle_point_conductance(mu, kT=kT, **kw, unit="G0")
    expected = [quad_conductance(m, kT, **kw) for m in mu]
    assert np.allclose(G, expected, rtol=1e-9, atol=1e-12)


def test_zero_temperature_is_exact_and_continuous():
    kw = {"V0": 0.0, "hw_x": 0.3, "hw_y": 1.0}
    E = np.linspace(-0.5, 4, 37)
    cold = saddle_point_conductance(E, **kw, unit="G0")
    assert np.allclose(cold, saddle_point_transmission(E, **kw).sum(axis=-1), rtol=1e-14, atol=0)
    assert np.allclose(saddle_point_conductance(E, **kw, kT=1e-9, unit="G0"), cold, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 0.5), st.floats(0.02, 2.0), st.floats(-1.0, 1.0))
def test_conductance_rises_monotonically_with_energy(kT, hw_x, V0):
    E = np.linspace(-2, 8, 301)
    G = saddle_point_conductance(E, V0=V0, hw_x=hw_x, hw_y=1.0, kT=kT, unit="G0")
    assert np.all(np.diff(G) >= -1e-12)
    assert np.all((G >= -1e-15) & (G <= 10 + 1e-12))


def test_temperature_washes_out_the_plateaus():
    """Far above the step width, kT ~ hw_y/2 turns the staircase into a nearly straight ramp."""
    # Away from the bottom of the staircase (E > 6 kT) the ramp is E / hw_y; the ripple of
    # a smoothed unit staircase is ~ (2/pi) x / sinh(x), x = 2 pi^2 kT / hw_y: 1.3e-3 here.
    E = np.linspace(3.0, 5.0, 41)
    G = saddle_point_conductance(E, V0=0.0, hw_x=0.05, hw_y=1.0, kT=0.5, n_modes=15, unit="G0")
    assert np.max(np.abs(G - E)) < 0.005
    cold = saddle_point_conductance(E, V0=0.0, hw_x=0.05, hw_y=1.0, n_modes=15, unit="G0")
    assert np.max(np.abs(cold - E)) > 0.4  # the bare staircase deviates by up to 1/2


def test_a_gate_sweep_broadcasts_through_V0():
    V0 = np.linspace(-3, 1, 9)
    G = saddle_point_conductance(0.0, V0=V0, hw_x=0.2, hw_y=1.0, kT=0.01)
    assert G.shape == (9,)
    assert np.all(np.diff(G) <= 0)  # raising the saddle closes the contact
    # A smooth step is logistic in (E - threshold): check the helper's kT = 0 path.
    assert saddle_point_transmission(0.5, V0=0.0, hw_x=0.2, hw_y=1.0, n_modes=1)[0] == expit(0.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"hw_x": 0.0}, ValueError, "`hw_x` must be > 0"),
        ({"hw_y": -1.0}, ValueError, "`hw_y` must be > 0"),
        ({"n_modes": 0}, ValueError, "`n_modes` must be >= 1"),
        ({"n_modes": 2.5}, TypeError, "`n_modes` must be an integer"),
        ({"kT": -0.1}, ValueError, "`kT` must be >= 0"),
        ({"V0": np.nan}, ValueError, "`V0` contains NaN"),
        ({"unit": "mS"}, ValueError, "`unit` must be one of"),
    ],
)
def test_bad_input(kwargs, error, match):
    params = {"V0": 0.0, "hw_x": 0.1, "hw_y": 1.0} | kwargs
    with pytest.raises(error, match=match):
        saddle_point_conductance(1.0, **params)
