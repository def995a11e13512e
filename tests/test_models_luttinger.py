"""Luttinger wire between Fermi-liquid leads: limits, three independent routes, resonances.

The closed Fabry-Perot formula is compared with (i) the multiple-reflection
series summed term by term, (ii) the transfer-matrix function, and (iii) a
finite-difference solution of the plasmon wave equation written out here,
with radiation conditions in the leads.  Interface reflection is derived by
solving the matching conditions directly.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import constants
from scipy.linalg import solve_banded

from qtransport.models.luttinger import (
    luttinger_ac_conductance,
    luttinger_ac_conductance_transfer_matrix,
    luttinger_dc_conductance,
    plasmon_reflection,
    plasmon_velocity,
)

E2_H = constants.e**2 / constants.h
VF = 1e5  # m/s
L = 1e-6  # m
GS = [0.1, 0.25, 0.5, 0.8, 1.0, 1.6]


def period(g, length=L):
    """Half-wavelength resonance spacing u / 2L with u = v_F / g."""
    return VF / g / (2 * length)


def test_zero_frequency_gives_e2_over_h_for_every_g():
    for g in GS:
        assert luttinger_ac_conductance(0.0, g=g, length=L, velocity=VF) == E2_H
        # The limit is approached continuously (G = e^2/h (1 + O(f))).
        small = luttinger_ac_conductance(1e-9 * period(g), g=g, length=L, velocity=VF)
        assert abs(small - E2_H) < 1e-7 * E2_H
    assert np.all(luttinger_dc_conductance(GS) == E2_H)
    assert np.all(luttinger_dc_conductance(GS, n_channels=2) == 2 * E2_H)


def test_free_electrons_transmit_fully_at_every_frequency():
    f = np.linspace(0, 10 * period(1.0), 301)
    G = luttinger_ac_conductance(f, g=1.0, length=L, velocity=VF)
    assert np.allclose(np.abs(G), E2_H, rtol=1e-14, atol=0)
    # Only the time of flight L / v_F remains: G = e^2/h exp(i omega L / v_F).
    assert np.allclose(G, E2_H * np.exp(2j * np.pi * f * L / VF), rtol=1e-12, atol=0)


def multiple_reflection_series(f, g, length):
    """t = t_in t_out e^{i theta} sum_n (gamma^2 e^{2 i theta})^n, summed term by term."""
    gamma = (1 - g) / (1 + g)
    t_in, t_out = 2 * g / (1 + g), 2 / (1 + g)  # lead -> wire, wire -> lead
    theta = 2 * np.pi * f * length / (VF / g)
    total = np.zeros(np.shape(f), complex)
    term = t_in * t_out * np.exp(1j * theta)
    bounce = gamma**2 * np.exp(2j * theta)
    for _ in range(10_000):
        total = total + term
        term = term * bounce
        if np.all(np.abs(term) < 1e-18):
            break
    else:  # pragma: no cover - the series converges for every g > 0
        raise AssertionError("series did not converge")
    return E2_H * total


@pytest.mark.parametrize("g", GS)
def test_closed_form_equals_the_multiple_reflection_series(g):
    f = np.linspace(-3 * period(g), 3 * period(g), 241)
    G = luttinger_ac_conductance(f, g=g, length=L, velocity=VF)
    assert np.allclose(G, multiple_reflection_series(f, g, L), rtol=1e-12, atol=0)


def wave_equation_fd(f, g_profile, lengths, nodes_per_metre=4e9):
    """Transmission from a finite-difference solve of the plasmon wave equation.

    d/dx [Z(x) dphi/dx] + (omega^2 / v_F) phi = 0 in the wire, Z = u/g = v_F/g^2
    (1/(u g) = 1/v_F everywhere), with radiation conditions from the
    leads (Z = v_F): Z phi'(0) = i omega (2 - phi(0)) for a unit incoming
    wave plus its reflection, and Z phi'(X) = i omega phi(X) for the
    outgoing wave t.  Finite volumes, interfaces on nodes: second order.
    """
    omega = 2 * np.pi * f
    cells = [round(length * nodes_per_metre) for length in lengths]
    h = lengths[0] / cells[0]
    assert np.allclose(np.array(lengths) / h, cells)
    Z = np.concatenate([np.full(n, VF / g**2) for g, n in zip(g_profile, cells, strict=True)])
    n = Z.size + 1
    mass = omega**2 / VF
    diag = np.empty(n, complex)
    upper = np.zeros(n, complex)
    lower = np.zeros(n, complex)
    diag[1:-1] = -(Z[1:] + Z[:-1]) / h**2 + mass
    upper[1:] = Z / h**2  # coefficient of phi_{i+1} in row i, stored at column i+1
    lower[:-1] = Z / h**2  # coefficient of phi_{i-1} in row i, stored at column i-1
    # Half cells at the ends, fluxes from the leads.
    diag[0] = (-Z[0] / h + 1j * omega) / (h / 2) + mass
    upper[1] = Z[0] / h / (h / 2)
    diag[-1] = (1j * omega - Z[-1] / h) / (h / 2) + mass
    lower[-2] = Z[-1] / h / (h / 2)
    rhs = np.zeros(n, complex)
    rhs[0] = 2j * omega / (h / 2)
    phi = solve_banded((1, 1), np.vstack([upper, diag, lower]), rhs)
    return E2_H * phi[-1]


@pytest.mark.parametrize("g", [0.25, 0.6])
def test_closed_form_equals_a_finite_difference_solution_of_the_wave_equation(g):
    for f in np.array([0.13, 0.5, 1.37, 2.25]) * period(g):
        closed = luttinger_ac_conductance(f, g=g, length=L, velocity=VF)
        fd = wave_equation_fd(f, [g], [L])
        # Second-order scheme, (k h)^2 ~ (theta / 4000)^2 ~ 1e-6.
        assert fd == pytest.approx(closed, rel=1e-5)


def test_transfer_matrix_equals_closed_form_and_wave_equation_for_a_profile():
    f = np.linspace(0, 4 * period(0.5), 97)
    one = luttinger_ac_conductance_transfer_matrix(f, g=[0.5], lengths=[L], velocity=VF)
    closed = luttinger_ac_conductance(f, g=0.5, length=L, velocity=VF)
    assert np.allclose(one, closed, rtol=1e-12, atol=0)
    # Splitting a segment changes nothing; a g = 1 segment is a pure delay.
    split = luttinger_ac_conductance_transfer_matrix(
        f, g=[0.5, 0.5, 0.5], lengths=[0.2 * L, 0.5 * L, 0.3 * L], velocity=VF
    )
    assert np.allclose(split, closed, rtol=1e-12, atol=0)
    padded = luttinger_ac_conductance_transfer_matrix(
        f, g=[1.0, 0.5], lengths=[0.3 * L, L], velocity=VF
    )
    assert np.allclose(padded, closed * np.exp(2j * np.pi * f * 0.3 * L / VF), rtol=1e-12, atol=0)
    # A staircase profile against the finite-difference wave equation.
    g_profile = [0.8, 0.5, 0.3, 0.5, 0.8]
    lengths = [0.2 * L, 0.3 * L, 0.5 * L, 0.3 * L, 0.2 * L]
    for freq in (0.7e11, 1.9e11):
        tm = luttinger_ac_conductance_transfer_matrix(
            freq, g=g_profile, lengths=lengths, velocity=VF
        )
        assert wave_equation_fd(freq, g_profile, lengths) == pytest.approx(tm, rel=1e-5)


def test_smooth_contacts_reflect_less_than_abrupt_ones():
    # g ramps from 1 to 0.3 over 2 um on each side (40 steps of 50 nm).  Once
    # the plasmon wavelength (2L/3 .. 2L/6 here) is short compared with the
    # ramp, the contacts are adiabatic and the Fabry-Perot oscillation all
    # but disappears; the DC value is e^2/h either way.
    g = 0.3
    f = np.linspace(3 * period(g), 6 * period(g), 301)
    abrupt = luttinger_ac_conductance(f, g=g, length=L, velocity=VF)
    ramp = np.linspace(1, g, 42)[1:-1]
    profile = np.concatenate([ramp, [g], ramp[::-1]])
    lengths = np.concatenate([np.full(40, 5e-8), [L], np.full(40, 5e-8)])
    smooth = luttinger_ac_conductance_transfer_matrix(f, g=profile, lengths=lengths, velocity=VF)
    assert np.ptp(np.abs(abrupt)) == pytest.approx(E2_H * (1 - 2 * g / (1 + g**2)), rel=1e-4)
    assert np.ptp(np.abs(smooth)) < 0.02 * np.ptp(np.abs(abrupt))
    dc = luttinger_ac_conductance_transfer_matrix(0.0, g=profile, lengths=lengths, velocity=VF)
    assert dc == pytest.approx(E2_H, rel=1e-14, abs=0)


@pytest.mark.parametrize("g", [0.2, 0.5, 0.9, 1.4])
def test_oscillation_period_is_u_over_2L(g):
    df = period(g)
    f = np.linspace(0, 5 * df, 5001)
    G = luttinger_ac_conductance(f, g=g, length=L, velocity=VF)
    # theta -> theta + pi flips the sign of t: |G| has period u / 2L ...
    shifted = luttinger_ac_conductance(f + df, g=g, length=L, velocity=VF)
    assert np.allclose(shifted, -G, rtol=1e-9, atol=1e-12 * E2_H)
    # ... and no shorter one: maxima (|G| = e^2/h) at multiples of u/2L,
    # minima 2g/(1 + g^2) e^2/h half-way between.
    mag = np.abs(G) / E2_H
    maxima = f[1:-1][(mag[1:-1] > mag[:-2]) & (mag[1:-1] >= mag[2:])]
    assert np.allclose(maxima, df * np.arange(1, maxima.size + 1), atol=2 * (f[1] - f[0]))
    assert maxima.size == 4
    assert mag.min() == pytest.approx(2 * g / (1 + g**2), rel=1e-6)
    assert mag.max() == pytest.approx(1.0, rel=1e-12)


def test_negative_frequency_is_the_complex_conjugate_and_channels_scale():
    f = np.linspace(0, 3e11, 31)
    G = luttinger_ac_conductance(f, g=0.4, length=L, velocity=VF)
    assert np.allclose(
        luttinger_ac_conductance(-f, g=0.4, length=L, velocity=VF), G.conj(), rtol=1e-14, atol=0
    )
    G2 = luttinger_ac_conductance(f, g=0.4, length=L, velocity=VF, n_channels=2)
    assert np.allclose(G2, 2 * G, rtol=1e-15, atol=0)


def interface_matching(g1, g2, omega=1.0):
    """Solve phi and (u/g) phi' continuity at x = 0 for a wave incident from medium 1.

    phi_1 = e^{ik1 x} + r e^{-ik1 x}, phi_2 = t e^{ik2 x}, k = omega / u, u g = v_F.
    """
    u1, u2 = VF / g1, VF / g2
    k1, k2 = omega / u1, omega / u2
    # Unknowns (r, t):  1 + r = t ;  (u1/g1) i k1 (1 - r) = (u2/g2) i k2 t
    A = np.array([[1.0, -1.0], [-(u1 / g1) * 1j * k1, -(u2 / g2) * 1j * k2]])
    b = np.array([-1.0, -(u1 / g1) * 1j * k1])
    r, t = np.linalg.solve(A, b)
    return r, t


@pytest.mark.parametrize("g", [0.1, 0.3, 0.5, 0.9, 2.0])
def test_interface_reflection_amplitude_from_matching(g):
    r_out, t_out = interface_matching(g, 1.0)  # from the wire onto a lead
    r_in, t_in = interface_matching(1.0, g)  # from a lead into the wire
    assert r_out == pytest.approx(plasmon_reflection(g), abs=1e-14)
    assert r_in == pytest.approx(-plasmon_reflection(g), abs=1e-14)
    assert abs(r_out) == pytest.approx((1 - g) / (1 + g) if g < 1 else (g - 1) / (g + 1))
    # Transmission amplitudes used in the series, and their product 1 - gamma^2.
    assert t_out == pytest.approx(2 / (1 + g), abs=1e-14)
    assert t_in == pytest.approx(2 * g / (1 + g), abs=1e-14)
    assert t_in * t_out == pytest.approx(1 - plasmon_reflection(g) ** 2, abs=1e-14)


def test_plasmon_velocity():
    assert plasmon_velocity(0.25, velocity=VF) == pytest.approx(4 * VF)
    assert np.allclose(plasmon_velocity(np.array([0.5, 1.0]), velocity=VF), [2 * VF, VF])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plasmon_reflection(0.0), ValueError, "`g` must be > 0"),
        (lambda: plasmon_reflection(np.nan), ValueError, "`g` contains NaN"),
        (lambda: luttinger_dc_conductance(-0.5), ValueError, "`g` must be > 0"),
        (
            lambda: luttinger_dc_conductance(0.5, n_channels=0),
            ValueError,
            "`n_channels` must be >= 1",
        ),
        (
            lambda: luttinger_dc_conductance(0.5, n_channels=1.5),
            TypeError,
            "`n_channels` must be an integer",
        ),
        (
            lambda: luttinger_ac_conductance(1e9, g=0.5, length=-L, velocity=VF),
            ValueError,
            "`length` must be >= 0",
        ),
        (
            lambda: luttinger_ac_conductance(1e9, g=0.5, length=L, velocity=0.0),
            ValueError,
            "`velocity` must be > 0",
        ),
        (
            lambda: luttinger_ac_conductance("1 GHz", g=0.5, length=L, velocity=VF),
            TypeError,
            "`frequency` must be a real number",
        ),
        (
            lambda: luttinger_ac_conductance(np.zeros(3), g=np.full(2, 0.5), length=L, velocity=VF),
            ValueError,
            r"`frequency` \(3,\), `g` \(2,\)",
        ),
        (
            lambda: luttinger_ac_conductance_transfer_matrix(
                1e9, g=[0.5, 0.4], lengths=[L], velocity=VF
            ),
            ValueError,
            "`g` and `lengths` must be 1-D arrays of the same",
        ),
        (
            lambda: luttinger_ac_conductance_transfer_matrix(
                1e9, g=[0.5], lengths=[L], velocity=[VF, VF]
            ),
            ValueError,
            "`velocity` must be a single number",
        ),
        (
            lambda: luttinger_ac_conductance_transfer_matrix(
                1e9, g=[0.5, -1], lengths=[L, L], velocity=VF
            ),
            ValueError,
            "`g` must be > 0",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
