"""Figures of chapter 3: the quantum point contact.

* :func:`strip_channels`: the transverse modes of a hard-wall strip on the
  square lattice, its subbands and the staircase of open channels
  (:func:`qtransport.lattice.leads.strip_transverse_modes`,
  :func:`qtransport.lattice.leads.strip_open_channels`,
  :func:`qtransport.lattice.leads.lead_modes`,
  :func:`qtransport.tb.lead_bands`).
* :func:`saddle_staircase`: Büttiker's saddle-point constriction, its
  conductance staircase against the gate at any temperature and the
  transmission of each mode (:func:`qtransport.saddle_point_conductance`,
  :func:`qtransport.saddle_point_transmission`).
* :func:`lattice_staircase`: tight-binding constrictions, a smooth saddle
  (:func:`qtransport.tb.geometries.qpc`) against an abrupt hard-wall
  channel (:func:`qpc_potential`), cold and
  thermally averaged (:func:`qtransport.landauer_conductance` on the sampled
  ``T(E)`` of :func:`qtransport.tb.transmission`).
* :func:`mode_currents`: the potential of a constriction and where the
  electrons of one incoming lead mode go: density of the scattering state and
  bond currents (:func:`qtransport.tb.wave_functions`,
  :func:`mode_bond_currents`, :func:`qtransport.tb.smatrix`).

Lattice figures work in the units of the tight-binding engine: hopping
``t = 1``, lattice constant ``a = 1``, energies in units of ``t``, square
lattice band ``[0, 8t]``.  The saddle-point figure uses meV and kelvin.  The
staircases of the constriction figure are computed once, when the figure is
built (a few hundred energies for six geometries, with a progress bar in a
notebook), or passed in from :func:`qpc_staircases`; its controls then only
select and thermally average.  No physics here: the data of every figure,
the constrictions and their mode currents come from
:mod:`qtransport.figures.ch03` (whose names this module re-exports); this
module holds the controls and draws.
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures import ch03 as _data
from qtransport.figures.ch03 import (  # noqa: F401  (the constrictions, read here by the notebook)
    CHANNEL_LENGTHS,
    CHANNEL_OPENING,
    FERMI_RANGE,
    KT_OPTIONS,
    MAP_GEOMETRIES,
    QPC_HBAR_OMEGA_Y,
    QPC_LENGTH,
    QPC_WIDTH,
    TAPERS,
    mode_bond_currents,
    qpc_potential,
    qpc_staircases,
    qpc_system,
)
from qtransport.widgets.base import InteractiveFigure, ProgressBar, _in_kernel, figure_table
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import selection_slider as _choice
from qtransport.widgets.controls import slider as _slider

__all__ = [
    "strip_channels",
    "saddle_staircase",
    "lattice_staircase",
    "mode_currents",
    "FIGURES",
]

_BLUE, _RED, _GREEN, _GREY, _ORANGE = "#1f5fa8", "#c0392b", "#1a7f37", "#333333", "#d35400"
_MODE_COLOURS = ("#1f5fa8", "#d35400", "#1a7f37", "#8e44ad", "#c0392b", "#b8860b", "#17becf", "#7f7f7f")

# --------------------------------------------------------------------------------------------
# 1. channels of a clean strip
# --------------------------------------------------------------------------------------------
def strip_channels():
    """Transverse modes, subbands and open channels of a clean hard-wall strip.

    All three panels share the energy axis (units of ``t``).  Left: the
    transverse standing waves ``u_n(y)`` of the lowest six modes, each drawn
    at its threshold ``eps_n`` (:func:`qtransport.lattice.leads.strip_transverse_modes`);
    open modes in colour.  Middle: the subbands ``E_n(k)`` of the strip
    (:func:`qtransport.tb.lead_bands` of a strip of
    :func:`qtransport.tb.geometries.strip`) and, as
    dots, the momenta ``+-k`` of the open lead modes at the chosen energy
    (:func:`qtransport.lattice.leads.lead_modes`).  Right: the number of open
    channels ``N(E)`` (:func:`qtransport.lattice.leads.strip_open_channels`), which
    is the transmission of the clean strip.
    """
    shown, max_width = 6, 20
    compute = functools.lru_cache(maxsize=4 * max_width)(_data.strip_channels_data)  # widths seen again are free
    first = compute(6, 1.03)
    k, energies = first.k, first.E

    def init(fig):
        profiles, bands, stairs = fig.subplots(1, 3, sharey=True, width_ratios=[1.0, 1.25, 0.9])
        prof_lines = [profiles.plot([], [], lw=1.8, marker="o", ms=3)[0] for _ in range(shown)]
        base_lines = [profiles.plot([], [], lw=0.8, ls=":", color="0.5")[0] for _ in range(shown)]
        band_lines = [bands.plot(k, 0 * k, lw=1.4, color="0.7")[0] for _ in range(max_width)]
        (dots,) = bands.plot([], [], "o", color=_ORANGE, ms=6, zorder=5, label="open modes at E")
        (stair,) = stairs.plot(0 * energies, energies, color=_BLUE, lw=2.0, drawstyle="steps-mid")
        (now,) = stairs.plot([0.0], [1.0], "o", color=_ORANGE, ms=7)
        levels = [ax.axhline(1.0, color=_ORANGE, lw=1.2) for ax in (profiles, bands, stairs)]
        profiles.set(xlabel="row y across the strip", ylabel="energy (units of t)", ylim=(-0.1, 8.1),
                     title="transverse modes uₙ(y)")
        bands.set(xlabel="momentum k along the strip (1/a)", xlim=(-np.pi, np.pi),
                  xticks=[-np.pi, 0, np.pi], xticklabels=["−π", "0", "π"], title="subbands Eₙ(k)")
        bands.legend(loc="upper center", fontsize="x-small")
        stairs.set(xlabel="open channels N(E) = T(E)", xlim=(-0.3, max_width + 0.3))
        for ax in (bands, stairs):  # the energy axis is shared with the left panel, labelled there
            ax.set_ylabel("energy (units of t)")
            ax.yaxis.label.set_visible(False)
        return {"profiles": profiles, "bands": bands, "stairs": stairs, "prof": prof_lines,
                "base": base_lines, "band_lines": band_lines, "dots": dots, "stair": stair, "now": now,
                "levels": levels}

    def draw(state, data, values):
        width, energy = values["width"], values["energy"]
        eps, u = data["eps"], data["u"]
        is_open = np.zeros(width, dtype=bool)
        is_open[data["open_index"] - 1] = True
        y = np.arange(width)
        n_shown = min(width, shown)
        spacing = np.min(np.diff(eps[:n_shown])) if n_shown > 1 else 1.0
        amplitude = 0.45 * min(spacing, 1.0)
        for n in range(shown):
            line, base = state["prof"][n], state["base"][n]
            if n < n_shown:
                profile = u[:, n] / np.max(np.abs(u[:, n]))
                line.set_data(y, eps[n] + amplitude * profile)
                line.set_color(_MODE_COLOURS[n] if is_open[n] else "0.75")
                base.set_data([-0.5, width - 0.5], [eps[n], eps[n]])
            else:
                line.set_data([], [])
                base.set_data([], [])
        state["profiles"].set_xlim(-0.6, width - 0.4)
        for n, line in enumerate(state["band_lines"]):
            if n < width:
                line.set_ydata(data["bands"][:, n])
                line.set_color(_MODE_COLOURS[n % len(_MODE_COLOURS)] if is_open[n] else "0.8")
                line.set_visible(True)
            else:
                line.set_ydata(0 * k)
                line.set_visible(False)
        kk = data["k_open"]
        state["dots"].set_data(np.concatenate([kk, -kk]), np.full(2 * kk.size, energy))
        state["stair"].set_xdata(data["N_curve"])
        state["now"].set_data([data["N_now"]], [energy])
        for line in state["levels"]:
            line.set_ydata([energy, energy])
        state["stairs"].set_xlim(-0.3, width + 0.6)
        state["stairs"].set_title(f"N = {data['N_now']} at E = {energy:.2f} t")

    controls = {
        "width": _slider("width W (sites)", 6, 1, max_width, 1, integer=True),
        # the offset keeps every slider value off the thresholds (rational numbers like 1, 2, 3)
        "energy": _slider("energy E (t)", 1.03, 0.03, 7.98, 0.05),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 3.8),
        title="Channels of a hard-wall strip: each transverse mode below E is one open channel",
    )


# --------------------------------------------------------------------------------------------
# 2. saddle-point constriction
# --------------------------------------------------------------------------------------------
def saddle_staircase():
    """Conductance staircase of Büttiker's saddle-point constriction.

    The Fermi energy is fixed and the gate moves the saddle height ``V_0``;
    the horizontal axis is ``(E_F - V_0) / hbar w_y``, so mode ``n`` opens
    at ``n + 1/2``.  Left: ``G/G0`` at the chosen temperature
    (:func:`qtransport.saddle_point_conductance`, exact thermal average), the
    same at zero temperature (thin) and the ideal staircase (dotted).  Right:
    the zero-temperature transmission of each mode
    (:func:`qtransport.saddle_point_transmission`), a smooth step of width
    ``~ hbar w_x``.
    """
    compute = _data.saddle_staircase_data
    first = compute(2.0, 0.3, 0.3)
    x, ideal, modes_shown = first.x, first.ideal, 6

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        left.plot(x, ideal, color="0.6", lw=1.0, ls=":", label="ideal staircase")
        (cold,) = left.plot(x, 0 * x, color="0.45", lw=1.0, label="T = 0")
        (warm,) = left.plot(x, 0 * x, color=_BLUE, lw=2.2, label="at temperature T")
        left.set(xlabel="gate: (E_F − V₀)/ħω_y", ylabel="conductance G/G₀",
                 xlim=(x[0], x[-1]), ylim=(-0.1, 6.6))
        left.legend(loc="upper left")
        mode_lines = [right.plot(x, 0 * x, lw=1.8, color=_MODE_COLOURS[n], label=f"n = {n}")[0]
                      for n in range(modes_shown)]
        right.set(xlabel="gate: (E_F − V₀)/ħω_y", ylabel="mode transmission Tₙ (T = 0)",
                  xlim=(x[0], x[-1]), ylim=(-0.04, 1.08))
        right.legend(loc="lower right", fontsize="x-small", ncols=2)
        right.set_title("each mode opens over about ħω_x")
        return {"left": left, "right": right, "cold": cold, "warm": warm, "modes": mode_lines}

    def draw(state, data, values):
        state["cold"].set_ydata(data["G_cold"])
        state["warm"].set_ydata(data["G"])
        for n, line in enumerate(state["modes"]):
            line.set_ydata(data["T_n"][:, n])
        state["left"].set_title(
            f"ω_y/ω_x = {data['ratio']:.3g},  k_BT = {data['kT_meV']:.3g} meV = {data['kT_meV'] / values['hw_y_meV']:.3g} ħω_y"
        )

    controls = {
        "hw_y_meV": _slider("ħω_y (meV)", 2.0, 0.5, 5.0, 0.1, fmt=".1f"),
        "hw_x_meV": _slider("ħω_x (meV)", 0.3, 0.05, 5.0, 0.01, fmt=".3g", log=True),
        "temperature_K": _slider("temperature (K)", 0.3, 0.0, 20.0, 0.1, fmt=".1f"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.6, 3.6),
        title="Saddle-point constriction: flat plateaus need ω_y ≫ ω_x and k_BT ≪ ħω_y",
    )


# --------------------------------------------------------------------------------------------
# 3. tight-binding constrictions: smooth against abrupt, cold and warm
# --------------------------------------------------------------------------------------------
def lattice_staircase(staircases=None):
    """Tight-binding constrictions: a smooth saddle against an abrupt channel.

    Left: the two potentials (units of ``t``; the hard walls of the abrupt
    channel, ``1e6 t``, are drawn at the top of the colour scale).  Right:
    ``G/G0`` against the Fermi energy, at zero temperature (thin) and at the
    chosen ``k_BT`` (thick), the latter the thermal average of the sampled
    ``T(E)`` by :func:`qtransport.landauer_conductance`.

    Parameters
    ----------
    staircases : FigureData, optional
        Precomputed transmissions (from :func:`qpc_staircases`); computed
        here, with a progress bar in a notebook, when omitted.
    """
    if staircases is None:
        staircases = qpc_staircases(progress=ProgressBar("constrictions", display_bar=_in_kernel()))
    v_top = 2.0

    @functools.lru_cache(maxsize=32)
    def compute(taper, channel_length, kT):
        return _data.lattice_staircase_data(taper, channel_length, kT, staircases=staircases, v_top=v_top)

    mu = compute(TAPERS[-1], CHANNEL_LENGTHS[-1], 0.0).mu

    def init(fig):
        fig.get_layout_engine().set(wspace=0.06)  # room between the colour bar and the right panel
        grid = fig.add_gridspec(2, 2, width_ratios=[1.0, 1.5])
        top, bottom = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
        right = fig.add_subplot(grid[:, 1])
        extent = (-0.5, QPC_LENGTH - 0.5, -0.5, QPC_WIDTH - 0.5)
        images = []
        for ax, name in ((top, "smooth saddle"), (bottom, "abrupt channel")):
            image = ax.imshow(np.zeros((QPC_WIDTH, QPC_LENGTH)), origin="lower", extent=extent, cmap="Greys",
                              vmin=0.0, vmax=v_top, aspect="auto", interpolation="nearest")
            ax.set(ylabel="row y", title=name, yticks=[0, 5, 10], xlabel="slice x along the strip")
            ax.grid(False)
            images.append(image)
        bar = fig.colorbar(images[0], ax=[top, bottom], label="potential (units of t)", extend="max",
                           fraction=0.08, pad=0.02)  # one scale for both maps
        bar.ax.set_xlabel("V", fontsize="small")
        bar.set_ticks([0, 1, 2])
        top.xaxis.label.set_visible(False)  # the same axis as the panel below, labelled there
        top.tick_params(labelbottom=False)
        for n in range(1, 5):
            right.axhline(n, color="0.85", lw=0.8)
        (s_cold,) = right.plot(mu, 0 * mu, color=_BLUE, lw=0.9, alpha=0.7)
        (a_cold,) = right.plot(mu, 0 * mu, color=_RED, lw=0.9, alpha=0.7)
        (s_warm,) = right.plot(mu, 0 * mu, color=_BLUE, lw=2.2, label="smooth saddle")
        (a_warm,) = right.plot(mu, 0 * mu, color=_RED, lw=2.2, label="abrupt channel")
        right.plot([], [], color="0.4", lw=0.9, label="thin: T = 0")
        right.set(xlabel="Fermi energy E_F (units of t)", ylabel="conductance G/G₀",
                  xlim=FERMI_RANGE, ylim=(-0.05, 3.6))
        right.legend(loc="upper left")
        return {"top": top, "bottom": bottom, "right": right, "images": images, "s_cold": s_cold,
                "a_cold": a_cold, "s_warm": s_warm, "a_warm": a_warm}

    def draw(state, data, values):
        state["images"][0].set_data(data["V_smooth"].T)
        state["images"][1].set_data(data["V_abrupt"].T)
        state["top"].set_title(f"smooth saddle, taper s = {values['taper']:g} sites", fontsize="small")
        state["bottom"].set_title(f"abrupt channel, {values['channel_length']} slices long", fontsize="small")
        state["s_cold"].set_ydata(data["smooth_cold"])
        state["a_cold"].set_ydata(data["abrupt_cold"])
        state["s_warm"].set_ydata(data["smooth_warm"])
        state["a_warm"].set_ydata(data["abrupt_warm"])
        state["right"].set_title(f"k_BT = {values['kT']:g} t  (subband spacing about 0.5 t)")

    controls = {
        "taper": _choice("taper s (sites)", TAPERS, TAPERS[-1]),
        "channel_length": _choice("channel length", CHANNEL_LENGTHS, CHANNEL_LENGTHS[1]),
        "kT": _choice("k_BT (t)", KT_OPTIONS, 0.0),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.8, 4.2),
        title="Tight-binding constrictions: a smooth taper gives flat steps, an abrupt one resonances",
    )


# --------------------------------------------------------------------------------------------
# 4. where the current flows, mode by mode
# --------------------------------------------------------------------------------------------
def mode_currents():
    """The potential of a constriction and the scattering state of one incoming mode.

    An electron arrives from the left lead in transverse mode ``n`` (the
    ``n``-th standing wave across the strip).  Top left: the potential
    (units of ``t``) with arrows along the local current of that state
    (:func:`mode_bond_currents`, averaged onto the sites).  Bottom left: its density ``|psi|^2``
    (:func:`qtransport.tb.wave_functions`; incoming mode normalized
    to unit flux, so the density is in units of ``hbar/(t a)``).  Right: the
    transmission of every incoming mode, ``sum_m |t_mn|^2`` from the
    Fisher-Lee S-matrix (:func:`qtransport.tb.smatrix`).
    """
    from matplotlib.ticker import MaxNLocator

    max_modes = 5
    v_top = 2.0
    step = 2  # arrows on every second site

    def compute(geometry, energy, mode):
        return _data.mode_currents_data(*MAP_GEOMETRIES[geometry], energy, mode, max_modes=max_modes, v_top=v_top)

    def init(fig):
        grid = fig.add_gridspec(2, 2, width_ratios=[3.2, 1.0])
        top, bottom = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0], sharex=None)
        bars_ax = fig.add_subplot(grid[:, 1])
        extent = (-0.5, QPC_LENGTH - 0.5, -0.5, QPC_WIDTH - 0.5)
        zeros = np.zeros((QPC_WIDTH, QPC_LENGTH))
        pot = top.imshow(zeros, origin="lower", extent=extent, cmap="Greys", vmin=0, vmax=v_top,
                         aspect="auto", interpolation="nearest")
        bar = fig.colorbar(pot, ax=top, label="potential (units of t)", extend="max", fraction=0.06, pad=0.02)
        bar.ax.set_xlabel("V", fontsize="small")
        bar.set_ticks([0, 1, 2])
        X, Y = np.meshgrid(np.arange(0, QPC_LENGTH, step), np.arange(0, QPC_WIDTH, step))
        arrows = top.quiver(X, Y, 0 * X, 0 * Y, color=_ORANGE, angles="xy", scale_units="xy", pivot="mid",
                            scale=1.0 / (0.9 * step), width=0.004)
        top.set(xlabel="slice x along the strip", ylabel="row y")
        top.xaxis.label.set_visible(False)  # the same axis as the panel below, labelled there
        top.tick_params(labelbottom=False)
        dens = bottom.imshow(zeros, origin="lower", extent=extent, cmap="magma", vmin=0, vmax=1,
                             aspect="auto", interpolation="nearest")
        bar = fig.colorbar(dens, ax=bottom, label="density (ħ/ta)", fraction=0.06, pad=0.02)
        bar.ax.set_xlabel("|ψ|²", fontsize="small")
        bar.locator = MaxNLocator(3)  # few tick labels: text is most of the cost of a redraw
        bottom.set(xlabel="slice x along the strip", ylabel="row y")
        bottom.set_title("density of the scattering state", fontsize="small")
        for ax in (top, bottom):
            ax.grid(False)
            ax.set_yticks([0, 5, 10])
        n = np.arange(1, max_modes + 1)
        bars = bars_ax.bar(n, np.zeros(max_modes), color="0.7")
        bars_ax.set(xlabel="incoming mode n", ylabel="transmission of mode n", ylim=(0, 1.12),
                    xticks=n, yticks=[0, 0.5, 1])
        return {"top": top, "bottom": bottom, "bars_ax": bars_ax, "pot": pot, "dens": dens,
                "arrows": arrows, "bars": bars}

    def draw(state, data, values):
        state["pot"].set_data(data["V"].T)
        state["dens"].set_data(data["density"].T)
        state["dens"].set_clim(0.0, max(float(data["density"].max()), 1e-12))
        jx = data["jx"][::step, ::step].T
        jy = data["jy"][::step, ::step].T
        biggest = max(float(np.hypot(jx, jy).max()), 1e-12)
        state["arrows"].set_UVC(jx / biggest, jy / biggest)  # the longest spans 0.9 of the arrow spacing
        for n, bar in enumerate(state["bars"], start=1):
            bar.set_height(data["T_by_n"][n - 1])
            bar.set_color(_ORANGE if n == values["mode"] else ("0.6" if n in data["open"] else "0.9"))
        state["top"].set_title(
            f"mode n = {values['mode']} at E = {values['energy']:.2f} t: transmitted {data['T_mode']:.3f};"
            "  arrows: local current (longest = largest)",
            fontsize="small",
        )
        state["bars_ax"].set_title(f"total T = {data['T_total']:.3f}", fontsize="small")

    controls = {
        "geometry": _dropdown("constriction", list(MAP_GEOMETRIES), next(iter(MAP_GEOMETRIES))),
        # from 0.9 t up, the leads carry at least four modes
        "energy": _slider("energy E (t)", 1.0, 0.9, 1.6, 0.01, continuous=False),
        "mode": _slider("incoming mode n", 1, 1, 4, 1, integer=True),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.0, 4.4),
        title="Where the electrons of one incoming mode go",
    )


FIGURES = figure_table(strip_channels, saddle_staircase, lattice_staircase, mode_currents)
