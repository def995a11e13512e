"""Constants and unit conversions: values from CODATA, identities, round trips, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qtransport import constants as C

# pytest.approx adds an absolute tolerance of 1e-12 unless told otherwise, which would
# swallow any error in quantities such as hbar (1e-34 J s) or G0 (7.7e-5 S): abs=0 below.


def test_si_constants_are_the_exact_2019_values():
    # Since 2019 these four are exact by definition of the SI.
    assert C.e == 1.602176634e-19
    assert C.h == 6.62607015e-34
    assert C.k_B == 1.380649e-23
    assert C.hbar == pytest.approx(C.h / (2 * math.pi), rel=1e-15, abs=0)


def test_conductance_and_resistance_quanta():
    # Reference values written out independently of the module's formulas.
    assert C.G0 == pytest.approx(7.748091729e-5, rel=1e-9, abs=0)
    assert C.R0 == pytest.approx(12906.40372, rel=1e-9)
    assert C.R_K == pytest.approx(25812.80745, rel=1e-9)
    assert C.G0 * C.R0 == pytest.approx(1.0, rel=1e-15)
    assert C.R_K == pytest.approx(2 * C.R0, rel=1e-15)


def test_thermal_energy_reference_points():
    # k_B / e = 8.617333262e-5 eV/K (CODATA 2018, exact).
    assert C.thermal_energy(1.0) == pytest.approx(8.617333262e-5, rel=1e-9, abs=0)
    assert C.thermal_energy(300.0) == pytest.approx(0.025852, rel=0, abs=1e-6)
    assert C.thermal_energy(0.0) == 0.0
    out = C.thermal_energy(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert out.shape == (2, 2)
    assert np.allclose(out, C.thermal_energy(1.0) * np.array([[1, 2], [3, 4]]), rtol=1e-15, atol=0)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 1e4))
def test_temperature_round_trip(T):
    assert C.temperature_from_energy(C.thermal_energy(T)) == pytest.approx(T, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.0, "eV", "meV", 1000.0),
        (2.5, "meV", "ueV", 2500.0),
        (7.0, "ueV", "eV", 7e-6),
        (1.0, "eV", "J", 1.602176634e-19),
        (1.0, "K", "ueV", 86.17333262),
        (1.0, "GHz", "ueV", 4.135667696),
        (1.0, "J", "K", 1.0 / 1.380649e-23),
        (-3.0, "meV", "eV", -3e-3),
        (1.0, "µeV", "eV", 1e-6),
    ],
)
def test_convert_energy_reference_values(value, src, dst, expected):
    assert C.convert_energy(value, src, dst) == pytest.approx(expected, rel=1e-9, abs=0)


def test_convert_energy_within_the_ev_family_is_exact():
    values = np.array([0.1, 1.5, 2.7, 3.3])
    assert np.array_equal(C.convert_energy(values, "eV", "meV"), values * 1000.0)
    assert np.array_equal(C.convert_energy(values, "meV", "eV"), values / 1000.0)


# Magnitudes below ~1e-200 eV would become subnormal in joules and lose digits
# for reasons that have nothing to do with the conversion.
ENERGY_VALUES = st.one_of(st.just(0.0), st.floats(1e-200, 1e3), st.floats(-1e3, -1e-200))


@settings(max_examples=50, deadline=None)
@given(
    ENERGY_VALUES,
    st.sampled_from(C.ENERGY_UNITS),
    st.sampled_from(C.ENERGY_UNITS),
    st.sampled_from(C.ENERGY_UNITS),
)
def test_convert_energy_composes(value, a, b, c):
    direct = C.convert_energy(value, a, c)
    via = C.convert_energy(C.convert_energy(value, a, b), b, c)
    assert via == pytest.approx(direct, rel=1e-13, abs=1e-300)


def test_ghz_and_kelvin_scales_agree_with_h_f_and_k_B_T():
    # 1 K in GHz: k_B * 1 K / h = 20.8366 GHz.
    assert C.convert_energy(1.0, "K", "GHz") == pytest.approx(C.k_B / C.h / 1e9, rel=1e-14)
    assert C.convert_energy(1.0, "K", "GHz") == pytest.approx(20.836619, rel=1e-7)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: C.convert_energy(1.0, "mev", "eV"), ValueError, "`from_unit` must be one of"),
        (lambda: C.convert_energy(1.0, "eV", "kelvin"), ValueError, "`to_unit` must be one of"),
        (lambda: C.convert_energy(1.0, 3, "eV"), TypeError, "`from_unit` must be a unit name"),
        (lambda: C.convert_energy(np.nan, "eV", "K"), ValueError, "`value` contains NaN"),
        (lambda: C.convert_energy("1", "eV", "K"), TypeError, "`value` must be a real number"),
        (lambda: C.thermal_energy(-1.0), ValueError, "`temperature` must be >= 0"),
        (lambda: C.thermal_energy(None), TypeError, "`temperature`"),
        (lambda: C.temperature_from_energy(-1e-3), ValueError, "`kT` must be >= 0"),
    ],
)
def test_bad_input_is_refused_with_the_parameter_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
