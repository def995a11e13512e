"""Figures of the welcome notebook: the environment self-check.

The data come from :mod:`qtransport.figures.ch00`; this module only draws.
"""

from __future__ import annotations

import numpy as np

from qtransport.widgets.base import InteractiveFigure

__all__ = ["self_check", "FIGURES"]


def self_check():
    """A slider wired to a small plot: if it redraws, widgets work.

    The curve is the Fermi-Dirac occupation ``1 / (exp(E / kT) + 1)`` at the
    temperature set by the slider, the first formula of chapter 1.
    """
    import ipywidgets as w

    from qtransport.figures.ch00 import self_check_data

    energies = self_check_data(0.0).E  # eV

    def init(fig):
        ax = fig.add_subplot()
        (line,) = ax.plot(energies * 1e3, np.zeros_like(energies))
        ax.set(xlabel="energy $E - \\mu$ (meV)", ylabel="occupation $f(E)$", ylim=(-0.05, 1.05))
        return {"ax": ax, "line": line}

    def draw(state, data, values):
        state["line"].set_ydata(data["f"])
        state["ax"].set_title(f"Fermi-Dirac occupation at $k_BT$ = {values['kT_meV']:.0f} meV")

    kT = w.FloatSlider(value=25.0, min=0.0, max=60.0, step=1.0, description="kT (meV)")
    return InteractiveFigure({"kT_meV": kT}, self_check_data, init, draw, figsize=(6.0, 3.0))


FIGURES = {"self_check": self_check}
