"""Quantum spin Hall edges: Büttiker resistances of helical channels around a sample.

Closed forms checked: the H-bar and Hall-bar values of Roth et al. (2009),
the two-terminal T = 2, and the ring law derived by hand from Kirchhoff's
laws (every edge segment a resistor h/e^2, the current splitting between
the two paths around the sample), against the multi-terminal formula.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from qtransport.constants import R_K, e, h
from qtransport.models.helical import (
    helical_conductance_matrix,
    helical_edge_transmissions,
    helical_four_terminal_resistance,
    helical_ring_resistance,
)
from qtransport.models.quantum_hall import hall_bar_transmissions
from qtransport.multiterminal import (
    check_sum_rules,
    conductance_matrix,
    effective_transmission,
    four_terminal_resistance,
    two_terminal_resistance,
    voltages_from_currents,
)


def test_transmissions_are_two_opposite_chiral_edges():
    for M in range(2, 9):
        T = helical_edge_transmissions(M)
        check_sum_rules(T, np.full(M, 2))
        assert np.array_equal(T, T.T)  # time-reversal symmetric
    # A quantum spin Hall edge is a nu = 1 quantum Hall edge plus its time-reversed copy.
    chiral = hall_bar_transmissions(1)
    assert np.array_equal(helical_edge_transmissions(6), chiral + chiral.T)
    assert np.array_equal(
        helical_edge_transmissions(6), chiral + hall_bar_transmissions(1, reverse_field=True)
    )


def test_two_terminal_bar_transmits_two_channels():
    T = helical_edge_transmissions(2)
    assert float(effective_transmission(T, 0, 1)) == 2.0
    G = conductance_matrix(T, spin_degeneracy=1)
    assert two_terminal_resistance(G, 0, 1) == pytest.approx(h / (2 * e**2), rel=1e-13)
    assert helical_ring_resistance(0, 0) == pytest.approx(h / (2 * e**2), rel=1e-13)


def test_roth_h_bar():
    # Contacts 1..4 around the H-bar are indices 0..3; 1 and 4 are neighbours.
    assert helical_four_terminal_resistance(4, 0, 3, 0, 3) == pytest.approx(
        3 * h / (4 * e**2), rel=1e-12
    )
    assert helical_four_terminal_resistance(4, 0, 3, 1, 2) == pytest.approx(
        h / (4 * e**2), rel=1e-12
    )
    # Floating contacts 2 and 3 eliminated first: the same two-terminal conductance.
    G = helical_conductance_matrix(4, floating=[1, 2], unit="e^2/h")
    assert G[0, 0] == pytest.approx(4 / 3, rel=1e-13)
    assert 1 / G[0, 0] == pytest.approx(helical_ring_resistance(0, 2, unit="h/e^2"), rel=1e-13)


def test_six_terminal_hall_bar():
    # Ends 1 and 4, contacts 2, 3 on one side and 5, 6 on the other (indices 0..5).
    R = [helical_four_terminal_resistance(6, 0, 3, v1, v2, unit="e^2/h")
         for v1, v2 in [(0, 3), (1, 2), (5, 4), (1, 5)]]
    assert R == pytest.approx([1.5, 0.5, 0.5, 0.0], abs=1e-12)
    assert helical_four_terminal_resistance(6, 0, 3, 0, 3) == pytest.approx(1.5 * R_K, rel=1e-12)


def ring_voltages(M, i, j):
    """Kirchhoff by hand: unit current from i to j, V_j = 0, segments of resistance 1."""
    a = (j - i) % M  # segments on the path i -> i+1 -> ... -> j
    b = M - a
    I1, I2 = b / (a + b), a / (a + b)
    V = np.empty(M)
    for s in range(a + 1):
        V[(i + s) % M] = a * I1 - s * I1
    for s in range(b + 1):
        V[(i - s) % M] = b * I2 - s * I2
    return V


@pytest.mark.parametrize("M", range(2, 9))
def test_ring_law_against_the_multiterminal_formula(M):
    G = helical_conductance_matrix(M, unit="e^2/h")
    for i, j in itertools.permutations(range(M), 2):
        n1 = (j - i) % M - 1
        n2 = M - 2 - n1
        R2 = two_terminal_resistance(G, i, j)
        assert R2 == pytest.approx(helical_ring_resistance(n1, n2, unit="h/e^2"), rel=1e-12)
        assert R2 == pytest.approx((n1 + 1) * (n2 + 1) / M, rel=1e-12)
        currents = np.zeros(M)
        currents[i], currents[j] = 1.0, -1.0
        V = voltages_from_currents(G, currents, reference=j)
        assert np.allclose(V, ring_voltages(M, i, j), atol=1e-12)
    rng = np.random.default_rng(M)
    for _ in range(10):  # four-terminal values and reciprocity R_ij,kl = R_kl,ij (no field)
        i, j, k, l = rng.choice(M, 4, replace=M < 4)  # noqa: E741
        if i == j or k == l:
            continue
        V = ring_voltages(M, i, j)
        R4 = four_terminal_resistance(G, i, j, k, l)
        assert R4 == pytest.approx(V[k] - V[l], abs=1e-12)
        assert R4 == pytest.approx(four_terminal_resistance(G, k, l, i, j), abs=1e-12)


def test_floating_contacts_add_a_segment_each():
    # Eight contacts, current between 0 and 5, all others floating: 5 and 3 segments.
    G = helical_conductance_matrix(8, floating=[1, 2, 3, 4, 6, 7], unit="e^2/h")
    assert 1 / G[0, 0] == pytest.approx(15 / 8, rel=1e-13)
    assert helical_ring_resistance(4, 2, unit="h/e^2") == pytest.approx(15 / 8, rel=1e-15)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: helical_edge_transmissions(1), ValueError, "`n_terminals` must be >= 2"),
        (lambda: helical_edge_transmissions(4.0), TypeError, "`n_terminals` must be an integer"),
        (lambda: helical_edge_transmissions(None), TypeError, "`n_terminals`"),
        (lambda: helical_conductance_matrix(4, floating=[4]), ValueError, "`floating\\[0\\]`"),
        (lambda: helical_conductance_matrix(4, floating=[0, 1, 2]), ValueError, "`probes`"),
        (lambda: helical_conductance_matrix(4, unit="ohm"), ValueError, "`unit` must be one of"),
        (lambda: helical_four_terminal_resistance(4, 0, 0, 1, 2), ValueError, "`i` and `j`"),
        (lambda: helical_four_terminal_resistance(4, 0, 7, 1, 2), ValueError, "`j`"),
        (lambda: helical_ring_resistance(-1, 2), ValueError, "`n_between_1` must be >= 0"),
        (lambda: helical_ring_resistance(1, "2"), TypeError, "`n_between_2`"),
        (lambda: helical_ring_resistance(1, 2, unit="S"), ValueError, "`unit` must be one of"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
