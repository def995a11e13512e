"""Figures of chapter 10: graphene and topological edges.

* :func:`graphene_bands`: the bulk bands of graphene with its Dirac cones,
  and the bands of zigzag and armchair ribbons of any width
  (:func:`qtransport.tb.topological.graphene_bands`,
  :func:`~qtransport.tb.topological.ribbon_bands`).
* :func:`quantum_hall_staircase`: a zigzag ribbon in a field, its bands
  and its conductance staircase 1, 3, 5, ... against the Landau levels of the
  Dirac equation (:func:`~qtransport.tb.topological.ribbon_open_channels`,
  :func:`~qtransport.tb.topological.graphene_landau_levels`).
* :func:`klein_tunnelling`: transmission through a barrier against the
  angle of incidence, lattice against the Dirac formula
  (:func:`~qtransport.tb.topological.klein_transmission`,
  :func:`qtransport.models.dirac.dirac_barrier_transmission`).
* :func:`edge_states`: edge-state density and transmission of Chern and
  quantum spin Hall ribbons against disorder
  (:func:`~qtransport.tb.topological.disorder_scan`).
* :func:`hbar_resistances`: the non-local resistances of a quantum spin
  Hall H-bar on the lattice against ideal helical edges
  (:func:`~qtransport.tb.topological.nonlocal_resistances`,
  :mod:`qtransport.models.helical`).

The lattice figures take data computed beforehand (in the notebook, with a
progress bar) or compute a small default set when built; their controls
then only select from it.  Energies in units of the hopping ``t``, lengths in
units of the lattice constant ``a``.
"""

from __future__ import annotations

import numpy as np

from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import progress_bar as _progress
from qtransport.widgets.controls import selection_slider as _selection
from qtransport.widgets.controls import slider as _slider

__all__ = [
    "staircase_data",
    "klein_data",
    "edge_scans",
    "hbar_scans",
    "graphene_bands",
    "quantum_hall_staircase",
    "klein_tunnelling",
    "edge_states",
    "hbar_resistances",
    "FIGURES",
]


# ---------------------------------------------------------------------------
# data computed beforehand (seeded, so every build shows the same samples)
# ---------------------------------------------------------------------------

STAIRCASE_CHAINS = 20
STAIRCASE_FLUXES = (0.0, 0.01, 0.02, 0.03, 0.04)
STAIRCASE_ENERGIES = np.linspace(0.005, 0.85, 170)
STAIRCASE_K = np.linspace(-np.pi, np.pi, 201)


def staircase_data(*, n_chains=STAIRCASE_CHAINS, fluxes=STAIRCASE_FLUXES, energies=STAIRCASE_ENERGIES,
                   momenta=STAIRCASE_K, progress=None):
    """Bands and open channels of a zigzag ribbon for several fluxes per hexagon.

    Returns
    -------
    dict
        ``n_chains``, ``fluxes``, ``energies``, ``momenta``, ``channels``
        (one array over ``energies`` per flux) and ``bands`` (one
        ``(len(momenta), 2 n_chains)`` array per flux).
    """
    from qtransport.tb.topological import ribbon_bands, ribbon_open_channels

    progress = progress or _progress("ribbon in a field")
    channels, bands = [], []
    for i, flux in enumerate(fluxes):
        channels.append(ribbon_open_channels("zigzag", n_chains, energies, flux=flux, n_k=801))
        bands.append(ribbon_bands("zigzag", n_chains, momenta, flux=flux))
        progress(i + 1, len(fluxes))
    return {"n_chains": n_chains, "fluxes": tuple(float(f) for f in fluxes), "energies": np.asarray(energies),
            "momenta": np.asarray(momenta), "channels": channels, "bands": bands}


KLEIN_ENERGY = 0.05
KLEIN_HEIGHTS = (0.1, 0.15, 0.2)
KLEIN_WIDTHS = (30.0, 60.0)
KLEIN_ANGLES = np.linspace(-1.3, 1.3, 15)


def klein_data(*, energy=KLEIN_ENERGY, heights=KLEIN_HEIGHTS, widths=KLEIN_WIDTHS, angles=KLEIN_ANGLES,
               progress=None):
    """Lattice transmissions through graphene barriers, on a grid of heights, widths and angles.

    Returns
    -------
    dict
        ``energy``, ``heights``, ``widths``, ``angles`` and ``lattice``, an
        array ``(len(heights), len(widths), len(angles))`` from
        :func:`qtransport.tb.topological.klein_transmission`.
    """
    from qtransport.tb.topological import klein_transmission

    progress = progress or _progress("Klein tunnelling")
    out = np.empty((len(heights), len(widths), len(angles)))
    total = len(heights) * len(widths)
    for i, v0 in enumerate(heights):
        for j, d in enumerate(widths):
            out[i, j] = klein_transmission(angles, energy=energy, height=v0, width=d)
            progress(i * len(widths) + j + 1, total)
    return {"energy": float(energy), "heights": tuple(float(v) for v in heights),
            "widths": tuple(float(d) for d in widths), "angles": np.asarray(angles), "lattice": out}


EDGE_STRENGTHS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0)
EDGE_WIDTH, EDGE_LENGTH = 8, 16
#: The systems of :func:`edge_states`: label -> (model, mass, zeeman, energy).
EDGE_SYSTEMS = {
    "Chern insulator, QWZ m = 1": ("qwz", 1.0, 0.0, 0.2),
    "Chern insulator, QWZ m = -1": ("qwz", -1.0, 0.0, 0.2),
    "trivial insulator, QWZ m = 3": ("qwz", 3.0, 0.0, 0.2),
    "quantum spin Hall, BHZ m = 1": ("bhz", 1.0, 0.0, 0.05),
    "BHZ m = 1 with Zeeman 0.2 t": ("bhz", 1.0, 0.2, 0.05),
}


def edge_scans(*, systems=None, strengths=EDGE_STRENGTHS, realizations=3, width=EDGE_WIDTH, length=EDGE_LENGTH,
               seed=10, progress=None):
    """Disorder scans of Chern and quantum spin Hall ribbons (``width`` x ``length``).

    BHZ ribbons get, besides the potential, a random time-reversal symmetric
    spin-orbit field of the same width (``spin_orbit = 1``).

    Returns
    -------
    dict
        label -> ``{"scan": DisorderScan, "chern": int or None, "energy": E,
        "expected": T of the clean ribbon in the gap}``.
    """
    from qtransport.tb.topological import (
        bhz_ribbon,
        chern_number,
        disorder_scan,
        qwz_model,
        qwz_ribbon,
    )

    systems = EDGE_SYSTEMS if systems is None else systems
    rng = np.random.default_rng(seed)
    ribbons = {"qwz": qwz_ribbon(width, length).finalized(), "bhz": bhz_ribbon(width, length).finalized()}
    out = {}
    for label, (kind, mass, zeeman, energy) in systems.items():
        if kind == "qwz":
            chern = chern_number(qwz_model(mass=mass), occupied=1)
            expected = abs(chern)
        else:
            chern = chern_number(qwz_model(mass=mass), occupied=1)  # of the spin-up block
            expected = 2 * abs(chern) if zeeman == 0 else None
            chern = None if zeeman else chern
        scan = disorder_scan(ribbons[kind], energy, strengths, mass=mass, zeeman=zeeman, realizations=realizations,
                             rng=rng, spin_orbit=1.0 if kind == "bhz" else 0.0,
                             progress=progress or _progress(label))
        out[label] = {"scan": scan, "chern": chern, "energy": energy, "expected": expected, "kind": kind}
    return out


HBAR_ZEEMANS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)
HBAR_STRENGTHS = (0.0, 1.0, 2.0)
HBAR_ENERGY = 0.1


def hbar_scans(*, zeemans=HBAR_ZEEMANS, strengths=HBAR_STRENGTHS, energy=HBAR_ENERGY, seed=11, progress=None):
    """Transmission matrices and edge densities of the QSH H-bar for several Zeeman fields and disorders.

    Returns
    -------
    dict
        ``zeemans``, ``strengths``, ``energy`` and ``scans`` (one
        :class:`~qtransport.tb.topological.DisorderScan` per Zeeman field,
        transmissions of shape ``(S, 1, 4, 4)``), ``tags`` (integer site
        coordinates for drawing).
    """
    from qtransport.tb.topological import bhz_hbar, disorder_scan

    fsys = bhz_hbar().finalized()
    bar = progress or _progress("H-bar")
    scans = []
    for i, hz in enumerate(zeemans):
        # the same disorder sample for every field
        scans.append(disorder_scan(fsys, energy, strengths, mass=1.0, zeeman=hz, realizations=1,
                                   rng=np.random.default_rng(seed), spin_orbit=1.0))
        bar(i + 1, len(zeemans))
    return {"zeemans": tuple(float(z) for z in zeemans), "strengths": tuple(float(s) for s in strengths),
            "energy": float(energy), "scans": scans, "tags": np.asarray(fsys.tags)}


def _image(tags, values):
    """Values on integer site coordinates as a masked image (rows: y)."""
    x, y = tags[:, 0] - tags[:, 0].min(), tags[:, 1] - tags[:, 1].min()
    img = np.ma.array(np.zeros((y.max() + 1, x.max() + 1)), mask=True)  # no site: masked (zero underneath)
    img[y, x] = values
    return img


# ---------------------------------------------------------------------------
# 1. graphene: bulk and ribbon bands
# ---------------------------------------------------------------------------


def _bz_path(n=120):
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


def graphene_bands():
    """Bulk bands of graphene along Gamma-K-M-Gamma, and the bands of a ribbon.

    Left: ``+-t|f(k)|`` (closed form, identical to the lattice's Bloch
    Hamiltonian) with the Dirac cone ``+-hbar v_F |k - K|``, ``v_F = 3ta/2hbar``
    (dashed).  Right: the bands of a zigzag or armchair ribbon, from the unit
    cell of the lattice ribbon; zigzag edge states in orange.
    """
    from matplotlib.collections import LineCollection

    from qtransport.constants import e, hbar
    from qtransport.models.dirac import armchair_is_metallic, armchair_subband_edges, fermi_velocity
    from qtransport.tb.topological import graphene_bands as bulk
    from qtransport.tb.topological import ribbon_bands

    path, dist, ticks = _bz_path()
    energies = bulk(path)
    hbar_vf = float(fermi_velocity(1.0, 1.0)) * hbar / e  # t a units
    K = path[120]
    near = np.abs(dist - ticks[1]) < 0.6
    cone = hbar_vf * np.linalg.norm(path[near] - K, axis=1)
    k = np.linspace(-np.pi, np.pi, 151)
    cache = {}

    def compute(kind, width):
        key = (kind, int(width))
        if key not in cache:
            cache[key] = ribbon_bands(kind, int(width), k)
        bands = cache[key]
        edge = np.zeros(bands.shape[1], dtype=bool)
        if kind == "zigzag":
            # the two bands closest to zero at the zone boundary are the edge states
            edge[np.argsort(np.abs(bands[0]))[:2]] = True
            gap = 0.0
        else:
            gap = float(armchair_subband_edges(int(width), hopping=1.0)[0])
        return {"bands": bands, "edge": edge.astype(float), "gap": gap}

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
        left.plot(dist, energies[:, 1], color=BLUE, lw=2)
        left.plot(dist, energies[:, 0], color=BLUE, lw=2, label="bands ±t|f(k)|")
        left.plot(dist[near], cone, color=RED, ls="--", lw=1.4, label="cone ±ħv_F|k − K|")
        left.plot(dist[near], -cone, color=RED, ls="--", lw=1.4)
        for x in ticks:
            left.axvline(x, color=GREY, lw=0.6)
        left.set_xticks(ticks, ["Γ", "K", "M", "Γ"])
        left.set(xlabel="wave vector along Γ-K-M-Γ", ylabel="$E$ ($t$)", xlim=(0, ticks[-1]), ylim=(-3.2, 3.2))
        left.legend(loc="upper right", fontsize="small")
        left.set_title("bulk graphene: Dirac points at K, K'")
        lines = LineCollection([], lw=1.3)
        right.add_collection(lines)
        right.axhline(0, color=GREY, lw=0.6)
        right.set(xlabel="$k$ (1/period)", ylabel="$E$ ($t$)", xlim=(-np.pi, np.pi), ylim=(-3.2, 3.2))
        dirac_k = [right.axvline(x, color=GREY, lw=0.6, ls=":") for x in (-2 * np.pi / 3, 2 * np.pi / 3)]
        (marker,) = right.plot(k, 0 * k, color=GREY, lw=0)  # keeps the axes' data limits
        return {"right": right, "lines": lines, "marker": marker, "dirac_k": dirac_k}

    def draw(state, data, values):
        bands = data["bands"]
        segs = [np.column_stack([k, bands[:, n]]) for n in range(bands.shape[1])]
        colours = [ORANGE if data["edge"][n] else BLUE for n in range(bands.shape[1])]
        state["lines"].set_segments(segs)
        state["lines"].set_color(colours)
        w = int(values["width"])
        for line in state["dirac_k"]:  # the Dirac points project onto k = +-2 pi/3 of a zigzag ribbon
            line.set_visible(values["kind"] == "zigzag")
        if values["kind"] == "zigzag":
            text = f"zigzag, {w} chains: flat edge band for 2π/3 < |k| ≤ π"
        elif armchair_is_metallic(w):
            text = f"armchair, {w} dimer lines = 3m + 2: metallic"
        else:
            text = f"armchair, {w} dimer lines: gap 2Δ = {2 * data['gap']:.3f} t"
        state["right"].set_title(text)

    controls = {
        "kind": _dropdown("ribbon", {"zigzag edges": "zigzag", "armchair edges": "armchair"}, "zigzag"),
        "width": _slider("width (chains or dimer lines)", 8, 2, 16, 1, integer=True),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title="Graphene: Dirac cones in the bulk, edge states and gaps in ribbons")


# ---------------------------------------------------------------------------
# 2. the half-integer quantum Hall staircase
# ---------------------------------------------------------------------------


def quantum_hall_staircase(data=None):
    """Bands and two-terminal transmission of a clean zigzag ribbon in a field.

    Parameters
    ----------
    data : dict, optional
        From :func:`staircase_data` (computed when not given).

    Left: the bands (flat Landau levels in the middle, dispersing edge states
    near the edges of the ribbon).  Right: ``T(E)``, the number of right-movers
    on the lattice (the transmission of the clean ribbon), against the Dirac
    prediction ``2N + 1`` with the Landau levels ``E_N = hbar v_F sqrt(2N)/l_B``
    (dashed lines).
    """
    from matplotlib.collections import LineCollection

    from qtransport.tb.topological import graphene_landau_levels, half_integer_plateau

    if data is None:
        data = staircase_data()
    fluxes, energies, k = data["fluxes"], data["energies"], data["momenta"]

    def compute(flux):
        i = fluxes.index(flux)
        if flux > 0:
            dirac = half_integer_plateau(energies, flux=flux).astype(float)
            levels = graphene_landau_levels(np.arange(1, 6), flux=flux)
        else:
            dirac, levels = 0.0 * energies, np.zeros(5)
        return {"T": np.asarray(data["channels"][i], dtype=float), "dirac": dirac, "bands": data["bands"][i],
                "levels": levels}

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
        lines = LineCollection([], lw=1.0, color=BLUE)
        left.add_collection(lines)
        left.set(xlabel="$k$ (1/$\\sqrt{3}a$)", ylabel="$E$ ($t$)", xlim=(-np.pi, np.pi),
                 ylim=(-energies[-1], energies[-1]))
        (keep,) = left.plot(k, 0 * k, lw=0)
        (lattice,) = right.plot(energies, 0 * energies, color=BLUE, lw=2, label="lattice ribbon (modes)")
        (dirac,) = right.plot(energies, 0 * energies, color=RED, ls="--", lw=1.3, label="Dirac: 2N + 1")
        level_lines = [right.axvline(0, color=GREY, lw=0.6, ls=":") for _ in range(5)]
        right.set(xlabel="$E$ ($t$)", ylabel="$T$ (spinless), $G = 2T\\, e^2/h$", xlim=(0, energies[-1]),
                  ylim=(0, 12))
        right.set_yticks([1, 3, 5, 7, 9, 11])
        right.grid(axis="y", color="#dddddd", lw=0.6)
        right.legend(loc="upper left", fontsize="small")
        return {"left": left, "right": right, "lines": lines, "lattice": lattice, "dirac": dirac,
                "levels": level_lines, "keep": keep}

    def draw(state, data_, values):
        bands = data_["bands"]
        state["lines"].set_segments([np.column_stack([k, bands[:, n]]) for n in range(bands.shape[1])])
        state["lattice"].set_ydata(data_["T"])
        flux = values["flux"]
        state["dirac"].set_ydata(data_["dirac"])
        state["dirac"].set_visible(flux > 0)
        for line, level in zip(state["levels"], data_["levels"], strict=True):
            line.set_xdata([level, level])
            line.set_visible(flux > 0 and level < energies[-1])
        if flux > 0:
            lb = np.sqrt(1 / (2 * np.pi * flux / (3 * np.sqrt(3) / 2)))
            state["left"].set_title(f"flux {flux:g} h/e per hexagon: ℓ_B = {lb:.1f} a")
            state["right"].set_title("plateaus 1, 3, 5: σ_xy = 4(N + ½) e²/h with spin")
        else:
            state["left"].set_title("no field: zigzag ribbon bands")
            state["right"].set_title("no field: the ribbon's own staircase")

    controls = {"flux": _selection("flux per hexagon (h/e)", list(fluxes), fluxes[min(3, len(fluxes) - 1)])}
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title=f"Zigzag ribbon of {data['n_chains']} chains in a field: Landau levels and "
                                   "the half-integer staircase")


# ---------------------------------------------------------------------------
# 3. Klein tunnelling
# ---------------------------------------------------------------------------


def klein_tunnelling(data=None):
    """Transmission through a graphene barrier: the lattice against the Dirac formula.

    Parameters
    ----------
    data : dict, optional
        From :func:`klein_data` (computed when not given).

    Left: ``T(phi)`` on the lattice (dots, a sheet periodic across the
    barrier, transport along the armchair direction) and from the Dirac
    equation (line, :func:`qtransport.models.dirac.dirac_barrier_transmission`
    with the width in units of ``hbar v_F / t = 1.5 a``).  Right: the Dirac
    formula against the barrier width at the chosen angle and at normal
    incidence, where ``T = 1`` for every width.
    """
    from qtransport.models.dirac import dirac_barrier_transmission
    from qtransport.tb.topological import HBAR_VF

    if data is None:
        data = klein_data()
    energy, angles = data["energy"], data["angles"]
    fine = np.linspace(angles[0], angles[-1], 301)
    widths = np.linspace(0.0, 120.0, 400)

    def compute(height, width, angle):
        i, j = data["heights"].index(height), data["widths"].index(width)
        line = dirac_barrier_transmission(fine, energy=energy, height=height, width=width / HBAR_VF)
        vs_width = dirac_barrier_transmission(np.radians(angle), energy=energy, height=height,
                                              width=widths / HBAR_VF)
        normal = dirac_barrier_transmission(0.0, energy=energy, height=height, width=widths / HBAR_VF)
        return {"lattice": data["lattice"][i, j], "dirac": line, "vs_width": vs_width,
                "normal": normal * np.ones_like(widths)}

    def init(fig):
        left, right = fig.subplots(1, 2)
        (dirac,) = left.plot(fine, 0 * fine, color=RED, lw=1.6, label="Dirac equation")
        (lattice,) = left.plot(angles, 0 * angles, "o", color=BLUE, ms=5, label="lattice")
        (cursor,) = left.plot([0, 0], [0, 1.05], color=GREY, lw=0.8, ls=":")
        left.set(xlabel="angle of incidence $\\phi$ (rad)", ylabel="transmission $T$", ylim=(0, 1.05),
                 xlim=(angles[0] - 0.05, angles[-1] + 0.05))
        left.legend(loc="lower center", fontsize="small")
        (vs,) = right.plot(widths, 0 * widths, color=ORANGE, lw=1.6, label="Dirac, at the chosen φ")
        (normal,) = right.plot(widths, 0 * widths, color=GREEN, lw=1.6, ls="--", label="Dirac, φ = 0")
        (mark,) = right.plot([0, 0], [0, 1.05], color=GREY, lw=0.8, ls=":")
        right.set(xlabel="barrier width $D$ ($a$)", ylabel="transmission $T$", ylim=(0, 1.05), xlim=(0, widths[-1]))
        right.legend(loc="lower left", fontsize="small")
        return {"left": left, "dirac": dirac, "lattice": lattice, "cursor": cursor, "vs": vs, "normal": normal,
                "mark": mark, "right": right}

    def draw(state, d, values):
        state["dirac"].set_ydata(d["dirac"])
        state["lattice"].set_ydata(d["lattice"])
        a = np.radians(values["angle"])
        state["cursor"].set_xdata([a, a])
        state["vs"].set_ydata(d["vs_width"])
        state["normal"].set_ydata(d["normal"])
        state["mark"].set_xdata([values["width"]] * 2)
        state["left"].set_title(f"E = {energy:g} t, V₀ = {values['height']:g} t (p-n-p), D = {values['width']:g} a")
        state["right"].set_title(f"φ = {values['angle']:.0f}°: Klein tunnelling keeps T(0) = 1")

    controls = {
        "height": _selection("barrier V₀ (t)", list(data["heights"]), data["heights"][len(data["heights"]) // 2]),
        "width": _selection("width D (a)", list(data["widths"]), data["widths"][-1]),
        "angle": _slider("angle φ (degrees)", 30.0, 0.0, 70.0, 1.0, fmt=".0f"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title="Klein tunnelling: a p-n-p barrier in graphene is transparent at normal incidence")


# ---------------------------------------------------------------------------
# 4. edge states and disorder
# ---------------------------------------------------------------------------


def edge_states(scans=None):
    """Edge-state density and transmission of topological ribbons against disorder.

    Parameters
    ----------
    scans : dict, optional
        From :func:`edge_scans` (computed when not given).

    Left: the density of the scattering states sent in from the left lead,
    on every site of one disordered sample.  Right: the transmission of every
    sample (dots) and its average (line) against the disorder width ``W``,
    with the value of the clean ribbon in the gap, ``|C|`` (Chern) or 2
    (quantum spin Hall).
    """
    if scans is None:
        scans = edge_scans()
    labels = list(scans)
    strengths = tuple(float(w) for w in scans[labels[0]]["scan"].strengths)

    def compute(system, disorder):
        entry = scans[system]
        scan = entry["scan"]
        i = int(np.argmin(np.abs(scan.strengths - disorder)))
        tags = np.rint(scan.positions).astype(int)
        density = scan.densities[i]
        return {"image": _image(tags, density / max(float(density.max()), 1e-300)),
                "mean": scan.transmissions.mean(axis=1), "samples": scan.transmissions,
                "T_here": float(scan.transmissions[i].mean()), "W": float(scan.strengths[i])}

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.2, 1])
        first = compute(labels[0], strengths[0])
        image = left.imshow(first["image"], origin="lower", cmap="magma", vmin=0, vmax=1, aspect="equal")
        bar = fig.colorbar(image, ax=left, shrink=0.7, label="density (max = 1)")
        bar.ax.set_xlabel("$|\\psi|^2$")
        left.set(xlabel="$x$ ($a$)", ylabel="$y$ ($a$)")
        w = np.asarray(strengths)
        n_real = first["samples"].shape[1]
        samples = [right.plot(w, 0 * w, "o", color=BLUE, ms=3, alpha=0.4)[0] for _ in range(n_real)]
        (mean,) = right.plot(w, 0 * w, color=BLUE, lw=2, label="average")
        (expected,) = right.plot(w, 0 * w, color=GREY, ls="--", lw=1.2, label="clean, in the gap")
        (cursor,) = right.plot([0, 0], [0, 2.2], color=RED, lw=1, ls=":")
        right.set(xlabel="disorder width $W$ ($t$)", ylabel="transmission $T$", ylim=(-0.05, 2.3),
                  xlim=(-0.2, w[-1] + 0.2))
        right.legend(loc="upper right", fontsize="small")
        return {"left": left, "right": right, "image": image, "samples": samples, "mean": mean,
                "expected": expected, "cursor": cursor}

    def draw(state, d, values):
        entry = scans[values["system"]]
        state["image"].set_data(d["image"])
        state["mean"].set_ydata(d["mean"])
        for line, sample in zip(state["samples"], d["samples"].T, strict=False):
            line.set_ydata(sample)
        expected = entry["expected"]
        state["expected"].set_ydata(np.full(len(strengths), 0.0 if expected is None else float(expected)))
        state["expected"].set_visible(expected is not None)
        state["cursor"].set_xdata([d["W"], d["W"]])
        c = entry["chern"]
        what = f"C = {c}" if entry["kind"] == "qwz" else ("spin Chern ±1" if c is not None else "time reversal broken")
        state["left"].set_title(f"{what}; E = {entry['energy']:g} t, W = {d['W']:g} t")
        state["right"].set_title(f"T = {d['T_here']:.3f} at W = {d['W']:g} t")

    controls = {
        "system": _dropdown("system", labels, labels[0]),
        "disorder": _selection("disorder W (t)", list(strengths), strengths[1]),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.6, 3.8), freeze_layout=True,
                             title="Edge channels: quantized transmission until disorder closes the bulk gap")


# ---------------------------------------------------------------------------
# 5. the quantum spin Hall H-bar
# ---------------------------------------------------------------------------

_RESISTANCES = ("R14,23", "R14,14", "R12,43", "R13,24")


def hbar_resistances(data=None):
    """Non-local resistances of a quantum spin Hall H-bar: lattice against ideal helical edges.

    Parameters
    ----------
    data : dict, optional
        From :func:`hbar_scans` (computed when not given).

    Left: the density of the states sent in from contact 1 (bottom left).
    Right: four-terminal resistances from the Büttiker formula with the
    lattice transmissions (bars) and with ideal helical edges (diamonds,
    :mod:`qtransport.models.helical`: ``R_14,23 = h/4e^2``).
    """
    from qtransport.models.helical import helical_four_terminal_resistance
    from qtransport.tb.topological import nonlocal_resistances

    if data is None:
        data = hbar_scans()
    zeemans, strengths = data["zeemans"], data["strengths"]
    index = {"R14,23": (0, 3, 1, 2), "R14,14": (0, 3, 0, 3), "R12,43": (0, 1, 3, 2), "R13,24": (0, 2, 1, 3)}
    ideal = np.array([helical_four_terminal_resistance(4, *index[name], unit="e^2/h") for name in _RESISTANCES])

    def compute(zeeman, disorder):
        scan = data["scans"][zeemans.index(zeeman)]
        i = strengths.index(disorder)
        t = scan.transmissions[i, 0]
        r = nonlocal_resistances(t)
        density = scan.densities[i]
        return {"R": np.array([r[name] for name in _RESISTANCES]), "ideal": ideal,
                "image": _image(data["tags"], density / max(float(density.max()), 1e-300)),
                "T": t * (1 - np.eye(4))}

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.2, 1])
        first = compute(zeemans[0], strengths[0])
        image = left.imshow(first["image"], origin="lower", cmap="magma", vmin=0, vmax=1, aspect="equal")
        left.set(xlabel="$x$ ($a$)", ylabel="$y$ ($a$)")
        tags = data["tags"]
        x, y = tags[:, 0] - tags[:, 0].min(), tags[:, 1] - tags[:, 1].min()
        for name, (px, py) in zip("1234", [(2, -2), (x.max() - 2, -2), (x.max() - 2, y.max() + 1),
                                             (2, y.max() + 1)], strict=True):
            left.text(px, py, name, color=RED, ha="center", va="center", fontweight="bold")
        left.set_ylim(-3.5, y.max() + 2.5)
        positions = np.arange(len(_RESISTANCES))
        bars = right.bar(positions, np.zeros(len(positions)), color=BLUE, alpha=0.7, label="lattice")
        (ideal_marks,) = right.plot(positions, ideal, "D", color=RED, ms=7, label="ideal helical edges")
        right.axhline(0, color=GREY, lw=0.6)
        right.set_xticks(positions, [f"$R_{{{n[1:3]},{n[4:]}}}$" for n in _RESISTANCES])
        right.set(xlabel="four-terminal resistance", ylabel="$R$ ($h/e^2$)", ylim=(-0.4, 1.6))
        right.legend(loc="upper right", fontsize="small")
        return {"left": left, "right": right, "image": image, "bars": bars, "ideal": ideal_marks}

    def draw(state, d, values):
        state["image"].set_data(d["image"])
        for bar, value in zip(state["bars"], d["R"], strict=True):
            bar.set_height(value)
        state["right"].set_ylim(min(-0.4, float(d["R"].min()) - 0.1), max(1.2, float(d["R"].max()) + 0.15))
        state["left"].set_title(f"from contact 1, E = {data['energy']:g} t; T₂₁ = {d['T'][1, 0]:.3f}, "
                                f"T₄₁ = {d['T'][3, 0]:.3f}")
        state["right"].set_title(f"R₁₄,₂₃ = {d['R'][0]:.3f} h/e² (ideal 0.25)")

    controls = {
        "zeeman": _selection("Zeeman field (t)", list(zeemans), zeemans[0]),
        "disorder": _selection("disorder W (t)", list(strengths), strengths[0]),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.6, 3.9),
                             title="Quantum spin Hall H-bar: non-local resistance h/4e² from helical edges")


FIGURES = {
    "graphene_bands": graphene_bands,
    "quantum_hall_staircase": quantum_hall_staircase,
    "klein_tunnelling": klein_tunnelling,
    "edge_states": edge_states,
    "hbar_resistances": hbar_resistances,
}
