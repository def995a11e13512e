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
select and thermally average.  No physics here: every number plotted comes
from a library call.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from qtransport.widgets.base import InteractiveFigure, ProgressBar, _in_kernel
from qtransport.widgets.controls import dropdown as _dropdown
from qtransport.widgets.controls import selection_slider as _choice
from qtransport.widgets.controls import slider as _slider

__all__ = [
    "QPC_WIDTH",
    "QPC_LENGTH",
    "QPC_HBAR_OMEGA_Y",
    "CHANNEL_OPENING",
    "TAPERS",
    "CHANNEL_LENGTHS",
    "QPCStaircases",
    "qpc_potential",
    "qpc_system",
    "mode_bond_currents",
    "qpc_staircases",
    "strip_channels",
    "saddle_staircase",
    "lattice_staircase",
    "mode_currents",
    "FIGURES",
]

MEV = 1e-3  # eV per meV
_BLUE, _RED, _GREEN, _GREY, _ORANGE = "#1f5fa8", "#c0392b", "#1a7f37", "#333333", "#d35400"
_MODE_COLOURS = ("#1f5fa8", "#d35400", "#1a7f37", "#8e44ad", "#c0392b", "#b8860b", "#17becf", "#7f7f7f")


def _transverse_index(modes, width):
    """Transverse index ``n`` (1 = lowest) of each incoming lead mode of a clean strip.

    Bookkeeping only: the library orders lead modes by momentum; each
    incoming mode of a hard-wall strip is one transverse standing wave
    ``u_n``, found as the largest overlap.
    """
    from qtransport.lattice.leads import strip_transverse_modes

    _, u = strip_transverse_modes(width)
    if modes.open_channels == 0:
        return np.zeros(0, dtype=int)
    return np.argmax(np.abs(u.T @ modes.incoming), axis=0) + 1


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
    from qtransport.lattice.leads import (
        lead_modes,
        strip_lead_hamiltonian,
        strip_open_channels,
        strip_transverse_modes,
    )
    from qtransport.tb import geometries, lead_bands

    k = np.linspace(-np.pi, np.pi, 241)
    energies = np.linspace(0.0, 8.0, 1601)
    shown, max_width = 6, 20

    @functools.lru_cache(maxsize=max_width)
    def bands(width):
        return lead_bands(geometries.strip(1, width).finalized(), 1, k)

    def compute(width, energy):
        eps, u = strip_transverse_modes(width)
        modes = lead_modes(*strip_lead_hamiltonian(width), energy)
        index = _transverse_index(modes, width)
        return {
            "eps": eps, "u": u, "bands": bands(width),
            "k_open": modes.momenta, "open_index": index,
            "N_curve": strip_open_channels(energies, width),
            "N_now": int(strip_open_channels(energy, width)),
        }

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
    from qtransport import saddle_point_conductance, saddle_point_transmission
    from qtransport.constants import thermal_energy

    x = np.linspace(-0.5, 6.5, 421)  # (E_F - V0) / hbar w_y
    n_modes, modes_shown = 10, 6
    ideal = np.clip(np.floor(x + 0.5), 0, None)

    def compute(hw_y_meV, hw_x_meV, temperature_K):
        kT_meV = float(thermal_energy(temperature_K)) / MEV
        common = {"V0": -x * hw_y_meV, "hw_x": hw_x_meV, "hw_y": hw_y_meV, "n_modes": n_modes}
        return {
            "x": x,
            "G": saddle_point_conductance(0.0, kT=kT_meV, unit="G0", **common),
            "G_cold": saddle_point_conductance(0.0, unit="G0", **common),
            "T_n": saddle_point_transmission(0.0, **common),
            "kT_meV": kT_meV,
        }

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
        ratio = values["hw_y_meV"] / values["hw_x_meV"]
        state["left"].set_title(
            f"ω_y/ω_x = {ratio:.3g},  k_BT = {data['kT_meV']:.3g} meV = {data['kT_meV'] / values['hw_y_meV']:.3g} ħω_y"
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

#: Sites across the strip and slices of the scattering region of the lattice constrictions.
QPC_WIDTH, QPC_LENGTH = 12, 48
#: Transverse confinement of the smooth saddle at its centre (units of t): thresholds near
#: ``hbar w_y (n + 1/2)`` = 0.25, 0.75, 1.25 t.
QPC_HBAR_OMEGA_Y = 0.5
#: Rows left open by the abrupt hard-wall channel: thresholds 0.152, 0.586, 1.235 t
#: (``strip_transverse_modes(7)``).
CHANNEL_OPENING = 7
#: Taper lengths ``s`` (sites) of the smooth saddle and lengths (slices) of the abrupt channel.
TAPERS = (1.5, 3.0, 6.0)
CHANNEL_LENGTHS = (2, 6, 12)
#: Thermal energies offered by the figure (units of t).  The smallest non-zero one equals the
#: grid spacing, so the sampled T(E) resolves the thermal window.
KT_OPTIONS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05)
#: Fermi energies shown (units of t).
FERMI_RANGE = (0.02, 1.5)


def _staircase_energies():
    """Energy grid of the sampled T(E) (units of t).

    Fine (spacing < 0.01 t) from -0.4 t to 2.5 t, so the thermal window of
    every offered ``kT`` around every shown Fermi energy lies inside the grid
    and is resolved; coarser (0.04 t) further below the band bottom, where
    the constriction transmits nothing (T < 1e-40) but the widest window
    still reaches.
    """
    coarse = np.arange(-1.08, -0.4, 0.04)
    fine = np.linspace(-0.4, 2.5, 303)
    return np.concatenate([coarse, fine]) + 1.1e-4  # keep off the lead thresholds


class QPCStaircases(NamedTuple):
    """Zero-temperature transmissions of the lattice constrictions of chapter 3.

    Attributes
    ----------
    energies : ndarray, shape (Ne,)
        Energy grid (units of t).
    smooth : dict of float to ndarray
        Taper length ``s`` -> ``T(E)`` of the smooth saddle (:data:`TAPERS`).
    abrupt : dict of int to ndarray
        Channel length -> ``T(E)`` of the abrupt hard-wall channel (:data:`CHANNEL_LENGTHS`).
    """

    energies: np.ndarray
    smooth: dict
    abrupt: dict


def qpc_potential(kind, size):
    """The potential (units of t) of a constriction of the chapter, on the sites ``(x, y)`` of the strip.

    ``kind`` 'smooth': the saddle of :func:`qtransport.tb.geometries.qpc`
    (gate 0, taper ``size``, ``hbar w_y`` = :data:`QPC_HBAR_OMEGA_Y`), read
    off its Hamiltonian.  'abrupt': a channel ``size`` slices long, cut in
    the middle of the strip, leaving its :data:`CHANNEL_OPENING` central rows
    open; the other sites of those slices get the on-site energy ``1e6 t``
    (their amplitudes are ~ ``1e-6``: hard walls to that precision).

    Returns
    -------
    ndarray, shape (QPC_LENGTH, QPC_WIDTH)
    """
    from qtransport._validation import check_count, check_scalar

    if not isinstance(kind, str) or kind not in ("smooth", "abrupt"):
        raise ValueError(f"`kind` must be 'smooth' or 'abrupt', got {kind!r}.")
    if kind == "smooth":
        fsys = _saddle(check_scalar(size, "size", positive=True, hint="(the taper length, in sites)"))
        from qtransport.tb.geometries import site_grid

        onsite = fsys.hamiltonian({"gate": 0.0}).diagonal().real - 4.0  # the saddle on top of the band bottom
        return site_grid(fsys, onsite)[0]
    if kind == "abrupt":
        length = check_count(size, "size", minimum=1, maximum=QPC_LENGTH)
        x0, y0 = (QPC_LENGTH - length) // 2, (QPC_WIDTH - CHANNEL_OPENING) // 2
        blocked = np.zeros((QPC_LENGTH, QPC_WIDTH), dtype=bool)
        blocked[x0 : x0 + length] = True
        blocked[:, y0 : y0 + CHANNEL_OPENING] = False
        return np.where(blocked, 1e6, 0.0)


@functools.lru_cache(maxsize=8)
def _saddle(taper):
    from qtransport.tb import geometries

    return geometries.qpc(QPC_LENGTH, QPC_WIDTH, taper=taper, hbar_omega_y=QPC_HBAR_OMEGA_Y).finalized()


@functools.lru_cache(maxsize=1)
def _constriction_strip():
    """One strip whose potential is the parameter ``V`` (an array over the sites): every constriction at once."""
    from qtransport.tb import geometries

    return geometries.strip(QPC_LENGTH, QPC_WIDTH,
                            potential=lambda x, y, *, V: V[x.astype(int), y.astype(int)]).finalized()


def qpc_system(kind, size):
    """The lattice constriction of the chapter: ``kind`` 'smooth' (taper ``size``) or 'abrupt' (length ``size``).

    Returns
    -------
    (FiniteSystem, dict)
        A :data:`QPC_WIDTH` x :data:`QPC_LENGTH` strip of
        :func:`qtransport.tb.geometries.strip` whose potential is the named
        parameter ``V``, and the parameters that give it the potential of
        :func:`qpc_potential`: pass both to the solvers of :mod:`qtransport.tb`,
        e.g. ``fsys, params = qpc_system("smooth", 6.0); tb.transmission(fsys, E, params)``.

    Examples
    --------
    >>> from qtransport import tb
    >>> fsys, params = qpc_system("abrupt", 12)
    >>> round(float(tb.transmission(fsys, 1.0, params).transmission[1, 0]), 4)
    1.9994
    """
    return _constriction_strip(), {"V": qpc_potential(kind, size)}


def qpc_staircases(*, progress=None):
    """Transmission ``T(E)`` of every constriction of :func:`lattice_staircase`, in one batched call.

    Parameters
    ----------
    progress : callable, optional
        ``progress(done, total)``, passed to :func:`qtransport.tb.transmission`.

    Returns
    -------
    QPCStaircases
    """
    from qtransport.tb import transmission

    fsys = _constriction_strip()
    batch = [qpc_system("smooth", s)[1] for s in TAPERS] + [qpc_system("abrupt", c)[1] for c in CHANNEL_LENGTHS]
    energies = _staircase_energies()
    T = transmission(fsys, energies, batch, progress=progress).transmission[..., 1, 0]
    n = len(TAPERS)
    return QPCStaircases(
        energies,
        {float(s): T[i] for i, s in enumerate(TAPERS)},
        {int(c): T[n + i] for i, c in enumerate(CHANNEL_LENGTHS)},
    )


def lattice_staircase(staircases=None):
    """Tight-binding constrictions: a smooth saddle against an abrupt channel.

    Left: the two potentials (units of ``t``; the hard walls of the abrupt
    channel, ``1e6 t``, are drawn at the top of the colour scale).  Right:
    ``G/G0`` against the Fermi energy, at zero temperature (thin) and at the
    chosen ``k_BT`` (thick), the latter the thermal average of the sampled
    ``T(E)`` by :func:`qtransport.landauer_conductance`.

    Parameters
    ----------
    staircases : QPCStaircases, optional
        Precomputed transmissions (from :func:`qpc_staircases`); computed
        here, with a progress bar in a notebook, when omitted.
    """
    from qtransport import landauer_conductance
    from qtransport.constants import G0

    if staircases is None:
        staircases = qpc_staircases(progress=ProgressBar("constrictions", display_bar=_in_kernel()))
    E = staircases.energies
    show = (E >= FERMI_RANGE[0]) & (E <= FERMI_RANGE[1])
    mu = E[show]
    potentials = {("smooth", s): qpc_potential("smooth", s) for s in TAPERS}
    potentials.update({("abrupt", c): qpc_potential("abrupt", c) for c in CHANNEL_LENGTHS})
    v_top = 2.0

    @functools.lru_cache(maxsize=32)
    def warm(kind, size, kT):
        T = (staircases.smooth if kind == "smooth" else staircases.abrupt)[size]
        return landauer_conductance(T, energies=E, mu=mu, kT=kT) / G0

    def compute(taper, channel_length, kT):
        return {
            "mu": mu,
            "smooth_cold": staircases.smooth[taper][show], "abrupt_cold": staircases.abrupt[channel_length][show],
            "smooth_warm": warm("smooth", taper, kT), "abrupt_warm": warm("abrupt", channel_length, kT),
            "V_smooth": np.minimum(potentials["smooth", taper], v_top),
            "V_abrupt": np.minimum(potentials["abrupt", channel_length], v_top),
        }

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
MAP_GEOMETRIES = {"smooth saddle (s = 6)": ("smooth", 6.0), "abrupt channel (12 slices)": ("abrupt", 12)}


class ModeCurrents(NamedTuple):
    """Scattering states of a strip fed by the left lead, and their currents, mode by mode.

    Attributes
    ----------
    psi : ndarray, shape (M, L, W)
        One state per incoming mode of the left lead (unit current), on the
        sites ``(x, y)`` (units ``sqrt(hbar/(t a))``).
    x : ndarray, shape (M, L + 1, W)
        ``x[n, i, y]``: current of mode ``n`` on the bond from ``(i - 1, y)``
        to ``(i, y)``, ``i = 0 ... L`` (the first and last bonds join the
        leads), in units of the incoming current.
    y : ndarray, shape (M, L, W - 1)
        ``y[n, i, y]``: current from ``(i, y)`` to ``(i, y + 1)``.
    """

    psi: np.ndarray
    x: np.ndarray
    y: np.ndarray

    def at_sites(self, mode):
        """Current vector ``(jx, jy)`` of one mode on each site, each ``(L, W)``.

        The average of the two bonds that enter and leave a site along each
        direction (bonds beyond a hard wall carry nothing): for arrow plots.
        """
        jx = (self.x[mode, :-1] + self.x[mode, 1:]) / 2
        jy_full = np.pad(self.y[mode], [(0, 0), (1, 1)])
        return jx, (jy_full[:, :-1] + jy_full[:, 1:]) / 2


def mode_bond_currents(fsys, energy, params=None):
    r"""Scattering states and bond currents of each incoming mode of lead 0 of a strip, mode by mode.

    ``fsys`` is a strip of :func:`qtransport.tb.geometries.strip` (sites
    ``(x, y)``, lead 0 on the left).  The states are those of
    :func:`qtransport.tb.wave_functions`, their currents those of
    :func:`qtransport.tb.bond_currents` with ``mode="each"``, laid out on
    the grid.  The bonds to the leads are not part of the system: their
    currents follow from current conservation at the end sites.

    Returns
    -------
    ModeCurrents
    """
    from qtransport.tb import bond_currents, wave_functions

    length, width = int(fsys.tags[:, 0].max()) + 1, int(fsys.tags[:, 1].max()) + 1
    if length < 2 or fsys.n_sites != length * width:
        raise ValueError("`fsys` must be a strip of geometries.strip at least two slices long")
    states = wave_functions(fsys, energy, 0, params)
    psi = np.zeros((states.psi.shape[0], length, width), dtype=complex)
    psi[:, fsys.tags[:, 0], fsys.tags[:, 1]] = states.psi
    each = bond_currents(fsys, energy, 0, params, mode="each")
    # each bond's current towards +x or +y, put on the grid at its end nearer the origin
    frm, to = fsys.tags[each.bonds[:, 0]], fsys.tags[each.bonds[:, 1]]
    step = to - frm
    sign = step.sum(axis=1)
    low = np.where(sign[:, None] > 0, frm, to)
    along_x = step[:, 0] != 0
    inner = np.zeros((psi.shape[0], length - 1, width))
    inner[:, low[along_x, 0], low[along_x, 1]] = each.current[:, along_x] * sign[along_x]
    jy = np.zeros((psi.shape[0], length, width - 1))
    jy[:, low[~along_x, 0], low[~along_x, 1]] = each.current[:, ~along_x] * sign[~along_x]
    # the lead bonds supply what the bonds of the system bring into the end sites
    net = np.zeros((psi.shape[0], length, width))
    net[:, fsys.tags[:, 0], fsys.tags[:, 1]] = each.into_sites(fsys.n_sites)
    jx = np.concatenate([-net[:, :1], inner, net[:, -1:]], axis=1)
    return ModeCurrents(psi, jx, jy)


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

    from qtransport.tb import smatrix

    max_modes = 5
    v_top = 2.0
    step = 2  # arrows on every second site

    @functools.lru_cache(maxsize=1)  # the last energy only: moving the mode slider reuses it
    def solve(geometry, energy):
        fsys, params = qpc_system(*MAP_GEOMETRIES[geometry])
        res = smatrix(fsys, energy, params)
        index = _transverse_index(res.modes[0][0], QPC_WIDTH)
        T_modes = np.sum(np.abs(res.submatrix(1, 0)) ** 2, axis=0)  # per incoming mode (columns of t)
        currents = mode_bond_currents(fsys, energy, params)
        return index, T_modes, np.abs(currents.psi) ** 2, currents, params["V"]

    def compute(geometry, energy, mode):
        index, T_modes, density, currents, V = solve(geometry, energy)
        m = int(np.flatnonzero(index == mode)[0])
        jx_site, jy_site = currents.at_sites(m)
        T_by_n = np.zeros(max_modes)
        keep = index <= max_modes
        T_by_n[index[keep] - 1] = T_modes[keep]
        return {
            "V": np.minimum(V, v_top), "density": density[m],
            "jx": jx_site, "jy": jy_site, "T_by_n": T_by_n, "open": np.sort(index),
            "T_mode": float(T_modes[m]), "T_total": float(T_modes.sum()),
        }

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


FIGURES = {
    "strip_channels": strip_channels,
    "saddle_staircase": saddle_staircase,
    "lattice_staircase": lattice_staircase,
    "mode_currents": mode_currents,
}
