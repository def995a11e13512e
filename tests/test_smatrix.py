"""Scattering matrices: unitarity, reciprocity of T, composition checked by independent routes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.stats import unitary_group

from qtransport import (
    barrier_smatrix,
    beam_splitter_smatrix,
    check_unitary,
    directional_probe_smatrix,
    fabry_perot_average,
    fabry_perot_transmission,
    free_propagation,
    is_unitary,
    network_smatrix,
    smatrix_blocks,
    smatrix_from_blocks,
    smatrix_transmission,
    smatrix_transmission_eigenvalues,
    star_product,
)

FAST = settings(max_examples=40, deadline=None)


def random_unitary(n, seed):
    return unitary_group.rvs(n, random_state=np.random.default_rng(seed))


@st.composite
def split_smatrix(draw, min_size=2, max_size=6):
    """A random unitary S with a random split into left and right channels."""
    n = draw(st.integers(min_size, max_size))
    n_left = draw(st.integers(1, n - 1))
    seed = draw(st.integers(0, 2**32 - 1))
    return random_unitary(n, seed), n_left


# --- Blocks and unitarity -------------------------------------------------------------------


@FAST
@given(split_smatrix())
def test_blocks_round_trip_and_shapes(case):
    S, n_left = case
    n_right = S.shape[-1] - n_left
    r, tp, t, rp = smatrix_blocks(S, n_left)
    assert r.shape == (n_left, n_left) and rp.shape == (n_right, n_right)
    assert t.shape == (n_right, n_left) and tp.shape == (n_left, n_right)
    assert np.array_equal(smatrix_from_blocks(r, tp, t, rp), S)


@FAST
@given(split_smatrix())
def test_transmission_left_to_right_equals_right_to_left(case):
    S, n_left = case
    r, tp, t, rp = smatrix_blocks(S, n_left)
    T = smatrix_transmission(S, n_left)
    assert T == pytest.approx(np.trace(t.conj().T @ t).real, abs=1e-12)
    assert T == pytest.approx(np.trace(tp.conj().T @ tp).real, abs=1e-12)
    assert -1e-12 <= T <= min(n_left, S.shape[-1] - n_left) + 1e-12
    # Probability conservation from the left: reflection plus transmission = n_left.
    assert T + np.sum(np.abs(r) ** 2) == pytest.approx(n_left, abs=1e-12)


@FAST
@given(split_smatrix())
def test_transmission_eigenvalues_sum_and_reflection_route(case):
    S, n_left = case
    n_right = S.shape[-1] - n_left
    values = smatrix_transmission_eigenvalues(S, n_left)
    assert values.shape == (n_left,)
    assert np.all(np.diff(values) >= 0) and np.all((values >= 0) & (values <= 1))
    assert values.sum() == pytest.approx(smatrix_transmission(S, n_left), abs=1e-12)
    # Independent route: unitarity gives t^dagger t = 1 - r^dagger r.
    r = smatrix_blocks(S, n_left).r
    via_r = np.linalg.eigvalsh(np.eye(n_left) - r.conj().T @ r)
    assert np.allclose(values, np.clip(via_r, 0, 1), atol=1e-12)
    # At most min(n_left, n_right) channels can transmit.
    assert np.all(values[: max(n_left - n_right, 0)] == 0)


def test_eigenvalues_clip_round_off_only():
    S = barrier_smatrix(1.0) * (1 + 1e-13)  # unitary up to round-off
    assert smatrix_transmission_eigenvalues(S, 1)[0] == 1.0
    # Without the check, a gain medium (|t|^2 > 1) is reported as it is, not hidden.
    amplifying = smatrix_from_blocks([[0.0]], [[1.2]], [[1.2]], [[0.0]])
    assert smatrix_transmission_eigenvalues(amplifying, 1, check=False)[0] == pytest.approx(1.44)


def test_stacks_are_handled_matrix_by_matrix():
    stack = np.stack([random_unitary(4, seed) for seed in range(6)]).reshape(2, 3, 4, 4)
    T = smatrix_transmission(stack, 2)
    tau = smatrix_transmission_eigenvalues(stack, 2)
    assert T.shape == (2, 3) and tau.shape == (2, 3, 2)
    for i in range(2):
        for j in range(3):
            assert T[i, j] == pytest.approx(smatrix_transmission(stack[i, j], 2), abs=1e-14)
            assert np.allclose(tau[i, j], smatrix_transmission_eigenvalues(stack[i, j], 2), atol=1e-14)
    assert is_unitary(stack)
    broken = stack.copy()
    broken[1, 2, 0, 0] += 1e-6
    assert not is_unitary(broken)
    with pytest.raises(ValueError, match=r"worst at index \(1, 2\)"):
        check_unitary(broken)


def test_barrier_and_propagation_are_unitary_with_the_stated_amplitudes():
    T = np.linspace(0, 1, 11)
    S = barrier_smatrix(T, phase=0.3)
    assert S.shape == (11, 2, 2) and is_unitary(S, atol=1e-14)
    assert np.allclose(smatrix_transmission(S, 1), T, atol=1e-15)
    # r = r' real positive and t = t' = i sqrt(T) at zero phase.
    S0 = barrier_smatrix(0.36)
    assert np.allclose(S0, [[0.8, 0.6j], [0.6j, 0.8]], atol=1e-15)
    P = free_propagation([0.0, 1.0, 2.0], n_channels=3)
    assert P.shape == (3, 6, 6) and is_unitary(P)
    assert np.allclose(smatrix_transmission(P, 3), 3.0)
    assert np.allclose(smatrix_blocks(P, 3).t[1], np.exp(1j) * np.eye(3))


# --- Composition ----------------------------------------------------------------------------


@st.composite
def chain_of_three(draw):
    """Three random unitaries whose channel numbers join in series."""
    channels = [draw(st.integers(1, 3)) for _ in range(4)]  # leads: left, inner, inner, right
    seeds = [draw(st.integers(0, 2**32 - 1)) for _ in range(3)]
    mats = [random_unitary(channels[i] + channels[i + 1], seeds[i]) for i in range(3)]
    return mats, channels


@FAST
@given(chain_of_three())
def test_star_product_keeps_unitarity_and_is_associative(case):
    (S1, S2, S3), (n0, n1, n2, n3) = case
    S12, m12 = star_product(S1, S2, n0, n1)
    assert m12 == n0 and S12.shape == (n0 + n2,) * 2
    assert is_unitary(S12, atol=1e-10)
    left_first = star_product(S12, S3, n0, n2)
    right_first = star_product(S1, star_product(S2, S3, n1, n2).S, n0, n1)
    assert left_first.n_left == right_first.n_left == n0
    assert np.allclose(left_first.S, right_first.S, atol=1e-10)


@FAST
@given(split_smatrix(max_size=5))
def test_composing_with_perfect_transmission_changes_nothing(case):
    S, n_left = case
    n_right = S.shape[-1] - n_left
    left = star_product(free_propagation(0.0, n_left), S, n_left, n_left)
    right = star_product(S, free_propagation(0.0, n_right), n_left, n_right)
    assert np.allclose(left.S, S, atol=1e-13) and np.allclose(right.S, S, atol=1e-13)


def _transfer(S):
    """2x2 transfer matrix (right amplitudes from left ones) of a single-channel S."""
    (r, tp), (t, rp) = S
    return np.array([[t - rp * r / tp, rp / tp], [-r / tp, 1 / tp]])


def _from_transfer(M):
    tp = 1 / M[1, 1]
    r = -M[1, 0] * tp
    rp = M[0, 1] * tp
    t = M[0, 0] + rp * r / tp
    return np.array([[r, tp], [t, rp]])


@pytest.mark.parametrize("seed", range(5))
def test_star_product_agrees_with_transfer_matrix_multiplication(seed):
    """Independent route: transfer matrices of single-channel scatterers multiply."""
    S1, S2 = random_unitary(2, seed), random_unitary(2, 100 + seed)
    via_transfer = _from_transfer(_transfer(S2) @ _transfer(S1))
    assert np.allclose(star_product(S1, S2, 1).S, via_transfer, atol=1e-12)


@pytest.mark.parametrize(("T1", "T2"), [(0.1, 0.1), (0.3, 0.8), (0.95, 0.02), (1.0, 0.4)])
def test_two_barriers_composed_give_the_fabry_perot_formula(T1, T2):
    theta = np.linspace(0, 2 * np.pi, 37)
    p1, p2 = 0.4, -1.1
    S = star_product(
        star_product(barrier_smatrix(T1, phase=p1), free_propagation(theta), 1, 1).S,
        barrier_smatrix(T2, phase=p2),
        1,
        1,
    ).S
    expected = fabry_perot_transmission(T1, T2, 2 * theta + p1 + p2)
    assert np.allclose(smatrix_transmission(S, 1), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    ("T1", "T2"), [(0.5, 0.5), (0.1, 0.9), (0.01, 0.03), (1.0, 0.2), (0.7, 1e-4)]
)
def test_phase_average_by_quadrature_is_the_ohmic_formula(T1, T2):
    avg, _ = integrate.quad(
        lambda p: fabry_perot_transmission(T1, T2, p),
        0,
        2 * np.pi,
        epsabs=1e-14,
        epsrel=1e-13,
        limit=200,
        points=[np.pi],
    )
    assert avg / (2 * np.pi) == pytest.approx(fabry_perot_average(T1, T2), rel=1e-10, abs=1e-14)
    # Ohmic addition of (1 - T)/T.
    T = fabry_perot_average(T1, T2)
    assert (1 - T) / T == pytest.approx((1 - T1) / T1 + (1 - T2) / T2, rel=1e-12)


def test_fabry_perot_resonance_and_antiresonance():
    T1 = np.array([1e-3, 0.1, 0.5, 0.99])
    assert np.allclose(fabry_perot_transmission(T1, T1, 0.0), 1.0, atol=1e-12)
    assert np.allclose(fabry_perot_transmission(T1, T1, 4 * np.pi), 1.0, atol=1e-12)
    T2 = 0.3
    R1, R2 = 1 - T1, 1 - T2
    peak = T1 * T2 / (1 - np.sqrt(R1 * R2)) ** 2
    dip = T1 * T2 / (1 + np.sqrt(R1 * R2)) ** 2
    assert np.allclose(fabry_perot_transmission(T1, T2, 0.0), peak, rtol=1e-13)
    assert np.allclose(fabry_perot_transmission(T1, T2, np.pi), dip, rtol=1e-13)
    # Opaque barriers: zero, including the 0/0 of two perfect mirrors.
    assert fabry_perot_transmission(0.0, 0.0, 0.0) == 0.0
    assert fabry_perot_average(0.0, 0.3) == 0.0


def test_two_perfect_mirrors_at_resonance_are_refused_as_a_bound_state():
    with pytest.raises(ValueError, match="bound state"):
        star_product(barrier_smatrix(0.0), barrier_smatrix(0.0), 1)


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: smatrix_transmission(np.ones((2, 3)), 1), ValueError, "`S` must be a square matrix"),
        (lambda: smatrix_transmission(np.eye(2) * 2, 1), ValueError, "`S` is not unitary"),
        (lambda: smatrix_transmission(np.eye(2), 3), ValueError, "`n_left` = 3 exceeds"),
        (lambda: smatrix_transmission(np.eye(2), -1), ValueError, "`n_left` must be >= 0"),
        (lambda: smatrix_transmission(np.eye(2), 1.0), TypeError, "`n_left` must be an integer"),
        (lambda: smatrix_transmission([[np.nan, 0], [0, 1]], 1), ValueError, "`S` contains NaN"),
        (lambda: smatrix_transmission_eigenvalues(np.eye(3) * 1j * 1.01, 1), ValueError, "not unitary"),
        (lambda: is_unitary("S"), TypeError, "`S` must be a numeric array"),
        (lambda: star_product(np.eye(4), np.eye(2), 1, 1), ValueError, "3 right-lead channels"),
        (lambda: star_product(np.eye(2), np.eye(2) * 2, 1, 1), ValueError, "`S2` is not unitary"),
        (lambda: star_product(np.eye(2), np.eye(2), 5), ValueError, "`n_left_1` = 5 exceeds"),
        (
            lambda: star_product(np.stack([np.eye(2)] * 3), np.stack([np.eye(2)] * 2), 1),
            ValueError,
            "do not broadcast",
        ),
        (lambda: barrier_smatrix(1.2), ValueError, "`transmission` must lie in"),
        (lambda: barrier_smatrix(0.5, phase=np.nan), ValueError, "`phase` contains NaN"),
        (lambda: free_propagation(0.0, n_channels=0), ValueError, "`n_channels` must be >= 1"),
        (lambda: fabry_perot_transmission(-0.1, 0.5, 0.0), ValueError, "`T1` must lie in"),
        (lambda: fabry_perot_average(0.5, 2.0), ValueError, "`T2` must lie in"),
        (lambda: smatrix_from_blocks([[1]], [[0, 0]], [[0]], [[1]]), ValueError, "`t_prime` has"),
        (lambda: smatrix_from_blocks([1], [[0]], [[0]], [[1]]), ValueError, "`r` must be a matrix"),
    ],
)
def test_bad_input_is_refused_clearly(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------
# scattering networks and the junctions of probes
# --------------------------------------------------------------------------

HYP = settings(max_examples=40, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def random_smatrix(rng, n):
    """Haar-random unitary (CUE)."""
    return unitary_group.rvs(n, random_state=rng) if n > 1 else np.exp(2j * np.pi * rng.random((1, 1)))


def fabry_perot(T1, T2, phi):
    """Closed form of two barriers with round-trip phase phi (real reflection amplitudes)."""
    R1, R2 = 1 - T1, 1 - T2
    return T1 * T2 / (1 + R1 * R2 - 2 * np.sqrt(R1 * R2) * np.cos(phi))


def barrier(T):
    return barrier_smatrix(T)


def test_network_of_two_barriers_is_fabry_perot():
    phi = np.linspace(-np.pi, np.pi, 41)
    S = network_smatrix([barrier(0.3), barrier(0.6)], [(1, 2)], phases=[phi / 2])
    assert np.allclose(np.abs(S[:, 1, 0]) ** 2, fabry_perot(0.3, 0.6, phi), rtol=1e-12)
    assert np.allclose(S.conj().swapaxes(-1, -2) @ S, np.eye(2), atol=1e-12)


@HYP
@given(seeds)
def test_network_agrees_with_the_star_product(seed):
    rng = np.random.default_rng(seed)
    A, B = random_smatrix(rng, 4), random_smatrix(rng, 4)  # two channels per side
    theta = rng.uniform(0, 2 * np.pi)
    chain = star_product(star_product(A, free_propagation(theta, 2), 2).S, B, 2).S
    # Ports: A 0-3 (left 0, 1; right 2, 3), B 4-7; join A's right to B's left.
    net = network_smatrix([A, B], [(2, 4), (3, 5)], phases=[theta, theta])
    assert np.allclose(net, chain, atol=1e-10)


@HYP
@given(seeds)
def test_network_composition_is_unitary_and_associative(seed):
    rng = np.random.default_rng(seed)
    A, B, C = (random_smatrix(rng, 3) for _ in range(3))
    ph = rng.uniform(0, 2 * np.pi, 3)
    # A(0,1,2) - B(3,4,5) - C(6,7,8): join A1-B3, B4-C6, A2-C8 (a loop).
    whole = network_smatrix([A, B, C], [(1, 3), (4, 6), (2, 8)], phases=list(ph))
    assert np.allclose(whole.conj().T @ whole, np.eye(3), atol=1e-10)
    # Same network in two steps: first A with B, then the result with C.
    AB = network_smatrix([A, B], [(1, 3)], phases=[ph[0]])  # external: A0, A2, B4, B5
    step = network_smatrix([AB, C], [(2, 4), (1, 6)], phases=[ph[1], ph[2]])
    # step external: AB0 (A0), AB3 (B5), C5 (C7)
    assert np.allclose(step, whole, atol=1e-10)


def test_junction_smatrices_are_unitary():
    for eps in (0.0, 0.1, 0.5):
        S = beam_splitter_smatrix(eps)
        assert np.allclose(S @ S.T, np.eye(3)) and np.allclose(S, S.T)
    for eps in (0.0, 0.4, 1.0):
        S = directional_probe_smatrix(eps)
        assert np.allclose(S @ S.T, np.eye(4))
