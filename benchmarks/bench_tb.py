"""The general tight-binding engine (qtransport.tb) on the Part II benchmark systems.

* a 40 x 20 Hall cross with 10-wide arms, two orbitals per site (Rashba
  spin-orbit) and a field, all T[i, j] at one energy (sparse solve);
* a graphene zigzag ribbon 40 chains wide and 200 cells long, 100 energies
  (RGF: the ribbon is a chain of its leads' unit cells);
* an NS junction W = 30, L = 30 (electron-hole basis), 50 energies in the gap;
* the Part I cases of ``bench_lattice`` on the new engine (QPC gate sweep as
  a batch of parameter sets, clean strips), with the same targets, and the
  largest difference from an independent route (the sparse solve at a few
  gates; the number of open channels of a clean strip).

Building the system (finalizing) is timed separately from the solve.
"""

from __future__ import annotations

import time

import numpy as np
from _timing import median_seconds, row

from qtransport.tb import Lead, System, honeycomb, peierls, square
from qtransport.tb import transmission as _transmission
from qtransport.tb.solvers import _clear_mode_cache


def transmission(fsys, energies, params=None):
    """A cold call: lead modes kept from an earlier call are dropped first."""
    _clear_mode_cache()
    return _transmission(fsys, energies, params)


def _cpu(func):
    """CPU time of one call of ``func()`` (the process, all threads): a busy machine inflates it less than wall time."""
    t0 = time.process_time()
    func()
    return time.process_time() - t0

S0 = np.eye(2)
SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([1.0, -1.0]).astype(complex)


def spin_orbit_cross(lx=40, ly=20, w=10, alpha=0.2, flux=0.01):
    x0, y0 = (lx - w) // 2, (ly - w) // 2

    def hop(x1, y1, x2, y2):
        dx, dy = (x1 - x2)[:, None, None], (y1 - y2)[:, None, None]
        return -S0 + 1j * alpha * (dx * SY - dy * SX)

    sys = System(square(norbs=2), shape=lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), start=(0, 0))
    sys.onsite = 4 * S0
    sys.hopping(peierls(hop, lambda x, y: (-flux * y, 0 * x)))
    y_hop = [(peierls(hop, lambda x, y: (0 * x, flux * x)), 1)]
    gauge = lambda x, y: -2 * np.pi * flux * x * y  # noqa: E731
    for d in ((-1, 0), (0, -1), (1, 0), (0, 1)):
        if d[1] == 0:
            sys.attach_lead(Lead(d, shape=lambda x, y: (y >= y0) & (y < y0 + w)))
        else:
            sys.attach_lead(Lead(d, shape=lambda x, y: (x >= x0) & (x < x0 + w), hoppings=y_hop, gauge=gauge))
    return sys.finalized()


def zigzag_ribbon(width=40, length=200):
    shape = lambda x, y: (y >= -0.1) & (y < width * 1.5 - 0.2) & (x > -0.5) & (x < length * np.sqrt(3) - 0.5)  # noqa: E731
    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = 0.0
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0)))
    sys.attach_lead(Lead((1, 0)))
    return sys.finalized()


def ns_junction(w=30, length=30, mu=1.0, delta=0.05):
    sys = System(square(norbs=2), shape=lambda x, y: (x >= 0) & (x < length) & (y >= 0) & (y < w), start=(0, 0))
    sys.onsite = lambda x, y: (4 - mu) * SZ + (x >= length // 2)[:, None, None] * delta * SX
    sys.hopping(-SZ)
    sys.attach_lead(Lead((-1, 0), onsite=(4 - mu) * SZ, conservation=SZ))
    sys.attach_lead(Lead((1, 0), onsite=(4 - mu) * SZ + delta * SX))
    return sys.finalized()


def run():
    rows = []
    seconds = median_seconds(spin_orbit_cross, repeat=3)
    fsys = spin_orbit_cross()
    rows.append(row("spin-orbit cross 40x20, 2 orbitals: build", seconds, None, f"{fsys.n_orbitals} orbitals"))
    seconds = median_seconds(lambda: transmission(fsys, 0.8), repeat=3)
    rows.append(row("spin-orbit cross 40x20, 2 orbitals: all T at 1 energy", seconds, 0.4, "sparse LU"))
    seconds = median_seconds(zigzag_ribbon, repeat=3)
    fsys = zigzag_ribbon()
    rows.append(row("zigzag ribbon 40 x 200: build", seconds, None, f"{fsys.n_sites} sites"))
    energies = np.linspace(0.05, 1.0, 100)
    seconds = median_seconds(lambda: transmission(fsys, energies), repeat=1, warmup=0)
    cpu = _cpu(lambda: transmission(fsys, energies))
    rows.append(row("zigzag ribbon 40 x 200: T at 100 energies", seconds, 2.0,
                    f"RGF, energies batched; cpu {cpu:.2f} s"))
    fsys = ns_junction()
    energies = np.linspace(-0.04, 0.04, 50)
    seconds = median_seconds(lambda: transmission(fsys, energies), repeat=1, warmup=0)
    cpu = _cpu(lambda: transmission(fsys, energies))
    rows.append(row("NS junction 30 x 30: 50 energies in the gap", seconds, 1.0,
                    f"RGF, electron-hole blocks; cpu {cpu:.2f} s"))
    rows += _part_one()
    return rows


def _part_one():
    from qtransport.lattice.leads import strip_open_channels
    from qtransport.tb import geometries

    rows = []
    gates = np.linspace(-0.5, 1.5, 60)
    qpc = geometries.qpc(40, 30, taper=5, hbar_omega_y=0.3).finalized()
    batch = [{"gate": g} for g in gates]
    seconds = median_seconds(lambda: transmission(qpc, 1.0, batch), repeat=5)
    got = transmission(qpc, 1.0, batch).transmission[:, 1, 0]
    some = [0, 29, 59]
    ref = [_transmission(qpc, 1.0, batch[i], method="sparse").transmission[1, 0] for i in some]
    diff = np.max(np.abs(got[some] - ref))
    rows.append(row("tb: QPC W=30 L=40, 60 gate values", seconds, 0.1,
                    f"batch of parameter sets; |dT| vs sparse LU {diff:.0e}"))
    for length, width, energies, target in ((100, 50, np.linspace(0.05, 7.95, 100), 1.0),
                                            (200, 100, np.linspace(0.2, 2.0, 10), 1.0)):
        fsys = geometries.strip(length, width).finalized()
        seconds = median_seconds(lambda f=fsys, e=energies: transmission(f, e), repeat=3)
        diff = np.max(np.abs(transmission(fsys, energies).transmission[:, 1, 0]
                             - strip_open_channels(energies, width)))
        rows.append(row(f"tb: clean strip W={width} L={length}, {len(energies)} energies", seconds, target,
                        f"Caroli, closed-form leads; |T - N| {diff:.0e}"))
    return rows
