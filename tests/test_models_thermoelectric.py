"""Landauer thermoelectrics: closed forms for steps, exponentials and perfect channels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit, spence

from qtransport.constants import G0, e, h, k_B
from qtransport.landauer import landauer_conductance
from qtransport.models.thermoelectric import (
    LORENZ_NUMBER,
    electronic_heat_conductance,
    figure_of_merit,
    landauer_integrals,
    mott_seebeck,
    sampled_figure_of_merit,
    sampled_mott_seebeck,
    sampled_thermoelectric_coefficients,
    seebeck_coefficient,
    thermal_conductance_quantum,
    thermoelectric_coefficients,
)


def approx(expected, rel=1e-6):
    """pytest.approx without its absolute floor of 1e-12, which would swallow SI values."""
    return pytest.approx(expected, rel=rel, abs=0)


KB_E = k_B / e  # V/K


def test_lorenz_number_value():
    assert LORENZ_NUMBER == approx(2.44e-8, rel=2e-3)  # W Ohm / K^2


def test_perfect_channel_integrals_and_heat_quantum():
    kT = 2e-4
    L0, L1, L2 = landauer_integrals(lambda E: 1.0, mu=0.03, kT=kT)
    assert L0 == approx(1.0, rel=1e-12)
    assert abs(L1) < 1e-15 * kT
    assert L2 == approx(np.pi**2 / 3 * kT**2, rel=1e-11)  # int x^2 w(x) dx = pi^2/3
    T_kelvin = kT * e / k_B
    quantum = np.pi**2 * k_B**2 * T_kelvin / (3 * h)
    assert thermal_conductance_quantum(kT) == approx(quantum, rel=1e-14)
    kappa = electronic_heat_conductance(lambda E: 1.0, mu=0.03, kT=kT, spin_degeneracy=1)
    assert kappa == approx(quantum, rel=1e-10)
    assert electronic_heat_conductance(lambda E: 1.0, kT=kT) == approx(2 * quantum, rel=1e-10)


def test_conductance_matches_the_landauer_module():
    T = lambda E: 0.3 + 0.6 * expit((E - 0.002) / 4e-4)  # noqa: E731
    for mu in (0.0, 0.002, 0.004):
        c = thermoelectric_coefficients(T, mu=mu, kT=3e-4)
        ref = landauer_conductance(T, mu=mu, kT=3e-4)
        assert c.conductance == approx(ref, rel=1e-9)


def test_constant_transmission_has_no_thermopower():
    S = seebeck_coefficient(lambda E: 0.7, mu=[0.0, 0.1], kT=[1e-4, 3e-3])
    assert np.all(np.abs(S) < 1e-12 * KB_E)


def test_wiedemann_franz_for_a_smooth_transmission():
    T = lambda E: 0.5 + 0.3 * np.tanh((E - 0.01) / 0.05)  # noqa: E731
    ratios = [
        thermoelectric_coefficients(T, kT=kT).lorenz_ratio / LORENZ_NUMBER for kT in (5e-4, 2.5e-4)
    ]
    assert ratios[0] == pytest.approx(1.0, abs=1e-5)
    # Deviations of order (kT / W)^2: half of kT, a quarter of the deviation.
    assert (ratios[0] - 1) / (ratios[1] - 1) == approx(4, rel=0.05)


# --- Step transmission: closed form in Fermi-Dirac integrals ------------------------------------


def step_closed_form(eta):
    """L0, L1/kT, L2/kT^2 for T = theta(E - E0), eta = (E0 - mu)/kT.

    L0 = f(eta); integrating by parts with F(x) = -ln(1 + e^-x) (F' = f):
    L1/kT = eta f(eta) + ln(1 + e^-eta) and
    L2/kT^2 = eta^2 f(eta) + 2 [eta ln(1 + e^-eta) - Li2(-e^-eta)],
    with Li2(z) = spence(1 - z).
    """
    f = expit(-eta)
    log_term = np.log1p(np.exp(-eta))
    li2 = spence(1 + np.exp(-eta))
    return f, eta * f + log_term, eta**2 * f + 2 * (eta * log_term - li2)


@pytest.mark.parametrize("eta", [-4.0, -1.0, 0.0, 0.5, 3.0, 8.0])
def test_step_against_the_fermi_dirac_integrals(eta):
    kT, mu = 5e-4, 0.02
    E0 = mu + eta * kT
    step = lambda E: 1.0 if E > E0 else 0.0  # noqa: E731
    L0, L1, L2 = landauer_integrals(step, mu=mu, kT=kT, points=[E0])
    f, l1, l2 = step_closed_form(eta)
    assert L0 == approx(f, rel=1e-10)
    assert L1 == approx(kT * l1, rel=1e-10)
    assert L2 == approx(kT**2 * l2, rel=1e-10)
    c = thermoelectric_coefficients(step, mu=mu, kT=kT, points=[E0], spin_degeneracy=1)
    assert c.seebeck == approx(-KB_E * l1 / f, rel=1e-10)
    T_kelvin = kT * e / k_B
    kappa = (e * kT) ** 2 * (l2 - l1**2 / f) / (h * T_kelvin)  # (g_s / hT)(L2 - L1^2/L0), in J
    assert c.heat_conductance == approx(kappa, rel=1e-9)
    assert c.conductance == approx(G0 / 2 * f, rel=1e-10)
    assert c.seebeck < 0  # only electrons above E0 pass: electron-like


def test_step_seebeck_tends_to_the_barrier_height():
    # Far above mu every transmitted electron carries E0 - mu + kT of heat.
    kT = 1e-3
    S = seebeck_coefficient(lambda E: float(E > 0.02), kT=kT, points=[0.02])
    assert S == approx(-KB_E * 21, rel=1e-7)


# --- Exponential transmission and the Mott formula ----------------------------------------------


@pytest.mark.parametrize("s", [0.01, 0.1, 0.3])
def test_exponential_transmission_closed_form(s):
    """T = exp(s (E - mu)/kT): the L_n are derivatives of M(s) = int e^{s x} w(x) dx.

    M(s) = pi s / sin(pi s) for |s| < 1 (w = -df/dE in x = (E - mu)/kT).
    """
    kT, mu = 1e-3, 0.05
    T = lambda E: np.exp(s * (E - mu) / kT)  # noqa: E731
    M = np.pi * s / np.sin(np.pi * s)
    mean = 1 / s - np.pi / np.tan(np.pi * s)  # d ln M / ds
    var = np.pi**2 / np.sin(np.pi * s) ** 2 - 1 / s**2  # d^2 ln M / ds^2
    c = thermoelectric_coefficients(T, mu=mu, kT=kT, spin_degeneracy=1)
    assert c.conductance == approx(G0 / 2 * M, rel=1e-10)
    # (rel 1e-8: the window ends at 40 kT, where e^{s x} w(x) ~ e^{-(1 - s) 40} is cut off.)
    assert c.seebeck == approx(-KB_E * mean, rel=1e-8)
    assert c.heat_conductance == approx(e * k_B * kT * M * var / h, rel=1e-8)
    # Mott: d ln T/dE = s / kT exactly, the leading order of `mean` = pi^2 s / 3 + pi^4 s^3 / 45.
    mott = mott_seebeck(T, mu=mu, kT=kT)
    assert mott == approx(-KB_E * np.pi**2 * s / 3, rel=1e-9)
    assert c.seebeck / mott - 1 == approx(np.pi**2 * s**2 / 15, rel=0.05 + s**2)


def test_mott_formula_for_a_slowly_varying_transmission():
    W, mu = 0.02, 0.0
    T = lambda E: 1.0 + 0.5 * np.tanh((E - 0.005) / W)  # noqa: E731
    for kT in (2e-4, 5e-5):
        S = seebeck_coefficient(T, mu=mu, kT=kT)
        mott = mott_seebeck(T, mu=mu, kT=kT)
        assert S < 0 and mott < 0  # T increases with energy
        assert S == approx(mott, rel=20 * (kT / W) ** 2)
    # Decreasing T: hole-like, positive thermopower.
    assert seebeck_coefficient(lambda E: 1.0 - 0.5 * np.tanh(E / W), kT=1e-4) > 0
    # Analytic derivative of ln T at mu for the finite difference.
    sech2 = 1 / np.cosh(-0.005 / W) ** 2
    dlnT = 0.5 * sech2 / W / T(mu)
    assert mott_seebeck(T, mu=mu, kT=1e-4) == approx(-(np.pi**2) / 3 * KB_E * 1e-4 * dlnT, rel=1e-9)


# --- Figure of merit of a resonance (Mahan and Sofo) --------------------------------------------


def test_narrowing_resonance_increases_zt():
    kT, x0 = 1e-3, 2.4
    eps = x0 * kT

    def level(width):
        return lambda E: (width / 2) ** 2 / ((E - eps) ** 2 + (width / 2) ** 2)

    widths = kT * np.array([1.0, 0.3, 0.1, 0.03])
    zt = [figure_of_merit(level(w), kT=kT, points=[eps]) for w in widths]
    assert np.all(np.diff(zt) > 0)
    narrow = thermoelectric_coefficients(level(0.01 * kT), kT=kT, points=[eps])
    # A delta-like resonance: each electron carries (eps - mu), no heat at zero current.
    assert narrow.seebeck == approx(-KB_E * x0, rel=0.01)
    assert narrow.lorenz_ratio < 0.01 * LORENZ_NUMBER
    # The phonons cap ZT; electrons alone (kappa_ph = 0) give the larger value.
    capped = figure_of_merit(level(0.03 * kT), kT=kT, points=[eps], phonon_conductance=1e-12)
    assert capped < zt[-1]


def test_zt_closed_form_from_its_ingredients():
    T = lambda E: 0.2 + 0.1 * np.tanh(E / 1e-3)  # noqa: E731
    c = thermoelectric_coefficients(T, kT=5e-4)
    T_kelvin = 5e-4 * e / k_B
    for k_ph in (0.0, 1e-11):
        zt = figure_of_merit(T, kT=5e-4, phonon_conductance=k_ph)
        assert zt == approx(c.seebeck**2 * c.conductance * T_kelvin / (c.heat_conductance + k_ph))


def test_broadcasting_over_mu_and_kt():
    T = lambda E: 0.5 + 0.4 * np.tanh(E / 2e-3)  # noqa: E731
    mu = np.array([-1e-3, 0.0, 1e-3])
    S = seebeck_coefficient(T, mu=mu[:, None], kT=np.array([1e-4, 3e-4]))
    assert S.shape == (3, 2)
    assert S[1, 0] == approx(seebeck_coefficient(T, mu=0.0, kT=1e-4))


_E = np.linspace(-0.05, 0.05, 2001)  # a grid for the sampled route (eV)


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: landauer_integrals(0.5, kT=1e-3), TypeError, "`transmission` must be a callable"),
        (lambda: landauer_integrals(None, kT=1e-3), TypeError, "`transmission`"),
        (lambda: landauer_integrals(lambda E: 1.0, kT=0.0), ValueError, "`kT` must be > 0"),
        (lambda: landauer_integrals(lambda E: 1.0, kT=None), TypeError, "`kT`"),
        (
            lambda: landauer_integrals(lambda E: 1.0, mu=np.nan, kT=1e-3),
            ValueError,
            "`mu` contains NaN",
        ),
        (lambda: landauer_integrals(lambda E: 1.0, kT=1e-3, points=["a"]), TypeError, "`points`"),
        (
            lambda: landauer_integrals(lambda E: -0.5, kT=1e-3),
            ValueError,
            "`transmission` returned",
        ),
        (
            lambda: landauer_integrals(lambda E: np.nan, kT=1e-3),
            ValueError,
            "`transmission` returned",
        ),
        (
            lambda: landauer_integrals(lambda E: "high", kT=1e-3),
            TypeError,
            "`transmission` must return",
        ),
        (
            lambda: seebeck_coefficient(lambda E: 0.0, kT=1e-3),
            ValueError,
            "`transmission` vanishes",
        ),
        (
            lambda: thermoelectric_coefficients(lambda E: 1.0, kT=1e-3, spin_degeneracy=2.0),
            TypeError,
            "`spin_degeneracy`",
        ),
        (
            lambda: figure_of_merit(lambda E: 1.0, kT=1e-3, phonon_conductance=-1.0),
            ValueError,
            "`phonon_conductance` must be >= 0",
        ),
        (lambda: thermal_conductance_quantum(-1e-3), ValueError, "`kT` must be >= 0"),
        (lambda: mott_seebeck(lambda E: 0.0, kT=1e-3), ValueError, "`transmission` is zero"),
        (lambda: mott_seebeck(lambda E: 1.0, kT=1e-3, step=0.0), ValueError, "`step` must be > 0"),
        (lambda: mott_seebeck("T", kT=1e-3), TypeError, "`transmission` must be a callable"),
        (lambda: sampled_thermoelectric_coefficients([0.0, 1.0], [1.0, 1.0], kT=0.1), ValueError, "`energies`"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.ones(5), kT=1e-3), ValueError, "`transmissions`"),
        (lambda: sampled_thermoelectric_coefficients(_E, -np.ones_like(_E), kT=1e-3), ValueError,
         "`transmissions` must be >= 0"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.ones_like(_E), kT=0.0), ValueError, "`kT` must be > 0"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.ones_like(_E), kT=1e-3, mu=0.04), ValueError,
         "`energies` must cover"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.ones_like(_E), kT=1e-5), ValueError,
         "`energies` has steps"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.zeros_like(_E), kT=1e-3), ValueError,
         "`transmissions` vanish"),
        (lambda: sampled_thermoelectric_coefficients(_E, np.ones_like(_E), kT=1e-3, spin_degeneracy=0), ValueError,
         "`spin_degeneracy`"),
        (lambda: sampled_figure_of_merit(_E, np.ones_like(_E), kT=1e-3, phonon_conductance=-1.0), ValueError,
         "`phonon_conductance` must be >= 0"),
        (lambda: sampled_figure_of_merit(_E, np.ones_like(_E), mu=np.nan, kT=1e-3), ValueError, "`mu`"),
        (lambda: sampled_mott_seebeck(_E**3, np.ones_like(_E), kT=1e-3), ValueError, "`energies` must be a uniform"),
        (lambda: sampled_mott_seebeck(_E, np.ones_like(_E), mu=1.23e-5, kT=1e-3), ValueError, "`mu`"),
        (lambda: sampled_mott_seebeck(_E, np.ones_like(_E), mu=_E[1], kT=1e-3), ValueError, "`mu`"),
        (lambda: sampled_mott_seebeck(_E, np.ones_like(_E), mu=[0.0], kT=1e-3), TypeError, "`mu`"),
        (lambda: sampled_mott_seebeck(_E, np.zeros_like(_E), kT=1e-3), ValueError, "`transmissions` are zero"),
        (lambda: sampled_mott_seebeck(_E, np.ones(3), kT=1e-3), ValueError, "`transmissions`"),
        (lambda: sampled_mott_seebeck(_E, np.ones_like(_E), kT=-1.0), ValueError, "`kT` must be > 0"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- The sampled, vectorized route --------------------------------------------------------------


def _qpc(E, V0, hw_x=0.3e-3):
    from qtransport.models.qpc import saddle_point_transmission

    return saddle_point_transmission(E, V0=V0, hw_x=hw_x, hw_y=1e-3, n_modes=6).sum(axis=-1)


def test_sampled_route_equals_the_quadrature_for_a_qpc_gate_sweep():
    E = np.linspace(-2e-3, 7e-3, 9001)  # eV; steps 1 ueV
    gates = np.array([-0.2e-3, 0.5e-3, 1.3e-3, 2.0e-3])
    T = _qpc(E, gates[:, None])
    c = sampled_thermoelectric_coefficients(E, T, mu=2.5e-3, kT=0.08e-3)
    for i, v in enumerate(gates):
        ref = thermoelectric_coefficients(lambda x, v=v: float(_qpc(x, v)), mu=2.5e-3, kT=0.08e-3)
        assert c.conductance[i] == approx(ref.conductance, rel=1e-9)
        assert c.heat_conductance[i] == approx(ref.heat_conductance, rel=1e-7)
        assert c.seebeck[i] == pytest.approx(ref.seebeck, rel=1e-6, abs=1e-12)


def test_sampled_zt_of_a_level_equals_the_quadrature_and_broadcasts_over_kt():
    E = np.linspace(-0.04, 0.05, 180001)
    level = 2.0e-3
    T = 1e-8 / ((E - level) ** 2 + 1e-8)  # half width 0.1 meV
    kTs = np.array([0.8e-3, 1.0e-3])
    zt = sampled_figure_of_merit(E, T, kT=kTs, phonon_conductance=1e-13)
    for k, kT in enumerate(kTs):
        ref = figure_of_merit(lambda x: 1e-8 / ((x - level) ** 2 + 1e-8), kT=kT, points=[level],
                              phonon_conductance=1e-13)
        assert zt[k] == approx(ref, rel=1e-6)


def test_qpc_plateau_obeys_wiedemann_franz_and_carries_n_heat_quanta():
    E = np.linspace(-2e-3, 7e-3, 9001)
    kT = 0.05e-3
    T = _qpc(E, -0.5e-3)  # mu = 2.5 meV: three modes open (thresholds at V0 + (n + 1/2) meV)
    c = sampled_thermoelectric_coefficients(E, T, mu=2.5e-3, kT=kT, spin_degeneracy=2)
    assert c.conductance == approx(3 * G0, rel=1e-6)
    assert c.heat_conductance == approx(2 * 3 * thermal_conductance_quantum(kT), rel=1e-5)
    assert c.lorenz_ratio == approx(LORENZ_NUMBER, rel=1e-5)
    # Only the tunnelling tails of the neighbouring modes (exp(-pi) per hw_x / 2 away) tilt the plateau.
    assert abs(c.seebeck) < 3e-3 * KB_E


@pytest.mark.parametrize("n_open", [0, 1, 2])
def test_thermopower_peak_between_plateaus_of_a_sharp_qpc_is_ln2_over_n_plus_half(n_open):
    # A threshold exactly at mu, sharp on the scale kT: L0 = N + 1/2, L1 = kT ln 2.
    # kT = 50 ueV keeps the neighbouring thresholds (1 meV away) out of the window, e^-20.
    E = np.linspace(1.0e-3, 4.0e-3, 30001)  # steps 0.1 ueV resolve a step of width hw_x / 2 pi = 0.3 ueV
    kT = 0.05e-3
    mu = 2.5e-3
    V0 = mu - (n_open + 0.5) * 1e-3  # mode n_open half open at mu
    T = _qpc(E, V0, hw_x=2e-6)
    S = sampled_thermoelectric_coefficients(E, T, mu=mu, kT=kT).seebeck
    assert S == approx(-KB_E * np.log(2) / (n_open + 0.5), rel=1e-4)


def test_sampled_seebeck_tends_to_mott_at_low_temperature():
    E = np.linspace(-0.2, 0.2, 40001)
    T = 0.5 + 0.3 * np.tanh(E / 0.05)
    for kT in (1e-3, 0.5e-3):
        S = sampled_thermoelectric_coefficients(E, T, kT=kT).seebeck
        mott = mott_seebeck(lambda x: 0.5 + 0.3 * np.tanh(x / 0.05), kT=kT)
        assert S == approx(mott, rel=5 * (kT / 0.05) ** 2 + 1e-6)  # corrections of order (kT/W)^2


def test_sampled_mott_equals_mott_on_a_fine_grid_for_a_stack_of_transmissions():
    E = np.linspace(-0.01, 0.01, 2001)  # steps 10 ueV, mu = 0 on the grid
    widths = np.array([0.02, 0.05, 0.1])
    T = 0.5 + 0.3 * np.tanh(E[None, :] / widths[:, None])
    S = sampled_mott_seebeck(E, T, kT=1e-3)
    for i, w in enumerate(widths):
        ref = mott_seebeck(lambda x, w=w: 0.5 + 0.3 * np.tanh(x / w), kT=1e-3)
        assert S[i] == approx(ref, rel=1e-7)
        assert S[i] == approx(-(np.pi**2 / 3) * KB_E * 1e-3 * 0.6 / w, rel=1e-7)  # T' / T = 0.3 / (0.5 w)


def test_integrals_over_many_points_at_once_equal_one_at_a_time_and_T_is_called_with_floats():
    seen = set()

    def step(E):  # written for one float at a time, as the docstring allows
        seen.add(type(E))
        return 2.0 if E > 0.001 else 1.0

    mu = np.array([[-0.002], [0.0], [0.004]])
    kT = np.array([5e-4, 2e-3])
    L0, L1, L2 = landauer_integrals(step, mu=mu, kT=kT, points=[0.001])
    assert L0.shape == (3, 2) and seen == {float}
    for i in range(3):
        for j in range(2):
            one = landauer_integrals(step, mu=float(mu[i, 0]), kT=float(kT[j]), points=[0.001])
            assert [L0[i, j], L1[i, j], L2[i, j]] == pytest.approx(list(one), rel=1e-13, abs=1e-16 * kT[j])
    # closed form of a step 1 -> 2 at E0, with x = (E0 - mu)/kT and f(x) = 1/(e^x + 1):
    # L0 = 1 + f(x), L1 = kT (x f(x) + ln(1 + e^-x))
    x = (0.001 - mu[:, 0]) / kT[0]
    f = 1 / (np.exp(x) + 1)
    assert L0[:, 0] == approx(1 + f, rel=1e-11)
    assert L1[:, 0] == approx(kT[0] * (x * f + np.log1p(np.exp(-x))), rel=1e-10)


def test_an_error_of_the_transmission_reaches_the_caller_unchanged():
    with pytest.raises(ValueError, match="returned T = -0.5"):
        landauer_integrals(lambda E: -0.5, kT=1e-3)
    with pytest.raises(TypeError, match="could not be evaluated"):
        landauer_integrals(lambda E: None + E, kT=1e-3)
