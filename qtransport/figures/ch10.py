"""Data of the figures of chapter 10: graphene and topological edges.

* :func:`graphene_bulk_data` and :func:`graphene_bands_data`: bulk bands of
  graphene with the Dirac cone, and bands of zigzag and armchair ribbons.
* :func:`quantum_hall_staircase_data`: a zigzag ribbon in a field against the
  Landau levels of the Dirac equation.
* :func:`klein_tunnelling_data`: transmission through a barrier, lattice
  against the Dirac formula.
* :func:`clean_edge_transmission` and :func:`edge_states_data`: the
  quantized edge transmission of a clean ribbon, and edge-state density and
  transmission of disordered ribbons against disorder.
* :func:`hbar_resistances_data`: non-local resistances of a quantum spin
  Hall H-bar against ideal helical edges.

The lattice figures select from scans computed beforehand (the ``data`` and
``scans`` arguments).  Energies are in units of the hopping ``t``, lengths in
units of the lattice constant ``a``.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import e, hbar
from qtransport.figures._data import FigureData
from qtransport.models.dirac import (
    armchair_subband_edges,
    dirac_barrier_transmission,
    fermi_velocity,
)
from qtransport.models.helical import helical_four_terminal_resistance
from qtransport.tb.topological import (
    HBAR_VF,
    chern_number,
    graphene_landau_levels,
    half_integer_plateau,
    nonlocal_resistances,
    qwz_model,
    ribbon_bands,
)
from qtransport.tb.topological import graphene_bands as _bulk_bands

__all__ = [
    "graphene_bulk_data",
    "graphene_bands_data",
    "quantum_hall_staircase_data",
    "klein_tunnelling_data",
    "site_image",
    "clean_edge_transmission",
    "edge_states_data",
    "hbar_resistances_data",
    "HBAR_RESISTANCES",
]


def site_image(tags, values):
    """Values on integer site coordinates as a masked image (rows: ``y``); sites absent are masked.

    Parameters
    ----------
    tags : ndarray of int, shape (S, 2)
        Site coordinates ``(x, y)``.
    values : ndarray, shape (S,)
        One value per site.

    Returns
    -------
    numpy.ma.MaskedArray, shape (ny, nx)

    Examples
    --------
    >>> site_image(np.array([[0, 0], [1, 1]]), np.array([1.0, 2.0])).tolist()
    [[1.0, None], [None, 2.0]]
    """
    x, y = tags[:, 0] - tags[:, 0].min(), tags[:, 1] - tags[:, 1].min()
    img = np.ma.array(np.zeros((y.max() + 1, x.max() + 1)), mask=True)  # no site: masked (zero underneath)
    img[y, x] = values
    return img


def _normalized_image(tags, density):
    """:func:`site_image` of a density divided by its maximum."""
    return site_image(tags, density / max(float(density.max()), 1e-300))


# ---------------------------------------------------------------------------
# 1. graphene: bulk and ribbon bands
# ---------------------------------------------------------------------------


def _bz_path(n):
    """Gamma - K - M - Gamma for the honeycomb lattice of qtransport.tb (a = 1)."""
    K = np.array([4 * np.pi / (3 * np.sqrt(3)), 0.0])
    M = np.array([np.pi / np.sqrt(3), np.pi / 3])
    corners = [np.zeros(2), K, M, np.zeros(2)]
    points, distance, ticks = [], [], [0.0]
    for a, b in zip(corners[:-1], corners[1:], strict=True):
        s = np.linspace(0, 1, n, endpoint=False)[:, None]
        points.append(a + s * (b - a))
        start = ticks[-1]
        distance.append(start + s[:, 0] * np.linalg.norm(b - a))
        ticks.append(start + np.linalg.norm(b - a))
    points.append(corners[-1][None])
    distance.append(np.array([ticks[-1]]))
    return np.concatenate(points), np.concatenate(distance), ticks


def graphene_bulk_data(*, points=120, cone_range=0.6):
    """Bulk bands ``+-t|f(k)|`` of graphene along Gamma-K-M-Gamma and the Dirac cone at K.

    Bands from :func:`qtransport.tb.topological.graphene_bands`; the cone is
    ``+-hbar v_F |k - K|`` with ``v_F = 3ta/2hbar``
    (:func:`qtransport.models.dirac.fermi_velocity`).

    Parameters
    ----------
    points : int, optional
        Points per segment of the path.
    cone_range : float, optional
        Half length (1/a) of the path around K where the cone is drawn.

    Returns
    -------
    FigureData
        ``dist`` (P,) distance along the path (1/a); ``ticks`` (4,) of
        Gamma, K, M, Gamma; ``energies`` (P, 2) (t); ``near`` (P,) bool, the
        points of the cone; ``cone`` ``hbar v_F |k - K|`` there (t).
    """
    path, dist, ticks = _bz_path(points)
    hbar_vf = float(fermi_velocity(1.0, 1.0)) * hbar / e  # t a units
    near = np.abs(dist - ticks[1]) < cone_range
    return FigureData(
        dist=dist, ticks=np.asarray(ticks), energies=_bulk_bands(path), near=near,
        cone=hbar_vf * np.linalg.norm(path[near] - path[points], axis=1),
    )


def graphene_bands_data(kind, width, *, points=151):
    """Bands of a zigzag or armchair graphene ribbon, its edge bands and its gap.

    Bands from :func:`qtransport.tb.topological.ribbon_bands`; in a zigzag
    ribbon the two bands closest to zero at the zone boundary are the edge
    states; an armchair ribbon has the half gap of
    :func:`qtransport.models.dirac.armchair_subband_edges`.

    Parameters
    ----------
    kind : {"zigzag", "armchair"}
        Edge type.
    width : int
        Number of zigzag chains or armchair dimer lines.
    points : int, optional
        Wavenumbers from -pi to pi (1/period).

    Returns
    -------
    FigureData
        ``k`` (points,); ``bands`` (points, B) (t); ``edge`` (B,) 1 for an
        edge band, else 0; ``gap`` half gap ``Delta`` (t), 0 for zigzag.
    """
    k = np.linspace(-np.pi, np.pi, points)
    bands = ribbon_bands(kind, int(width), k)
    edge = np.zeros(bands.shape[1], dtype=bool)
    if kind == "zigzag":
        edge[np.argsort(np.abs(bands[0]))[:2]] = True
        gap = 0.0
    else:
        gap = float(armchair_subband_edges(int(width), hopping=1.0)[0])
    return FigureData(k=k, bands=bands, edge=edge.astype(float), gap=gap)


# ---------------------------------------------------------------------------
# 2. the half-integer quantum Hall staircase
# ---------------------------------------------------------------------------


def quantum_hall_staircase_data(flux, *, data, levels=5):
    """Bands and open channels of a zigzag ribbon in a field against the Dirac staircase ``2N + 1``.

    The Dirac prediction is :func:`qtransport.tb.topological.half_integer_plateau`
    with the Landau levels ``E_N = hbar v_F sqrt(2N)/l_B``
    (:func:`~qtransport.tb.topological.graphene_landau_levels`); the magnetic
    length follows from the flux per hexagon of area ``3 sqrt(3) a^2 / 2``.

    Parameters
    ----------
    flux : float
        Flux per hexagon (h/e), one of ``data["fluxes"]``.
    data : dict
        Ribbon bands and open channels per flux (``fluxes``, ``energies``,
        ``momenta``, ``channels``, ``bands``).
    levels : int, optional
        Landau levels ``N = 1 .. levels``.

    Returns
    -------
    FigureData
        ``energies`` (E,) (t), ``T`` (E,) open channels, ``dirac`` (E,)
        ``2N + 1`` (zeros without field); ``k`` (K,), ``bands`` (K, B) (t);
        ``levels`` (levels,) (t); ``magnetic_length`` ``l_B`` (a), 0 without field.
    """
    i = list(data["fluxes"]).index(flux)
    energies = np.asarray(data["energies"])
    if flux > 0:
        dirac = half_integer_plateau(energies, flux=flux).astype(float)
        landau = graphene_landau_levels(np.arange(1, levels + 1), flux=flux)
        lb = float(np.sqrt(1 / (2 * np.pi * flux / (3 * np.sqrt(3) / 2))))
    else:
        dirac, landau, lb = 0.0 * energies, np.zeros(levels), 0.0
    return FigureData(energies=energies, T=np.asarray(data["channels"][i], dtype=float), dirac=dirac,
                      k=np.asarray(data["momenta"]), bands=data["bands"][i], levels=landau,
                      magnetic_length=lb)


# ---------------------------------------------------------------------------
# 3. Klein tunnelling
# ---------------------------------------------------------------------------


def klein_tunnelling_data(height, width, angle, *, data, points=301, width_points=400, max_width=120.0):
    """Transmission through a graphene barrier: lattice points and the Dirac formula.

    The Dirac curve is :func:`qtransport.models.dirac.dirac_barrier_transmission`
    with the width in units of ``hbar v_F / t`` (``HBAR_VF = 1.5 a``), against
    the angle and, at ``angle`` and at normal incidence, against the width.

    Parameters
    ----------
    height : float
        Barrier height ``V_0`` (t), one of ``data["heights"]``.
    width : float
        Barrier width ``D`` (a), one of ``data["widths"]``.
    angle : float
        Angle of incidence (degrees) of the width sweep.
    data : dict
        Lattice transmissions (``energy``, ``heights``, ``widths``, ``angles``, ``lattice``).
    points, width_points : int, optional
        Angles (rad) of the Dirac curve and widths from 0 to ``max_width`` (a).

    Returns
    -------
    FigureData
        ``angles`` (A,) and ``lattice`` (A,); ``phi`` (points,) (rad) and
        ``dirac``; ``widths`` (width_points,) (a), ``vs_width``, ``normal``.
    """
    energy, angles = data["energy"], np.asarray(data["angles"])
    i, j = list(data["heights"]).index(height), list(data["widths"]).index(width)
    phi = np.linspace(angles[0], angles[-1], points)
    widths = np.linspace(0.0, max_width, width_points)
    normal = dirac_barrier_transmission(0.0, energy=energy, height=height, width=widths / HBAR_VF)
    return FigureData(
        angles=angles, lattice=data["lattice"][i, j], phi=phi,
        dirac=dirac_barrier_transmission(phi, energy=energy, height=height, width=width / HBAR_VF),
        widths=widths,
        vs_width=dirac_barrier_transmission(np.radians(angle), energy=energy, height=height,
                                            width=widths / HBAR_VF),
        normal=normal * np.ones_like(widths),
    )


# ---------------------------------------------------------------------------
# 4. edge states and disorder
# ---------------------------------------------------------------------------


def clean_edge_transmission(kind, mass, zeeman=0.0):
    """Chern number and transmission of the clean ribbon in the gap: ``|C|`` edge channels per edge pair.

    The Chern number is :func:`qtransport.tb.topological.chern_number` of the
    lower band of the QWZ model (:func:`~qtransport.tb.topological.qwz_model`).
    A BHZ ribbon is two time-reversed QWZ blocks: spin Chern number ``C`` of
    the spin-up block and transmission ``2|C|``, defined only without a
    Zeeman field, which breaks time reversal.

    Parameters
    ----------
    kind : {"qwz", "bhz"}
        Chern insulator or quantum spin Hall ribbon.
    mass : float
        Mass parameter ``m`` (t).
    zeeman : float, optional
        Zeeman energy of the BHZ ribbon (t).

    Returns
    -------
    chern : int or None
        Chern number (QWZ), spin Chern number (BHZ without field), or None.
    expected : int or None
        Transmission of the clean ribbon at an energy in the gap, or None.

    Examples
    --------
    >>> [abs(clean_edge_transmission("qwz", m)[1]) for m in (1.0, 3.0)]
    [1, 0]
    """
    if kind not in ("qwz", "bhz"):
        raise ValueError(f"`kind` must be 'qwz' or 'bhz', got {kind!r}.")
    chern = chern_number(qwz_model(mass=mass), occupied=1)
    if kind == "qwz":
        return chern, abs(chern)
    if zeeman:
        return None, None
    return chern, 2 * abs(chern)


def edge_states_data(system, disorder, *, scans):
    """Scattering-state density of one disordered ribbon and the transmission against disorder.

    Parameters
    ----------
    system : str
        A key of ``scans``.
    disorder : float
        Disorder width ``W`` (t); the nearest strength of the scan is used.
    scans : dict
        label -> ``{"scan": DisorderScan, "expected": T or None, ...}`` from
        :func:`~qtransport.tb.topological.disorder_scan`.

    Returns
    -------
    FigureData
        ``image`` (ny, nx) density from the left lead, maximum 1; ``strengths`` (S,)
        disorder widths (t); ``samples`` (S, R), ``mean`` (S,) transmissions;
        ``expected`` (S,) the clean value in the gap (NaN-free: 0 if none);
        ``T_here`` mean transmission at ``disorder``; ``W`` the strength used (t).
    """
    entry = scans[system]
    scan = entry["scan"]
    strengths = np.asarray(scan.strengths, dtype=float)
    i = int(np.argmin(np.abs(strengths - disorder)))
    expected = entry["expected"]
    return FigureData(
        image=_normalized_image(np.rint(scan.positions).astype(int), scan.densities[i]),
        strengths=strengths, samples=scan.transmissions, mean=scan.transmissions.mean(axis=1),
        expected=np.full(strengths.size, 0.0 if expected is None else float(expected)),
        T_here=float(scan.transmissions[i].mean()), W=float(strengths[i]),
    )


# ---------------------------------------------------------------------------
# 5. the quantum spin Hall H-bar
# ---------------------------------------------------------------------------

#: The four-terminal resistances ``R_{ij,kl}`` of the H-bar figure, and their
#: (current in, current out, voltage +, voltage -) terminals, counted from 0.
HBAR_RESISTANCES = {"R14,23": (0, 3, 1, 2), "R14,14": (0, 3, 0, 3), "R12,43": (0, 1, 3, 2),
                    "R13,24": (0, 2, 1, 3)}


def hbar_resistances_data(zeeman, disorder, *, data):
    """Non-local resistances of a quantum spin Hall H-bar: lattice against ideal helical edges.

    The lattice resistances come from the Büttiker formula with the lattice
    transmissions (:func:`qtransport.tb.topological.nonlocal_resistances`),
    the ideal ones from :func:`qtransport.models.helical.helical_four_terminal_resistance`
    (``R_14,23 = h/4e^2``).

    Parameters
    ----------
    zeeman, disorder : float
        Zeeman energy and disorder width (t), values of ``data["zeemans"]`` and ``data["strengths"]``.
    data : dict
        ``zeemans``, ``strengths``, ``scans`` (transmissions (S, 1, 4, 4)), ``tags``.

    Returns
    -------
    FigureData
        ``R``, ``ideal`` (4,) resistances of :data:`HBAR_RESISTANCES` (h/e^2);
        ``image`` density from contact 1, maximum 1; ``T`` (4, 4)
        transmissions with a zero diagonal.
    """
    scan = data["scans"][list(data["zeemans"]).index(zeeman)]
    i = list(data["strengths"]).index(disorder)
    t = scan.transmissions[i, 0]
    r = nonlocal_resistances(t)
    return FigureData(
        R=np.array([r[name] for name in HBAR_RESISTANCES]),
        ideal=np.array([helical_four_terminal_resistance(4, *terminals, unit="e^2/h")
                        for terminals in HBAR_RESISTANCES.values()]),
        image=_normalized_image(data["tags"], scan.densities[i]), T=t * (1 - np.eye(4)),
    )
