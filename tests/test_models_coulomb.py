"""Coulomb blockade (sequential tunnelling): closed forms, independent routes, invariants.

Every check here compares the master-equation code with something computed
another way: the closed-form peak, the Breit-Wigner conductance averaged over
the thermal window by quadrature, a dense linear solve of the rate equations
written out in the test, the Gibbs distribution, diamond edges derived from
the stability inequalities, and the known limits of a metallic island.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants, integrate, optimize

from qtransport.distributions import fermi
from qtransport.models.coulomb import (
    Island,
    coulomb_diamond_map,
    gate_charge,
    sequential_conductance,
    sequential_current,
    sequential_tunneling,
    single_level_peak,
)

E = constants.e
HBAR = constants.hbar
E2_H = constants.e**2 / constants.h

EC = 2e-3  # eV
R = 1e5  # ohm
METALLIC = {"model": "metallic", "resistance_left": R, "resistance_right": 2 * R}
WEAK = {"gamma_left": 1e-7, "gamma_right": 3e-7}  # eV


def one_level(delta_gate_zero=0.0):
    """Parameters of a dot with one spin-less orbital (keywords of an Island).

    With ``levels=[eps]`` and lever arm 1, mu(1) = E_C (1 - 2 n_g) + eps =
    E_C - V_g + eps, so the level sits at delta = E_C + eps - V_g.
    """
    return {"charging_energy": EC, "levels": [delta_gate_zero - EC]}


# ---------------------------------------------------------------------------
# single level: closed form, Breit-Wigner, temperature scaling
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [True, False])
def test_linear_conductance_equals_the_closed_form_peak(levels):
    kT = 2e-5  # Gamma/kT ~ 1e-2: the regime of the formula (it is exact in the chain)
    delta = np.linspace(-12 * kT, 12 * kT, 49)
    if levels:
        # One orbital: mu(1) = -V_g (one_level with delta 0 at V_g = 0).
        G = sequential_conductance(Island(**one_level(), **WEAK), -delta, kT=kT)
    else:
        # Unbounded charge ladder, E_C >> kT: near n_g = 1/2 only N = 0, 1 matter
        # (the others are exp(-E_C/kT) = exp(-100) away).
        G = sequential_conductance(Island(EC, **WEAK), EC - delta, kT=kT)
    closed = single_level_peak(delta, kT=kT, **WEAK)
    assert np.allclose(G, closed, rtol=1e-11, atol=0)


def test_peak_height_goes_as_one_over_T_and_width_as_kT():
    heights, widths = [], []
    for kT in (1e-5, 3e-5, 1e-4):

        def G(delta, kT=kT):
            return sequential_conductance(Island(**one_level(), **WEAK), -delta, kT=kT)

        top = G(0.0)
        half = optimize.brentq(lambda d, top=top, G=G: G(d) - top / 2, 0.0, 10 * kT, xtol=1e-16)
        heights.append(top * kT)
        widths.append(2 * half / kT)
    assert np.allclose(heights, heights[0], rtol=1e-12, atol=0)  # ~4.6e-12 S eV
    # FWHM of cosh^-2(delta/2kT): 4 arccosh(sqrt 2) kT = 3.5255 kT.
    assert np.allclose(widths, 4 * np.arccosh(np.sqrt(2)), rtol=1e-9)
    assert widths[0] == pytest.approx(3.525, abs=1e-3)
    # Height: (e^2/h) (pi/2) gamma / kT with gamma = G_L G_R / (G_L + G_R).
    gamma = 1e-7 * 3e-7 / 4e-7
    assert heights[0] == pytest.approx(E2_H * np.pi / 2 * gamma, rel=1e-12, abs=0)


def breit_wigner_thermal(level, gamma_left, gamma_right, kT):
    """(e^2/h) * integral T_BW(E) (-df/dE) dE by adaptive quadrature (spin-less)."""
    gamma = gamma_left + gamma_right

    def integrand(E):
        T = gamma_left * gamma_right / ((E - level) ** 2 + (gamma / 2) ** 2)
        x = E / (2 * kT)
        return T / (4 * kT * np.cosh(x) ** 2)

    # Split at the Lorentzian (width Gamma) so quad sees both scales.
    cuts = [-40 * kT, level - 200 * gamma, level, level + 200 * gamma, 40 * kT]
    total = 0.0
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        value, _ = integrate.quad(integrand, a, b, epsabs=0, epsrel=1e-12, limit=200)
        total += value
    return E2_H * total


def test_sequential_peak_equals_thermally_averaged_breit_wigner():
    kT = 1e-3
    deltas = np.linspace(-4 * kT, 4 * kT, 9)
    deviations = []
    for scale in (1.0, 2.0):
        gl, gr = 1e-8 * scale, 3e-8 * scale  # Gamma / kT = 4e-5 * scale
        G_me = sequential_conductance(Island(gamma_left=gl, gamma_right=gr, **one_level()), -deltas, kT=kT)
        G_bw = np.array([breit_wigner_thermal(d, gl, gr, kT) for d in deltas])
        # The Lorentzian tails add a relative correction c(delta/kT) * Gamma/kT;
        # |c| < 1 for |delta| <= 4 kT (measured 0.7 at 4 kT): allow 3 Gamma/kT.
        gamma_over_kT = (gl + gr) / kT
        assert np.allclose(G_me, G_bw, rtol=3 * gamma_over_kT, atol=0)
        deviations.append(G_bw / G_me - 1)
    # ... and the correction is first order in Gamma: it doubles with Gamma.
    assert np.allclose(deviations[1], 2 * deviations[0], rtol=1e-3, atol=1e-9)
    # A real comparison: the coherent Lorentzian itself (width Gamma) is
    # nothing like the thermal peak at delta = 2 kT.
    lorentz = E2_H * gl * gr / ((2 * kT) ** 2 + ((gl + gr) / 2) ** 2)
    assert G_me[6] > 100 * lorentz


# ---------------------------------------------------------------------------
# the master equation against a dense solve written out here
# ---------------------------------------------------------------------------


def capacitor_model(c_left, c_right, c_gate):
    """E_C, lever arm and capacitance ratio of three capacitors (farad)."""
    c_total = c_left + c_right + c_gate
    return {
        "charging_energy": E / (2 * c_total),  # e^2/2C in eV
        "lever_arm": c_gate / c_total,
        "capacitance_ratio": c_left / c_right,
    }, c_total


def dense_master_equation(gate, bias, kT, caps, model, levels=None, charges=range(-6, 7)):
    """Stationary p_N and junction currents from the full rate matrix."""
    c_left, c_right, c_gate = caps
    c_total = c_left + c_right + c_gate
    mu_left, mu_right = bias / 2, -bias / 2
    charges = np.array(list(charges))
    n = charges.size

    def addition_energy(N):  # mu(N) = E(N) - E(N-1) from the capacitor network
        mu = (E / c_total) * (N - 0.5)  # e^2 / C_total in eV
        mu += -(c_gate / c_total) * gate + (c_left * mu_left + c_right * mu_right) / c_total
        if levels is not None:
            mu += levels[N - 1]
        return mu

    def rate(gain, lead):
        if model == "metallic":
            res = R if lead == "L" else 2 * R
            return gain / (E * res) / (1 - np.exp(-gain / kT))
        g = WEAK["gamma_left"] if lead == "L" else WEAK["gamma_right"]
        return g * E / HBAR * fermi(-gain, 0.0, kT)

    W = np.zeros((n, n))
    up = {"L": np.zeros(n - 1), "R": np.zeros(n - 1)}
    down = {"L": np.zeros(n - 1), "R": np.zeros(n - 1)}
    for i in range(n - 1):
        mu = addition_energy(charges[i + 1])
        for lead, mu_a in (("L", mu_left), ("R", mu_right)):
            up[lead][i] = rate(mu_a - mu, lead)
            down[lead][i] = rate(mu - mu_a, lead)
            W[i + 1, i] += up[lead][i]
            W[i, i + 1] += down[lead][i]
    W -= np.diag(W.sum(axis=0))
    A = np.vstack([W / np.max(np.abs(W)), np.ones(n)])  # rates scaled to O(1)
    b = np.zeros(n + 1)
    b[-1] = 1
    p = np.linalg.lstsq(A, b, rcond=None)[0]
    I_left = E * np.sum(p[:-1] * up["L"] - p[1:] * down["L"])
    return charges, p, I_left


@pytest.mark.parametrize("model", ["single_level", "metallic"])
@pytest.mark.parametrize(
    ("gate", "bias"), [(0.0, 0.0), (0.7e-3, 1.3e-3), (1.9e-3, -2.5e-3), (-3e-3, 5e-3)]
)
def test_stationary_state_matches_a_dense_solve(model, gate, bias):
    caps = (2e-17, 5e-17, 1.5e-17)  # C_L, C_R, C_g (F): asymmetric junctions
    params, _ = capacitor_model(*caps)
    kT = 0.15 * params["charging_energy"]
    kwargs = METALLIC if model == "metallic" else WEAK
    r = sequential_tunneling(Island(**params, **kwargs), gate, bias, kT=kT)
    charges, p, I_left = dense_master_equation(gate, bias, kT, caps, model)
    mine = dict(zip(r.charge_states.tolist(), r.probabilities.tolist(), strict=True))
    theirs = dict(zip(charges.tolist(), p.tolist(), strict=True))
    for N in set(mine) | set(theirs):
        assert mine.get(N, 0.0) == pytest.approx(theirs.get(N, 0.0), abs=1e-12)
    scale = E * (1e-7 * E / HBAR if model == "single_level" else EC / (E * R))
    assert float(r.current) == pytest.approx(I_left, rel=1e-9, abs=1e-12 * scale)


def test_finite_level_spectrum_matches_a_dense_solve():
    caps = (3e-17, 3e-17, 2e-17)
    params, _ = capacitor_model(*caps)
    levels = np.array([0.0, 0.4e-3, 0.5e-3, 1.5e-3])
    for gate, bias in [(4e-3, 1e-3), (8e-3, -2e-3)]:
        r = sequential_tunneling(Island(levels=levels[::-1], **params, **WEAK), gate, bias, kT=2e-4)
        charges, p, I_left = dense_master_equation(
            gate, bias, 2e-4, caps, "single_level", levels=levels, charges=range(0, 5)
        )
        assert np.allclose(r.probabilities, p, atol=1e-12)
        assert float(r.current) == pytest.approx(I_left, rel=1e-9, abs=0)


# ---------------------------------------------------------------------------
# invariants
# ---------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    gate=st.floats(-0.02, 0.02),
    bias=st.floats(-0.01, 0.01),
    kT=st.floats(0.0, 2e-3),
    ratio=st.floats(0.1, 10.0),
    alpha=st.floats(0.05, 1.0),
    metallic=st.booleans(),
)
def test_current_is_conserved_and_probabilities_are_a_distribution(
    gate, bias, kT, ratio, alpha, metallic
):
    kwargs = METALLIC if metallic else WEAK
    island = Island(EC, lever_arm=alpha, capacitance_ratio=ratio, **kwargs)
    r = sequential_tunneling(island, gate, bias, kT=kT)
    assert np.all(r.probabilities >= 0)
    assert r.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    scale = E * (4e-7 * E / HBAR if not metallic else 0.02 / (E * R))
    assert float(r.current_left) == pytest.approx(float(r.current_right), abs=1e-12 * scale)
    # Electrons run downhill in electrochemical potential: I V >= 0.
    assert float(r.current) * bias >= -1e-12 * scale * abs(bias)


@pytest.mark.parametrize("metallic", [False, True])
@pytest.mark.parametrize("kT", [2.2250738585e-313, 1e-300, 1e-30])
def test_vanishing_temperature_gives_the_zero_temperature_answer(metallic, kT):
    # A subnormal kT once overflowed gain/kT and returned NaN probabilities.
    kwargs = METALLIC if metallic else WEAK
    for gate, bias in [(0.0, 0.0), (0.003, 0.001), (-0.01, 0.02)]:
        warm = sequential_tunneling(Island(EC, **kwargs), gate, bias, kT=kT)
        cold = sequential_tunneling(Island(EC, **kwargs), gate, bias, kT=0.0)
        assert np.all(np.isfinite(warm.probabilities))
        assert np.allclose(warm.probabilities, cold.probabilities, atol=1e-12)
        assert float(warm.current) == pytest.approx(float(cold.current), rel=1e-9, abs=1e-30)


@pytest.mark.parametrize("metallic", [False, True])
def test_zero_bias_is_equilibrium_gibbs_distribution_and_no_current(metallic):
    kwargs = METALLIC if metallic else WEAK
    gates = np.linspace(-0.01, 0.01, 37)
    kT = 0.3 * EC
    r = sequential_tunneling(Island(EC, lever_arm=0.6, capacitance_ratio=0.3, **kwargs), gates, 0.0, kT=kT)
    scale = E * (4e-7 * E / HBAR if not metallic else EC / (E * R))
    assert np.all(np.abs(r.current) < 1e-13 * scale)
    n_g = 0.6 * gates / (2 * EC)
    energy = EC * (r.charge_states - n_g[:, None]) ** 2
    gibbs = np.exp(-(energy - energy.min(axis=1, keepdims=True)) / kT)
    gibbs /= gibbs.sum(axis=1, keepdims=True)
    assert np.allclose(r.probabilities, gibbs, atol=1e-12)


@pytest.mark.parametrize("metallic", [False, True])
def test_current_is_periodic_in_gate_with_period_e_over_Cg(metallic):
    kwargs = METALLIC if metallic else WEAK
    alpha = 0.3
    period = 2 * EC / alpha  # e / C_g in volts
    gates = np.linspace(0.0, period, 23)[:, None]
    biases = np.linspace(-3 * EC, 3 * EC, 17)[None, :]
    island, kT = Island(EC, lever_arm=alpha, capacitance_ratio=2.0, **kwargs), 0.1 * EC
    I0 = sequential_current(island, gates, biases, kT=kT)
    I1 = sequential_current(island, gates + period, biases, kT=kT)
    I2 = sequential_current(island, gates - 3 * period, biases, kT=kT)
    scale = np.max(np.abs(I0))
    assert np.allclose(I1, I0, rtol=0, atol=1e-10 * scale)
    assert np.allclose(I2, I0, rtol=0, atol=1e-10 * scale)
    # Not trivially periodic: half a period changes the picture.
    I_half = sequential_current(island, gates + period / 2, biases, kT=kT)
    assert np.max(np.abs(I_half - I0)) > 0.1 * scale
    # And the conductance peaks sit at half-integer n_g.
    G = sequential_conductance(island, gates[:, 0], kT=kT)
    n_g = gate_charge(gates[:, 0], charging_energy=EC, lever_arm=alpha)
    assert n_g[np.argmax(G)] == pytest.approx(0.5, abs=0.5 / 22 + 1e-12)


@pytest.mark.parametrize("metallic", [False, True])
def test_current_is_odd_in_bias_for_symmetric_coupling(metallic):
    kwargs = (
        {"model": "metallic", "resistance_left": R, "resistance_right": R}
        if metallic
        else {"gamma_left": 2e-7, "gamma_right": 2e-7}
    )
    biases = np.linspace(0, 6 * EC, 25)
    for gate in (EC, 0.3 * EC):  # the degeneracy point n_g = 1/2, and elsewhere
        island, kT = Island(EC, **kwargs), 0.05 * EC
        I_plus = sequential_current(island, gate, biases, kT=kT)
        I_minus = sequential_current(island, gate, -biases, kT=kT)
        assert np.allclose(I_minus, -I_plus, rtol=1e-12, atol=1e-14 * np.max(I_plus))
        assert np.all(I_plus[1:] > 0)
    # With asymmetric junction capacitances the diamonds tilt and the symmetry goes.
    tilted = replace(island, lever_arm=0.5, capacitance_ratio=4.0)
    I_plus = sequential_current(tilted, 0.3 * EC, biases, kT=kT)
    I_minus = sequential_current(tilted, 0.3 * EC, -biases, kT=kT)
    assert np.max(np.abs(I_plus + I_minus)) > 1e-3 * np.max(np.abs(I_plus))


# ---------------------------------------------------------------------------
# Coulomb diamonds at zero temperature
# ---------------------------------------------------------------------------


def blockade_slack(gate, bias, *, alpha, ratio):
    """Largest margin (eV) by which some charge state is stable; < 0 if none is.

    State N is stable when no electron can enter, mu(N+1) > mu_L, mu_R, and
    none can leave, mu(N) < mu_L, mu_R, with
    mu(N) = E_C (2N - 1) - alpha e V_g + kappa e V and
    kappa = (C_L - C_R) / (2 C_total) = (1 - alpha)(2r - 1)/2.
    """
    r = ratio / (1 + ratio)
    kappa = (1 - alpha) * (2 * r - 1) / 2
    best = np.full(np.broadcast(gate, bias).shape, -np.inf)
    for N in range(-8, 9):
        mu_N = EC * (2 * N - 1) - alpha * gate + kappa * bias
        mu_N1 = mu_N + 2 * EC
        slack = np.minimum(mu_N1 - np.abs(bias) / 2, -np.abs(bias) / 2 - mu_N)
        best = np.maximum(best, slack)
    return best


@pytest.mark.parametrize("metallic", [False, True])
@pytest.mark.parametrize(("alpha", "ratio"), [(1.0, 1.0), (0.4, 1.0), (0.4, 3.0)])
def test_zero_temperature_current_vanishes_exactly_inside_the_diamonds(metallic, alpha, ratio):
    kwargs = METALLIC if metallic else WEAK
    period = 2 * EC / alpha
    island = Island(EC, lever_arm=alpha, capacitance_ratio=ratio, **kwargs)
    m = coulomb_diamond_map(
        island,
        np.linspace(-1.3 * period, 1.3 * period, 61),
        np.linspace(-5 * EC, 5 * EC, 41),
        kT=0.0,
    )
    slack = blockade_slack(m.gate[None, :], m.bias[:, None], alpha=alpha, ratio=ratio)
    margin = 0.02 * EC
    inside, outside = slack > margin, slack < -margin
    assert inside.sum() > 300 and outside.sum() > 300
    assert np.all(m.current[inside] == 0)
    scale = E * (1e-7 * E / HBAR if not metallic else margin / (E * 2 * R))
    assert np.all(np.abs(m.current[outside]) > 0.1 * scale)
    # At small temperature the blockade is exponential: e^{-margin/kT} = e^{-40}.
    warm = sequential_current(island, m.gate[None, :], m.bias[:, None], kT=margin / 40)
    top = np.max(np.abs(warm))
    assert np.all(np.abs(warm[inside]) < 1e-15 * top)


@pytest.mark.parametrize("ratio", [1.0, 0.25, 5.0])
def test_diamond_half_height_is_2_Ec_for_any_capacitance_ratio(ratio):
    # Derivation (see blockade_slack): for V > 0 the diamond of N = 0 closes
    # where the edges mu(1) = +eV/2 and mu(0) = -eV/2 meet:
    # eV(1/2 - kappa) = E_C - y and eV(1/2 + kappa) = E_C + y with
    # y = alpha e V_g; adding, eV = 2 E_C (= e^2 / C_total) at y = 2 kappa E_C.
    # For V < 0 the vertex is at -2 E_C, at y = -2 kappa E_C: the diamond is a
    # skewed rhombus whose height does not depend on the asymmetry.
    alpha = 0.5
    kappa = (1 - alpha) * (2 * ratio / (1 + ratio) - 1) / 2
    island = Island(EC, lever_arm=alpha, capacitance_ratio=ratio, **WEAK)
    for sign in (1, -1):
        gate_vertex = sign * 2 * kappa * EC / alpha
        below = sequential_current(island, gate_vertex, sign * 0.98 * 2 * EC, kT=0.0)
        above = sequential_current(island, gate_vertex, sign * 1.02 * 2 * EC, kT=0.0)
        assert below == 0
        assert abs(above) > 0.1 * E * 1e-7 * E / HBAR
    if ratio != 1.0:
        # The other vertex's gate is inside the diamond at +2 E_C only if kappa = 0.
        blocked = sequential_current(island, -2 * kappa * EC / alpha, 0.98 * 2 * EC, kT=0.0)
        assert blocked != 0


# ---------------------------------------------------------------------------
# linear response
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("metallic", [False, True])
def test_linear_response_equals_the_slope_of_the_current(metallic):
    kwargs = METALLIC if metallic else WEAK
    island, kT = Island(EC, lever_arm=0.4, capacitance_ratio=3.0, **kwargs), 0.2 * EC
    gates = np.linspace(-2 * EC, 8 * EC, 21)
    analytic = sequential_conductance(island, gates, kT=kT)
    dv = 1e-6 * EC
    slope = (
        sequential_current(island, gates, dv, kT=kT)
        - sequential_current(island, gates, -dv, kT=kT)
    ) / (2 * dv)
    assert np.allclose(analytic, slope, rtol=1e-7, atol=0)
    # At finite bias the function differentiates numerically; compare with a
    # coarser symmetric difference (Richardson: errors O(h^2)).
    V = 1.5 * EC
    fine = sequential_conductance(island, gates, bias=V, kT=kT)
    h = 1e-3 * EC
    coarse = (
        sequential_current(island, gates, V + h, kT=kT)
        - sequential_current(island, gates, V - h, kT=kT)
    ) / (2 * h)
    assert np.allclose(fine, coarse, rtol=1e-4, atol=1e-6 * np.max(np.abs(fine)))


def test_metallic_island_high_temperature_limit_is_the_series_resistance():
    # Coulomb-blockade thermometry expansion for one island (two junctions),
    # u = e^2 / (C_total kT) = 2 E_C / kT: G (R_L + R_R) = 1 - u/6 + u^2/60 - ...
    # = 1 - E_C/(3 kT) + E_C^2/(15 kT^2) + O((E_C/kT)^3)  (Pekola et al.,
    # Phys. Rev. Lett. 73, 2903 (1994); Farhangfar et al., J. Low Temp. Phys.
    # 108, 191 (1997)).
    for ratio in (10.0, 30.0, 100.0):
        kT = ratio * EC
        G = sequential_conductance(Island(EC, **METALLIC), np.linspace(0, 4 * EC, 5), kT=kT)
        expected = 1 - 1 / (3 * ratio) + 1 / (15 * ratio**2)
        assert np.allclose(G * 3 * R, expected, rtol=0, atol=0.2 / ratio**3)
        # The gate modulation is exponentially small at kT >> E_C.
        assert np.ptp(G) < 1e-6 * G[0]


def test_metallic_island_low_temperature_peak_is_half_the_series_conductance():
    # Beenakker 1991 (and Glazman & Shekhter 1989): G_max = 1 / (2 (R_L + R_R))
    # for kT << E_C: at degeneracy p_0 = p_1 = 1/2 and Gamma(0) = kT / (e^2 R).
    gates = np.linspace(0.9 * EC, 1.1 * EC, 201)  # n_g from 0.45 to 0.55
    for kT in (1e-2 * EC, 1e-3 * EC):
        G = sequential_conductance(Island(EC, **METALLIC), gates, kT=kT)
        assert G.max() * 3 * R == pytest.approx(0.5, rel=1e-9)
        assert gates[np.argmax(G)] == pytest.approx(EC, abs=1e-15)
        # Away from the peak the conductance is exponentially suppressed.
        assert sequential_conductance(Island(EC, **METALLIC), 0.0, kT=kT) < 1e-20
    # kT = 0 exactly: only the degeneracy point conducts, at the same value.
    G0 = sequential_conductance(Island(EC, **METALLIC), np.array([EC, 0.9 * EC]), kT=0.0)
    assert G0[0] * 3 * R == pytest.approx(0.5, rel=1e-12)
    assert G0[1] == 0.0


def test_automatic_charge_window_has_converged():
    common, kT = {"charging_energy": EC, "lever_arm": 0.7, "capacitance_ratio": 0.5}, 0.5 * EC
    gates = np.linspace(-3 * EC, 3 * EC, 11)[:, None]
    biases = np.linspace(-4 * EC, 4 * EC, 9)[None, :]
    for kwargs in (METALLIC, WEAK):
        auto = sequential_current(Island(**common, **kwargs), gates, biases, kT=kT)
        wide = sequential_current(Island(n_states=61, **common, **kwargs), gates, biases, kT=kT)
        assert np.allclose(auto, wide, rtol=1e-12, atol=1e-13 * np.max(np.abs(wide)))


def test_level_spectrum_sets_the_peak_positions_and_fills_up():
    levels = [0.0, 0.5e-3, 2.0e-3]
    kT = 2e-5
    gates = np.linspace(-1e-3, 14e-3, 7501)
    G = sequential_conductance(Island(EC, levels=levels, **WEAK), gates, kT=kT)
    # Peaks where mu(N) = E_C (2N - 1) + eps_N - V_g = 0 (lever arm 1).
    expected = [EC * (2 * N - 1) + levels[N - 1] for N in (1, 2, 3)]
    interior = (G[1:-1] > G[:-2]) & (G[1:-1] >= G[2:])
    peaks = gates[1:-1][interior & (G[1:-1] > 0.1 * G.max())]
    assert np.allclose(peaks, expected, atol=2 * (gates[1] - gates[0]))
    r = sequential_tunneling(Island(EC, levels=levels, **WEAK), np.array([-1e-3, 14e-3]), 0.0, kT=kT)
    assert np.allclose(r.mean_charge, [0, 3], atol=1e-12)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


GOOD = {"charging_energy": EC, "kT": 1e-4, **WEAK}
DOT = Island(EC, **WEAK)


def current_with(change):
    """The current of the island of ``GOOD`` with ``change`` applied (kT apart, every key an Island field)."""
    parameters = {**GOOD, **change}
    kT = parameters.pop("kT")
    return sequential_current(Island(**parameters), 0.0, 1e-3, kT=kT)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"kT": -1e-4}, ValueError, "`kT` must be >= 0"),
        ({"charging_energy": 0.0}, ValueError, "`charging_energy` must be > 0"),
        ({"charging_energy": -1e-3}, ValueError, "`charging_energy` must be > 0"),
        ({"gamma_left": -1e-7}, ValueError, "`gamma_left` must be > 0"),
        ({"gamma_right": 0.0}, ValueError, "`gamma_right` must be > 0"),
        ({"gamma_left": None}, TypeError, "`gamma_left` is required"),
        ({"kT": np.nan}, ValueError, "`kT` contains NaN"),
        ({"charging_energy": [1e-3, 2e-3]}, ValueError, "`charging_energy` must be a single"),
        ({"lever_arm": 1.5}, ValueError, "`lever_arm`"),
        ({"capacitance_ratio": 0.0}, ValueError, "`capacitance_ratio` must be > 0"),
        ({"model": "orthodox"}, ValueError, "`model` must be one of"),
        ({"resistance_left": R}, ValueError, "`resistance_left` belongs to model='metallic'"),
        ({"levels": [[0.0]]}, ValueError, "`levels` must be a 1-D"),
        ({"levels": [0.0], "n_states": 3}, ValueError, "`n_states` and `levels`"),
        ({"n_states": 1}, ValueError, "`n_states` must be >= 2"),
        ({"n_states": 2.5}, TypeError, "`n_states` must be an integer"),
    ],
)
def test_sequential_current_rejects_bad_parameters(change, error, match):
    with pytest.raises(error, match=match):
        current_with(change)


def test_bad_arrays_name_the_argument():
    with pytest.raises(ValueError, match="`gate` contains NaN"):
        sequential_current(DOT, [0.0, np.nan], 0.0, kT=1e-4)
    with pytest.raises(TypeError, match="`bias` must be real"):
        sequential_current(DOT, 0.0, 1j, kT=1e-4)
    with pytest.raises(ValueError, match=r"`gate` \(3,\), `bias` \(2,\)"):
        sequential_current(DOT, np.zeros(3), np.zeros(2), kT=1e-4)
    with pytest.raises(ValueError, match="`resistance_right`|`gamma_left` belongs"):
        Island(EC, model="metallic", **WEAK)
    with pytest.raises(TypeError, match="`resistance_right` is required"):
        Island(EC, model="metallic", resistance_left=R)
    with pytest.raises(ValueError, match="`levels` belongs to model='single_level'"):
        Island(EC, levels=[0.0], **METALLIC)
    with pytest.raises(ValueError, match="`kT` must be > 0 for the linear conductance"):
        sequential_conductance(DOT, 0.0, kT=0.0)
    with pytest.raises(ValueError, match="`biases` must be a strictly increasing"):
        coulomb_diamond_map(DOT, [0.0], [1e-3, 0.0], kT=1e-4)
    with pytest.raises(ValueError, match="`gates` must be a 1-D"):
        coulomb_diamond_map(DOT, [[0.0]], [0.0, 1e-3], kT=1e-4)
    with pytest.raises(ValueError, match="`kT` must be > 0"):
        single_level_peak(0.0, gamma_left=1e-7, gamma_right=1e-7, kT=0.0)
    with pytest.raises(ValueError, match="`gamma_right` must be > 0"):
        single_level_peak(0.0, gamma_left=1e-7, gamma_right=-1e-7, kT=1e-3)
    with pytest.raises(ValueError, match="`delta` contains NaN"):
        single_level_peak(np.nan, gamma_left=1e-7, gamma_right=1e-7, kT=1e-3)


@pytest.mark.parametrize("island", [None, 2e-3, {"charging_energy": EC, **WEAK}])
def test_functions_take_an_island_and_say_how_to_make_one(island):
    for call in (
        lambda: sequential_tunneling(island, 0.0, kT=1e-4),
        lambda: sequential_current(island, 0.0, 1e-3, kT=1e-4),
        lambda: sequential_conductance(island, 0.0, kT=1e-4),
        lambda: coulomb_diamond_map(island, [0.0], [0.0, 1e-3], kT=1e-4),
    ):
        with pytest.raises(TypeError, match=r"`island` must be an Island, .* Island\(charging_energy="):
            call()
