"""Multi-terminal lattice devices on the engine: all transmissions at one energy, and a Hall-bar field sweep.

The cross is the chapter 6 Onsager example (40 x 20 body, four 10-wide leads,
flux 0.03 per plaquette), :func:`qtransport.tb.geometries.cross` solved by
:func:`qtransport.tb.transmission`; for comparison, the same calculation in
Kwant with the MUMPS solver takes about 3.4 s.  Every timed call of the cross
uses a field not seen before, so that the lead modes are computed afresh (as
when a slider moves).  The field sweep is what chapter 6 precomputes once,
behind a progress bar, for the Hall and longitudinal resistance plot
(:func:`qtransport.tb.hall.hall_bar_sweep`).
"""

from __future__ import annotations

import itertools

import numpy as np
from _timing import median_seconds, row


def run():
    from qtransport.tb import bond_currents, geometries, transmission
    from qtransport.tb.hall import hall_bar_sweep, site_current_density

    def build():
        fsys = geometries.cross(40, 20, 10).finalized()
        fsys.hamiltonian({"flux": 0.03})  # the Peierls phases are evaluated here
        return fsys

    fsys = build()
    fresh = (0.03 + 1e-7 * n for n in itertools.count())  # a new field every call: no lead modes reused
    rows = [
        row("build cross 40 x 20, 10-wide arms (Peierls phases)", median_seconds(build), None),
        row("Hall cross 40 x 20, 10-wide arms: all T[i, j] at one energy",
            median_seconds(lambda: transmission(fsys, 0.5, {"flux": next(fresh)})), 0.2,
            "Kwant + MUMPS: 3.4 s"),
        row("Hall cross: bond currents from one lead",
            median_seconds(lambda: bond_currents(fsys, 0.5, 0, {"flux": 0.03})), None, "tb.bond_currents"),
        row("Hall cross: current density from one lead, lead bonds included",
            median_seconds(lambda: site_current_density(fsys, 0.5, 0, {"flux": 0.03})), None,
            "tb.hall.site_current_density"),
    ]
    fluxes = np.linspace(0.005, 0.06, 50)
    seconds = median_seconds(lambda: hall_bar_sweep(fluxes, 0.5), repeat=1, warmup=0)
    rows.append(row("Hall bar 60 x 20, 6 terminals: R_xy, R_xx at 50 fields", seconds, None,
                    f"{seconds / len(fluxes) * 1e3:.0f} ms per field"))
    return rows
