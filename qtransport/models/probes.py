"""Devices with voltage probes, built from scattering matrices (course chapters 4 and 5).

A probe is a third (and fourth) terminal attached to a one-channel wire by a
junction of coupling ``epsilon``: a *directional* junction
(:func:`qtransport.smatrix.directional_probe_smatrix`, two probe channels,
one sensing each direction of motion: pure phase breaking) or a *beam
splitter* (:func:`qtransport.smatrix.beam_splitter_smatrix`, one probe
channel, which also reflects).  The devices are networks of these junctions
and barriers (:func:`qtransport.smatrix.network_smatrix`); each function
returns the transmission matrix ``T[i, j]`` (from terminal ``j`` into ``i``)
of its terminals, for Büttiker's formula in :mod:`qtransport.multiterminal`.

How many channels each terminal has, and how strong a junction can be, are
given by :data:`PROBE_CHANNELS` and :data:`MAX_COUPLING`, so that a caller
never restates them.
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import as_real_array, check_choice, check_probability, check_sequence
from qtransport.multiterminal import effective_transmission, transmissions_from_smatrix
from qtransport.smatrix import (
    barrier_smatrix,
    beam_splitter_smatrix,
    directional_probe_smatrix,
    network_smatrix,
)

__all__ = [
    "PROBE_MODELS",
    "PROBE_CHANNELS",
    "MAX_COUPLING",
    "double_barrier_probe_transmissions",
    "double_barrier_with_probe",
    "wire_with_two_probes",
]

#: The two junction models of a probe.
PROBE_MODELS = ("directional", "beam_splitter")
#: Channels of each terminal of :func:`wire_with_two_probes` (left lead, probe 1,
#: probe 2, right lead), by junction model: a directional probe has two channels.
PROBE_CHANNELS = {"directional": (1, 2, 2, 1), "beam_splitter": (1, 1, 1, 1)}
#: The largest coupling ``epsilon`` of each junction model: 1 for a directional
#: junction, 1/2 for a beam splitter (beyond it the junction's S-matrix is not unitary).
MAX_COUPLING = {"directional": 1.0, "beam_splitter": 0.5}


def _check_probe_model(probe):
    return check_choice(probe, "probe", PROBE_MODELS)


def double_barrier_probe_transmissions(T1, T2, phi, coupling, *, probe="directional"):
    """Full transmission matrix of a double barrier with a dephasing probe between.

    The barriers are :func:`qtransport.smatrix.barrier_smatrix` (real
    reflection amplitudes ``sqrt(R)``), so ``phi`` is
    the round-trip phase between them (resonance at ``phi = 0 mod 2 pi``);
    the probe junction sits in the middle (one-way phase ``phi/4`` on each
    side).

    Parameters
    ----------
    T1, T2 : array_like
        Barrier transmissions in [0, 1].
    phi : array_like
        Round-trip phase (radians).
    coupling : array_like
        Probe coupling: ``epsilon`` in [0, 1] for ``'directional'``, in
        [0, 1/2] for ``'beam_splitter'``.  All broadcast together.
    probe : {'directional', 'beam_splitter'}, optional
        ``'directional'``: two single-channel probes, A absorbing and
        re-emitting right-movers, B left-movers
        (:func:`qtransport.smatrix.directional_probe_smatrix`): pure phase breaking.
        ``'beam_splitter'``: one single-channel probe through Büttiker's
        junction (:func:`qtransport.smatrix.beam_splitter_smatrix`), which also relaxes momentum.

    Returns
    -------
    ndarray, shape (..., 4, 4) or (..., 3, 3)
        ``T[i, j]`` in terminal order (left, right, A, B) or (left, right,
        probe).

    References
    ----------
    M. Büttiker, Phys. Rev. B 33, 3020 (1986); course chapter 4.

    Examples
    --------
    >>> T = double_barrier_probe_transmissions(0.5, 0.5, 0.0, 0.2)
    >>> T.shape
    (4, 4)
    >>> np.allclose(T.sum(axis=0), 1.0) and np.allclose(T.sum(axis=1), 1.0)
    True
    """
    _check_probe_model(probe)
    T1 = check_probability(T1, "T1")
    T2 = check_probability(T2, "T2")
    phi = as_real_array(phi, "phi")
    if probe == "directional":
        J = directional_probe_smatrix(coupling)
        # ports: 0 L | 1 inner of barrier 1 | 2 w_left, 3 w_right, 4 A, 5 B | 6 inner, 7 R
        S = network_smatrix(
            [barrier_smatrix(T1), J, barrier_smatrix(T2)],
            [(1, 2), (3, 6)],
            phases=[phi / 4, phi / 4],
        )
        # external order: 0 (L), 4 (A), 5 (B), 7 (R) -> reorder to L, R, A, B
        order = [0, 3, 1, 2]
    else:
        J = beam_splitter_smatrix(coupling)
        # ports: 0 L | 1 inner | 2 probe, 3 w_left, 4 w_right | 5 inner, 6 R
        S = network_smatrix(
            [barrier_smatrix(T1), J, barrier_smatrix(T2)],
            [(1, 3), (4, 5)],
            phases=[phi / 4, phi / 4],
        )
        order = [0, 2, 1]  # external: 0 (L), 2 (probe), 6 (R) -> L, R, probe
    S = S[..., order, :][..., :, order]
    return np.abs(S) ** 2


def double_barrier_with_probe(T1, T2, phi, coupling, *, probe="directional"):
    """Two-terminal transmission of a double barrier dephased by a floating probe.

    Builds the multi-terminal scattering matrix of barrier 1, a probe
    junction and barrier 2 (:func:`double_barrier_probe_transmissions`),
    lets the probe terminals float and returns the effective two-terminal
    transmission (:func:`qtransport.multiterminal.effective_transmission`).  The coupling tunes a
    continuous crossover:

    * ``coupling = 0``: the coherent Fabry-Perot result
      ``T1 T2 / (1 + R1 R2 - 2 sqrt(R1 R2) cos phi)`` (both models);
    * ``probe='directional'``, ``coupling = 1``: every electron is absorbed
      and re-emitted in its direction of motion, all phase memory is lost and
      the result is the Ohmic series value ``T1 T2 / (T1 + T2 - T1 T2)``
      for every ``phi``.  For any coupling, the average over ``phi`` keeps
      that same value: dephasing flattens the resonances without changing
      the mean transmission;
    * ``probe='beam_splitter'`` cannot dephase fully: at its strongest
      coupling (1/2) a quarter of the flux still crosses the junction
      coherently, so the result keeps depending on ``phi``, and because the
      probe also turns electrons around it adds resistance (the average over
      ``phi`` drops below the Ohmic value as the coupling grows).

    Parameters
    ----------
    T1, T2 : array_like
        Barrier transmissions in [0, 1].
    phi : array_like
        Round-trip phase between the barriers (radians).
    coupling : array_like
        Probe coupling (see :func:`double_barrier_probe_transmissions`).
        All four broadcast together (e.g. ``phi[:, None]`` against
        ``coupling[None, :]``).
    probe : {'directional', 'beam_splitter'}, optional
        The probe model (default ``'directional'``).

    Returns
    -------
    float or ndarray
        Effective transmission (dimensionless, in [0, 1]), broadcast shape.

    References
    ----------
    M. Büttiker, "Coherent and sequential tunneling in series barriers",
    IBM J. Res. Dev. 32, 63 (1988).  Course chapter 4.

    Examples
    --------
    >>> round(float(double_barrier_with_probe(0.3, 0.5, 0.0, 0.0)), 6)  # coherent, on resonance
    0.899367
    >>> round(float(double_barrier_with_probe(0.3, 0.5, 0.0, 1.0)), 6)  # 0.15 / 0.65
    0.230769
    """
    T = double_barrier_probe_transmissions(T1, T2, phi, coupling, probe=probe)
    return effective_transmission(T, 0, 1)


def wire_with_two_probes(transmission, *, coupling, phases=(0.0, 0.0), probe="directional"):
    """Four-terminal device: a single-channel wire with a scatterer between two voltage probes.

    Terminal order along the wire: 0 = left lead, 1 = left probe, 2 = right
    probe, 3 = right lead.  The scatterer (transmission ``T``, real
    reflection amplitude) sits between the probe junctions; ``phases`` are
    the one-way phases from the left junction to the scatterer and from the
    scatterer to the right junction.

    The four-probe resistance ``four_terminal_resistance(G, 0, 3, 1, 2)``
    tends to ``(h/2e^2)(1 - T)/T`` as the coupling goes to zero for the
    ``'directional'`` probes (each probe terminal has two channels, one
    sensing each direction of motion), whatever the phases.  The
    ``'beam_splitter'`` probe senses the local interference pattern, so its
    weak-coupling result depends on the phases; averaging its transmission
    matrix over the phases recovers the same formula.  At finite coupling the
    probes are invasive and the result departs from the formula.

    Parameters
    ----------
    transmission : array_like
        ``T`` of the scatterer, in [0, 1].
    coupling : array_like
        Probe coupling ``epsilon`` ([0, 1] directional, [0, 1/2] beam
        splitter), the same for both probes.
    phases : pair of array_like, optional
        One-way phases (radians) probe 1 -> scatterer and scatterer -> probe 2.
    probe : {'directional', 'beam_splitter'}, optional
        Junction model (see :func:`qtransport.smatrix.directional_probe_smatrix` and
        :func:`qtransport.smatrix.beam_splitter_smatrix`).

    Returns
    -------
    ndarray, shape (..., 4, 4)
        ``T[i, j]`` with channels (1, 2, 2, 1) for directional probes and
        (1, 1, 1, 1) for beam splitters.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986); course chapter 5.

    Examples
    --------
    >>> from qtransport import R0, conductance_matrix, four_terminal_resistance
    >>> T = wire_with_two_probes(0.25, coupling=1e-6)
    >>> G = conductance_matrix(T)
    >>> round(float(four_terminal_resistance(G, 0, 3, 1, 2) / R0), 4)  # (1 - T) / T
    3.0
    """
    _check_probe_model(probe)
    Tb = check_probability(transmission, "transmission")
    if len(check_sequence(phases, "phases", example="(0.0, 0.5)")) != 2:
        raise ValueError(f"`phases` must be a pair (left, right), got {phases!r}.")
    ph1 = as_real_array(phases[0], "phases[0]")
    ph2 = as_real_array(phases[1], "phases[1]")
    if probe == "directional":
        J = directional_probe_smatrix(coupling)
        # ports: J1: 0 wl, 1 wr, 2 A, 3 B | barrier: 4, 5 | J2: 6 wl, 7 wr, 8 A, 9 B
        S = network_smatrix([J, barrier_smatrix(Tb), J], [(1, 4), (5, 6)], phases=[ph1, ph2])
        # external: 0 (L), 2, 3 (probe 1), 7 (R), 8, 9 (probe 2)
        order = [0, 1, 2, 4, 5, 3]  # -> L, P1a, P1b, P2a, P2b, R
        channels = PROBE_CHANNELS["directional"]
    else:
        J = beam_splitter_smatrix(coupling)
        # ports: J1: 0 probe, 1 wl, 2 wr | barrier: 3, 4 | J2: 5 probe, 6 wl, 7 wr
        S = network_smatrix([J, barrier_smatrix(Tb), J], [(2, 3), (4, 6)], phases=[ph1, ph2])
        # external: 0 (P1), 1 (L), 5 (P2), 7 (R)
        order = [1, 0, 2, 3]
        channels = PROBE_CHANNELS["beam_splitter"]
    S = S[..., order, :][..., :, order]
    return transmissions_from_smatrix(S, channels)
