"""NS interfaces (BTK, Beenakker) and the Kitaev chain, each against an independent route."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from qtransport.constants import G0
from qtransport.distributions import thermal_window
from qtransport.models.superconductor import (
    bcs_density_of_states,
    beenakker_conductance,
    btk_coefficients,
    btk_conductance,
    btk_normal_transmission,
    kitaev_bulk_spectrum,
    kitaev_end_modes,
    kitaev_hamiltonian,
    kitaev_is_topological,
    kitaev_spectrum,
)


def approx(expected, rel=1e-6):
    """pytest.approx without its absolute floor of 1e-12, which would swallow SI values."""
    return pytest.approx(expected, rel=rel, abs=0)


DELTA = 1e-3  # eV


# --- BTK coefficients -------------------------------------------------------------------------


def bdg_matching(E, Z, *, delta=1e-5, mu=1.0):
    """Independent route: solve the BdG scattering problem at a delta barrier.

    Units hbar^2/2m = 1, k_F = 1 (mu = 1), so hbar v_F = 2 and the barrier is
    H delta(x) with H = 2 Z.  Quadratic bands, no Andreev approximation: the
    result approaches the BTK formulas for delta << mu.  Returns (A, B).
    """
    q_e, q_h = np.sqrt(mu + E + 0j), np.sqrt(mu - E + 0j)
    omega = np.sqrt(complex(E**2 - delta**2))
    if E**2 < delta**2:
        omega = 1j * np.sqrt(delta**2 - E**2)  # branch of decaying states for x > 0
    k_e, k_h = np.sqrt(mu + omega), np.sqrt(mu - omega)
    # BdG spinors (u, v) of the two states in the superconductor: (xi - E) u + Delta v = 0.
    s_e = np.array([delta, E - omega])  # wave number +k_e (xi = +omega)
    s_h = np.array([delta, E + omega])  # wave number -k_h (xi = -omega)
    H = 2.0 * Z
    # Unknowns (b, a, c, d): normal reflection, Andreev reflection, two transmitted states.
    # psi_N(0) = (1 + b, a), psi_N'(0) = (i q_e (1 - b), i q_h a).
    M = np.zeros((4, 4), complex)
    rhs = np.zeros(4, complex)
    # Continuity: psi_S(0) - psi_N(0) = 0.
    M[0] = [-1, 0, s_e[0], s_h[0]]
    rhs[0] = 1
    M[1] = [0, -1, s_e[1], s_h[1]]
    # Jump of the derivative: psi_S'(0) - psi_N'(0) - H psi_S(0) = 0.
    M[2] = [1j * q_e, 0, 1j * k_e * s_e[0] - H * s_e[0], -1j * k_h * s_h[0] - H * s_h[0]]
    rhs[2] = 1j * q_e
    M[3] = [0, -1j * q_h, 1j * k_e * s_e[1] - H * s_e[1], -1j * k_h * s_h[1] - H * s_h[1]]
    b, a, _, _ = np.linalg.solve(M, rhs)
    return abs(a) ** 2 * q_h.real / q_e.real, abs(b) ** 2


@pytest.mark.parametrize("Z", [0.0, 0.4, 1.0, 2.5])
@pytest.mark.parametrize("ratio", [0.0, 0.3, 0.95, 1.05, 1.7, 4.0])
def test_coefficients_match_the_bdg_scattering_problem(Z, ratio):
    A, B, _, _ = btk_coefficients(ratio * 1e-5, delta=1e-5, Z=Z)
    A_ref, B_ref = bdg_matching(ratio * 1e-5, Z)
    assert A == pytest.approx(A_ref, abs=1e-4)
    assert B == pytest.approx(B_ref, abs=1e-4)


def test_probabilities_add_to_one_and_lie_in_the_unit_interval():
    E = np.linspace(-5, 5, 2001)[:, None] * DELTA
    Z = np.array([0.0, 0.1, 0.7, 1.0, 3.0, 30.0])
    A, B, C, D = btk_coefficients(E, delta=DELTA, Z=Z)
    assert np.allclose(A + B + C + D, 1.0, rtol=0, atol=1e-13)
    for X in (A, B, C, D):
        assert np.all((X >= -1e-15) & (X <= 1 + 1e-15))
    gap = np.abs(E[:, 0]) <= DELTA
    assert np.all(C[gap] == 0) and np.all(D[gap] == 0)
    # Even in E.
    assert np.allclose(A, A[::-1], rtol=1e-12, atol=0)


def test_clean_contact_outside_the_gap_closed_form():
    E = DELTA * np.linspace(1.001, 6, 50)
    A, B, C, D = btk_coefficients(E, delta=DELTA, Z=0.0)
    assert np.allclose(A, DELTA**2 / (E + np.sqrt(E**2 - DELTA**2)) ** 2, rtol=1e-12, atol=0)
    assert np.allclose(B, 0.0, atol=1e-15) and np.allclose(D, 0.0, atol=1e-15)
    assert np.allclose(C, 1 - A, rtol=1e-12)


@pytest.mark.parametrize("Z", [0.0, 0.5, 2.0, 10.0])
def test_gap_edge_is_continuous_with_full_andreev_reflection(Z):
    for sign in (1, -1):
        A_in = btk_coefficients(sign * DELTA * (1 - 1e-12), delta=DELTA, Z=Z)[0]
        A_edge = btk_coefficients(sign * DELTA, delta=DELTA, Z=Z)[0]
        A_out = btk_coefficients(sign * DELTA * (1 + 1e-12), delta=DELTA, Z=Z)[0]
        assert A_edge == approx(1.0, rel=1e-12)
        # 1 - A grows like (1 + 2Z^2)^2 (Delta - |E|) inside, like sqrt(|E| - Delta) outside.
        assert A_in == pytest.approx(1.0, abs=1e-6) and A_out == pytest.approx(1.0, abs=1e-3)


def test_zero_bias_closed_form():
    # Inside the gap B = 1 - A, so 1 + A - B = 2A and A(0) = 1/(1 + 2Z^2)^2.
    Z = np.linspace(0, 4, 17)
    A = btk_coefficients(0.0, delta=DELTA, Z=Z)[0]
    assert np.allclose(A, 1 / (1 + 2 * Z**2) ** 2, rtol=1e-13)
    assert np.allclose(btk_conductance(0.0, delta=DELTA, Z=Z), 2 * (1 + Z**2) / (1 + 2 * Z**2) ** 2)


# --- Zero-temperature conductance ---------------------------------------------------------------


def test_clean_contact_doubles_the_conductance_in_the_gap():
    V = DELTA * np.linspace(-0.999, 0.999, 41)
    assert np.allclose(btk_conductance(V, delta=DELTA, Z=0.0), 2.0, rtol=1e-14)


def test_opaque_barrier_measures_the_bcs_density_of_states():
    E = DELTA * np.array([1.2, 1.5, 2.0, 3.0, 8.0])
    dos = E / np.sqrt(E**2 - DELTA**2)  # written out, not the library's DOS
    assert np.allclose(bcs_density_of_states(E, delta=DELTA), dos, rtol=1e-13)
    dev = [np.max(np.abs(btk_conductance(E, delta=DELTA, Z=Z) / dos - 1)) for Z in (10, 100)]
    assert dev[1] < 1e-4
    assert dev[0] / dev[1] == approx(100, rel=0.05)  # corrections of order 1/Z^2
    # Deep in the gap the conductance vanishes as 1/Z^2.
    assert btk_conductance(0.5 * DELTA, delta=DELTA, Z=100.0) < 1e-3


def test_far_above_the_gap_the_normal_state_returns():
    for Z in (0.0, 0.5, 3.0):
        assert btk_conductance(1e3 * DELTA, delta=DELTA, Z=Z) == pytest.approx(1.0, abs=1e-6)


# --- Finite temperature -------------------------------------------------------------------------


def brute_force_average(V, Z, kT, n=400_001):
    """Independent route: trapezoid rule on a fine uniform energy grid, no substitution."""
    E = np.linspace(V - 40 * kT, V + 40 * kT, n)
    A, B, _, _ = btk_coefficients(E, delta=DELTA, Z=Z)
    w = thermal_window(E, mu=V, kT=kT)
    return np.trapezoid((1 + Z**2) * (1 + A - B) * w, E)


@pytest.mark.parametrize("Z", [0.0, 0.5, 2.0])
@pytest.mark.parametrize("kT", [0.05 * DELTA, 0.3 * DELTA])
@pytest.mark.parametrize("V", [0.0, 0.8 * DELTA, 1.2 * DELTA])
def test_thermal_average_against_a_fine_grid(Z, kT, V):
    G = btk_conductance(V, delta=DELTA, Z=Z, kT=kT)
    # The grid converges only as h^1.5 (square-root edges, narrow peak next to them).
    assert G == approx(brute_force_average(V, Z, kT), rel=1e-5)


@pytest.mark.parametrize(("Z", "V"), [(0.0, 0.5 * DELTA), (2.0, 0.0), (8.0, 1.1 * DELTA)])
def test_thermal_average_against_plain_quadrature_in_energy(Z, V):
    """Second route: quad directly in E, split at +-Delta only, no change of variables."""
    kT = 0.2 * DELTA

    def integrand(E):
        A, B, _, _ = btk_coefficients(E, delta=DELTA, Z=Z)
        return (1 + Z**2) * (1 + A - B) * thermal_window(E, mu=V, kT=kT)

    edges = [V - 40 * kT, -DELTA, DELTA, V + 40 * kT]
    ref = sum(
        integrate.quad(integrand, a, b, limit=500, epsabs=1e-14, epsrel=1e-12)[0]
        for a, b in zip(edges[:-1], edges[1:], strict=True)
    )
    assert btk_conductance(V, delta=DELTA, Z=Z, kT=kT) == approx(ref, rel=1e-9)


def test_thermal_average_is_even_in_bias_and_tends_to_zero_temperature():
    V = DELTA * np.array([0.3, 0.9, 1.1, 2.0])
    G = btk_conductance(V, delta=DELTA, Z=0.8, kT=0.1 * DELTA)
    assert np.allclose(G, btk_conductance(-V, delta=DELTA, Z=0.8, kT=0.1 * DELTA), rtol=1e-9)
    cold = btk_conductance(V, delta=DELTA, Z=0.8, kT=1e-5 * DELTA)
    assert np.allclose(cold, btk_conductance(V, delta=DELTA, Z=0.8), rtol=1e-4)


def test_high_temperature_gives_the_normal_state():
    dev = [
        abs(btk_conductance(0.0, delta=DELTA, Z=1.0, kT=kT) - 1) for kT in (10 * DELTA, 100 * DELTA)
    ]
    assert dev[1] < 5e-3
    # The excess (or deficit) is a fixed area spread over a window of width ~ kT.
    assert dev[0] / dev[1] == approx(10, rel=0.1)


# --- Beenakker's formula ------------------------------------------------------------------------


@pytest.mark.parametrize("Z", [0.0, 0.3, 1.0, 2.0, 5.0])
def test_one_channel_delta_barrier_reproduces_btk_at_zero_bias(Z):
    T = btk_normal_transmission(Z)
    assert T == approx(1 / (1 + Z**2))
    G_N = G0 * T
    assert beenakker_conductance(T) / G_N == approx(
        btk_conductance(0.0, delta=DELTA, Z=Z), rel=1e-12
    )


def test_perfect_channels_double_and_tunnel_channels_are_suppressed():
    assert beenakker_conductance(np.ones(5)) == approx(2 * 5 * G0, rel=1e-14)
    assert beenakker_conductance(np.ones(5), spin_degeneracy=1, unit="e^2/h") == approx(10.0)
    T = 1e-4
    # 2 T^2/(2 - T)^2 in units of g_s e^2/h -> T^2/2 for T << 1.
    assert beenakker_conductance(T, unit="e^2/h", spin_degeneracy=1) == approx(T**2 / 2, rel=2e-4)


def test_beenakker_sums_the_last_axis():
    T = np.array([[0.1, 0.5, 0.9], [1.0, 0.0, 0.3]])
    G = beenakker_conductance(T, unit="G0")
    assert G.shape == (2,)
    assert G[0] == approx(sum(beenakker_conductance(x, unit="G0") for x in T[0]))


# --- Kitaev chain -------------------------------------------------------------------------------


def test_hamiltonian_is_hermitian_and_particle_hole_symmetric():
    N = 7
    H = kitaev_hamiltonian(N, t=1.0, delta=0.4, mu=0.3)
    assert H.shape == (2 * N, 2 * N)
    assert np.allclose(H, H.T.conj())
    tau_x = np.kron(np.array([[0, 1], [1, 0]]), np.eye(N))
    assert np.allclose(tau_x @ H.conj() @ tau_x, -H)
    E = kitaev_spectrum(N, t=1.0, delta=0.4, mu=0.3)
    assert np.allclose(E, -E[::-1], atol=1e-13)


def test_without_pairing_the_open_chain_is_the_tight_binding_chain():
    N, t, mu = 11, 0.8, 0.3
    xi = -2 * t * np.cos(np.pi * np.arange(1, N + 1) / (N + 1)) - mu  # particle-in-a-box levels
    expected = np.sort(np.concatenate([xi, -xi]))
    assert np.allclose(kitaev_spectrum(N, t=t, delta=0.0, mu=mu), expected, atol=1e-13)


@pytest.mark.parametrize(("t", "delta", "mu"), [(1.0, 0.6, 0.7), (1.0, 0.3, 2.6), (-0.5, 1.0, 0.2)])
def test_periodic_ring_gives_the_bulk_bands_exactly(t, delta, mu):
    N = 24
    H = kitaev_hamiltonian(N, t=t, delta=delta, mu=mu)
    # Close the ring: bond (N, 1) with the same hopping and pairing convention.
    H[0, N - 1] = H[N - 1, 0] = -t
    H[N, 2 * N - 1] = H[2 * N - 1, N] = t
    H[0, 2 * N - 1], H[N - 1, N] = delta, -delta  # D[0, N-1] = delta, D[N-1, 0] = -delta
    H[2 * N - 1, 0], H[N, N - 1] = delta, -delta  # D^T
    k = 2 * np.pi * np.arange(N) / N
    bulk = kitaev_bulk_spectrum(k, t=t, delta=delta, mu=mu)
    assert np.allclose(np.linalg.eigvalsh(H), np.sort(np.concatenate([bulk, -bulk])), atol=1e-12)


def test_long_open_chain_fills_the_bulk_bands():
    N, kw = 300, {"t": 1.0, "delta": 0.6, "mu": 0.7}
    positive = kitaev_spectrum(N, **kw)[N:]
    k = np.pi * np.arange(1, N + 1) / (N + 1)
    bulk = np.sort(kitaev_bulk_spectrum(k, **kw))
    # One bulk level is traded for the end mode near zero energy.
    assert positive[0] < 1e-10
    assert np.max(np.abs(positive[1:] - bulk[1:])) < 5e-3
    dense = kitaev_bulk_spectrum(np.linspace(0, np.pi, 20001), **kw)
    assert positive[1] >= dense.min() - 1e-6 and positive[-1] <= dense.max() + 1e-6


def test_topological_criterion_is_where_the_bulk_gap_closes():
    k = np.linspace(-np.pi, np.pi, 4001)
    for mu in (-2.0, 2.0):
        assert kitaev_bulk_spectrum(k, t=1.0, delta=0.5, mu=mu).min() < 1e-12
    mus = np.array([-2.5, -1.99, 0.0, 1.5, 1.99, 2.0, 3.0])
    assert list(kitaev_is_topological(t=1.0, delta=0.5, mu=mus)) == [
        False,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert not kitaev_is_topological(t=1.0, delta=0.0, mu=0.0)
    assert kitaev_is_topological(t=-1.0, delta=0.5, mu=1.0)


def test_end_mode_energy_decays_exponentially_in_the_topological_phase():
    # For t = Delta the zero-mode amplitude falls by mu/(2t) per site (root of
    # 2t x^2 + mu x = 0), and the splitting of the two end modes by its square every two sites.
    E = np.array([kitaev_end_modes(N, t=1.0, delta=1.0, mu=1.0).energy for N in (10, 12, 14, 16)])
    assert np.allclose(E[1:] / E[:-1], 0.25, rtol=1e-3)
    # Generic parameters: below any fixed level for long chains.
    E_long = [kitaev_end_modes(N, t=1.0, delta=0.5, mu=0.6).energy for N in (20, 40, 60)]
    assert E_long[2] < 1e-10 < E_long[0]
    modes = kitaev_end_modes(60, t=1.0, delta=0.5, mu=0.6)
    assert modes.density[:12].sum() + modes.density[-12:].sum() > 0.999
    assert modes.density[:12].sum() == pytest.approx(0.5, abs=1e-3)


def test_trivial_phase_stays_gapped():
    gap = kitaev_bulk_spectrum(np.pi, t=1.0, delta=0.5, mu=2.5)  # |-2t + mu| = 0.5
    E = [kitaev_end_modes(N, t=1.0, delta=0.5, mu=2.5).energy for N in (10, 40, 160)]
    assert all(x > 0.99 * gap for x in E)
    assert E[-1] == approx(gap, rel=5e-3)  # finite-size shift ~ (pi/N)^2
    modes = kitaev_end_modes(160, t=1.0, delta=0.5, mu=2.5)
    assert modes.density[:12].sum() + modes.density[-12:].sum() < 0.3  # a bulk state


def test_sweet_spot_has_exact_zero_modes_at_the_ends():
    N, t = 9, 0.7
    E = kitaev_spectrum(N, t=t, delta=t, mu=0.0)
    assert np.allclose(E[N - 1 : N + 1], 0.0, atol=1e-13)
    assert np.allclose(np.abs(np.delete(E, [N - 1, N])), 2 * t, atol=1e-13)
    density = kitaev_end_modes(N, t=t, delta=t, mu=0.0).density
    assert np.allclose(density[[0, -1]], 0.5, atol=1e-12)


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: btk_coefficients(0.0, delta=0.0, Z=1.0), ValueError, "`delta` must be > 0"),
        (lambda: btk_coefficients("a", delta=1e-3, Z=1.0), TypeError, "`energy`"),
        (lambda: btk_coefficients(0.0, delta=1e-3, Z=None), TypeError, "`Z`"),
        (lambda: btk_coefficients(0.0, delta=1e-3, Z=np.nan), ValueError, "`Z` contains NaN"),
        (
            lambda: btk_conductance(0.0, delta=1e-3, Z=1.0, kT=-1e-4),
            ValueError,
            "`kT` must be >= 0",
        ),
        (
            lambda: btk_conductance(np.inf, delta=1e-3, Z=1.0),
            ValueError,
            "`bias` contains infinity",
        ),
        (lambda: bcs_density_of_states(0.0, delta=-1e-3), ValueError, "`delta` must be > 0"),
        (lambda: btk_normal_transmission("x"), TypeError, "`Z`"),
        (lambda: beenakker_conductance([0.5, 1.5]), ValueError, "`transmissions` must lie in"),
        (lambda: beenakker_conductance([]), ValueError, "`transmissions` is empty"),
        (lambda: beenakker_conductance(0.5, spin_degeneracy=1.5), TypeError, "`spin_degeneracy`"),
        (lambda: beenakker_conductance(0.5, unit="mS"), ValueError, "`unit`"),
        (
            lambda: kitaev_hamiltonian(0, t=1.0, delta=1.0, mu=0.0),
            ValueError,
            "`n_sites` must be >= 1",
        ),
        (lambda: kitaev_spectrum(2.5, t=1.0, delta=1.0, mu=0.0), TypeError, "`n_sites`"),
        (
            lambda: kitaev_spectrum(4, t=[1.0, 2.0], delta=1.0, mu=0.0),
            ValueError,
            "`t` must be a single number",
        ),
        (lambda: kitaev_end_modes(4, t=1.0, delta=1.0, mu=np.nan), ValueError, "`mu` contains NaN"),
        (lambda: kitaev_bulk_spectrum(None, t=1.0, delta=1.0, mu=0.0), TypeError, "`k`"),
        (lambda: kitaev_is_topological(t=1.0, delta="big", mu=0.0), TypeError, "`delta`"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- the fixed-rule thermal average used by the figures ----------------------------------------


@pytest.mark.parametrize("Z", [0.0, 0.5, 1.0, 3.0])
@pytest.mark.parametrize("kT", [0.02 * DELTA, 0.1 * DELTA, 0.5 * DELTA])
def test_curve_matches_the_adaptive_thermal_average(Z, kT):
    from qtransport.models.superconductor import btk_conductance_curve

    V = DELTA * np.array([-2.0, -1.0, -0.5, 0.0, 0.7, 1.0, 1.05, 3.0])
    curve = btk_conductance_curve(V, delta=DELTA, Z=Z, kT=kT)
    assert np.allclose(curve, btk_conductance(V, delta=DELTA, Z=Z, kT=kT), rtol=0, atol=1e-6)


def test_curve_is_exact_at_zero_temperature_and_refuses_bad_input():
    from qtransport.models.superconductor import btk_conductance_curve

    V = DELTA * np.linspace(-3, 3, 31)
    assert np.array_equal(btk_conductance_curve(V, delta=DELTA, Z=0.7), btk_conductance(V, delta=DELTA, Z=0.7))
    with pytest.raises(ValueError, match="`kT` must be >= 0"):
        btk_conductance_curve(V, delta=DELTA, Z=0.7, kT=-1.0)
    with pytest.raises(TypeError, match="`nodes`"):
        btk_conductance_curve(V, delta=DELTA, Z=0.7, kT=0.1 * DELTA, nodes=2.5)
    with pytest.raises(ValueError, match="`Z` must be a single number"):
        btk_conductance_curve(V, delta=DELTA, Z=[0.1, 0.2])
