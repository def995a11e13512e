"""Multi-terminal toolkit and small models: the calls behind the chapter 3-6 figures.

Targets: 50 ms for anything a slider move triggers (a whole sweep in one
vectorized call), 20 ms for a 1000-matrix stack of small linear-algebra
work, 0.5 s for a two-parameter map computed once per figure.
"""

from __future__ import annotations

import numpy as np
from _timing import median_seconds, row
from scipy.stats import unitary_group


def _random_stack(n, channels, seed=0):
    from qtransport.multiterminal import transmissions_from_smatrix

    rng = np.random.default_rng(seed)
    S = np.stack([unitary_group.rvs(sum(channels), random_state=rng) for _ in range(n)])
    return transmissions_from_smatrix(S, channels)


def run():
    from qtransport.models.capacitor import cavity_charge_relaxation_resistance
    from qtransport.models.probes import double_barrier_with_probe, wire_with_two_probes
    from qtransport.models.qpc import saddle_point_conductance
    from qtransport.models.resonant import breit_wigner_conductance
    from qtransport.multiterminal import (
        conductance_matrix,
        effective_transmission,
        four_terminal_resistance,
    )

    channels = [1, 2, 1, 2, 1, 1]
    T = _random_stack(1000, channels)
    G = conductance_matrix(T, channels)
    phi = np.linspace(0, 2 * np.pi, 400)[:, None]
    phi_line = np.linspace(0, 4 * np.pi, 1000)
    coupling = np.linspace(0, 1, 50)[None, :]
    E = np.linspace(-0.5, 10.0, 1000)
    mu = np.linspace(-0.05, 0.05, 1000)
    th = np.linspace(0, 2 * np.pi, 32, endpoint=False)

    cases = [
        ("conductance_matrix, 1000 x (6x6)", lambda: conductance_matrix(T, channels), 0.020),
        (
            "effective_transmission, 1000 x (6x6), 4 probes",
            lambda: effective_transmission(T, 0, 3),
            0.020,
        ),
        (
            "four_terminal_resistance, 1000 x (6x6)",
            lambda: four_terminal_resistance(G, 0, 3, 1, 2),
            0.020,
        ),
        (
            "double_barrier_with_probe, 1000 phases (slider move)",
            lambda: double_barrier_with_probe(0.3, 0.5, phi_line, 0.4),
            0.050,
        ),
        (
            "double_barrier_with_probe (beam splitter), 1000 phases",
            lambda: double_barrier_with_probe(0.3, 0.5, phi_line, 0.2, probe="beam_splitter"),
            0.050,
        ),
        (
            "double_barrier_with_probe, 400 phases x 50 couplings (map)",
            lambda: double_barrier_with_probe(0.3, 0.5, phi, coupling),
            0.500,
        ),
        (
            "wire_with_two_probes + R_4T, 32 x 32 phases",
            lambda: four_terminal_resistance(
                conductance_matrix(
                    wire_with_two_probes(0.4, coupling=0.1, phases=(th[:, None], th[None, :]))
                ),
                0,
                3,
                1,
                2,
            ),
            0.050,
        ),
        (
            "saddle_point_conductance, 1000 energies x 10 modes, kT > 0",
            lambda: saddle_point_conductance(E, V0=0.0, hw_x=0.1, hw_y=1.0, kT=0.05),
            0.050,
        ),
        (
            "breit_wigner_conductance, 1000 points, kT > 0",
            lambda: breit_wigner_conductance(
                mu, level=0.0, gamma_left=1e-3, gamma_right=2e-3, kT=5e-3
            ),
            0.050,
        ),
        (
            "cavity_charge_relaxation_resistance, 1000 energies x 3 channels",
            lambda: cavity_charge_relaxation_resistance(
                E, transmissions=[0.2, 0.5, 0.9], level_spacing=1.0
            ),
            0.050,
        ),
    ]
    return [row(name, median_seconds(func, repeat=7), target) for name, func, target in cases]
