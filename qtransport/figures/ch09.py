"""Data of the figures of chapter 9: spin.

* :func:`spin_valve_data`: lattice spin valve ``G(theta)`` against Julliere's law.
* :func:`magnetoresistance_data`: Julliere's TMR and the two-current GMR.
* :func:`datta_das_data`: spin precession in a Rashba chain and its bands
  (right movers at the Fermi energy by :func:`fermi_crossings`).
* :func:`helical_wire_data`: bands and conductance of a Rashba wire in a Zeeman field.
* :func:`reciprocity_data`: ``T_ij(B, M)`` against ``T_ji(-B, -M)`` on a magnetized cross.
* :func:`antilocalization_data`: magnetoconductance of disordered strips with
  and without spin-orbit coupling.

The lattice figures select from scans computed beforehand (the ``table``,
``scan`` and ``result`` arguments): :func:`datta_das_scan`,
:func:`helical_data`, :func:`reciprocity_scan` and
:func:`antilocalization_scan` compute them.  Energies are in units of the hopping
``t``, lengths in lattice constants.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from qtransport.figures._data import FigureData
from qtransport.figures._grid import nearest_index as _nearest
from qtransport.figures._grid import stage_progress
from qtransport.models.spin import (
    giant_magnetoresistance,
    julliere_tmr,
    tunnel_conductance_angle,
    two_current_resistance,
)
from qtransport.tb import lead_bands
from qtransport.tb.spintronics import (
    datta_das_transmission,
    exchange_for_polarization,
    helical_conductance_scan,
    magnetized_cross,
    magnetoconductance_ensemble,
    rashba_wavenumber_difference,
    rashba_zeeman_wire,
    right_movers,
    valve_transmission,
)
from qtransport.tb.spintronics import reciprocity_scan as _cross_scan

__all__ = [
    "datta_das_scan",
    "helical_data",
    "reciprocity_scan",
    "antilocalization_scan",
    "spin_valve_data",
    "magnetoresistance_data",
    "datta_das_data",
    "fermi_crossings",
    "helical_wire_data",
    "reciprocity_data",
    "antilocalization_data",
]

#: Fermi energy of the spin-valve figure (units of t) and the angles of the lattice points.
VALVE_ENERGY = 1.0
VALVE_ANGLES = np.linspace(0.0, np.pi, 9)

DD_ENERGY = 1.0
DD_LENGTHS = (10, 20, 30)
DD_ALPHAS = np.linspace(0.0, 0.5, 51)

HELICAL_ENERGIES = np.linspace(-0.8, 1.2, 61) + 1 / 120  # off the band edges at multiples of 0.1 t
HELICAL_ALPHAS = (0.3, 0.6)
HELICAL_ZEEMANS = (0.0, 0.1, 0.2, 0.3, 0.4)

CROSS_SIZE, CROSS_ARM = 10, 4
CROSS_ENERGY, CROSS_ALPHA = 1.0, 0.4
CROSS_FLUXES = np.linspace(-0.02, 0.02, 11)
CROSS_EXCHANGES = (-1.0, -0.5, 0.0, 0.5, 1.0)

WAL_LENGTH, WAL_WIDTH, WAL_DISORDER = 30, 8, 3.0
WAL_FLUXES = (0.0, 1.0, 2.0, 3.0)
WAL_ALPHAS = (0.0, 0.4)
WAL_ENERGIES = np.linspace(0.6, 1.8, 16)


#: Terminal pairs ``i < j`` of the four-terminal cross, in the order of the bars.
CROSS_PAIRS = tuple((i, j) for i in range(4) for j in range(4) if i < j)


# ---------------------------------------------------------------------------
# lattice scans of the figures (seeded where random)
# ---------------------------------------------------------------------------


def datta_das_scan(*, lengths=DD_LENGTHS, alphas=DD_ALPHAS, energy=DD_ENERGY, progress=None):
    """Spin-resolved transmissions of Rashba chains of several lengths, for :func:`datta_das_data`.

    Parameters
    ----------
    lengths : sequence of int, optional
        Chain lengths (bonds).
    alphas : array_like, optional
        Spin-orbit hoppings (units of t).
    energy : float, optional
        Fermi energy (units of t).
    progress : callable, optional
        ``progress(done, total)``, the running total over all lengths.

    Returns
    -------
    dict of int to ndarray
        ``{L: T[alpha, out, in]}`` of
        :func:`~qtransport.tb.spintronics.datta_das_transmission`, shape
        ``(len(alphas), 2, 2)`` each.
    """
    stages = stage_progress(progress, len(lengths))
    return {int(L): datta_das_transmission(alphas, length=int(L), energy=energy, progress=stage)
            for L, stage in zip(lengths, stages, strict=True)}


def helical_data(*, energies=HELICAL_ENERGIES, alphas=HELICAL_ALPHAS, zeemans=HELICAL_ZEEMANS, progress=None):
    """Lattice ``T(E)`` of the Rashba-Zeeman wire, for :func:`helical_wire_data`.

    Parameters
    ----------
    energies : array_like, optional
        Fermi energies (units of t).
    alphas, zeemans : sequence of float, optional
        Spin-orbit hoppings and Zeeman energies (units of t).
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    ndarray, shape (len(alphas), len(zeemans), len(energies))
        :func:`~qtransport.tb.spintronics.helical_conductance_scan`.
    """
    return helical_conductance_scan(energies, alphas=alphas, zeemans=zeemans, progress=progress)


def reciprocity_scan(*, fluxes=CROSS_FLUXES, exchanges=CROSS_EXCHANGES, progress=None):
    """Transmissions of the magnetized cross on a grid of fields and magnetizations, for :func:`reciprocity_data`.

    The cross is :func:`~qtransport.tb.spintronics.magnetized_cross` of size
    :data:`CROSS_SIZE` with arms :data:`CROSS_ARM`, at ``E =``
    :data:`CROSS_ENERGY` and spin-orbit hopping :data:`CROSS_ALPHA`.

    Parameters
    ----------
    fluxes : array_like, optional
        Fluxes per plaquette (flux quanta), symmetric about zero.
    exchanges : sequence of float, optional
        Exchange energies (units of t), symmetric about zero.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    ndarray, shape (len(exchanges), len(fluxes), 4, 4)
        :func:`~qtransport.tb.spintronics.reciprocity_scan`.
    """
    fsys = magnetized_cross(CROSS_SIZE, CROSS_ARM)
    return _cross_scan(fsys, fluxes, exchanges, energy=CROSS_ENERGY, alpha=CROSS_ALPHA, progress=progress)


def antilocalization_scan(*, realizations=24, seed=10, progress=None):
    """The seeded ensemble of disordered strips of :func:`antilocalization_data`.

    :func:`~qtransport.tb.spintronics.magnetoconductance_ensemble` of
    :data:`WAL_LENGTH` x :data:`WAL_WIDTH` strips of disorder
    :data:`WAL_DISORDER` at the fluxes :data:`WAL_FLUXES`, spin-orbit
    hoppings :data:`WAL_ALPHAS` and energies :data:`WAL_ENERGIES`.

    Parameters
    ----------
    realizations : int, optional
        Strips per spin-orbit hopping.
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    MagnetoEnsemble
    """
    return magnetoconductance_ensemble(
        WAL_LENGTH, WAL_WIDTH, WAL_FLUXES, alphas=WAL_ALPHAS, disorder=WAL_DISORDER, energies=WAL_ENERGIES,
        realizations=realizations, rng=np.random.default_rng(seed), progress=progress,
    )


@lru_cache(maxsize=1)
def _wire():
    return rashba_zeeman_wire()


def _wire_bands(alpha, zeeman, k):
    """Lead bands (k points, 2) of the Rashba-Zeeman chain (units of t)."""
    return lead_bands(_wire(), 0, k, {"alpha": float(alpha), "zeeman": float(zeeman)})


# ---------------------------------------------------------------------------
# 1. spin valve
# ---------------------------------------------------------------------------


def spin_valve_data(p1, p2, coupling, *, angles=VALVE_ANGLES, points=181):
    """Lattice spin-valve transmission against Julliere's ``bar G (1 + P1 P2 cos theta)``.

    The exchange energies that give the surface polarizations at ``E = 1 t``
    come from :func:`~qtransport.tb.spintronics.exchange_for_polarization`,
    the transmission from :func:`~qtransport.tb.spintronics.valve_transmission`
    and the law from :func:`qtransport.models.spin.tunnel_conductance_angle`
    with the lattice ``bar G = (G(0) + G(pi))/2``.

    Parameters
    ----------
    p1, p2 : float
        Polarizations of the two electrodes.
    coupling : float
        Junction hopping ``tau`` (units of t).
    angles : array_like, optional
        Angles (rad) of the lattice points, from 0 to pi.
    points : int, optional
        Angles of the closed-form curve.

    Returns
    -------
    FigureData
        ``angles`` (A,) and ``theta`` (points,) (rad); ``lattice`` (A,)
        and ``julliere`` (points,) (e^2/h); ``mean`` ``bar G`` (e^2/h);
        ``lattice_ratio``, ``julliere_ratio`` both divided by ``bar G``;
        ``h`` (2,) exchange energies (t); ``tmr`` lattice ``G(0)/G(pi) - 1``
        and ``tmr_julliere`` ``2 P1 P2 / (1 - P1 P2)``.
    """
    angles = np.asarray(angles, dtype=float)
    theta = np.linspace(0.0, np.pi, points)
    h1 = exchange_for_polarization(p1, VALVE_ENERGY)
    h2 = exchange_for_polarization(p2, VALVE_ENERGY)
    lattice = valve_transmission(angles, energy=VALVE_ENERGY, exchange_left=h1, exchange_right=h2,
                                 coupling=coupling)
    mean = 0.5 * (lattice[0] + lattice[-1])
    julliere = tunnel_conductance_angle(theta, p1=p1, p2=p2, g_average=mean)
    return FigureData(
        angles=angles, theta=theta, lattice=lattice, julliere=julliere, mean=mean,
        lattice_ratio=lattice / mean, julliere_ratio=julliere / mean, h=np.array([h1, h2]),
        tmr=lattice[0] / lattice[-1] - 1, tmr_julliere=float(julliere_tmr(p1, p2)),
    )


# ---------------------------------------------------------------------------
# 2. TMR and GMR
# ---------------------------------------------------------------------------


def _gmr_with_contact(ratio, contact):
    """GMR ``(R_AP - R_P)/R_P`` of a trilayer with a spin-independent contact ``contact`` in series.

    :func:`qtransport.models.spin.two_current_resistance` of the layers
    ``(c, 1, 1)`` (majority) and ``(c, R/r, R/r)`` (minority), units of ``r``.
    """
    ratio = np.asarray(ratio, dtype=float)
    majority = np.stack([np.full_like(ratio, contact), np.ones_like(ratio), np.ones_like(ratio)], -1)
    minority = np.stack([np.full_like(ratio, contact), ratio, ratio], -1)
    r_p = two_current_resistance(majority, minority, [1, 1, 1])
    r_ap = two_current_resistance(majority, minority, [1, 1, -1])
    return (r_ap - r_p) / r_p


def magnetoresistance_data(p1, p2, resistance_ratio, contact, *, points=191, ratio_points=200):
    """Julliere's TMR against ``P1`` and the two-current GMR against ``R/r``.

    ``TMR = 2 P1 P2 / (1 - P1 P2)`` (:func:`qtransport.models.spin.julliere_tmr`);
    ``GMR = (R - r)^2 / 4 r R`` (:func:`qtransport.models.spin.giant_magnetoresistance`)
    and the same with a contact resistance in series (:func:`_gmr_with_contact`).

    Parameters
    ----------
    p1, p2 : float
        Polarizations.
    resistance_ratio : float
        Minority over majority resistance ``R/r`` of the layers.
    contact : float
        Contact resistance ``c`` (units of ``r``).
    points : int, optional
        Polarizations from 0 to 0.95.
    ratio_points : int, optional
        Ratios ``R/r`` log-spaced from 1 to 20.

    Returns
    -------
    FigureData
        ``p`` (points,), ``tmr_p1`` (against ``P1`` at ``P2``), ``tmr_equal``
        (``P1 = P2``); ``tmr`` float; ``ratio`` (ratio_points,), ``gmr``,
        ``gmr_contact``; ``gmr_here``, ``gmr_bare`` floats at ``resistance_ratio``.
    """
    p_axis = np.linspace(0.0, 0.95, points)
    ratio = np.geomspace(1.0, 20.0, ratio_points)
    return FigureData(
        p=p_axis, tmr_p1=julliere_tmr(p_axis, p2), tmr_equal=julliere_tmr(p_axis, p_axis),
        tmr=julliere_tmr(p1, p2), ratio=ratio, gmr=giant_magnetoresistance(1.0, ratio),
        gmr_contact=_gmr_with_contact(ratio, contact),
        gmr_here=float(_gmr_with_contact(resistance_ratio, contact)),
        gmr_bare=giant_magnetoresistance(1.0, resistance_ratio),
    )


# ---------------------------------------------------------------------------
# 3. Datta-Das
# ---------------------------------------------------------------------------


def fermi_crossings(k, bands, energy):
    """Wavenumbers where a band rises through ``energy`` (right movers), by linear interpolation.

    Parameters
    ----------
    k : ndarray, shape (K,)
        Wavenumbers (1/a).
    bands : ndarray, shape (K, B)
        Band energies.
    energy : float
        Fermi energy.

    Returns
    -------
    ndarray
        Sorted crossing wavenumbers (1/a).

    Examples
    --------
    >>> k = np.linspace(-1.0, 1.0, 5)
    >>> fermi_crossings(k, (k**2)[:, None], 0.25)
    array([0.5])
    """
    crossings = []
    for b in np.asarray(bands).T:
        up = np.flatnonzero((b[:-1] < energy) & (b[1:] >= energy))
        crossings += [k[j] + (energy - b[j]) / (b[j + 1] - b[j]) * (k[j + 1] - k[j]) for j in up]
    return np.sort(np.array(crossings))


def datta_das_data(length, alpha, *, table, alphas=DD_ALPHAS, points=721):
    """Datta-Das transmission of a Rashba chain, its precession law and its bands.

    ``table`` is ``T[alpha, out, in]`` of
    :func:`~qtransport.tb.spintronics.datta_das_transmission` for x-polarized
    contacts; the precession law is ``cos^2((k_+ - k_-) L / 2)`` with
    :func:`~qtransport.tb.spintronics.rashba_wavenumber_difference`; the bands
    are :func:`qtransport.tb.lead_bands` of the chain at the grid ``alpha``
    nearest to ``alpha``, with the right movers at ``E = 1 t``
    (:func:`fermi_crossings`).

    Parameters
    ----------
    length : int
        Chain length (bonds).
    alpha : float
        Spin-orbit hopping (t); the nearest point of ``alphas`` is used.
    table : ndarray, shape (len(alphas), 2, 2)
        Transmissions of that length.
    alphas : ndarray, optional
        The spin-orbit hoppings of ``table``.
    points : int, optional
        Wavenumbers from -pi to pi of the bands.

    Returns
    -------
    FigureData
        ``alphas`` (A,); ``same``, ``flip`` (A,) ``T_{+x -> +x}``,
        ``T_{+x -> -x}``; ``precession`` (A,); ``k`` (points,) (1/a),
        ``bands`` (points, 2) (t); ``k_cross`` right-moving Fermi points;
        ``alpha`` the grid value, ``i`` its index, ``dk`` ``k_+ - k_-`` (1/a).
    """
    alphas = np.asarray(alphas, dtype=float)
    i = _nearest(alphas, alpha)
    k = np.linspace(-np.pi, np.pi, points)
    bands = _wire_bands(alphas[i], 0.0, k)
    return FigureData(
        alphas=alphas, same=table[:, 1, 1], flip=table[:, 0, 1],
        precession=np.cos(rashba_wavenumber_difference(alphas) * length / 2) ** 2,
        k=k, bands=bands, k_cross=fermi_crossings(k, bands, DD_ENERGY), alpha=float(alphas[i]), i=i,
        dk=float(rashba_wavenumber_difference(alphas[i])),
    )


# ---------------------------------------------------------------------------
# 4. helical gap
# ---------------------------------------------------------------------------


def helical_wire_data(alpha, zeeman, energy, *, scan, energies=HELICAL_ENERGIES, alphas=HELICAL_ALPHAS,
                      zeemans=HELICAL_ZEEMANS, points=721, count_points=401):
    """Bands of a Rashba wire in a Zeeman field, its lattice ``T(E)`` and the right-mover count.

    ``scan`` is :func:`~qtransport.tb.spintronics.helical_conductance_scan`
    on ``energies x alphas x zeemans``; the bands are
    :func:`qtransport.tb.lead_bands` and the count of right-moving states is
    :func:`~qtransport.tb.spintronics.right_movers` of the closed-form bands.

    Parameters
    ----------
    alpha, zeeman : float
        Spin-orbit hopping and Zeeman energy (t), values of ``alphas`` and ``zeemans``.
    energy : float
        Fermi energy (t) at which ``T`` is read.
    scan : ndarray, shape (len(alphas), len(zeemans), len(energies))
        Lattice transmissions.
    points, count_points : int, optional
        Wavenumbers of the bands (over -pi to pi) and energies of the count.

    Returns
    -------
    FigureData
        ``k`` (points,) (1/a), ``bands`` (points, 2) (t); ``energies``
        (E,), ``T`` (E,); ``fine`` (count_points,) (t), ``count``
        (count_points,); ``T_here`` ``T`` interpolated at ``energy``.
    """
    a, z = list(alphas).index(alpha), list(zeemans).index(zeeman)
    k = np.linspace(-np.pi, np.pi, points)
    fine = np.linspace(energies[0], energies[-1], count_points)
    count = right_movers(fine, alpha=alpha, zeeman=zeeman, samples=2001)
    return FigureData(
        k=k, bands=_wire_bands(alpha, zeeman, k), energies=np.asarray(energies), T=scan[a, z],
        fine=fine, count=count.astype(float), T_here=float(np.interp(energy, energies, scan[a, z])),
    )


# ---------------------------------------------------------------------------
# 5. reciprocity
# ---------------------------------------------------------------------------

def reciprocity_data(pair, exchange, flux, *, scan, fluxes=CROSS_FLUXES, exchanges=CROSS_EXCHANGES):
    """Onsager-Büttiker reciprocity ``T_ij(B, M) = T_ji(-B, -M)`` on a magnetized cross.

    ``scan`` is :func:`~qtransport.tb.spintronics.reciprocity_scan` on
    ``exchanges x fluxes``, both grids symmetric about zero, so that
    ``-B`` and ``-M`` are the reversed grids.

    Parameters
    ----------
    pair : tuple of int
        ``(i, j)``: transmission from terminal ``j`` into ``i``.
    exchange : float
        Magnetization (exchange energy, t), a value of ``exchanges``.
    flux : float
        Flux per plaquette; the nearest point of ``fluxes`` is used.
    scan : ndarray, shape (len(exchanges), len(fluxes), 4, 4)
        Transmissions ``T_ij``.

    Returns
    -------
    FigureData
        ``fluxes`` (F,); ``forward`` ``T_ij(B, M)``, ``reverse``
        ``T_ji(-B, -M)``, ``swapped`` ``T_ji(B, M)`` (F,); ``asym`` (6,)
        ``T_ij - T_ji`` at the chosen field for :data:`CROSS_PAIRS`;
        ``onsager`` the largest violation of reciprocity over the scan at
        this ``M``; ``b`` the flux used.
    """
    i, j = pair
    m = list(exchanges).index(exchange)
    mirror = len(exchanges) - 1 - m
    b = _nearest(fluxes, flux)
    t = scan[m, b]
    return FigureData(
        fluxes=np.asarray(fluxes), forward=scan[m, :, i, j], reverse=scan[mirror, ::-1, j, i],
        swapped=scan[m, :, j, i], asym=np.array([t[p, q] - t[q, p] for p, q in CROSS_PAIRS]),
        onsager=float(np.max(np.abs(scan[m] - np.swapaxes(scan[mirror, ::-1], -1, -2)))),
        b=float(fluxes[b]),
    )


# ---------------------------------------------------------------------------
# 6. antilocalization
# ---------------------------------------------------------------------------


def antilocalization_data(realizations, alpha, *, result, singles=5):
    """Energy- and ensemble-averaged magnetoconductance ``<T(Phi)> - <T(0)>`` per spin-orbit coupling.

    ``result`` is a :class:`~qtransport.tb.spintronics.MagnetoEnsemble`
    (:func:`~qtransport.tb.spintronics.magnetoconductance_ensemble`) with
    transmissions of shape (alphas, realizations, fluxes, energies); each
    strip is averaged over the energies first.

    Parameters
    ----------
    realizations : int
        Strips averaged (at most those of ``result``).
    alpha : float
        Spin-orbit hopping (t) of the single strips shown, a value of ``result.alphas``.
    singles : int, optional
        Number of single strips.

    Returns
    -------
    FigureData
        ``phi`` (F,) total flux (flux quanta); ``mean``, ``sem`` (alphas, F)
        (e^2/h); ``singles`` (singles, F); ``realizations`` used;
        ``energies`` the number of energies averaged.
    """
    tr = np.asarray(result.transmissions)
    per_sample = (tr - tr[:, :, :1]).mean(axis=3)  # (NA, R, NF)
    r = int(min(realizations, tr.shape[1]))
    sample = per_sample[:, :r]
    a = [float(x) for x in result.alphas].index(alpha)
    return FigureData(
        phi=np.asarray(result.fluxes, dtype=float), mean=sample.mean(axis=1),
        sem=sample.std(axis=1, ddof=1) / np.sqrt(r), singles=per_sample[a, :singles], realizations=r,
        energies=tr.shape[3],
    )
