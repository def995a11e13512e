"""Figures of chapter 2: scattering matrix, self-energy, Caroli and Fisher-Lee, Breit-Wigner.

The lattice figures work in the units of the tight-binding engine
(:mod:`qtransport.tb`): hopping ``t = 1``, lattice constant ``a = 1``,
energies in units of ``t``, chain band ``E = 2t(1 - cos k)`` from 0 to 4t.
The resonant-level figure uses meV.  No physics here: every number plotted
comes from the data functions of :mod:`qtransport.figures.ch02`; this module
holds the controls and draws.
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures import ch02 as _data
from qtransport.widgets._palette import BLUE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table
from qtransport.widgets.controls import slider as _slider

__all__ = ["barrier_chain", "self_energy", "two_routes", "breit_wigner_level", "FIGURES"]


# --------------------------------------------------------------------------------------------
def barrier_chain():
    """A rectangular barrier on a tight-binding chain: |t|^2 + |r|^2 = 1.

    Left: the on-site potential along the chain (lead band ``[0, 4t]``
    shaded, the barrier's own band ``[V, V + 4t]`` hatched) and the electron's
    energy.  Right: ``|t|^2``, ``|r|^2`` and their sum from the Fisher-Lee
    S-matrix (:func:`qtransport.tb.smatrix`), as functions of the
    barrier height at the chosen energy, with the chosen height marked.
    """
    compute = functools.lru_cache(maxsize=32)(_data.barrier_chain_data)  # settings seen again are free
    first = compute(1.0, 1.0, 6)
    sites_shown, heights = first.x.size, first.heights

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
        x = np.arange(sites_shown)
        band = left.fill_between(x, 0 * x, 0 * x, step="mid", color=BLUE, alpha=0.12, lw=0)
        band_key = left.fill_between([], [], [], color=BLUE, alpha=0.12, lw=0, label="local band $[V, V+4t]$")
        (potential,) = left.step(x, 0 * x, where="mid", color=GREY, lw=2.0, label="potential $V(x)$")
        (level,) = left.plot([x[0], x[-1]], [1.0, 1.0], color=ORANGE, lw=1.6, label="energy $E$")
        left.set(xlabel="site $x$", ylabel="energy (units of $t$)", ylim=(-3.2, 9.2), xlim=(x[0], x[-1]))
        left.legend(loc="upper right")
        (T_line,) = right.plot(heights, 0 * heights, color=BLUE, lw=2.0, label="$|t|^2$")
        (R_line,) = right.plot(heights, 0 * heights, color=RED, lw=2.0, label="$|r|^2$")
        (sum_line,) = right.plot(heights, 0 * heights, color=GREY, ls="--", lw=1.4, label="$|t|^2 + |r|^2$")
        marker = right.axvline(0, color=ORANGE, lw=1.2)
        right.set(xlabel="barrier height $V$ (units of $t$)", ylabel="probability", ylim=(-0.03, 1.12),
                  xlim=(heights[0], heights[-1]))
        right.legend(loc="center right")
        return {"left": left, "right": right, "band": band, "band_key": band_key, "potential": potential,
                "level": level, "T": T_line, "R": R_line, "sum": sum_line, "marker": marker}

    def draw(state, data, values):
        x, V = data["x"], data["V"]
        state["potential"].set_ydata(V)
        state["band"].remove()
        # the local band [V, V + 4t] of each site: where a wave can propagate at that site
        state["band"] = state["left"].fill_between(x, V, V + 4.0, step="mid", color=BLUE, alpha=0.12, lw=0)
        state["level"].set_ydata([values["energy"], values["energy"]])
        state["T"].set_ydata(data["T"])
        state["R"].set_ydata(data["R"])
        state["sum"].set_ydata(data["T"] + data["R"])
        state["marker"].set_xdata([values["height"], values["height"]])
        state["right"].set_title(
            f"E = {values['energy']:.2f} t, V = {values['height']:.2f} t:  "
            f"|t|² = {data['T_now']:.3f}, |r|² = {data['R_now']:.3f}"
        )

    controls = {
        "height": _slider("barrier V (t)", 1.0, -3.0, 5.0, 0.05),
        "energy": _slider("energy E (t)", 1.0, 0.05, 3.95, 0.05),
        "width": _slider("barrier width (sites)", 6, 1, 24, 1, integer=True),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.4, 3.5),
        title="A barrier on a tight-binding chain: transmitted plus reflected is always one",
    )


# --------------------------------------------------------------------------------------------
def self_energy():
    """Self-energy of a semi-infinite chain across its band.

    Left: real and imaginary parts of ``Sigma(E) = -t exp(ik)`` from
    :func:`qtransport.lattice.leads.chain_self_energy`, the band ``[0, 4t]``
    shaded and the chosen energy marked.  Right: the same ``Sigma`` in the
    complex plane, a semicircle of radius ``t`` below the real axis.
    """
    compute = _data.self_energy_data
    energies = compute(1.0, 1.0).E

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
        band = left.axvspan(0, 4, color=BLUE, alpha=0.08, lw=0, label="band of the lead")
        (re,) = left.plot(energies, 0 * energies, color=BLUE, lw=2.0, label="Re $\\Sigma$: level shift")
        (im,) = left.plot(energies, 0 * energies, color=RED, lw=2.0, label="Im $\\Sigma = -\\Gamma/2$")
        marker = left.axvline(1.0, color=ORANGE, lw=1.2)
        (dots,) = left.plot([1.0, 1.0], [0.0, 0.0], "o", color=ORANGE, ms=6)
        left.axhline(0, color="0.6", lw=0.8)
        left.set(xlabel="energy $E$ (units of $t$)", ylabel="self-energy $\\Sigma$ (units of $t$)",
                 xlim=(energies[0], energies[-1]), ylim=(-2.1, 2.1))
        left.legend(loc="lower right", fontsize="x-small")
        (arc,) = right.plot([0.0], [0.0], color=GREY, lw=1.6)
        (point,) = right.plot([0.0], [0.0], "o", color=ORANGE, ms=8)
        right.axhline(0, color="0.6", lw=0.8)
        right.axvline(0, color="0.6", lw=0.8)
        right.set(xlabel="Re $\\Sigma$ (units of $t$)", ylabel="Im $\\Sigma$ (units of $t$)",
                  xlim=(-2.3, 2.3), ylim=(-2.3, 0.7), aspect="equal", title="$\\Sigma(E)$ in the complex plane")
        style = {"fontsize": "x-small", "ha": "center", "color": BLUE}
        labels = [right.text(0, 0, "$E=0$", va="bottom", **style),
                  right.text(0, 0, "$E=4t$", va="bottom", **style),
                  right.text(0, 0, "$E=2t$", va="top", **style)]
        return {"left": left, "right": right, "band": band, "re": re, "im": im, "marker": marker,
                "dots": dots, "arc": arc, "point": point, "labels": labels}

    def draw(state, data, values):
        sigma, now, energy, t = data["sigma"], data["now"], values["energy"], values["t"]
        state["re"].set_ydata(sigma.real)
        state["im"].set_ydata(sigma.imag)
        state["band"].set_x(0.0)
        state["band"].set_width(4.0 * t)
        state["marker"].set_xdata([energy, energy])
        state["dots"].set_data([energy, energy], [now.real, now.imag])
        state["arc"].set_data(sigma.real, sigma.imag)
        state["point"].set_data([now.real], [now.imag])
        state["left"].set_title(
            f"E = {energy:.2f}:  Σ = {now.real:+.3f} {now.imag:+.3f} i,  Γ = −2 Im Σ = {data['gamma']:.3f}"
        )
        bottom, top, centre = state["labels"]  # Sigma at the band bottom, top and centre
        bottom.set_position((-t, 0.08))
        top.set_position((t, 0.08))
        centre.set_position((0, -t - 0.08))

    controls = {
        "energy": _slider("energy E", 1.0, -2.0, 9.0, 0.05),
        "t": _slider("hopping t", 1.0, 0.5, 2.0, 0.05),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.4, 3.5),
        title="Dressing by a lead: the self-energy of a semi-infinite chain",
    )


# --------------------------------------------------------------------------------------------
def two_routes():
    """Caroli and Fisher-Lee on a disordered strip, with its transmission eigenvalues.

    A strip of ``W = 4`` sites and ``L`` slices with Anderson disorder of
    strength ``w`` (fixed seed, uniform in ``[-w/2, w/2]``).  Left: ``T(E)``
    by the Caroli formula (:func:`qtransport.tb.transmission`, which uses it
    for leads without a field) across the band, the number of open channels
    of the leads for reference, and ``Tr t^dagger t`` of the Fisher-Lee
    S-matrix (:func:`qtransport.tb.smatrix`, from the lead modes) at the
    chosen energy.  Right: the transmission eigenvalues at that energy.
    """
    width = 4

    def compute(energy, disorder, length, seed):
        return _data.two_routes_data(energy, disorder, length, seed, width=width)

    first = compute(1.5, 1.5, 20, 1)  # the figure's first sample: its curve is then reused
    energies, open_channels = first.E, first.channels

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.7, 1])
        (chan,) = left.step(energies, open_channels, where="mid", color="0.55", lw=1.2, label="open channels")
        (caroli,) = left.plot(energies, 0 * energies, color=BLUE, lw=1.6, label="Caroli Tr$[\\Gamma_L G \\Gamma_R G^\\dagger]$")
        (fl,) = left.plot([1.0], [0.0], "o", ms=9, mfc="none", mec=RED, mew=2, label="Fisher-Lee Tr $t^\\dagger t$")
        marker = left.axvline(1.0, color=ORANGE, lw=1.0)
        left.set(xlabel="energy $E$ (units of $t$)", ylabel="transmission $T(E)$",
                 xlim=(0, 8), ylim=(-0.05, width + 0.3))
        left.legend(loc="upper right", fontsize="x-small")
        bars = right.bar(np.arange(1, width + 1), np.zeros(width), color=GREEN, alpha=0.8)
        right.set(xlabel="eigenchannel $n$", ylabel="transmission eigenvalue $\\tau_n$", ylim=(0, 1.12),
                  xticks=np.arange(1, width + 1), xlim=(0.4, width + 0.6))
        return {"left": left, "right": right, "chan": chan, "caroli": caroli, "fl": fl,
                "marker": marker, "bars": bars}

    def draw(state, data, values):
        energy = values["energy"]
        state["caroli"].set_ydata(data["T"])
        state["fl"].set_data([energy], [data["T_fl"]])
        state["marker"].set_xdata([energy, energy])
        tau = np.sort(data["tau"])[::-1]
        for n, bar in enumerate(state["bars"]):
            bar.set_height(tau[n] if n < tau.size else 0.0)
        state["left"].set_title(
            f"E = {energy:.2f}: Caroli {data['T_caroli_now']:.6f}, Fisher-Lee {data['T_fl']:.6f}"
        )
        state["right"].set_title(
            f"sum of τₙ = {tau.sum():.6f}\nmax |S†S − 1| = {data['unitarity']:.0e}",
            fontsize="small",
        )

    controls = {
        "energy": _slider("energy E", 1.5, 0.05, 7.95, 0.05),
        # a new sample recomputes T(E) across the band: redraw on release only
        "disorder": _slider("disorder w", 1.5, 0.0, 4.0, 0.1, continuous=False),
        "length": _slider("length L", 20, 2, 40, 1, integer=True, continuous=False),
        "seed": _slider("sample (seed)", 1, 1, 20, 1, integer=True, continuous=False),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.4, 3.5),
        title=f"Two routes to T on a disordered strip of width {width}, and its eigenchannels",
    )


# --------------------------------------------------------------------------------------------
def breit_wigner_level():
    """A single level between two leads: its spectral function and the Breit-Wigner peak.

    Left: ``A(E) = -2 Im G^r`` of :func:`qtransport.single_level_greens_function`,
    a Lorentzian of full width ``Gamma = Gamma_L + Gamma_R``.  Right: the
    transmission :func:`qtransport.breit_wigner`, with its peak value
    ``T(eps)`` marked and the half-maximum width drawn.
    """
    compute = _data.breit_wigner_level_data
    energies_meV = compute(1.0, 1.0, 0.0).E

    def init(fig):
        left, right = fig.subplots(1, 2)
        (spectral,) = left.plot(energies_meV, 0 * energies_meV, color=GREEN, lw=2.0)
        left.set(xlabel="energy $E$ (meV)", ylabel="spectral function $A(E)$ (1/meV)",
                 xlim=(energies_meV[0], energies_meV[-1]))
        (trans,) = right.plot(energies_meV, 0 * energies_meV, color=BLUE, lw=2.0, label="$T(E)$")
        (peak,) = right.plot([0.0], [0.0], "o", color=RED, ms=7, label="peak $T(\\varepsilon) = 4\\Gamma_L\\Gamma_R/\\Gamma^2$")
        (width,) = right.plot([0.0, 0.0], [0.0, 0.0], color=ORANGE, lw=2.5, label="width $\\Gamma$ at half height")
        right.set(xlabel="energy $E$ (meV)", ylabel="transmission $T(E)$", ylim=(0, 1.08),
                  xlim=(energies_meV[0], energies_meV[-1]))
        right.legend(loc="upper left", fontsize="x-small")
        return {"left": left, "right": right, "spectral": spectral, "trans": trans, "peak": peak,
                "width": width}

    def draw(state, data, values):
        level = values["level_meV"]
        gamma = data["gamma"]
        state["spectral"].set_ydata(data["A"])
        state["left"].set_ylim(0, 1.1 * data["A"].max())
        state["left"].set_title(f"the level, broadened: Γ = {gamma:.2f} meV")
        state["trans"].set_ydata(data["T"])
        state["peak"].set_data([level], [data["peak"]])
        state["width"].set_data([level - gamma / 2, level + gamma / 2], [data["peak"] / 2] * 2)
        state["right"].set_title(f"peak T(ε) = {data['peak']:.3f}")

    controls = {
        "gamma_left_meV": _slider("Γ_L (meV)", 1.0, 0.05, 3.0, 0.05),
        "gamma_right_meV": _slider("Γ_R (meV)", 1.0, 0.05, 3.0, 0.05),
        "level_meV": _slider("level ε (meV)", 0.0, -5.0, 5.0, 0.1),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(8.0, 3.4),
        title="Breit-Wigner resonance of a single level",
    )


FIGURES = figure_table(barrier_chain, self_energy, two_routes, breit_wigner_level)
