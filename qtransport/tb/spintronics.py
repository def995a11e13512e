r"""Lattice models with real spin: spin valves, Rashba wires, reciprocity, antilocalization (chapter 9).

Every model here is a :class:`~qtransport.tb.System` with two orbitals
(spin up and down along ``z``) per site, built on the public API of
:mod:`qtransport.tb`, and a closed form that the lattice is tested against.
Energies are in units of the hopping ``t = 1``, lengths in lattice constants.

**Spin matrices.**  ``SIGMA_0, SIGMA_X, SIGMA_Y, SIGMA_Z``; a magnetization
along the unit vector ``n(theta, phi)`` enters through :func:`spin_along`,
``sigma . n``.

**Ferromagnet.**  On-site block ``2t - h sigma.n``: the majority spin (along
``n``) has its band ``2t(1 - cos k)`` lowered by the exchange energy ``h``,
the minority spin has it raised by ``h``.

**Spin valve and Julliere's limit.**  Two semi-infinite ferromagnetic chains,
magnetized along ``z`` and along ``n(theta)`` in the ``xz`` plane, are joined
by one bond of hopping ``tau``.  For ``tau << t`` Fermi's golden rule gives
the transmission from spin ``s`` on the left to spin ``s'`` on the right,
``T_{s's} = 4 tau^2 sin k_s sin k_s' |<s'|s>|^2 / t^2`` (``sin k / (pi t)`` is
the surface density of states of a chain), and summing over spins

.. math::

    T(\theta) = \bar T\,(1 + P_1 P_2\cos\theta), \qquad
    P_i = \frac{\sin k_{i\uparrow} - \sin k_{i\downarrow}}{\sin k_{i\uparrow} + \sin k_{i\downarrow}},

Julliere's formula with the surface-density-of-states polarizations
(:func:`surface_polarization`, :func:`golden_rule_valve_transmission`).

**Rashba chain.**  The Rashba term ``alpha_R (sigma_x k_y - sigma_y k_x)``
discretized along ``x`` gives the hopping ``H_{x+1,x} = -t - i alpha sigma_y``
with the lattice spin-orbit hopping ``alpha = alpha_R / 2a`` (the named
parameter ``alpha`` of every model here, units of ``t``).  In the eigenbasis
of ``sigma_y`` the hopping is ``-sqrt(t^2 + alpha^2) exp(+- i delta)``,
``tan delta = alpha/t``, so the bands are
``E = 2t - 2 sqrt(t^2 + alpha^2) cos(k +- delta)`` and at every energy the two
right-moving spin branches differ by

.. math:: k_+ - k_- = 2\delta = 2\arctan(\alpha/t)

(:func:`rashba_wavenumber_difference`).  A spin injected along ``x`` precesses
about ``y`` by ``(k_+ - k_-) L`` over ``L`` Rashba bonds: Datta and Das's
transistor (:func:`rashba_chain`, :func:`datta_das_transmission`).

**Helical gap.**  Adding a Zeeman energy ``E_z sigma_z`` (perpendicular to the
Rashba field) gives ``E_+-(k) = 2t(1 - cos k) +- sqrt(4 alpha^2 sin^2 k + E_z^2)``
(:func:`rashba_zeeman_bands`): a gap ``2 E_z`` opens at ``k = 0``, inside
which only one pair of counter-propagating states is left, ``G = e^2/h``
instead of ``2e^2/h`` (:func:`rashba_zeeman_wire`).

References
----------
M. Julliere, Phys. Lett. A 54, 225 (1975); S. Datta and B. Das, Appl. Phys.
Lett. 56, 665 (1990); P. Streda and P. Seba, Phys. Rev. Lett. 90, 256601
(2003); C. H. L. Quay et al., Nature Phys. 6, 336 (2010); M. Büttiker, Phys.
Rev. Lett. 57, 1761 (1986); S. Hikami, A. I. Larkin and Y. Nagaoka, Prog.
Theor. Phys. 63, 707 (1980).  Course chapter 9.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_count,
    check_elements,
    check_flag,
    check_integer,
    check_nonnegative,
    check_positive,
    check_progress,
    check_rng,
    check_scalar,
    check_sites,
    unwrap_0d,
)
from qtransport.tb.builder import HoppingKind, Lead, System, anderson_disorder
from qtransport.tb.geometries import MAX_SITES
from qtransport.tb.lattice import chain, square
from qtransport.tb.solvers import smatrix, transmission

__all__ = [
    "SIGMA_0",
    "SIGMA_X",
    "SIGMA_Y",
    "SIGMA_Z",
    "spin_along",
    "surface_polarization",
    "exchange_for_polarization",
    "golden_rule_valve_transmission",
    "tunnel_valve",
    "valve_transmission",
    "layer_valve",
    "layer_transmissions",
    "phase_averaged_valve",
    "rashba_wavenumber_difference",
    "rashba_chain",
    "datta_das_transmission",
    "datta_das_closed_form",
    "rashba_zeeman_bands",
    "rashba_zeeman_wire",
    "right_movers",
    "helical_conductance_scan",
    "magnetized_cross",
    "cross_transmissions",
    "reciprocity_scan",
    "rashba_strip",
    "MagnetoEnsemble",
    "magnetoconductance_ensemble",
]

SIGMA_0 = np.eye(2, dtype=complex)
SIGMA_X = np.array([[0, 1], [1, 0]], dtype=complex)
SIGMA_Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
SIGMA_Z = np.array([[1, 0], [0, -1]], dtype=complex)


def _nonnegative_scalar(value, name, hint=""):
    return float(check_nonnegative(check_scalar(value, name), name, hint=hint))


def _sites(sizes, n_sites, norbs=2):
    """Refuse, before building it, a system of ``n_sites`` spinful sites that cannot fit (names the largest size)."""
    return check_sites(sizes, n_sites, norbs=norbs, maximum=MAX_SITES)


def spin_along(theta, phi=0.0):
    r"""The spin matrix ``sigma . n`` along ``n = (sin theta cos phi, sin theta sin phi, cos theta)``.

    Parameters
    ----------
    theta, phi : float
        Polar and azimuthal angles of ``n`` (radians).

    Returns
    -------
    ndarray, shape (2, 2)
        Hermitian, with eigenvalues +1 (spin along ``n``) and -1.

    Examples
    --------
    >>> np.allclose(spin_along(np.pi / 2), SIGMA_X)
    True
    """
    theta = check_scalar(theta, "theta")
    phi = check_scalar(phi, "phi")
    return (np.sin(theta) * np.cos(phi) * SIGMA_X + np.sin(theta) * np.sin(phi) * SIGMA_Y
            + np.cos(theta) * SIGMA_Z)


# --------------------------------------------------------------------------- spin valve


def _sin_k(energy, shift):
    """``sin k`` of a chain ``shift + 2t(1 - cos k)`` at ``energy`` (0 outside its band)."""
    c = (2.0 + shift - energy) / 2.0
    return np.sqrt(np.clip(1.0 - c * c, 0.0, None))


def _check_valve_energy(energy, exchange):
    if not -exchange < energy < 4.0 - exchange:
        raise ValueError(
            f"`energy` = {energy:g} t is outside the majority band [{-exchange:g}, {4 - exchange:g}] t of a "
            f"ferromagnet with exchange {exchange:g} t: no state carries current there."
        )


def surface_polarization(energy, exchange):
    r"""Spin polarization of the surface density of states of a ferromagnetic chain.

    .. math:: P = \frac{\sin k_\uparrow - \sin k_\downarrow}{\sin k_\uparrow + \sin k_\downarrow},
              \qquad 2t(1 - \cos k_s) - s h = E ,

    (``s = +1`` majority, ``-1`` minority; ``sin k / (pi t)`` is the density
    of states on the last site of a semi-infinite chain).  ``P = 1`` when
    ``E`` lies below the minority band (a half metal).

    Parameters
    ----------
    energy : float
        Energy (units of ``t``), inside the majority band ``(-h, 4t - h)``.
    exchange : float
        Exchange energy ``h >= 0`` (units of ``t``).

    Returns
    -------
    float
        ``P`` in [0, 1].

    Examples
    --------
    >>> float(surface_polarization(1.0, 0.0))
    0.0
    >>> float(surface_polarization(0.5, 1.0))  # below the minority band
    1.0
    """
    energy = check_scalar(energy, "energy")
    h = _nonnegative_scalar(exchange, "exchange", "It is the exchange splitting (units of t).")
    _check_valve_energy(energy, h)
    up, down = _sin_k(energy, -h), _sin_k(energy, h)
    return float((up - down) / (up + down))


def exchange_for_polarization(polarization, energy):
    """The exchange energy ``h`` whose surface polarization (:func:`surface_polarization`) is ``P``.

    Parameters
    ----------
    polarization : float
        Target ``P`` in [0, 1).
    energy : float
        Energy (units of ``t``), in ``(0, 2t)`` so that the minority band
        closes before the majority band does.

    Returns
    -------
    float
        ``h`` (units of ``t``), found by bisection (``P`` grows monotonically
        with ``h`` from 0 at ``h = 0`` to 1 at ``h = E``).

    Examples
    --------
    >>> h = exchange_for_polarization(0.5, 1.0)
    >>> round(float(surface_polarization(1.0, h)), 10)
    0.5
    """
    from scipy.optimize import brentq

    p = check_scalar(polarization, "polarization")
    energy = check_scalar(energy, "energy")
    if not 0.0 <= p < 1.0:
        raise ValueError(f"`polarization` must lie in [0, 1) (P = 1 is a half metal, any h >= E), got {p}.")
    if not 0.0 < energy < 2.0:
        raise ValueError(f"`energy` must lie in (0, 2) t, below the band centre, got {energy}.")
    if p == 0.0:
        return 0.0
    return float(brentq(lambda h: surface_polarization(energy, h) - p, 0.0, energy * (1 - 1e-12),
                        xtol=1e-14, rtol=1e-14))


def golden_rule_valve_transmission(theta, *, energy, exchange_left, exchange_right, coupling):
    r"""Tunnelling limit of :func:`tunnel_valve`: ``T(theta) = bar T (1 + P1 P2 cos theta)``.

    To lowest order in the junction hopping ``tau``,
    ``T_{s's} = 4 tau^2 sin k_s sin k_s' |<s'|s>|^2`` (``t = 1``), which
    summed over spins gives ``bar T = 2 tau^2 (sin k_1up + sin k_1down)
    (sin k_2up + sin k_2down)`` and Julliere's angular law with the
    polarizations of :func:`surface_polarization`.

    Parameters
    ----------
    theta : array_like
        Angle between the magnetizations (radians).
    energy : float
        Energy (units of ``t``).
    exchange_left, exchange_right : float
        Exchange energies ``h >= 0`` of the two electrodes (units of ``t``).
    coupling : float
        Junction hopping ``tau > 0`` (units of ``t``).

    Returns
    -------
    float or ndarray
        Transmission summed over spins, so ``G = (e^2/h) T``.

    Examples
    --------
    >>> T = golden_rule_valve_transmission([0.0, np.pi], energy=1.0, exchange_left=0.0,
    ...                                    exchange_right=0.0, coupling=0.1)
    >>> np.allclose(T, 2 * 4 * 0.01 * 0.75)   # two spins, 4 tau^2 sin^2 k, sin^2 k = 3/4
    True
    """
    theta = as_real_array(theta, "theta")
    energy = check_scalar(energy, "energy")
    tau = float(check_positive(check_scalar(coupling, "coupling"), "coupling"))
    sums, pols = [], []
    for name, value in (("exchange_left", exchange_left), ("exchange_right", exchange_right)):
        h = _nonnegative_scalar(value, name, "It is the exchange splitting (units of t).")
        _check_valve_energy(energy, h)
        up, down = _sin_k(energy, -h), _sin_k(energy, h)
        sums.append(up + down)
        pols.append((up - down) / (up + down))
    mean = 2.0 * tau**2 * sums[0] * sums[1]
    return unwrap_0d(mean * (1.0 + pols[0] * pols[1] * np.cos(theta)))


def _ferromagnet_onsite(h, matrix):
    return 2.0 * SIGMA_0 - h * matrix


def tunnel_valve(*, exchange_left, exchange_right, coupling=1.0):
    r"""Two semi-infinite ferromagnetic chains joined by one bond: a spin valve (parameter ``theta``).

    The left electrode (sites ``x <= 0``) is magnetized along ``z``, the right
    one (``x >= 1``) along ``n(theta)`` in the ``xz`` plane; ``theta`` is a
    named parameter, so one finalized system serves every angle.  The bond
    ``0 -> 1`` has the hopping ``-tau`` (``tau = coupling``); ``tau = 1`` is a
    ballistic contact, ``tau << 1`` a tunnel barrier.  The left lead
    declares ``sigma_z`` conserved: its blocks are the majority (block 1,
    eigenvalue +1) and the minority (block 0) spin.

    Parameters
    ----------
    exchange_left, exchange_right : float
        Exchange energies ``h >= 0`` (units of ``t``).
    coupling : float
        ``tau > 0`` (units of ``t``).

    Returns
    -------
    FiniteSystem
        Lead 0 on the left, lead 1 on the right.
    """
    h1 = _nonnegative_scalar(exchange_left, "exchange_left", "It is the exchange splitting (units of t).")
    h2 = _nonnegative_scalar(exchange_right, "exchange_right", "It is the exchange splitting (units of t).")
    tau = float(check_positive(check_scalar(coupling, "coupling"), "coupling", hint="It is the junction hopping."))
    left = _ferromagnet_onsite(h1, SIGMA_Z)

    def onsite(x, *, theta):
        right = _ferromagnet_onsite(h2, spin_along(theta))
        return np.where((np.asarray(x) < 0.5)[:, None, None], left[None], right[None])

    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x < 2), start=(0,))
    sys.onsite = onsite
    sys.hopping(-tau * SIGMA_0)
    sys.attach_lead(Lead((-1,), onsite=left, hoppings=[(-SIGMA_0, 1)], conservation=SIGMA_Z, name="left"))
    sys.attach_lead(Lead((1,), onsite=lambda x, *, theta: _ferromagnet_onsite(h2, spin_along(theta)),
                         hoppings=[(-SIGMA_0, 1)], name="right"))
    return sys.finalized()


def valve_transmission(theta, *, energy, exchange_left, exchange_right, coupling=1.0):
    """Lattice transmission (summed over spins) of :func:`tunnel_valve` against the angle.

    Parameters
    ----------
    theta : array_like
        Angles between the magnetizations (radians), any shape.
    energy : float
        Fermi energy (units of ``t``), inside both majority bands.
    exchange_left, exchange_right, coupling : float
        As in :func:`tunnel_valve`.

    Returns
    -------
    float or ndarray
        ``T(theta)``, so ``G = (e^2/h) T``; at most 2.

    Examples
    --------
    >>> T = valve_transmission(0.0, energy=1.0, exchange_left=0.0, exchange_right=0.0)
    >>> round(float(T), 10)   # a perfect chain: one channel per spin
    2.0
    """
    theta = as_real_array(theta, "theta")
    energy = check_scalar(energy, "energy")
    fsys = tunnel_valve(exchange_left=exchange_left, exchange_right=exchange_right, coupling=coupling)
    for value in (exchange_left, exchange_right):
        _check_valve_energy(energy, float(value))
    out = np.array([transmission(fsys, energy, {"theta": float(th)}).transmission[1, 0] for th in theta.ravel()])
    return unwrap_0d(out.reshape(theta.shape))


def _layer_chain(h, n, d, second):
    """Normal chain, a layer of ``n`` sites at ``-h sigma_z``, ``d`` spacer sites, a second layer ``-second h sigma_z``."""
    first, other = (1, n + 1), (n + 1 + d, 2 * n + 1 + d)
    total = (2 * n + d + 2) if second else (n + 2)

    def onsite(x):
        x = np.asarray(x)
        m = ((x >= first[0]) & (x < first[1])).astype(float)
        if second:
            m = m + second * ((x >= other[0]) & (x < other[1]))
        return 2.0 * SIGMA_0[None] - h * m[:, None, None] * SIGMA_Z[None]

    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x < total), start=(0,))
    sys.onsite = onsite
    sys.hopping(-SIGMA_0)
    for direction in ((-1,), (1,)):
        sys.attach_lead(Lead(direction, onsite=2.0 * SIGMA_0, hoppings=[(-SIGMA_0, 1)], conservation=SIGMA_Z))
    return sys.finalized()


def layer_valve(*, exchange, layer_sites, spacer_sites, antiparallel):
    """A normal chain with two ferromagnetic layers: the lattice GMR trilayer (collinear).

    Normal metal (on-site ``2t``) on both sides and between the layers; each
    layer is ``layer_sites`` sites with on-site ``2t - h sigma_z`` (the second
    one ``2t + h sigma_z`` if ``antiparallel``), ``spacer_sites`` normal sites
    between them.  Both leads declare ``sigma_z`` conserved (block 0: spin
    down, block 1: spin up, the majority spin of the first layer).

    Parameters
    ----------
    exchange : float
        ``h >= 0`` (units of ``t``).
    layer_sites, spacer_sites : int
        Lengths (sites), at least 1 and 0.
    antiparallel : bool
        Reverse the second layer's magnetization.

    Returns
    -------
    FiniteSystem
    """
    h = _nonnegative_scalar(exchange, "exchange", "It is the exchange splitting (units of t).")
    n = check_integer(layer_sites, "layer_sites", minimum=1)
    d = check_integer(spacer_sites, "spacer_sites", minimum=0)
    antiparallel = check_flag(antiparallel, "antiparallel")
    _sites({"layer_sites": n, "spacer_sites": d}, 2 * n + d + 2)
    return _layer_chain(h, n, d, -1.0 if antiparallel else 1.0)


def layer_transmissions(*, energy, exchange, layer_sites):
    """Majority and minority transmissions of one ferromagnetic layer in a normal chain (lattice).

    Parameters
    ----------
    energy : float
        Energy inside the normal band (0, 4t).
    exchange : float
        ``h >= 0`` of the layer (units of ``t``).
    layer_sites : int
        Thickness of the layer (sites).

    Returns
    -------
    T_majority, T_minority : float
        Spin-resolved transmissions (each at most 1).

    Examples
    --------
    >>> [round(x, 12) for x in layer_transmissions(energy=1.0, exchange=0.0, layer_sites=3)]
    [1.0, 1.0]
    """
    energy = check_scalar(energy, "energy")
    _check_normal_energy(energy)
    h = _nonnegative_scalar(exchange, "exchange", "It is the exchange splitting (units of t).")
    n = check_integer(layer_sites, "layer_sites", minimum=1)
    _sites({"layer_sites": n}, n + 2)
    s = smatrix(_layer_chain(h, n, 0, 0.0), energy)
    return s.transmission((1, 1), (0, 1)), s.transmission((1, 0), (0, 0))


def _check_normal_energy(energy):
    if not 0.0 < energy < 4.0:
        raise ValueError(f"`energy` must lie inside the normal band (0, 4) t, got {energy}.")


class PhaseAveragedValve(NamedTuple):
    """Spin-resolved transmissions of :func:`layer_valve`, averaged over the spacer phase.

    Attributes
    ----------
    parallel, antiparallel : ndarray, shape (2,)
        ``<T_up>, <T_down>`` (spin along ``z``) for the two configurations.
    spin_flip : float
        Largest spin-flip transmission met (zero: collinear layers conserve spin).
    spacers : ndarray of int
        The spacer lengths averaged over.
    """

    parallel: np.ndarray
    antiparallel: np.ndarray
    spin_flip: float
    spacers: np.ndarray


#: Spacer phase steps of :func:`phase_averaged_valve`: at :data:`VALVE_ENERGY`
#: the wavenumber is ``k = 13 pi / 32``, so the round-trip phase ``2 k d``
#: takes 32 equally spaced values as ``d`` runs over 32 consecutive lengths.
PHASE_STEPS = 32
VALVE_ENERGY = float(2.0 * (1.0 - np.cos(13 * np.pi / PHASE_STEPS)))


def phase_averaged_valve(*, exchange, layer_sites, energy=VALVE_ENERGY, first_spacer=3):
    r"""Transmissions of :func:`layer_valve` averaged over the spacer's round-trip phase.

    The spacer length ``d`` runs over ``PHASE_STEPS`` consecutive values from
    ``first_spacer``.  At the default energy the phase ``2kd`` of the waves
    bouncing between the layers then takes 32 equally spaced values, and the
    mean is the phase average up to terms of order ``(R_1 R_2)^{16}``.  The
    phase-averaged transmission of two scatterers obeys
    ``(1 - <T>)/<T> = (1 - T_1)/T_1 + (1 - T_2)/T_2`` in each spin channel
    (chapter 4): the two-current model
    (:func:`qtransport.models.spin.two_current_resistance`) with the layers'
    four-probe resistances ``(1 - T)/T`` (units ``h/e^2``) and the contact
    resistance ``h/e^2`` as a spin-independent layer.

    Parameters
    ----------
    exchange : float
        ``h >= 0`` of both layers (units of ``t``).
    layer_sites : int
        Thickness of each layer (sites).
    energy : float, optional
        Fermi energy (units of ``t``); keep the default for an exact phase grid.
    first_spacer : int, optional
        Shortest spacer (sites, >= 0).

    Returns
    -------
    PhaseAveragedValve
    """
    energy = check_scalar(energy, "energy")
    _check_normal_energy(energy)
    d0 = check_integer(first_spacer, "first_spacer", minimum=0)
    n = check_integer(layer_sites, "layer_sites", minimum=1)
    _sites({"layer_sites": n, "first_spacer": d0}, 2 * n + d0 + PHASE_STEPS + 2)
    spacers = np.arange(d0, d0 + PHASE_STEPS)
    out, flip = {}, 0.0
    for antiparallel in (False, True):
        values = []
        for d in spacers:
            fsys = layer_valve(exchange=exchange, layer_sites=layer_sites, spacer_sites=int(d),
                               antiparallel=antiparallel)
            s = smatrix(fsys, energy)
            values.append([s.transmission((1, 1), (0, 1)), s.transmission((1, 0), (0, 0))])
            flip = max(flip, s.transmission((1, 0), (0, 1)), s.transmission((1, 1), (0, 0)))
        out[antiparallel] = np.mean(values, axis=0)
    return PhaseAveragedValve(out[False], out[True], float(flip), spacers)


# --------------------------------------------------------------------------- Rashba wires


def rashba_wavenumber_difference(alpha, *, t=1.0):
    r"""``k_+ - k_- = 2 arctan(alpha / t)`` of the lattice Rashba chain, at every energy.

    Parameters
    ----------
    alpha : array_like
        Spin-orbit hopping (units of ``t``): ``H_{x+1,x} = -t - i alpha sigma_y``,
        ``alpha = alpha_R / 2a`` for the continuum Rashba constant ``alpha_R``.
    t : float, optional
        Hopping.

    Returns
    -------
    float or ndarray
        Wavenumber difference (radians per lattice constant); the spin
        precesses by this angle per site.  For small ``alpha`` it is
        ``2 alpha / t = 2 m alpha_R a / hbar^2``, the continuum value.

    Examples
    --------
    >>> round(float(rashba_wavenumber_difference(1.0)), 12)   # 2 arctan 1
    1.570796326795
    """
    alpha = as_real_array(alpha, "alpha")
    t = float(check_positive(check_scalar(t, "t"), "t"))
    return unwrap_0d(2.0 * np.arctan(alpha / t))


def _rashba_hop_x(alpha):
    return -SIGMA_0 - 1j * alpha * SIGMA_Y


def rashba_chain(length, *, lead_axis="x", lead_exchange=0.0):
    r"""A chain of ``length`` Rashba bonds between two spin-filtering leads (parameter ``alpha``).

    Sites ``0 .. length``, on-site ``2t``; the ``length`` bonds between them
    have the hopping ``-t - i alpha sigma_y`` (``alpha`` a named parameter,
    units of ``t``).  The leads (on-site ``2t - h sigma_axis``, hopping
    ``-t``, no spin-orbit coupling) declare the spin along ``lead_axis``
    conserved, so transmissions are resolved into its two values (block 1:
    spin along ``+axis``; block 0: along ``-axis``).  With
    ``lead_exchange = 0`` the leads are normal and the resolution plays the
    part of ideal polarizer and analyzer; ``h > 0`` makes them ferromagnets
    magnetized along ``lead_axis``.

    Parameters
    ----------
    length : int
        Number of Rashba bonds (>= 1): the precession length ``L`` in lattice
        constants.
    lead_axis : {"x", "y", "z"}
        Magnetization axis of the leads (``"x"``: along the wire, Datta-Das).
    lead_exchange : float
        Exchange energy ``h >= 0`` of the leads (units of ``t``).

    Returns
    -------
    FiniteSystem
    """
    n = check_integer(length, "length", minimum=1)
    _sites({"length": n}, n + 1)
    axes = {"x": SIGMA_X, "y": SIGMA_Y, "z": SIGMA_Z}
    if not isinstance(lead_axis, str) or lead_axis not in axes:
        raise ValueError(f"`lead_axis` must be one of 'x', 'y', 'z', got {lead_axis!r}.")
    h = _nonnegative_scalar(lead_exchange, "lead_exchange", "It is the leads' exchange splitting (units of t).")
    axis = axes[lead_axis]
    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x <= n), start=(0,))
    sys.onsite = 2.0 * SIGMA_0
    sys.hopping(lambda x1, x2, *, alpha: _rashba_hop_x(float(alpha)))
    for direction in ((-1,), (1,)):
        sys.attach_lead(Lead(direction, onsite=2.0 * SIGMA_0 - h * axis, hoppings=[(-SIGMA_0, 1)],
                             conservation=axis))
    return sys.finalized()


def datta_das_transmission(alphas, *, length, energy, lead_exchange=0.0, progress=None):
    """Spin-resolved transmissions of :func:`rashba_chain` (leads along ``x``) against ``alpha``.

    Parameters
    ----------
    alphas : array_like, 1-d
        Spin-orbit hoppings (units of ``t``).
    length : int
        Rashba bonds.
    energy : float
        Fermi energy (units of ``t``), inside the lead bands.
    lead_exchange : float, optional
        Exchange of the leads (0: ideal spin-resolved detection).
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    ndarray, shape (len(alphas), 2, 2)
        ``T[..., a, b]`` from spin ``b`` to spin ``a`` along ``x`` (0: ``-x``,
        1: ``+x``); ``T[..., 1, 1]`` is the Datta-Das signal between leads
        both polarized along ``+x``.
    """
    alphas = as_real_array(alphas, "alphas").reshape(-1)
    energy = check_scalar(energy, "energy")
    h = _nonnegative_scalar(lead_exchange, "lead_exchange")
    progress = check_progress(progress)
    if not -h < energy < 4.0 - h:
        raise ValueError(
            f"`energy` = {energy} t is outside the leads' majority band ({-h:g}, {4 - h:g}) t: no spin is injected."
        )
    fsys = rashba_chain(length, lead_axis="x", lead_exchange=h)
    out = np.zeros((alphas.size, 2, 2))
    for i, a in enumerate(alphas):
        s = smatrix(fsys, energy, {"alpha": float(a)})
        for o in (0, 1):
            for b in (0, 1):
                out[i, o, b] = s.transmission((1, o), (0, b)) if s.open_channels(0, b) else 0.0
        if progress is not None:
            progress(i + 1, alphas.size)
    return out


def datta_das_closed_form(alpha, *, length, energy):
    r"""Exact ``T_{+x -> +x}`` of :func:`rashba_chain` with normal leads: ``T_0 cos^2(delta L)``.

    In the eigenbasis of ``sigma_y`` the Rashba bond is
    ``-sqrt(t^2 + alpha^2) exp(+- i delta)`` with ``tan delta = alpha/t``.  The
    phases are removed by the gauge change ``psi_x -> exp(+- i delta x) psi_x``,
    which leaves two spinless chains with ``L`` bonds of magnitude
    ``sqrt(t^2 + alpha^2)``; both transmit the same amplitude ``t_0``, up to
    the phases ``exp(+- i delta L)``.  A spin along ``+x`` is the sum of the
    two, so it arrives with the amplitude ``t_0 cos(delta L)`` along ``+x``.
    ``T_0 = |t_0|^2`` is computed here by a 2 x 2 transfer matrix, independently
    of the tight-binding solvers.

    Parameters
    ----------
    alpha : array_like
        Spin-orbit hopping (units of ``t``).
    length : int
        Rashba bonds ``L`` (any length: the inner part of the chain is one
        closed-form matrix power, not a loop; beyond ``L ~ 10**8`` the phases
        ``k L`` carry a rounding error of about ``L * 1e-16`` radians, while
        ``T_same + T_flip <= 1`` holds to rounding at every length).
    energy : float
        Energy inside the band (0, 4t).

    Returns
    -------
    T_same, T_flip : float or ndarray
        ``T_0 cos^2(delta L)`` and ``T_0 sin^2(delta L)``: spin kept and spin
        reversed along ``x``.  For small ``alpha``, ``T_0 = 1 - O(alpha^4)``
        and the precession angle is ``2 delta L = (k_+ - k_-) L``.

    Examples
    --------
    >>> same, flip = datta_das_closed_form(0.0, length=10, energy=1.0)
    >>> round(float(same), 12), round(float(flip), 12)
    (1.0, 0.0)
    """
    alpha = as_real_array(alpha, "alpha")
    n = check_count(length, "length", minimum=1)
    energy = check_scalar(energy, "energy")
    _check_normal_energy(energy)
    k = np.arccos((2.0 - energy) / 2.0)
    b = np.sqrt(1.0 + alpha**2)
    # psi_{x+1} b_{x+1} = (2 - E) psi_x - b_x psi_{x-1}; sites 0..n, bonds (x, x+1) of magnitude b for
    # x = 0..n-1, magnitude 1 to the leads.
    eps = 2.0 - energy

    def step(b_left, b_right):
        out = np.zeros(alpha.shape + (2, 2), dtype=complex)
        out[..., 0, 0] = eps / b_right
        out[..., 0, 1] = -b_left / b_right
        out[..., 1, 0] = 1.0
        return out

    one = np.ones_like(b)
    # The first site (lead bond on the left), the n - 1 inner sites between Rashba bonds, the last site.
    # The inner steps B = [[2 cos q, -1], [1, 0]] (2 cos q = eps / b, |eps / b| < 2 inside the band) have
    # B^m = [[U_m, -U_(m-1)], [U_(m-1), -U_(m-2)]], U_j = sin((j + 1) q) / sin q: no loop over the sites,
    # and the three sines of angles spaced by exactly q keep det B^m = 1 (so T <= 1) at any length.
    q = np.arccos(eps / (2.0 * b))
    phase, sin_q = np.mod((n - 1) * q, 2 * np.pi), np.sin(q)
    inner = np.zeros(alpha.shape + (2, 2), dtype=complex)
    inner[..., 0, 0] = np.sin(phase + q) / sin_q
    inner[..., 0, 1] = -np.sin(phase) / sin_q
    inner[..., 1, 0] = np.sin(phase) / sin_q
    inner[..., 1, 1] = -np.sin(phase - q) / sin_q
    m = step(b, one) @ inner @ step(one, b)
    # (psi_0, psi_-1) = (1, e^{-ik}) + r (1, e^{ik});  M (psi_0, psi_-1) = tau (e^{ik(n+1)}, e^{ikn})
    inc = np.array([1.0, np.exp(-1j * k)])
    ref = np.array([1.0, np.exp(1j * k)])
    out = np.exp(1j * np.mod(k * n, 2 * np.pi)) * np.array([np.exp(1j * k), 1.0])
    a = np.stack([m @ ref, -np.broadcast_to(out, alpha.shape + (2,))], axis=-1)
    sol = np.linalg.solve(a, -(m @ inc)[..., None])[..., 0]
    t0 = np.abs(sol[..., 1]) ** 2
    delta = np.arctan(alpha)
    return unwrap_0d(t0 * np.cos(delta * n) ** 2), unwrap_0d(t0 * np.sin(delta * n) ** 2)


def rashba_zeeman_bands(k, *, alpha, zeeman):
    r"""Bands of the Rashba chain in a Zeeman field along ``z``: ``2t(1 - cos k) +- sqrt(4 alpha^2 sin^2 k + E_z^2)``.

    The Bloch Hamiltonian of :func:`rashba_zeeman_wire` is
    ``2t(1 - cos k) + 2 alpha sin k sigma_y + E_z sigma_z`` (the sign of the
    ``sigma_y`` term depends on the direction of ``k``; the bands do not).

    Parameters
    ----------
    k : array_like
        Bloch phases (radians per lattice constant).
    alpha, zeeman : float
        Spin-orbit hopping and Zeeman energy ``E_z`` (units of ``t``).

    Returns
    -------
    ndarray, shape ``k.shape + (2,)``
        Lower and upper band (units of ``t``).

    Examples
    --------
    >>> rashba_zeeman_bands(0.0, alpha=0.5, zeeman=0.2)
    array([-0.2,  0.2])
    """
    k = as_real_array(k, "k")
    alpha = check_scalar(alpha, "alpha")
    ez = check_scalar(zeeman, "zeeman")
    root = np.sqrt(4 * alpha**2 * np.sin(k) ** 2 + ez**2)
    base = 2.0 * (1.0 - np.cos(k))
    return np.stack([base - root, base + root], axis=-1)


def right_movers(energy, *, alpha, zeeman, samples=20001):
    """Number of right-moving states of :func:`rashba_zeeman_bands` at ``energy``: the clean wire's ``T``.

    Counts the crossings of ``E_n(k) = E`` with ``dE/dk > 0`` on a grid of
    ``samples`` Bloch phases over the Brillouin zone.

    Returns
    -------
    int or ndarray of int
        0, 1 (in the helical gap) or 2 (or more for strong spin-orbit coupling).

    Examples
    --------
    >>> int(right_movers(0.0, alpha=0.5, zeeman=0.2))   # inside the gap |E| < E_z
    1
    """
    energy = as_real_array(energy, "energy")
    n = check_integer(samples, "samples", minimum=11)
    check_elements((max(energy.size, 1), n, 2), "samples", value=n, copies=3, what="the bands on the grid")
    k = np.linspace(-np.pi, np.pi, n)
    bands = rashba_zeeman_bands(k, alpha=alpha, zeeman=zeeman)  # (n, 2)
    diff = bands[None, :, :] - energy.reshape(-1)[:, None, None]
    upward = (diff[:, :-1] < 0) & (diff[:, 1:] >= 0)
    return unwrap_0d(upward.sum(axis=(1, 2)).reshape(energy.shape))


def rashba_zeeman_wire(length=2):
    r"""A uniform Rashba chain in a Zeeman field (parameters ``alpha`` and ``zeeman``), leads included.

    On-site ``2t + E_z sigma_z``, hopping ``-t - i alpha sigma_y`` everywhere
    (system and leads): the clean, infinitely long wire whose transmission
    counts the right-moving states of :func:`rashba_zeeman_bands`.

    Parameters
    ----------
    length : int, optional
        Sites of the scattering region (any >= 1: the wire is uniform).

    Returns
    -------
    FiniteSystem
    """
    n = check_integer(length, "length", minimum=1)
    _sites({"length": n}, n)
    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x < n), start=(0,))

    def onsite(x, *, zeeman):
        return 2.0 * SIGMA_0 + float(zeeman) * SIGMA_Z

    def hop(x1, x2, *, alpha):
        return _rashba_hop_x(float(alpha))

    sys.onsite = onsite
    sys.hopping(hop)
    for direction in ((-1,), (1,)):
        sys.attach_lead(Lead(direction, onsite=onsite, hoppings=[(hop, 1)]))
    return sys.finalized()


def helical_conductance_scan(energies, *, alphas, zeemans, progress=None):
    """Lattice transmission of :func:`rashba_zeeman_wire` on a grid of ``alpha`` and ``E_z``.

    Parameters
    ----------
    energies : array_like, 1-d
        Energies (units of ``t``).
    alphas, zeemans : array_like, 1-d
        Spin-orbit hoppings and Zeeman energies (units of ``t``).
    progress : callable, optional
        ``progress(done, total)`` after each pair.

    Returns
    -------
    ndarray, shape (len(alphas), len(zeemans), len(energies))
        ``T(E)`` (``G = (e^2/h) T``): the number of right-moving states.
    """
    es = as_real_array(energies, "energies").reshape(-1)
    alist = as_real_array(alphas, "alphas").reshape(-1)
    zlist = as_real_array(zeemans, "zeemans").reshape(-1)
    if not es.size or not alist.size or not zlist.size:
        raise ValueError("`energies`, `alphas` and `zeemans` must each hold at least one value.")
    progress = check_progress(progress)
    wire = rashba_zeeman_wire()
    out = np.zeros((alist.size, zlist.size, es.size))
    done = 0
    for i, a in enumerate(alist):
        for j, z in enumerate(zlist):
            out[i, j] = transmission(wire, es, {"alpha": float(a), "zeeman": float(z)}).transmission[:, 1, 0]
            done += 1
            if progress is not None:
                progress(done, alist.size * zlist.size)
    return out


# --------------------------------------------------------------------------- reciprocity


def _landau_x(x, y, *, flux):
    return (-flux * y, 0 * x)


def _landau_y(x, y, *, flux):
    return (0 * x, flux * x)


def _gauge_y(x, y, *, flux):
    return -2 * np.pi * flux * x * y


def _hop_x(x1, y1, x2, y2, *, alpha):
    return np.broadcast_to(-SIGMA_0 - 1j * float(alpha) * SIGMA_Y, (np.size(x1), 2, 2))


def _hop_y(x1, y1, x2, y2, *, alpha):
    return np.broadcast_to(-SIGMA_0 + 1j * float(alpha) * SIGMA_X, (np.size(x1), 2, 2))


def magnetized_cross(size=12, arm_width=4):
    r"""A four-terminal cross with Rashba coupling, a magnetized corner and a field (square lattice, spin).

    The ``size x size`` body has the Rashba hoppings ``-t - i alpha sigma_y``
    (along ``x``) and ``-t + i alpha sigma_x`` (along ``y``), Peierls phases of
    a uniform field (``flux`` per plaquette, flux quanta, Landau gauge
    ``A = (-B y, 0)``), and in the corner ``x, y < size/2`` an exchange field
    ``exchange * sigma_z``; the on-site energy is ``4t``.  Named parameters:
    ``alpha``, ``flux``, ``exchange``.  The leads (width ``arm_width``, in the
    middle of each side) are spin-degenerate square-lattice wires in the same
    field (the ``y`` leads in the gauge ``A' = (0, B x)``, joined by the gauge
    change ``theta = -2 pi B x y``).  Terminals: 0 left, 1 bottom, 2 right,
    3 top.  Time reversal ``i sigma_y K`` maps ``(B, M)`` to ``(-B, -M)`` and
    leaves the Rashba term alone.

    Returns
    -------
    FiniteSystem
    """
    from qtransport.tb.builder import peierls

    n = check_integer(size, "size", minimum=4)
    w = check_integer(arm_width, "arm_width", minimum=1)
    if w > n - 2:
        raise ValueError(f"`arm_width` = {w} must be at most `size` - 2 = {n - 2}.")
    _sites({"size": n}, n * n)
    lo = (n - w) // 2
    half = n / 2

    def onsite(x, y, *, exchange):
        corner = ((x < half) & (y < half)).astype(float)
        return 4.0 * SIGMA_0[None] + float(exchange) * corner[:, None, None] * SIGMA_Z[None]

    sys = System(square(norbs=2), shape=lambda x, y: (x >= 0) & (x < n) & (y >= 0) & (y < n), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(peierls(_hop_x, _landau_x), kind=HoppingKind(0, 0, (1, 0)))
    sys.hopping(peierls(_hop_y, _landau_x), kind=HoppingKind(0, 0, (0, 1)))
    across_x = lambda x, y: (y >= lo) & (y < lo + w)  # noqa: E731
    across_y = lambda x, y: (x >= lo) & (x < lo + w)  # noqa: E731
    plain = -SIGMA_0
    sys.attach_lead(Lead((-1, 0), shape=across_x, onsite=4.0 * SIGMA_0, hoppings=[(peierls(plain, _landau_x), 1)]))
    sys.attach_lead(Lead((0, -1), shape=across_y, onsite=4.0 * SIGMA_0, hoppings=[(peierls(plain, _landau_y), 1)],
                         gauge=_gauge_y))
    sys.attach_lead(Lead((1, 0), shape=across_x, onsite=4.0 * SIGMA_0, hoppings=[(peierls(plain, _landau_x), 1)]))
    sys.attach_lead(Lead((0, 1), shape=across_y, onsite=4.0 * SIGMA_0, hoppings=[(peierls(plain, _landau_y), 1)],
                         gauge=_gauge_y))
    return sys.finalized()


def cross_transmissions(fsys, *, energy, flux, exchange, alpha):
    """All terminal-to-terminal transmissions of :func:`magnetized_cross`.

    Parameters
    ----------
    fsys : FiniteSystem
        From :func:`magnetized_cross`.
    energy : float
        Fermi energy (units of ``t``).
    flux, exchange, alpha : float
        Flux per plaquette (flux quanta), exchange energy and spin-orbit
        hopping (units of ``t``).

    Returns
    -------
    TransmissionMatrix
        ``transmission[i, j]`` from terminal ``j`` into ``i``, summed over spin.
    """
    params = {"flux": check_scalar(flux, "flux"), "exchange": check_scalar(exchange, "exchange"),
              "alpha": check_scalar(alpha, "alpha")}
    return transmission(fsys, check_scalar(energy, "energy"), params)


def reciprocity_scan(fsys, fluxes, exchanges, *, energy, alpha, progress=None):
    """Transmissions of :func:`magnetized_cross` on a grid of fields and magnetizations.

    Parameters
    ----------
    fsys : FiniteSystem
        From :func:`magnetized_cross`.
    fluxes, exchanges : array_like, 1-d
        Flux per plaquette (flux quanta) and exchange energies (units of
        ``t``); give grids symmetric about 0 to compare ``(B, M)`` with
        ``(-B, -M)``.
    energy, alpha : float
        Fermi energy and spin-orbit hopping (units of ``t``).
    progress : callable, optional

    Returns
    -------
    ndarray, shape (len(exchanges), len(fluxes), n_leads, n_leads)
        ``T[m, b, i, j]`` from terminal ``j`` into ``i``.
    """
    phis = as_real_array(fluxes, "fluxes").reshape(-1)
    ms = as_real_array(exchanges, "exchanges").reshape(-1)
    if not phis.size or not ms.size:
        raise ValueError("`fluxes` and `exchanges` must each hold at least one value.")
    progress = check_progress(progress)
    out = None
    for a, m in enumerate(ms):
        for b, phi in enumerate(phis):
            t = cross_transmissions(fsys, energy=energy, flux=phi, exchange=m, alpha=alpha).transmission
            if out is None:
                out = np.zeros((ms.size, phis.size) + t.shape)
            out[a, b] = t
            if progress is not None:
                progress(a * phis.size + b + 1, ms.size * phis.size)
    return out


# --------------------------------------------------------------------------- antilocalization


def rashba_strip(length, width):
    r"""A disordered strip with Rashba coupling in a field (parameters ``alpha``, ``flux``, ``disorder``).

    Square lattice, two orbitals per site; hoppings ``-t - i alpha sigma_y``
    (along ``x``, with the Peierls phase ``exp(2 pi i B y)`` of ``A = (-B y, 0)``,
    ``B = flux`` per plaquette) and ``-t + i alpha sigma_x`` (along ``y``);
    on-site ``4t + V_r`` with ``V_r = disorder[sites]`` (one energy per site,
    from :func:`qtransport.tb.anderson_disorder`).  The leads are clean,
    spin-degenerate and field-free.

    Returns
    -------
    FiniteSystem
    """
    lx = check_integer(length, "length", minimum=1)
    ly = check_integer(width, "width", minimum=1)
    _sites({"length": lx, "width": ly}, lx * ly)

    def onsite(x, y, *, sites, disorder):
        return (4.0 + np.asarray(disorder)[sites])[:, None, None] * SIGMA_0[None]

    def hop_x(x1, y1, x2, y2, *, alpha, flux):
        phase = np.exp(1j * np.pi * float(flux) * (y1 + y2))  # 2 pi B y on a horizontal bond
        return (-SIGMA_0 - 1j * float(alpha) * SIGMA_Y)[None] * phase[:, None, None]

    sys = System(square(norbs=2), shape=lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(hop_x, kind=HoppingKind(0, 0, (1, 0)))
    sys.hopping(_hop_y, kind=HoppingKind(0, 0, (0, 1)))
    for direction in ((-1, 0), (1, 0)):
        sys.attach_lead(Lead(direction, onsite=4.0 * SIGMA_0, hoppings=[(-SIGMA_0, 1)]))
    return sys.finalized()


class MagnetoEnsemble(NamedTuple):
    """Disorder-averaged transmissions of :func:`rashba_strip` against flux, for several ``alpha``.

    Attributes
    ----------
    fluxes : ndarray, shape (NF,)
        Total flux through the strip, ``B L W`` (flux quanta).
    alphas : ndarray, shape (NA,)
        Spin-orbit hoppings (units of ``t``).
    energies : ndarray, shape (NE,)
        Energies averaged over besides the disorder (units of ``t``).
    transmissions : ndarray, shape (NA, R, NF, NE)
        Every value (summed over spin; ``G = (e^2/h) T``).
    change, sem_change : ndarray, shape (NA, NF)
        ``<T(Phi) - T(0)>`` averaged over realizations and energies, and its
        standard error (from the spread of the realizations' energy means).
    """

    fluxes: np.ndarray
    alphas: np.ndarray
    energies: np.ndarray
    transmissions: np.ndarray
    change: np.ndarray
    sem_change: np.ndarray


def magnetoconductance_ensemble(length, width, fluxes, *, alphas, disorder, energies, realizations, rng,
                                progress=None):
    r"""Ensemble of disordered Rashba strips against field: weak localization and antilocalization.

    Each realization of the Anderson disorder is followed through every flux
    and every ``alpha`` (same impurities), and each solve gives all
    ``energies`` at once; the change ``T(Phi) - T(0)`` is averaged over
    realizations and energies.  Without spin-orbit coupling (orthogonal
    class) the average rises with field; with strong coupling (symplectic
    class, spin relaxed within the sample) it falls: the sign of the
    quantum correction flips (Hikami, Larkin and Nagaoka 1980).

    Parameters
    ----------
    length, width : int
        Size of the strip (sites).
    fluxes : array_like, 1-d
        Total fluxes through the strip, flux quanta (the first one is the
        reference, usually 0).
    alphas : array_like, 1-d
        Spin-orbit hoppings (units of ``t``).
    disorder : float
        Anderson disorder width ``w`` (units of ``t``).
    energies : array_like, 1-d
        Fermi energies (units of ``t``), spaced by more than the correlation
        energy so that they add nearly independent samples.
    realizations : int
        Disorder realizations.
    rng : numpy.random.Generator
    progress : callable, optional
        ``progress(done, total)`` after each realization.

    Returns
    -------
    MagnetoEnsemble
    """
    lx = check_integer(length, "length", minimum=1)
    ly = check_integer(width, "width", minimum=1)
    phis = as_real_array(fluxes, "fluxes").reshape(-1)
    alist = as_real_array(alphas, "alphas").reshape(-1)
    es = as_real_array(energies, "energies").reshape(-1)
    if not phis.size or not alist.size or not es.size:
        raise ValueError("`fluxes`, `alphas` and `energies` must each hold at least one value.")
    r_total = check_count(realizations, "realizations", minimum=2)
    w = _nonnegative_scalar(disorder, "disorder", "It is the width of the on-site distribution (units of t).")
    rng = check_rng(rng)
    progress = check_progress(progress)
    _sites({"length": lx, "width": ly}, lx * ly)
    check_elements((alist.size, r_total, phis.size, es.size), "realizations", value=r_total, copies=2,
                   what="the transmissions")
    fsys = rashba_strip(lx, ly)
    out = np.zeros((alist.size, r_total, phis.size, es.size))
    for r in range(r_total):
        pot = anderson_disorder(fsys, w, rng)
        for a, alpha in enumerate(alist):
            for j, phi in enumerate(phis):
                params = {"disorder": pot, "alpha": float(alpha), "flux": float(phi) / (lx * ly)}
                out[a, r, j] = transmission(fsys, es, params).transmission[:, 1, 0]
        if progress is not None:
            progress(r + 1, r_total)
    per_sample = (out - out[:, :, :1]).mean(axis=3)  # (NA, R, NF)
    change = per_sample.mean(axis=1)
    sem = per_sample.std(axis=1, ddof=1) / np.sqrt(r_total)
    return MagnetoEnsemble(phis, alist, es, out, change, sem)
