"""The array kernels of qtransport._thermal: occupation, thermal window, occupation difference.

Checked against closed forms and independent routes: the window integrates to
one and is minus the energy derivative of the occupation (central finite
differences), and the difference kernel equals the plain difference of two
occupations where that has no cancellation.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from qtransport import _thermal


@pytest.mark.parametrize("kT", [1e-4, 0.025, 1.0])
def test_the_window_integrates_to_one(kT):
    mu = 0.3
    total, error = quad(lambda E: float(_thermal.minus_dfde(E, mu, kT)), mu - 60 * kT, mu + 60 * kT,
                        points=[mu], epsabs=1e-13, epsrel=1e-12, limit=200)
    assert total == pytest.approx(1.0, abs=1e-10)


@pytest.mark.parametrize("kT", [0.01, 0.3])
def test_the_window_is_minus_the_derivative_of_the_occupation(kT):
    mu = -0.2
    E = mu + kT * np.linspace(-12.0, 12.0, 97)
    h = 1e-4 * kT
    derivative = (_thermal.occupation(E + h, mu, kT) - _thermal.occupation(E - h, mu, kT)) / (2 * h)
    window = _thermal.minus_dfde(E, mu, kT)
    assert np.allclose(-derivative, window, rtol=1e-7, atol=1e-12 / kT)


def test_the_window_closed_form_and_its_peak():
    kT, mu = 0.05, 0.1
    E = mu + kT * np.linspace(-30.0, 30.0, 121)
    cosh_form = 1.0 / (4 * kT * np.cosh((E - mu) / (2 * kT)) ** 2)
    assert np.allclose(_thermal.minus_dfde(E, mu, kT), cosh_form, rtol=1e-13, atol=0)
    assert _thermal.minus_dfde(mu, mu, kT) == pytest.approx(1 / (4 * kT), rel=1e-15)
    far = _thermal.minus_dfde(np.array([-1e6, 1e6]), 0.0, 1e-3)  # no overflow far from mu
    assert np.all(far == 0.0)


def test_occupation_closed_form_tails_and_zero_temperature():
    E = np.array([-0.2, -1e-3, 0.0, 1e-3, 0.2])
    kT = 0.01
    assert np.allclose(_thermal.occupation(E, 0.0, kT), 1 / (np.exp(E / kT) + 1), rtol=1e-14, atol=0)
    assert _thermal.occupation(0.0, 0.0, kT) == 0.5
    # particle-hole symmetry f(mu + x) = 1 - f(mu - x), and full precision deep in the tail
    assert np.allclose(_thermal.occupation(E, 0.0, kT), 1 - _thermal.occupation(-E, 0.0, kT), rtol=0, atol=1e-15)
    assert _thermal.occupation(1.0, 0.0, kT) == pytest.approx(np.exp(-100.0), rel=1e-12)
    # kT = 0: an exact step with 1/2 at mu; kT may mix zero and non-zero entries
    assert _thermal.occupation(E, 0.0, 0.0).tolist() == [1.0, 1.0, 0.5, 0.0, 0.0]
    mixed = _thermal.occupation(np.array([-1e-3, 1e-3]), 0.0, np.array([0.0, kT]))
    assert mixed[0] == 1.0 and mixed[1] == pytest.approx(1 / (np.exp(0.1) + 1), rel=1e-14)


@pytest.mark.parametrize("bias", [-0.3, -0.02, 0.005, 0.1])
def test_occupation_difference_equals_the_difference_of_two_occupations(bias):
    kT = 0.02
    mu_L, mu_R = 0.1 + bias / 2, 0.1 - bias / 2
    E = np.linspace(-0.5, 0.7, 301)
    plain = _thermal.occupation(E, mu_L, kT) - _thermal.occupation(E, mu_R, kT)
    assert np.allclose(_thermal.occupation_difference(E, mu_L, mu_R, kT), plain, rtol=1e-12, atol=1e-15)


def test_occupation_difference_at_small_bias_is_the_window_times_the_bias():
    # linear response: f_L - f_R = (mu_L - mu_R) (-df/dE) + O(bias^3), with no digits lost to cancellation
    kT, bias = 0.01, 1e-9
    E = np.linspace(-0.1, 0.1, 41)
    got = _thermal.occupation_difference(E, bias / 2, -bias / 2, kT)
    assert np.allclose(got, bias * _thermal.minus_dfde(E, 0.0, kT), rtol=1e-9, atol=0)
    assert np.all(_thermal.occupation_difference(E, 0.0, 0.0, kT) == 0.0)
