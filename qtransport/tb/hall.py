r"""The integer quantum Hall effect on the square lattice: Landau levels, edge states, Hall bars.

Lattice units of :mod:`qtransport.tb.geometries`: ``t = 1``, ``a = 1``,
on-site energy 4, so the band bottom is at 0 and, near it, the effective mass is
:math:`m^* = \hbar^2 / (2 t a^2)`.  The field is the flux per plaquette
:math:`\phi = B a^2/\Phi_0` in flux quanta, the named parameter ``flux`` of
the geometries.  Near the band bottom the levels are those of a free
electron in a field,

.. math:: E_n \approx \hbar\omega_c (n + \tfrac12), \qquad
          \hbar\omega_c = \frac{\hbar e B}{m^*} = 4\pi\phi\, t, \qquad
          \ell_B = \sqrt{\hbar / eB} = \frac{a}{\sqrt{2\pi\phi}},

up to corrections of relative order :math:`\phi` from the lattice (Hofstadter
1976).  In a strip the levels bend up at the edges, where they carry the
chiral edge channels; for electrons in a field along ``+z`` (``flux > 0``,
the sign convention of :func:`qtransport.tb.peierls`: the phases add up to
:math:`-2\pi\phi` around a plaquette traversed counter-clockwise) they run
clockwise around a sample: along ``-x`` at the bottom edge, along ``+x`` at
the top.

The strip of :func:`strip_bands` and :func:`edge_states` is the lead of a
one-column system in the Landau gauge :math:`\mathbf A = (-By, 0)`, its
bands from :func:`qtransport.tb.lead_bands` and its propagating states from
the lead modes (:func:`qtransport.lattice.leads.lead_modes`); the Hall bar
is :func:`qtransport.tb.geometries.hall_bar`, solved by
:func:`qtransport.tb.transmission` for all fields of a sweep at once.

References
----------
B. I. Halperin, Phys. Rev. B 25, 2185 (1982): edge states.  M. Büttiker, Phys.
Rev. B 38, 9375 (1988): the quantum Hall effect as edge-channel transport in
the multi-terminal formula.  D. R. Hofstadter, Phys. Rev. B 14, 2239 (1976).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from qtransport._threads import single_threaded_blas
from qtransport._validation import as_real_array, check_integer, check_progress, check_scalar
from qtransport.lattice.leads import lead_modes, lead_open_channels
from qtransport.tb import geometries
from qtransport.tb.builder import FiniteSystem
from qtransport.tb.solvers import (
    _bond_density,
    bond_currents,
    lead_bands,
    transmission,
)

__all__ = [
    "cyclotron_energy",
    "magnetic_length",
    "strip_hamiltonian",
    "strip_bands",
    "EdgeStates",
    "edge_states",
    "HallResistances",
    "hall_bar_resistances",
    "hall_bar_sweep",
    "site_current_density",
]


def cyclotron_energy(flux):
    r"""Cyclotron energy :math:`\hbar\omega_c = 4\pi|\phi|\,t` of the square lattice near its band bottom.

    Near the band bottom the lattice has the effective mass
    :math:`m = \hbar^2 / 2ta^2`, so :math:`\hbar\omega_c = \hbar e|B|/m
    = 4\pi|\phi|\,t` with :math:`\phi = Ba^2/(h/e)`.

    Parameters
    ----------
    flux : float or array_like
        Flux per plaquette (flux quanta); its sign (the field direction) does not matter.

    Returns
    -------
    float or ndarray
        :math:`\hbar\omega_c` in units of ``t``; the Landau levels lie near
        :math:`\hbar\omega_c (n + 1/2)` while that is well below the band centre.

    Examples
    --------
    >>> round(cyclotron_energy(0.01), 6)
    0.125664
    """
    flux = as_real_array(flux, "flux")
    energy = 4 * np.pi * np.abs(flux)  # the sign of the field does not matter
    return float(energy) if flux.ndim == 0 else energy


def magnetic_length(flux):
    r"""Magnetic length :math:`\ell_B = a / \sqrt{2\pi |\phi|}` in lattice constants.

    It is :math:`\sqrt{\hbar / e|B|}` with the flux per plaquette
    :math:`\phi = B a^2 / (h/e)`; the lowest Landau level's wave function has
    a width of about :math:`\ell_B`, so edge channels need strips several
    :math:`\ell_B` wide.

    Parameters
    ----------
    flux : float or array_like
        Flux per plaquette (flux quanta), nonzero; its sign does not matter.

    Returns
    -------
    float or ndarray
        :math:`\ell_B` in lattice constants ``a``, shape of ``flux``.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 4; course chapter 6.

    Examples
    --------
    >>> round(magnetic_length(0.01), 4)
    3.9894
    """
    flux = as_real_array(flux, "flux")
    if np.any(flux == 0):
        raise ValueError("`flux` must be nonzero: without a field the magnetic length is infinite.")
    length = 1 / np.sqrt(2 * np.pi * np.abs(flux))
    return float(length) if flux.ndim == 0 else length


# --------------------------------------------------------------------------
# A strip in a field: the lead of a one-column system
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _strip_system(width, potential):
    """One column ``x = 0``, ``y = start ... start + width - 1`` with one lead along ``+x`` (lead 0)."""
    start = -((width - 1) // 2)

    def column(x, y):
        return (x == 0) & (y >= start) & (y < start + width)

    return geometries.square_device(column, [("+x", start, width)], start=(0, start), onsite=4.0 + potential).finalized()


MAX_WIDTH = 10_000
"""The widest strip :func:`strip_bands` and :func:`edge_states` take (sites)."""


def _strip(width, flux, potential):
    width = check_integer(width, "width", minimum=1)
    if width > MAX_WIDTH:
        raise ValueError(f"`width` = {width} is more than {MAX_WIDTH} sites: the bands of so wide a strip are "
                         "the Landau levels of the plane; give a narrower strip")
    flux = check_scalar(flux, "flux")
    potential = check_scalar(potential, "potential")
    return _strip_system(width, potential), {"flux": flux}


def strip_hamiltonian(width, flux, k, *, potential=0.0):
    r"""Bloch Hamiltonian of a strip along ``x`` in a perpendicular field.

    The strip is the unit cell of a lead along ``x`` (Landau gauge
    :math:`\mathbf A = (-By, 0)`), with ``y`` measured from the middle of the
    strip (``y = -(width - 1) // 2, ...``):

    .. math:: H(k)_{yy'} = \left[4 + V - 2\cos(k - 2\pi\phi y)\right]\delta_{yy'}
              - \delta_{|y - y'|, 1}.

    A state at ``k`` is centred near the guiding centre :math:`y = k / (2\pi\phi)`.

    Parameters
    ----------
    width : int
        Number of sites across the strip.
    flux : float
        Flux per plaquette (flux quanta).
    k : float or array_like, shape (...)
        Wave number along the strip (1/a).
    potential : float
        Constant potential (units of ``t``).

    Returns
    -------
    ndarray, shape (..., width, width)
        Hermitian matrices (units of ``t``), rows and columns ordered by increasing ``y``.

    Examples
    --------
    >>> np.round(strip_hamiltonian(2, 0.0, 0.0).real, 3)
    array([[ 2., -1.],
           [-1.,  2.]])
    """
    fsys, params = _strip(width, flux, potential)
    k = as_real_array(k, "k")
    h_cell, h_hop = fsys.leads[0].hamiltonian(params)
    phase = np.exp(-1j * k)[..., None, None]
    return h_cell + h_hop * phase + h_hop.conj().T * phase.conj()


def strip_bands(width, flux, k, *, potential=0.0):
    r"""Band structure :math:`E_n(k)` of a strip in a perpendicular field (Landau levels and edge states).

    Eigenvalues of :func:`strip_hamiltonian`, from :func:`qtransport.tb.lead_bands`.
    For a wide strip (``width`` >> :math:`\ell_B`) and small flux, the bands
    are flat at :math:`E_n \approx 4\pi\phi(n + 1/2)` while the guiding centre
    :math:`k/(2\pi\phi)` lies inside the strip, and rise at the edges.

    Parameters
    ----------
    width : int
        Number of sites across the strip.
    flux : float
        Flux per plaquette (flux quanta).
    k : float or array_like, shape (...)
        Wave numbers (1/a); the bands are ``2 pi`` periodic.
    potential : float
        Constant potential (units of ``t``).

    Returns
    -------
    ndarray, shape (..., width)
        Band energies in increasing order (units of ``t``).

    Examples
    --------
    Without a field, the subbands of a hard-wall strip:
    :math:`2(1 - \cos k) + 2(1 - \cos(n\pi/(W+1)))`.

    >>> np.round(strip_bands(3, 0.0, 0.0), 6)
    array([0.585786, 2.      , 3.414214])

    In a field the lowest level sits near :math:`2\pi\phi`:

    >>> round(float(strip_bands(120, 0.005, 0.0)[0]), 4)
    0.0313
    """
    fsys, params = _strip(width, flux, potential)
    k = as_real_array(k, "k")
    with single_threaded_blas():  # a stack of small matrices: see qtransport.lattice._parallel
        bands = lead_bands(fsys, 0, k.reshape(-1), params)
    return bands.reshape(k.shape + (bands.shape[-1],))


class EdgeStates(NamedTuple):
    """Propagating states of a strip at one energy (see :func:`edge_states`).

    Attributes
    ----------
    k : ndarray, shape (n,)
        Wave numbers (1/a) in ``(-pi, pi]``.
    velocity : ndarray, shape (n,)
        Group velocities :math:`dE/dk` (units of ``t a / hbar``).
    position : ndarray, shape (n,)
        Mean transverse position :math:`\\langle y \\rangle` (sites, from the
        middle of the strip).
    density : ndarray, shape (n, width)
        Probability density of each state across the strip (increasing ``y``).
    """

    k: np.ndarray
    velocity: np.ndarray
    position: np.ndarray
    density: np.ndarray


def edge_states(width, flux, energy, *, potential=0.0):
    r"""All propagating states of a strip at one energy: wave number, velocity, position.

    The states are the Bloch solutions :math:`\psi_j = e^{ikj}\varphi` of the
    strip with real ``k`` at energy ``E``: the propagating modes of the lead
    of :func:`strip_bands` (unit-modulus eigenvalues of its transfer matrix,
    :func:`~qtransport.lattice.leads.lead_modes`); each satisfies
    :math:`E_n(k) = E` for one band.  The velocity is
    :math:`v = \langle\varphi|\partial H/\partial k|\varphi\rangle
    = 2\,\mathrm{Im}(e^{-ik}\varphi^\dagger h_\mathrm{hop}\varphi)` (Hellmann-Feynman).
    In a quantum Hall strip at a Fermi energy between Landau levels, the
    states with :math:`v > 0` all sit at the top edge and those with
    :math:`v < 0` at the bottom (``flux > 0``): chiral edge channels, one pair
    per filled level, running clockwise around the sample.

    Parameters
    ----------
    width : int
        Number of sites across the strip.
    flux : float
        Flux per plaquette (flux quanta).
    energy : float
        Energy (units of ``t``), not exactly at a band edge.
    potential : float
        Constant potential (units of ``t``).

    Returns
    -------
    EdgeStates
        Sorted by velocity (left-movers first).

    Examples
    --------
    One filled Landau level: one left-mover on the bottom edge, one
    right-mover on the top edge (field along ``+z``, electrons).

    >>> states = edge_states(40, 0.02, 0.25)
    >>> np.sign(states.velocity), np.sign(states.position)
    (array([-1.,  1.]), array([-1.,  1.]))
    """
    fsys, params = _strip(width, flux, potential)
    energy = check_scalar(energy, "energy")
    lead = fsys.leads[0]
    h_cell, h_hop = lead.hamiltonian(params)
    modes = lead_modes(h_cell, h_hop, energy)
    lam = np.concatenate([modes.lambda_out, modes.lambda_in])
    phi = np.concatenate([modes.outgoing, modes.incoming], axis=1)
    phi = phi / np.linalg.norm(phi, axis=0)
    velocity = 2 * np.imag(lam.conj() * np.sum(phi.conj() * (h_hop @ phi), axis=0))
    density = np.abs(phi.T) ** 2
    position = density @ fsys.positions[lead.interface, 1]
    order = np.argsort(velocity, kind="stable")
    return EdgeStates(np.angle(lam)[order], velocity[order], position[order], density[order])


# --------------------------------------------------------------------------
# Hall bar observables, from the multi-terminal formula
# --------------------------------------------------------------------------


class HallResistances(NamedTuple):
    """Hall and longitudinal resistance of a six-terminal Hall bar at one field and energy.

    Attributes
    ----------
    r_xy : float or ndarray
        Hall resistance in units of ``h/e^2`` (spin-resolved channels), defined and
        signed as in :func:`qtransport.multiterminal.hall_resistance` (``position='left'``).
    r_xx : float or ndarray
        Longitudinal resistance :math:`(V_1 - V_2)/I`, units of ``h/e^2``.
    nu : int or ndarray
        Number of open channels of the current leads: the filling factor on a
        quantum Hall plateau.
    """

    r_xy: np.ndarray
    r_xx: np.ndarray
    nu: np.ndarray


def _bar(length, width, probe_width, potential, disorder, rng):
    if potential is None:
        raise TypeError("`potential` must be a number, an array (length, width) or a function V(x, y); "
                        "give 0.0 for none")
    return geometries.hall_bar(length, width, probe_width=probe_width, n_probes=4, potential=potential,
                               disorder=disorder, rng=rng).finalized()


def _resistances(t, channels, flux, energy):
    from qtransport.multiterminal import (
        conductance_matrix,
        hall_resistance,
        longitudinal_resistance,
    )

    closed = [k for k, n in enumerate(channels) if n == 0]
    if closed:
        raise ValueError(
            f"At `energy` = {energy} (flux {flux}) terminal(s) {closed} of the Hall bar "
            "have no open channel, so the four-terminal resistances are undefined: choose an "
            "energy inside the band, above the lowest Landau level (see cyclotron_energy)."
        )
    g = conductance_matrix(t, channels, spin_degeneracy=1, unit="e^2/h")
    try:
        r_xy, r_xx = float(hall_resistance(g, position="left")), float(longitudinal_resistance(g))
    except ValueError as err:  # a terminal cut off from the others: no voltage can be defined
        raise ValueError(
            f"At `energy` = {energy} (flux {flux}) some terminal of the Hall bar is cut off from the others "
            f"(the `potential` or `disorder` blocks every path to it), so the resistances are undefined: {err}"
        ) from None
    return r_xy, r_xx, int(channels[0])


def hall_bar_resistances(flux, energy, *, length=60, width=20, probe_width=6, potential=0.0,
                         disorder=0.0, rng=None):
    r"""Hall and longitudinal resistance of a lattice Hall bar, from all its transmissions.

    Builds :func:`qtransport.tb.geometries.hall_bar` (six terminals: 0 =
    source, 1 = lower-left, 2 = lower-right, 3 = drain, 4 = upper-right,
    5 = upper-left), computes ``T[i, j]`` (:func:`qtransport.tb.transmission`)
    and the conductance matrix
    :math:`G_{ij} = (e^2/h)(N_i\delta_{ij} - T_{ij})` of spin-resolved channels,
    drives a current from 0 to 3 with the probes floating, and reads the Hall
    resistance :math:`R_{xy}` (sign convention: :func:`qtransport.multiterminal.hall_resistance`)
    and :math:`R_{xx} = (V_1 - V_2)/I`.

    On a plateau, ``nu`` edge channels carry the current along the edges
    without backscattering, so :math:`|R_{xy}| = h/(\nu e^2)` and
    :math:`R_{xx} = 0` (Büttiker 1988); the edge channels of ``flux > 0`` run
    clockwise (see the module docstring), which makes :math:`R_{xy}` negative.

    Parameters
    ----------
    flux : float
        Flux per plaquette (flux quanta), field along ``+z`` for ``flux > 0``.
    energy : float
        Fermi energy (units of ``t``), measured from the band bottom.
    length, width, probe_width : int
        Geometry of the bar (sites), see :func:`qtransport.tb.geometries.hall_bar`.
    potential : float, ndarray of shape (length, width), or callable
        On-site potential (units of ``t``).
    disorder : float
        Anderson disorder strength (units of ``t``); needs ``rng``.
    rng : numpy.random.Generator, optional
        Source of the disorder.

    Returns
    -------
    HallResistances
        ``r_xy``, ``r_xx`` in units of ``h/e^2``, and ``nu``.

    Examples
    --------
    The first plateau (one filled Landau level):

    >>> res = hall_bar_resistances(0.03, 0.35, length=40, width=16, probe_width=5)
    >>> res.nu, round(res.r_xy, 9), round(abs(res.r_xx), 9)
    (1, -1.0, 0.0)
    """
    flux, energy = check_scalar(flux, "flux"), check_scalar(energy, "energy")
    fsys = _bar(length, width, probe_width, potential, disorder, rng)
    t, channels = transmission(fsys, energy, {"flux": flux})
    return HallResistances(*_resistances(t, channels, flux, energy))


def hall_bar_sweep(fluxes, energy, *, length=60, width=20, probe_width=6, potential=0.0,
                   disorder=0.0, rng=None, progress=None):
    """Hall and longitudinal resistance of one Hall bar over a range of fields.

    The same sample is used at every field: the disorder (if any) is drawn
    once from ``rng``, and the bar is built once, its field the named
    parameter ``flux``.  See :func:`hall_bar_resistances` for the geometry
    and the definitions.

    Parameters
    ----------
    fluxes : array_like, shape (n,)
        Fluxes per plaquette (flux quanta).
    energy : float
        Fermi energy (units of ``t``).
    length, width, probe_width, potential, disorder, rng
        As in :func:`hall_bar_resistances`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each field (e.g. a
        ``qtransport.widgets.ProgressBar``).

    Returns
    -------
    HallResistances
        Arrays of shape (n,): ``r_xy``, ``r_xx`` (units of ``h/e^2``) and ``nu``.

    Examples
    --------
    >>> res = hall_bar_sweep([0.015, 0.03], 0.35, length=40, width=16, probe_width=5)
    >>> res.nu
    array([2, 1])
    """
    fluxes = as_real_array(fluxes, "fluxes")
    if fluxes.ndim != 1:
        raise ValueError(f"`fluxes` must be a 1D array of fluxes, got shape {fluxes.shape}.")
    progress = check_progress(progress)
    energy = check_scalar(energy, "energy")
    fsys = _bar(length, width, probe_width, potential, disorder, rng)
    results = []
    for done, flux in enumerate(fluxes, start=1):
        t, channels = transmission(fsys, energy, {"flux": float(flux)})
        results.append(_resistances(t, channels, float(flux), energy))
        if progress is not None:
            progress(done, len(fluxes))
    if not results:
        return HallResistances(np.zeros(0), np.zeros(0), np.zeros(0, int))
    r_xy, r_xx, nu = (np.array(column) for column in zip(*results, strict=True))
    return HallResistances(r_xy, r_xx, nu.astype(int))


# --------------------------------------------------------------------------
# Where the current flows
# --------------------------------------------------------------------------


def site_current_density(fsys, energy, lead, params=None):
    r"""Current density at every site carried by the states from ``lead``, the currents into the leads included.

    Each bond's current :math:`I_{j\to i} = 2\,\mathrm{Im}\sum_n
    \psi_{n,i}^\dagger H_{ij}\psi_{n,j}` (summed over the incoming modes of
    ``lead``, each of unit current) is shared between its two ends, as in
    :func:`qtransport.tb.current_density`; in addition, every site of a
    lead's interface cell gets half of the current that leaves it into the
    lead (its net inflow from the system's bonds, which current conservation
    carries on along the lead's direction).  So every cross-section of a
    straight two-terminal strip, its first and last column included, carries
    the transmission.

    Parameters
    ----------
    fsys : FiniteSystem
    energy : float
    lead : int
        The lead the particles come from.
    params : dict, optional

    Returns
    -------
    density : ndarray, shape (n_sites, dim)
        Current density in units of the lead modes' unit current (``e/h``
        per unit energy) times the lattice constant.
    channels : int
        Number of open channels of ``lead`` (the incoming modes summed over).

    Examples
    --------
    >>> from qtransport.tb import geometries
    >>> fsys = geometries.wire_with_side_probes(6, 3, probe_centers=[]).finalized()
    >>> j, n = site_current_density(fsys, 1.0, 0, {"flux": 0.0})
    >>> n, np.round(j[:, 0].reshape(6, 3).sum(axis=1), 10) + 0.0   # one channel crosses every column
    (1, array([1., 1., 1., 1., 1., 1.]))
    """
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system (System.finalized()), got {type(fsys).__name__}")
    cur = bond_currents(fsys, energy, lead, params)
    density = _bond_density(fsys, cur)
    inflow = cur.into_sites(fsys.n_sites)
    for fl in fsys.leads:
        step = fl.cell_positions(1) - fsys.positions[fl.interface]
        density[fl.interface] += step * inflow[fl.interface][:, None] / 2
    h_cell, h_hop = fsys.leads[lead].hamiltonian(params)
    return density, int(lead_open_channels(h_cell, h_hop, energy))

