"""Figures of chapter 7: interactions.

Three figures; their data come from :mod:`qtransport.figures.ch07`
(one ``*_data`` function per figure), this module only lays out and draws:

* :func:`blockade_peak`: the sequential-tunnelling conductance peak of one
  level (:func:`qtransport.sequential_conductance`, checked against
  :func:`qtransport.single_level_peak`) against coherent resonant tunnelling
  through the same level (:func:`qtransport.breit_wigner_conductance`).
* :func:`coulomb_diamonds`: current and ``dI/dV`` of a Coulomb island in the
  gate-bias plane (:func:`qtransport.coulomb_diamond_map`) with the
  zero-bias Coulomb oscillations underneath.
* :func:`luttinger_wire`: the AC conductance of a Luttinger wire between
  Fermi-liquid leads (:func:`qtransport.luttinger_ac_conductance` and, for
  smooth contacts, :func:`qtransport.luttinger_ac_conductance_transfer_matrix`)
  and its DC value (:func:`qtransport.luttinger_dc_conductance`).

Sliders are in µeV, meV, mV, µm and GHz; the library works in eV, V, m and Hz.
Conductances of spin-less (spin-resolved) channels are shown in units of
``e^2/h``.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures import ch07 as _data
from qtransport.figures.ch07 import DIAMOND_CHARGING_ENERGY, DIAMOND_LEVER_ARM, MEV
from qtransport.widgets._palette import BLUE, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider as _slider

__all__ = ["blockade_peak", "coulomb_diamonds", "luttinger_wire", "FIGURES"]



# ---------------------------------------------------------------------------
# 1. one Coulomb-blockade peak against a coherent resonance
# ---------------------------------------------------------------------------

def blockade_peak():
    """One conductance peak: sequential tunnelling against coherent tunnelling.

    A spin-less level with symmetric couplings ``Gamma_L = Gamma_R = Gamma/2``
    is swept through the Fermi level of the leads (``delta`` = level
    position).  Left: the line shapes, each divided by its own maximum, so
    that their widths compare: the sequential-tunnelling peak (master
    equation, line; closed form ``cosh^-2``, dots), the coherent
    Breit-Wigner conductance at the same temperature (dashed) and at zero
    temperature (the bare Lorentzian of width ``Gamma``, grey).  Right: the
    peak heights in ``e^2/h`` against ``k_BT``, with the chosen temperature
    marked: ``1/T`` for sequential tunnelling, saturating at ``e^2/h`` for
    the coherent level once ``k_BT < Gamma``.
    """
    from matplotlib.ticker import FormatStrFormatter

    compute = _data.blockade_peak_data

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.25, 1])
        (cold,) = left.plot([], [], color="0.6", lw=1.4, label="coherent, T = 0 (Lorentzian)")
        (coh,) = left.plot([], [], color=ORANGE, ls="--", lw=2.0, label="coherent, thermal average")
        (seq,) = left.plot([], [], color=BLUE, lw=2.2, label="sequential (master equation)")
        (closed,) = left.plot([], [], "o", color=BLUE, ms=3.5, label="sequential, cosh⁻² formula")
        left.set(
            xlabel="level position $\\delta = \\varepsilon - E_F$ (µeV)", ylabel="$G / G_\\mathrm{peak}$",
            xlim=(-100.0, 100.0), ylim=(0, 1.35),
        )
        left.legend(loc="upper left", fontsize="x-small", ncols=2)
        (seq_h,) = right.loglog([0.1, 100.0], [1.0, 1.0], color=BLUE, lw=2.0, label="sequential")
        (coh_h,) = right.loglog([0.1, 100.0], [1.0, 1.0], color=ORANGE, ls="--", lw=2.0, label="coherent")
        right.axhline(1.0, color="0.6", lw=1.0, ls=":")
        right.text(0.12, 1.15, "unitary limit e²/h", color="0.4", fontsize="small")
        gamma_line = right.axvline(1.0, color="0.6", lw=1.0, ls=":")
        (seq_m,) = right.plot([1.0], [1.0], "o", color=BLUE, ms=7)
        (coh_m,) = right.plot([1.0], [1.0], "s", color=ORANGE, ms=6, mfc="none", mew=1.6)
        gamma_text = right.text(1.0, 2e-3, " kT = Γ", color="0.4", fontsize="small")
        right.set(
            xlabel="thermal energy $k_BT$ (µeV)", ylabel="peak height $G_\\mathrm{peak}$ ($e^2/h$)",
            xlim=(0.1, 100.0), ylim=(1e-3, 30),
        )
        right.legend(loc="upper right")
        for axis in (right.xaxis, right.yaxis):  # plain numbers: cheaper to draw than 10^n labels
            axis.set_major_formatter(FormatStrFormatter("%g"))
        right.minorticks_off()  # the decades are enough, and each tick costs drawing time
        return {
            "left": left, "right": right, "seq": seq, "closed": closed, "coh": coh, "cold": cold,
            "seq_h": seq_h, "coh_h": coh_h, "seq_m": seq_m, "coh_m": coh_m,
            "gamma_line": gamma_line, "gamma_text": gamma_text,
        }

    def draw(state, data, values):
        seq_peak, coh_peak = data["seq_peak"], data["coh_peak"]
        delta = data["delta"]
        state["seq"].set_data(delta, data["seq"] / seq_peak)
        state["closed"].set_data(data["dots_delta"], data["closed"] / seq_peak)
        state["coh"].set_data(delta, data["coh"] / coh_peak)
        state["cold"].set_data(delta, data["cold"] / data["cold"].max())
        state["seq_h"].set_data(data["kT"], data["seq_heights"])
        state["coh_h"].set_data(data["kT"], data["coh_heights"])
        kT = values["kT_ueV"]
        state["seq_m"].set_data([kT], [seq_peak])
        state["coh_m"].set_data([kT], [coh_peak])
        gamma = values["gamma_ueV"]
        state["gamma_line"].set_xdata([gamma, gamma])
        state["gamma_text"].set_x(gamma)
        state["left"].set_title(f"kT = {kT:.3g} µeV, Γ = {gamma:.3g} µeV: line shapes")
        state["right"].set_title(
            f"peak heights: {seq_peak:.3g} (seq.), {coh_peak:.3g} (coh.) e²/h"
        )

    controls = {
        "kT_ueV": _slider("k_BT (µeV)", 10.0, 0.3, 30.0, 0.02, fmt=".3g", log=True),
        "gamma_ueV": _slider("Γ = Γ_L + Γ_R (µeV)", 1.0, 0.2, 10.0, 0.1, fmt=".1f"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.0, 3.9),
        title="A Coulomb-blockade peak: sequential tunnelling (width ~ k_BT, height ~ 1/T) "
        "against a coherent resonance (width Γ)",
    )


# ---------------------------------------------------------------------------
# 2. Coulomb diamonds
# ---------------------------------------------------------------------------

_MODELS = {"quantum dot (one level per electron)": "single_level", "metallic island": "metallic"}


def coulomb_diamonds():
    """Coulomb diamonds: transport through an island in the gate-bias plane.

    Top: the differential conductance ``dI/dV`` (or the current) against gate
    voltage and bias, from the sequential-tunnelling master equation.  Inside
    each diamond the charge is frozen and no current flows (up to thermal
    activation); the edges are where an electrochemical potential of the
    island lines up with that of one of the leads.
    Bottom: the zero-bias conductance along the gate axis, the Coulomb
    oscillations (exact linear response of the same master equation).
    Sliders: temperature and the junction asymmetry ``C_L/C_R``, which tilts
    the diamonds; dropdowns: a quantum dot with one spin-less level per
    electron, or a metallic island with a dense spectrum.
    """
    Ec, alpha = DIAMOND_CHARGING_ENERGY, DIAMOND_LEVER_ARM
    period = 2 * Ec / alpha  # gate period (V), e / C_g
    gates, biases = _data.diamond_grid()
    gates_mV, biases_mV = gates / MEV, biases / MEV
    compute = _data.coulomb_diamonds_data

    def init(fig):
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.2])
        dg, db = gates_mV[1] - gates_mV[0], biases_mV[1] - biases_mV[0]
        extent = (gates_mV[0] - dg / 2, gates_mV[-1] + dg / 2, biases_mV[0] - db / 2, biases_mV[-1] + db / 2)
        mesh = top.imshow(
            np.zeros((biases.size, gates.size)), origin="lower", extent=extent, aspect="auto",
            interpolation="bilinear", cmap="magma",
        )
        bar = fig.colorbar(mesh, ax=top, pad=0.01)
        top.set(xlabel="gate voltage $V_g$ (mV)", ylabel="bias $V$ (mV)", ylim=(biases_mV[0], biases_mV[-1]))
        top.xaxis.label.set_visible(False)  # shared with the panel below, labelled there
        top.grid(False)
        for N in range(3):
            top.text(N * period / MEV, 0.0, f"N = {N}", color="w", ha="center", va="center")
        (cut,) = bottom.plot([], [], color=BLUE, lw=1.8)
        bottom.set(
            xlabel="gate voltage $V_g$ (mV)", ylabel="$G(V=0)$ (µS)",
            xlim=(gates_mV[0], gates_mV[-1]),
        )
        return {"top": top, "bottom": bottom, "mesh": mesh, "bar": bar, "cut": cut}

    def draw(state, data, values):
        z = data["z"]
        mesh = state["mesh"]
        mesh.set_data(z)
        if values["quantity"] == "current":
            top = nice_ceiling(float(np.abs(z).max()))  # on a ladder: the colour bar stays put
            mesh.set_cmap("RdBu_r")
            mesh.set_clim(-top, top)
            state["bar"].set_label("current $I$")
            state["bar"].ax.set_xlabel("nA")
        else:
            top = nice_ceiling(float(np.percentile(z, 99.5)))
            mesh.set_cmap("magma")
            mesh.set_clim(0.0, top)
            state["bar"].set_label("differential conductance $dI/dV$")
            state["bar"].ax.set_xlabel("µS")
        ratio = values["asymmetry"]
        state["cut"].set_data(data["cut_gate"], data["cut"])
        state["bottom"].set_ylim(0, nice_ceiling(1.15 * float(data["cut"].max()), 1e-9))
        label = "dI/dV" if values["quantity"] != "current" else "current"
        state["top"].set_title(
            f"{label}, kT = {values['kT_ueV']:.0f} µeV, E_C = {Ec / MEV:.0f} meV, "
            f"C_L/C_R = {ratio:.2g}, lever arm {alpha:g}"
        )

    controls = {
        "kT_ueV": _slider("k_BT (µeV)", 20.0, 5.0, 300.0, 5.0, fmt=".0f", continuous=False),
        "asymmetry": _slider("C_L / C_R", 1.0, 0.25, 4.0, 0.01, fmt=".2f", continuous=False, log=True),
        "model": _dropdown("island", _MODELS, "single_level"),
        "quantity": _dropdown("colour", {"dI/dV": "conductance", "current I": "current"}, "conductance"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.0, 5.4),
        title="Coulomb diamonds: where the island's charge is frozen, no current flows",
    )


# ---------------------------------------------------------------------------
# 3. Luttinger wire between Fermi-liquid leads
# ---------------------------------------------------------------------------

def luttinger_wire():
    """AC and DC conductance of a Luttinger wire between Fermi-liquid leads.

    Left: ``|G(f)|`` in ``e^2/h`` (one spin-resolved channel)
    for frequencies up to 200 GHz.  At ``f = 0`` the conductance is ``e^2/h``
    whatever ``g``; at finite frequency plasmons bounce between the two
    contacts and ``|G|`` oscillates between ``e^2/h`` and ``2g/(1 + g^2)``
    (dotted line).  The dash-dotted line is ``g e^2/h``, the conductance of
    an infinitely long Luttinger liquid, which a two-terminal measurement does
    not see.  Right: the DC conductance against ``g`` (flat) with the same
    ``g e^2/h`` for comparison.  "smooth" contacts ramp ``g`` linearly over
    1 µm at each end (transfer matrices); slow ramps reflect fast plasmons
    less.
    """
    compute = _data.luttinger_wire_data

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[2.0, 1])
        (ab,) = left.plot([], [], color=BLUE, lw=2.2, label="|G|")
        minimum = left.axhline(0.5, color="0.35", ls=":", lw=1.2, label="quarter wave, 2g/(1 + g²)")
        bulk = left.axhline(0.5, color=RED, ls="-.", lw=1.2, label="g (infinite wire)")
        left.set(
            xlabel="frequency $f$ (GHz)", ylabel="conductance $G(f)$ ($e^2/h$)",
            xlim=(0, 200.0), ylim=(0, 1.1),
        )
        left.legend(loc="lower left", ncols=3, fontsize="x-small")
        (dc,) = right.plot([], [], color=BLUE, lw=2.2, label="two-terminal DC")
        (bulk_dc,) = right.plot([], [], color=RED, ls="-.", lw=1.2, label="g e²/h")
        (mark,) = right.plot([1.0], [1.0], "o", color=BLUE, ms=7)
        right.set(
            xlabel="interaction parameter $g$", ylabel="$G_{DC}$ ($e^2/h$)",
            xlim=(0.1, 1.0), ylim=(0, 1.15),
        )
        right.legend(loc="lower right")
        return {"left": left, "right": right, "ab": ab, "minimum": minimum, "bulk": bulk,
                "dc": dc, "bulk_dc": bulk_dc, "mark": mark}

    def draw(state, data, values):
        g = values["g"]
        state["ab"].set_data(data["f"], data["abs"])
        state["minimum"].set_ydata([data["floor"], data["floor"]])
        state["bulk"].set_ydata([g, g])
        state["dc"].set_data(data["g_sweep"], data["dc"])
        state["bulk_dc"].set_data(data["g_sweep"], data["g_sweep"])
        state["mark"].set_data([g], [data["dc_now"]])
        state["left"].set_title(
            f"g = {g:.2f}: plasmon reflection (1 − g)/(1 + g) = {data['gamma']:.2f}, "
            f"period u/2L = {data['period_GHz']:.3g} GHz"
        )
        state["right"].set_title(f"DC conductance {data['dc_now']:.3f} e²/h")

    controls = {
        "g": _slider("g (interaction)", 0.5, 0.2, 1.0, 0.01),
        "length_um": _slider("wire length L (µm)", 3.0, 1.0, 10.0, 0.1, fmt=".1f"),
        "contacts": _dropdown("contacts", {"abrupt": "abrupt", "smooth (1 µm ramps)": "smooth"}, "abrupt"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.0, 3.8),
        title="A Luttinger wire between Fermi-liquid leads: DC fixed by the leads, AC oscillating",
    )


FIGURES = figure_table(blockade_peak, coulomb_diamonds, luttinger_wire)
