"""Fermi-Dirac occupation and thermal window: closed forms, limits, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate

from qtransport import fermi, thermal_window


def test_fermi_matches_textbook_form_where_it_does_not_overflow():
    E = np.linspace(-0.3, 0.3, 61)
    kT = 0.025
    assert np.allclose(fermi(E, 0.0, kT), 1.0 / (np.exp(E / kT) + 1.0), rtol=1e-14, atol=0)


def test_fermi_zero_temperature_is_an_exact_step():
    assert np.array_equal(fermi([-1e-300, 0.0, 1e-300], 0.0, 0.0), [1.0, 0.5, 0.0])


def test_fermi_does_not_overflow_far_from_mu():
    with np.errstate(all="raise"):
        values = fermi(np.array([-1e4, 1e4]), 0.0, 1e-6)
    assert np.array_equal(values, [1.0, 0.0])


def test_thermal_window_is_minus_the_derivative_of_fermi():
    E = np.linspace(-0.2, 0.2, 41)
    kT, h = 0.02, 1e-6
    numeric = -(fermi(E + h, 0.0, kT) - fermi(E - h, 0.0, kT)) / (2 * h)
    assert np.allclose(thermal_window(E, 0.0, kT), numeric, rtol=1e-7, atol=1e-9)


def test_thermal_window_has_unit_area_and_width_3p5_kT():
    kT = 0.013
    area, _ = integrate.quad(thermal_window, -1, 1, args=(0.0, kT), points=[0.0])
    assert area == pytest.approx(1.0, abs=1e-10)
    # FWHM: 1/cosh^2(x/2kT) = 1/2 at x = 2 kT arccosh(sqrt 2).
    half = 2 * kT * np.arccosh(np.sqrt(2.0))
    assert thermal_window(half, 0.0, kT) == pytest.approx(thermal_window(0.0, 0.0, kT) / 2)
    assert 2 * half / kT == pytest.approx(3.525, abs=1e-3)


@given(
    st.floats(-10, 10), st.floats(-10, 10), st.floats(1e-3, 10),
)
def test_fermi_particle_hole_symmetry(E, mu, kT):
    assert fermi(E, mu, kT) + fermi(2 * mu - E, mu, kT) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"energy": 0.0, "kT": -0.01}, ValueError, "`kT` must be >= 0"),
        ({"energy": np.nan}, ValueError, "`energy` contains NaN"),
        ({"energy": "hot"}, TypeError, "`energy` must be a real number"),
        ({"energy": 0.0, "mu": 1j}, TypeError, "`mu` must be real"),
    ],
)
def test_fermi_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fermi(**kwargs)


def test_thermal_window_refuses_zero_temperature_with_a_hint():
    with pytest.raises(ValueError, match="delta function"):
        thermal_window(0.0, 0.0, 0.0)


def test_choice_check_names_the_parameter_even_for_an_array():
    from qtransport._validation import check_choice

    assert check_choice(np.str_("a"), "model", ["a", "b"]) == "a"
    for bad in (np.array([1, 2]), "c", None):
        with pytest.raises(ValueError, match="`model` must be one of 'a', 'b'"):
            check_choice(bad, "model", ["a", "b"])
