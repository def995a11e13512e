r"""Superconducting interfaces on the lattice: NS junctions, the Kitaev chain, Majorana wires.

Built only on the public API of :mod:`qtransport.tb` (:class:`System`,
:class:`Lead`, :func:`smatrix`, :func:`lead_bands`); course chapter 11.

Bogoliubov-de Gennes (BdG) systems
----------------------------------
A superconductor mixes electrons and holes, so every site carries a Nambu
spinor.  For a spin-singlet s-wave superconductor without spin-dependent
terms the spin-up electron and the spin-down hole form a closed pair,
:math:`\Psi = (c_\uparrow, c_\downarrow^\dagger)`, and the BdG Hamiltonian on
the square lattice is

.. math::

    H = \big(4t - \mu + V(\mathbf r)\big)\,\tau_z - t\,\tau_z\ (\text{bonds})
        + \Delta(\mathbf r)\,\tau_x ,

with Pauli matrices :math:`\tau` in electron-hole space (the other pair,
:math:`(c_\downarrow, -c_\uparrow^\dagger)`, is an identical copy: spin
degeneracy doubles every conductance below).  The normal lead has
:math:`\Delta = 0`, so :math:`\tau_z` is conserved there and its modes split
into electrons (:math:`\tau_z = +1`) and holes (:math:`\tau_z = -1`).  From
the blocks of the scattering matrix at energy :math:`E` (measured from the
Fermi level) the current carried by an electron sent in gives the
conductance of one Nambu copy

.. math:: G_{NS}(E) = \frac{e^2}{h}\,\big(N - R_{ee}(E) + R_{he}(E)\big),

with :math:`N` the electron channels of the normal lead, :math:`R_{ee}` the
total normal reflection and :math:`R_{he}` the total Andreev reflection (an
electron coming back as a hole: a charge :math:`2e` enters the condensate).

Barrier strength
----------------
A barrier ``U`` on one column of sites of a strip of width ``W`` keeps the
transverse modes separate.  In channel ``n`` (transverse energy
:math:`\varepsilon_n = 2t(1 - \cos(n\pi/(W+1)))`, longitudinal wave number
:math:`2t(1 - \cos k_n) = \mu - \varepsilon_n`) it transmits
:math:`T_n = 1/(1 + Z_n^2)` exactly, with

.. math:: Z_n = \frac{U}{\hbar v_n / a} = \frac{U}{2t\sin k_n},

the lattice version of the BTK parameter :math:`Z = H/(\hbar v_F)`.  Each
channel then follows the BTK model with its own :math:`Z_n` in the Andreev
approximation :math:`\Delta \ll \mu - \varepsilon_n`.

The Kitaev chain
----------------
Spinless fermions, one orbital per site, in the Nambu basis
:math:`(c_j, c_j^\dagger)`: on-site :math:`-\mu\,\tau_z`, bond
:math:`H_{j,j+1} = -t\,\tau_z - i\Delta\,\tau_y`.  This is the matrix of
:func:`qtransport.models.superconductor.kitaev_hamiltonian`, here built by the
general engine.

Rashba-Zeeman wire on an s-wave superconductor
----------------------------------------------
Basis :math:`(c_\uparrow, c_\downarrow, c_\downarrow^\dagger,
-c_\uparrow^\dagger)` on each site of a chain, ``t = 1``:

.. math::

    H = \big(2t(1 - \cos k) - \mu + \alpha \sin k\,\sigma_y\big)\,\tau_z
        + E_z\,\sigma_x + \Delta\,\tau_x ,

on-site :math:`(2t - \mu)\tau_z + E_z\sigma_x + \Delta\tau_x`, bond
:math:`H_{j,j+1} = -t\,\tau_z - (i\alpha/2)\,\sigma_y\tau_z` (``alpha`` in
units of ``t a``).  At ``k = 0`` the spectrum is :math:`\pm E_z \pm
\sqrt{\Delta^2 + \mu^2}`: the gap closes, and the wire becomes topological,
at :math:`E_z = \sqrt{\Delta^2 + \mu^2}` (Lutchyn, Sau and Das Sarma 2010;
Oreg, Refael and von Oppen 2010).

Units
-----
Lattice work is dimensionless: hopping ``t = 1``, lattice constant ``a = 1``,
energies (``energy``, ``mu``, ``delta``, ``barrier``, ``zeeman``) in units of
``t``.  Conductances are returned in units of ``e^2/h`` for one Nambu copy
(no spin degeneracy factor).

References
----------
A. F. Andreev, Sov. Phys. JETP 19, 1228 (1964);
P. G. de Gennes, *Superconductivity of Metals and Alloys* (Benjamin, 1966);
G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982);
C. W. J. Beenakker, Phys. Rev. B 46, 12841 (1992);
A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001);
R. M. Lutchyn, J. D. Sau and S. Das Sarma, Phys. Rev. Lett. 105, 077001 (2010);
Y. Oreg, G. Refael and F. von Oppen, Phys. Rev. Lett. 105, 177002 (2010).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._threads import single_threaded_blas
from qtransport._validation import (
    as_real_array,
    check_count,
    check_elements,
    check_flag,
    check_integer,
    check_memory,
    check_nonnegative,
    check_positive,
    check_progress,
    check_rng,
    check_scalar,
    check_sites,
    check_size,
    unwrap_0d,
)
from qtransport.models.superconductor import btk_coefficients
from qtransport.tb.builder import FiniteSystem, Lead, System
from qtransport.tb.geometries import MAX_SITES
from qtransport.tb.lattice import HoppingKind, chain, square
from qtransport.tb.solvers import lead_bands, smatrix

__all__ = [
    "TAU_X",
    "TAU_Y",
    "TAU_Z",
    "ns_junction",
    "AndreevConductance",
    "andreev_conductance",
    "andreev_conductance_map",
    "barrier_strength",
    "btk_lattice_conductance",
    "BeenakkerSample",
    "beenakker_samples",
    "kitaev_chain",
    "kitaev_lattice_spectrum",
    "KitaevMajoranas",
    "kitaev_majoranas",
    "kitaev_junction",
    "kitaev_bulk_gap",
    "majorana_wire",
    "majorana_critical_zeeman",
    "majorana_wire_bands",
]

_S0 = np.eye(2)
_SX = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=complex)
_SY = np.array([[0.0, -1j], [1j, 0.0]])
_SZ = np.diag([1.0, -1.0]).astype(complex)

#: Pauli matrices in electron-hole (Nambu) space of a two-orbital site.
TAU_X, TAU_Y, TAU_Z = _SX, _SY, _SZ

# Rashba-Zeeman wire, basis (e up, e down, h down, -h up): tau outside, sigma inside.
_T0S0 = np.eye(4, dtype=complex)
_TZ = np.kron(_SZ, _S0)
_TX = np.kron(_SX, _S0)
_SXW = np.kron(_S0, _SX)
_SYTZ = np.kron(_SZ, _SY)
#: The bond from a chain site to the next one, as the lead values need it.
_NEXT = HoppingKind(0, 0, (1,))


# --------------------------------------------------------------------------- validation


def _check_fsys(fsys):
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(
            f"`fsys` must be a finalized system (e.g. ns_junction(...)), got {type(fsys).__name__}."
        )
    if not fsys.leads:
        raise ValueError("`fsys` has no leads: attach a normal lead (lead 0) before asking for conductances.")
    flead = fsys.leads[0]
    values = list(flead.block_values)
    if sorted(np.round(values, 12).tolist()) != [-1.0, 1.0]:
        raise ValueError(
            "`fsys` lead 0 must be a normal lead with the electron-hole conservation law tau_z "
            "(blocks with eigenvalues -1 for holes and +1 for electrons)."
        )
    return values.index(max(values)), values.index(min(values))


def _energies(energies, name="energies"):
    arr = as_real_array(energies, name)
    if arr.ndim > 1:
        raise ValueError(f"`{name}` must be a number or a 1-d array, got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"`{name}` is empty: give at least one energy.")
    return arr


def _sites(sizes, n_sites, norbs):
    """Refuse, before building it, a system of ``n_sites`` Nambu sites that cannot fit (names the largest size)."""
    return check_sites(sizes, n_sites, norbs=norbs, maximum=MAX_SITES)


def _params(params):
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of parameter values, got {type(params).__name__}.")
    return dict(params)


# --------------------------------------------------------------------------- NS junction


def ns_junction(width=1, normal_length=2, *, superconductor=True):
    r"""A normal-metal / s-wave superconductor junction on a strip, as a BdG system.

    The strip has ``width`` sites across; its sites ``0 <= x < normal_length``
    are normal (``Delta = 0``, with an optional random potential), the last
    normal column ``x = normal_length - 1`` carries the barrier, and the
    column ``x = normal_length`` is the first cell of the superconducting
    lead, which continues without end along ``+x``.  Lead 0 (towards
    ``-x``) is normal and conserves ``tau_z``.

    On-site matrix ``(4t - mu + V(r)) tau_z + Delta(r) tau_x``, bonds
    ``-t tau_z`` (``t = 1``).

    Parameters
    ----------
    width : int
        Sites across the strip (>= 1; ``width = 1`` is a chain, where the
        ``4t`` above is ``2t``).
    normal_length : int
        Columns of the normal region (>= 1).
    superconductor : bool, keyword-only
        With ``False`` the right lead is normal too (``Delta`` ignored) and
        also conserves ``tau_z``: the normal state of the same junction, whose
        electron block gives the transmission eigenvalues of the normal part.

    Returns
    -------
    FiniteSystem
        Its values take the parameters ``mu`` (chemical potential from the
        band bottom), ``delta`` (gap), ``barrier`` (height ``U`` of the
        barrier column) and ``disorder`` (0, or an array of one energy per
        site, e.g. from :func:`qtransport.tb.anderson_disorder`; it acts
        on the normal sites only), all in units of ``t``.

    Examples
    --------
    >>> fsys = ns_junction(1, 2)
    >>> g = andreev_conductance(fsys, 0.0, dict(mu=2.0, delta=0.01, barrier=0.0, disorder=0.0))
    >>> round(float(g.conductance), 4)   # an ideal contact: Andreev reflection doubles G
    2.0
    """
    w = check_integer(width, "width", minimum=1)
    n = check_integer(normal_length, "normal_length", minimum=1)
    superconductor = check_flag(superconductor, "superconductor")
    _sites({"width": w, "normal_length": n}, w * (n + 1), 2)
    band = 2.0 if w == 1 else 4.0
    lat = chain(norbs=2) if w == 1 else square(norbs=2)

    def inside(*xy):
        x = xy[0]
        keep = (x >= 0) & (x <= n)
        if w > 1:
            keep = keep & (xy[1] >= 0) & (xy[1] < w)
        return keep

    def onsite(*xy, sites, mu, delta, barrier, disorder):
        x = xy[0]
        normal = x < n
        pot = np.where(x == n - 1, barrier, 0.0)
        dis = np.asarray(disorder, dtype=float)
        if dis.ndim:
            pot = pot + np.where(normal, dis[sites], 0.0)
        gap = 0.0 if not superconductor else delta
        return (band - mu + pot)[:, None, None] * TAU_Z + (gap * ~normal)[:, None, None] * TAU_X

    def lead_normal(*xy, mu):
        return (band - mu) * TAU_Z

    def lead_sc(*xy, mu, delta):
        return (band - mu) * TAU_Z + delta * TAU_X

    sys = System(lat, shape=inside, start=(0,) if w == 1 else (0, 0))
    sys.onsite = onsite
    sys.hopping(-TAU_Z)
    left, right = ((-1,), (1,)) if w == 1 else ((-1, 0), (1, 0))
    sys.attach_lead(Lead(left, onsite=lead_normal, conservation=TAU_Z, name="normal"))
    if superconductor:
        sys.attach_lead(Lead(right, onsite=lead_sc, name="superconductor"))
    else:
        sys.attach_lead(Lead(right, onsite=lead_normal, conservation=TAU_Z, name="normal (right)"))
    return sys.finalized()


class AndreevConductance(NamedTuple):
    """Conductance of a normal lead into a superconducting system, resolved into reflections.

    Attributes
    ----------
    energy : float or ndarray
        Energies ``E`` (units of ``t``) from the Fermi level.
    conductance : float or ndarray
        ``N - R_ee + R_he`` in units of ``e^2/h`` (one Nambu copy).
    electron_reflection : float or ndarray
        ``R_ee``: electrons reflected as electrons, summed over channels.
    andreev_reflection : float or ndarray
        ``R_he``: electrons reflected as holes, summed over channels.
    channels : int or ndarray of int
        ``N``, the open electron channels of the normal lead.
    """

    energy: np.ndarray
    conductance: np.ndarray
    electron_reflection: np.ndarray
    andreev_reflection: np.ndarray
    channels: np.ndarray


#: The S-matrix "at E = 0" is computed at this energy (units of t); see :func:`andreev_conductance`.
ZERO_ENERGY_SHIFT = 1e-6
UNITARITY_TOL = 1e-8


def _unitary_smatrix(fsys, energy, params):
    """``smatrix`` at ``energy`` (``ZERO_ENERGY_SHIFT`` for 0), with its unitarity checked."""
    def unitary(energy):
        try:
            s = smatrix(fsys, energy, params)
        except np.linalg.LinAlgError:
            return None
        size = len(s.s)
        ok = not size or np.allclose(s.s.conj().T @ s.s, np.eye(size), atol=UNITARITY_TOL, rtol=0)
        return s if ok else None

    s = unitary(ZERO_ENERGY_SHIFT if energy == 0.0 else energy)
    if s is None:
        raise ValueError(
            f"the scattering matrix at `energies` = {energy} is singular or not unitary (a mode exactly at a "
            "band edge?); move the energy slightly"
        )
    return s


def andreev_conductance(fsys, energies, params=None, *, progress=None):
    """``G = (e^2/h)(N - R_ee + R_he)`` of the normal lead 0 from the electron-hole blocks of ``S``.

    Parameters
    ----------
    fsys : FiniteSystem
        A BdG system whose lead 0 is normal and conserves ``tau_z`` (as built
        by :func:`ns_junction`, :func:`kitaev_junction` or
        :func:`majorana_wire`).
    energies : float or array_like
        Energies ``E`` from the Fermi level (units of ``t``), a number or a
        1-d array.
    params : dict, optional
        Values of the system's named parameters.
    progress : callable, optional
        ``progress(done, total)`` after each energy.

    Returns
    -------
    AndreevConductance
        Scalars for a scalar ``energies``; conductances in ``e^2/h``.

    Notes
    -----
    At ``E = 0`` exactly, the modes of a gapped BdG lead are degenerate in
    pairs (particle-hole symmetry maps ``lambda`` at ``E`` to ``lambda^*`` at
    ``-E``) and the engine's mode solver can return a wrong ``S``; an energy
    of exactly 0 is therefore solved at ``E = ZERO_ENERGY_SHIFT = 1e-6 t``
    (the ``energy`` field still reports 0).  Conductances are even and smooth
    in ``E`` on scales far above that, so the shift changes them by about
    ``(1e-6 t / Gamma)^2`` for a resonance of width ``Gamma``.  Each ``S`` is
    checked to be unitary; if it is not, a ``ValueError`` is raised.
    """
    e_hole = _check_fsys(fsys)
    electrons, holes = e_hole
    grid = _energies(energies)
    params = _params(params)
    progress = check_progress(progress)
    flat = grid.reshape(-1)
    g, ree, rhe, n = (np.empty(flat.size) for _ in range(4))
    for i, energy in enumerate(flat):
        s = _unitary_smatrix(fsys, float(energy), params)
        n[i] = s.open_channels(0, electrons)
        ree[i] = s.transmission((0, electrons), (0, electrons))
        rhe[i] = s.transmission((0, holes), (0, electrons))
        g[i] = n[i] - ree[i] + rhe[i]
        if progress is not None:
            progress(i + 1, flat.size)
    shape = grid.shape
    return AndreevConductance(
        unwrap_0d(grid), unwrap_0d(g.reshape(shape)), unwrap_0d(ree.reshape(shape)),
        unwrap_0d(rhe.reshape(shape)), unwrap_0d(n.astype(int).reshape(shape)),
    )


def andreev_conductance_map(fsys, energies, name, values, params=None, *, progress=None):
    """``G(E)`` of :func:`andreev_conductance` for each value of one parameter.

    Parameters
    ----------
    fsys : FiniteSystem
    energies : array_like
        1-d grid of energies (units of ``t``).
    name : str
        The parameter swept (a key of ``params``, e.g. ``"barrier"`` or ``"zeeman"``).
    values : array_like
        1-d grid of its values.
    params : dict, optional
        The other parameters.
    progress : callable, optional
        ``progress(done, total)`` over all ``len(values) * len(energies)`` solves.

    Returns
    -------
    ndarray, shape (len(values), len(energies))
        ``N - R_ee + R_he`` in units of ``e^2/h``.
    """
    _check_fsys(fsys)
    grid = np.atleast_1d(_energies(energies))
    if not isinstance(name, str):
        raise TypeError(f"`name` must be the name of a parameter (a str), got {name!r}.")
    vals = np.atleast_1d(as_real_array(values, "values"))
    if vals.ndim != 1 or vals.size == 0:
        raise ValueError(f"`values` must be a non-empty 1-d array, got shape {vals.shape}.")
    params = _params(params)
    if name not in params:
        raise ValueError(
            f"`name` {name!r} must be one of the parameters given in `params` ({', '.join(map(repr, params))})."
        )
    progress = check_progress(progress)
    out = np.empty((vals.size, grid.size))
    total = out.size
    for i, v in enumerate(vals):
        done = i * grid.size

        def step(k, _n, done=done):
            if progress is not None:
                progress(done + k, total)

        out[i] = andreev_conductance(fsys, grid, {**params, name: float(v)}, progress=step).conductance
    return out


def _channel_wavenumbers(mu, width):
    n = np.arange(1, width + 1)
    eps = 2.0 * (1.0 - np.cos(n * np.pi / (width + 1))) if width > 1 else np.zeros(1)
    cos_k = 1.0 - (mu - eps) / 2.0
    open_ = np.abs(cos_k) < 1.0
    return np.arccos(cos_k[open_])


def barrier_strength(barrier, *, mu, width=1):
    r"""BTK barrier strengths ``Z_n = U / (2t sin k_n)`` of a one-column barrier, per open channel.

    Parameters
    ----------
    barrier : float
        Height ``U`` of the barrier column (units of ``t``), any real number.
    mu : float
        Chemical potential from the band bottom (units of ``t``).
    width : int, keyword-only
        Width of the strip (1: a chain).

    Returns
    -------
    ndarray, shape (N,)
        ``Z_n`` of the ``N`` open channels at the Fermi level (dimensionless);
        the normal-state transmission of channel ``n`` is ``1/(1 + Z_n^2)``.

    Examples
    --------
    At the band centre of a chain, ``k = pi/2`` and ``Z = U/2``:

    >>> barrier_strength(1.0, mu=2.0)
    array([0.5])
    """
    u = check_scalar(barrier, "barrier")
    mu = check_scalar(mu, "mu")
    w = check_size(width, "width", minimum=1, copies=4, what="the transverse channels")
    k = _channel_wavenumbers(mu, w)
    if k.size == 0:
        raise ValueError(f"`mu` = {mu} opens no channel of a strip of width {w}: take 0 < mu < 4t (chain) or so.")
    return u / (2.0 * np.sin(k))


def btk_lattice_conductance(energies, *, mu, delta, barrier, width=1):
    r"""The BTK prediction for :func:`ns_junction`: ``sum_n [1 + A(E; Z_n) - B(E; Z_n)]``.

    Each open channel of the strip is a BTK interface of strength
    ``Z_n`` (:func:`barrier_strength`); :func:`qtransport.models.btk_coefficients`
    gives its Andreev and normal reflection.  This is the continuum model in
    the Andreev approximation: the lattice agrees with it up to corrections
    of order ``Delta / (mu - eps_n)``.

    Parameters
    ----------
    energies : array_like
        Energies from the Fermi level (units of ``t``).
    mu, delta, barrier : float, keyword-only
        Chemical potential, gap (> 0) and barrier height, units of ``t``.
    width : int, keyword-only

    Returns
    -------
    float or ndarray
        Conductance in ``e^2/h`` (one Nambu copy), shape of ``energies``.

    Examples
    --------
    >>> btk_lattice_conductance([0.0, 0.5], mu=2.0, delta=1.0, barrier=0.0)
    array([2., 2.])
    """
    e = as_real_array(energies, "energies")
    delta = float(check_positive(check_scalar(delta, "delta"), "delta"))
    z = barrier_strength(barrier, mu=mu, width=width)
    a, b, _, _ = btk_coefficients(e[..., None], delta=delta, Z=z)
    return unwrap_0d(np.sum(1.0 + a - b, axis=-1))


class BeenakkerSample(NamedTuple):
    """One disordered NS junction: the lattice result and Beenakker's formula.

    Attributes
    ----------
    conductance : float
        ``G_NS`` at ``E = 0`` from the BdG S-matrix, ``e^2/h`` (one Nambu copy).
    beenakker : float
        ``2 sum_n T_n^2 / (2 - T_n)^2`` in ``e^2/h``, from the normal part alone.
    normal_conductance : float
        ``G_N = sum_n T_n`` in ``e^2/h``.
    transmissions : ndarray
        The transmission eigenvalues ``T_n`` of the normal part.
    """

    conductance: float
    beenakker: float
    normal_conductance: float
    transmissions: np.ndarray


def beenakker_samples(width, normal_length, *, mu, delta, disorder, rng, realizations=1, barrier=0.0,
                      progress=None):
    r"""Disordered NS junctions at ``E = 0``: ``G_NS`` on the lattice and from Beenakker's formula.

    For each realization, Anderson disorder of strength ``disorder``
    (uniform in ``[-w/2, w/2]``) fills the normal region of
    :func:`ns_junction`.  The same junction in the normal state
    (``superconductor=False``) gives the transmission eigenvalues ``T_n``
    of its electron block; Beenakker's formula turns them into

    .. math:: G_{NS} = \frac{2e^2}{h} \sum_n \frac{T_n^2}{(2 - T_n)^2}

    (one Nambu copy; spin doubles it to ``4e^2/h``), to be compared with the
    BdG S-matrix of the superconducting junction.

    Parameters
    ----------
    width, normal_length : int
        Size of the strip and of its disordered normal part.
    mu, delta : float, keyword-only
        Chemical potential and gap (units of ``t``); the formula needs
        ``delta << mu``.
    disorder : float, keyword-only
        Anderson disorder strength ``w`` (units of ``t``, >= 0).
    rng : numpy.random.Generator, keyword-only
        Source of the random potentials.
    realizations : int, keyword-only
    barrier : float, keyword-only
        Extra barrier on the last normal column.
    progress : callable, optional

    Returns
    -------
    list of BeenakkerSample
    """
    from qtransport.models.superconductor import beenakker_conductance
    from qtransport.tb.builder import anderson_disorder

    mu = check_scalar(mu, "mu")
    delta = float(check_positive(check_scalar(delta, "delta"), "delta"))
    w = float(check_nonnegative(check_scalar(disorder, "disorder"), "disorder"))
    u = check_scalar(barrier, "barrier")
    count = check_count(realizations, "realizations", minimum=1)
    rng = check_rng(rng)
    progress = check_progress(progress)
    w_sites = check_integer(width, "width", minimum=1)
    n_sites = check_integer(normal_length, "normal_length", minimum=1)
    _sites({"width": w_sites, "normal_length": n_sites}, w_sites * (n_sites + 1), 2)
    # one sample per realization is kept: its numbers and up to `width` transmission eigenvalues
    check_memory(count * (8 * w_sites + 400), "realizations", value=count, what="the samples")
    ns = ns_junction(width, normal_length)
    nn = ns_junction(width, normal_length, superconductor=False)
    out = []
    for i in range(count):
        pot = anderson_disorder(ns, w, rng)
        params = dict(mu=mu, delta=delta, barrier=u, disorder=pot)
        g = andreev_conductance(ns, 0.0, params)
        s = smatrix(nn, 0.0, params)
        electrons = int(np.argmax(s.block_values[0]))
        right = int(np.argmax(s.block_values[1]))
        tn = np.clip(s.transmission_eigenvalues((1, right), (0, electrons)), 0.0, 1.0)
        if tn.size == 0:
            raise ValueError(
                f"`mu` = {mu} opens no channel in the normal lead of a strip of width {width}: "
                "choose mu inside the band, away from a channel threshold"
            )
        out.append(BeenakkerSample(
            float(g.conductance),
            float(beenakker_conductance(tn, spin_degeneracy=1, unit="e^2/h")),
            float(tn.sum()), tn,
        ))
        if progress is not None:
            progress(i + 1, count)
    return out


# --------------------------------------------------------------------------- Kitaev chain


def _kitaev_onsite(x, *, mu):
    return -mu * TAU_Z


def _kitaev_bond(t, delta):
    # The engine's hopping value is H_{j+1, j}, the conjugate of H_{j, j+1} = -t tau_z - i Delta tau_y.
    return -t * TAU_Z + 1j * delta * TAU_Y


def kitaev_chain(n_sites):
    r"""An open Kitaev chain of ``n_sites`` sites, built by the general engine (no leads).

    On-site ``-mu tau_z``, bond ``H_{j,j+1} = -t tau_z - i Delta tau_y`` in the
    basis ``(c_j, c_j^dagger)``; its parameters are ``mu``, ``t`` and
    ``delta`` (one energy unit).

    Parameters
    ----------
    n_sites : int
        Number of sites (>= 1).

    Returns
    -------
    FiniteSystem
        ``fsys.hamiltonian(dict(mu=..., t=..., delta=...), sparse=False)`` is
        the ``2N x 2N`` BdG matrix, sites in order, ``(c_j, c_j^dagger)`` on each.
    """
    n = check_integer(n_sites, "n_sites", minimum=1)
    _sites({"n_sites": n}, n, 2)
    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x < n), start=(0,))
    sys.onsite = _kitaev_onsite
    sys.hopping(lambda x1, x2, *, t, delta: _kitaev_bond(t, delta), kind=(0, 0, (1,)))
    return sys.finalized()


def _kitaev_inputs(t, delta):
    return check_scalar(t, "t"), check_scalar(delta, "delta")


def kitaev_lattice_spectrum(n_sites, mus, *, t=1.0, delta):
    """BdG levels of an open Kitaev chain (from :func:`kitaev_chain`) for many ``mu`` at once.

    The engine's Hamiltonian is linear in ``mu``; it is built at ``mu = 0``
    and ``mu = 1`` and the whole sweep diagonalized as one stack.

    Parameters
    ----------
    n_sites : int
    mus : array_like
        Chemical potentials (units of ``t``), 1-d.
    t, delta : float, keyword-only
        Hopping and p-wave pairing.

    Returns
    -------
    ndarray, shape (len(mus), 2 * n_sites)
        Ascending levels at each ``mu``, in pairs ``+-E``.
    """
    n = check_integer(n_sites, "n_sites", minimum=1)
    t, delta = _kitaev_inputs(t, delta)
    mus = np.atleast_1d(as_real_array(mus, "mus"))
    if mus.ndim != 1:
        raise ValueError(f"`mus` must be a 1-d array, got shape {mus.shape}.")
    # the dense BdG matrices: two complex ones, the real stack over mu and its eigenvalue work
    check_elements((2 * n, 2 * n), "n_sites", value=n, itemsize=16, copies=4 + 2 * mus.size,
                   what="the dense BdG matrices")
    fsys = kitaev_chain(n)
    h0 = fsys.hamiltonian(dict(mu=0.0, t=t, delta=delta), sparse=False)
    h1 = fsys.hamiltonian(dict(mu=1.0, t=t, delta=delta), sparse=False) - h0
    with single_threaded_blas():  # many small matrices: BLAS threads only get in the way
        return np.linalg.eigvalsh((h0[None] + mus[:, None, None] * h1[None]).real)


class KitaevMajoranas(NamedTuple):
    """The lowest BdG pair of an open Kitaev chain, split into its two Majorana halves.

    Attributes
    ----------
    energy : float
        Energy ``E >= 0`` of the lowest level (its partner is at ``-E``).
    density : ndarray, shape (N,)
        ``|u_j|^2 + |v_j|^2`` of the pair, per site, normalized to 1.
    left, right : ndarray, shape (N,)
        Site densities (each normalized to 1) of the two Majorana
        combinations of the pair, the one nearer the left end first.  In the
        topological phase each sits at one end.
    """

    energy: float
    density: np.ndarray
    left: np.ndarray
    right: np.ndarray


def kitaev_majoranas(n_sites, *, t=1.0, delta, mu):
    r"""End states of an open Kitaev chain on the lattice.

    The two lowest levels ``+-E`` span a subspace closed under particle-hole
    conjugation.  Diagonalizing the position operator inside it gives the two
    Majorana combinations, one at each end when the chain is topological
    (``|mu| < 2|t|``); their densities add up to twice the pair's density.

    Parameters
    ----------
    n_sites : int
        Number of sites (>= 2).
    t, delta, mu : float, keyword-only
        Hopping, pairing and chemical potential (one energy unit).

    Returns
    -------
    KitaevMajoranas

    Examples
    --------
    >>> m = kitaev_majoranas(10, t=1.0, delta=1.0, mu=0.0)   # the sweet spot
    >>> float(m.left[0]), float(m.right[-1])
    (1.0, 1.0)
    """
    n = check_integer(n_sites, "n_sites", minimum=2)
    t, delta = _kitaev_inputs(t, delta)
    mu = check_scalar(mu, "mu")
    check_elements((2 * n, 2 * n), "n_sites", value=n, itemsize=16, copies=6, what="the dense BdG matrix")
    h = kitaev_chain(n).hamiltonian(dict(mu=mu, t=t, delta=delta), sparse=False)
    with single_threaded_blas():
        values, vectors = np.linalg.eigh(h.real)
    pair = vectors[:, n - 1 : n + 1]  # levels -E and +E
    x = np.repeat(np.arange(n, dtype=float), 2)  # position of each orbital (c_j, c_j^dagger)
    xs = pair.conj().T @ (x[:, None] * pair)
    _, rot = np.linalg.eigh(xs)
    majoranas = pair @ rot  # left end first (smaller mean position)
    per_site = np.abs(majoranas.reshape(n, 2, 2)) ** 2
    left, right = per_site.sum(axis=1).T
    density = np.sum(np.abs(pair.reshape(n, 2, 2)) ** 2, axis=(1, 2))
    return KitaevMajoranas(float(abs(values[n])), density / density.sum(), left / left.sum(), right / right.sum())


def kitaev_junction(normal_length=2, *, barrier_sites=1):
    r"""A normal chain attached to a semi-infinite Kitaev chain (lead 1).

    Normal lead 0 and the first ``normal_length`` sites: on-site
    ``(2t_n - mu_n) tau_z`` (``t_n = 1``, ``mu_n`` = parameter ``mu_normal``),
    bonds ``-tau_z``; the first ``barrier_sites`` sites next to the
    superconductor add ``barrier tau_z``.  The Kitaev chain
    (parameters ``mu``, ``t``, ``delta``) starts at ``x = normal_length``.
    The bond joining the two is ``-tau_z``.

    At ``E = 0`` the single electron channel is reflected either entirely as
    a hole (``G = 2e^2/h``, topological phase) or entirely as an electron
    (``G = 0``): the reflection matrix of a gapped class-D superconductor
    with one channel has determinant ``-1`` or ``+1``.

    Parameters
    ----------
    normal_length : int
        Normal sites before the Kitaev chain (>= 1).
    barrier_sites : int, keyword-only
        How many of them (the last ones) carry the barrier (0 .. normal_length).

    Returns
    -------
    FiniteSystem
        Parameters ``mu_normal``, ``barrier``, ``mu``, ``t``, ``delta``.
    """
    n = check_integer(normal_length, "normal_length", minimum=1)
    nb = check_integer(barrier_sites, "barrier_sites", minimum=0)
    if nb > n:
        raise ValueError(f"`barrier_sites` must be at most `normal_length` = {n}, got {nb}.")
    _sites({"normal_length": n}, n + 1, 2)

    def onsite(x, *, mu_normal, barrier, mu):
        normal = (x < n)[:, None, None]
        bar = ((x >= n - nb) & (x < n))[:, None, None] * barrier
        return np.where(normal, (2.0 - mu_normal + bar) * TAU_Z, -mu * TAU_Z)

    def bond(x1, x2, *, t, delta):
        # H_{x1, x2} with x2 = x1 + 1: the Kitaev bond between superconducting sites, -tau_z elsewhere.
        sc = (np.minimum(x1, x2) >= n)[:, None, None]
        return np.where(sc, _kitaev_bond(t, delta), -TAU_Z)

    sys = System(chain(norbs=2), shape=lambda x: (x >= 0) & (x <= n), start=(0,))
    sys.onsite = onsite
    sys.hopping(bond, kind=(0, 0, (1,)))
    sys.attach_lead(Lead((-1,), onsite=lambda x, *, mu_normal: (2.0 - mu_normal) * TAU_Z,
                         hoppings=[(-TAU_Z, _NEXT)], conservation=TAU_Z, name="normal"))
    sys.attach_lead(Lead((1,), onsite=_kitaev_onsite,
                         hoppings=[(lambda x1, x2, *, t, delta: _kitaev_bond(t, delta), _NEXT)],
                         name="Kitaev chain"))
    return sys.finalized()


def kitaev_bulk_gap(mu, *, t=1.0, delta, momenta=2001):
    """Bulk gap of the Kitaev chain from the bands of the engine's lead (lattice route).

    Parameters
    ----------
    mu : float
        Chemical potential (units of ``t``).
    t, delta : float, keyword-only
    momenta : int, keyword-only
        Number of Bloch phases in ``[0, pi]`` (both ends included).

    Returns
    -------
    float
        ``min_k E(k)`` over the sampled ``k``; compare
        :func:`qtransport.models.kitaev_bulk_spectrum`.
    """
    mu = check_scalar(mu, "mu")
    t, delta = _kitaev_inputs(t, delta)
    count = check_size(momenta, "momenta", minimum=2, copies=8, what="the bands")
    fsys = kitaev_junction(1, barrier_sites=0)
    k = np.linspace(0.0, np.pi, count)
    bands = lead_bands(fsys, 1, k, dict(mu=mu, t=t, delta=delta, mu_normal=2.0, barrier=0.0))
    return float(np.min(np.abs(bands)))


# --------------------------------------------------------------------------- Majorana wire


def _wire_onsite(mu, zeeman, delta):
    return (2.0 - mu) * _TZ + zeeman * _SXW + delta * _TX


def _wire_bond(alpha):
    # H_{j+1, j}, the conjugate of H_{j, j+1} = -tau_z - (i alpha / 2) sigma_y tau_z.
    return -_TZ + 0.5j * alpha * _SYTZ


def majorana_wire(length=None, *, barrier_sites=2):
    r"""A Rashba-Zeeman wire on an s-wave superconductor, probed by a normal lead.

    Lead 0 is the same wire without pairing (``Delta = 0``; it conserves
    ``tau_z``).  The first ``barrier_sites`` sites of the system are normal
    and carry the tunnel barrier ``barrier tau_z``; the proximitized wire
    follows, either ``length`` sites long and ending in vacuum, or, with
    ``length=None``, continuing as a semi-infinite superconducting lead.

    Basis ``(c_up, c_down, c_down^dagger, -c_up^dagger)``; on-site
    ``(2 - mu) tau_z + E_z sigma_x + Delta tau_x``, bonds
    ``H_{j,j+1} = -tau_z - (i alpha/2) sigma_y tau_z`` (``t = 1``).

    Parameters
    ----------
    length : int or None
        Sites of the proximitized wire (>= 1), or ``None`` for a
        semi-infinite one.
    barrier_sites : int, keyword-only
        Normal sites with the barrier (>= 1).

    Returns
    -------
    FiniteSystem
        Parameters ``mu``, ``zeeman`` (``E_z``), ``delta``, ``alpha``,
        ``barrier``; energies in units of ``t``, ``alpha`` in ``t a``.
    """
    nb = check_integer(barrier_sites, "barrier_sites", minimum=1)
    n = None if length is None else check_integer(length, "length", minimum=1)
    end = nb + (n if n is not None else 1)
    _sites({"barrier_sites": nb, "length": 1 if n is None else n}, end, 4)

    def onsite(x, *, mu, zeeman, delta, barrier):
        normal = (x < nb)[:, None, None]
        return np.where(normal, _wire_onsite(mu, zeeman, 0.0) + barrier * _TZ, _wire_onsite(mu, zeeman, delta))

    sys = System(chain(norbs=4), shape=lambda x: (x >= 0) & (x < end), start=(0,))
    sys.onsite = onsite
    sys.hopping(lambda x1, x2, *, alpha: _wire_bond(alpha), kind=(0, 0, (1,)))
    bonds = [(lambda x1, x2, *, alpha: _wire_bond(alpha), _NEXT)]
    sys.attach_lead(Lead((-1,), onsite=lambda x, *, mu, zeeman: _wire_onsite(mu, zeeman, 0.0),
                         hoppings=bonds, conservation=_TZ, name="normal"))
    if n is None:
        sys.attach_lead(Lead((1,), onsite=lambda x, *, mu, zeeman, delta: _wire_onsite(mu, zeeman, delta),
                             hoppings=bonds, name="superconducting wire"))
    return sys.finalized()


def majorana_critical_zeeman(*, delta, mu):
    """Zeeman energy ``sqrt(Delta^2 + mu^2)`` above which the Rashba-Zeeman wire is topological.

    Parameters
    ----------
    delta, mu : array_like, keyword-only
        Induced gap and chemical potential from the band bottom (units of
        ``t``, or any one energy unit); they broadcast.

    Returns
    -------
    float or ndarray
        The critical ``E_z``, same unit.

    Examples
    --------
    >>> float(majorana_critical_zeeman(delta=0.3, mu=0.4))
    0.5
    """
    delta = as_real_array(delta, "delta")
    mu = as_real_array(mu, "mu")
    return unwrap_0d(np.hypot(delta, mu))


def majorana_wire_bands(momenta, *, mu, zeeman, delta, alpha):
    """BdG bands of the proximitized wire without ends, from the unit cell of the engine's lead.

    Parameters
    ----------
    momenta : array_like
        Bloch phases ``k`` (radians per site), 1-d.
    mu, zeeman, delta, alpha : float, keyword-only
        As in :func:`majorana_wire`.

    Returns
    -------
    ndarray, shape (len(momenta), 4)
        Ascending energies (units of ``t``) at each ``k``.
    """
    k = np.atleast_1d(as_real_array(momenta, "momenta"))
    params = dict(mu=check_scalar(mu, "mu"), zeeman=check_scalar(zeeman, "zeeman"), delta=check_scalar(delta, "delta"),
                  alpha=check_scalar(alpha, "alpha"), barrier=0.0)
    fsys = majorana_wire(None, barrier_sites=1)
    return lead_bands(fsys, 1, k, params)
