"""Figures of chapter 11: superconducting interfaces.

* :func:`btk_curves`: the BTK conductance against bias for a barrier
  strength ``Z`` and a temperature, with the Andreev and normal reflection
  probabilities (:func:`qtransport.models.btk_conductance_curve`,
  :func:`~qtransport.models.btk_coefficients`; closed forms).
* :func:`ns_lattice`: a lattice NS junction, ``G = N - R_ee + R_he`` from the
  S-matrix blocks, against the BTK model channel by channel
  (:func:`qtransport.tb.andreev.andreev_conductance_map`,
  :func:`~qtransport.tb.andreev.btk_lattice_conductance`).
* :func:`beenakker_ratio`: ``G_NS / G_N`` against the normal transmission,
  and disordered junctions against Beenakker's formula
  (:func:`~qtransport.tb.andreev.beenakker_samples`).
* :func:`kitaev_spectrum`: the levels of an open Kitaev chain against ``mu``
  and its Majorana end states (:func:`~qtransport.tb.andreev.kitaev_lattice_spectrum`,
  :func:`~qtransport.tb.andreev.kitaev_majoranas`).
* :func:`zero_bias_peak`: the conductance of a Rashba-Zeeman wire on a
  superconductor against bias and Zeeman energy
  (:func:`~qtransport.tb.andreev.majorana_wire`).

The data of every figure come from :mod:`qtransport.figures.ch11` (one
``*_data`` function per figure); this module lays out and draws.
The lattice sweeps are computed once (the ``*_sweep`` functions, with a
progress bar in a notebook) and the controls only select from them.  Lattice
energies are in units of the hopping ``t``; conductances in ``e^2/h`` for one
Nambu copy (spin degeneracy would double them).
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures import ch11 as _data
from qtransport.figures.ch11 import (
    BEENAKKER_DELTA,
    BTK_BIAS,
    BTK_ENERGY,
    KITAEV_MUS,
    NS_DELTA,  # noqa: F401  (the notebook reads the strip's parameters here)
    NS_MU,  # noqa: F401
    NS_WIDTH,  # noqa: F401
    WIRE,  # noqa: F401
)
from qtransport.widgets._palette import BLUE, CYCLE, GREEN, GREY, ORANGE, PURPLE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import selection_slider as _selection
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "ns_sweep", "beenakker_data", "majorana_sweep", "btk_curves", "ns_lattice", "beenakker_ratio",
    "kitaev_spectrum", "zero_bias_peak", "FIGURES",
]


# ---------------------------------------------------------------------------
# precomputed lattice sweeps (seeded and deterministic)
# ---------------------------------------------------------------------------

ns_sweep = _with_progress(_data.ns_sweep, "NS junction")


beenakker_data = _with_progress(_data.beenakker_data, "disordered NS strips")


majorana_sweep = _with_progress(_data.majorana_sweep, "Majorana wire")


@functools.cache
def _default(name):
    """The default sweeps, computed once per kernel (they are seeded, hence always the same)."""
    return {"ns": ns_sweep, "beenakker": beenakker_data, "majorana": majorana_sweep}[name]()


# ---------------------------------------------------------------------------
# 1. BTK curves
# ---------------------------------------------------------------------------

def btk_curves():
    """BTK conductance ``G_NS/G_N`` against ``eV/Delta`` with barrier and temperature sliders.

    Left: the thermal curve (closed-form coefficients averaged over the
    thermal window), the same barrier at ``T = 0`` and the BCS density of
    states for comparison.  Right: the probabilities ``A`` (Andreev), ``B``
    (normal reflection), ``C`` and ``D`` (quasiparticle transmission) at
    ``T = 0``.  Energies in units of the gap; everything is analytic.
    """
    compute = _data.btk_curves_data

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        zeros = 0 * BTK_BIAS
        (warm,) = left.plot(BTK_BIAS, zeros, color=BLUE, lw=2.2, label="BTK at temperature T")
        (cold,) = left.plot(BTK_BIAS, zeros, color=GREY, ls="--", lw=1.2, label="same Z, T = 0")
        (dos,) = left.plot(BTK_BIAS, zeros, color=ORANGE, ls=":", lw=1.4, label="BCS density of states")
        left.axhline(1.0, color=GREY, lw=0.8)
        left.set(xlabel="bias $eV/\\Delta$", ylabel="$G_{NS}/G_N$", xlim=(BTK_BIAS[0], BTK_BIAS[-1]), ylim=(0, 4.1))
        left.legend(loc="upper right", fontsize="small")
        lines = {}
        for key, colour, label in (("A", BLUE, "A: Andreev"), ("B", RED, "B: normal reflection"),
                                   ("C", GREEN, "C: electron-like"), ("D", PURPLE, "D: hole-like")):
            (lines[key],) = right.plot(BTK_ENERGY, 0 * BTK_ENERGY, color=colour, lw=1.8, label=label)
        right.axvline(1.0, color=GREY, lw=0.8, ls=":")
        right.set(xlabel="energy $E/\\Delta$", ylabel="probability (T = 0)", xlim=(0, 3), ylim=(-0.02, 1.02))
        right.legend(loc="center right", fontsize="small")
        return {"left": left, "right": right, "warm": warm, "cold": cold, "dos": dos, "lines": lines}

    def draw(state, data, values):
        state["warm"].set_ydata(data["warm"])
        state["cold"].set_ydata(data["cold"])
        state["dos"].set_ydata(data["dos"])
        for key, line in state["lines"].items():
            line.set_ydata(data[key])
        state["left"].set_title(
            f"Z = {values['Z']:.2f} (T_N = {data['t_n']:.3f}), kT = {values['kT']:.2f} Δ: "
            f"G(0)/G_N = {data['zero']:.3f}"
        )
        state["right"].set_title("A + B + C + D = 1; C = D = 0 inside the gap")

    controls = {
        "Z": _slider("barrier Z", 0.0, 0.0, 5.0, 0.05),
        "kT": _slider("k_B T / Δ", 0.0, 0.0, 1.0, 0.02),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title="BTK model: Andreev reflection against barrier strength and temperature")


# ---------------------------------------------------------------------------
# 2. lattice NS junction against BTK
# ---------------------------------------------------------------------------


def ns_lattice(sweep=None):
    """A lattice NS strip: ``G = N - R_ee + R_he`` against ``E`` and the barrier, with BTK per channel.

    Parameters
    ----------
    sweep : FigureData, optional
        From :func:`ns_sweep` (computed with the defaults when not given).

    Left: the lattice conductance at the chosen barrier (dots) and the BTK
    model summed over the strip's channels with ``Z_n = U / 2t sin k_n``
    (line), with the normal-state ``G_N = sum_n T_n`` (dashed).  Right: the
    zero-bias ratio ``G_NS/G_N`` against the barrier height ``U``: lattice
    ``G_NS`` over ``G_N = sum_n T_n`` with the barrier's exact
    ``T_n = 1/(1 + Z_n^2)`` (dots), and the closed form
    ``sum_n 2T_n^2/(2 - T_n)^2 / sum_n T_n`` (line).
    """
    sw = _default("ns") if sweep is None else sweep

    def compute(barrier):
        return _data.ns_lattice_data(barrier, sweep=sw)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        first = compute(float(sw.barriers[0]))
        x = first["x"]
        (lat,) = left.plot(x, 0 * x, "o", color=BLUE, ms=4, label="lattice: N − R_ee + R_he")
        (btk,) = left.plot(first["fine"], 0 * first["fine"], color=ORANGE, lw=1.6, label="BTK, each channel its own Z_n")
        g_line = left.axhline(1.0, color=GREY, ls="--", lw=1.2, label="normal state G_N = Σ T_n")
        left.set(xlabel="energy $E/\\Delta$", ylabel="$G_{NS}$ ($e^2/h$)", xlim=(x[0], x[-1]))
        left.legend(loc="upper right", fontsize="small")
        right.plot(first["u_fine"], first["ratio_fine"], color=ORANGE, lw=1.6, label="Σ 2T²/(2−T)² / Σ T")
        right.plot(first["barriers"], first["ratios"], "o", color=BLUE, ms=5, label="lattice, E → 0")
        cursor = right.axvline(0.0, color=RED, ls=":", lw=1.2)
        right.axhline(2.0, color=GREY, lw=0.8)
        right.set(xlabel="barrier height $U$ ($t$)", ylabel="$G_{NS}/G_N$ at zero bias", ylim=(0, 2.15))
        right.legend(loc="upper right", fontsize="small")
        return {"left": left, "right": right, "lat": lat, "btk": btk, "g_line": g_line, "cursor": cursor}

    def draw(state, data, values):
        state["lat"].set_ydata(data["lattice"])
        state["btk"].set_ydata(data["btk"])
        state["g_line"].set_ydata([data["g_n"]] * 2)
        top = max(float(np.max(data["lattice"])), float(np.max(data["btk"])), data["g_n"])
        state["left"].set_ylim(0, nice_ceiling(1.15 * top))
        z = ", ".join(f"{v:.2f}" for v in data["z"])
        state["left"].set_title(f"U = {data['u']:g} t: Z_n = {z}")
        state["cursor"].set_xdata([data["u"]] * 2)
        state["right"].set_title(f"G_NS/G_N(0) = {data['ratio']:.3f}")

    start = float(sw.barriers[min(3, len(sw.barriers) - 1)])
    controls = {"barrier": _selection("barrier U (t)", [float(u) for u in sw.barriers], start)}
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 3.9),
        title=f"Lattice NS strip (W = {sw.width}, μ = {sw.mu:g} t, Δ = {sw.delta:g} t) against BTK",
    )


# ---------------------------------------------------------------------------
# 3. Beenakker's formula
# ---------------------------------------------------------------------------


def beenakker_ratio(data=None):
    """``G_NS/G_N`` against the transmission, and disordered junctions against Beenakker's formula.

    Parameters
    ----------
    data : FigureData, optional
        From :func:`beenakker_data` (computed with the defaults when not given).

    Left: one channel, ``G_NS/G_N = 2T/(2 - T)^2`` (line) against a lattice
    chain with a barrier (dots; ``T`` from its normal state), crossing 1 at
    ``T = 3 - sqrt 5``.  Right: each disordered strip's lattice ``G_NS``
    against Beenakker's formula evaluated with the transmission eigenvalues
    of its own normal part; the chosen disorder is highlighted, and the
    inset histogram shows its ``T_n``.
    """
    d = _default("beenakker") if data is None else data
    disorders = sorted(d.strips)

    def compute(disorder):
        return _data.beenakker_ratio_data(disorder, data=d)

    def init(fig):
        left, right = fig.subplots(1, 2)
        first = compute(float(disorders[0]))
        pred, latt, top = first["pred"], first["latt"], first["top"]
        left.plot(first["T"], first["ns_ratio"], color=ORANGE, lw=1.8, label="2T/(2 − T)²")
        left.plot(first["chain_T"], first["chain_ratio"], "o", color=BLUE, ms=5, label="lattice chain with a barrier")
        left.axhline(1.0, color=GREY, lw=0.8)
        left.set(xlabel="normal transmission $T$", ylabel="$G_{NS}/G_N$ (one channel)", xlim=(0, 1), ylim=(0, 2.1))
        left.legend(loc="upper left", fontsize="small")
        right.plot([0, top], [0, top], color=GREY, lw=1.0, label="y = x")
        others = []
        for k, (w, colour) in enumerate(zip(disorders, CYCLE[1:], strict=False)):
            others.append(right.plot(pred[k], latt[k], "o", color=colour, ms=4, alpha=0.35, label=f"w = {w:g} t")[0])
        (chosen,) = right.plot(first["x"], first["y"], "o", color=BLUE, ms=6, mfc="none", mew=1.5)
        right.set(xlabel="Beenakker: $2\\sum_n T_n^2/(2 - T_n)^2$ ($e^2/h$)",
                  ylabel="lattice $G_{NS}$ ($e^2/h$)", xlim=(0, top), ylim=(0, top))
        right.legend(loc="upper left", fontsize="small")
        inset = right.inset_axes([0.62, 0.1, 0.35, 0.3])
        stairs = inset.stairs(np.zeros(10), np.linspace(0, 1, 11), fill=True, color=BLUE, alpha=0.5)
        inset.set_xlabel("$T_n$", fontsize="x-small")
        inset.set_ylabel("count", fontsize="x-small")
        inset.tick_params(labelsize="x-small")
        return {"right": right, "chosen": chosen, "stairs": stairs, "inset": inset}

    def draw(state, data, values):
        state["chosen"].set_data(data["x"], data["y"])
        state["stairs"].set_data(data["hist"], data["edges"])
        state["inset"].set_ylim(0, nice_ceiling(1.1 * max(float(data["hist"].max()), 1.0)))
        state["right"].set_title(
            f"w = {values['disorder']:g} t: ⟨G_NS/G_N⟩ = {data['ratio']:.2f}, "
            f"max |dev| {100 * data['dev']:.2f} %"
        )

    controls = {"disorder": _selection("disorder w (t)", [float(w) for w in disorders], float(disorders[0]))}
    n_real = len(d.strips[disorders[0]])
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 3.9),
        title=f"Beenakker's formula: {n_real} disordered strips per disorder, E = 0, Δ = {BEENAKKER_DELTA:g} t",
    )


# ---------------------------------------------------------------------------
# 4. Kitaev chain
# ---------------------------------------------------------------------------

def kitaev_spectrum():
    """Levels of an open Kitaev chain against ``mu``, and its two Majorana end states.

    Left: every BdG level of the lattice chain (``t = 1``) against ``mu``; the
    shaded band is the closed-form bulk gap ``+-min_k E(k)`` and the shaded
    region ``|mu| < 2t`` the topological phase.  Right: at the chosen ``mu``,
    the site densities of the two Majorana combinations of the lowest pair.
    """
    # moving mu alone reuses the sweep of the levels
    sweep = functools.lru_cache(maxsize=64)(_data.kitaev_sweep_data)

    def compute(n_sites, delta, mu):
        return _data.kitaev_spectrum_data(n_sites, delta, mu, sweep=sweep(int(n_sites), float(delta)))

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        left.axvspan(-2, 2, color=GREEN, alpha=0.08, lw=0, label="topological |μ| < 2t")
        state = {"left": left, "right": right, "levels": [], "band": None}
        (state["upper"],) = left.plot(KITAEV_MUS, 0 * KITAEV_MUS, color=ORANGE, ls="--", lw=1.2,
                                      label="bulk gap (closed form)")
        (state["lower"],) = left.plot(KITAEV_MUS, 0 * KITAEV_MUS, color=ORANGE, ls="--", lw=1.2)
        state["cursor"] = left.axvline(0.0, color=RED, ls=":", lw=1.2)
        left.set(xlabel="chemical potential $\\mu$ ($t$)", ylabel="BdG levels $E$ ($t$)",
                 xlim=(KITAEV_MUS[0], KITAEV_MUS[-1]), ylim=(-3.2, 3.2))
        left.legend(loc="upper right", fontsize="x-small")
        (state["maj_l"],) = right.plot([0.0], [0.0], "o-", color=BLUE, ms=3, lw=1.2, label="Majorana γ₁")
        (state["maj_r"],) = right.plot([0.0], [0.0], "s-", color=ORANGE, ms=3, lw=1.2, label="Majorana γ₂")
        right.set(xlabel="site $j$", ylabel="density $|\\gamma_j|^2$")
        right.legend(loc="upper center", fontsize="small")
        return state

    def draw(state, data, values):
        left = state["left"]
        levels = data["levels"]
        # every level in one collection: one artist draws faster than 2N lines
        segments = np.stack([np.broadcast_to(data["mus"], levels.T.shape), levels.T], axis=-1)
        if not state["levels"]:
            from matplotlib.collections import LineCollection

            state["levels"].append(left.add_collection(LineCollection([], colors=BLUE, linewidths=0.8)))
        state["levels"][0].set_segments(segments)
        state["upper"].set_ydata(data["gap"])
        state["lower"].set_ydata(-data["gap"])
        state["cursor"].set_xdata([values["mu"]] * 2)
        left.set_title(f"open chain, N = {values['n_sites']}, Δ = {values['delta']:.2f} t")
        right = state["right"]
        state["maj_l"].set_data(data["sites"], data["left"])
        state["maj_r"].set_data(data["sites"], data["right"])
        right.set_xlim(-0.5, values["n_sites"] - 0.5)
        right.set_ylim(0, nice_ceiling(1.1 * max(float(data["left"].max()), float(data["right"].max()))))
        right.set_title(f"μ = {values['mu']:.2f} t: lowest level E = {data['energy']:.2e} t")

    controls = {
        "n_sites": _slider("sites N", 20, 4, 32, 1, integer=True),
        "delta": _slider("pairing Δ (t)", 0.5, 0.05, 1.0, 0.05),
        "mu": _slider("μ (t)", 1.0, -3.0, 3.0, 0.05),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title="Kitaev chain: zero-energy end states for |μ| < 2t")


# ---------------------------------------------------------------------------
# 5. zero-bias peak of a Majorana wire
# ---------------------------------------------------------------------------


def zero_bias_peak(sweep=None):
    """Conductance of a Rashba-Zeeman wire on a superconductor against bias and Zeeman energy.

    Parameters
    ----------
    sweep : FigureData, optional
        From :func:`majorana_sweep` (computed with the defaults when not given).

    Left: ``G(E, E_z)`` of the semi-infinite proximitized wire behind a
    tunnel barrier, lattice (colour), with the closed-form critical field
    ``sqrt(Delta^2 + mu^2)`` (dashed) and the chosen ``E_z`` (dotted).
    Middle: the cut at the chosen ``E_z``.  Right: the zero-bias conductance,
    ``0`` below the critical field and ``2e^2/h`` above it.
    """
    sw = _default("majorana") if sweep is None else sweep
    p = sw.params

    def compute(zeeman):
        return _data.zero_bias_peak_data(zeeman, sweep=sw)

    crit = compute(float(sw.zeeman[0]))["critical"]

    def init(fig):
        ax_map, ax_cut, ax_zero = fig.subplots(1, 3, width_ratios=[1.2, 1, 1])
        # The map shows the uniform bias grid (imshow draws equal rows); the zero-bias column is drawn on the right.
        uniform = sw.energies != 0.0
        dz = np.diff(sw.zeeman).mean() / 2
        de = np.diff(sw.energies[uniform]).mean() / 2
        extent = (sw.zeeman[0] - dz, sw.zeeman[-1] + dz, sw.energies[uniform][0] - de, sw.energies[uniform][-1] + de)
        image = ax_map.imshow(sw.conductance[:, uniform].T, origin="lower", aspect="auto", extent=extent, cmap="viridis",
                              vmin=0, vmax=2)
        bar = fig.colorbar(image, ax=ax_map)
        bar.ax.set_ylabel("$G$")
        bar.ax.set_xlabel("$e^2/h$", fontsize="small")
        ax_map.axvline(crit, color="white", ls="--", lw=1.2)
        cursor = ax_map.axvline(sw.zeeman[0], color=RED, ls=":", lw=1.4)
        ax_map.set(xlabel="Zeeman energy $E_z$ ($t$)", ylabel="bias $eV$ ($t$)")
        ax_map.grid(False)
        (cut,) = ax_cut.plot(sw.energies, 0 * sw.energies, "o-", color=BLUE, ms=3, lw=1.2)
        ax_cut.axhline(2.0, color=GREY, ls="--", lw=1.0)
        ax_cut.set(xlabel="bias $eV$ ($t$)", ylabel="$G$ ($e^2/h$)", ylim=(-0.05, 2.3),
                   xlim=(sw.energies[0], sw.energies[-1]))
        ax_zero.plot(sw.zeeman, sw.zero_bias, "o", color=BLUE, ms=5, label="lattice, eV = 0")
        ax_zero.axvline(crit, color=ORANGE, ls="--", lw=1.4, label="√(Δ² + μ²)")
        dot = ax_zero.plot([sw.zeeman[0]], [sw.zero_bias[0]], "o", color=RED, ms=9, mfc="none", mew=1.6)[0]
        ax_zero.set(xlabel="Zeeman energy $E_z$ ($t$)", ylabel="$G(eV = 0)$ ($e^2/h$)", ylim=(-0.05, 2.3))
        ax_zero.legend(loc="center right", fontsize="small")
        return {"cursor": cursor, "cut": cut, "dot": dot, "ax_cut": ax_cut}

    def draw(state, data, values):
        state["cursor"].set_xdata([data["ez"]] * 2)
        state["cut"].set_ydata(data["cut"])
        state["dot"].set_data([data["ez"]], [data["g0"]])
        phase = "topological" if data["topological"] else "trivial"
        state["ax_cut"].set_title(f"E_z = {data['ez']:.3f} t ({phase}): G(0) = {data['g0']:.3f} e²/h")

    controls = {"zeeman": _selection("Zeeman E_z (t)", [round(float(z), 4) for z in sw.zeeman],
                                     round(float(sw.zeeman[len(sw.zeeman) // 2]), 4))}
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(10.5, 3.7),
        title=(f"Majorana wire (Δ = {p['delta']:g} t, μ = {p['mu']:g} t, α = {p['alpha']:g} ta): "
               "the zero-bias peak appears at E_z = √(Δ² + μ²)"),
    )


FIGURES = figure_table(btk_curves, ns_lattice, beenakker_ratio, kitaev_spectrum, zero_bias_peak)
