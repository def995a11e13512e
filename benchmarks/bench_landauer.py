"""Landauer current and conductance: sampled transmissions on large grids, and callables.

The transmission is a Breit-Wigner level (Gamma_L = 4 meV, Gamma_R = 6 meV at
30 meV).  Grid cases use 10^4 samples on [-1, 1] eV (spacing 0.2 meV); the
target is 5 ms for one bias.  Callable cases report the relative error against
the closed form (digamma for the current, trigamma for the conductance), which
must stay below 1e-8.
"""

from __future__ import annotations

import math

import numpy as np
from _timing import median_seconds, row
from scipy import special

GL, GR, EPS = 0.004, 0.006, 0.03
GAMMA = GL + GR


def breit_wigner(E):
    return GL * GR / ((E - EPS) ** 2 + (GAMMA / 2) ** 2)


def trigamma(z):
    z = np.asarray(z, dtype=complex)
    total = sum(1 / (z + n) ** 2 for n in range(20))
    w = z + 20
    series = 1 / w + 1 / (2 * w**2) + 1 / (6 * w**3) - 1 / (30 * w**5) + 1 / (42 * w**7)
    return total + series - 1 / (30 * w**9) + 5 / (66 * w**11)


def conductance_closed_form(mu, kT):
    from qtransport import G0

    z = 0.5 + (GAMMA / 2 + 1j * (EPS - mu)) / (2 * math.pi * kT)
    return G0 * (GL * GR / GAMMA) * trigamma(z).real / (math.pi * kT)


def current_closed_form(V, mu, kT):
    from qtransport import G0

    def cumulative(m):
        z = 0.5 + (GAMMA / 2 + 1j * (EPS - m)) / (2 * math.pi * kT)
        return 0.5 - special.psi(z).imag / math.pi

    return G0 * 2 * math.pi * GL * GR / GAMMA * (cumulative(mu + V / 2) - cumulative(mu - V / 2))


def run():
    from qtransport import landauer_conductance, landauer_current

    E = np.linspace(-1.0, 1.0, 10_001)
    T = breit_wigner(E)
    biases = np.linspace(-0.2, 0.2, 201)
    mus = np.linspace(-0.05, 0.1, 201)
    rows = []

    def grid_current(kT, V=0.1):
        return lambda: landauer_current(T, V, kT=kT, energies=E)

    exact = current_closed_form(0.1, 0.0, 0.01)
    err = abs(grid_current(0.01)() / exact - 1)
    rows.append(
        row(
            "current, 1e4-point grid, kT = 10 meV",
            median_seconds(grid_current(0.01), repeat=15),
            0.005,
            f"rel. error {err:.1e} vs closed form",
        )
    )
    rows.append(
        row("current, 1e4-point grid, kT = 0", median_seconds(grid_current(0.0), repeat=15), 0.005)
    )
    rows.append(
        row(
            "current, 1e4-point grid, kT = 10 ueV (window finer than grid)",
            median_seconds(grid_current(1e-5), repeat=15),
            0.005,
            "warns: spacing 20 kT",
        )
    )
    rows.append(
        row(
            "I-V, 1e4-point grid, 201 biases, kT = 10 meV",
            median_seconds(lambda: landauer_current(T, biases, kT=0.01, energies=E), repeat=3),
            None,
        )
    )

    G = landauer_conductance(breit_wigner, mu=0.0123, kT=0.002)
    err = abs(G / conductance_closed_form(0.0123, 0.002) - 1)
    rows.append(
        row(
            "conductance, callable, one mu, kT = 2 meV",
            median_seconds(lambda: landauer_conductance(breit_wigner, mu=0.0123, kT=0.002)),
            0.005,
            f"rel. error {err:.1e} (target 1e-8)",
        )
    )
    G = landauer_conductance(breit_wigner, mu=mus, kT=0.002)
    err = np.max(np.abs(G / conductance_closed_form(mus, 0.002) - 1))
    rows.append(
        row(
            "conductance, callable, 201 mu values, kT = 2 meV",
            median_seconds(lambda: landauer_conductance(breit_wigner, mu=mus, kT=0.002)),
            0.050,
            f"max rel. error {err:.1e}",
        )
    )
    current = landauer_current(breit_wigner, biases, kT=0.002)
    exact = np.array([current_closed_form(V, 0.0, 0.002) for V in biases])
    err = np.max(np.abs(current - exact)) / np.max(np.abs(exact))
    rows.append(
        row(
            "I-V, callable, 201 biases, kT = 2 meV",
            median_seconds(lambda: landauer_current(breit_wigner, biases, kT=0.002), repeat=5),
            0.050,
            f"max error {err:.1e} of max |I|",
        )
    )
    return rows
