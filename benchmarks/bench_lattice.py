"""Two-terminal tight-binding transport on the engine: QPC gate sweep, clean strip, Anderson ensemble, wide strip.

Targets are a tenth of what Kwant 1.5 took for the first three cases on a
2-core machine (about 3, 9 and 12 s).  The systems are the ready-made
geometries of :mod:`qtransport.tb.geometries`, finalized once outside the
timing (the time to build them is in the note); lead modes remembered from an
earlier call are dropped before each timed call.  The last row compares the
flop rate of the RGF loop with numpy's own complex matrix product measured in
the same run.

The machine may be shared: each note also gives the CPU time of one call
(all threads together), which a busy machine inflates much less than the
wall time.

Flop count of the transmission sweep (complex arithmetic, 8 real flops per
multiply-add): per slice and energy, one W x W inverse (LU plus inverse from
LU, as :func:`qtransport.lattice._parallel.stack_inverse` does it: 8 W^3)
and one product of g (W x W) with
the propagated block (W x M): 8 W^2 M, where M is the largest number of open
channels of the left lead over the energies of the sweep (every energy
carries that many columns, padded with zeros).
"""

from __future__ import annotations

import time

import numpy as np
from _timing import median_seconds, row


def _rgf_flops(width, length, open_channels):
    """Real flops of the transmission sweep, summed over the energies (``open_channels`` at each)."""
    m = max(float(np.max(open_channels)), 1.0)
    return float(len(open_channels) * length * (8 * width**3 + 8 * width**2 * m))


def _cpu_seconds(func, repeat=3):
    """Smallest CPU time (process-wide, all threads) of ``func()`` over ``repeat`` calls."""
    best = np.inf
    for _ in range(repeat):
        t0 = time.process_time()
        func()
        best = min(best, time.process_time() - t0)
    return best


def _matmul_rate(width, stack, repeat=5):
    """numpy complex matmul rate (GFLOP/s) on a stack of W x W matrices, on one core (BLAS on one thread).

    The RGF runs its BLAS on one thread per core, so its flops per CPU-second
    compare with this rate.
    """
    from qtransport._threads import single_threaded_blas

    rng = np.random.default_rng(0)
    a = rng.normal(size=(stack, width, width)) + 1j * rng.normal(size=(stack, width, width))
    with single_threaded_blas():
        seconds = _cpu_seconds(lambda: a @ a, repeat=repeat)
    return 8 * stack * width**3 / seconds / 1e9


def _built(make):
    """``(fsys, seconds)``: a geometry finalized, and the time it took."""
    t0 = time.perf_counter()
    fsys = make().finalized()
    return fsys, time.perf_counter() - t0


def run():
    from qtransport.lattice.leads import strip_open_channels
    from qtransport.tb import geometries
    from qtransport.tb import transmission as _transmission
    from qtransport.tb.localization import transmission_ensemble
    from qtransport.tb.solvers import _clear_mode_cache

    def transmission(fsys, energies, params=None):
        _clear_mode_cache()  # a cold call
        return _transmission(fsys, energies, params)

    rows = []

    gates = [{"gate": g} for g in np.linspace(-0.5, 1.5, 60)]
    qpc_sys, build = _built(lambda: geometries.qpc(40, 30, taper=5, hbar_omega_y=0.3))

    def qpc():
        return transmission(qpc_sys, 1.0, gates)

    rows.append(row("QPC W=30 L=40, 60 gate values", median_seconds(qpc, repeat=5), 0.1,
                    f"smooth saddle, one energy, gates as a batch of parameter sets; cpu {_cpu_seconds(qpc):.3f} s; "
                    f"build {build:.2f} s"))

    energies = np.linspace(0.05, 7.95, 100)
    clean_sys, build = _built(lambda: geometries.strip(100, 50))

    def clean():
        return transmission(clean_sys, energies)

    rows.append(row("clean strip W=50 L=100, 100 energies", median_seconds(clean, repeat=3), 1.0,
                    f"energies as a batch; cpu {_cpu_seconds(clean):.2f} s; build {build:.2f} s"))

    lengths = [10, 20, 40, 80, 160]

    def anderson():
        return transmission_ensemble(lengths, width=5, energy=1.0, disorder=1.5,
                                     realizations=200, rng=np.random.default_rng(1))

    rows.append(row("Anderson W=5, L=10..160 (5), 200 realizations", median_seconds(anderson, repeat=5),
                    0.1, f"growing wire: one sweep gives all lengths; cpu {_cpu_seconds(anderson):.3f} s"))

    wide_e = np.linspace(0.2, 2.0, 10)
    wide_sys, build = _built(lambda: geometries.strip(200, 100))

    def wide():
        return transmission(wide_sys, wide_e)

    seconds = median_seconds(wide, repeat=3)
    cpu = _cpu_seconds(wide)
    flops = _rgf_flops(100, 200, strip_open_channels(wide_e, 100))
    mm_small = _matmul_rate(100, 10)
    mm_big = _matmul_rate(1000, 1, repeat=3)
    rows.append(row("strip W=100 L=200, 10 energies", seconds, 1.0,
                    f"cpu {cpu:.2f} s; RGF {flops / seconds / 1e9:.1f} GFLOP/s wall, {flops / cpu / 1e9:.1f} per "
                    f"cpu-second = {flops / cpu / 1e9 / mm_small:.0%} of numpy's matmul on one core "
                    f"({mm_small:.1f} GFLOP/s on (10,100,100); {mm_big:.1f} on 1000x1000); build {build:.2f} s"))
    return rows
