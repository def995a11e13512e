"""Data of the figures of chapter 11: superconducting interfaces.

* :func:`btk_curves_data`: BTK conductance and the Andreev and normal
  reflection probabilities (closed forms).
* :func:`ns_lattice_data`: a lattice NS junction against the BTK model
  channel by channel.
* :func:`beenakker_ratio_data`: ``G_NS/G_N`` against the normal transmission,
  and disordered junctions against Beenakker's formula.
* :func:`kitaev_sweep_data` and :func:`kitaev_spectrum_data`: levels of an
  open Kitaev chain against ``mu`` and its Majorana end states.
* :func:`zero_bias_peak_data`: conductance of a Majorana wire against bias at
  one Zeeman energy.

The lattice figures select from sweeps computed beforehand (the ``sweep``
and ``data`` arguments) by :func:`ns_sweep`, :func:`beenakker_data` and
:func:`majorana_sweep`.  BTK energies are in units of the gap, lattice
energies in units of the hopping ``t``; conductances in ``e^2/h`` for one
Nambu copy.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures._data import FigureData
from qtransport.figures._grid import nearest_index as _nearest
from qtransport.figures._grid import stage_progress
from qtransport.models.superconductor import (
    bcs_density_of_states,
    beenakker_conductance,
    btk_coefficients,
    btk_conductance_curve,
    btk_normal_transmission,
    kitaev_bulk_spectrum,
)
from qtransport.tb.andreev import (
    andreev_conductance_map,
    barrier_strength,
    beenakker_samples,
    btk_lattice_conductance,
    kitaev_lattice_spectrum,
    kitaev_majoranas,
    majorana_critical_zeeman,
    majorana_wire,
    ns_junction,
)

__all__ = [
    "ns_sweep",
    "beenakker_data",
    "majorana_sweep",
    "btk_curves_data",
    "ns_lattice_data",
    "beenakker_ratio_data",
    "kitaev_sweep_data",
    "kitaev_spectrum_data",
    "zero_bias_peak_data",
]

#: Biases and energies (units of Delta) of the BTK figure at the default grid sizes.
BTK_BIAS = np.linspace(-3.0, 3.0, 241)
BTK_ENERGY = np.linspace(0.0, 3.0, 301)
#: Chemical potentials (t) of the Kitaev sweep.
KITAEV_MUS = np.linspace(-3.0, 3.0, 81)


# ---------------------------------------------------------------------------
# lattice sweeps of the figures (seeded and deterministic)
# ---------------------------------------------------------------------------

#: NS strip of the lattice figure: width, normal length, chemical potential, gap (units of t).
NS_WIDTH, NS_LENGTH, NS_MU, NS_DELTA = 3, 3, 2.6, 0.01
NS_BARRIERS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 6.0)
#: Energies in units of Delta: an even number of points, so neither 0 nor +-Delta is on the grid.
NS_ENERGIES = np.linspace(-2.5, 2.5, 40)


def ns_sweep(*, width=NS_WIDTH, length=NS_LENGTH, mu=NS_MU, delta=NS_DELTA, barriers=NS_BARRIERS,
             energies=None, progress=None):
    """``G(E)`` of a lattice NS strip for each barrier height, for :func:`ns_lattice_data`.

    The strip is :func:`qtransport.tb.andreev.ns_junction`, its conductance
    ``N - R_ee + R_he`` from :func:`~qtransport.tb.andreev.andreev_conductance_map`
    on the energies and at ``E = 0``.

    Parameters
    ----------
    width, length : int, optional
        Width of the strip and length of its normal part (sites).
    mu, delta : float, optional
        Chemical potential and gap (units of t).
    barriers : sequence of float, optional
        Barrier heights ``U`` (units of t).
    energies : array_like, optional
        Energies (units of t); default ``delta`` times :data:`NS_ENERGIES`.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    FigureData
        ``width``, ``mu``, ``delta``; ``barriers`` (U,); ``energies`` (E,)
        (t); ``conductance`` (U, E) and ``zero_bias`` (U,) at ``E = 0`` (e^2/h).
    """
    e = NS_ENERGIES * delta if energies is None else np.asarray(energies, dtype=float)
    params = dict(mu=mu, delta=delta, barrier=0.0, disorder=0.0)
    grid = np.concatenate([e, [0.0]])
    g = andreev_conductance_map(ns_junction(width, length), grid, "barrier", barriers, params, progress=progress)
    return FigureData(width=width, mu=mu, delta=delta, barriers=np.asarray(barriers, dtype=float), energies=e,
                      conductance=g[:, :-1], zero_bias=g[:, -1])


#: Beenakker figure: the single-channel chain and the disordered strips.
BEENAKKER_MU, BEENAKKER_DELTA = 2.0, 0.005
CHAIN_BARRIERS = (0.0, 0.3, 0.6, 1.0, 1.5, 2.0, 2.8, 4.0, 6.0, 9.0)
STRIP_WIDTH, STRIP_LENGTH = 6, 16
DISORDERS = (1.0, 2.0, 3.0)


def beenakker_data(*, barriers=CHAIN_BARRIERS, disorders=DISORDERS, realizations=8, width=STRIP_WIDTH,
                   length=STRIP_LENGTH, seed=11, progress=None):
    """Single-channel and disordered NS junctions at ``E = 0``, for :func:`beenakker_ratio_data`.

    Every junction is :func:`qtransport.tb.andreev.beenakker_samples` at
    ``mu =`` :data:`BEENAKKER_MU`, ``Delta =`` :data:`BEENAKKER_DELTA`: a
    chain (width 1, length 3) per barrier, then the disordered strips, from
    one generator seeded with ``seed``.

    Parameters
    ----------
    barriers : sequence of float, optional
        Barrier heights of the chain (units of t).
    disorders : sequence of float, optional
        Disorder strengths ``w`` of the strips (units of t).
    realizations : int, optional
        Strips per disorder.
    width, length : int, optional
        Size of the strips (sites).
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``, the running total over all disorders.

    Returns
    -------
    FigureData
        ``chain`` list of BeenakkerSample (one per barrier); ``strips``
        dict of disorder to list of BeenakkerSample.
    """
    kw = dict(mu=BEENAKKER_MU, delta=BEENAKKER_DELTA)
    rng = np.random.default_rng(seed)
    chain = [beenakker_samples(1, 3, disorder=0.0, rng=rng, barrier=u, **kw)[0] for u in barriers]
    stages = stage_progress(progress, len(disorders))
    strips = {
        float(w): beenakker_samples(width, length, disorder=w, rng=rng, realizations=realizations, progress=stage,
                                    **kw)
        for w, stage in zip(disorders, stages, strict=True)
    }
    return FigureData(chain=chain, strips=strips)


#: Majorana wire of the zero-bias figure (units of t; alpha in t a).
WIRE = dict(mu=0.0, delta=0.1, alpha=0.5, barrier=0.4)
WIRE_ZEEMAN = np.linspace(0.02, 0.29, 10)  # steps of 0.03: no point at the critical 0.1
WIRE_ENERGIES = np.linspace(-0.15, 0.15, 24)


def majorana_sweep(*, params=None, zeeman=WIRE_ZEEMAN, energies=WIRE_ENERGIES, progress=None):
    """Conductance of a semi-infinite Majorana wire against Zeeman energy and bias, for :func:`zero_bias_peak_data`.

    The wire is :func:`qtransport.tb.andreev.majorana_wire` behind a barrier
    of two sites, its conductance from
    :func:`~qtransport.tb.andreev.andreev_conductance_map`.

    Parameters
    ----------
    params : dict, optional
        ``mu``, ``delta``, ``alpha``, ``barrier`` (units of t, ``alpha`` in
        t a); default :data:`WIRE`.
    zeeman : array_like, optional
        Zeeman energies (units of t).
    energies : array_like, optional
        Biases (units of t); zero bias is added.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    FigureData
        ``params``; ``zeeman`` (Z,) (t); ``energies`` (E,) sorted, zero
        included (t); ``conductance`` (Z, E) and ``zero_bias`` (Z,) the
        column at ``E = 0`` (e^2/h).
    """
    params = dict(WIRE if params is None else params)
    grid = np.unique(np.append(np.asarray(energies, dtype=float), 0.0))  # sorted, with zero bias
    g = andreev_conductance_map(majorana_wire(None, barrier_sites=2), grid, "zeeman", zeeman,
                                {**params, "zeeman": 0.0}, progress=progress)
    return FigureData(params=params, zeeman=np.asarray(zeeman, dtype=float), energies=grid, conductance=g,
                      zero_bias=g[:, np.flatnonzero(grid == 0.0)[0]])


# ---------------------------------------------------------------------------
# 1. BTK curves
# ---------------------------------------------------------------------------


def btk_curves_data(Z, kT, *, points=241, energy_points=301, nodes=240):
    """BTK conductance ``G_NS/G_N`` against ``eV/Delta`` and the probabilities ``A, B, C, D``.

    :func:`qtransport.models.btk_conductance_curve` at ``kT`` (thermal
    average with ``nodes`` quadrature nodes) and at zero temperature,
    :func:`qtransport.models.btk_coefficients` at zero temperature, and the
    BCS density of states (:func:`qtransport.models.bcs_density_of_states`,
    cut at 4).  Normal transmission ``T_N = 1/(1 + Z^2)``.

    Parameters
    ----------
    Z : float
        Barrier strength.
    kT : float
        Temperature ``k_BT/Delta``.
    points : int, optional
        Biases from -3 to 3 (units of Delta), odd to contain zero.
    energy_points : int, optional
        Energies from 0 to 3 (units of Delta) of the probabilities.

    Returns
    -------
    FigureData
        ``bias`` (points,), ``warm``, ``cold``, ``dos`` (points,);
        ``energy`` (energy_points,), ``A``, ``B``, ``C``, ``D``;
        ``zero`` ``G_NS/G_N`` at zero bias and ``t_n``.

    Examples
    --------
    >>> data = btk_curves_data(0.0, 0.0, points=5, energy_points=3)
    >>> float(data.zero), float(data.A[0])  # perfect Andreev reflection
    (2.0, 1.0)
    """
    bias = np.linspace(-3.0, 3.0, points)
    energy = np.linspace(0.0, 3.0, energy_points)
    warm = btk_conductance_curve(bias, delta=1.0, Z=Z, kT=kT, nodes=nodes)
    a, b, c, d = btk_coefficients(energy, delta=1.0, Z=Z)
    return FigureData(
        bias=bias, warm=warm, cold=btk_conductance_curve(bias, delta=1.0, Z=Z),
        dos=np.minimum(bcs_density_of_states(bias, delta=1.0), 4.0),
        energy=energy, A=a, B=b, C=c, D=d, zero=float(warm[points // 2]), t_n=1.0 / (1.0 + Z**2),
    )


# ---------------------------------------------------------------------------
# 2. lattice NS junction against BTK
# ---------------------------------------------------------------------------


def _normal_transmissions(barrier, sweep):
    """``T_n = 1/(1 + Z_n^2)`` of every channel, with ``Z_n = U / 2t sin k_n``."""
    return btk_normal_transmission(barrier_strength(barrier, mu=sweep.mu, width=sweep.width))


def ns_lattice_data(barrier, *, sweep, points=401, barrier_points=200):
    """Lattice NS conductance at one barrier against BTK per channel, and ``G_NS/G_N`` at zero bias.

    The BTK curve is :func:`qtransport.tb.andreev.btk_lattice_conductance`
    (each channel its own ``Z_n``, :func:`~qtransport.tb.andreev.barrier_strength`);
    the zero-bias ratio is the lattice ``G_NS`` over ``G_N = sum_n T_n``
    against the closed form ``sum_n 2T_n^2/(2 - T_n)^2 / sum_n T_n``.

    Parameters
    ----------
    barrier : float
        Barrier height ``U`` (t); the nearest barrier of the sweep is used.
    sweep : FigureData
        :func:`ns_sweep`, lattice ``G(E)`` per barrier (``width``, ``mu``, ``delta``,
        ``barriers``, ``energies``, ``conductance``, ``zero_bias``).
    points, barrier_points : int, optional
        Energies of the BTK curve and barriers of the closed-form ratio.

    Returns
    -------
    FigureData
        ``x`` (E,) lattice energies (Delta), ``lattice`` (E,); ``fine``
        (points,) (Delta), ``btk``; ``g_n`` normal conductance, ``u`` the
        barrier used, ``z`` (N,) channel strengths, ``ratio`` zero-bias
        ``G_NS/G_N``; ``barriers``, ``ratios`` lattice ratios per barrier;
        ``u_fine`` (barrier_points,), ``ratio_fine`` the closed form.
    """
    x = sweep.energies / sweep.delta
    fine = np.linspace(x[0], x[-1], points)
    u_fine = np.linspace(0.0, float(sweep.barriers.max()), barrier_points)
    t_fine = np.array([_normal_transmissions(u, sweep) for u in u_fine])
    g_n = np.array([_normal_transmissions(u, sweep).sum() for u in sweep.barriers])
    ratios = sweep.zero_bias / g_n
    i = _nearest(sweep.barriers, barrier)
    u = float(sweep.barriers[i])
    return FigureData(
        x=x, lattice=sweep.conductance[i], fine=fine,
        btk=btk_lattice_conductance(fine * sweep.delta, mu=sweep.mu, delta=sweep.delta, barrier=u,
                                    width=sweep.width),
        g_n=float(g_n[i]), u=u, z=barrier_strength(u, mu=sweep.mu, width=sweep.width), ratio=float(ratios[i]),
        barriers=np.asarray(sweep.barriers, dtype=float), ratios=ratios, u_fine=u_fine,
        ratio_fine=np.sum(2 * t_fine**2 / (2 - t_fine) ** 2, axis=1) / t_fine.sum(axis=1),
    )


# ---------------------------------------------------------------------------
# 3. Beenakker's formula
# ---------------------------------------------------------------------------


def beenakker_ratio_data(disorder, *, data, points=201, bins=10):
    """One channel's ``G_NS/G_N = 2T/(2 - T)^2`` and disordered strips against Beenakker's formula.

    The closed form is :func:`qtransport.models.beenakker_conductance` over
    ``G0 T``; the samples (``data.chain``, ``data.strips``, from
    :func:`qtransport.tb.andreev.beenakker_samples`) carry the lattice
    ``G_NS``, their normal conductance, their transmission eigenvalues and
    Beenakker's formula evaluated with them.

    Parameters
    ----------
    disorder : float
        Disorder ``w`` (t); the nearest disorder of ``data.strips`` is used.
    data : FigureData
        :func:`beenakker_data`, ``chain`` (samples per barrier) and ``strips`` (disorder -> samples).
    points, bins : int, optional
        Transmissions of the closed form and bins of the ``T_n`` histogram.

    Returns
    -------
    FigureData
        ``T`` (points,), ``ns_ratio``; ``chain_T``, ``chain_ratio``;
        ``disorders`` (K,); ``pred``, ``latt`` (K, R) Beenakker and lattice
        ``G_NS`` per disorder; ``top`` axis limit; ``x``, ``y`` those of the
        chosen disorder; ``hist`` (bins,), ``edges`` (bins + 1,) of its
        ``T_n``; ``dev`` largest relative deviation, ``ratio`` mean ``G_NS/G_N``.
    """
    T = np.linspace(0.0, 1.0, points)
    g_ns = beenakker_conductance(T[:, None], unit="G0")
    disorders = sorted(data.strips)
    pred = np.array([[s.beenakker for s in data.strips[w]] for w in disorders])
    latt = np.array([[s.conductance for s in data.strips[w]] for w in disorders])
    k = _nearest(disorders, disorder)
    samples = data.strips[disorders[k]]
    hist, edges = np.histogram(np.concatenate([s.transmissions for s in samples]), bins=bins, range=(0.0, 1.0))
    g_n = np.array([s.normal_conductance for s in samples])
    return FigureData(
        T=T, ns_ratio=np.divide(g_ns, T, out=np.zeros_like(T), where=T > 0),
        chain_T=np.array([s.normal_conductance for s in data.chain]),
        chain_ratio=np.array([s.conductance / s.normal_conductance for s in data.chain]),
        disorders=np.asarray(disorders, dtype=float), pred=pred, latt=latt,
        top=1.1 * float(max(pred.max(), latt.max())), x=pred[k], y=latt[k], hist=hist.astype(float),
        edges=edges, dev=float(np.max(np.abs(latt[k] / pred[k] - 1))), ratio=float(np.mean(latt[k] / g_n)),
    )


# ---------------------------------------------------------------------------
# 4. Kitaev chain
# ---------------------------------------------------------------------------


def kitaev_sweep_data(n_sites, delta, *, mus=KITAEV_MUS, k_points=401):
    """BdG levels of an open Kitaev chain (``t = 1``) against ``mu`` and the bulk gap.

    Levels from :func:`qtransport.tb.andreev.kitaev_lattice_spectrum`; the
    gap is ``min_k E(k)`` of :func:`qtransport.models.kitaev_bulk_spectrum`
    over ``0 <= k <= pi``.

    Returns
    -------
    FigureData
        ``mus`` (M,) (t), ``levels`` (M, 2 n_sites) (t), ``gap`` (M,) (t).
    """
    mus = np.asarray(mus, dtype=float)
    k = np.linspace(0.0, np.pi, k_points)
    return FigureData(
        mus=mus, levels=kitaev_lattice_spectrum(int(n_sites), mus, t=1.0, delta=delta),
        gap=np.min(kitaev_bulk_spectrum(k[None, :], t=1.0, delta=delta, mu=mus[:, None]), axis=1),
    )


def kitaev_spectrum_data(n_sites, delta, mu, *, sweep=None):
    """The Kitaev sweep and the two Majorana end states at ``mu``.

    The end states are :func:`qtransport.tb.andreev.kitaev_majoranas`, the
    sweep :func:`kitaev_sweep_data` (pass it to reuse it while only ``mu`` changes).

    Parameters
    ----------
    n_sites : int
        Sites of the chain.
    delta, mu : float
        Pairing and chemical potential (t).
    sweep : FigureData, optional
        :func:`kitaev_sweep_data` of the same ``n_sites`` and ``delta``.

    Returns
    -------
    FigureData
        ``mus``, ``levels``, ``gap`` of the sweep; ``left``, ``right``
        (n_sites,) densities of the two Majorana combinations; ``energy``
        lowest level (t); ``sites`` (n_sites,).
    """
    sweep = kitaev_sweep_data(n_sites, delta) if sweep is None else sweep
    m = kitaev_majoranas(int(n_sites), t=1.0, delta=delta, mu=mu)
    return FigureData(**sweep, left=m.left, right=m.right, energy=m.energy,
                      sites=np.arange(int(n_sites), dtype=float))


# ---------------------------------------------------------------------------
# 5. zero-bias peak of a Majorana wire
# ---------------------------------------------------------------------------


def zero_bias_peak_data(zeeman, *, sweep):
    """Conductance of a Majorana wire against bias at one Zeeman energy, and the critical field.

    The critical field is ``sqrt(Delta^2 + mu^2)``
    (:func:`qtransport.tb.andreev.majorana_critical_zeeman`).

    Parameters
    ----------
    zeeman : float
        Zeeman energy (t); the nearest of ``sweep.zeeman`` is used.
    sweep : FigureData
        :func:`majorana_sweep`, ``params``, ``zeeman``, ``energies``, ``conductance`` (Z, E), ``zero_bias``.

    Returns
    -------
    FigureData
        ``energies`` (E,) (t), ``cut`` (E,) (e^2/h); ``ez`` the Zeeman
        energy used, ``g0`` zero-bias conductance, ``critical`` (t) and
        ``topological`` whether ``ez`` is above it.
    """
    i = _nearest(sweep.zeeman, zeeman)
    critical = float(majorana_critical_zeeman(delta=sweep.params["delta"], mu=sweep.params["mu"]))
    ez = float(sweep.zeeman[i])
    return FigureData(energies=np.asarray(sweep.energies), cut=sweep.conductance[i], ez=ez,
                      g0=float(sweep.zero_bias[i]), critical=critical, topological=ez > critical)
