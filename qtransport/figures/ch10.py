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
``scans`` arguments) by :func:`staircase_data`, :func:`klein_data`,
:func:`edge_scans` and :func:`hbar_scans`.  Energies are in units of the hopping ``t``, lengths in
units of the lattice constant ``a``.
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import check_callable
from qtransport.constants import e, hbar
from qtransport.figures._data import FigureData
from qtransport.figures._grid import nearest_index, stage_progress
from qtransport.models.dirac import (
    armchair_subband_edges,
    dirac_barrier_transmission,
    fermi_velocity,
)
from qtransport.models.helical import helical_four_terminal_resistance
from qtransport.tb.topological import (
    HBAR_VF,
    bhz_hbar,
    bhz_ribbon,
    chern_number,
    disorder_scan,
    graphene_landau_levels,
    half_integer_plateau,
    klein_transmission,
    nonlocal_resistances,
    qwz_model,
    qwz_ribbon,
    ribbon_bands,
    ribbon_open_channels,
)
from qtransport.tb.topological import graphene_bands as _bulk_bands

__all__ = [
    "staircase_data",
    "klein_data",
    "edge_scans",
    "hbar_scans",
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
    i = nearest_index(strengths, disorder)
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


# ---------------------------------------------------------------------------
# lattice data of the figures (seeded, so every build shows the same samples)
# ---------------------------------------------------------------------------

STAIRCASE_CHAINS = 20
STAIRCASE_FLUXES = (0.0, 0.01, 0.02, 0.03, 0.04)
STAIRCASE_ENERGIES = np.linspace(0.005, 0.85, 170)
STAIRCASE_K = np.linspace(-np.pi, np.pi, 201)


def staircase_data(*, n_chains=STAIRCASE_CHAINS, fluxes=STAIRCASE_FLUXES, energies=STAIRCASE_ENERGIES,
                   momenta=STAIRCASE_K, progress=None):
    """Bands and open channels of a zigzag ribbon for several fluxes per hexagon.

    The channels are :func:`qtransport.tb.topological.ribbon_open_channels`,
    the bands :func:`~qtransport.tb.topological.ribbon_bands`, for
    :func:`quantum_hall_staircase_data`.

    Parameters
    ----------
    n_chains : int, optional
        Width of the ribbon (zigzag chains).
    fluxes : sequence of float, optional
        Fluxes per hexagon (flux quanta ``h/e``).
    energies : array_like, optional
        Energies of the channel count (units of t).
    momenta : array_like, optional
        Wavenumbers of the bands (1/period).
    progress : callable, optional
        ``progress(done, total)`` after each flux.

    Returns
    -------
    dict
        ``n_chains``, ``fluxes``, ``energies``, ``momenta``, ``channels``
        (one array over ``energies`` per flux) and ``bands`` (one
        ``(len(momenta), 2 n_chains)`` array per flux).
    """
    progress = check_callable(progress, "progress", what="a function progress(done, total)")
    channels, bands = [], []
    for i, flux in enumerate(fluxes):
        channels.append(ribbon_open_channels("zigzag", n_chains, energies, flux=flux, n_k=801))
        bands.append(ribbon_bands("zigzag", n_chains, momenta, flux=flux))
        if progress is not None:
            progress(i + 1, len(fluxes))
    return {"n_chains": n_chains, "fluxes": tuple(float(f) for f in fluxes), "energies": np.asarray(energies),
            "momenta": np.asarray(momenta), "channels": channels, "bands": bands}


KLEIN_ENERGY = 0.05
KLEIN_HEIGHTS = (0.1, 0.15, 0.2)
KLEIN_WIDTHS = (30.0, 60.0)
KLEIN_ANGLES = np.linspace(-1.3, 1.3, 15)


def klein_data(*, energy=KLEIN_ENERGY, heights=KLEIN_HEIGHTS, widths=KLEIN_WIDTHS, angles=KLEIN_ANGLES,
               progress=None):
    """Lattice transmissions through graphene barriers on a grid of heights, widths and angles.

    For :func:`klein_tunnelling_data`.

    Parameters
    ----------
    energy : float, optional
        Energy of the electrons (units of t).
    heights : sequence of float, optional
        Barrier heights ``V0`` (units of t).
    widths : sequence of float, optional
        Barrier widths (lattice constants).
    angles : array_like, optional
        Angles of incidence (rad).
    progress : callable, optional
        ``progress(done, total)`` after each barrier.

    Returns
    -------
    dict
        ``energy``, ``heights``, ``widths``, ``angles`` and ``lattice``, an
        array ``(len(heights), len(widths), len(angles))`` from
        :func:`qtransport.tb.topological.klein_transmission`.
    """
    progress = check_callable(progress, "progress", what="a function progress(done, total)")
    out = np.empty((len(heights), len(widths), len(angles)))
    total = len(heights) * len(widths)
    for i, v0 in enumerate(heights):
        for j, d in enumerate(widths):
            out[i, j] = klein_transmission(angles, energy=energy, height=v0, width=d)
            if progress is not None:
                progress(i * len(widths) + j + 1, total)
    return {"energy": float(energy), "heights": tuple(float(v) for v in heights),
            "widths": tuple(float(d) for d in widths), "angles": np.asarray(angles), "lattice": out}


EDGE_STRENGTHS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0)
EDGE_WIDTH, EDGE_LENGTH = 8, 16
#: The systems of the edge-state figure: label -> (model, mass, zeeman, energy).
EDGE_SYSTEMS = {
    "Chern insulator, QWZ m = 1": ("qwz", 1.0, 0.0, 0.2),
    "Chern insulator, QWZ m = -1": ("qwz", -1.0, 0.0, 0.2),
    "trivial insulator, QWZ m = 3": ("qwz", 3.0, 0.0, 0.2),
    "quantum spin Hall, BHZ m = 1": ("bhz", 1.0, 0.0, 0.05),
    "BHZ m = 1 with Zeeman 0.2 t": ("bhz", 1.0, 0.2, 0.05),
}


def edge_scans(*, systems=None, strengths=EDGE_STRENGTHS, realizations=3, width=EDGE_WIDTH, length=EDGE_LENGTH,
               seed=10, progress=None):
    """Disorder scans of Chern and quantum spin Hall ribbons (``width`` x ``length``), for :func:`edge_states_data`.

    Each system is :func:`qtransport.tb.topological.disorder_scan` of a QWZ
    or BHZ ribbon; BHZ ribbons get, besides the potential, a random
    time-reversal symmetric spin-orbit field of the same width
    (``spin_orbit = 1``).  One generator seeded with ``seed`` serves the
    systems in turn.

    Parameters
    ----------
    systems : dict, optional
        label -> ``(model, mass, zeeman, energy)`` with model ``"qwz"`` or
        ``"bhz"`` and energies in units of t (default :data:`EDGE_SYSTEMS`).
    strengths : sequence of float, optional
        Disorder widths ``W`` (units of t).
    realizations : int, optional
        Samples per strength.
    width, length : int, optional
        Size of the ribbons (sites).
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``, the running total over all systems.

    Returns
    -------
    dict
        label -> ``{"scan": DisorderScan, "chern": int or None, "energy": E,
        "expected": T of the clean ribbon in the gap, "kind": model}``.
    """
    systems = EDGE_SYSTEMS if systems is None else systems
    rng = np.random.default_rng(seed)
    ribbons = {"qwz": qwz_ribbon(width, length).finalized(), "bhz": bhz_ribbon(width, length).finalized()}
    stages = stage_progress(progress, len(systems))
    out = {}
    for (label, (kind, mass, zeeman, energy)), stage in zip(systems.items(), stages, strict=True):
        chern, expected = clean_edge_transmission(kind, mass, zeeman)
        scan = disorder_scan(ribbons[kind], energy, strengths, mass=mass, zeeman=zeeman, realizations=realizations,
                             rng=rng, spin_orbit=1.0 if kind == "bhz" else 0.0, progress=stage)
        out[label] = {"scan": scan, "chern": chern, "energy": energy, "expected": expected, "kind": kind}
    return out


HBAR_ZEEMANS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)
HBAR_STRENGTHS = (0.0, 1.0, 2.0)
HBAR_ENERGY = 0.1


def hbar_scans(*, zeemans=HBAR_ZEEMANS, strengths=HBAR_STRENGTHS, energy=HBAR_ENERGY, seed=11, progress=None):
    """Transmission matrices and edge densities of the QSH H-bar, for :func:`hbar_resistances_data`.

    :func:`qtransport.tb.topological.disorder_scan` of
    :func:`~qtransport.tb.topological.bhz_hbar` for each Zeeman field, with
    the same disorder sample (seeded with ``seed``) for every field.

    Parameters
    ----------
    zeemans : sequence of float, optional
        Zeeman energies (units of t).
    strengths : sequence of float, optional
        Disorder widths ``W`` (units of t).
    energy : float, optional
        Fermi energy (units of t).
    seed : int, optional
        Seed of the disorder sample.
    progress : callable, optional
        ``progress(done, total)`` after each Zeeman field.

    Returns
    -------
    dict
        ``zeemans``, ``strengths``, ``energy`` and ``scans`` (one
        :class:`~qtransport.tb.topological.DisorderScan` per Zeeman field,
        transmissions of shape ``(S, 1, 4, 4)``), ``tags`` (integer site
        coordinates for drawing).
    """
    progress = check_callable(progress, "progress", what="a function progress(done, total)")
    fsys = bhz_hbar().finalized()
    scans = []
    for i, hz in enumerate(zeemans):
        scans.append(disorder_scan(fsys, energy, strengths, mass=1.0, zeeman=hz, realizations=1,
                                   rng=np.random.default_rng(seed), spin_orbit=1.0))
        if progress is not None:
            progress(i + 1, len(zeemans))
    return {"zeemans": tuple(float(z) for z in zeemans), "strengths": tuple(float(s) for s in strengths),
            "energy": float(energy), "scans": scans, "tags": np.asarray(fsys.tags)}
