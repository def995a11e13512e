"""Data of the figures of chapter 3: the quantum point contact.

* :func:`strip_channels_data`: transverse modes, subbands and open channels
  of a clean hard-wall strip;
* :func:`saddle_staircase_data`: Büttiker's saddle-point constriction, its
  conductance staircase and the transmission of each mode;
* :func:`qpc_staircases` and :func:`lattice_staircase_data`: tight-binding
  constrictions (a smooth saddle and an abrupt channel, built by
  :func:`qpc_system` from :func:`qpc_potential`), their ``T(E)`` computed
  once and the figure's cold and thermally averaged staircases;
* :func:`mode_currents_data`: the scattering state of one incoming mode of a
  constriction, its density and local currents (:func:`mode_bond_currents`),
  and the transmission of every mode.

Lattice functions work in the units of the tight-binding engine: hopping
``t = 1``, lattice constant ``a = 1``, energies in units of ``t``, square
lattice band ``[0, 8t]``.  The saddle point uses meV and kelvin.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from qtransport.constants import G0, thermal_energy
from qtransport.figures._data import FigureData
from qtransport.landauer import landauer_conductance
from qtransport.lattice.leads import (
    lead_modes,
    strip_lead_hamiltonian,
    strip_open_channels,
    strip_transverse_modes,
)
from qtransport.models.qpc import saddle_point_conductance, saddle_point_transmission

__all__ = [
    "QPC_WIDTH",
    "QPC_LENGTH",
    "QPC_HBAR_OMEGA_Y",
    "CHANNEL_OPENING",
    "TAPERS",
    "CHANNEL_LENGTHS",
    "KT_OPTIONS",
    "FERMI_RANGE",
    "MAP_GEOMETRIES",
    "qpc_potential",
    "qpc_system",
    "qpc_staircases",
    "mode_bond_currents",
    "strip_channels_data",
    "saddle_staircase_data",
    "lattice_staircase_data",
    "mode_currents_data",
]

MEV = 1e-3  # eV per meV


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
    """Transmission ``T(E)`` of every constriction of :func:`lattice_staircase_data`, in one batched call.

    Parameters
    ----------
    progress : callable, optional
        ``progress(done, total)``, passed to :func:`qtransport.tb.transmission`.

    Returns
    -------
    FigureData
        ``energies`` ``(Ne,)``: the energy grid (units of ``t``); ``smooth``:
        dict taper ``s`` -> ``T(E)`` ``(Ne,)`` of the smooth saddle
        (:data:`TAPERS`); ``abrupt``: dict channel length -> ``T(E)`` of the
        abrupt hard-wall channel (:data:`CHANNEL_LENGTHS`).
    """
    from qtransport.tb import transmission

    fsys = _constriction_strip()
    batch = [qpc_system("smooth", s)[1] for s in TAPERS] + [qpc_system("abrupt", c)[1] for c in CHANNEL_LENGTHS]
    energies = _staircase_energies()
    T = transmission(fsys, energies, batch, progress=progress).transmission[..., 1, 0]
    n = len(TAPERS)
    return FigureData(
        energies=energies,
        smooth={float(s): T[i] for i, s in enumerate(TAPERS)},
        abrupt={int(c): T[n + i] for i, c in enumerate(CHANNEL_LENGTHS)},
    )



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



# --------------------------------------------------------------------------------------------
def strip_channels_data(width, energy, *, k_points=241, points=1601):
    """Transverse modes, subbands and open channels of a clean hard-wall strip.

    The standing waves ``u_n(y)`` and thresholds ``eps_n`` are
    :func:`qtransport.lattice.leads.strip_transverse_modes`; the subbands
    ``E_n(k)`` are :func:`qtransport.tb.lead_bands` of a strip of
    :func:`qtransport.tb.geometries.strip`; the open modes at ``energy`` come
    from :func:`qtransport.lattice.leads.lead_modes`, each identified with
    its transverse index ``n`` by the largest overlap with ``u_n``; the
    staircase ``N(E)`` is :func:`qtransport.lattice.leads.strip_open_channels`.

    Parameters
    ----------
    width : int
        Sites across the strip.
    energy : float
        Energy, in units of ``t``.
    k_points : int, optional
        Momenta of the subbands, on ``[-pi, pi]``.
    points : int, optional
        Energies of the staircase, on ``[0, 8t]``.

    Returns
    -------
    FigureData
        ``eps`` ``(width,)`` thresholds and ``u`` ``(width, width)`` modes
        (columns); ``k`` ``(k_points,)`` and ``bands`` ``(k_points, width)``
        in units of ``t``; ``k_open`` ``(N,)`` momenta (1/a) and
        ``open_index`` ``(N,)`` transverse indices (1 = lowest) of the open
        modes; ``E`` and ``N_curve`` ``(points,)``; ``N_now``: open channels
        at ``energy``.

    Examples
    --------
    >>> data = strip_channels_data(6, 1.03)
    >>> data.N_now, sorted(data.open_index.tolist())
    (2, [1, 2])
    """
    from qtransport.tb import geometries, lead_bands

    k = np.linspace(-np.pi, np.pi, k_points)
    energies = np.linspace(0.0, 8.0, points)
    eps, u = strip_transverse_modes(width)
    modes = lead_modes(*strip_lead_hamiltonian(width), energy)
    return FigureData(
        eps=eps, u=u, k=k, bands=lead_bands(geometries.strip(1, width).finalized(), 1, k),
        k_open=modes.momenta, open_index=_transverse_index(modes, width), E=energies,
        N_curve=strip_open_channels(energies, width), N_now=int(strip_open_channels(energy, width)),
    )


def saddle_staircase_data(hw_y_meV, hw_x_meV, temperature_K, *, points=421, n_modes=10):
    """Conductance staircase of Büttiker's saddle point against the gate, and each mode's ``T_n``.

    At a fixed Fermi energy (0) the gate moves the saddle height
    ``V_0 = -x hbar w_y``, so that mode ``n`` opens at ``x = n + 1/2``.
    ``G/G0`` is :func:`qtransport.saddle_point_conductance` at the
    temperature (exact thermal average) and at zero temperature; ``T_n`` is
    :func:`qtransport.saddle_point_transmission`.

    Parameters
    ----------
    hw_y_meV, hw_x_meV : float
        ``hbar w_y`` and ``hbar w_x`` of the saddle, in meV.
    temperature_K : float
        Temperature, in kelvin (>= 0).
    points : int, optional
        Gate values ``x = (E_F - V_0)/hbar w_y`` on ``[-0.5, 6.5]``.
    n_modes : int, optional
        Modes summed.

    Returns
    -------
    FigureData
        ``x`` ``(points,)``; ``G`` and ``G_cold`` ``(points,)`` in units of
        ``G0``; ``ideal`` ``(points,)``: the ideal staircase
        ``floor(x + 1/2)``; ``T_n`` ``(points, n_modes)``; ``kT_meV``: the
        thermal energy in meV; ``ratio``: ``w_y / w_x``.

    Examples
    --------
    >>> data = saddle_staircase_data(2.0, 0.3, 0.0)
    >>> round(float(data.G[-1]), 6)  # x = 6.5: six modes open, the seventh half way
    6.5
    """
    x = np.linspace(-0.5, 6.5, points)
    kT_meV = float(thermal_energy(temperature_K)) / MEV
    common = {"V0": -x * hw_y_meV, "hw_x": hw_x_meV, "hw_y": hw_y_meV, "n_modes": n_modes}
    return FigureData(
        x=x, G=saddle_point_conductance(0.0, kT=kT_meV, unit="G0", **common),
        G_cold=saddle_point_conductance(0.0, unit="G0", **common), ideal=np.clip(np.floor(x + 0.5), 0, None),
        T_n=saddle_point_transmission(0.0, **common), kT_meV=kT_meV, ratio=hw_y_meV / hw_x_meV,
    )


def _staircase(staircases, kind, size):
    return (staircases["smooth"] if kind == "smooth" else staircases["abrupt"])[size]


def lattice_staircase_data(taper, channel_length, kT, *, staircases, v_top=2.0):
    """Cold and warm conductance staircases of a smooth saddle and an abrupt channel.

    ``staircases`` holds ``T(E)`` of every constriction (:func:`qpc_staircases`).
    The cold ``G/G0`` is ``T`` at the Fermi energies of :data:`FERMI_RANGE`;
    the warm one is :func:`qtransport.landauer_conductance` of the sampled
    ``T(E)`` at ``kT``.  The potentials are :func:`qpc_potential`, cut at
    ``v_top`` for display.

    Parameters
    ----------
    taper : float
        Taper length ``s`` of the smooth saddle, one of :data:`TAPERS`.
    channel_length : int
        Length of the abrupt channel, one of :data:`CHANNEL_LENGTHS`.
    kT : float
        Thermal energy, in units of ``t`` (one of :data:`KT_OPTIONS` is
        resolved by the grid).
    staircases : FigureData
        From :func:`qpc_staircases`.
    v_top : float, optional
        Largest potential shown, in units of ``t``.

    Returns
    -------
    FigureData
        ``mu`` ``(Nmu,)``: Fermi energies (units of ``t``);
        ``smooth_cold``, ``abrupt_cold``, ``smooth_warm``, ``abrupt_warm``
        ``(Nmu,)`` in units of ``G0``; ``V_smooth``, ``V_abrupt``
        ``(QPC_LENGTH, QPC_WIDTH)`` in units of ``t``.
    """
    E = staircases["energies"]
    show = (E >= FERMI_RANGE[0]) & (E <= FERMI_RANGE[1])
    mu = E[show]
    smooth, abrupt = _staircase(staircases, "smooth", taper), _staircase(staircases, "abrupt", channel_length)
    return FigureData(
        mu=mu, smooth_cold=smooth[show], abrupt_cold=abrupt[show],
        smooth_warm=landauer_conductance(smooth, energies=E, mu=mu, kT=kT) / G0,
        abrupt_warm=landauer_conductance(abrupt, energies=E, mu=mu, kT=kT) / G0,
        V_smooth=np.minimum(qpc_potential("smooth", taper), v_top),
        V_abrupt=np.minimum(qpc_potential("abrupt", channel_length), v_top),
    )


@functools.lru_cache(maxsize=1)  # the last energy only: another mode of it is free
def _mode_solution(kind, size, energy):
    from qtransport.tb import smatrix

    fsys, params = qpc_system(kind, size)
    res = smatrix(fsys, energy, params)
    index = _transverse_index(res.modes[0][0], QPC_WIDTH)
    T_modes = np.sum(np.abs(res.submatrix(1, 0)) ** 2, axis=0)  # per incoming mode (columns of t)
    currents = mode_bond_currents(fsys, energy, params)
    return index, T_modes, np.abs(currents.psi) ** 2, currents, params["V"]


def mode_currents_data(kind, size, energy, mode, *, max_modes=5, v_top=2.0):
    """Density and local current of the scattering state of one incoming mode of a constriction.

    The constriction is :func:`qpc_system` ``(kind, size)``; the electron
    arrives from the left lead in transverse mode ``mode`` (identified by
    overlap with the strip's standing waves).  The state and its bond
    currents are :func:`mode_bond_currents`, averaged onto the sites; the
    transmission of every incoming mode, ``sum_m |t_mn|^2``, comes from the
    Fisher-Lee S-matrix :func:`qtransport.tb.smatrix`.

    Parameters
    ----------
    kind : str
        ``'smooth'`` or ``'abrupt'``.
    size : float or int
        Taper length or channel length (see :func:`qpc_potential`).
    energy : float
        Energy, in units of ``t``.
    mode : int
        Transverse index of the incoming mode (1 = lowest), open at ``energy``.
    max_modes : int, optional
        Modes of the bar chart.
    v_top : float, optional
        Largest potential shown, in units of ``t``.

    Returns
    -------
    FigureData
        ``V``, ``density`` (units of ``hbar/(t a)``), ``jx``, ``jy`` (units
        of the incoming current), each ``(QPC_LENGTH, QPC_WIDTH)``;
        ``T_by_n`` ``(max_modes,)``: transmission of each incoming mode;
        ``open`` : sorted transverse indices of the open modes; ``T_mode``
        and ``T_total``: the chosen mode's and the total transmission.
    """
    index, T_modes, density, currents, V = _mode_solution(kind, size, energy)
    found = np.flatnonzero(index == mode)
    if found.size == 0:
        raise ValueError(f"`mode` {mode} is not open at energy {energy}: open modes are {sorted(index.tolist())}.")
    m = int(found[0])
    jx_site, jy_site = currents.at_sites(m)
    T_by_n = np.zeros(max_modes)
    keep = index <= max_modes
    T_by_n[index[keep] - 1] = T_modes[keep]
    return FigureData(
        V=np.minimum(V, v_top), density=density[m], jx=jx_site, jy=jy_site, T_by_n=T_by_n,
        open=np.sort(index), T_mode=float(T_modes[m]), T_total=float(T_modes.sum()),
    )
