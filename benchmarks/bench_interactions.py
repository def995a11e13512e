"""Chapter 7 models: Coulomb-blockade maps and the Luttinger AC conductance.

Targets: a 200 x 200 (gate x bias) diamond map under 1 s; the linear
conductance over 1000 gate values and the AC conductance over 10^4
frequencies fast enough to follow a slider (50 ms).
"""

from __future__ import annotations

import numpy as np
from _timing import median_seconds, row


def run():
    from qtransport.models.coulomb import Island, coulomb_diamond_map, sequential_conductance
    from qtransport.models.luttinger import (
        luttinger_ac_conductance,
        luttinger_ac_conductance_transfer_matrix,
    )

    Ec = 1e-3  # eV
    gates = np.linspace(-3 * Ec, 5 * Ec, 200)  # two periods (lever arm 1)
    biases = np.linspace(-4 * Ec, 4 * Ec, 200)
    single = {"gamma_left": 1e-6, "gamma_right": 2e-6}
    metallic = {"model": "metallic", "resistance_left": 1e5, "resistance_right": 2e5}
    rows = []
    for label, kwargs in (("single level", single), ("metallic", metallic)):
        for kT in (0.0, 0.05 * Ec):

            def diamonds(kwargs=kwargs, kT=kT):
                island = Island(Ec, lever_arm=0.5, capacitance_ratio=2.0, **kwargs)
                coulomb_diamond_map(island, gates, biases, kT=kT)

            rows.append(
                row(
                    f"diamond map 200 x 200, {label}, kT = {kT / Ec:g} E_C",
                    median_seconds(diamonds, repeat=5),
                    1.0,
                )
            )
    many_gates = np.linspace(-3 * Ec, 5 * Ec, 1000)
    for label, kwargs in (("single level", single), ("metallic", metallic)):

        def linear(kwargs=kwargs):
            sequential_conductance(Island(Ec, **kwargs), many_gates, kT=0.02 * Ec)

        rows.append(
            row(f"linear conductance, 1000 gates, {label}", median_seconds(linear, repeat=7), 0.050)
        )

    def hot_metallic():
        sequential_conductance(Island(Ec, **metallic), many_gates, kT=20 * Ec)

    rows.append(
        row(
            "linear conductance, 1000 gates, metallic, kT = 20 E_C",
            median_seconds(hot_metallic, repeat=5),
            0.5,
            "61 charge states per gate",
        )
    )

    freqs = np.linspace(0, 1e12, 10_000)

    def ac():
        luttinger_ac_conductance(freqs, g=0.4, length=1e-6, velocity=1e5)

    rows.append(row("Luttinger AC conductance, 10^4 frequencies", median_seconds(ac), 0.050))
    ramp = np.linspace(1, 0.4, 42)[1:-1]
    profile = np.concatenate([ramp, [0.4], ramp[::-1]])
    lengths = np.concatenate([np.full(40, 5e-8), [1e-6], np.full(40, 5e-8)])

    def profile_tm():
        luttinger_ac_conductance_transfer_matrix(freqs, g=profile, lengths=lengths, velocity=1e5)

    rows.append(
        row(
            "Luttinger transfer matrix, 81 segments, 10^4 frequencies",
            median_seconds(profile_tm, repeat=5),
            0.2,
        )
    )
    return rows
