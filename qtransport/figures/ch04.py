"""Data of the figures of chapter 4: coherence, resonance and dephasing.

* :func:`fabry_perot_data`: two barriers in series, the coherent
  transmission against the round-trip phase, its phase average and the
  four-probe resistances ``(1 - T)/T``;
* :func:`resonant_tunneling_data`: two single-site barriers on a
  tight-binding chain, the transmission against energy by the recursive
  Green's function, its thermal average and the incoherent series value;
* :func:`dephasing_probe_data`: Büttiker's voltage probe between two
  barriers, the effective transmission against phase and coupling.

Tight-binding energies are in units of the hopping ``t`` (chain band
``[0, 4t]``); phases in radians; resistances in units of ``R0 = h/2e^2``.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import G0, R0
from qtransport.figures._data import FigureData
from qtransport.landauer import landauer_conductance
from qtransport.lattice.leads import chain_self_energy
from qtransport.lattice.rgf import rgf_transmission
from qtransport.models.probes import MAX_COUPLING, double_barrier_with_probe
from qtransport.multiterminal import four_probe_resistance
from qtransport.smatrix import fabry_perot_average, fabry_perot_transmission

__all__ = ["fabry_perot_data", "resonant_tunneling_data", "dephasing_probe_data", "chain_grid"]

#: Points of the periodic trapezoid rule of the Fabry-Pérot phase average.  The
#: integrand is the Poisson kernel ``T1 T2 / ((1 - s)^2 + 4 s sin^2(phi/2))``: the
#: rule's error is of order ``s^N`` with ``s = sqrt(R1 R2) <= 0.99`` here, far below
#: round-off.
PHASE_POINTS = 4096


def _periodic_nodes(n):
    """``n`` equally spaced phases on ``[0, 2 pi)``: a periodic trapezoid rule."""
    return 2.0 * np.pi * np.arange(n) / n


def fabry_perot_data(T1, T2, phase, *, points=801, phase_points=PHASE_POINTS):
    """Coherent transmission of two barriers in series, its phase average and ``(1 - T)/T``.

    The transmission against the round-trip phase is
    :func:`qtransport.fabry_perot_transmission`; its average over the phase
    is computed twice, by a periodic trapezoid rule of ``phase_points``
    nodes and by the closed form ``T1 T2 / (T1 + T2 - T1 T2)``
    (:func:`qtransport.fabry_perot_average`).  The four-probe resistances
    ``(1 - T)/T`` are :func:`qtransport.four_probe_resistance` over ``R0``.

    Parameters
    ----------
    T1, T2 : float
        Transmissions of the two barriers (0 < T <= 1).
    phase : float
        Round-trip phase ``phi`` to mark, in radians.
    points : int, optional
        Phases of the curve, on ``[0, 4 pi]``.
    phase_points : int, optional
        Nodes of the quadrature of the phase average.

    Returns
    -------
    FigureData
        ``phi`` ``(points,)`` rad and ``T`` ``(points,)``: the curve;
        ``T_now``: ``T`` at ``phase``; ``quadrature`` and ``closed``: the
        phase average two ways; ``peak``: ``T`` at ``phi = 0``; ``r1``,
        ``r2``, ``r_now``, ``r_avg``: ``(1 - T)/T`` in units of ``R0`` of
        each barrier, of the pair at ``phase`` and of the averaged pair.

    Examples
    --------
    >>> data = fabry_perot_data(0.5, 0.5, 0.0)
    >>> round(data.closed, 12), round(data.peak, 12)
    (0.333333333333, 1.0)
    """
    phi = np.linspace(0.0, 4.0 * np.pi, points)
    T_now = float(fabry_perot_transmission(T1, T2, phase))
    closed = float(fabry_perot_average(T1, T2))
    resistances = four_probe_resistance(np.array([T1, T2, T_now, closed])) / R0
    return FigureData(
        phi=phi, T=fabry_perot_transmission(T1, T2, phi), T_now=T_now,
        quadrature=float(np.mean(fabry_perot_transmission(T1, T2, _periodic_nodes(phase_points)))),
        closed=closed, peak=float(fabry_perot_transmission(T1, T2, 0.0)),
        r1=resistances[0], r2=resistances[1], r_now=resistances[2], r_avg=resistances[3],
    )


def chain_grid(*, points=1026):
    """The energy grid of :func:`resonant_tunneling_data`, in units of ``t``.

    It covers the chain's band ``[0, 4t]`` with a margin (the transmission is
    exactly 0 at both ends), spacing about ``0.004 t`` for 1026 points (below
    the smallest ``k_BT`` offered), shifted by ``1.7e-5 t`` off the band edges.
    """
    return np.linspace(-0.05, 4.05, points) + 1.7e-5


def _chain_transmission(energies, potential):
    """Transmission of a chain with on-site ``2t + V_x`` between two clean chains.

    One recursive-Green's-function sweep over all energies at once
    (:func:`qtransport.lattice.rgf.rgf_transmission`, leads in closed form by
    :func:`qtransport.lattice.leads.chain_self_energy`): the same system as
    ``qtransport.tb.geometries.chain(len(potential), potential=potential)``.
    """
    sigma = chain_self_energy(energies)[:, None, None]
    return rgf_transmission(energies, np.array([[2.0]]), np.array([-1.0]),
                            np.asarray(potential, dtype=float)[:, None], sigma, sigma)


def resonant_tunneling_data(U1, U2, d, kT, *, points=1026, mu_stride=5, margin=6):
    """Two single-site barriers on a chain: ``T(E)``, its thermal average and the Ohmic value.

    The chain has ``d + 1`` sites, barriers ``U1`` and ``U2`` on its first and
    last; the transmission comes from one recursive-Green's-function sweep over
    the energy grid (:func:`chain_grid`; the same numbers as
    :func:`qtransport.tb.transmission` on
    :func:`qtransport.tb.geometries.chain`).  The conductance ``G/G0`` at
    ``kT`` is :func:`qtransport.landauer_conductance` on the sampled ``T``
    at every ``mu_stride``-th grid energy inside ``(0.02, 3.98)``; at
    ``kT = 0`` it is ``T`` itself.  The incoherent combination is
    :func:`qtransport.fabry_perot_average` of the two barriers' own
    transmissions.

    Parameters
    ----------
    U1, U2 : float
        Barrier heights, in units of ``t``.
    d : int
        Distance between the barriers, in sites (>= 1).
    kT : float
        Thermal energy, in units of ``t`` (>= 0).
    points : int, optional
        Energies of the grid.
    mu_stride : int, optional
        Every how many grid energies a chemical potential of the warm curve.
    margin : int, optional
        Sites of clean chain drawn on each side of the barriers.

    Returns
    -------
    FigureData
        ``E`` ``(points,)`` and ``T`` ``(points,)``: the coherent
        transmission; ``ohm`` ``(points,)``: the incoherent series value;
        ``E_G`` and ``G``: chemical potentials (units of ``t``) and ``G/G0``;
        ``sites`` ``(d + 1 + 2 margin,)`` and ``profile``: the potential
        along the chain, in units of ``t``.

    Examples
    --------
    >>> data = resonant_tunneling_data(1.5, 1.5, 16, 0.0)
    >>> bool(data.T.max() > 0.99)  # equal barriers: resonances reach 1
    True
    """
    grid = chain_grid(points=points)
    potential = np.zeros(d + 1)
    potential[0], potential[-1] = U1, U2
    T = _chain_transmission(grid, potential)
    sites = np.arange(-margin, d + 1 + margin)
    profile = np.zeros(sites.size)
    profile[margin : margin + d + 1] = potential
    if kT > 0:
        mu = grid[(grid > 0.02) & (grid < 3.98)][::mu_stride]
        E, G = mu, landauer_conductance(T, energies=grid, mu=mu, kT=kT) / G0
    else:
        E, G = grid, T
    barriers = _chain_transmission(grid, [U1]), _chain_transmission(grid, [U2])
    return FigureData(E=grid, T=T, ohm=fabry_perot_average(*barriers), E_G=E, G=G,
                      sites=sites, profile=profile)


def dephasing_probe_data(T1, T2, coupling, model, *, points=601, couplings=17,
                         curve_nodes=96, average_nodes=512):
    """A floating voltage probe between two barriers: ``T_eff`` against phase and coupling.

    The effective two-terminal transmission is
    :func:`qtransport.double_barrier_with_probe` with the probe ``model``
    coupled at ``epsilon = coupling * MAX_COUPLING[model]``
    (:data:`qtransport.models.probes.MAX_COUPLING`: 1 for the directional
    probe, 1/2 for the beam splitter).  Beside it: the coherent Fabry-Pérot
    transmission (:func:`qtransport.fabry_perot_transmission`), the Ohmic
    value (:func:`qtransport.fabry_perot_average`) and, against the coupling,
    ``T_eff`` on resonance (``phi = 0``), off resonance (``phi = pi``) and
    averaged over ``phi`` (periodic trapezoid rules: ``curve_nodes`` nodes
    for the curve, error ~ ``0.9^N`` for ``T1, T2 >= 0.1``; ``average_nodes``
    for the number at the chosen coupling).

    Parameters
    ----------
    T1, T2 : float
        Transmissions of the two barriers (0 < T <= 1).
    coupling : float
        The probe's coupling as a fraction of its largest, in ``[0, 1]``.
    model : str
        The probe model, a key of :data:`~qtransport.models.probes.MAX_COUPLING`.
    points : int, optional
        Phases of the curve, on ``[0, 4 pi]``.
    couplings : int, optional
        Couplings of the sweep, from 0 to the largest.
    curve_nodes, average_nodes : int, optional
        Nodes of the two phase averages.

    Returns
    -------
    FigureData
        ``phi`` ``(points,)`` rad, ``T`` and ``coherent`` ``(points,)``;
        ``ohm``: the Ohmic value; ``eps`` ``(couplings,)``: couplings, and
        ``on``, ``off``, ``avg`` ``(couplings,)`` against them; ``eps_now``:
        the chosen coupling, with ``on_now``, ``off_now``, ``avg_now``.

    Examples
    --------
    >>> data = dephasing_probe_data(0.2, 0.5, 1.0, "directional")
    >>> round(data.avg_now - data.ohm, 12)  # full dephasing: Ohm's law
    0.0
    """
    if model not in MAX_COUPLING:
        raise ValueError(f"`model` must be one of {sorted(MAX_COUPLING)}, got {model!r}.")
    largest = MAX_COUPLING[model]
    phi = np.linspace(0.0, 4.0 * np.pi, points)
    eps = np.linspace(0.0, 1.0, couplings) * largest
    eps_now = coupling * largest

    def t_eff(phases, eps_):
        return double_barrier_with_probe(T1, T2, phases, eps_, probe=model)

    now = t_eff(np.array([0.0, np.pi]), eps_now)
    return FigureData(
        phi=phi, T=t_eff(phi, eps_now), coherent=fabry_perot_transmission(T1, T2, phi),
        ohm=float(fabry_perot_average(T1, T2)), eps=eps, on=t_eff(0.0, eps), off=t_eff(np.pi, eps),
        avg=np.mean(t_eff(_periodic_nodes(curve_nodes)[:, None], eps[None, :]), axis=0),
        eps_now=eps_now, on_now=float(now[0]), off_now=float(now[1]),
        avg_now=float(np.mean(t_eff(_periodic_nodes(average_nodes), eps_now))),
    )
