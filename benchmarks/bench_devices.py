"""Multi-terminal lattice devices: all transmissions at one energy, and a Hall-bar field sweep.

The cross is the chapter 6 Onsager example (40 x 20 body, four 10-wide leads,
flux 0.03 per plaquette); for comparison, the same calculation in Kwant with
the MUMPS solver takes about 3.4 s.  The field sweep is what chapter 6
precomputes once, behind a progress bar, for the Hall and longitudinal
resistance plot.
"""

from __future__ import annotations

import numpy as np
from _timing import median_seconds, row


def run():
    from qtransport.lattice.devices import cross, device_bond_currents, transmission_matrix
    from qtransport.lattice.hall import hall_bar_sweep

    device = cross(40, 20, 10, flux=0.03)
    rows = [
        row("build cross 40 x 20, 10-wide arms (Peierls phases)",
            median_seconds(lambda: cross(40, 20, 10, flux=0.03)), None),
        row("Hall cross 40 x 20, 10-wide arms: all T[i, j] at one energy",
            median_seconds(lambda: transmission_matrix(device, 0.5)), 0.2,
            "Kwant + MUMPS: 3.4 s"),
        row("Hall cross: bond currents from one lead",
            median_seconds(lambda: device_bond_currents(device, 0.5, 0)), None),
    ]
    fluxes = np.linspace(0.005, 0.06, 50)
    seconds = median_seconds(lambda: hall_bar_sweep(fluxes, 0.5), repeat=1, warmup=0)
    rows.append(row("Hall bar 60 x 20, 6 terminals: R_xy, R_xx at 50 fields", seconds, None,
                    f"{seconds / len(fluxes) * 1e3:.0f} ms per field"))
    return rows
