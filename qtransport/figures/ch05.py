"""Data of the figures of chapter 5: contacts and many terminals.

* :func:`two_and_four_probe_data`: two-probe, four-probe and contact
  resistance of one channel, with the four-probe value also from a
  four-terminal solve;
* :func:`invasive_probes_data`: the four-terminal wire at any probe coupling,
  for the two probe models of :mod:`qtransport.models.probes`;
* :func:`floating_probe_sweep` and :func:`floating_probe_data`: a
  tight-binding wire with one floating voltage probe on its side, the sweep
  over probe barriers and fields computed once and the figure's numbers at
  one setting;
* :func:`local_probes_sweep` and :func:`local_probes_data`: two local probes
  around a scatterer, likewise;
* :func:`charge_relaxation_data`: the mesoscopic capacitor, density of
  states and charge-relaxation resistance.

Lattice functions use the units of the tight-binding engine (``t = 1``,
``a = 1``, energies in units of ``t``, flux per plaquette in flux quanta).
Resistances are in kΩ or in units of ``R0 = h/2e^2``, as stated.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import R0
from qtransport.figures._data import FigureData
from qtransport.models.capacitor import (
    cavity_charge_relaxation_resistance,
    cavity_phase_derivative,
    charge_relaxation_resistance,
)
from qtransport.models.probes import MAX_COUPLING, PROBE_CHANNELS, wire_with_two_probes
from qtransport.multiterminal import (
    conductance_matrix,
    contact_resistance,
    effective_transmission,
    four_probe_resistance,
    four_terminal_resistance,
    probe_voltages,
    two_probe_resistance,
    two_terminal_resistance,
)

__all__ = [
    "two_and_four_probe_data",
    "invasive_probes_data",
    "floating_probe_sweep",
    "floating_probe_data",
    "local_probes_sweep",
    "local_probes_data",
    "charge_relaxation_data",
]

KOHM = 1e3  # ohm per kilo-ohm


def _nearest(grid, value):
    """Index of the point of ``grid`` closest to ``value`` (a setting snapped to a sweep)."""
    return int(np.argmin(np.abs(np.asarray(grid) - value)))


def _ideal(transmission):
    """Non-invasive ``(1 - T)/T`` and ``1/T`` of one channel, in units of ``R0 = h/2e^2``."""
    return float(four_probe_resistance(transmission) / R0), float(two_probe_resistance(transmission) / R0)


# ---------------------------------------------------------------------------
def two_and_four_probe_data(transmission, spin, *, points=197, dots=20, probe_coupling=1e-6):
    """``R_2T = R_c + R_4T`` of one channel, and ``R_4T`` from a four-terminal solve.

    ``R_2T = (h/g_s e^2)/T`` (:func:`qtransport.two_probe_resistance`),
    ``R_4T = (h/g_s e^2)(1 - T)/T`` (:func:`qtransport.four_probe_resistance`)
    and ``R_c = h/g_s e^2`` (:func:`qtransport.contact_resistance`); the
    independent route is :func:`qtransport.four_terminal_resistance` of the
    conductance matrix of :func:`qtransport.wire_with_two_probes`, directional
    probes coupled at ``probe_coupling``.

    Parameters
    ----------
    transmission : float
        Transmission ``T`` of the channel (0 < T <= 1).
    spin : int
        Spin degeneracy ``g_s``, 1 or 2.
    points : int, optional
        Transmissions of the curves, on ``[0.02, 1]``.
    dots : int, optional
        Transmissions of the four-terminal solve, on ``[0.05, 1]``.
    probe_coupling : float, optional
        Coupling ``epsilon`` of the weak probes.

    Returns
    -------
    FigureData
        ``T`` ``(points,)``; ``R2``, ``R4`` ``(points,)`` kΩ; ``Rc`` kΩ;
        ``T_network`` ``(dots,)`` and ``R4_network`` ``(dots,)`` kΩ;
        ``R2_now``, ``R4_now``: kΩ at ``transmission``.

    Examples
    --------
    >>> data = two_and_four_probe_data(0.5, 2)
    >>> round(data.R2_now / data.Rc, 12), round(data.R4_now / data.Rc, 12)
    (2.0, 1.0)
    """
    g_s = int(spin)
    T_grid = np.linspace(0.02, 1.0, points)
    T_dots = np.linspace(0.05, 1.0, dots)
    network = wire_with_two_probes(T_dots, coupling=probe_coupling)  # (dots, 4, 4)
    G = conductance_matrix(network, PROBE_CHANNELS["directional"], spin_degeneracy=g_s)
    return FigureData(
        T=T_grid, R2=two_probe_resistance(T_grid, spin_degeneracy=g_s) / KOHM,
        R4=four_probe_resistance(T_grid, spin_degeneracy=g_s) / KOHM,
        Rc=float(contact_resistance(1, spin_degeneracy=g_s)) / KOHM,
        T_network=T_dots, R4_network=four_terminal_resistance(G, 0, 3, 1, 2) / KOHM,
        R2_now=float(two_probe_resistance(transmission, spin_degeneracy=g_s)) / KOHM,
        R4_now=float(four_probe_resistance(transmission, spin_degeneracy=g_s)) / KOHM,
    )


# ---------------------------------------------------------------------------
#: Probe couplings of :func:`invasive_probes_data`, as fractions of the largest one of each model.
COUPLING_FRACTIONS = np.geomspace(1e-4, 1.0, 81)
#: One-way phases averaged over for the phase-averaged beam-splitter probes.
AVERAGE_PHASES = np.linspace(0.0, 2 * np.pi, 8, endpoint=False)


def invasive_probes_data(transmission, phase, probe, *, fractions=COUPLING_FRACTIONS, phases=AVERAGE_PHASES):
    """``R_4T`` and ``R_2T`` of a one-channel wire with two probes, against the probe coupling.

    Terminals 0 = left lead, 1 = left probe, 2 = right probe, 3 = right lead
    of :func:`qtransport.wire_with_two_probes`, a scatterer of transmission
    ``T`` between the probes, one-way phase ``phase`` on both sides.  The
    resistances are :func:`qtransport.four_terminal_resistance` ``R_03,12``
    and :func:`qtransport.two_terminal_resistance` ``R_03`` (probes floating)
    of :func:`qtransport.conductance_matrix` with the channels of
    :data:`~qtransport.models.probes.PROBE_CHANNELS`.  For beam-splitter
    probes the transmission matrix is also averaged over ``phases`` on both
    sides (every other coupling).

    Parameters
    ----------
    transmission : float
        Transmission ``T`` of the scatterer (0 < T <= 1).
    phase : float
        One-way phase between each probe and the scatterer, in radians.
    probe : str
        ``'directional'`` or ``'beam_splitter'``.
    fractions : array_like, optional
        Couplings as fractions of :data:`~qtransport.models.probes.MAX_COUPLING`.
    phases : array_like, optional
        Phases of the average.

    Returns
    -------
    FigureData
        ``eps`` ``(n,)``: couplings; ``R4``, ``R2`` ``(n,)`` in units of
        ``R0``; ``eps_avg`` and ``R4_avg``: the phase-averaged curve (empty
        for directional probes, which do not see the phases); ``R4_ideal``,
        ``R2_ideal``: ``(1 - T)/T`` and ``1/T``.
    """
    if probe not in MAX_COUPLING:
        raise ValueError(f"`probe` must be one of {sorted(MAX_COUPLING)}, got {probe!r}.")
    largest, channels = MAX_COUPLING[probe], PROBE_CHANNELS[probe]
    eps = largest * np.asarray(fractions, float)
    T = wire_with_two_probes(transmission, coupling=eps, phases=(phase, phase), probe=probe)
    G = conductance_matrix(T, channels, unit="G0")  # resistances in units of 1/G0 = h/2e^2
    if probe == "beam_splitter":
        eps_avg = eps[::2]
        phases = np.asarray(phases, float)
        averaged = wire_with_two_probes(transmission, coupling=eps_avg, probe=probe,
                                        phases=(phases[:, None, None], phases[None, :, None])).mean(axis=(0, 1))
        R4_avg = four_terminal_resistance(conductance_matrix(averaged, channels, unit="G0"), 0, 3, 1, 2)
    else:
        R4_avg, eps_avg = np.zeros(0), np.zeros(0)
    R4_ideal, R2_ideal = _ideal(transmission)
    return FigureData(eps=eps, R4=four_terminal_resistance(G, 0, 3, 1, 2), R2=two_terminal_resistance(G, 0, 3),
                      R4_avg=R4_avg, eps_avg=eps_avg, R4_ideal=R4_ideal, R2_ideal=R2_ideal)


# ---------------------------------------------------------------------------
#: The three-terminal wire of :func:`floating_probe_sweep`: terminals 0 = left, 1 = right, 2 = probe.
FLOATING_WIRE = {"length": 20, "width": 2, "probe_centers": [10], "probe_width": 2, "arm_length": 2}
FLOATING_ENERGY = 2.0  # one open channel in the wire and in the probe (units of t)
FLOATING_BARRIERS = np.linspace(0.0, 6.0, 25)
FLOATING_FLUXES = (-0.05, 0.0, 0.05)


def floating_probe_sweep(*, barriers=FLOATING_BARRIERS, fluxes=FLOATING_FLUXES, energy=FLOATING_ENERGY,
                         progress=None):
    """Transmission matrices of the wire with one side probe, for every barrier and field.

    The wire is :func:`qtransport.tb.geometries.wire_with_side_probes`, built
    once; the barrier and the field are its named parameters, and every
    field's barriers are one batch of :func:`qtransport.tb.transmission`.

    Parameters
    ----------
    barriers : array_like, optional
        Potentials of the probe's arm, in units of ``t``.
    fluxes : array_like, optional
        Flux per plaquette, in flux quanta.
    energy : float, optional
        Fermi energy, in units of ``t``.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    FigureData
        ``T`` ``(n_fluxes, n_barriers, 3, 3)``, ``T[i, j]`` from ``j`` into
        ``i``; ``channels`` ``(n_fluxes, n_barriers, 3)``; ``bare``
        ``(n_fluxes,)``: the same wire without the probe; ``barriers``,
        ``fluxes``, ``energy``.
    """
    from qtransport.tb import geometries, transmission

    barriers, fluxes = np.asarray(barriers, float), np.asarray(fluxes, float)
    device = geometries.wire_with_side_probes(**FLOATING_WIRE).finalized()
    wire = geometries.wire_with_side_probes(**{**FLOATING_WIRE, "probe_centers": []}).finalized()
    T = np.zeros((len(fluxes), len(barriers), 3, 3))
    channels = np.zeros((len(fluxes), len(barriers), 3), int)
    bare = np.zeros(len(fluxes))
    total, done = len(fluxes) * (len(barriers) + 1), 0
    for f, flux in enumerate(fluxes):
        bare[f] = transmission(wire, energy, {"flux": float(flux)}).transmission[1, 0]
        batch = [{"flux": float(flux), "barrier": float(barrier)} for barrier in barriers]
        T[f], channels[f] = transmission(device, energy, batch)
        done += len(barriers) + 1
        if progress is not None:
            progress(done, total)
    return FigureData(T=T, channels=channels, bare=bare, barriers=barriers, fluxes=fluxes, energy=energy)


def floating_probe_data(barrier, flux, *, sweep):
    """Effective transmission and probe voltage of the wire of ``sweep`` at one field.

    With the probe (terminal 2) floating, the effective two-terminal
    transmission is :func:`qtransport.effective_transmission` (both
    directions) and the probe's voltage, left end at ``V`` and right end
    grounded, is :func:`qtransport.probe_voltages` (spin-resolved
    conductance matrix).  ``flux`` and ``barrier`` snap to the nearest values
    of the sweep.

    Parameters
    ----------
    barrier : float
        The probe barrier to mark, in units of ``t``.
    flux : float
        Flux per plaquette, in flux quanta.
    sweep : FigureData
        From :func:`floating_probe_sweep`.

    Returns
    -------
    FigureData
        Against ``sweep.barriers``: ``forward`` and ``backward`` effective
        transmissions, ``direct`` ``T_10`` and ``direct_back`` ``T_01``,
        ``V_probe`` (units of ``V``); ``bare``: the wire without the probe;
        ``index``: the barrier marked.
    """
    f = _nearest(sweep["fluxes"], flux)
    T, channels = sweep["T"][f], sweep["channels"][f]
    G = conductance_matrix(T, channels, spin_degeneracy=1, unit="e^2/h")
    return FigureData(
        forward=effective_transmission(T, 0, 1, [2], channels), backward=effective_transmission(T, 1, 0, [2], channels),
        direct=T[:, 1, 0], direct_back=T[:, 0, 1], V_probe=probe_voltages(G, [2], [1.0, 0.0])[:, 0],
        bare=float(sweep["bare"][f]), index=_nearest(sweep["barriers"], barrier),
    )


# ---------------------------------------------------------------------------
#: Wire, scatterer and probes of :func:`local_probes_sweep`: a 30 x 2 wire, a 2-site bump of
#: height 1 t at x = 14, 15, the left probe centred at x = 8, the right one moved.
LOCAL_LENGTH, LOCAL_WIDTH, LOCAL_LEFT_PROBE = 30, 2, 8
LOCAL_SCATTERER = (14, 16, 1.0)
LOCAL_POSITIONS = np.arange(18, 27)
LOCAL_BARRIERS = np.arange(0.0, 9.0, 1.0)
LOCAL_ENERGIES = (2.0, 2.5)
LOCAL_ARM_LENGTH = 2


def _local_scatterer(x, y):
    start, stop, height = LOCAL_SCATTERER
    return height * ((x >= start) & (x < stop))


def local_probes_sweep(*, positions=LOCAL_POSITIONS, barriers=LOCAL_BARRIERS, energies=LOCAL_ENERGIES,
                       progress=None):
    """Four-terminal and two-terminal resistances of the wire with two local probes.

    Each position of the right probe is one device
    (:func:`qtransport.tb.geometries.wire_with_side_probes`), its barriers
    and energies one call of :func:`qtransport.tb.transmission`; the
    resistances are :func:`qtransport.four_terminal_resistance` of
    :func:`qtransport.conductance_matrix`.

    Parameters
    ----------
    positions : array_like of int, optional
        Centres of the right probe, in sites.
    barriers : array_like, optional
        Potentials of the probes' arms, in units of ``t``.
    energies : array_like, optional
        Fermi energies, in units of ``t``.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    FigureData
        ``R4`` and ``R2``: ``(n_energies, n_barriers, n_positions)`` in
        units of ``R0`` (``R_01,23`` and ``R_01,01``: current from the left
        to the right end, voltage between the probes 2 and 3); ``T_bare``
        ``(n_energies,)``: the wire without probes; ``onsite``: a masked map
        ``(LOCAL_LENGTH, LOCAL_WIDTH + LOCAL_ARM_LENGTH)`` of the potential on
        the wire's sites, in units of ``t``; ``positions``, ``barriers``,
        ``energies``.
    """
    from qtransport.tb import geometries, transmission

    energies, barriers = np.asarray(energies, float), np.asarray(barriers, float)
    shape = (len(energies), len(barriers), len(positions))
    R4, R2 = np.zeros(shape), np.zeros(shape)
    geometry = {"probe_width": 2, "arm_length": LOCAL_ARM_LENGTH, "potential": _local_scatterer}
    total, done = np.prod(shape) + len(energies), len(energies)
    wire = geometries.wire_with_side_probes(LOCAL_LENGTH, LOCAL_WIDTH, probe_centers=[], **geometry).finalized()
    T_bare = transmission(wire, energies, {"flux": 0.0}).transmission[:, 1, 0]
    for p, position in enumerate(positions):
        device = geometries.wire_with_side_probes(LOCAL_LENGTH, LOCAL_WIDTH,
                                                  probe_centers=[LOCAL_LEFT_PROBE, position],
                                                  **geometry).finalized()
        batch = [{"flux": 0.0, "barrier": float(barrier)} for barrier in barriers]
        T, channels = transmission(device, energies, batch)  # (n_barriers, n_energies, 4, 4)
        G = conductance_matrix(T, channels, unit="G0")
        R4[:, :, p] = four_terminal_resistance(G, 0, 1, 2, 3).T
        R2[:, :, p] = four_terminal_resistance(G, 0, 1, 0, 1).T
        done += len(barriers) * len(energies)
        if progress is not None:
            progress(done, total)
    # the box of the wire with its (absent) probe arms, to draw the arms on
    grid = np.zeros((LOCAL_LENGTH, LOCAL_WIDTH + LOCAL_ARM_LENGTH))
    sites = np.zeros(grid.shape, bool)
    x, y = np.rint(wire.positions.T).astype(int)
    grid[x, y] = wire.hamiltonian({"flux": 0.0}).diagonal().real - 4.0  # the potential on each site
    sites[x, y] = True
    return FigureData(R4=R4, R2=R2, T_bare=T_bare, onsite=np.ma.masked_array(grid, ~sites),
                      positions=np.asarray(positions), barriers=barriers, energies=energies)


def local_probes_data(barrier, position, energy, *, sweep):
    """The resistances of ``sweep`` at one probe barrier and energy, and the non-invasive values.

    ``barrier``, ``position`` and ``energy`` snap to the nearest values of
    the sweep; the non-invasive ``(1 - T)/T`` and ``1/T`` are
    :func:`qtransport.four_probe_resistance` and
    :func:`qtransport.two_probe_resistance` of the bare wire's ``T``.

    Parameters
    ----------
    barrier : float
        Probe barrier, in units of ``t``.
    position : float
        Centre of the right probe, in sites.
    energy : float
        Fermi energy, in units of ``t``.
    sweep : FigureData
        From :func:`local_probes_sweep`.

    Returns
    -------
    FigureData
        ``R4``, ``R2`` ``(n_positions,)`` in units of ``R0``; ``p``: the
        index of ``position``; ``R4_ideal``, ``R2_ideal``; ``T``: the bare
        wire's transmission.
    """
    e, b = _nearest(sweep["energies"], energy), _nearest(sweep["barriers"], barrier)
    T = float(sweep["T_bare"][e])
    R4_ideal, R2_ideal = _ideal(T)
    return FigureData(R4=sweep["R4"][e, b], R2=sweep["R2"][e, b], p=_nearest(sweep["positions"], position),
                      R4_ideal=R4_ideal, R2_ideal=R2_ideal, T=T)


# ---------------------------------------------------------------------------
#: Second channel of the two-channel cavity: same contact, levels shifted by a quarter spacing.
SECOND_CHANNEL_OFFSET = np.pi / 2


def charge_relaxation_data(transmission, energy, channels, *, points=401, transmissions=121):
    """Density of states and charge-relaxation resistance of a cavity behind a point contact.

    The density of states per channel is ``(1/2 pi) dphi/dE``
    (:func:`qtransport.cavity_phase_derivative`), in units of ``1/Delta``;
    ``R_q`` is :func:`qtransport.cavity_charge_relaxation_resistance` against
    energy and :func:`qtransport.charge_relaxation_resistance` against the
    contact's transmission, beside the dc resistance ``h/(n e^2 T)``
    (:func:`qtransport.two_probe_resistance`).  Spin-resolved channels
    (``g_s = 1``), level spacing ``Delta = 1``; the second channel's levels are
    shifted by :data:`SECOND_CHANNEL_OFFSET`.

    Parameters
    ----------
    transmission : float
        Transmission of the contact, the same for every channel.
    energy : float
        Fermi energy, in units of ``Delta``.
    channels : int
        1 or 2.
    points : int, optional
        Energies of the curves, on ``[0, 2 Delta]``.
    transmissions : int, optional
        Contact transmissions of the right panel, log-spaced on ``[0.01, 1]``.

    Returns
    -------
    FigureData
        ``E`` ``(points,)`` in units of ``Delta``; ``dos`` ``(channels,
        points)`` in ``1/Delta``; ``Rq_E`` ``(points,)`` kΩ; ``T_grid``
        ``(transmissions,)``; ``Rq_T`` and ``R_dc`` ``(transmissions,)`` kΩ;
        ``Rq_now``: kΩ at ``energy`` and ``transmission``.
    """
    energies = np.linspace(0.0, 2.0, points)
    T_grid = np.geomspace(0.01, 1.0, transmissions)
    options = {"level_spacing": 1.0}
    offsets = [0.0, SECOND_CHANNEL_OFFSET][:channels]
    T = np.full(channels, transmission)
    dos = np.stack([cavity_phase_derivative(energies, transmission=transmission, phase_offset=o, **options)
                    for o in offsets]) / (2 * np.pi)
    Rq_E = cavity_charge_relaxation_resistance(energies, transmissions=T, phase_offsets=offsets,
                                               spin_degeneracy=1, **options)
    # every contact transmission at once: (n_T, channels) phase derivatives
    slopes = cavity_phase_derivative(energy, transmission=T_grid[:, None],
                                     phase_offset=np.asarray(offsets)[None, :], **options)
    Rq_now = cavity_charge_relaxation_resistance(energy, transmissions=T, phase_offsets=offsets,
                                                 spin_degeneracy=1, **options)
    return FigureData(
        E=energies, dos=dos, Rq_E=Rq_E / KOHM, T_grid=T_grid,
        Rq_T=charge_relaxation_resistance(slopes, spin_degeneracy=1) / KOHM,
        R_dc=two_probe_resistance(T_grid, spin_degeneracy=1) / KOHM / channels, Rq_now=float(Rq_now) / KOHM,
    )
