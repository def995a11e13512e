"""Data of the figures of chapter 1, against closed forms of a resonant level."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import breit_wigner_conductance
from qtransport.constants import G0
from qtransport.figures.ch01 import bias_window_data, conductance_temperature_data, resonant_iv_data

MEV = 1e-3


def _cold_current(mu_left_meV, mu_right_meV, gamma_meV):
    """(2e/h) times the integral of a Lorentzian of height 1 and width gamma between the two mu."""
    half = gamma_meV * MEV / 2
    return G0 * half * (np.arctan(mu_left_meV * MEV / half) - np.arctan(mu_right_meV * MEV / half))


def test_bias_window_occupations_and_cold_current():
    data = bias_window_data(4.0, 0.0, 1.0, gamma_meV=1.0)
    assert data.mu_left == 3.0 and data.mu_right == -1.0
    assert np.array_equal(data.window, data.f_left - data.f_right)
    inside = (data.E > -1.0) & (data.E < 3.0)
    assert np.all(data.window[inside] == 1.0) and np.all(data.window[np.abs(data.E - 1.0) > 2.0] == 0.0)
    assert np.allclose(data.T, 0.25 / (data.E**2 + 0.25), rtol=1e-12)
    assert np.array_equal(data.integrand, data.T * data.window)
    assert data.current == pytest.approx(_cold_current(3.0, -1.0, 1.0), rel=1e-8)


def test_bias_window_warm_occupations_are_fermi_functions():
    data = bias_window_data(2.0, 0.5, 0.0)
    assert np.allclose(data.f_left, 1 / (np.exp((data.E - 1.0) / 0.5) + 1), rtol=1e-12)
    assert np.allclose(data.f_left + data.f_right[::-1], 1.0, atol=1e-14)  # mirror images


def test_resonant_iv_is_odd_and_saturates_at_the_closed_form():
    data = resonant_iv_data(1.0, 0.5, 0.0)
    assert np.allclose(data.I, -data.I[::-1], rtol=0, atol=1e-6 * np.abs(data.I).max())
    assert data.I_max == pytest.approx(G0 * 2 * np.pi * 0.25e-3, rel=1e-5)  # (2e/h) 2 pi G_L G_R / G
    assert data.G == pytest.approx(breit_wigner_conductance(0.0, level=0.0, gamma_left=0.5e-3,
                                                            gamma_right=0.5e-3, kT=0.5e-3), rel=1e-7)
    assert np.array_equal(data.linear, data.G * data.V * MEV)
    assert np.all(np.abs(data.I) < data.I_max)


def test_resonant_iv_cold_is_the_arctangent():
    data = resonant_iv_data(2.0, 0.0, 3.0)
    expected = _cold_current(data.V / 2 - 3.0, -data.V / 2 - 3.0, 2.0)
    assert np.allclose(data.I, expected, rtol=1e-5, atol=1e-12)


def test_conductance_temperature_is_the_trigamma_closed_form():
    data = conductance_temperature_data(0.3, 0.4, 0.2)
    closed = breit_wigner_conductance(0.0, level=0.4e-3, gamma_left=0.1e-3, gamma_right=0.1e-3,
                                      kT=data.kT * MEV, unit="G0")
    assert np.allclose(data.G, closed, rtol=1e-5, atol=0)
    assert data.G_now == pytest.approx(float(breit_wigner_conductance(
        0.0, level=0.4e-3, gamma_left=0.1e-3, gamma_right=0.1e-3, kT=0.3e-3, unit="G0")), rel=1e-5)
    assert np.trapezoid(data.window, data.E) == pytest.approx(1.0, abs=1e-6)  # -df/dE has unit weight
    assert data.T.max() <= 1.0 and data.kT[0] == 0.01 and data.kT[-1] == 100.0
