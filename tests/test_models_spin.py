"""Spin transport: spin-resolved Landauer formula, two-current GMR, Julliere TMR.

Independent routes: a Kirchhoff solve of the two-channel resistor network
(GMR), the explicit sum over spin channels of products of spin-resolved
densities of states (TMR), and the same sum with spinors projected on a
rotated quantization axis (angular dependence).
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import G0, e, h
from qtransport.models.spin import (
    current_polarization,
    giant_magnetoresistance,
    gmr_trilayer_resistances,
    julliere_conductances,
    julliere_tmr,
    spin_resolved_conductance,
    tunnel_conductance_angle,
    two_current_resistance,
)


def test_spin_resolved_conductance_and_polarization():
    rng = np.random.default_rng(0)
    up, down = rng.uniform(0, 3, 50), rng.uniform(0, 3, 50)
    G = spin_resolved_conductance(up, down)
    assert np.allclose(G, e**2 / h * (up + down), rtol=1e-14)
    # Spin degenerate: the usual G0 T.
    assert np.allclose(spin_resolved_conductance(up, up), G0 * up, rtol=1e-14)
    assert spin_resolved_conductance(1.0, 0.5, unit="G0") == pytest.approx(0.75)
    P = current_polarization(up, down)
    assert np.all(np.abs(P) <= 1)
    assert np.allclose(current_polarization(down, up), -P)
    # P and G give back the spin-resolved conductances: G_s = G (1 + s P) / 2.
    G_up = 0.5 * G * (1 + P)
    assert np.allclose(G_up, e**2 / h * up, rtol=1e-12)
    assert current_polarization(1.0, 0.0) == 1.0
    assert isinstance(current_polarization(0.3, 0.1), float)


def kirchhoff_resistance(majority, minority, magnetizations):
    """Two chains of resistors (spin up, spin down) joined only at the two contacts."""
    n = len(majority)
    res = {+1: [], -1: []}
    for r, R, m in zip(majority, minority, magnetizations, strict=True):
        res[+1].append(r if m > 0 else R)
        res[-1].append(R if m > 0 else r)
    # Nodes: 0 = left contact, 1 = right contact, then the n - 1 inner nodes of each chain.
    inner = {+1: list(range(2, n + 1)), -1: list(range(n + 1, 2 * n))}
    size = 2 * n
    L = np.zeros((size, size))
    for s in (+1, -1):
        nodes = [0, *inner[s], 1]
        for a, b, R in zip(nodes[:-1], nodes[1:], res[s], strict=True):
            L[a, a] += 1 / R
            L[b, b] += 1 / R
            L[a, b] -= 1 / R
            L[b, a] -= 1 / R
    keep = [k for k in range(size) if k != 1]  # ground the right contact
    current = np.zeros(size - 1)
    current[0] = 1.0
    return np.linalg.solve(L[np.ix_(keep, keep)], current)[0]


def test_two_current_model_against_a_resistor_network():
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 5):
        for _ in range(10):
            r, R = rng.uniform(0.1, 5, n), rng.uniform(0.1, 5, n)
            m = rng.choice([-1, 1], n)
            expected = kirchhoff_resistance(r, R, m)
            assert two_current_resistance(r, R, m) == pytest.approx(expected, rel=1e-12)
            assert two_current_resistance(r, R, -m) == pytest.approx(expected, rel=1e-12)


def test_trilayer_and_gmr_against_the_general_stack():
    rng = np.random.default_rng(2)
    r, R = rng.uniform(0.1, 5, 40), rng.uniform(0.1, 5, 40)
    R_P, R_AP = gmr_trilayer_resistances(r, R)
    layers = np.stack([r, r], -1), np.stack([R, R], -1)
    assert np.allclose(R_P, two_current_resistance(*layers, [1, 1]), rtol=1e-13)
    assert np.allclose(R_AP, two_current_resistance(*layers, [1, -1]), rtol=1e-13)
    gmr = giant_magnetoresistance(r, R)
    assert np.allclose(gmr, (R_AP - R_P) / R_P, rtol=1e-12)
    assert np.all(gmr >= 0) and np.all(R_AP >= R_P)
    assert giant_magnetoresistance(2.0, 2.0) == 0.0
    assert giant_magnetoresistance(1.0, 4.0) == pytest.approx(giant_magnetoresistance(4.0, 1.0))
    # A non-magnetic spacer (equal resistances) changes both, not the sign of the effect.
    spacer = two_current_resistance([1.0, 0.5, 1.0], [3.0, 0.5, 3.0], [1, 1, -1])
    assert spacer > two_current_resistance([1.0, 0.5, 1.0], [3.0, 0.5, 3.0], [1, 1, 1])


def dos_conductances(p1, p2, theta=0.0, d1=1.3, d2=0.7):
    """G(theta) proportional to sum over spins of D1_s D2_s' |<s'_2 | s_1>|^2."""
    dos1 = {s: d1 * (1 + s * p1) / 2 for s in (+1, -1)}
    dos2 = {s: d2 * (1 + s * p2) / 2 for s in (+1, -1)}
    up, down = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    rot = np.array([[np.cos(theta / 2), -np.sin(theta / 2)],
                    [np.sin(theta / 2), np.cos(theta / 2)]])  # exp(-i theta sigma_y / 2)
    spin1 = {+1: up, -1: down}
    spin2 = {+1: rot @ up, -1: rot @ down}
    return sum(dos1[s] * dos2[t] * abs(spin2[t] @ spin1[s]) ** 2
               for s in (+1, -1) for t in (+1, -1))


def test_julliere_against_the_spin_resolved_densities_of_states():
    rng = np.random.default_rng(3)
    for p1, p2 in rng.uniform(-0.99, 0.99, (50, 2)):
        G_P, G_AP = dos_conductances(p1, p2), dos_conductances(p1, p2, np.pi)
        assert julliere_tmr(p1, p2) == pytest.approx((G_P - G_AP) / G_AP, rel=1e-12)
        avg = 0.5 * (G_P + G_AP)
        assert julliere_conductances(p1, p2, g_average=avg) == pytest.approx((G_P, G_AP))
        for theta in (0.0, 0.4, 1.7, np.pi, 5.0):
            assert tunnel_conductance_angle(theta, p1=p1, p2=p2, g_average=avg) == pytest.approx(
                dos_conductances(p1, p2, theta), rel=1e-12
            )


def test_angular_conductance_limits():
    theta = np.linspace(0, 2 * np.pi, 9)
    G = tunnel_conductance_angle(theta, p1=0.6, p2=0.5, g_average=2.0)
    G_P, G_AP = julliere_conductances(0.6, 0.5, g_average=2.0)
    assert G[0] == pytest.approx(G_P) and G[4] == pytest.approx(G_AP) and G[8] == pytest.approx(G_P)
    assert G[2] == pytest.approx(2.0)
    assert julliere_tmr(0.6, 0.5) == pytest.approx(G_P / G_AP - 1)
    assert julliere_tmr(0.0, 0.9) == 0.0 and julliere_tmr(-0.5, 0.5) < 0
    assert julliere_tmr(1.0, -1.0) == pytest.approx(-1.0)  # perfect opposite half-metals


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: spin_resolved_conductance(-0.1, 0.5), ValueError, "`t_up` must be >= 0"),
        (lambda: spin_resolved_conductance(0.1, None), TypeError, "`t_down`"),
        (lambda: spin_resolved_conductance(0.1, 0.2, unit="A"), ValueError, "`unit`"),
        (lambda: current_polarization(0.0, 0.0), ValueError, "`t_up` \\+ `t_down` must be > 0"),
        (lambda: current_polarization(np.nan, 0.2), ValueError, "`t_up` contains NaN"),
        (lambda: two_current_resistance([1, 2], [0, 1], [1, 1]), ValueError,
         "`minority` must be > 0"),
        (lambda: two_current_resistance([1, 2], [2, 1], [1, 0]), ValueError,
         "`magnetizations` must hold \\+1"),
        (lambda: two_current_resistance([1, 2], [2, 1], [1, 1, 1]), ValueError, "broadcast"),
        (lambda: two_current_resistance(1.0, 2.0, 1), ValueError, "`magnetizations` must list"),
        (lambda: two_current_resistance("a", 2.0, [1]), TypeError, "`majority`"),
        (lambda: gmr_trilayer_resistances(1.0, -2.0), ValueError, "`minority` must be > 0"),
        (lambda: giant_magnetoresistance(np.inf, 2.0), ValueError, "`majority` contains infinity"),
        (lambda: julliere_tmr(1.2, 0.5), ValueError, "`p1` must lie in \\[-1, 1\\]"),
        (lambda: julliere_tmr(1.0, 1.0), ValueError, "`p1` \\* `p2` must be < 1"),
        (lambda: julliere_conductances(0.5, 0.5, g_average=0.0), ValueError,
         "`g_average` must be > 0"),
        (lambda: tunnel_conductance_angle("x", p1=0.5, p2=0.5), TypeError, "`theta`"),
        (lambda: tunnel_conductance_angle(0.0, p1=0.5, p2=-1.5), ValueError, "`p2` must lie in"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
