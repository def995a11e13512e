"""Figures of chapter 4: coherence, resonance and dephasing.

* :func:`fabry_perot`: two barriers in series, the coherent transmission
  against the round-trip phase (:func:`qtransport.fabry_perot_transmission`),
  its phase average by quadrature next to the closed form
  (:func:`qtransport.fabry_perot_average`), and the "reflection resistances"
  ``(1 - T)/T`` that add up when the phase is lost
  (:func:`qtransport.four_probe_resistance`).
* :func:`resonant_tunneling`: two barriers on a tight-binding chain
  (the chain of :func:`qtransport.tb.geometries.chain`, all energies in one
  sweep of :func:`qtransport.lattice.rgf.rgf_transmission`):
  resonances against energy, their thermal average
  (:func:`qtransport.landauer_conductance`) and the incoherent series
  combination of the two barriers.
* :func:`dephasing_probe`: Büttiker's voltage probe between the barriers
  (:func:`qtransport.double_barrier_with_probe`), from coherent to
  incoherent as the coupling grows.

Tight-binding energies are in units of the hopping ``t`` (chain band
``[0, 4t]``); phases in radians; resistances in units of ``h/2e^2``.  No
physics here: every number plotted comes from the data functions of
:mod:`qtransport.figures.ch04`; this module holds the controls and draws.
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures import ch04 as _data
from qtransport.models.probes import MAX_COUPLING
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, PURPLE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider as _slider

__all__ = ["fabry_perot", "resonant_tunneling", "dephasing_probe", "FIGURES"]

#: Points of the periodic trapezoid rule used for phase averages (see
#: :data:`qtransport.figures.ch04.PHASE_POINTS`).
PHASE_POINTS = _data.PHASE_POINTS


def _phase_axis(ax):
    ax.set_xticks(np.arange(0, 5) * np.pi)
    ax.set_xticklabels(["0", "π", "2π", "3π", "4π"])


# --------------------------------------------------------------------------------------------
# 1. Fabry-Perot: coherent transmission, phase average, Ohmic addition
# --------------------------------------------------------------------------------------------
def fabry_perot():
    """Two barriers in series: ``T(phi)``, its phase average and the resistances that add.

    Left: the coherent transmission against the round-trip phase ``phi``
    (:func:`qtransport.fabry_perot_transmission`) with the chosen phase
    marked, and its average over ``phi``: by quadrature of the plotted
    function (a periodic trapezoid rule of :data:`PHASE_POINTS` points) and
    by the closed form :func:`qtransport.fabry_perot_average`.  Right: the
    four-probe resistances ``(1 - T)/T`` in units of ``h/2e^2``
    (:func:`qtransport.four_probe_resistance`) of each barrier, of their sum,
    of the coherent pair at the chosen phase and of the phase-averaged pair.
    """
    compute = _data.fabry_perot_data
    phi = compute(0.5, 0.5, 0.0).phi

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.55, 1])
        (curve,) = left.plot(phi, 0 * phi, color=BLUE, lw=2.0, label="coherent T(φ)")
        (average,) = left.plot(phi[[0, -1]], [0, 0], color=GREEN, lw=1.6, ls="--",
                               label="phase average ⟨T⟩")
        (marker,) = left.plot([0.0], [0.0], "o", color=ORANGE, ms=8)
        left.set(xlabel="round-trip phase φ", ylabel="transmission", ylim=(-0.02, 1.08),
                 xlim=(phi[0], phi[-1]))
        _phase_axis(left)
        left.legend(loc="upper center", ncols=2, fontsize="x-small")
        labels = ["barrier 1", "barrier 2", "1 + 2\n(Ohm)", "coherent\nat φ", "phase\naverage"]
        colours = ["0.6", "0.6", GREEN, BLUE, GREEN]
        bars = right.bar(np.arange(5), np.zeros(5), color=colours)
        right.set_xticks(np.arange(5))
        right.set_xticklabels(labels, fontsize="x-small")
        right.set(ylabel="(1 − T)/T (units of h/2e²)", xlabel="what is measured")
        texts = [right.text(i, 0.0, "", ha="center", va="bottom", fontsize="x-small") for i in range(5)]
        right.set_title("incoherent: the resistances (1 − T)/T add", fontsize="small")
        return {"left": left, "right": right, "curve": curve, "average": average, "marker": marker,
                "bars": bars, "texts": texts}

    def draw(state, data, values):
        state["curve"].set_ydata(data["T"])
        state["average"].set_ydata([data["closed"]] * 2)
        state["marker"].set_data([values["phase"]], [data["T_now"]])
        state["left"].set_title(
            f"⟨T⟩ over φ: quadrature {data['quadrature']:.12f}\n"
            f"T₁T₂/(T₁ + T₂ − T₁T₂) = {data['closed']:.12f};  peak {data['peak']:.4f}",
            fontsize="small",
        )
        heights = [data["r1"], data["r2"], data["r1"] + data["r2"], data["r_now"], data["r_avg"]]
        top = max(max(heights), 1e-3)
        for bar, text, height in zip(state["bars"], state["texts"], heights, strict=True):
            bar.set_height(height)
            text.set_position((text.get_position()[0], height + 0.02 * top))
            text.set_text(f"{round(height, 9):.3g}")  # round-off below 1e-9 shown as 0
        state["right"].set_ylim(0, nice_ceiling(1.18 * top))

    controls = {
        "T1": _slider("T₁", 0.3, 0.02, 1.0, 0.01),
        "T2": _slider("T₂", 0.3, 0.02, 1.0, 0.01),
        "phase": _slider("phase φ (rad)", 0.0, 0.0, 4 * np.pi, 0.02),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.8, 3.8),
        title="Two barriers in series: coherent resonances, and Ohm's law once the phase is averaged",
    )


# --------------------------------------------------------------------------------------------
# 2. resonant tunnelling through two barriers on a chain, thermal averaging
# --------------------------------------------------------------------------------------------
def resonant_tunneling():
    """Two single-site barriers on a tight-binding chain: resonances and their thermal average.

    Left: the potential along the chain (barriers of heights ``U1``, ``U2``
    a distance ``d`` apart).  Right: the coherent transmission ``T(E)``
    across the band (one recursive-Green's-function sweep over all energies,
    :func:`qtransport.lattice.rgf.rgf_transmission`), the
    conductance at temperature ``k_BT``, ``G/G0``
    (:func:`qtransport.landauer_conductance` on the sampled ``T``), and the
    incoherent (Ohmic) combination ``T1 T2 / (T1 + T2 - T1 T2)`` of the two
    barriers' own transmissions (:func:`qtransport.fabry_perot_average`).
    """
    compute = functools.lru_cache(maxsize=16)(_data.resonant_tunneling_data)  # values seen again are free
    grid = _data.chain_grid()

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1, 2.3])
        (profile,) = left.step([0, 1], [0, 0], where="mid", color=GREY, lw=2.0)
        left.axhspan(0, 4, color=BLUE, alpha=0.08, lw=0)
        left.text(0.04, 0.95, "band of the leads: 0 < E < 4t", transform=left.transAxes,
                  fontsize="x-small", color=BLUE, va="top")
        left.set(xlabel="site x", ylabel="potential V(x) (units of t)", ylim=(-0.2, 4.3),
                 title="the chain")
        (coherent,) = right.plot(grid, 0 * grid, color="0.55", lw=0.9, label="coherent T(E)")
        (ohm,) = right.plot(grid, 0 * grid, color=GREY, lw=1.8, ls="--",
                            label="incoherent T₁T₂/(T₁ + T₂ − T₁T₂)")
        (warm,) = right.plot(grid, 0 * grid, color=BLUE, lw=2.2, label="G/G₀ at k_BT")
        right.set(xlabel="energy E (units of t)", ylabel="transmission, G/G₀", xlim=(0, 4),
                  ylim=(-0.02, 1.12))
        right.legend(loc="upper center", ncols=3, fontsize="x-small")
        return {"left": left, "right": right, "profile": profile, "coherent": coherent, "ohm": ohm,
                "warm": warm}

    def draw(state, data, values):
        state["profile"].set_data(data["sites"], data["profile"])
        state["left"].set_xlim(data["sites"][0] - 0.5, data["sites"][-1] + 0.5)
        state["coherent"].set_ydata(data["T"])
        state["ohm"].set_ydata(data["ohm"])
        state["warm"].set_data(data["E_G"], data["G"])
        state["right"].set_title(
            f"barriers U₁ = {values['U1']:.2f} t, U₂ = {values['U2']:.2f} t, {values['d']} sites apart;"
            f"  k_BT = {values['kT']:.3f} t",
            fontsize="small",
        )

    controls = {
        "U1": _slider("barrier U₁ (t)", 1.5, 0.3, 3.0, 0.05),
        "U2": _slider("barrier U₂ (t)", 1.5, 0.3, 3.0, 0.05),
        "d": _slider("distance d (sites)", 16, 3, 40, 1, integer=True),
        "kT": _slider("k_BT (t)", 0.0, 0.0, 0.15, 0.005, fmt=".3f"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.8, 3.6),
        title="Resonant tunnelling through two barriers, and what temperature does to it",
    )


# --------------------------------------------------------------------------------------------
# 3. dephasing by a voltage probe
# --------------------------------------------------------------------------------------------
#: The probe models of the dropdown: label -> (model, its largest coupling).
PROBE_MODELS = {
    label: (model, MAX_COUPLING[model])
    for label, model in (("pure dephasing (directional probe)", "directional"),
                         ("Büttiker beam splitter", "beam_splitter"))
}


def dephasing_probe():
    """A floating voltage probe between two barriers: from coherent to incoherent.

    The probe couples to the cavity with strength ``epsilon`` (a fraction of
    the largest coupling its model allows: 1 for the directional probe, 1/2
    for Büttiker's beam splitter).  Left: the effective two-terminal
    transmission against the round-trip phase
    (:func:`qtransport.double_barrier_with_probe`) at the chosen coupling,
    the coherent Fabry-Pérot result without probe
    (:func:`qtransport.fabry_perot_transmission`) and the Ohmic series
    value (:func:`qtransport.fabry_perot_average`).  Right: as functions of
    the coupling, the transmission on resonance (``phi = 0``), off resonance
    (``phi = pi``) and averaged over ``phi`` (periodic trapezoid rule).
    """
    def compute(T1, T2, coupling, model):
        return _data.dephasing_probe_data(T1, T2, coupling, PROBE_MODELS[model][0])

    first = _data.dephasing_probe_data(0.3, 0.3, 0.0, "directional")
    phi, fractions = first.phi, first.eps / first.eps[-1]

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
        (coherent,) = left.plot(phi, 0 * phi, color="0.6", lw=1.1, label="coherent (no probe)")
        (ohm_l,) = left.plot(phi[[0, -1]], [0, 0], color=GREY, lw=1.6, ls="--", label="Ohmic series value")
        (curve,) = left.plot(phi, 0 * phi, color=BLUE, lw=2.2, label="with the probe")
        left.set(xlabel="round-trip phase φ", ylabel="effective transmission T_eff",
                 xlim=(phi[0], phi[-1]), ylim=(-0.02, 1.1))
        _phase_axis(left)
        left.legend(loc="upper center", ncols=3, fontsize="x-small")
        (on,) = right.plot(fractions, 0 * fractions, color=RED, lw=2.0, label="on resonance (φ = 0)")
        (off,) = right.plot(fractions, 0 * fractions, color=PURPLE, lw=2.0, label="off resonance (φ = π)")
        (avg,) = right.plot(fractions, 0 * fractions, color=GREEN, lw=2.0, label="average over φ")
        (ohm_r,) = right.plot([0, 1], [0, 0], color=GREY, lw=1.4, ls="--")
        marker = right.axvline(0.0, color=ORANGE, lw=1.2)
        (dots,) = right.plot([0, 0, 0], [0, 0, 0], "o", color=ORANGE, ms=6)
        right.set(xlabel="probe coupling ε", ylabel="T_eff", ylim=(-0.02, 1.1))
        right.legend(loc="upper right", fontsize="x-small")
        return {"left": left, "right": right, "coherent": coherent, "ohm_l": ohm_l, "curve": curve,
                "on": on, "off": off, "avg": avg, "ohm_r": ohm_r, "marker": marker, "dots": dots}

    def draw(state, data, values):
        eps, eps_now = data["eps"], data["eps_now"]
        state["coherent"].set_ydata(data["coherent"])
        state["curve"].set_ydata(data["T"])
        state["ohm_l"].set_ydata([data["ohm"]] * 2)
        for name in ("on", "off", "avg"):
            state[name].set_data(eps, data[name])
        state["ohm_r"].set_data(eps[[0, -1]], [data["ohm"]] * 2)
        state["right"].set_xlim(eps[0], eps[-1])
        state["marker"].set_xdata([eps_now, eps_now])
        state["dots"].set_data([eps_now] * 3, [data["on_now"], data["off_now"], data["avg_now"]])
        state["left"].set_title(
            f"ε = {eps_now:.2f}:  ⟨T_eff⟩ over φ = {data['avg_now']:.4f},  Ohmic {data['ohm']:.4f}",
            fontsize="small",
        )
        state["right"].set_title(PROBE_MODELS[values["model"]][0].replace("_", " ") + " probe", fontsize="small")

    controls = {
        "T1": _slider("T₁", 0.3, 0.1, 1.0, 0.01),
        "T2": _slider("T₂", 0.3, 0.1, 1.0, 0.01),
        "coupling": _slider("coupling (of its max)", 0.3, 0.0, 1.0, 0.01),
        "model": _dropdown("probe", list(PROBE_MODELS), next(iter(PROBE_MODELS))),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.8, 3.7),
        title="A dephasing voltage probe: from resonant (coherent) to Ohmic (incoherent) transport",
    )


FIGURES = figure_table(fabry_perot, resonant_tunneling, dephasing_probe)
