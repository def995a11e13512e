"""Figures of chapter 6: symmetry and magnetic field.

* :func:`landau_levels`: bands of a strip in a field
  (:func:`qtransport.tb.hall.strip_bands`) and the states at the Fermi
  energy (:func:`qtransport.tb.hall.edge_states`): flat Landau levels in
  the bulk, chiral edge channels at the edges.
* :func:`onsager_cross`: the full transmission matrix of a four-terminal
  tight-binding cross (:func:`qtransport.tb.geometries.cross`) at field
  ``B`` next to the transpose of the one at ``-B``
  (:func:`qtransport.tb.transmission`).
* :func:`field_symmetry`: two-terminal transmission of a disordered strip
  and two transmissions of a disordered cross against the field, with and
  without a "magnetization", modelled as an extra flux through the device.
* :func:`hall_plateaus`: Hall and longitudinal resistance of a lattice Hall
  bar over a field sweep (:func:`qtransport.tb.hall.hall_bar_sweep`).
* :func:`edge_currents`: the current density of the electrons injected by
  one contact of the Hall bar (:func:`qtransport.tb.hall.site_current_density`).
* :func:`thermal_rounding`: a quantized step at finite temperature
  (:func:`qtransport.thermal_step_conductance`).

Lattice figures use the units of the tight-binding engine (``t = 1``,
``a = 1``, energies in units of ``t``).  The field is given as the flux per
plaquette ``phi = B a^2 / (h/e)`` in flux quanta, along ``+z`` for
``phi > 0`` (gauge and sign conventions: :mod:`qtransport.tb.geometries`).
Field sweeps are computed once, when the figure is built (with a progress
bar in a notebook); their sliders then only select.  The data come from
:mod:`qtransport.figures.ch06`; this module holds the controls and draws.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures import ch06 as _data
from qtransport.figures.ch06 import (  # noqa: F401  (settings the notebook reads)
    HALL_BAR,
    HALL_ENERGY,
    MAGNETIZATION_FLUX,
    ONSAGER_ENERGY,
    STRIP_WIDTH,
)
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "landau_levels",
    "onsager_cross",
    "field_symmetry_data",
    "field_symmetry",
    "hall_sweep",
    "hall_plateaus",
    "edge_currents",
    "thermal_rounding",
    "FIGURES",
]


def _slider(*args, fmt=".3f", **kwargs):
    """Chapter 6 reads field values to three decimals."""
    return slider(*args, fmt=fmt, **kwargs)


def _draw_leads(ax, fsys, depth=5):
    """Grey stubs where the leads of the finalized square-lattice device ``fsys`` attach, with their numbers."""
    from matplotlib.patches import Rectangle

    xs, ys = fsys.positions[:, 0], fsys.positions[:, 1]
    x0, x1, y0, y1 = xs.min() - 0.5, xs.max() + 0.5, ys.min() - 0.5, ys.max() + 0.5
    for p, lead in enumerate(fsys.leads):
        side = lead.lead.name  # "+x", "-x", "+y" or "-y" (qtransport.tb.geometries.square_device)
        across = fsys.positions[lead.interface, 1 if side[1] == "x" else 0]
        s, w = across.min() - 0.5, len(across)
        corner, size, label = {
            "-x": ((x0 - depth, s), (depth, w), (x0 - depth / 2, s + w / 2)),
            "+x": ((x1, s), (depth, w), (x1 + depth / 2, s + w / 2)),
            "-y": ((s, y0 - depth), (w, depth), (s + w / 2, y0 - depth / 2)),
            "+y": ((s, y1), (w, depth), (s + w / 2, y1 + depth / 2)),
        }[side]
        ax.add_patch(Rectangle(corner, *size, color="0.8", zorder=0))
        ax.text(*label, str(p), ha="center", va="center", fontsize="small", fontweight="bold")
    ax.set(xlim=(x0 - depth, x1 + depth), ylim=(y0 - depth, y1 + depth), aspect="equal")


# ---------------------------------------------------------------------------
# 1. Landau levels and edge states of a strip
# ---------------------------------------------------------------------------

_N_BANDS = 10
_MAX_STATES = 40


def landau_levels():
    """Bands of a strip 30 sites wide in a field, and its propagating states at the Fermi energy.

    Left: the lowest bands ``E_n(k)`` (:func:`qtransport.tb.hall.strip_bands`),
    the Landau-level energies ``hbar omega_c (n + 1/2)``
    (:func:`qtransport.tb.hall.cyclotron_energy`), the Fermi energy, and
    the states at that energy (:func:`qtransport.tb.hall.edge_states`),
    red moving along ``+x``, blue along ``-x``.  Right: the probability density
    of those states across the strip.
    """
    def compute(flux, energy):
        return _data.landau_levels_data(flux, energy, width=STRIP_WIDTH, n_bands=_N_BANDS)

    first = compute(0.02, 0.35)
    k, y = first.k, first.y

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        bands = [left.plot(k, 0 * k, color=GREY, lw=1.3)[0] for _ in range(_N_BANDS)]
        levels = [left.axhline(-1, color=GREEN, lw=0.8, ls=":") for _ in range(_N_BANDS)]
        fermi = left.axhline(0.3, color=ORANGE, lw=1.2, label="Fermi energy")
        (right_movers,) = left.plot([], [], "o", color=RED, ms=6, label="moving along $+x$")
        (left_movers,) = left.plot([], [], "o", color=BLUE, ms=6, label="moving along $-x$")
        levels[0].set_label("$\\hbar\\omega_c(n + 1/2)$")
        left.set(xlabel="wave number $k$ ($1/a$)", ylabel="energy (units of $t$)",
                 xlim=(-np.pi, np.pi), ylim=(0, 1.6))
        lines = [right.plot(y, 0 * y, lw=1.2)[0] for _ in range(_MAX_STATES)]
        handles, labels = left.get_legend_handles_labels()
        right.legend(handles, labels, loc="upper center", fontsize="x-small")
        right.set(xlabel="position across the strip $y$ (sites)", ylabel="probability density",
                  xlim=(y[0] - 0.5, y[-1] + 0.5), ylim=(0, 0.3))
        return {"left": left, "right": right, "bands": bands, "levels": levels, "fermi": fermi,
                "rm": right_movers, "lm": left_movers, "lines": lines}

    def draw(state, data, values):
        for n, line in enumerate(state["bands"]):
            line.set_ydata(data["bands"][:, n])
        for n, line in enumerate(state["levels"]):
            level = data["levels"][n] if n < data["levels"].size else -1.0
            line.set_ydata([level, level])
        energy = values["energy"]
        state["fermi"].set_ydata([energy, energy])
        v, ks = data["velocity"], data["k_states"]
        state["rm"].set_data(ks[v > 0], np.full((v > 0).sum(), energy))
        state["lm"].set_data(ks[v < 0], np.full((v < 0).sum(), energy))
        peak = 0.05
        for i, line in enumerate(state["lines"]):
            if i < len(v):
                line.set_ydata(data["density"][i])
                line.set_color(RED if v[i] > 0 else BLUE)
                line.set_visible(True)
                peak = max(peak, float(data["density"][i].max()))
            else:
                line.set_ydata(0 * y)
                line.set_visible(False)
        state["right"].set_ylim(0, 1.1 * peak)
        state["left"].set_title(f"flux {values['flux']:+.3f}: {data['n_right']} channel(s) each way",
                                fontsize="medium")
        if values["flux"] and len(v):
            inner = data["inner"]  # the state closest to the middle
            state["right"].set_title(f"every state within {STRIP_WIDTH / 2 - inner:.1f} sites "
                                     "of an edge" if inner > STRIP_WIDTH / 4 else
                                     "states spread across the strip", fontsize="medium")
        else:
            state["right"].set_title("no field: standing waves across the strip", fontsize="medium")

    controls = {
        "flux": _slider("flux per plaquette", 0.02, -0.05, 0.05, 0.001),
        "energy": _slider("Fermi energy (t)", 0.35, 0.02, 1.5, 0.01, fmt=".2f"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.8, 3.6),
                             title=f"Landau levels and edge states of a strip {STRIP_WIDTH} sites wide")


# ---------------------------------------------------------------------------
# 2. Onsager-Casimir on a cross
# ---------------------------------------------------------------------------

def onsager_cross():
    """Transmission matrix of a disordered four-terminal cross at ``B`` and at ``-B``.

    Terminals counter-clockwise from the left: 0 = left, 1 = bottom,
    2 = right, 3 = top (:func:`qtransport.tb.geometries.cross`).  Left: the
    device, coloured by its disorder potential (a fixed sample whose strength
    the slider scales: the named parameter ``disorder`` of the cross).
    Middle: ``T[i, j](B)`` (from ``j`` into ``i``, reflections on the
    diagonal).  Right: ``T[j, i](-B)``, the transpose of the matrix at the
    reversed field (both fields in one call of :func:`qtransport.tb.transmission`).
    The two agree to round-off; ``T(B)`` itself is not symmetric once ``B != 0``.
    """
    compute = _data.onsager_cross_data
    device, mask, _ = _data.onsager_device()

    def init(fig):
        device_ax, left, right = fig.subplots(1, 3, width_ratios=[1.25, 1, 1])
        image = device_ax.imshow(np.ma.masked_array(np.zeros(mask.shape), ~mask).T, origin="lower",
                                 cmap="RdBu_r", vmin=-1.5, vmax=1.5,
                                 extent=(-0.5, mask.shape[0] - 0.5, -0.5, mask.shape[1] - 0.5))
        bar = fig.colorbar(image, ax=device_ax, shrink=0.8, pad=0.02)
        bar.set_label("potential (units of $t$)")
        bar.ax.set_xlabel("$V$", fontsize="small")
        _draw_leads(device_ax, device, depth=4)
        device_ax.set(xlabel="$x$ (sites)", ylabel="$y$ (sites)")
        device_ax.grid(False)
        images, texts = [], []
        for ax, title in ((left, "$T_{ij}(B)$"), (right, "$T_{ji}(-B)$")):
            im = ax.imshow(np.zeros((4, 4)), cmap="viridis", vmin=0, vmax=3)
            ax.set(xticks=range(4), yticks=range(4), xlabel="from terminal $j$",
                   ylabel="into terminal $i$", title=title)
            ax.grid(False)
            images.append(im)
            texts.append([[ax.text(j, i, "", ha="center", va="center", fontsize="x-small")
                           for j in range(4)] for i in range(4)])
        cbar = fig.colorbar(images[1], ax=[left, right], shrink=0.8, pad=0.02)
        cbar.set_label("transmission")
        cbar.ax.set_xlabel("$T$", fontsize="small")
        return {"device": device_ax, "image": image, "images": images, "texts": texts,
                "left": left, "right": right}

    def draw(state, data, values):
        state["image"].set_data(np.ma.masked_array(data["potential"], ~mask).T)
        vmax = max(float(data["channels"].max()), 1.0)
        for im, key, texts in zip(state["images"], ("T", "T_rev"), state["texts"], strict=True):
            matrix = data[key]
            im.set_data(matrix)
            im.set_clim(0, vmax)
            for i in range(4):
                for j in range(4):
                    texts[i][j].set_text(f"{matrix[i, j]:.3f}")
                    texts[i][j].set_color("white" if matrix[i, j] < 0.6 * vmax else "black")
        state["device"].set_title(f"flux {values['flux']:+.3f}, disorder {values['disorder']:.2f} t",
                                  fontsize="small")
        state["left"].set_title(f"$T_{{ij}}(B)$: max$|T_{{ij}} - T_{{ji}}|$ = {data['asymmetry']:.3f}",
                                fontsize="small")
        state["right"].set_title(f"$T_{{ji}}(-B)$: max difference {data['onsager']:.0e}",
                                 fontsize="small")

    controls = {
        "flux": _slider("flux per plaquette", 0.02, -0.05, 0.05, 0.005, continuous=False),
        "disorder": _slider("disorder (t)", 1.0, 0.0, 3.0, 0.25, fmt=".2f", continuous=False),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(10.0, 3.5),
                             title=f"Onsager-Casimir on a tight-binding cross (E = {ONSAGER_ENERGY} t)")


# ---------------------------------------------------------------------------
# 3. symmetry in the field, with and without a magnetization
# ---------------------------------------------------------------------------

field_symmetry_data = _with_progress(_data.field_symmetry_sweep, "field sweep")


def field_symmetry(data=None):
    """Even and odd in the field: a two-terminal strip and a four-terminal cross.

    Left: two-terminal transmission (conductance in units of ``2e^2/h``) of a
    disordered strip against the applied flux ``phi_B``, and the same curve
    reflected, ``phi_B -> -phi_B``.  Right: ``T_10`` and ``T_01`` of a
    disordered cross (terminals 0 = left, 1 = bottom), and ``T_01`` at the
    reversed field.  With a magnetization (modelled as an extra flux
    ``phi_M`` through the device, so that the total is ``phi_B + phi_M``)
    the reflected curves no longer match: reversing the applied field alone
    is not a symmetry; reversing ``M`` as well (dotted) is.  ``data`` from
    :func:`field_symmetry_data` (computed if not given).
    """
    data = field_symmetry_data() if data is None else data
    fluxes = data["fluxes"]

    def compute(flux, magnetization):
        return _data.field_symmetry_data(flux, magnetization, sweep=data)

    def init(fig):
        left, right = fig.subplots(1, 2)
        z = 0 * fluxes
        (g,) = left.plot(fluxes, z, color=BLUE, label="$G(\\phi_B)$")
        (gm,) = left.plot(fluxes, z, color=ORANGE, ls="--", label="$G(-\\phi_B)$")
        (gb,) = left.plot(fluxes, z, "o", ms=3.5, mfc="none", mec=GREY, label="$G(-\\phi_B, -M)$")
        (gdot,) = left.plot([0], [0], "o", color=GREEN, ms=8)
        left.set(xlabel="applied flux per plaquette $\\phi_B$", ylabel="conductance ($2e^2/h$)",
                 xlim=(fluxes[0], fluxes[-1]))
        left.legend(loc="upper center", fontsize="x-small", ncols=3)
        (t10,) = right.plot(fluxes, z, color=BLUE, label="$T_{10}(\\phi_B)$")
        (t01,) = right.plot(fluxes, z, color=RED, label="$T_{01}(\\phi_B)$")
        (t01m,) = right.plot(fluxes, z, color=ORANGE, ls="--", label="$T_{01}(-\\phi_B)$")
        (t01b,) = right.plot(fluxes, z, "o", ms=3.5, mfc="none", mec=GREY,
                             label="$T_{01}(-\\phi_B, -M)$")
        (tdot,) = right.plot([0], [0], "o", color=GREEN, ms=8)
        right.set(xlabel="applied flux per plaquette $\\phi_B$", ylabel="transmission",
                  xlim=(fluxes[0], fluxes[-1]))
        right.legend(loc="upper center", fontsize="x-small", ncols=2)
        return {"left": left, "right": right, "g": g, "gm": gm, "gb": gb, "gdot": gdot,
                "t10": t10, "t01": t01, "t01m": t01m, "t01b": t01b, "tdot": tdot}

    def draw(state, d, values):
        i = d["i"]
        for key, name in (("g", "G"), ("gm", "G_mirror"), ("gb", "G_both"), ("t10", "T10"),
                          ("t01", "T01"), ("t01m", "T01_mirror"), ("t01b", "T01_both")):
            state[key].set_ydata(d[name])
        state["gdot"].set_data([fluxes[i]], [d["G"][i]])
        state["tdot"].set_data([fluxes[i]], [d["T10"][i]])
        for ax, keys in ((state["left"], ("G", "G_mirror")), (state["right"], ("T10", "T01", "T01_mirror"))):
            shown = np.concatenate([d[k] for k in keys])
            lo, hi = shown.min(), shown.max()
            ax.set_ylim(lo - 0.05 * (hi - lo) - 0.02, hi + 0.4 * (hi - lo) + 0.02)  # room for the key
        m = values["magnetization"]
        label = "no magnetization" if m == 0 else f"magnetization: $\\phi_M = {m:+.3f}$"
        state["left"].set_title(f"two terminals, {label}", fontsize="small")
        state["right"].set_title(f"cross at $\\phi_B = {fluxes[i]:+.3f}$: $T_{{10}} = {d['T10'][i]:.3f}$, "
                                 f"$T_{{01}} = {d['T01'][i]:.3f}$", fontsize="small")

    m = data["magnetization"]
    controls = {
        "flux": _slider("applied flux φ_B", 0.02, float(fluxes[0]), float(fluxes[-1]),
                        float(fluxes[1] - fluxes[0])),
        "magnetization": _dropdown("magnetization", [("none", 0.0), (f"up (φ_M = +{m:g})", m),
                                                     (f"down (φ_M = -{m:g})", -m)], 0.0),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.8, 3.6),
                             title=f"What reversing the field does (E = {data['energy']} t)")


# ---------------------------------------------------------------------------
# 4. the quantum Hall effect on a lattice Hall bar
# ---------------------------------------------------------------------------

hall_sweep = _with_progress(_data.hall_sweep, "Hall bar")


def hall_plateaus(sweep=None):
    """Hall and longitudinal resistance of the lattice Hall bar against the field.

    ``R_xy = (V_1 - V_5)/I`` and ``R_xx = (V_1 - V_2)/I`` with the current from
    terminal 0 to 3 (:func:`qtransport.tb.hall.hall_bar_resistances`),
    in units of ``h/e^2``; dotted lines at ``+-1/nu``.  The slider moves along
    the precomputed sweep (from :func:`hall_sweep`, computed if not given).
    """
    sweep = hall_sweep() if sweep is None else sweep
    fluxes, res = sweep
    r_xy, r_xx = np.asarray(res.r_xy), np.asarray(res.r_xx)

    def compute(flux):
        return _data.hall_plateaus_data(flux, sweep=sweep)

    def init(fig):
        top, bottom = fig.subplots(1, 2, width_ratios=[1.4, 1])
        for n in range(1, 5):
            for sign in (1, -1):
                top.axhline(sign / n, color="0.65", lw=0.8, ls=":")
                if n < 4:  # labels on the side where the curve is not
                    top.text(fluxes[-1] if sign > 0 else fluxes[0], sign / n, f" $\\nu = {n}$ ",
                             va="bottom" if sign > 0 else "top", ha="right" if sign > 0 else "left",
                             fontsize="x-small", color="0.4")
        (xy,) = top.plot(fluxes, r_xy, ".-", color=BLUE, ms=4)
        (xy_dot,) = top.plot([0], [0], "o", color=GREEN, ms=8)
        top.set(xlabel="flux per plaquette $\\phi = Ba^2/(h/e)$", ylabel="$R_{xy}$ ($h/e^2$)",
                ylim=(-1.2, 1.2), xlim=(fluxes[0], fluxes[-1]))
        (xx,) = bottom.plot(fluxes, r_xx, ".-", color=ORANGE, ms=4)
        (xx_dot,) = bottom.plot([0], [0], "o", color=GREEN, ms=8)
        bottom.set(xlabel="flux per plaquette $\\phi = Ba^2/(h/e)$", ylabel="$R_{xx}$ ($h/e^2$)",
                   xlim=(fluxes[0], fluxes[-1]), xticks=[-0.06, -0.03, 0, 0.03, 0.06])
        lo, hi = min(r_xx.min(), 0.0), max(r_xx.max(), 0.05)
        bottom.set_ylim(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
        return {"top": top, "bottom": bottom, "xy": xy, "xx": xx, "xy_dot": xy_dot, "xx_dot": xx_dot}

    def draw(state, data, values):
        i = data["i"]
        state["xy_dot"].set_data([fluxes[i]], [r_xy[i]])
        state["xx_dot"].set_data([fluxes[i]], [r_xx[i]])
        state["top"].set_title(f"$\\phi = {fluxes[i]:+.3f}$: {data['nu']} channel(s) in the current "
                               f"leads, $R_{{xy}}$ = {r_xy[i]:+.6f}", fontsize="small")
        state["bottom"].set_title(f"$R_{{xx}}$ = {r_xx[i]:+.6f}", fontsize="small")

    controls = {"flux": _slider("flux per plaquette", 0.03, float(fluxes[0]), float(fluxes[-1]),
                                float(fluxes[1] - fluxes[0]), fmt=".4f")}
    length, width = HALL_BAR["length"], HALL_BAR["width"]
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.0, 3.6),
                             title=f"Quantum Hall plateaus of a {length} x {width} lattice Hall bar "
                                   f"(E = {HALL_ENERGY} t)")


def edge_currents():
    """Current density of the electrons injected from the left contact of the Hall bar.

    The map is ``|j|`` on every site (:func:`qtransport.tb.hall.site_current_density`,
    units of ``e/h`` per unit energy, i.e. per ``t``), the arrows its
    direction (electron flow, every third site).  The grey stubs are the six
    leads, numbered as in :func:`qtransport.tb.geometries.hall_bar`.
    """
    length, width = HALL_BAR["length"], HALL_BAR["width"]
    template = _data.hall_bar_device()
    xs, ys = np.meshgrid(np.arange(length), np.arange(width), indexing="ij")
    step = 3
    sub = (slice(1, None, step), slice(1, None, step))
    compute = _data.edge_currents_data

    def init(fig):
        ax = fig.add_subplot()
        image = ax.imshow(np.zeros((width, length)), origin="lower", cmap="magma", vmin=0, vmax=1,
                          extent=(-0.5, length - 0.5, -0.5, width - 0.5))
        bar = fig.colorbar(image, ax=ax, pad=0.01, shrink=0.9)
        bar.set_label("$|j|$ ($e/h$ per unit energy)")
        bar.ax.set_xlabel("$|j|$", fontsize="small")
        arrows = ax.quiver(xs[sub], ys[sub], 0 * xs[sub], 0 * ys[sub], color="white", pivot="mid",
                           scale_units="xy", scale=1 / 2.4, width=0.003, minlength=0)
        _draw_leads(ax, template)
        ax.set(xlabel="$x$ (sites)", ylabel="$y$ (sites)")
        ax.grid(False)
        return {"ax": ax, "image": image, "arrows": arrows}

    def draw(state, data, values):
        magnitude = data["magnitude"]
        state["image"].set_data(magnitude.T)
        state["image"].set_clim(0, max(float(magnitude.max()), 1e-12))
        # unit arrows for the direction, only where a noticeable current flows
        flowing = magnitude > 0.05 * magnitude.max()
        norm = np.where(flowing, magnitude, np.inf)
        state["arrows"].set_UVC((data["jx"] / norm)[sub], (data["jy"] / norm)[sub])
        state["ax"].set_title(f"flux {values['flux']:+.3f}, $E = {values['energy']:.2f}\\,t$: "
                              f"{data['nu']} channel(s) in the current leads", fontsize="medium")

    controls = {
        "flux": _slider("flux per plaquette", 0.03, -0.06, 0.06, 0.005, continuous=False),
        "energy": _slider("Fermi energy (t)", 0.5, 0.25, 0.95, 0.05, fmt=".2f", continuous=False),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.6, 3.4),
                             title="Where the current injected by contact 0 flows")


# ---------------------------------------------------------------------------
# 5. thermal rounding of a quantized step
# ---------------------------------------------------------------------------


def thermal_rounding():
    """A quantized step ``G = (e^2/h)(N + f(E_F + Delta))`` rounded by temperature.

    Left: the conductance across the opening of channel ``N + 1`` against the
    distance ``E_F - E_{N+1} = -Delta`` of the Fermi energy from its threshold
    (:func:`qtransport.thermal_step_conductance`), at zero temperature and at
    the chosen ``k_BT``.  Right: how far the plateau is from its quantized
    value, ``G/(e^2/h) - N``, at the chosen distance ``Delta`` below the
    threshold, against ``1/k_BT``: the straight line of thermal activation
    ``exp(-Delta/k_BT)``.  Energies in meV; spin-resolved channels.
    """
    compute = _data.thermal_rounding_data
    first = compute(0.5, 2.0, 2)
    detuning, inverse_kT = first.detuning, first.inverse_kT

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        (cold,) = left.plot(detuning, 0 * detuning, color=GREY, ls="--", lw=1.3, label="$k_BT = 0$")
        (warm,) = left.plot(detuning, 0 * detuning, color=RED, label="$k_BT$ of the slider")
        delta_mark = left.axvline(-2, color=GREEN, lw=1.2, label="$E_F = E_{N+1} - \\Delta$")
        left.set(xlabel="$E_F - E_{N+1}$ (meV)", ylabel="conductance ($e^2/h$)",
                 xlim=(detuning[0], detuning[-1]))
        left.legend(loc="upper left", fontsize="x-small")
        (line,) = right.plot(inverse_kT, 0 * inverse_kT + 1e-3, color=RED)
        (dot,) = right.plot([], [], "o", color=GREEN, ms=8)
        right.set(yscale="log", xlabel="$1/k_BT$ (1/meV)", ylabel="$G/(e^2/h) - N$",
                  xlim=(0, inverse_kT[-1]), ylim=(1e-12, 1))
        return {"left": left, "right": right, "cold": cold, "warm": warm, "mark": delta_mark,
                "line": line, "dot": dot}

    def draw(state, data, values):
        N, kT, delta = values["n_filled"], values["kT_meV"], values["delta_meV"]
        state["cold"].set_ydata(data["cold"])
        state["warm"].set_ydata(data["warm"])
        state["mark"].set_xdata([-delta, -delta])
        state["left"].set_ylim(N - 0.1, N + 1.1)
        state["line"].set_ydata(data["excess"])
        if kT > 0 and data["excess_now"] > 0:
            state["dot"].set_data([1.0 / kT], [data["excess_now"]])
        else:  # zero temperature: infinitely far right, exactly on the plateau
            state["dot"].set_data([], [])
        kelvin = data["kelvin"]
        state["left"].set_title(f"$N = {N}$, $k_BT = {kT:.2f}$ meV ({kelvin:.1f} K)",
                                fontsize="medium")
        state["right"].set_title(f"$\\Delta = {delta:.1f}$ meV: excess {data['excess_now']:.2e}",
                                 fontsize="medium")

    controls = {
        "kT_meV": _slider("k_BT (meV)", 0.5, 0.0, 3.0, 0.05, fmt=".2f"),
        "delta_meV": _slider("Δ (meV)", 2.0, 0.5, 6.0, 0.1, fmt=".1f"),
        "n_filled": _dropdown("N", [("1", 1), ("2", 2), ("3", 3)], 2),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.6, 3.5),
                             title="Thermal rounding of a quantized step (spin-resolved channels)")


FIGURES = figure_table(
    landau_levels, onsager_cross, field_symmetry, hall_plateaus, edge_currents, thermal_rounding,
)
