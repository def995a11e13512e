"""Figures of chapter 9: spin.

* :func:`spin_valve`: ``G(theta)`` of a lattice spin valve (two ferromagnetic
  chains and a junction bond, :func:`qtransport.tb.spintronics.valve_transmission`)
  against Julliere's law ``1 + P1 P2 cos theta``
  (:func:`qtransport.models.spin.tunnel_conductance_angle`), with the
  polarizations as sliders.
* :func:`magnetoresistance`: Julliere's TMR against the polarizations and the
  two-current GMR against the layer resistances, with and without a contact
  resistance (:mod:`qtransport.models.spin`).
* :func:`datta_das`: the spin-resolved transmission of a Rashba chain against
  the spin-orbit strength and length, and the bands that set the precession
  angle (:func:`~qtransport.tb.spintronics.datta_das_transmission`).
* :func:`helical_wire`: bands of a Rashba wire in a Zeeman field and its
  conductance, the half step in the helical gap
  (:func:`~qtransport.tb.spintronics.helical_conductance_scan`).
* :func:`reciprocity`: ``T_ij(B, M)`` against ``T_ji(-B, -M)`` on a magnetized
  four-terminal cross (:func:`~qtransport.tb.spintronics.reciprocity_scan`).
* :func:`antilocalization`: the ensemble-averaged magnetoconductance of
  disordered strips with and without spin-orbit coupling
  (:func:`~qtransport.tb.spintronics.magnetoconductance_ensemble`).

The data of every figure come from :mod:`qtransport.figures.ch09` (one
``*_data`` function per figure, which selects from the lattice scans below);
this module lays out and draws.  Lattice data are computed when a figure is built (or passed in, precomputed
in the notebook); the controls then select from them.  Energies are in units
of the hopping ``t``, lengths in lattice constants.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures import ch09 as _data
from qtransport.figures.ch09 import (
    CROSS_ALPHA,
    CROSS_ARM,  # noqa: F401  (the notebook builds the same cross)
    CROSS_ENERGY,
    CROSS_EXCHANGES,
    CROSS_FLUXES,
    CROSS_PAIRS,
    CROSS_SIZE,
    DD_ALPHAS,
    DD_ENERGY,
    HELICAL_ALPHAS,
    HELICAL_ENERGIES,
    HELICAL_ZEEMANS,
    VALVE_ANGLES,
    VALVE_ENERGY,
    WAL_DISORDER,
    WAL_LENGTH,
    WAL_WIDTH,
)
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import selection_slider as _selection
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "VALVE_ENERGY", "VALVE_ANGLES", "datta_das_scan", "helical_data", "reciprocity_scan",
    "antilocalization_scan", "spin_valve", "magnetoresistance", "datta_das", "helical_wire",
    "reciprocity", "antilocalization", "FIGURES",
]


# ---------------------------------------------------------------------------
# precomputed lattice data (seeded where random)
# ---------------------------------------------------------------------------


datta_das_scan = _with_progress(_data.datta_das_scan, "Rashba chains")


helical_data = _with_progress(_data.helical_data, "Rashba-Zeeman wire")


reciprocity_scan = _with_progress(_data.reciprocity_scan, "magnetized cross")


antilocalization_scan = _with_progress(_data.antilocalization_scan, "disordered strips")


# ---------------------------------------------------------------------------
# 1. spin valve
# ---------------------------------------------------------------------------


def spin_valve():
    """Lattice spin valve ``G(theta)`` against Julliere's law, polarizations as sliders.

    The sliders set the surface polarizations ``P1, P2`` of the two
    electrodes; the exchange energies that give them at ``E = 1 t`` come from
    :func:`~qtransport.tb.spintronics.exchange_for_polarization`.  Left: the
    lattice transmission (dots, nine angles) and Julliere's
    ``bar G (1 + P1 P2 cos theta)`` with the lattice ``bar G`` (line).  Right:
    the same divided by ``bar G``, where a weak junction bond lies on the
    cosine and a perfect contact (``tau = 1``) does not.
    """
    compute = _data.spin_valve_data

    def init(fig):
        left, right = fig.subplots(1, 2)
        (line,) = left.plot([], [], color=ORANGE, lw=1.6, label="Julliere, $\\bar G(1 + P_1P_2\\cos\\theta)$")
        (dots,) = left.plot([], [], "o", color=BLUE, ms=6, label="lattice")
        left.set(xlabel="$\\theta$ (rad)", ylabel="$G$ ($e^2/h$)", xlim=(0, np.pi))
        left.legend(loc="upper right", fontsize="small")
        (nline,) = right.plot([], [], color=ORANGE, lw=1.6)
        (ndots,) = right.plot([], [], "o", color=BLUE, ms=6)
        right.axhline(1.0, color=GREY, lw=0.8)
        right.set(xlabel="$\\theta$ (rad)", ylabel="$G(\\theta)/\\bar G$", xlim=(0, np.pi))
        return {"left": left, "right": right, "line": line, "dots": dots, "nline": nline, "ndots": ndots}

    def draw(state, data, values):
        state["line"].set_data(data["theta"], data["julliere"])
        state["dots"].set_data(data["angles"], data["lattice"])
        state["nline"].set_data(data["theta"], data["julliere_ratio"])
        state["ndots"].set_data(data["angles"], data["lattice_ratio"])
        top = max(float(data["lattice"].max()), float(data["julliere"].max()))
        state["left"].set_ylim(0, nice_ceiling(1.15 * top))
        lo = min(float(data["lattice_ratio"].min()), float(data["julliere_ratio"].min()))
        hi = max(float(data["lattice_ratio"].max()), float(data["julliere_ratio"].max()))
        state["right"].set_ylim(min(lo, 0.95) - 0.02, max(hi, 1.05) + 0.02)
        h1, h2 = data["h"]
        state["left"].set_title(f"h₁ = {h1:.3f} t, h₂ = {h2:.3f} t, τ = {values['coupling']:.2f} t", fontsize="small")
        state["right"].set_title(f"TMR: lattice {data['tmr']:.3f}, Julliere {data['tmr_julliere']:.3f}",
                                 fontsize="small")

    controls = {
        "p1": _slider("polarization P₁", 0.5, 0.0, 0.9, 0.05),
        "p2": _slider("polarization P₂", 0.5, 0.0, 0.9, 0.05),
        "coupling": _slider("junction hopping τ (t)", 0.1, 0.05, 1.0, 0.05),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title="Spin valve on the lattice (E = 1 t): G(θ) and Julliere's law")


# ---------------------------------------------------------------------------
# 2. TMR and GMR
# ---------------------------------------------------------------------------


def magnetoresistance():
    """Julliere's TMR against ``P`` and the two-current GMR against ``R/r`` (closed forms).

    Left: ``TMR = 2 P1 P2/(1 - P1 P2)`` against ``P1`` for the chosen ``P2``
    (and for ``P1 = P2``), the slider value marked.  Right: ``GMR`` of a
    trilayer against the ratio ``R/r`` of minority to majority resistance,
    from :func:`~qtransport.models.spin.giant_magnetoresistance` (no contact
    resistance) and from :func:`~qtransport.models.spin.two_current_resistance`
    with a spin-independent contact resistance ``c`` in series, which dilutes
    the effect.
    """
    compute = _data.magnetoresistance_data

    def init(fig):
        left, right = fig.subplots(1, 2)
        (tp1,) = left.plot([], [], color=BLUE, lw=1.8, label="against $P_1$, $P_2$ fixed")
        (teq,) = left.plot([], [], "--", color=GREY, lw=1.2, label="$P_1 = P_2$")
        (tdot,) = left.plot([0.5], [0.0], "o", color=RED, ms=7)
        left.set(xlabel="polarization $P_1$", ylabel="TMR $= (R_{AP} - R_P)/R_P$", xlim=(0, 0.95))
        left.legend(loc="upper left", fontsize="small")
        (g0,) = right.plot([], [], color=BLUE, lw=1.8, label="trilayer $(R - r)^2/4rR$")
        (gc,) = right.plot([], [], color=ORANGE, lw=1.8, label="with contact $c$")
        (gdot,) = right.plot([2.0, 2.0], [0.0, 0.0], "o", color=RED, ms=7)
        right.set(xlabel="$R/r$ (minority / majority)", ylabel="GMR $= (R_{AP} - R_P)/R_P$", xscale="log",
                  xlim=(1, 20))
        right.legend(loc="upper left", fontsize="small")
        return {"left": left, "right": right, "tp1": tp1, "teq": teq, "tdot": tdot, "g0": g0, "gc": gc,
                "gdot": gdot}

    def draw(state, data, values):
        state["tp1"].set_data(data["p"], data["tmr_p1"])
        state["teq"].set_data(data["p"], data["tmr_equal"])
        state["tdot"].set_data([values["p1"]], [data["tmr"]])
        state["left"].set_ylim(0, nice_ceiling(1.05 * min(float(max(data["tmr_p1"].max(), data["tmr"])), 12.0) + 0.05))
        state["left"].set_title(f"P₁ = {values['p1']:.2f}, P₂ = {values['p2']:.2f}: TMR = {data['tmr']:.3f}",
                                fontsize="small")
        state["g0"].set_data(data["ratio"], data["gmr"])
        state["gc"].set_data(data["ratio"], data["gmr_contact"])
        rr = values["resistance_ratio"]
        state["gdot"].set_data([rr, rr], [data["gmr_bare"], data["gmr_here"]])
        state["right"].set_ylim(0, nice_ceiling(1.05 * float(data["gmr"].max())))
        state["right"].set_title(f"R/r = {rr:.1f}: GMR {data['gmr_bare']:.3f}, with c = {values['contact']:.1f} r: "
                                 f"{data['gmr_here']:.3f}", fontsize="small")

    controls = {
        "p1": _slider("P₁", 0.5, 0.0, 0.95, 0.05),
        "p2": _slider("P₂", 0.5, 0.0, 0.95, 0.05),
        "resistance_ratio": _slider("R/r", 3.0, 1.0, 20.0, 0.5, fmt=".1f"),
        "contact": _slider("contact c (units of r)", 1.0, 0.1, 5.0, 0.1, fmt=".1f"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title="Magnetoresistance: Julliere's TMR and the two-current GMR (closed forms)")


# ---------------------------------------------------------------------------
# 3. Datta-Das
# ---------------------------------------------------------------------------


def datta_das(data=None):
    """Datta-Das: the ``+x -> +x`` transmission of a Rashba chain against ``alpha``, and its bands.

    Parameters
    ----------
    data : dict of int to ndarray, optional
        From :func:`datta_das_scan` (computed when nothing is given).

    Left: lattice ``T_{++}`` and ``T_{-+}`` against the spin-orbit hopping
    ``alpha`` for the chosen length (lines), with the precession law
    ``cos^2((k_+ - k_-) L / 2)`` (dotted) and the slider value marked.
    Right: the two spin branches of the Rashba chain from the lattice lead
    bands at the chosen ``alpha``, with the right-moving states at the Fermi
    energy (dots) and their distance ``k_+ - k_-``.
    """
    if data is None:
        data = datta_das_scan()
    lengths = sorted(data)

    def compute(length, alpha):
        return _data.datta_das_data(length, alpha, table=data[length])

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        (same,) = left.plot(DD_ALPHAS, 0 * DD_ALPHAS, color=BLUE, lw=2, label="$T_{+x\\to+x}$ lattice")
        (flip,) = left.plot(DD_ALPHAS, 0 * DD_ALPHAS, color=ORANGE, lw=1.5, label="$T_{+x\\to-x}$ lattice")
        (prec,) = left.plot(DD_ALPHAS, 0 * DD_ALPHAS, ":", color="k", lw=1.4,
                            label="$\\cos^2[(k_+ - k_-)L/2]$")
        cursor = left.axvline(0.0, color=GREY, lw=0.8)
        left.set(xlabel="spin-orbit hopping $\\alpha$ ($t$)", ylabel="transmission", xlim=(0, DD_ALPHAS[-1]),
                 ylim=(-0.02, 1.1))
        left.legend(loc="lower right", fontsize="small")
        lines = [right.plot([], [], color=c, lw=1.6)[0] for c in (BLUE, ORANGE)]
        right.axhline(DD_ENERGY, color=GREY, lw=0.8, ls="--")
        (dots,) = right.plot([0.0, 0.0], [DD_ENERGY, DD_ENERGY], "o", color=RED, ms=6)
        right.set(xlabel="$k$ (1/$a$)", ylabel="$E$ ($t$)", xlim=(-np.pi, np.pi), ylim=(-0.5, 4.5))
        return {"left": left, "right": right, "same": same, "flip": flip, "prec": prec, "cursor": cursor,
                "lines": lines, "dots": dots}

    def draw(state, data_, values):
        state["same"].set_ydata(data_["same"])
        state["flip"].set_ydata(data_["flip"])
        state["prec"].set_ydata(data_["precession"])
        state["cursor"].set_xdata([data_["alpha"]] * 2)
        i = data_["i"]
        state["left"].set_title(f"L = {values['length']} bonds, α = {data_['alpha']:.2f} t: "
                                f"T₊₊ = {data_['same'][i]:.3f}", fontsize="small")
        for line, band in zip(state["lines"], data_["bands"].T, strict=True):
            line.set_data(data_["k"], band)
        kc = data_["k_cross"]
        state["dots"].set_data(kc, np.full(kc.shape, DD_ENERGY))
        state["right"].set_title(f"k₊ − k₋ = {data_['dk']:.3f}/a, angle over L: "
                                 f"{data_['dk'] * values['length']:.2f} rad", fontsize="small")

    controls = {
        "length": _selection("length L (bonds)", lengths, lengths[len(lengths) // 2]),
        "alpha": _slider("α (t)", 0.1, 0.0, float(DD_ALPHAS[-1]), float(DD_ALPHAS[1] - DD_ALPHAS[0])),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title=f"Datta-Das: spin precession in a Rashba chain between x-polarized contacts "
                             f"(E = {DD_ENERGY:g} t)")


# ---------------------------------------------------------------------------
# 4. helical gap
# ---------------------------------------------------------------------------


def helical_wire(data=None):
    """Bands of a Rashba wire in a Zeeman field, and the conductance: a half step in the helical gap.

    Parameters
    ----------
    data : ndarray, optional
        From :func:`helical_data` (computed when nothing is given).

    Left: the lattice lead bands (lines), with the energy slider as a dashed
    line.  Right: the lattice transmission ``T(E)`` of the clean wire
    (``G = (e^2/h) T``), which drops from 2 to 1 for ``|E| < E_z``, and the
    count of right-moving states of the closed-form bands (dotted).
    """
    if data is None:
        data = helical_data()
    energies = HELICAL_ENERGIES

    def compute(alpha, zeeman, energy):
        return _data.helical_wire_data(alpha, zeeman, energy, scan=data)

    def init(fig):
        left, right = fig.subplots(1, 2)
        lines = [left.plot([], [], color=c, lw=1.6)[0] for c in (BLUE, ORANGE)]
        e_line = left.axhline(0.0, color=GREY, lw=0.8, ls="--")
        left.set(xlabel="$k$ (1/$a$)", ylabel="$E$ ($t$)", xlim=(-1.6, 1.6), ylim=(energies[0], energies[-1]))
        (count,) = right.plot([], [], ":", color="k", lw=1.4, label="right movers (closed form)")
        (T,) = right.plot(0 * energies, energies, "o-", color=BLUE, ms=3, lw=1.2, label="lattice")
        e_line2 = right.axhline(0.0, color=GREY, lw=0.8, ls="--")
        right.set(xlabel="$G$ ($e^2/h$)", ylabel="$E$ ($t$)", xlim=(-0.1, 2.6), ylim=(energies[0], energies[-1]))
        right.legend(loc="lower right", fontsize="small")
        return {"left": left, "right": right, "lines": lines, "count": count, "T": T, "e_line": e_line,
                "e_line2": e_line2}

    def draw(state, data_, values):
        for line, band in zip(state["lines"], data_["bands"].T, strict=True):
            line.set_data(data_["k"], band)
        state["count"].set_data(data_["count"], data_["fine"])
        state["T"].set_xdata(data_["T"])
        for name in ("e_line", "e_line2"):
            state[name].set_ydata([values["energy"]] * 2)
        state["left"].set_title(f"α = {values['alpha']:g} t, E_z = {values['zeeman']:g} t: gap 2E_z at k = 0",
                                fontsize="small")
        state["right"].set_title(f"G({values['energy']:.2f} t) = {data_['T_here']:.2f} e²/h", fontsize="small")

    controls = {
        "alpha": _selection("α (t)", list(HELICAL_ALPHAS), HELICAL_ALPHAS[-1]),
        "zeeman": _selection("Zeeman E_z (t)", list(HELICAL_ZEEMANS), HELICAL_ZEEMANS[2]),
        "energy": _slider("Fermi energy (t)", 0.0, float(energies[0]), float(energies[-1]), 0.025),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title="Rashba wire in a Zeeman field: the helical gap is a half step of conductance")


# ---------------------------------------------------------------------------
# 5. reciprocity
# ---------------------------------------------------------------------------


def reciprocity(data=None):
    """``T_ij(B, M)`` against ``T_ji(-B, -M)`` on a magnetized cross with spin-orbit coupling.

    Parameters
    ----------
    data : ndarray, optional
        From :func:`reciprocity_scan`, on the grids ``CROSS_EXCHANGES`` x
        ``CROSS_FLUXES`` (both symmetric about zero).

    Left: ``T_ij(B, M)`` (solid) and ``T_ji(-B, -M)`` (dots) against the flux
    per plaquette, for the chosen pair and magnetization: they coincide.
    ``T_ji(B, M)`` (dashed) does not, even at ``B = 0`` once ``M != 0``.
    Right: the asymmetry ``T_ij - T_ji`` of every pair at the chosen field.
    """
    if data is None:
        data = reciprocity_scan()
    fluxes = CROSS_FLUXES
    pairs = CROSS_PAIRS
    labels = [f"{i}{j}" for i, j in pairs]
    names = {"0 → 1 (left → bottom)": (1, 0), "0 → 2 (left → right)": (2, 0), "0 → 3 (left → top)": (3, 0),
             "1 → 2 (bottom → right)": (2, 1)}

    def compute(pair, exchange, flux):
        return _data.reciprocity_data(pair, exchange, flux, scan=data)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        (fw,) = left.plot(fluxes, 0 * fluxes, color=BLUE, lw=2, label="$T_{ij}(B, M)$")
        (rv,) = left.plot(fluxes, 0 * fluxes, "o", color=ORANGE, ms=5, label="$T_{ji}(-B, -M)$")
        (sw,) = left.plot(fluxes, 0 * fluxes, "--", color=GREEN, lw=1.4, label="$T_{ji}(B, M)$")
        cursor = left.axvline(0.0, color=GREY, lw=0.8)
        left.set(xlabel="flux per plaquette $B a^2/\\Phi_0$", ylabel="transmission", xlim=(fluxes[0], fluxes[-1]))
        left.legend(loc="upper right", fontsize="small")
        bars = right.bar(np.arange(len(pairs)), np.zeros(len(pairs)), color=BLUE)
        right.axhline(0.0, color=GREY, lw=0.8)
        right.set(xticks=np.arange(len(pairs)), xticklabels=labels, xlabel="terminal pair $ij$",
                  ylabel="$T_{ij} - T_{ji}$ at the chosen $B$")
        return {"left": left, "right": right, "fw": fw, "rv": rv, "sw": sw, "cursor": cursor, "bars": bars}

    def draw(state, d, values):
        state["fw"].set_ydata(d["forward"])
        state["rv"].set_ydata(d["reverse"])
        state["sw"].set_ydata(d["swapped"])
        state["cursor"].set_xdata([d["b"]] * 2)
        curves = np.concatenate([d["forward"], d["swapped"]])
        span = float(curves.max() - curves.min())
        state["left"].set_ylim(float(curves.min()) - 0.1 * span - 0.01, float(curves.max()) + 0.25 * span + 0.01)
        state["left"].set_title(f"M = {values['exchange']:g} t: max |T_ij(B,M) − T_ji(−B,−M)| = {d['onsager']:.0e}",
                                fontsize="small")
        for bar, value in zip(state["bars"], d["asym"], strict=True):
            bar.set_height(value)
        top = max(float(np.abs(d["asym"]).max()), 1e-3)
        state["right"].set_ylim(-nice_ceiling(1.2 * top), nice_ceiling(1.2 * top))
        state["right"].set_title(f"B = {d['b']:+.3f}: max |T_ij − T_ji| = {np.abs(d['asym']).max():.3f}",
                                 fontsize="small")

    controls = {
        "pair": _dropdown("terminals j → i", names, (1, 0)),
        "exchange": _selection("magnetization M (t)", list(CROSS_EXCHANGES), 1.0),
        "flux": _slider("flux per plaquette", 0.0, float(fluxes[0]), float(fluxes[-1]),
                        float(fluxes[1] - fluxes[0]), fmt=".3f"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title=f"Reciprocity with spin: {CROSS_SIZE} x {CROSS_SIZE} cross, Rashba "
                             f"α = {CROSS_ALPHA:g} t, magnetized corner, E = {CROSS_ENERGY:g} t")


# ---------------------------------------------------------------------------
# 6. antilocalization
# ---------------------------------------------------------------------------


def antilocalization(result=None):
    """Magnetoconductance of disordered strips with and without spin-orbit coupling.

    Parameters
    ----------
    result : MagnetoEnsemble, optional
        From :func:`antilocalization_scan` (a small ensemble is computed when
        nothing is given).

    Left: ``<T(Phi)> - <T(0)>`` against the total flux through the strip,
    averaged over realizations and energies, with a band of two standard
    errors: it rises without spin-orbit coupling (weak localization) and
    falls with it (antilocalization).  Right: the same for five single
    strips with the chosen coupling: fluctuations hide the sign until many
    are averaged.
    """
    if result is None:
        result = antilocalization_scan(realizations=6)
    phi = np.asarray(result.fluxes)
    n_total = np.asarray(result.transmissions).shape[1]
    alphas = [float(a) for a in result.alphas]
    colours = [BLUE, ORANGE, GREEN, RED]

    def compute(realizations, alpha):
        return _data.antilocalization_data(realizations, alpha, result=result)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        bands = [left.fill_between(phi, 0 * phi, 0 * phi, color=c, alpha=0.2, lw=0) for c in colours[: len(alphas)]]
        means = [left.plot(phi, 0 * phi, "o-", color=c, lw=2, ms=5, label=f"α = {a:g} t")[0]
                 for a, c in zip(alphas, colours, strict=False)]
        left.axhline(0.0, color=GREY, lw=0.8)
        left.set(xlabel="flux through the strip $\\Phi/\\Phi_0$", ylabel="$\\langle T(\\Phi)\\rangle - "
                 "\\langle T(0)\\rangle$ ($e^2/h$)", xlim=(phi[0], phi[-1]))
        left.legend(loc="lower left", fontsize="small")
        singles = [right.plot(phi, 0 * phi, color=c, lw=1.2)[0] for c in ("#1f5fa8", "#d35400", "#2e8b57",
                                                                         "#8e44ad", "#c0392b")]
        right.axhline(0.0, color=GREY, lw=0.8)
        right.set(xlabel="flux through the strip $\\Phi/\\Phi_0$", ylabel="$T(\\Phi) - T(0)$, single strips",
                  xlim=(phi[0], phi[-1]))
        return {"left": left, "right": right, "bands": bands, "means": means, "singles": singles}

    def draw(state, data, values):
        left = state["left"]
        lo_all, hi_all = [], []
        for a in range(len(alphas)):
            state["bands"][a].remove()
            lo = data["mean"][a] - 2 * data["sem"][a]
            hi = data["mean"][a] + 2 * data["sem"][a]
            state["bands"][a] = left.fill_between(phi, lo, hi, color=colours[a], alpha=0.2, lw=0)
            state["means"][a].set_ydata(data["mean"][a])
            lo_all.append(lo.min())
            hi_all.append(hi.max())
        span = max(float(max(hi_all) - min(lo_all)), 1e-3)
        left.set_ylim(float(min(lo_all)) - 0.1 * span, float(max(hi_all)) + 0.1 * span)
        r = data["realizations"]
        end = ", ".join(f"{m:+.3f} ± {s:.3f}" for m, s in zip(data["mean"][:, -1], data["sem"][:, -1], strict=True))
        left.set_title(f"{r} strips × {data['energies']} energies; at Φ = {phi[-1]:g} Φ₀: {end}", fontsize="small")
        for line, single in zip(state["singles"], data["singles"], strict=False):
            line.set_ydata(single)
        top = max(float(np.abs(data["singles"]).max()), 1e-3)
        state["right"].set_ylim(-nice_ceiling(1.1 * top), nice_ceiling(1.1 * top))
        state["right"].set_title(f"five strips, α = {values['alpha']:g} t (energy-averaged)", fontsize="small")

    controls = {
        "realizations": _slider("strips averaged", n_total, min(3, n_total), n_total, 1, integer=True),
        "alpha": _selection("single strips with α (t)", alphas, alphas[-1]),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.8),
                             title=f"Weak (anti)localization: {WAL_LENGTH} x {WAL_WIDTH} strips, disorder "
                             f"w = {WAL_DISORDER:g} t")


FIGURES = figure_table(
    spin_valve, magnetoresistance, datta_das, helical_wire, reciprocity, antilocalization,
)
