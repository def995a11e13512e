"""Figures of chapter 1: reservoirs, the bias window and the Landauer formula.

Every figure shows a single resonant level (Breit-Wigner transmission, from
:func:`qtransport.breit_wigner`) between two reservoirs; the currents and
conductances come from :func:`qtransport.landauer_current`,
:func:`qtransport.iv_curve` and :func:`qtransport.landauer_conductance`.
Sliders are in meV and mV; the library works in eV and volts.  The data of
each figure come from :mod:`qtransport.figures.ch01`; this module draws.
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures import ch01 as _data
from qtransport.widgets._palette import BLUE, GREY, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import slider as _slider

__all__ = ["bias_window", "resonant_iv", "conductance_temperature", "FIGURES"]

MEV = 1e-3  # eV per meV (and V per mV)


def bias_window(*, gamma_meV=1.0):
    """Occupations of the two reservoirs over the transmission of a resonant level.

    Upper panel: ``T(E)`` of a level at 0 with ``Gamma_L = Gamma_R = gamma/2``,
    the occupations ``f_L`` and ``f_R`` at ``mu +- eV/2`` and the bias window
    ``f_L - f_R`` shaded between them.  Lower panel: the integrand
    ``T (f_L - f_R)`` of the Landauer formula; the title gives the current.

    Parameters
    ----------
    gamma_meV : float, keyword-only
        Total width ``Gamma`` of the level (meV).
    """
    compute = functools.partial(_data.bias_window_data, gamma_meV=gamma_meV)
    first = compute(0.0, 0.0, 0.0)
    energies_meV, T_E = first.E, first.T

    def init(fig):
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        top.plot(energies_meV, T_E, color=GREY, lw=2.2, label="$T(E)$")
        (f_left,) = top.plot(energies_meV, T_E * 0, color=BLUE, label="$f_L(E)$")
        (f_right,) = top.plot(energies_meV, T_E * 0, color=RED, label="$f_R(E)$")
        mu_left = top.axvline(0, color=BLUE, ls=":", lw=1)
        mu_right = top.axvline(0, color=RED, ls=":", lw=1)
        top.set(xlabel="energy $E$ (meV)", ylabel="occupation, transmission", ylim=(-0.03, 1.08))
        top.xaxis.label.set_visible(False)  # shared with the lower panel, which shows it
        fig.legend(loc="outside right upper")
        (integrand,) = bottom.plot(energies_meV, T_E * 0, color="#6a3d9a", lw=1.2)
        bottom.set(
            xlabel="energy $E$ (meV), level at 0", ylabel="$T(E)\\,[f_L - f_R]$",
            xlim=(energies_meV[0], energies_meV[-1]), ylim=(-0.03, 1.05),
        )
        return {
            "top": top, "bottom": bottom, "f_left": f_left, "f_right": f_right,
            "mu_left": mu_left, "mu_right": mu_right, "integrand": integrand, "fills": [],
        }

    def draw(state, data, values):
        for fill in state["fills"]:
            fill.remove()
        E = data["E"]
        state["f_left"].set_ydata(data["f_left"])
        state["f_right"].set_ydata(data["f_right"])
        mu_left, mu_right = data["mu_left"], data["mu_right"]
        state["mu_left"].set_xdata([mu_left, mu_left])
        state["mu_right"].set_xdata([mu_right, mu_right])
        integrand = data["integrand"]
        state["integrand"].set_ydata(integrand)
        state["fills"] = [
            state["top"].fill_between(E, data["f_right"], data["f_left"], color="#9b59b6", alpha=0.25, lw=0),
            state["bottom"].fill_between(E, 0, integrand, color="#6a3d9a", alpha=0.35, lw=0),
        ]
        state["top"].set_title(
            f"μ left {mu_left:.2f} meV, μ right {mu_right:.2f} meV:  current I = {data['current'] * 1e9:.2f} nA"
        )

    controls = {
        "bias_mV": _slider("bias V (mV)", 4.0, 0.0, 10.0, 0.1),
        "kT_meV": _slider("k_BT (meV)", 0.3, 0.0, 3.0, 0.05),
        "mu_meV": _slider("μ (meV)", 0.0, -8.0, 8.0, 0.1),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(7.4, 4.6),
        title=f"The bias window over a resonant level (Γ = {gamma_meV:g} meV, Γ_L = Γ_R)",
    )


def resonant_iv():
    """Current-voltage curve of a resonant level, with the linear-response line.

    The level sits at ``level`` from the equilibrium ``mu = 0`` and is coupled
    symmetrically (``Gamma_L = Gamma_R = Gamma/2``).  The solid curve is the
    Landauer current over biases from -40 to 40 mV; the dashed line is
    ``G V`` with the linear-response conductance ``G``; the dotted lines are
    the saturation current, the Landauer current at a bias (200 V) far beyond
    every energy scale of the level.
    """
    from qtransport.constants import G0

    compute = _data.resonant_iv_data
    biases_mV = np.linspace(-40.0, 40.0, 161)

    def init(fig):
        ax = fig.add_subplot()
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        (linear,) = ax.plot(biases_mV, biases_mV * 0, color="0.45", ls="--", lw=1.2, label="linear response $GV$")
        (iv,) = ax.plot(biases_mV, biases_mV * 0, color=BLUE, lw=2.2, label="Landauer current $I(V)$")
        sat = [ax.axhline(0, color=RED, ls=":", lw=1.4, label="saturation $\\pm I(V \\to \\infty)$"),
               ax.axhline(0, color=RED, ls=":", lw=1.4)]
        ax.set(xlabel="bias $V$ (mV)", ylabel="current $I$ (nA)", xlim=(biases_mV[0], biases_mV[-1]))
        ax.legend(loc="upper left")
        return {"ax": ax, "iv": iv, "linear": linear, "sat": sat}

    def draw(state, data, values):
        current_nA = data["I"] * 1e9
        state["iv"].set_ydata(current_nA)
        state["linear"].set_ydata(data["linear"] * 1e9)
        saturation = data["I_max"] * 1e9
        state["sat"][0].set_ydata([saturation, saturation])
        state["sat"][1].set_ydata([-saturation, -saturation])
        top = 1.2 * max(np.abs(current_nA).max(), saturation, 1e-3)
        state["ax"].set_ylim(-nice_ceiling(top), nice_ceiling(top))
        state["ax"].set_title(
            f"G = {data['G'] / G0:.3f} G₀,  I(40 mV) = {current_nA[-1]:.1f} nA,  I(V → ∞) = {saturation:.1f} nA"
        )

    controls = {
        "gamma_meV": _slider("Γ (meV)", 1.0, 0.2, 4.0, 0.1, continuous=False),
        "kT_meV": _slider("k_BT (meV)", 0.5, 0.0, 5.0, 0.1, continuous=False),
        "level_meV": _slider("level ε (meV)", 0.0, -15.0, 15.0, 0.5, continuous=False),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(7.0, 3.8),
        title="I-V curve of a resonant level (μ = 0, Γ_L = Γ_R = Γ/2)",
    )


def conductance_temperature():
    """Linear-response conductance of a resonant level against temperature.

    Left: ``T(E)`` and the thermal window ``-df/dE`` at the chosen
    temperature.  Right: ``G/G0`` for ``k_BT`` from 0.01 to 100 meV on a
    logarithmic axis, with the chosen temperature marked.
    """
    import ipywidgets as w

    compute = _data.conductance_temperature_data
    kT_sweep_meV = np.logspace(-2, 2, 49)
    energies_meV = np.linspace(-6.0, 6.0, 1201)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.15])
        (trans,) = left.plot(energies_meV, energies_meV * 0, color=GREY, lw=2.0, label="$T(E)$")
        left.set(xlabel="energy $E - \\mu$ (meV)", ylabel="transmission $T(E)$", ylim=(0, 1.05))
        twin = left.twinx()
        (window,) = twin.plot(energies_meV, energies_meV * 0, color="#d35400", lw=1.6)
        twin.set_xlabel("energy $E - \\mu$ (meV)")
        twin.set_ylabel("thermal window $-\\partial f/\\partial E$ (1/meV)", color="#d35400")
        twin.tick_params(axis="y", colors="#d35400")
        twin.grid(False)
        (curve,) = right.semilogx(kT_sweep_meV, kT_sweep_meV * 0, color=BLUE, lw=2.0)
        (marker,) = right.plot([1.0], [0.0], "o", color="#d35400", ms=8)
        right.set(
            xlabel="thermal energy $k_BT$ (meV)", ylabel="conductance $G/G_0$",
            xlim=(kT_sweep_meV[0], kT_sweep_meV[-1]), ylim=(0, 1.05),
        )
        return {"left": left, "twin": twin, "trans": trans, "window": window, "curve": curve,
                "marker": marker, "right": right}

    def draw(state, data, values):
        state["trans"].set_ydata(data["T"])
        state["window"].set_ydata(data["window"])
        state["twin"].set_ylim(0, nice_ceiling(1.1 * data["window"].max(), 1e-9))
        state["curve"].set_ydata(data["G"])
        state["marker"].set_data([values["kT_meV"]], [data["G_now"]])
        state["right"].set_title(f"G = {data['G_now']:.3f} G₀ at kT = {values['kT_meV']:.3g} meV")

    controls = {
        "kT_meV": w.FloatLogSlider(
            value=0.3, base=10, min=-2, max=2, step=0.05, description="k_BT (meV)",
            readout_format=".3g", style={"description_width": "initial"}, layout=w.Layout(width="300px"),
        ),
        "detuning_meV": _slider("level ε − μ (meV)", 0.0, -3.0, 3.0, 0.05),
        "gamma_meV": _slider("Γ (meV)", 0.2, 0.02, 2.0, 0.02),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.0, 3.5),
        title="Conductance of a resonant level: the thermal window averages T(E)",
    )


FIGURES = figure_table(bias_window, resonant_iv, conductance_temperature)
