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

The data of every figure come from :mod:`qtransport.figures.ch10` (one
``*_data`` function per figure); this module lays out and draws.
The lattice figures take data computed beforehand (in the notebook, with a
progress bar) or compute a small default set when built; their controls
then only select from it.  Energies in units of the hopping ``t``, lengths in
units of the lattice constant ``a``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from qtransport.figures import ch10 as _data
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import selection_slider as _selection
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "staircase_data", "klein_data", "edge_scans", "hbar_scans", "graphene_bands",
    "quantum_hall_staircase", "klein_tunnelling", "edge_states", "hbar_resistances", "FIGURES",
]


# ---------------------------------------------------------------------------
# data computed beforehand (seeded, so every build shows the same samples)
# ---------------------------------------------------------------------------


staircase_data = _with_progress(_data.staircase_data, "ribbon in a field")


klein_data = _with_progress(_data.klein_data, "Klein tunnelling")


edge_scans = _with_progress(_data.edge_scans, "disordered ribbons")


hbar_scans = _with_progress(_data.hbar_scans, "H-bar")


# ---------------------------------------------------------------------------
# 1. graphene: bulk and ribbon bands
# ---------------------------------------------------------------------------


def graphene_bands():
    """Bulk bands of graphene along Gamma-K-M-Gamma, and the bands of a ribbon.

    Left: ``+-t|f(k)|`` (closed form, identical to the lattice's Bloch
    Hamiltonian) with the Dirac cone ``+-hbar v_F |k - K|``, ``v_F = 3ta/2hbar``
    (dashed).  Right: the bands of a zigzag or armchair ribbon, from the unit
    cell of the lattice ribbon; zigzag edge states in orange.
    """
    from matplotlib.collections import LineCollection

    from qtransport.models.dirac import armchair_is_metallic

    bulk = _data.graphene_bulk_data()
    dist, ticks, energies, near, cone = bulk.dist, list(bulk.ticks), bulk.energies, bulk.near, bulk.cone
    # ribbon bands are cached: the sliders revisit the same few widths
    compute = lru_cache(maxsize=None)(_data.graphene_bands_data)

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
        (marker,) = right.plot([-np.pi, np.pi], [0.0, 0.0], color=GREY, lw=0)  # keeps the axes' data limits
        return {"right": right, "lines": lines, "marker": marker, "dirac_k": dirac_k}

    def draw(state, data, values):
        bands = data["bands"]
        segs = [np.column_stack([data["k"], bands[:, n]]) for n in range(bands.shape[1])]
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

    if data is None:
        data = staircase_data()
    fluxes, energies, k = data["fluxes"], data["energies"], data["momenta"]

    def compute(flux):
        return _data.quantum_hall_staircase_data(flux, data=data)

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
        state["lines"].set_segments([np.column_stack([data_["k"], bands[:, n]]) for n in range(bands.shape[1])])
        state["lattice"].set_ydata(data_["T"])
        flux = values["flux"]
        state["dirac"].set_ydata(data_["dirac"])
        state["dirac"].set_visible(flux > 0)
        for line, level in zip(state["levels"], data_["levels"], strict=True):
            line.set_xdata([level, level])
            line.set_visible(flux > 0 and level < energies[-1])
        if flux > 0:
            state["left"].set_title(f"flux {flux:g} h/e per hexagon: ℓ_B = {data_['magnetic_length']:.1f} a")
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
    if data is None:
        data = klein_data()
    energy, angles = data["energy"], data["angles"]

    def compute(height, width, angle):
        return _data.klein_tunnelling_data(height, width, angle, data=data)

    def init(fig):
        left, right = fig.subplots(1, 2)
        (dirac,) = left.plot([], [], color=RED, lw=1.6, label="Dirac equation")
        (lattice,) = left.plot(angles, 0 * angles, "o", color=BLUE, ms=5, label="lattice")
        (cursor,) = left.plot([0, 0], [0, 1.05], color=GREY, lw=0.8, ls=":")
        left.set(xlabel="angle of incidence $\\phi$ (rad)", ylabel="transmission $T$", ylim=(0, 1.05),
                 xlim=(angles[0] - 0.05, angles[-1] + 0.05))
        left.legend(loc="lower center", fontsize="small")
        (vs,) = right.plot([], [], color=ORANGE, lw=1.6, label="Dirac, at the chosen φ")
        (normal,) = right.plot([], [], color=GREEN, lw=1.6, ls="--", label="Dirac, φ = 0")
        (mark,) = right.plot([0, 0], [0, 1.05], color=GREY, lw=0.8, ls=":")
        right.set(xlabel="barrier width $D$ ($a$)", ylabel="transmission $T$", ylim=(0, 1.05), xlim=(0, 120.0))
        right.legend(loc="lower left", fontsize="small")
        return {"left": left, "dirac": dirac, "lattice": lattice, "cursor": cursor, "vs": vs, "normal": normal,
                "mark": mark, "right": right}

    def draw(state, d, values):
        state["dirac"].set_data(d["phi"], d["dirac"])
        state["lattice"].set_ydata(d["lattice"])
        a = np.radians(values["angle"])
        state["cursor"].set_xdata([a, a])
        state["vs"].set_data(d["widths"], d["vs_width"])
        state["normal"].set_data(d["widths"], d["normal"])
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
        return _data.edge_states_data(system, disorder, scans=scans)

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
        state["expected"].set_ydata(d["expected"])
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

_RESISTANCES = tuple(_data.HBAR_RESISTANCES)


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
    if data is None:
        data = hbar_scans()
    zeemans, strengths = data["zeemans"], data["strengths"]

    def compute(zeeman, disorder):
        return _data.hbar_resistances_data(zeeman, disorder, data=data)

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
        (ideal_marks,) = right.plot(positions, first["ideal"], "D", color=RED, ms=7, label="ideal helical edges")
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


FIGURES = figure_table(
    graphene_bands, quantum_hall_staircase, klein_tunnelling, edge_states, hbar_resistances,
)
