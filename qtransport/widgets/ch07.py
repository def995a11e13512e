"""Figures of chapter 7: interactions.

Three figures, each a thin layer over the tested models:

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

from qtransport.constants import R_K
from qtransport.widgets._palette import BLUE, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider as _slider

__all__ = ["blockade_peak", "coulomb_diamonds", "luttinger_wire", "FIGURES"]

UEV = 1e-6  # eV per µeV
MEV = 1e-3  # eV per meV (and V per mV)


# ---------------------------------------------------------------------------
# 1. one Coulomb-blockade peak against a coherent resonance
# ---------------------------------------------------------------------------

#: Charging energy of the dot in the peak figure (eV).  It only sets how far
#: away the neighbouring peaks are; with one orbital (``levels=[0]``) the dot
#: holds 0 or 1 electron.
PEAK_CHARGING_ENERGY = 1.0 * MEV


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

    from qtransport import (
        Island,
        breit_wigner_conductance,
        sequential_conductance,
        single_level_peak,
    )

    delta_ueV = np.linspace(-100.0, 100.0, 801)
    dots_ueV = np.linspace(-100.0, 100.0, 41)
    kT_sweep_ueV = np.logspace(-1, 2, 61)
    Ec = PEAK_CHARGING_ENERGY

    def sequential(delta, kT, half):
        # With one orbital at 0 and lever arm 1 the level sits at
        # mu(1) = E_C - e V_g, so the gate voltage V_g = E_C - delta puts it at delta.
        dot = Island(charging_energy=Ec, gamma_left=half, gamma_right=half, levels=[0.0])
        return R_K * sequential_conductance(dot, Ec - delta, kT=kT)

    def coherent(delta, kT, half):
        return breit_wigner_conductance(
            0.0, level=delta, gamma_left=half, gamma_right=half, kT=kT,
            spin_degeneracy=1, unit="e^2/h",
        )

    def compute(kT_ueV, gamma_ueV):
        kT, half = kT_ueV * UEV, 0.5 * gamma_ueV * UEV
        delta = delta_ueV * UEV
        seq = sequential(delta, kT, half)
        closed = R_K * single_level_peak(dots_ueV * UEV, gamma_left=half, gamma_right=half, kT=kT)
        coh = coherent(delta, kT, half)
        cold = coherent(delta, 0.0, half)
        kTs = kT_sweep_ueV * UEV
        return {
            "delta": delta_ueV, "seq": seq, "closed": closed, "coh": coh, "cold": cold,
            "seq_peak": float(sequential(0.0, kT, half)), "coh_peak": float(coherent(0.0, kT, half)),
            "kT": kT_sweep_ueV, "seq_heights": sequential(0.0 * kTs, kTs, half),
            "coh_heights": coherent(0.0 * kTs, kTs, half),
        }

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.25, 1])
        zeros = 0 * delta_ueV
        (cold,) = left.plot(delta_ueV, zeros, color="0.6", lw=1.4, label="coherent, T = 0 (Lorentzian)")
        (coh,) = left.plot(delta_ueV, zeros, color=ORANGE, ls="--", lw=2.0, label="coherent, thermal average")
        (seq,) = left.plot(delta_ueV, zeros, color=BLUE, lw=2.2, label="sequential (master equation)")
        (closed,) = left.plot(dots_ueV, 0 * dots_ueV, "o", color=BLUE, ms=3.5, label="sequential, cosh⁻² formula")
        left.set(
            xlabel="level position $\\delta = \\varepsilon - E_F$ (µeV)", ylabel="$G / G_\\mathrm{peak}$",
            xlim=(delta_ueV[0], delta_ueV[-1]), ylim=(0, 1.35),
        )
        left.legend(loc="upper left", fontsize="x-small", ncols=2)
        (seq_h,) = right.loglog(kT_sweep_ueV, kT_sweep_ueV, color=BLUE, lw=2.0, label="sequential")
        (coh_h,) = right.loglog(kT_sweep_ueV, kT_sweep_ueV, color=ORANGE, ls="--", lw=2.0, label="coherent")
        right.axhline(1.0, color="0.6", lw=1.0, ls=":")
        right.text(0.12, 1.15, "unitary limit e²/h", color="0.4", fontsize="small")
        gamma_line = right.axvline(1.0, color="0.6", lw=1.0, ls=":")
        (seq_m,) = right.plot([1.0], [1.0], "o", color=BLUE, ms=7)
        (coh_m,) = right.plot([1.0], [1.0], "s", color=ORANGE, ms=6, mfc="none", mew=1.6)
        gamma_text = right.text(1.0, 2e-3, " kT = Γ", color="0.4", fontsize="small")
        right.set(
            xlabel="thermal energy $k_BT$ (µeV)", ylabel="peak height $G_\\mathrm{peak}$ ($e^2/h$)",
            xlim=(kT_sweep_ueV[0], kT_sweep_ueV[-1]), ylim=(1e-3, 30),
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
        state["seq"].set_ydata(data["seq"] / seq_peak)
        state["closed"].set_ydata(data["closed"] / seq_peak)
        state["coh"].set_ydata(data["coh"] / coh_peak)
        state["cold"].set_ydata(data["cold"] / data["cold"].max())
        state["seq_h"].set_ydata(data["seq_heights"])
        state["coh_h"].set_ydata(data["coh_heights"])
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

#: Island used by the diamond figure: charging energy (eV), gate lever arm,
#: tunnel couplings of the quantum dot (eV) and tunnel resistances of the
#: metallic island (ohm).
DIAMOND_CHARGING_ENERGY = 1.0 * MEV
DIAMOND_LEVER_ARM = 0.5
DIAMOND_GAMMA = 1.0 * UEV
DIAMOND_RESISTANCE = 1.0e6

_MODELS = {"quantum dot (one level per electron)": "single_level", "metallic island": "metallic"}


def _island(model, capacitance_ratio=1.0):
    from qtransport import Island

    if model == "single_level":
        junctions = {"gamma_left": DIAMOND_GAMMA / 2, "gamma_right": DIAMOND_GAMMA / 2}
    else:
        junctions = {"resistance_left": DIAMOND_RESISTANCE, "resistance_right": DIAMOND_RESISTANCE}
    return Island(
        DIAMOND_CHARGING_ENERGY, model=model, lever_arm=DIAMOND_LEVER_ARM,
        capacitance_ratio=capacitance_ratio, **junctions,
    )


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
    from qtransport import coulomb_diamond_map, gate_charge, sequential_conductance

    Ec, alpha = DIAMOND_CHARGING_ENERGY, DIAMOND_LEVER_ARM
    period = 2 * Ec / alpha  # gate period (V), e / C_g
    gates = np.linspace(-0.25 * period, 2.25 * period, 101)
    biases = np.linspace(-3.0 * Ec, 3.0 * Ec, 81)
    gates_mV, biases_mV = gates / MEV, biases / MEV
    cut_gates = np.linspace(gates[0], gates[-1], 301)

    def compute(kT_ueV, asymmetry, model, quantity):
        kT = kT_ueV * UEV
        m = coulomb_diamond_map(_island(model, asymmetry), gates, biases, kT=kT)
        # the linear response does not depend on the capacitance ratio
        G0_cut = sequential_conductance(_island(model), cut_gates, kT=kT)
        if quantity == "current":
            z = m.current / 1e-9  # nA
        else:
            z = m.conductance / 1e-6  # µS
        return {
            "z": z, "cut_gate": cut_gates / MEV, "cut": G0_cut / 1e-6,
            "n_g": gate_charge(cut_gates, charging_energy=Ec, lever_arm=alpha),
        }

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
        (cut,) = bottom.plot(cut_gates / MEV, 0 * cut_gates, color=BLUE, lw=1.8)
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
        state["cut"].set_ydata(data["cut"])
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

#: Fermi velocity of leads and wire (m/s), of the order of a GaAs wire.
FERMI_VELOCITY = 2.0e5
#: Length of each contact region over which g changes in the smooth case (m).
RAMP_LENGTH = 1.0e-6
_RAMP_SEGMENTS = 24


def _wire_profile(g, length, contacts):
    """Segments ``(g_j, L_j)`` of the wire: abrupt steps, or linear ramps from 1 to g."""
    if contacts == "abrupt":
        return np.array([g]), np.array([length])
    steps = (np.arange(_RAMP_SEGMENTS) + 0.5) / _RAMP_SEGMENTS
    ramp = 1.0 + (g - 1.0) * steps
    dx = RAMP_LENGTH / _RAMP_SEGMENTS
    gs = np.concatenate([ramp, [g], ramp[::-1]])
    ls = np.concatenate([np.full(_RAMP_SEGMENTS, dx), [length], np.full(_RAMP_SEGMENTS, dx)])
    return gs, ls


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
    from qtransport import (
        luttinger_ac_conductance,
        luttinger_ac_conductance_transfer_matrix,
        luttinger_dc_conductance,
        plasmon_reflection,
        plasmon_velocity,
    )

    freqs_GHz = np.linspace(0.0, 200.0, 1601)
    freqs = freqs_GHz * 1e9
    g_sweep = np.linspace(0.1, 1.0, 91)

    def compute(g, length_um, contacts):
        length = length_um * 1e-6
        if contacts == "abrupt":
            G = luttinger_ac_conductance(freqs, g=g, length=length, velocity=FERMI_VELOCITY)
        else:
            gs, ls = _wire_profile(g, length, contacts)
            G = luttinger_ac_conductance_transfer_matrix(freqs, g=gs, lengths=ls, velocity=FERMI_VELOCITY)
        u = plasmon_velocity(g, velocity=FERMI_VELOCITY)
        # |G| at the quarter-wave frequency u/4L of the abrupt wire: the bottom of the oscillation.
        floor = np.abs(luttinger_ac_conductance(u / (4 * length), g=g, length=length, velocity=FERMI_VELOCITY))
        return {
            "abs": np.abs(G) * R_K,
            "dc": luttinger_dc_conductance(g_sweep) * R_K, "dc_now": float(luttinger_dc_conductance(g) * R_K),
            "floor": float(floor * R_K), "gamma": float(plasmon_reflection(g)), "period_GHz": float(u / (2 * length) / 1e9),
        }

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[2.0, 1])
        (ab,) = left.plot(freqs_GHz, 0 * freqs, color=BLUE, lw=2.2, label="|G|")
        minimum = left.axhline(0.5, color="0.35", ls=":", lw=1.2, label="quarter wave, 2g/(1 + g²)")
        bulk = left.axhline(0.5, color=RED, ls="-.", lw=1.2, label="g (infinite wire)")
        left.set(
            xlabel="frequency $f$ (GHz)", ylabel="conductance $G(f)$ ($e^2/h$)",
            xlim=(0, freqs_GHz[-1]), ylim=(0, 1.1),
        )
        left.legend(loc="lower left", ncols=3, fontsize="x-small")
        (dc,) = right.plot(g_sweep, 0 * g_sweep, color=BLUE, lw=2.2, label="two-terminal DC")
        right.plot(g_sweep, g_sweep, color=RED, ls="-.", lw=1.2, label="g e²/h")
        (mark,) = right.plot([1.0], [1.0], "o", color=BLUE, ms=7)
        right.set(
            xlabel="interaction parameter $g$", ylabel="$G_{DC}$ ($e^2/h$)",
            xlim=(0.1, 1.0), ylim=(0, 1.15),
        )
        right.legend(loc="lower right")
        return {"left": left, "right": right, "ab": ab, "minimum": minimum, "bulk": bulk,
                "dc": dc, "mark": mark}

    def draw(state, data, values):
        g = values["g"]
        state["ab"].set_ydata(data["abs"])
        state["minimum"].set_ydata([data["floor"], data["floor"]])
        state["bulk"].set_ydata([g, g])
        state["dc"].set_ydata(data["dc"])
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


FIGURES = {
    "blockade_peak": blockade_peak,
    "coulomb_diamonds": coulomb_diamonds,
    "luttinger_wire": luttinger_wire,
}
