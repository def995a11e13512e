"""Büttiker multi-terminal formula: sum rules, probes, resistances, dephasing probe.

Random transmission matrices come from random unitary scattering matrices
(Haar measure, seeded), so they obey the sum rules by construction; the
checks are invariants (conservation, gauge invariance, reciprocity) and
independent routes (closed forms, a full linear solve, one-at-a-time probe
elimination).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import unitary_group

from qtransport.constants import G0, R0, R_K, e, h
from qtransport.models.probes import (
    double_barrier_with_probe,
)
from qtransport.multiterminal import (
    check_sum_rules,
    conductance_matrix,
    contact_resistance,
    currents_from_voltages,
    effective_transmission,
    eliminate_floating_probes,
    four_probe_resistance,
    four_terminal_resistance,
    hall_resistance,
    longitudinal_resistance,
    probe_voltages,
    transmissions_from_smatrix,
    two_probe_resistance,
    two_terminal_resistance,
    voltages_from_currents,
)
from qtransport.smatrix import (
    barrier_smatrix,
    network_smatrix,
)

HYP = settings(max_examples=40, deadline=None)
channel_lists = st.lists(st.integers(1, 3), min_size=2, max_size=5)
seeds = st.integers(0, 2**32 - 1)


def random_smatrix(rng, n, *, symmetric=False):
    """Haar-random unitary (CUE), or U U^T (COE: time-reversal symmetric)."""
    U = unitary_group.rvs(n, random_state=rng) if n > 1 else np.exp(2j * np.pi * rng.random((1, 1)))
    return U @ U.T if symmetric else U


def random_transmissions(seed, channels, *, symmetric=False):
    rng = np.random.default_rng(seed)
    S = random_smatrix(rng, sum(channels), symmetric=symmetric)
    return transmissions_from_smatrix(S, channels)


def fabry_perot(T1, T2, phi):
    """Closed form of two barriers with round-trip phase phi (real reflection amplitudes)."""
    R1, R2 = 1 - T1, 1 - T2
    return T1 * T2 / (1 + R1 * R2 - 2 * np.sqrt(R1 * R2) * np.cos(phi))


def ohmic(T1, T2):
    return T1 * T2 / (T1 + T2 - T1 * T2)


def plain_conductance(T):
    """G in units of e^2/h per spin, written out directly (not via the library)."""
    T = np.asarray(T, float)
    off = T - np.diag(np.diag(T))
    return np.diag(off.sum(axis=1)) - off


# --------------------------------------------------------------------------
# sum rules and the conductance matrix
# --------------------------------------------------------------------------


@HYP
@given(channel_lists, seeds)
def test_transmissions_of_a_unitary_smatrix_obey_the_sum_rules(channels, seed):
    T = random_transmissions(seed, channels)
    check_sum_rules(T, channels)
    assert np.all(T >= 0)
    assert np.all(np.diag(T) <= np.array(channels) + 1e-12)


@HYP
@given(channel_lists, seeds)
def test_conductance_matrix_rows_and_columns_sum_to_zero(channels, seed):
    G = conductance_matrix(random_transmissions(seed, channels), channels)
    scale = np.abs(G).max()
    assert np.allclose(G.sum(axis=0), 0, atol=1e-12 * scale)
    assert np.allclose(G.sum(axis=1), 0, atol=1e-12 * scale)
    # Off-diagonal entries are -G_q T_ij <= 0, diagonal ones >= 0.
    off = G - np.diag(np.diag(G))
    assert np.all(off <= 0) and np.all(np.diag(G) >= 0)


@HYP
@given(channel_lists, seeds)
def test_conductance_matrix_definition_and_off_diagonal_form(channels, seed):
    T = random_transmissions(seed, channels)
    G = conductance_matrix(T, channels, spin_degeneracy=1, unit="e^2/h")
    assert np.allclose(G, np.diag(channels) - T, atol=1e-12)
    # Without channels only the off-diagonal elements matter: zero the diagonal.
    T_off = T - np.diag(np.diag(T))
    assert np.allclose(conductance_matrix(T_off, spin_degeneracy=1, unit="e^2/h"), G, atol=1e-12)
    assert np.allclose(conductance_matrix(T, spin_degeneracy=1, unit="e^2/h"), G, atol=1e-12)


def test_conductance_units_and_spin():
    T = [[0.6, 0.4], [0.4, 0.6]]
    G_S = conductance_matrix(T, [1, 1])
    assert G_S[0, 0] == pytest.approx(0.4 * 2 * e**2 / h, rel=1e-14, abs=0)
    assert G_S[0, 0] == pytest.approx(0.4 * G0, rel=1e-14, abs=0)
    assert np.allclose(conductance_matrix(T, [1, 1], unit="G0"), G_S / G0, rtol=1e-14)
    assert np.allclose(conductance_matrix(T, [1, 1], unit="e^2/h"), 2 * G_S / G0, rtol=1e-14)
    assert np.allclose(
        conductance_matrix(T, [1, 1], spin_degeneracy=1), G_S / 2, rtol=1e-14, atol=0
    )


def test_conductance_matrix_works_on_a_stack():
    stack = np.stack([random_transmissions(s, [1, 2, 1]) for s in range(5)])
    G = conductance_matrix(stack, [1, 2, 1])
    assert G.shape == (5, 3, 3)
    for k in range(5):
        assert np.allclose(G[k], conductance_matrix(stack[k], [1, 2, 1]), rtol=1e-14, atol=0)


# --------------------------------------------------------------------------
# currents and voltages
# --------------------------------------------------------------------------


@HYP
@given(channel_lists, seeds, st.floats(-5, 5))
def test_currents_are_conserved_and_blind_to_a_common_shift(channels, seed, shift):
    G = conductance_matrix(random_transmissions(seed, channels), channels)
    V = np.random.default_rng(seed).normal(size=len(channels))
    cur = currents_from_voltages(G, V)
    assert abs(cur.sum()) <= 1e-12 * np.abs(cur).max() + 1e-300
    assert np.allclose(
        currents_from_voltages(G, V + shift), cur, rtol=1e-9, atol=1e-9 * np.abs(cur).max()
    )


@HYP
@given(channel_lists, seeds, st.integers(0, 10))
def test_voltages_from_currents_inverts_currents_from_voltages(channels, seed, ref):
    M = len(channels)
    ref = ref % M
    G = conductance_matrix(random_transmissions(seed, channels), channels, unit="G0")
    V = np.random.default_rng(seed + 1).normal(size=M)
    V -= V[ref]
    back = voltages_from_currents(G, currents_from_voltages(G, V), reference=ref)
    assert back[ref] == 0.0
    assert np.allclose(back, V, atol=1e-8)


# --------------------------------------------------------------------------
# floating probes
# --------------------------------------------------------------------------


def split(M, seed):
    """Two current terminals and the rest as probes, chosen by the seed."""
    order = np.random.default_rng(seed).permutation(M)
    return int(order[0]), int(order[1]), sorted(int(k) for k in order[2:])


@HYP
@given(channel_lists, seeds)
def test_floating_probes_draw_no_current(channels, seed):
    M = len(channels)
    source, drain, probes = split(M, seed)
    if not probes:
        return
    G = conductance_matrix(random_transmissions(seed, channels), channels, unit="G0")
    rest = [k for k in range(M) if k not in probes]
    V_rest = np.random.default_rng(seed).normal(size=len(rest))
    V = np.zeros(M)
    V[rest] = V_rest
    V[probes] = probe_voltages(G, probes, V_rest)
    cur = currents_from_voltages(G, V)
    assert np.allclose(cur[probes], 0, atol=1e-10)
    G_eff = eliminate_floating_probes(G, probes)
    assert np.allclose(G_eff @ V_rest, cur[rest], atol=1e-10)
    assert np.allclose(G_eff.sum(axis=0), 0, atol=1e-10)
    assert np.allclose(G_eff.sum(axis=1), 0, atol=1e-10)
    # A common shift moves every probe by the same amount.
    assert np.allclose(probe_voltages(G, probes, V_rest + 0.7), V[probes] + 0.7, atol=1e-10)


@HYP
@given(st.lists(st.integers(1, 3), min_size=3, max_size=3), seeds)
def test_single_probe_effective_transmission_closed_form(channels, seed):
    T = random_transmissions(seed, channels)  # terminals 1, 2, f = 0, 1, 2
    expected = T[1, 0] + T[2, 0] * T[1, 2] / (T[0, 2] + T[1, 2])
    assert effective_transmission(T, 0, 1, [2]) == pytest.approx(expected, rel=1e-12)


def eliminate_sequentially(T, source, drain, probes):
    """Independent route: fold probes in one at a time, T'_ij = T_ij + T_ip T_pj / sum_k!=p T_kp."""
    T = np.array(T, float)
    alive = list(range(T.shape[0]))
    for p in probes:
        others = [k for k in alive if k != p]
        weight = sum(T[k, p] for k in others)
        for i in others:
            for j in others:
                T[i, j] += T[i, p] * T[p, j] / weight
        alive = others
    return T[drain, source]


def effective_by_full_solve(T, source, drain, probes):
    """Independent route: impose I_s = 1, I_d = -1, I_p = 0, V_d = 0 and solve everything."""
    M = T.shape[0]
    G = plain_conductance(T)
    A = np.vstack([G, np.eye(M)[drain]])
    b = np.zeros(M + 1)
    b[source], b[drain] = 1.0, -1.0
    V = np.linalg.lstsq(A, b, rcond=None)[0]
    return 1.0 / (V[source] - V[drain])


@HYP
@given(st.lists(st.integers(1, 3), min_size=3, max_size=6), seeds, st.booleans())
def test_multi_probe_effective_transmission_three_routes(channels, seed, symmetric):
    T = random_transmissions(seed, channels, symmetric=symmetric)
    source, drain, probes = split(len(channels), seed)
    value = effective_transmission(T, source, drain, probes)
    assert value == pytest.approx(effective_by_full_solve(T, source, drain, probes), rel=1e-9)
    assert value == pytest.approx(eliminate_sequentially(T, source, drain, probes), rel=1e-9)
    # Two-terminal reciprocity holds even without time-reversal symmetry.
    assert effective_transmission(T, drain, source, probes) == pytest.approx(value, rel=1e-9)
    assert 0 <= value <= min(channels[source], channels[drain]) + 1e-12
    # Default probes: all other terminals.
    assert effective_transmission(T, source, drain) == pytest.approx(value, rel=1e-12)


def test_effective_transmission_on_a_stack():
    stack = np.stack([random_transmissions(s, [1, 1, 2, 1]) for s in range(4)])
    values = effective_transmission(stack, 0, 1, [2, 3])
    assert values.shape == (4,)
    for k in range(4):
        assert values[k] == pytest.approx(effective_transmission(stack[k], 0, 1, [2, 3]), rel=1e-12)


def test_a_decoupled_probe_drops_out_exactly():
    T = random_transmissions(3, [1, 2])
    big = np.zeros((3, 3))
    big[:2, :2] = T
    big[2, 2] = 1.0  # the probe only reflects
    assert effective_transmission(big, 0, 1, [2]) == pytest.approx(T[1, 0], rel=1e-14)
    with pytest.raises(ValueError, match="Probe 2 has no transmission"):
        probe_voltages(conductance_matrix(big), [2], [1.0, 0.0])


# --------------------------------------------------------------------------
# resistances and reciprocity
# --------------------------------------------------------------------------


@HYP
@given(st.lists(st.integers(1, 3), min_size=4, max_size=5), seeds)
def test_four_terminal_reciprocity(channels, seed):
    """R_ij,kl(B) = R_kl,ij(-B); reversing B transposes the conductance matrix."""
    G = conductance_matrix(random_transmissions(seed, channels), channels)
    i, j, k, m = np.random.default_rng(seed).permutation(len(channels))[:4]
    assert four_terminal_resistance(G, i, j, k, m) == pytest.approx(
        four_terminal_resistance(G.T, k, m, i, j), rel=1e-8
    )
    # With time-reversal symmetry (symmetric S) G itself is symmetric.
    Gs = conductance_matrix(random_transmissions(seed, channels, symmetric=True), channels)
    assert np.allclose(Gs, Gs.T, atol=1e-12 * np.abs(Gs).max())
    assert four_terminal_resistance(Gs, i, j, k, m) == pytest.approx(
        four_terminal_resistance(Gs, k, m, i, j), rel=1e-8
    )


@HYP
@given(st.lists(st.integers(1, 3), min_size=2, max_size=5), seeds)
def test_two_terminal_resistance_is_inverse_effective_conductance(channels, seed):
    T = random_transmissions(seed, channels)
    G = conductance_matrix(T, channels)
    expected = 1.0 / (G0 * effective_transmission(T, 0, 1))
    assert two_terminal_resistance(G, 0, 1) == pytest.approx(expected, rel=1e-9)
    assert two_terminal_resistance(G, 1, 0) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("nu", [1, 2, 3])
def test_ideal_hall_bar_is_quantized(nu):
    for M in (4, 6):
        T = nu * np.roll(np.eye(M), 1, axis=0)  # T[(i + 1) % M, i] = nu, counterclockwise
        G = conductance_matrix(T, spin_degeneracy=1)
        assert hall_resistance(G) == pytest.approx(R_K / nu, rel=1e-12)
        # Reversing the field reverses the chirality: G -> G.T.
        assert hall_resistance(G.T) == pytest.approx(-R_K / nu, rel=1e-12)
        if M == 6:
            assert hall_resistance(G, position="right") == pytest.approx(R_K / nu, rel=1e-12)
            for side in ("lower", "upper"):
                assert longitudinal_resistance(G, side=side) == pytest.approx(0, abs=1e-9)
                assert longitudinal_resistance(G.T, side=side) == pytest.approx(0, abs=1e-9)
            # Two-terminal: R_K / nu as well (contact resistance only).
            assert two_terminal_resistance(G, 0, 3) == pytest.approx(R_K / nu, rel=1e-12)


def test_hall_bar_with_a_leaky_edge_picks_up_a_longitudinal_resistance():
    """A constriction in the middle of the bar reflects a fraction r onto the opposite edge."""
    r = 0.2
    T = np.roll(np.eye(6), 1, axis=0)
    T[2, 1], T[5, 1] = 1 - r, r  # lower edge leaving 1: on to 2, or back along the top to 5
    T[5, 4], T[2, 4] = 1 - r, r  # upper edge leaving 4: on to 5, or back along the bottom to 2
    check_sum_rules(T, np.ones(6))
    G = conductance_matrix(T, spin_degeneracy=1)
    # One channel with transmission 1 - r between the two halves: R_xx = R_K r / (1 - r).
    assert longitudinal_resistance(G) == pytest.approx(R_K * r / (1 - r), rel=1e-12)
    assert hall_resistance(G, position="left") == pytest.approx(R_K, rel=1e-12)


def test_single_channel_closed_forms():
    assert contact_resistance(1) == pytest.approx(R0, rel=1e-15)
    assert contact_resistance(3) == pytest.approx(h / (2 * 3 * e**2), rel=1e-15)
    assert contact_resistance(1, spin_degeneracy=1) == pytest.approx(R_K, rel=1e-15)
    T = np.linspace(0.05, 1.0, 20)
    assert np.allclose(two_probe_resistance(T), R0 / T, rtol=1e-14)
    assert np.allclose(four_probe_resistance(T), R0 * (1 - T) / T, rtol=1e-12, atol=1e-9)
    assert np.allclose(two_probe_resistance(T), contact_resistance(1) + four_probe_resistance(T))
    assert four_probe_resistance(1.0) == 0.0
    assert two_probe_resistance(0.0) == np.inf and four_probe_resistance(0.0) == np.inf


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

def barrier(T):
    return barrier_smatrix(T)


GOOD = np.array([[0.2, 0.8], [0.8, 0.2]])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: conductance_matrix(np.ones((2, 3))), ValueError, "must be a square matrix"),
        (lambda: conductance_matrix([[0.5, -0.2], [-0.2, 0.5]]), ValueError, "negative entry"),
        (
            lambda: conductance_matrix([[0.2, 0.7], [0.8, 0.2]], [1, 1]),
            ValueError,
            "column 1 of `T`",
        ),
        (
            lambda: conductance_matrix([[0.0, 0.7], [0.8, 0.0]]),
            ValueError,
            "terminal 0 receives 0.7 but sends out 0.8",
        ),
        (
            lambda: conductance_matrix(GOOD, [1, 1, 1]),
            ValueError,
            "one channel number per terminal",
        ),
        (lambda: conductance_matrix(GOOD, [1, 2]), ValueError, "`channels\\[1\\]` is 2"),
        (lambda: conductance_matrix([[np.nan, 1], [1, 0]]), ValueError, "`T` contains NaN"),
        (lambda: conductance_matrix("T"), TypeError, "`T` must be a real number"),
        (lambda: conductance_matrix(GOOD, unit="mS"), ValueError, "`unit` must be one of"),
        (
            lambda: conductance_matrix(GOOD, spin_degeneracy=0),
            ValueError,
            "`spin_degeneracy` must be >= 1",
        ),
        (
            lambda: effective_transmission(GOOD, 0, 0),
            ValueError,
            "`source` and `drain` must differ",
        ),
        (lambda: effective_transmission(GOOD, 0, 2), ValueError, "`drain` = 2 is out of range"),
        (
            lambda: effective_transmission(np.eye(3), 0, 1, [5]),
            ValueError,
            "`probes\\[0\\]` = 5 is out",
        ),
        (
            lambda: effective_transmission(np.eye(3), 0, 1, [1]),
            ValueError,
            "must not contain the `source`",
        ),
        (
            lambda: effective_transmission(np.eye(4), 0, 1, [2]),
            ValueError,
            "Terminal\\(s\\) \\[3\\]",
        ),
        (
            lambda: effective_transmission(np.eye(3), 0, 1.0, [2]),
            TypeError,
            "`drain` must be a terminal index",
        ),
        (
            lambda: eliminate_floating_probes(conductance_matrix(np.eye(3)), [2, 2]),
            ValueError,
            "twice",
        ),
        (
            lambda: eliminate_floating_probes(conductance_matrix(GOOD), [1]),
            ValueError,
            "at least two",
        ),
        (
            lambda: voltages_from_currents(conductance_matrix(GOOD), [1.0, 0.0]),
            ValueError,
            "must sum to zero",
        ),
        (
            lambda: voltages_from_currents(conductance_matrix(np.eye(2)), [1.0, -1.0]),
            ValueError,
            "singular",
        ),
        (lambda: two_terminal_resistance(GOOD, 0, 1), ValueError, "convert it with"),
        (
            lambda: four_terminal_resistance(conductance_matrix(GOOD), 1, 1, 0, 1),
            ValueError,
            "must differ",
        ),
        (lambda: hall_resistance(conductance_matrix(np.eye(3))), ValueError, "4- or 6-terminal"),
        (lambda: longitudinal_resistance(conductance_matrix(np.eye(4))), ValueError, "6-terminal"),
        (lambda: contact_resistance(0), ValueError, "`n_channels` must be whole numbers >= 1"),
        (lambda: two_probe_resistance(1.5), ValueError, "`T` must lie in"),
        (
            lambda: double_barrier_with_probe(0.5, 0.5, 0.0, 0.7, probe="beam_splitter"),
            ValueError,
            "`coupling` must lie in \\[0, 0.5\\]",
        ),
        (
            lambda: double_barrier_with_probe(0.5, 0.5, 0.0, 0.2, probe="coherent"),
            ValueError,
            "`probe` must be one of",
        ),
        (
            lambda: transmissions_from_smatrix(np.eye(3), [1, 1]),
            ValueError,
            "sum\\(`channels`\\) = 2",
        ),
        (
            lambda: network_smatrix([np.eye(2), np.eye(2)], [(1, 1)]),
            ValueError,
            "uses a port twice",
        ),
        (lambda: network_smatrix([np.eye(2)], [(0, 1)]), ValueError, "no external port"),
        (
            lambda: network_smatrix([barrier(0.0), barrier(0.0)], [(1, 2)]),
            ValueError,
            "bound state",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_no_floating_probe_leaves_the_conductance_matrix_as_it_is():
    T = np.array([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3], [0.3, 0.5, 0.2]])
    G = conductance_matrix(T, [1, 1, 1])
    assert np.array_equal(eliminate_floating_probes(G, []), G)
    assert probe_voltages(G, [], [1.0, 0.0, 0.5]).shape == (0,)


def test_transmissions_from_a_lossy_smatrix_need_check_false():
    S = 0.9 * unitary_group.rvs(4, random_state=3)  # 19% of the flux is absorbed
    with pytest.raises(ValueError, match="`S` is not unitary"):
        transmissions_from_smatrix(S, [2, 2])
    T = transmissions_from_smatrix(S, [2, 2], check=False)
    assert np.allclose(T.sum(axis=0), 0.81 * 2, rtol=1e-12, atol=0)



def test_a_stack_violation_names_the_matrix_and_the_terminal():
    good = [[0.2, 0.8], [0.8, 0.2]]
    bad = [[0.2, 0.7], [0.8, 0.2]]  # column 1 sums to 0.9; row 0 to 0.9
    with pytest.raises(ValueError, match=r"column 1 of `T` sums to 0.9 .*\(stack index \(1,\)\)"):
        check_sum_rules([good, bad], [1, 1])
    with pytest.raises(ValueError, match=r"column 1 of `T` sums to 0.9 .*off by -0.1\)\. "):
        check_sum_rules(bad, [1, 1])  # a single matrix: no stack index
    # Without channels only the balance of the off-diagonal parts is checked: terminal 0
    # receives 0.7 from terminal 1 but sends 0.8 to it.
    with pytest.raises(ValueError, match=r"terminal 0 receives 0.7 but sends out 0.8 \(stack index \(2,\)\)"):
        conductance_matrix([good, good, bad], None)
    with pytest.raises(ValueError, match=r"terminal 0 receives 0.7 but sends out 0.8: without"):
        conductance_matrix(bad, None)
