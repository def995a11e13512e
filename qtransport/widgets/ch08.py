"""Figures of chapter 8: localization.

* :func:`ohmic_wire`: resistance of a diffusive wire against length, the
  contact resistance plus a part linear in ``L``
  (:func:`qtransport.ohmic_resistance`, and the same from scatterers added
  incoherently with :func:`qtransport.incoherent_series`).
* :func:`disordered_chain`: ensembles of coherent disordered chains
  (Anderson model): ``<ln T>`` against length, and the broad distribution of
  ``ln T`` (:func:`qtransport.tb.localization.transmission_ensemble`,
  :func:`~qtransport.tb.localization.localization_length`,
  :func:`~qtransport.tb.localization.ln_transmission_distribution`).
* :func:`localization_vs_channels`: disordered strips of 1 to 4 channels, the
  Ohmic and the localized regime, and ``xi`` against ``(N + 1) l``
  (:func:`~qtransport.tb.localization.mean_free_path`).
* :func:`weak_localization`: the ensemble-averaged transmission of
  disordered strips in a small magnetic field
  (:func:`~qtransport.tb.localization.magnetotransmission`).

The data of every figure come from :mod:`qtransport.figures.ch08` (one
``*_data`` function per figure); this module lays out and draws.
The lattice figures compute their ensembles once, when the figure is built
(with a progress bar in a notebook), or take ensembles computed beforehand;
their controls then only select or re-average precomputed data.  Lattice
lengths are in lattice constants ``a``, energies in units of the hopping ``t``.
"""

from __future__ import annotations

import numpy as np

from qtransport.figures import ch08 as _data
from qtransport.figures.ch08 import (
    FIELD_LENGTH,
    FIELD_WIDTH,
    LOCALIZED_FROM,
    SCATTERER_SPACING,
)
from qtransport.widgets._palette import BLUE, CYCLE, GREEN, GREY, ORANGE, RED
from qtransport.widgets.base import InteractiveFigure, figure_table, nice_ceiling
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import slider as _slider
from qtransport.widgets.controls import with_progress_bar as _with_progress

__all__ = [
    "chain_ensembles", "strip_ensembles", "field_ensemble", "ohmic_wire", "disordered_chain",
    "localization_vs_channels", "weak_localization", "SCATTERER_SPACING", "FIGURES",
]


# ---------------------------------------------------------------------------
# default ensembles (seeded, so every build shows the same wires)
# ---------------------------------------------------------------------------


chain_ensembles = _with_progress(_data.chain_ensembles, "disordered chains")


strip_ensembles = _with_progress(_data.strip_ensembles, "disordered strips")


field_ensemble = _with_progress(_data.field_ensemble, "field sweep")


# ---------------------------------------------------------------------------
# 1. Ohm's law from incoherent scatterers
# ---------------------------------------------------------------------------

def ohmic_wire():
    """Resistance and conductance of an incoherent wire against its length.

    Left: ``R(L) = (h/2Ne^2)(1 + L/l)`` in kΩ (line) and the same from
    scatterers every 0.5 µm, each transmitting ``l/(l + 0.5 µm)``, combined
    incoherently (dots).  The dashed line is the contact resistance
    ``h/2Ne^2``, which remains at ``L = 0``.  Right: the conductance in
    ``G0``, saturating at ``N G0`` for a short wire, against the classical
    (Drude) conductance of the wire alone, ``1/(R(L) - R(0))``, which would
    diverge.
    """
    compute = _data.ohmic_wire_data

    def init(fig):
        left, right = fig.subplots(1, 2)
        (line,) = left.plot([], [], color=BLUE, lw=2.2, label="R = (h/2Ne²)(1 + L/l)")
        (dots,) = left.plot([], [], "o", color=ORANGE, ms=4, label="scatterers added incoherently")
        contact = left.axhline(1.0, color=GREY, ls="--", lw=1.2, label="contact resistance h/2Ne²")
        left.set(xlabel="wire length $L$ (µm)", ylabel="resistance $R$ (kΩ)", xlim=(0, 10.0))
        left.legend(loc="upper left")
        (g,) = right.plot([], [], color=BLUE, lw=2.2, label="Landauer: N G₀ l/(L + l)")
        (drude,) = right.plot([], [], color=RED, ls="-.", lw=1.4, label="wire alone (Drude): N G₀ l/L")
        n_line = right.axhline(1.0, color=GREY, ls=":", lw=1.2, label="N G₀ (ballistic)")
        right.set(xlabel="wire length $L$ (µm)", ylabel="conductance $G / G_0$", xlim=(0, 10.0))
        right.legend(loc="upper right")
        return {"left": left, "right": right, "line": line, "dots": dots, "contact": contact, "g": g,
                "drude": drude, "n_line": n_line}

    def draw(state, data, values):
        N = values["channels"]
        state["line"].set_data(data["L"], data["R"])
        state["dots"].set_data(data["L_dots"], data["R_dots"])
        state["contact"].set_ydata([data["contact"], data["contact"]])
        state["left"].set_ylim(0, 1.08 * float(data["R"].max()))
        state["g"].set_data(data["L"], data["G"])
        state["drude"].set_data(data["L_drude"], data["drude"])
        state["n_line"].set_ydata([N, N])
        state["right"].set_ylim(0, 1.5 * N)
        state["left"].set_title(
            f"N = {N}, l = {values['mean_free_path_um']:.2f} µm: contacts {data['contact']:.2f} kΩ"
        )
        state["right"].set_title(f"G(L = 10 µm) = {data['G'][-1]:.3f} G₀")

    controls = {
        "mean_free_path_um": _slider("mean free path l (µm)", 1.0, 0.1, 3.0, 0.05),
        "channels": _slider("channels N", 4, 1, 10, 1, integer=True),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.0, 3.8),
        title="Ohm's law from incoherent scattering: resistance = contacts + a part growing with L",
    )


# ---------------------------------------------------------------------------
# 2. the disordered chain: <ln T> and the distribution of ln T
# ---------------------------------------------------------------------------


def disordered_chain(ensembles=None):
    """Coherent disordered chains: ``<ln T>`` falls linearly, ``ln T`` is broadly distributed.

    Parameters
    ----------
    ensembles : dict of float to LengthEnsemble, optional
        One ensemble of chains per disorder strength ``w`` (all at one energy,
        with the same lengths), as from :func:`chain_ensembles`, which is
        called when nothing is given.

    Left: ``<ln T>`` (with its standard error as a band), the fitted line
    ``c - 2L/xi`` over ``L >= xi_Thouless``, Thouless's ``-2L/xi`` (dashed)
    and, for contrast, ``ln <T>``, which the rare transparent wires keep much
    higher.  Right: the histogram of ``ln T`` (or of ``T``) at the length
    chosen with the slider, with the normal law of the same mean and variance.
    """
    if ensembles is None:
        ensembles = chain_ensembles()
    disorders = sorted(ensembles)
    first = ensembles[disorders[0]]
    lengths = np.asarray(first.lengths)
    energy = first.energy

    def compute(disorder, length, histogram):
        return _data.disordered_chain_data(disorder, length, histogram, ensembles=ensembles)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.15, 1])
        zeros = 0.0 * lengths
        band = left.fill_between(lengths, zeros, zeros, color=BLUE, alpha=0.25, lw=0)
        (mean,) = left.plot(lengths, zeros, "o", color=BLUE, ms=3, label="⟨ln T⟩")
        (fit,) = left.plot(lengths, zeros, color=BLUE, lw=1.4, label="fit c − 2L/ξ")
        (thouless,) = left.plot(lengths, zeros, color=GREY, ls="--", lw=1.2, label="Thouless: −2L/ξ_Th")
        (ln_mean,) = left.plot(lengths, zeros, color=ORANGE, lw=1.8, label="ln⟨T⟩")
        cursor = left.axvline(lengths[0], color=RED, lw=1.0, ls=":")
        left.set(xlabel="chain length $L$ (sites)", ylabel="$\\langle\\ln T\\rangle$, $\\ln\\langle T\\rangle$",
                 xlim=(0, lengths[-1]))
        left.legend(loc="lower left", fontsize="small")
        stairs = right.stairs(np.zeros(40), np.linspace(0, 1, 41), fill=True, color=BLUE, alpha=0.45)
        (curve,) = right.plot([0.0, 1.0], [0.0, 0.0], color=RED, lw=1.6, label="normal law (ln T view)")
        avg = right.axvline(0.0, color=ORANGE, lw=1.4, label="average ⟨T⟩")
        typ = right.axvline(0.0, color=GREEN, lw=1.4, ls="--", label="typical exp⟨ln T⟩")
        right.set(xlabel="$\\ln T$", ylabel="probability density")
        right.legend(loc="upper left", fontsize="x-small")
        return {"left": left, "right": right, "band": band, "mean": mean, "fit": fit, "thouless": thouless,
                "ln_mean": ln_mean, "cursor": cursor, "stairs": stairs, "curve": curve, "avg": avg, "typ": typ}

    def draw(state, data, values):
        state["band"].remove()
        state["band"] = state["left"].fill_between(
            lengths, data["mean"] - 2 * data["sem"], data["mean"] + 2 * data["sem"], color=BLUE, alpha=0.25, lw=0,
        )
        state["mean"].set_ydata(data["mean"])
        state["fit"].set_ydata(data["fit_line"])
        state["thouless"].set_ydata(data["thouless"])
        state["ln_mean"].set_ydata(data["ln_mean"])
        state["cursor"].set_xdata([data["L"], data["L"]])
        # limits on the ladder of nice_ceiling: they stay put while the slider moves
        state["left"].set_ylim(-nice_ceiling(-1.08 * min(float(data["mean"].min()), float(data["thouless"].min()))),
                               1.0)
        state["left"].set_title(
            f"w = {values['disorder']:g} t: ξ = {data['xi']:.1f} ± {data['xi_error']:.1f}, "
            f"Thouless {data['xi_th']:.1f} sites"
        )
        state["stairs"].set_data(data["density"], data["edges"])
        right = state["right"]
        if values["histogram"] == "ln T":
            state["curve"].set_data(data["x"], data["curve"])
            state["curve"].set_visible(True)
            state["avg"].set_xdata([data["ln_mean_T"]] * 2)
            state["typ"].set_xdata([data["mean_ln"]] * 2)
            right.set_xlabel("$\\ln T$")
            lo = -nice_ceiling(-float(data["edges"][0]))
            hi = max(float(data["edges"][-1]), data["ln_mean_T"]) + 0.5  # ln T <= 0: at most 0.5
            step = (0.5 - lo) / 10
            right.set_xlim(lo, min(np.ceil(hi / step) * step, 0.5))
        else:
            state["curve"].set_visible(False)
            state["avg"].set_xdata([data["average"]] * 2)
            state["typ"].set_xdata([data["typical"]] * 2)
            right.set_xlabel("transmission $T$")
            right.set_xlim(0, 1)
        top = float(np.max(data["density"]))
        right.set_ylim(0, nice_ceiling(1.25 * max(top, float(np.max(data["curve"])))))
        right.set_title(
            f"L = {data['L']:.0f}: var(ln T) = {data['var_ln']:.1f}, "
            f"−2⟨ln T⟩ = {-2 * data['mean_ln']:.1f}"
        )

    controls = {
        "disorder": _dropdown("disorder w", {f"{w:g} t": w for w in disorders}, disorders[len(disorders) // 2]),
        "length": _slider("histogram at L", int(lengths[len(lengths) // 2]), int(lengths[0]), int(lengths[-1]),
                          int(lengths[1] - lengths[0]), integer=True),
        "histogram": _dropdown("histogram of", ["ln T", "T"], "ln T"),
    }
    n_real = first.transmissions.shape[0]
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 4.0),
        title=f"Disordered chains at E = {energy:g} t ({n_real} wires per disorder): "
        "⟨ln T⟩ falls linearly, ln T is broadly distributed",
    )


# ---------------------------------------------------------------------------
# 3. strips: Ohmic and localized regimes, xi against the number of channels
# ---------------------------------------------------------------------------

def localization_vs_channels(ensembles=None):
    """Disordered strips with 1 to 4 channels: Ohm's law, then localization.

    Parameters
    ----------
    ensembles : dict of int to LengthEnsemble, optional
        One ensemble per strip width (same energy, disorder and lengths), as
        from :func:`strip_ensembles`, which is called when nothing is given.

    Left, view "N/<T>": ``N/<T>`` against ``L``, the resistance in units of
    the contact resistance, with the Ohmic line ``a + L/l`` fitted for
    ``L < xi/4`` (``a`` close to 1: the contacts); it bends upwards once ``L``
    approaches ``xi``.  View "<ln T>": the localized regime, with the fitted
    ``c - 2L/xi``.  Right: ``xi`` against the number of channels ``N``, with
    ``(N + 1) l`` from the two fits of the same wires.  The slider uses only
    the first realizations of each ensemble: error bars shrink as
    ``1/sqrt(R)``.
    """
    from matplotlib.collections import LineCollection

    if ensembles is None:
        ensembles = strip_ensembles()
    widths = sorted(ensembles)
    lengths = np.asarray(ensembles[widths[0]].lengths)
    n_total = min(ens.transmissions.shape[0] for ens in ensembles.values())
    channels = np.array([ensembles[W].open_channels for W in widths])

    def compute(view, realizations):
        return _data.localization_vs_channels_data(view, realizations, ensembles=ensembles)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        zeros = 0.0 * lengths
        dots, lines = [], []
        for W, N, colour in zip(widths, channels, CYCLE, strict=False):
            dots.append(left.plot(lengths, zeros, "o", color=colour, ms=3, label=f"W = {W}, N = {N}")[0])
            lines.append(left.plot(lengths, zeros, color=colour, lw=1.2)[0])
        left.set(xlabel="wire length $L$ (sites)", ylabel="$N/\\langle T\\rangle$")
        bar_colours = [CYCLE[i % len(CYCLE)] for i in range(len(widths)) for _ in lengths]
        bars = LineCollection([], colors=bar_colours, lw=1.0)
        left.add_collection(bars)
        n = np.asarray(channels, dtype=float)
        (xi,) = right.plot(n, n, "o", color=BLUE, ms=7, label="ξ from ⟨ln T⟩")
        (nl,) = right.plot(n + 0.08, n, "s", color=ORANGE, ms=6, mfc="none", mew=1.6,
                           label="(N + 1) l, l from N/⟨T⟩")
        errs = LineCollection([], colors=[BLUE] * len(n) + [ORANGE] * len(n), lw=1.4)
        right.add_collection(errs)
        right.set(xlabel="open channels $N$", ylabel="length (sites)", xlim=(0.5, n.max() + 0.5),
                  xticks=n)
        right.legend(loc="upper left", fontsize="small")
        return {"left": left, "right": right, "dots": dots, "lines": lines, "bars": bars, "xi": xi, "nl": nl,
                "errs": errs}

    def draw(state, data, values):
        left, right = state["left"], state["right"]
        segments = []
        for i in range(len(widths)):
            curve, band = data["curves"][i], data["bands"][i]
            state["dots"][i].set_ydata(curve)
            state["lines"][i].set_ydata(data["lines"][i])
            segments += [[(x, y - 2 * b), (x, y + 2 * b)] for x, y, b in zip(lengths, curve, band, strict=True)]
        state["bars"].set_segments(segments)
        if values["view"] == "N/<T>":
            left.set_ylabel("$N/\\langle T\\rangle = R\\,/\\,(h/2Ne^2)$")
            x_max = 0.6 * float(data["xi"].max())
            shown = lengths <= x_max
            top = max(float(np.max((c + 2 * b)[shown])) for c, b in zip(data["curves"], data["bands"], strict=True))
            left.set_xlim(0, x_max)
            left.set_ylim(0, 1.08 * top)
            left.set_title("Ohmic regime: fit a + L/l, a = " + ", ".join(f"{a:.2f}" for a in data["a"]))
        else:
            left.set_ylabel("$\\langle \\ln T\\rangle$")
            left.set_xlim(0, lengths[-1])
            low = min(float(np.min(c)) for c in data["curves"])
            left.set_ylim(1.05 * low, 2.0)
        if state.get("legend_view") != values["view"]:  # where the legend does not hide the data
            corner = "upper left" if values["view"] == "N/<T>" else "lower left"
            left.legend(handles=state["dots"], loc=corner, fontsize="small")
            state["legend_view"] = values["view"]
            left.set_title(f"localized regime: fit c − 2L/ξ for L ≥ {LOCALIZED_FROM}")
        n = data["N"]
        state["xi"].set_ydata(data["xi"])
        state["nl"].set_ydata(data["nl"])
        errs = [[(x, y - e), (x, y + e)] for x, y, e in zip(n, data["xi"], data["xi_err"], strict=True)]
        errs += [[(x + 0.08, y - e), (x + 0.08, y + e)] for x, y, e in zip(n, data["nl"], data["nl_err"], strict=True)]
        state["errs"].set_segments(errs)
        right.set_ylim(0, 1.2 * max(float(data["xi"].max()), float(data["nl"].max())))
        right.set_title(f"{data['realizations']} wires per width, ±1 s.e.")

    controls = {
        "view": _dropdown("show", {"N/<T> (Ohmic regime)": "N/<T>", "<ln T> (localized regime)": "<ln T>"},
                          "N/<T>"),
        "realizations": _slider("wires averaged", n_total, min(20, n_total), n_total, 10, integer=True),
    }
    energy, disorder = ensembles[widths[0]].energy, ensembles[widths[0]].disorder
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 4.0),
        title=f"Disordered strips (E = {energy:g} t, w = {disorder:g} t): the localization length grows with N",
    )


# ---------------------------------------------------------------------------
# 4. weak localization
# ---------------------------------------------------------------------------


def weak_localization(result=None, *, length=FIELD_LENGTH, width=FIELD_WIDTH):
    """The ensemble-averaged transmission of disordered strips rises in a small field.

    Parameters
    ----------
    result : MagnetoTransmission, optional
        From :func:`qtransport.tb.localization.magnetotransmission` (or
        :func:`field_ensemble`, called when nothing is given).
    length, width : int, keyword-only
        Size of the strips of ``result``, to express the field as the total
        flux ``Phi/Phi_0`` through the wire.

    Left: ``<T(Phi)> - <T(0)>`` with a band of two standard errors (each wire
    is followed through the whole field sweep, so the difference is much
    better determined than ``<T>`` itself), or ``<T>``.  Right: the same
    difference for five single wires: their fluctuations, of order one, hide
    the weak-localization rise until many wires are averaged.
    """
    if result is None:
        result = field_ensemble(length=length, width=width)
    phi = np.asarray(result.fluxes) * length * width
    n_total = np.asarray(result.transmissions).shape[0]

    def compute(realizations, view):
        return _data.weak_localization_data(realizations, view, result=result, length=length, width=width)

    def init(fig):
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        band = left.fill_between(phi, 0 * phi, 0 * phi, color=BLUE, alpha=0.25, lw=0)
        (mean,) = left.plot(phi, 0 * phi, "o-", color=BLUE, lw=2.0, ms=4)
        left.axhline(0.0, color=GREY, lw=0.8)
        left.set(xlabel="flux through the wire $\\Phi/\\Phi_0$", ylabel="$\\delta\\langle T\\rangle$",
                 xlim=(phi[0], phi[-1]))
        singles = [right.plot(phi, 0 * phi, color=c, lw=1.2)[0] for c in CYCLE]
        right.axhline(0.0, color=GREY, lw=0.8)
        right.set(xlabel="flux through the wire $\\Phi/\\Phi_0$", ylabel="$T(\\Phi) - T(0)$, single wires",
                  xlim=(phi[0], phi[-1]))
        right.set_title("five of the wires, one by one")
        return {"left": left, "band": band, "mean": mean, "singles": singles, "right": right}

    def draw(state, data, values):
        left = state["left"]
        state["band"].remove()
        lo, hi = data["mean"] - 2 * data["sem"], data["mean"] + 2 * data["sem"]
        state["band"] = left.fill_between(phi, lo, hi, color=BLUE, alpha=0.25, lw=0)
        state["mean"].set_ydata(data["mean"])
        span = float(hi.max() - lo.min())
        left.set_ylim(float(lo.min()) - 0.1 * span, float(hi.max()) + 0.1 * span)
        r, at = data["realizations"], data["at"]
        if values["view"] == "change":
            left.set_ylabel("$\\langle T(\\Phi)\\rangle - \\langle T(0)\\rangle$  (units of $G_0$)")
            delta, err = data["mean"][at], data["sem"][at]
            left.set_title(
                f"{r} wires: at Φ = {phi[at]:.1f} Φ₀, rise {delta:.3f} ± {err:.3f} "
                f"({delta / err if err > 0 else 0.0:.1f} s.e.)"
            )
        else:
            left.set_ylabel("$\\langle T(\\Phi)\\rangle$  (units of $G_0$)")
            left.set_title(f"{r} wires: ⟨T⟩ ± 2 s.e.")
        for line, single in zip(state["singles"], data["singles"], strict=False):
            line.set_ydata(single)
        top = float(np.abs(data["singles"]).max())
        state["right"].set_ylim(-1.1 * top, 1.1 * top)

    controls = {
        "realizations": _slider("wires averaged", n_total, min(10, n_total), n_total, 10, integer=True),
        "view": _dropdown("show", {"change from zero field": "change", "average ⟨T⟩": "average"}, "change"),
    }
    return InteractiveFigure(
        controls, compute, init, draw, figsize=(9.4, 3.9),
        title=f"Weak localization: {length} x {width} strips, the average transmission rises in a field",
    )


FIGURES = figure_table(ohmic_wire, disordered_chain, localization_vs_channels, weak_localization)
