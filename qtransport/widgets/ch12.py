"""Figures of chapter 12: noise, heat and interference.

* :func:`qpc_fano`: conductance and zero-temperature Fano factor of a saddle-point
  constriction against its gate (:func:`qtransport.models.qpc.saddle_point_transmission`,
  :func:`qtransport.models.noise.fano_factor`).
* :func:`noise_crossover`: the noise of one channel against bias and
  temperature, from Johnson-Nyquist ``4 kT G`` to shot noise ``2 e |I| F``
  (:func:`~qtransport.models.noise.two_terminal_noise`).
* :func:`qpc_thermopower`: conductance, Seebeck coefficient and Lorenz ratio
  of the same constriction against its gate
  (:func:`~qtransport.models.thermoelectric.sampled_thermoelectric_coefficients`,
  :func:`~qtransport.models.thermoelectric.mott_seebeck`).
* :func:`level_zt`: figure of merit of a resonant level against its position
  (:func:`~qtransport.models.thermoelectric.sampled_figure_of_merit`).
* :func:`ring_interference`: an Aharonov-Bohm ring on the lattice, one sample
  against disorder and the ensemble average
  (:func:`qtransport.tb.interference.ring_flux_sweep`).
* :func:`wire_noise`: disordered lattice wires: the density of transmission
  eigenvalues against Dorokhov's, the Fano factor and the conductance
  fluctuations against length, with and without a field
  (:func:`qtransport.tb.interference.conductance_fluctuations`).

The data of every figure come from :mod:`qtransport.figures.ch12` (one
``*_data`` function per figure); this module lays out and draws.
The lattice figures take ensembles computed beforehand (the notebook computes
them once, with a progress bar), or compute small ones when built; their
controls only select from precomputed data.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import e, k_B
from qtransport.figures import ch12 as _data
from qtransport.figures.ch12 import BIAS_UV as _BIAS_UV
from qtransport.figures.ch12 import LEVELS as _LEVELS
from qtransport.figures.ch12 import QPC_GATES as _QPC_GATES
from qtransport.figures.ch12 import (
    QPC_HW_Y_MEV,
    RING_ENERGY,
    RING_ENSEMBLE_ENERGIES,
    RING_ENSEMBLE_FLUXES,
    RING_SAMPLE_FLUXES,
    WIRE_FIELDS,
    WIRE_WIDTH,
)
from qtransport.figures.ch12 import TEMPS_K as _TEMPS_K
from qtransport.widgets._palette import BLUE, CYCLE, GREEN, GREY, ORANGE, PURPLE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import selection_slider as _selection
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "QPC_HW_Y_MEV", "ring_data", "wire_data", "qpc_fano", "noise_crossover", "qpc_thermopower",
    "level_zt", "ring_interference", "wire_noise", "FIGURES",
]


# ---------------------------------------------------------------------------
# 1. Fano factor of a QPC
# ---------------------------------------------------------------------------


def qpc_fano():
    """Conductance and Fano factor of a saddle-point constriction against its gate.

    Top: ``G = G0 sum T_n`` (zero temperature).  Bottom: ``F = sum T_n (1 - T_n) / sum T_n``,
    1 when the constriction is pinched off (a tunnel barrier), 0 on the
    plateaus, and peaked wherever one mode is half open.  The dashed lines
    are the contributions ``T_n (1 - T_n) / sum T`` of single modes.
    """
    x = _QPC_GATES
    compute = _data.qpc_fano_data

    def init(fig):
        top, bottom = fig.subplots(2, 1, height_ratios=[1, 1.2])
        (g,) = top.plot(x, 0 * x, color=BLUE, lw=2.0)
        top.set(ylabel="$G$ ($2e^2/h$)", ylim=(-0.1, 5.6), xlabel="$E_F - V_0$ (meV)")
        top.grid(alpha=0.3)
        top.set_xlim(x[0], x[-1])
        (f,) = bottom.plot(x, 0 * x, color=ORANGE, lw=2.0, label="$F$, all modes")
        modes = [bottom.plot(x, 0 * x, color=c, lw=0.9, ls="--")[0] for c in CYCLE[:4]]
        bottom.axhline(1.0, color=GREY, ls=":", lw=1.2, label="tunnel barrier, $F = 1$")
        bottom.set(xlabel="Fermi energy above the saddle, $E_F - V_0$ (meV)", ylabel="Fano factor $F$",
                   ylim=(-0.03, 1.08), xlim=(x[0], x[-1]))
        bottom.legend(loc="upper right", fontsize="small")
        return {"g": g, "f": f, "modes": modes, "top": top}

    def draw(state, data, values):
        state["g"].set_ydata(data["G"])
        state["f"].set_ydata(data["F"])
        for line, y in zip(state["modes"], data["modes"], strict=True):
            line.set_ydata(y)
        state["top"].set_title(
            f"zero temperature, ħω_y = {QPC_HW_Y_MEV:g} meV, ħω_x = {values['hw_x_mev']:.2f} meV", fontsize="medium"
        )

    controls = {"hw_x_mev": _slider("ħω_x (meV), saddle curvature", 0.3, 0.05, 1.5, 0.05)}
    return InteractiveFigure(controls, compute, init, draw, figsize=(7.6, 5.0),
                             title="Shot noise of a quantum point contact: quiet on the plateaus")


# ---------------------------------------------------------------------------
# 2. thermal to shot noise
# ---------------------------------------------------------------------------

def noise_crossover():
    """Noise of one spin-degenerate channel from Johnson-Nyquist to shot noise.

    Left: ``S(V)`` at the chosen temperature (line), with the thermal value
    ``4 kT G`` (dotted) and the shot noise ``2 e |I| F`` (dashed); they cross
    where ``e|V|`` is about ``2 kT``.  Right: ``S(T)`` at the chosen bias.
    All curves are the closed form of
    :func:`~qtransport.models.noise.two_terminal_noise` for an
    energy-independent transmission.
    """
    compute = _data.noise_crossover_data

    def init(fig):
        left, right = fig.subplots(1, 2)
        (s_v,) = left.plot(_BIAS_UV, 0 * _BIAS_UV, color=BLUE, lw=2.2, label="$S(V)$")
        (shot_v,) = left.plot(_BIAS_UV, 0 * _BIAS_UV, color=ORANGE, ls="--", lw=1.4, label="$2e|I|F$")
        thermal = left.axhline(1.0, color=GREEN, ls=":", lw=1.6, label="$4k_BTG$")
        mark = left.axvline(0.0, color=GREY, lw=0.8)
        left.set(xlabel="bias $V$ (µV)", ylabel="noise $S$ ($10^{-27}$ A²/Hz)", xlim=(_BIAS_UV[0], _BIAS_UV[-1]))
        left.legend(loc="upper center", fontsize="small")
        (s_t,) = right.plot(_TEMPS_K, 0 * _TEMPS_K, color=BLUE, lw=2.2, label="$S(T)$")
        (th_t,) = right.plot(_TEMPS_K, 0 * _TEMPS_K, color=GREEN, ls=":", lw=1.6, label="$4k_BTG$")
        shot = right.axhline(1.0, color=ORANGE, ls="--", lw=1.4, label="$2e|I|F$")
        tmark = right.axvline(1.0, color=GREY, lw=0.8)
        right.set(xscale="log", yscale="log", xlabel="temperature $T$ (K)", ylabel="noise $S$ ($10^{-27}$ A²/Hz)",
                  xlim=(_TEMPS_K[0], _TEMPS_K[-1]))
        right.legend(loc="upper left", fontsize="small")
        return {"left": left, "right": right, "s_v": s_v, "shot_v": shot_v, "thermal": thermal, "mark": mark,
                "s_t": s_t, "th_t": th_t, "shot": shot, "tmark": tmark}

    def draw(state, data, values):
        state["s_v"].set_ydata(data["S_v"])
        state["shot_v"].set_ydata(data["shot_v"])
        state["thermal"].set_ydata([data["thermal"]] * 2)
        state["mark"].set_xdata([values["bias_uV"]] * 2)
        top = max(float(data["S_v"].max()), data["thermal"])
        state["left"].set_ylim(0, nice_ceiling(1.1 * top))
        state["left"].set_title(f"T = {values['temperature_K']:.2g} K (k_BT = {data['kT_ueV']:.1f} µeV)",
                                fontsize="medium")
        state["s_t"].set_ydata(data["S_t"])
        state["th_t"].set_ydata(data["thermal_t"])
        shot = max(data["shot"], 1e-12)
        state["shot"].set_ydata([shot] * 2)
        state["tmark"].set_xdata([values["temperature_K"]] * 2)
        lo = max(min(float(data["S_t"].min()), shot) / 3, 1e-6)
        state["right"].set_ylim(lo, 3 * float(data["S_t"].max()))
        state["right"].set_title(f"V = {values['bias_uV']:.0f} µV, F = {data['F']:.2f}",
                                 fontsize="medium")

    controls = {
        "temperature_K": _slider("temperature T (K)", 0.5, 0.02, 10.0, 0.01, log=True, fmt=".2f"),
        "bias_uV": _slider("bias V (µV)", 200.0, 0.0, 400.0, 10.0, fmt=".0f"),
        "transmission": _slider("transmission T", 0.5, 0.02, 1.0, 0.02),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 3.9),
                             title="One channel: thermal noise at small bias, shot noise at large bias")


# ---------------------------------------------------------------------------
# 3. thermopower of a QPC
# ---------------------------------------------------------------------------


#: The data of :func:`qpc_thermopower`, by its former name.
qpc_thermo_data = _data.qpc_thermopower_data


def qpc_thermopower():
    """Conductance, thermopower and Lorenz ratio of a saddle-point constriction against its gate.

    Thermopower peaks between the plateaus, where the derivative of ``G``
    with energy is largest, and vanishes on them; its height for a step sharp
    on the scale ``kT`` is ``(k_B/e) ln 2 / (N + 1/2)``, about
    ``60 µV/K / (N + 1/2)`` (dotted lines).  Below the first plateau ``|S|``
    keeps growing: electrons pass only by activation over the saddle, each
    carrying an energy well above ``mu``.  The dots
    are Mott's formula, valid while ``kT`` is small against the width of the
    steps.  The Lorenz ratio is 1 (Wiedemann-Franz) on the plateaus and
    deviates between them.
    """
    x = _QPC_GATES

    compute = _data.qpc_thermopower_data

    def init(fig):
        g_ax, s_ax, l_ax = fig.subplots(3, 1, height_ratios=[0.8, 1.2, 0.8])
        (g,) = g_ax.plot(x, 0 * x, color=BLUE, lw=2.0)
        g_ax.set(ylabel="$G$ ($2e^2/h$)", ylim=(-0.1, 5.6), xlabel="$E_F - V_0$ (meV)")
        g_ax.grid(alpha=0.3)
        for ax in (g_ax, s_ax):
            ax.set_xlim(x[0], x[-1])
        (s,) = s_ax.plot(x, 0 * x, color=ORANGE, lw=2.0, label="Landauer integrals")
        (m,) = s_ax.plot(x[::6], 0 * x[::6], "o", color=GREY, ms=3, label="Mott formula")
        peaks = [s_ax.axhline(0.0, color=GREEN, ls=":", lw=1.0) for _ in range(5)]
        peaks[0].set_label("$-(k_B/e)\\ln 2/(N + 1/2)$")
        s_ax.set(ylabel="Seebeck $S$ (µV/K)", xlabel="$E_F - V_0$ (meV)")
        s_ax.legend(loc="lower right", fontsize="x-small")
        (lr,) = l_ax.plot(x, 0 * x, color=PURPLE, lw=1.8)
        l_ax.axhline(1.0, color=GREY, ls=":", lw=1.0)
        l_ax.set(xlabel="Fermi energy above the saddle, $E_F - V_0$ (meV)", ylabel="$\\kappa/(GT\\mathcal{L}_{WF})$",
                 xlim=(x[0], x[-1]))
        return {"g": g, "s": s, "m": m, "s_ax": s_ax, "lr": lr, "l_ax": l_ax, "g_ax": g_ax, "peaks": peaks}

    def draw(state, data, values):
        state["g"].set_ydata(data["G"])
        state["s"].set_ydata(data["S"])
        state["m"].set_ydata(data["mott"])
        for line, height in zip(state["peaks"], data["peaks"], strict=True):
            line.set_ydata([height, height])
        # keep the dotted N = 0 height -(k_B/e) ln 2 / (1/2) in view (µV/K)
        low = min(float(data["S"].min()), float(np.min(data["mott"])), -np.log(2) / 0.5 * (k_B / e * 1e6))
        state["s_ax"].set_ylim(max(1.1 * low, -400.0), 5.0)
        state["lr"].set_ydata(data["lorenz"])
        lo, hi = float(data["lorenz"].min()), float(data["lorenz"].max())
        state["l_ax"].set_ylim(min(lo, 0.9) - 0.05, max(hi, 1.1) + 0.05)
        state["g_ax"].set_title(
            f"T = {values['temperature_K']:.2f} K, ħω_x = {values['hw_x_mev']:.2f} meV, ħω_y = {QPC_HW_Y_MEV:g} meV",
            fontsize="medium",
        )

    controls = {
        "temperature_K": _slider("temperature T (K)", 0.5, 0.1, 2.0, 0.05, log=True, fmt=".2f"),
        "hw_x_mev": _slider("ħω_x (meV), saddle curvature", 0.5, 0.3, 1.5, 0.05),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(7.6, 6.2),
                             title="Thermopower of a quantum point contact: peaks between the plateaus")


# ---------------------------------------------------------------------------
# 4. ZT of a resonant level
# ---------------------------------------------------------------------------

#: The data of :func:`level_zt`, by its former name.
level_data = _data.level_zt_data


def level_zt():
    """Figure of merit ``ZT`` of a resonant level against its position, for a chosen width.

    Left: ``ZT`` against ``(eps - mu)/kT``: zero with the level at the Fermi
    energy (no asymmetry between electrons and holes), largest a few ``kT``
    away.  Without phonons it grows without bound as the level narrows
    (Mahan and Sofo); a phonon heat conductance caps it.  Right: the
    Seebeck coefficient (units of ``k_B/e``) and the conductance (units of
    ``2e^2/h``).
    """
    x = _LEVELS

    compute = _data.level_zt_data

    def init(fig):
        left, right, g_ax = fig.subplots(1, 3)
        (zt,) = left.plot(x, 0 * x, color=BLUE, lw=2.2)
        (best,) = left.plot([0.0], [0.0], "o", color=RED, ms=6)
        left.set(xlabel="level position $(\\varepsilon - \\mu)/k_BT$", ylabel="figure of merit $ZT$",
                 xlim=(x[0], x[-1]))
        (s,) = right.plot(x, 0 * x, color=ORANGE, lw=2.0)
        right.axhline(0.0, color=GREY, lw=0.7)
        right.set(xlabel="level position $(\\varepsilon - \\mu)/k_BT$", ylabel="Seebeck $S$ ($k_B/e$)",
                  xlim=(x[0], x[-1]))
        (g,) = g_ax.plot(x, 0 * x, color=GREEN, lw=1.8)
        g_ax.set(xlabel="level position $(\\varepsilon - \\mu)/k_BT$", ylabel="conductance $G$ ($2e^2/h$)",
                 xlim=(x[0], x[-1]))
        return {"left": left, "right": right, "g_ax": g_ax, "zt": zt, "best": best, "s": s, "g": g}

    def draw(state, data, values):
        state["zt"].set_ydata(data["zt"])
        i = data["best"]
        state["best"].set_data([x[i]], [data["zt"][i]])
        state["left"].set_ylim(0, nice_ceiling(1.1 * float(data["zt"].max()) + 1e-3))
        state["left"].set_title(f"Γ = {values['width']:.2g} kT: max ZT = {data['zt'][i]:.2f} at "
                                f"{abs(x[i]):.2f} kT from μ", fontsize="medium")
        state["s"].set_ydata(data["S"])
        state["g"].set_ydata(data["G"])
        lim = 1.1 * float(np.abs(data["S"]).max())
        state["right"].set_ylim(-nice_ceiling(lim), nice_ceiling(lim))
        state["g_ax"].set_ylim(0, nice_ceiling(1.1 * float(data["G"].max())))

    controls = {
        "width": _slider("level width Γ / kT", 0.3, 0.02, 5.0, 0.01, log=True, fmt=".2f"),
        "phonon": _slider("phonon κ_ph / (2κ₀)", 0.0, 0.0, 1.0, 0.05),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(10.5, 3.7),
                             title="A resonant level as a heat engine: the figure of merit ZT")


# ---------------------------------------------------------------------------
# lattice data
# ---------------------------------------------------------------------------

ring_data = _with_progress(_data.ring_data, "rings")


wire_data = _with_progress(_data.wire_data, "wires")


# ---------------------------------------------------------------------------
# 5. Aharonov-Bohm ring
# ---------------------------------------------------------------------------


def ring_interference(data=None):
    """An Aharonov-Bohm ring on the square lattice: one sample, and the ensemble average.

    Left: ``T(Phi)`` of one ring at the chosen disorder (the same random
    numbers scaled by ``W``): period ``h/e`` and even in ``Phi`` in every
    sample.  Right: the average over the first ``R`` rings and all energies
    of the ensemble (band: two standard errors of the flux dependence, each
    sample's own flux average taken out), with the fit
    ``a0 + c1 cos 2 pi Phi + c2 cos 4 pi Phi``: the ``h/e`` term averages
    away, the ``h/2e`` term of time-reversed paths (Altshuler-Aronov-Spivak)
    stays, negative.
    """
    if data is None:
        data = ring_data(realizations=6, energies=RING_ENSEMBLE_ENERGIES[::2], fluxes=RING_ENSEMBLE_FLUXES)
    samples, ens = data["samples"], data["ensemble"]
    disorders = sorted(samples)
    phi_s = RING_SAMPLE_FLUXES
    phi = np.asarray(ens.fluxes)
    n_total = ens.transmissions.shape[0]

    def compute(disorder, rings):
        return _data.ring_interference_data(disorder, rings, data=data)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.2, 1])
        (one,) = left.plot(phi_s, 0 * phi_s, color=BLUE, lw=1.8)
        for k in (-1, 0, 1):
            left.axvline(k, color=GREY, lw=0.6, ls=":")
        left.set(xlabel="flux through the hole $\\Phi/(h/e)$", ylabel="transmission $T$ (per spin)",
                 xlim=(phi_s[0], phi_s[-1]))
        band = right.fill_between(phi, 0 * phi, 0 * phi, color=BLUE, alpha=0.25, lw=0)
        (mean,) = right.plot(phi, 0 * phi, "o", color=BLUE, ms=4, label="ensemble average")
        (fit,) = right.plot([], [], color=ORANGE, lw=1.4, label="$h/e$ + $h/2e$ harmonics")
        right.set(xlabel="flux through the hole $\\Phi/(h/e)$", ylabel="$\\langle T\\rangle$ (per spin)",
                  xlim=(0, 1))
        right.legend(loc="lower center", fontsize="x-small")
        return {"left": left, "right": right, "one": one, "band": band, "mean": mean, "fit": fit}

    def draw(state, data, values):
        state["one"].set_ydata(data["one"])
        state["left"].set_ylim(-0.05, nice_ceiling(max(1.05 * float(data["one"].max()), 0.1)))
        state["left"].set_title(f"one ring, W = {values['disorder']:g} t, E = {RING_ENERGY:g} t", fontsize="medium")
        right = state["right"]
        state["band"].remove()
        lo, hi = data["mean"] - 2 * data["sem"], data["mean"] + 2 * data["sem"]
        state["band"] = right.fill_between(phi, lo, hi, color=BLUE, alpha=0.25, lw=0)
        state["mean"].set_ydata(data["mean"])
        state["fit"].set_data(data["fine"], data["fit"])
        span = max(float(hi.max() - lo.min()), 1e-3)
        right.set_ylim(float(lo.min()) - 0.15 * span, float(hi.max()) + 0.1 * span)
        c, err = data["c"], data["c_err"]
        r = data["rings"]
        right.set_title(f"{r} rings x {data['energies']} energies: h/e {c[0]:+.3f} ± {err[0]:.3f}, "
                        f"h/2e {c[1]:+.3f} ± {err[1]:.3f}", fontsize="small")

    controls = {
        "disorder": _selection("disorder W (t)", [(f"{w:g}", w) for w in disorders], disorders[min(2, len(disorders) - 1)]),
        "rings": _slider("rings averaged", n_total, 1, n_total, 1, integer=True),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.4, 4.0),
                             title="Aharonov-Bohm ring: h/e in each sample, h/2e in the average")


# ---------------------------------------------------------------------------
# 6. disordered wires: eigenvalues, Fano factor, fluctuations
# ---------------------------------------------------------------------------


def wire_noise(data=None):
    """Disordered lattice wires: transmission eigenvalues, Fano factor and conductance fluctuations.

    Left: histogram of the transmission eigenvalues of the wires of the chosen
    length, per unit mean conductance, against Dorokhov's bimodal
    ``1/(2 T sqrt(1 - T))`` (closed form, no fitted parameter).  Middle: the
    ensemble Fano factor against length (±1 s.e., jackknife), with 1/3.
    Right: ``var T`` against length with the universal values 2/15 (no
    field) and 1/15 (field) (±1 s.e.).
    """
    from matplotlib.collections import LineCollection

    from qtransport.tb.interference import UCF_VARIANCE

    if data is None:
        data = wire_data(lengths=(30, 60), realizations=12)
    lengths = np.asarray(data.lengths)

    def compute(length, field):
        return _data.wire_noise_data(length, field, data=data)

    def init(fig):
        hist_ax, f_ax, v_ax = fig.subplots(1, 3, width_ratios=[1.2, 1, 1])
        first = compute(int(lengths[-1]), "no field")
        centres, edges = first["centres"], first["edges"]
        bars = hist_ax.bar(centres, 0 * centres, width=np.diff(edges), color=BLUE, alpha=0.6, label="lattice wires")
        hist_ax.plot(first["t_fine"], first["dorokhov"], color=RED, lw=1.6, label="Dorokhov $1/(2T\\sqrt{1-T})$")
        hist_ax.set(xlabel="transmission eigenvalue $T_n$", ylabel="density per unit $\\langle g\\rangle$",
                    xlim=(0, 1), ylim=(0, 6))
        hist_ax.legend(loc="upper center", fontsize="x-small")
        (f,) = f_ax.plot(lengths, 0 * lengths, "o-", color=ORANGE, ms=5)
        f_ax.axhline(1 / 3, color=GREY, ls="--", lw=1.2, label="1/3")
        f_bars = LineCollection([], colors=ORANGE, lw=1.4)
        f_ax.add_collection(f_bars)
        f_ax.set(xlabel="wire length $L$ (sites)", ylabel="Fano factor $F$", ylim=(0.2, 0.5),
                 xlim=(0, lengths.max() * 1.1))
        f_ax.legend(loc="upper left", fontsize="x-small")
        (v,) = v_ax.plot(lengths, 0 * lengths, "s-", color=GREEN, ms=5)
        orth = v_ax.axhline(UCF_VARIANCE["orthogonal"], color=GREY, ls="--", lw=1.2, label="2/15")
        uni = v_ax.axhline(UCF_VARIANCE["unitary"], color=GREY, ls=":", lw=1.2, label="1/15")
        v_bars = LineCollection([], colors=GREEN, lw=1.4)
        v_ax.add_collection(v_bars)
        v_ax.set(xlabel="wire length $L$ (sites)", ylabel="var $T$ ($(e^2/h)^2$ per spin)", ylim=(0, 0.3),
                 xlim=(0, lengths.max() * 1.1))
        v_ax.legend(handles=[orth, uni], loc="upper right", fontsize="x-small")
        return {"bars": bars, "hist_ax": hist_ax, "f": f, "f_bars": f_bars, "v": v, "v_bars": v_bars, "f_ax": f_ax,
                "v_ax": v_ax}

    def draw(state, data_, values):
        for bar, height in zip(state["bars"], data_["rho"], strict=True):
            bar.set_height(height)
        state["hist_ax"].set_title(f"L = {data_['L']}, {values['field']}, "
                                   f"⟨T⟩ = {data_['g']:.2f}", fontsize="small")
        state["f"].set_ydata(data_["F"])
        state["f_bars"].set_segments([[(x, y - e), (x, y + e)] for x, y, e in
                                      zip(lengths, data_["F"], data_["F_err"], strict=True)])
        state["v"].set_ydata(data_["var"])
        state["v_ax"].set_ylim(0, nice_ceiling(max(0.3, 1.1 * float(np.max(data_["var"] + data_["var_err"])))))
        state["f_ax"].set_ylim(min(0.2, float(np.min(data_["F"] - data_["F_err"])) - 0.02),
                               max(0.5, float(np.max(data_["F"] + data_["F_err"])) + 0.02))
        state["v_bars"].set_segments([[(x, y - e), (x, y + e)] for x, y, e in
                                      zip(lengths, data_["var"], data_["var_err"], strict=True)])

    controls = {
        "length": _selection("wire length L", [(str(int(L)), int(L)) for L in lengths], int(lengths[-1])),
        "field": _dropdown("field", list(WIRE_FIELDS), "no field"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(10.5, 3.9),
                             title=f"Disordered wires, {WIRE_WIDTH} sites wide, {data.open_channels[0]} channels: "
                                   "bimodal eigenvalues, F near 1/3, universal fluctuations")


FIGURES = figure_table(
    qpc_fano, noise_crossover, qpc_thermopower, level_zt, ring_interference, wire_noise,
)
