"""Incoherent series and the Ohmic wire: phase averaging, chaining, linear resistance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qtransport.constants import G0, R0
from qtransport.models.ohmic import (
    incoherent_series,
    ohmic_conductance,
    ohmic_resistance,
    ohmic_transmission,
)
from qtransport.models.probes import double_barrier_with_probe
from qtransport.smatrix import fabry_perot_average

probabilities = st.floats(0.01, 1.0)


def phase_averaged_coherent(T1, T2, n=4096):
    """Independent route: average the coherent two-barrier result over the round-trip phase.

    The trapezoid rule on a full period converges geometrically for this
    analytic periodic integrand, with error ~ sqrt(R1 R2)^n (< 1e-17 for
    T >= 0.01 and n = 4096).
    """
    phi = np.linspace(0, 2 * np.pi, n, endpoint=False)
    R1, R2 = 1 - T1, 1 - T2
    return np.mean(T1 * T2 / (1 + R1 * R2 - 2 * np.sqrt(R1 * R2) * np.cos(phi)))


@settings(max_examples=40, deadline=None)
@given(probabilities, probabilities)
def test_two_barriers_equal_the_phase_averaged_coherent_result(T1, T2):
    value = incoherent_series([T1, T2])
    assert value == pytest.approx(phase_averaged_coherent(T1, T2), rel=1e-10)
    assert value == pytest.approx(fabry_perot_average(T1, T2), rel=1e-12)
    # Same as a fully coupled dephasing probe between the barriers.
    assert value == pytest.approx(double_barrier_with_probe(T1, T2, 0.7, 1.0), rel=1e-10)


@settings(max_examples=40, deadline=None)
@given(st.lists(probabilities, min_size=1, max_size=8))
def test_series_is_associative(ts):
    """Combining the first k scatterers first and then the rest changes nothing."""
    total = incoherent_series(ts)
    k = len(ts) // 2
    if k:
        assert incoherent_series([incoherent_series(ts[:k]), incoherent_series(ts[k:])]) == (
            pytest.approx(total, rel=1e-12)
        )
    assert total <= min(ts) + 1e-15


@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_identical_scatterers_give_l_over_L_plus_l(n):
    ell, a = 2.5, 0.4
    T_one = ell / (ell + a)
    L = n * a
    assert incoherent_series(np.full(n, T_one)) == pytest.approx(ell / (L + ell), rel=1e-13)
    assert ohmic_transmission(L, ell) == pytest.approx(ell / (L + ell), rel=1e-15)


def test_resistance_is_contact_plus_linear_in_length():
    L = np.linspace(0, 50, 11)
    ell, N = 2.0, 3
    R = ohmic_resistance(L, ell, N)
    contact = R0 / N
    assert R[0] == pytest.approx(contact, rel=1e-14)
    slope = np.diff(R) / np.diff(L)
    assert np.allclose(slope, contact / ell, rtol=1e-10)
    assert np.allclose(ohmic_conductance(L, ell, N), 1 / R, rtol=1e-14, atol=0)
    assert np.allclose(ohmic_conductance(L, ell, N, unit="G0"), N * ell / (L + ell), rtol=1e-14)
    assert np.allclose(ohmic_conductance(L, ell, N), G0 * N * ell / (L + ell), rtol=1e-14, atol=0)
    # Long wires: Drude, G = sigma / L with sigma = G0 N l.
    assert ohmic_conductance(1e6, ell, N) * 1e6 == pytest.approx(G0 * N * ell, rel=1e-5, abs=0)
    assert ohmic_conductance(L, ell, N, spin_degeneracy=1) == pytest.approx(
        ohmic_conductance(L, ell, N) / 2, rel=1e-14, abs=0
    )


def test_opaque_scatterer_and_stacks():
    assert incoherent_series([0.5, 0.0, 0.9]) == 0.0
    stack = np.array([[0.5, 0.5], [1.0, 1.0], [0.2, 1.0]])
    assert np.allclose(incoherent_series(stack), [1 / 3, 1.0, 0.2])
    assert np.allclose(incoherent_series(stack.T, axis=0), [1 / 3, 1.0, 0.2])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: incoherent_series([0.5, 1.2]), ValueError, "`transmissions` must lie in"),
        (lambda: incoherent_series(0.5), ValueError, "at least one axis"),
        (lambda: ohmic_transmission(-1.0, 1.0), ValueError, "`length` must be >= 0"),
        (lambda: ohmic_transmission(1.0, 0.0), ValueError, "`mean_free_path` must be > 0"),
        (lambda: ohmic_conductance(1.0, 1.0, 0), ValueError, "`n_channels` must be whole"),
        (lambda: ohmic_conductance(1.0, 1.0, 2, unit="ohm"), ValueError, "`unit` must be one of"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
