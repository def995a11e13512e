"""Figures of chapter 5: contacts and many terminals.

* :func:`two_and_four_probe`: two-probe, four-probe and contact resistance of
  one channel against its transmission (:func:`qtransport.two_probe_resistance`,
  :func:`qtransport.four_probe_resistance`, :func:`qtransport.contact_resistance`),
  with the four-probe value also from a full four-terminal solve
  (:func:`qtransport.wire_with_two_probes`, weakly coupled probes).
* :func:`invasive_probes`: the same four-terminal device at any probe
  coupling, for the two probe models of the library: what the probes measure
  once they take part in the transport.
* :func:`floating_probe`: a tight-binding wire with one voltage probe on its
  side (:func:`qtransport.tb.geometries.wire_with_side_probes`): the
  effective two-terminal transmission with the probe floating
  (:func:`qtransport.effective_transmission`) and the probe's voltage
  (:func:`qtransport.probe_voltages`), against the probe's coupling, with and
  without a magnetic field.
* :func:`local_probes`: two tight-binding probes around a scatterer; the
  four-terminal resistance depends on where they sit and can be negative.
* :func:`charge_relaxation`: the mesoscopic capacitor
  (:mod:`qtransport.models.capacitor`): the density of states of the cavity
  and the charge-relaxation resistance, flat at ``h/2e^2`` for one
  spin-resolved channel whatever the transmission of the contact.

Lattice figures use the units of the tight-binding engine (``t = 1``,
``a = 1``, energies in units of ``t``, flux per plaquette in flux quanta) and
compute their devices once, when the figure is built (with a progress bar in
a notebook); their controls then only select precomputed results.
Resistances are in kΩ or in units of ``R0 = h/2e^2``, as labelled.  The
data come from :mod:`qtransport.figures.ch05`; this module holds the
controls and draws.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures import ch05 as _data
from qtransport.figures.ch05 import COUPLING_FRACTIONS, KOHM, LOCAL_LEFT_PROBE, LOCAL_LENGTH
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "two_and_four_probe",
    "invasive_probes",
    "floating_probe_data",
    "floating_probe",
    "local_probes_data",
    "local_probes",
    "charge_relaxation",
    "FIGURES",
]


# ---------------------------------------------------------------------------
# 1. two probes, four probes and the contact resistance
# ---------------------------------------------------------------------------


def two_and_four_probe():
    """Resistances of one channel of transmission ``T``: ``R_2T = R_c + R_4T``.

    Left: ``R_2T = (h/g_s e^2)/T``, ``R_4T = (h/g_s e^2)(1 - T)/T`` and the
    contact resistance ``h/g_s e^2`` against ``T`` (kΩ, log scale); the dots
    are the four-probe resistance from the full four-terminal solve of
    :func:`qtransport.wire_with_two_probes` with probes coupled at
    ``epsilon = 1e-6`` (an independent route).  Right: the two-probe
    resistance at the chosen ``T`` beside the contact and four-probe parts
    stacked.
    """
    compute = _data.two_and_four_probe_data
    first = compute(0.5, 2)
    T_grid, T_dots = first.T, first.T_network

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.7, 1])
        zeros = 0 * T_grid
        (r2,) = left.plot(T_grid, zeros + 1, color=BLUE, label="two-probe $R_{2T}$")
        (r4,) = left.plot(T_grid, zeros + 1, color=ORANGE, label="four-probe $R_{4T}$")
        (rc,) = left.plot(T_grid, zeros + 1, color=GREY, ls="--", lw=1.3, label="contact $R_c$")
        (dots,) = left.plot(T_dots, 0 * T_dots + 1, "o", ms=4.5, mfc="none", mec=RED,
                            label="$R_{4T}$, four-terminal solve")
        marker = left.axvline(0.5, color=GREEN, lw=1.2)
        left.set(xlabel="transmission $T$", ylabel="resistance (kΩ)", yscale="log",
                 xlim=(0, 1.02), ylim=(0.2, 2000))
        left.legend(loc="upper right", fontsize="x-small")
        two = right.bar([0], [1.0], color=BLUE, width=0.6)[0]
        contact = right.bar([1], [1.0], color=GREY, width=0.6)[0]
        four = right.bar([1], [1.0], bottom=[1.0], color=ORANGE, width=0.6)[0]
        right.set(xticks=[0, 1], xticklabels=["$R_{2T}$", "$R_c + R_{4T}$"], xlim=(-0.6, 1.6),
                  xlabel="measurement", ylabel="resistance (kΩ)")
        labels = [right.text(x, 0, "", ha="center", va="bottom", fontsize="small") for x in (0, 1)]
        return {"left": left, "right": right, "r2": r2, "r4": r4, "rc": rc, "dots": dots,
                "marker": marker, "two": two, "contact": contact, "four": four, "labels": labels}

    def draw(state, data, values):
        state["r2"].set_ydata(data["R2"])
        state["r4"].set_ydata(data["R4"])
        state["rc"].set_ydata(np.full_like(T_grid, data["Rc"]))
        state["dots"].set_ydata(data["R4_network"])
        T = values["transmission"]
        state["marker"].set_xdata([T, T])
        R2, R4, Rc = data["R2_now"], data["R4_now"], data["Rc"]
        state["two"].set_height(R2)
        state["contact"].set_height(Rc)
        state["four"].set_y(Rc)
        state["four"].set_height(R4)
        state["right"].set_ylim(0, 1.2 * R2)
        state["labels"][0].set_position((0, R2))
        state["labels"][0].set_text(f"{R2:.2f}")
        state["labels"][1].set_position((1, Rc + R4))
        state["labels"][1].set_text(f"{Rc:.2f} + {R4:.2f}")
        spin = "spin degenerate" if values["spin"] == 2 else "spin resolved"
        state["left"].set_title(f"one channel, {spin}: $R_c = h/{values['spin']}e^2$ = {Rc:.2f} kΩ")
        state["right"].set_title(f"$T = {T:.2f}$")

    controls = {
        "transmission": _slider("transmission T", 0.5, 0.05, 1.0, 0.01),
        "spin": _dropdown("spin", [("degenerate (g_s = 2)", 2), ("resolved (g_s = 1)", 1)], 2),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.4, 3.5),
                             title="Two probes measure the contacts too: R_2T = R_c + R_4T")


# ---------------------------------------------------------------------------
# 2. invasive probes: the analytic four-terminal wire
# ---------------------------------------------------------------------------

def invasive_probes():
    """Four-probe and two-probe resistance of a one-channel wire against the probe coupling.

    Terminals along the wire: 0 = left lead, 1 = left probe, 2 = right probe,
    3 = right lead (:func:`qtransport.wire_with_two_probes`); a scatterer of
    transmission ``T`` sits between the probes.  A current flows from 0 to 3
    with the probes floating; the curves are ``R_4T = R_03,12`` and
    ``R_2T = R_03,03`` in units of ``h/2e^2``
    (:func:`qtransport.four_terminal_resistance`), against the coupling
    ``epsilon`` of the probes.  Horizontal lines: the non-invasive values
    ``(1 - T)/T`` and ``1/T``.  For beam-splitter probes (which sense the
    local interference pattern) the dashed curve averages the transmission
    matrix over the one-way phases on both sides of the scatterer.
    """
    compute = _data.invasive_probes_data

    def init(fig):
        ax = fig.add_subplot()
        x = COUPLING_FRACTIONS
        (r4,) = ax.plot(x, 0 * x, color=ORANGE, label="$R_{4T} = R_{03,12}$")
        (r2,) = ax.plot(x, 0 * x, color=BLUE, label="$R_{2T} = R_{03,03}$ (probes floating)")
        (avg,) = ax.plot([], [], color=ORANGE, ls="--", lw=1.4,
                         label="$R_{4T}$, probes averaged over the phases")
        ideal4 = ax.axhline(1, color=ORANGE, ls=":", lw=1.4, label="non-invasive $(1-T)/T$")
        ideal2 = ax.axhline(1, color=BLUE, ls=":", lw=1.4, label="non-invasive $1/T$")
        ax.axhline(0, color="0.6", lw=0.8)
        ax.set(xscale="log", xlabel="probe coupling $\\varepsilon$",
               ylabel="resistance ($h/2e^2$)")
        ax.legend(loc="upper left", fontsize="x-small", ncols=2)
        return {"ax": ax, "r4": r4, "r2": r2, "avg": avg, "ideal4": ideal4, "ideal2": ideal2}

    def draw(state, data, values):
        ax = state["ax"]
        state["r4"].set_data(data["eps"], data["R4"])
        state["r2"].set_data(data["eps"], data["R2"])
        state["avg"].set_data(data["eps_avg"], data["R4_avg"])
        state["ideal4"].set_ydata([data["R4_ideal"]] * 2)
        state["ideal2"].set_ydata([data["R2_ideal"]] * 2)
        shown = np.concatenate([data["R4"], data["R2"], data["R4_avg"],
                                [data["R4_ideal"], data["R2_ideal"], 0.0]])
        # near its largest coupling the probe swallows the current and the resistances run away:
        # keep the scale on the interesting range
        lo, hi = shown.min(), min(shown.max(), 2.5 * data["R2_ideal"] + 0.5)
        # rounded outwards on the ladder of nice_ceiling, so that they stay put during a drag
        ax.set_ylim(-nice_ceiling(-(lo - 0.08 * (hi - lo) - 0.05)), nice_ceiling(hi + 0.45 * (hi - lo) + 0.05))
        ax.set_xlim(data["eps"][0], data["eps"][-1])
        model = "directional" if values["probe"] == "directional" else "beam-splitter"
        ax.set_title(f"{model} probes, $T = {values['transmission']:.2f}$, "
                     f"$\\varphi = {values['phase']:.2f}$: weakest coupling gives "
                     f"$R_{{4T}} = {data['R4'][0]:.3f}$ (ideal {data['R4_ideal']:.3f})")

    controls = {
        "transmission": _slider("scatterer T", 0.5, 0.05, 1.0, 0.01),
        "phase": _slider("phase φ (rad)", 0.0, 0.0, 2 * np.pi, 0.05),
        "probe": _dropdown("probes", [("directional", "directional"),
                                      ("beam splitter", "beam_splitter")], "beam_splitter"),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.4, 3.8),
                             title="Invasive probes: what a four-probe measurement sees")


# ---------------------------------------------------------------------------
# 3. a floating probe on a tight-binding wire
# ---------------------------------------------------------------------------

floating_probe_data = _with_progress(_data.floating_probe_sweep, "probe coupling")


def floating_probe(data=None):
    """Effective transmission of a wire with a floating voltage probe on its side.

    Terminals: 0 = left end, 1 = right end, 2 = the probe, coupled through a
    short arm whose potential (the *barrier*) sets how strongly it couples.
    Left: the effective two-terminal transmission from 0 to 1 with the probe
    floating (:func:`qtransport.effective_transmission`, both directions), the
    direct part ``T_10`` and the transmission of the same wire with no probe
    at all.  Right: the voltage the probe floats to
    (:func:`qtransport.probe_voltages`) with the left end at ``V`` and the
    right end grounded.  ``data`` from :func:`floating_probe_data` (computed
    if not given).
    """
    data = floating_probe_data() if data is None else data
    barriers = data["barriers"]

    def compute(barrier, flux):
        return _data.floating_probe_data(barrier, flux, sweep=data)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.4, 1])
        z = 0 * barriers
        (fwd,) = left.plot(barriers, z, color=BLUE, label="$T_\\mathrm{eff}$, probe floating")
        (bwd,) = left.plot(barriers, z, "o", ms=4, mfc="none", mec=BLUE, label="same, from 1 to 0")
        (direct,) = left.plot(barriers, z, color=ORANGE, ls="--", label="direct part $T_{10}$")
        (back,) = left.plot(barriers, z, color=RED, ls=":", label="direct part $T_{01}$")
        bare = left.axhline(1, color=GREY, lw=1.2, ls="-.", label="wire without probe")
        (dot,) = left.plot([0], [0], "o", color=GREEN, ms=8)
        left.set(xlabel="probe barrier (units of $t$)", ylabel="transmission",
                 xlim=(barriers[0], barriers[-1]), ylim=(0, 1.08))
        left.legend(loc="lower right", fontsize="x-small")
        (volt,) = right.plot(barriers, z, color=GREEN)
        (vdot,) = right.plot([0], [0], "o", color=GREEN, ms=8)
        right.axhline(0.5, color="0.6", lw=0.8)
        right.set(xlabel="probe barrier (units of $t$)", ylabel="probe voltage $V_2 / V$",
                  xlim=(barriers[0], barriers[-1]), ylim=(0, 1))
        return {"left": left, "right": right, "fwd": fwd, "bwd": bwd, "direct": direct,
                "back": back, "bare": bare, "dot": dot, "volt": volt, "vdot": vdot}

    def draw(state, data_, values):
        i = data_["index"]
        state["fwd"].set_ydata(data_["forward"])
        state["bwd"].set_ydata(data_["backward"])
        state["direct"].set_ydata(data_["direct"])
        state["back"].set_ydata(data_["direct_back"])
        state["bare"].set_ydata([data_["bare"]] * 2)
        state["dot"].set_data([barriers[i]], [data_["forward"][i]])
        state["volt"].set_ydata(data_["V_probe"])
        state["vdot"].set_data([barriers[i]], [data_["V_probe"][i]])
        state["left"].set_title(
            f"flux {values['flux']:+.2f}: $T_\\mathrm{{eff}} = {data_['forward'][i]:.3f}$ "
            f"$= T_{{10}} + {data_['forward'][i] - data_['direct'][i]:.3f}$ via the probe")
        state["right"].set_title(f"$V_2 = {data_['V_probe'][i]:.3f}\\,V$")

    controls = {
        "barrier": _slider("probe barrier (t)", 0.0, float(barriers[0]), float(barriers[-1]),
                           float(barriers[1] - barriers[0])),
        "flux": _dropdown("flux per plaquette",
                          [(f"{f:+.2f}" if f else "0 (no field)", float(f)) for f in data["fluxes"]],
                          0.0 if 0.0 in data["fluxes"] else float(data["fluxes"][0])),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(8.6, 3.6),
                             title="A floating voltage probe on a tight-binding wire (E = 2t)")


# ---------------------------------------------------------------------------
# 4. two local probes around a scatterer
# ---------------------------------------------------------------------------

local_probes_data = _with_progress(_data.local_probes_sweep, "local probes")


def local_probes(data=None):
    """Four-probe resistance measured by two local probes on a coherent wire.

    A single-channel lattice wire (width 2) with a potential bump between two
    side probes; the right probe can be moved.  Left: the wire, the bump and
    the probes (the arm of the right probe drawn at its chosen position).
    Right: ``R_4T`` and ``R_2T`` (units of ``h/2e^2``) against the position
    of the right probe, for the chosen probe barrier; dotted, the
    non-invasive ``(1 - T)/T`` and ``1/T`` of the bare wire.  ``data`` from
    :func:`local_probes_data` (computed if not given).
    """
    data = local_probes_data() if data is None else data
    positions, barriers = data["positions"], data["barriers"]

    def compute(barrier, position, energy):
        return _data.local_probes_data(barrier, position, energy, sweep=data)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.6, 1])
        onsite = data["onsite"]
        image = left.imshow(onsite.T, origin="lower", cmap="Greys", vmin=-0.5, vmax=1.5,
                            extent=(-0.5, onsite.shape[0] - 0.5, -0.5, onsite.shape[1] - 0.5))
        arm = left.add_patch(_rectangle(positions[0]))
        for x in (LOCAL_LEFT_PROBE,):
            left.add_patch(_rectangle(x, colour=BLUE))
        left.annotate("", xy=(LOCAL_LENGTH + 2, 1), xytext=(-3, 1),
                      arrowprops={"arrowstyle": "->", "color": GREY})
        left.text(LOCAL_LEFT_PROBE, 7.3, "2", ha="center", color=BLUE)
        label = left.text(positions[0], 7.3, "3", ha="center", color=ORANGE)
        left.text(-2.5, 2.2, "0", ha="center", color=GREY)
        left.text(LOCAL_LENGTH + 1.5, 2.2, "1", ha="center", color=GREY)
        left.set(xlabel="$x$ (sites)", ylabel="$y$ (sites)", xlim=(-4, LOCAL_LENGTH + 3),
                 ylim=(-1.5, 8.5), aspect="equal")
        left.set_title("bump of 1 t (dark); probes 2 and 3 with their leads", fontsize="small")
        (r4,) = right.plot(positions, 0 * positions, "o-", color=ORANGE, label="$R_{4T} = R_{01,23}$")
        (r2,) = right.plot(positions, 0 * positions, "s-", color=BLUE, ms=4, label="$R_{2T} = R_{01,01}$")
        ideal4 = right.axhline(1, color=ORANGE, ls=":", label="non-invasive $(1-T)/T$")
        ideal2 = right.axhline(1, color=BLUE, ls=":", label="non-invasive $1/T$")
        (now,) = right.plot([positions[0]], [0], "o", ms=11, mfc="none", mec=GREEN, mew=2)
        right.axhline(0, color="0.6", lw=0.8)
        right.set(xlabel="position of probe 3 (sites)", ylabel="resistance ($h/2e^2$)",
                  xlim=(positions[0] - 0.5, positions[-1] + 0.5))
        right.legend(loc="upper left", fontsize="x-small", ncols=2)
        return {"left": left, "right": right, "image": image, "arm": arm, "label": label,
                "r4": r4, "r2": r2, "ideal4": ideal4, "ideal2": ideal2, "now": now}

    def draw(state, d, values):
        p = d["p"]
        state["arm"].set_x(positions[p] - 1.5)
        state["label"].set_position((positions[p], 7.3))
        state["r4"].set_ydata(d["R4"])
        state["r2"].set_ydata(d["R2"])
        state["ideal4"].set_ydata([d["R4_ideal"]] * 2)
        state["ideal2"].set_ydata([d["R2_ideal"]] * 2)
        state["now"].set_data([positions[p]], [d["R4"][p]])
        shown = np.concatenate([d["R4"], d["R2"], [d["R4_ideal"], d["R2_ideal"], 0.0]])
        lo, hi = shown.min(), shown.max()
        state["right"].set_ylim(lo - 0.1 * (hi - lo), hi + 0.4 * (hi - lo))
        state["right"].set_title(f"$E = {values['energy']:.1f}\\,t$, bare wire $T = {d['T']:.3f}$",
                                 fontsize="small")

    controls = {
        "barrier": _slider("probe barrier (t)", float(barriers[-1]), float(barriers[0]),
                           float(barriers[-1]), float(barriers[1] - barriers[0]), fmt=".0f"),
        "position": _slider("probe 3 at x", float(positions[0]), float(positions[0]),
                            float(positions[-1]), 1.0, fmt=".0f"),
        "energy": _dropdown("energy", [(f"{e:.1f} t", float(e)) for e in data["energies"]],
                            float(data["energies"][-1])),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.0, 3.6),
                             title="Local probes on a coherent wire: the four-probe resistance depends on where they sit")


def _rectangle(x_centre, colour=ORANGE):
    """The arm and lead of a side probe of width 2, drawn above the wire (sites y >= 2)."""
    from matplotlib.patches import Rectangle

    return Rectangle((x_centre - 1.5, 1.5), 2, 6.8, facecolor=colour, alpha=0.35, edgecolor=colour)


# ---------------------------------------------------------------------------
# 5. the mesoscopic capacitor
# ---------------------------------------------------------------------------

def charge_relaxation():
    """Charge-relaxation resistance of a cavity fed through a point contact.

    Left: density of states of the cavity, ``(1/2 pi) dphi/dE`` per channel
    (:func:`qtransport.cavity_phase_derivative`), in units of ``1/Delta``
    (``Delta`` the level spacing).  Middle: ``R_q`` against the Fermi energy
    (:func:`qtransport.cavity_charge_relaxation_resistance`).  Right: ``R_q``
    against the transmission of the contact at the chosen energy, beside the
    dc resistance ``h/(n e^2 T)`` that the same contact (``n`` channels) would
    have in a two-terminal measurement.  Spin-resolved channels (``g_s = 1``).
    """
    compute = _data.charge_relaxation_data
    first = compute(0.2, 0.3, 1)
    energies, T_grid = first.E, first.T_grid

    def init(fig):
        from qtransport.constants import R_K

        dos_ax, e_ax, t_ax = fig.subplots(1, 3, width_ratios=[1, 1, 1.1])
        (d1,) = dos_ax.plot(energies, 0 * energies + 1, color=BLUE, label="channel 1")
        (d2,) = dos_ax.plot(energies, 0 * energies + 1, color=ORANGE, label="channel 2")
        e_mark = dos_ax.axvline(0.3, color=GREEN, lw=1.2)
        dos_ax.set(xlabel="Fermi energy ($\\Delta$)", ylabel="density of states ($1/\\Delta$)",
                   yscale="log", xlim=(0, 2))
        dos_ax.legend(loc="upper right", fontsize="x-small")
        half, quarter = R_K / 2 / KOHM, R_K / 4 / KOHM
        (rq_e,) = e_ax.plot(energies, 0 * energies + half, color=RED)
        e_mark2 = e_ax.axvline(0.3, color=GREEN, lw=1.2)
        for level, text in ((half, "$h/2e^2$"), (quarter, "$h/4e^2$")):
            e_ax.axhline(level, color="0.6", lw=0.8, ls="--")
            e_ax.text(1.98, level, text, ha="right", va="bottom", fontsize="x-small", color="0.4")
        e_ax.set(xlabel="Fermi energy ($\\Delta$)", ylabel="$R_q$ (kΩ)", xlim=(0, 2),
                 ylim=(0, 1.3 * half))
        (rq_t,) = t_ax.plot(T_grid, 0 * T_grid + half, color=RED, label="charge relaxation $R_q$")
        (rdc,) = t_ax.plot(T_grid, 0 * T_grid + half, color=GREY, ls="--",
                           label="dc resistance of the contact")
        (t_dot,) = t_ax.plot([0.5], [half], "o", color=GREEN, ms=7)
        t_ax.set(xscale="log", yscale="log", xlabel="contact transmission $T$",
                 ylabel="resistance (kΩ)", xlim=(T_grid[0], 1), ylim=(3, 4000))
        t_ax.legend(loc="upper right", fontsize="x-small")
        return {"dos": dos_ax, "e": e_ax, "t": t_ax, "d1": d1, "d2": d2, "e_mark": e_mark,
                "e_mark2": e_mark2, "rq_e": rq_e, "rq_t": rq_t, "rdc": rdc, "t_dot": t_dot}

    def draw(state, data, values):
        dos = data["dos"]
        state["d1"].set_ydata(dos[0])
        state["d2"].set_data((energies, dos[1]) if len(dos) > 1 else ([], []))
        state["dos"].set_ylim(0.5 * dos.min(), 2 * dos.max())
        for mark in (state["e_mark"], state["e_mark2"]):
            mark.set_xdata([values["energy"]] * 2)
        state["rq_e"].set_ydata(data["Rq_E"])
        state["rq_t"].set_ydata(data["Rq_T"])
        state["rdc"].set_ydata(data["R_dc"])
        state["t_dot"].set_data([values["transmission"]], [data["Rq_now"]])
        state["e"].set_title(f"$R_q$ = {data['Rq_now']:.2f} kΩ", fontsize="small")
        state["dos"].set_title(f"{values['channels']} channel(s), $T = {values['transmission']:.2f}$",
                               fontsize="small")
        state["t"].set_title(f"at $E = {values['energy']:.2f}\\,\\Delta$", fontsize="small")

    controls = {
        "transmission": _slider("contact T", 0.2, 0.01, 1.0, 0.01),
        "energy": _slider("Fermi energy (Δ)", 0.3, 0.0, 2.0, 0.01),
        "channels": _dropdown("channels", [("one", 1), ("two", 2)], 1),
    }
    return InteractiveFigure(controls, compute, init, draw, figsize=(9.6, 3.4),
                             title="The mesoscopic capacitor: charge-relaxation resistance (spin-resolved channels)")


FIGURES = figure_table(
    two_and_four_probe, invasive_probes, floating_probe, local_probes, charge_relaxation,
)
