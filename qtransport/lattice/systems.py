r"""Two-terminal systems: a wire of slices between two clean leads.

This module describes systems; it computes nothing but their matrices.  The
algorithms live in :mod:`~qtransport.lattice.leads` and
:mod:`~qtransport.lattice.rgf`, the user-level solvers in
:mod:`~qtransport.lattice.solvers`.

Model
-----
The scattering region has ``L`` slices ``x = 0 ... L-1`` of ``W`` sites
(rows ``y = 0 ... W-1``).  Slice ``x`` has the Hamiltonian
``h_slice + diag(V[x, :])``: ``h_slice`` is the clean slice (on-site ``4t``
and hopping ``-t`` between neighbouring rows on the square lattice; on-site
``2t`` for the chain, ``W = 1``) and ``V`` the potential.  Neighbouring slices
are coupled by the diagonal matrix

.. math:: H[x+1, x] = \mathrm{diag}(d_y), \qquad d_y = -t\, e^{2\pi i\phi y},

the Peierls phase of a uniform field ``B`` along ``+z`` for a particle of
charge ``-e`` in the Landau gauge :math:`\mathbf A = (-By, 0, 0)`, with
``phi = B a^2 / (h/e)`` the flux per plaquette in flux quanta (hopping phases
add up to :math:`-2\pi\phi` around a plaquette traversed counter-clockwise).
The gauge does not depend on ``x``, so the two semi-infinite leads (slices
``x < 0`` and ``x >= L``, clean, in the same field, with an optional constant
potential each) are translation invariant.  A hard wall is the absence of
sites beyond rows ``0`` and ``W-1``.

Anderson disorder adds to every site of the scattering region an independent
energy drawn uniformly from ``[-w/2, w/2]``, with the ``rng`` passed in (a
:class:`numpy.random.Generator`; the library never seeds one itself).
Several realizations form a leading batch axis of the potential,
``(R, L, W)``; every solver is vectorized over it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_integer,
    check_nonnegative,
    check_positive,
)
from qtransport.lattice.leads import lead_self_energy, strip_lead_hamiltonian

__all__ = [
    "TwoTerminalSystem",
    "strip",
    "chain",
    "anderson_disorder",
    "qpc_potential",
    "constriction_potential",
]


@dataclass(frozen=True, eq=False)
class TwoTerminalSystem:
    """A wire of ``L`` slices of ``W`` sites between two clean leads.

    Build it with :func:`strip` or :func:`chain`; the module docstring gives
    the model and the gauge.

    Attributes
    ----------
    slice_hamiltonian : ndarray, shape (W, W)
        Clean slice, shared by the scattering region and the leads (units of ``t``).
    hopping : ndarray, shape (W,)
        Diagonal of ``H[x+1, x]``, the same between all slices and in the leads.
    potential : ndarray, shape (..., L, W)
        On-site potential of the scattering region (units of ``t``); leading
        axes are a batch (disorder realizations, gate values, ...).
    lead_potentials : tuple of float
        Constant on-site shifts ``(U_left, U_right)`` of the two leads.
    flux : float
        Flux per plaquette in flux quanta (only recorded; it is in ``hopping``).
    t : float
        Hopping energy.
    """

    slice_hamiltonian: np.ndarray
    hopping: np.ndarray
    potential: np.ndarray
    lead_potentials: tuple = (0.0, 0.0)
    flux: float = 0.0
    t: float = 1.0
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def length(self):
        """Number of slices ``L``."""
        return self.potential.shape[-2]

    @property
    def width(self):
        """Sites per slice ``W``."""
        return self.potential.shape[-1]

    @property
    def batch_shape(self):
        """Shape of the leading batch axes of :attr:`potential` (``()`` for one system)."""
        return self.potential.shape[:-2]

    def lead(self, side):
        """Unit cell ``(h_cell, h_hop)`` of lead ``side`` (0 = left, 1 = right).

        ``h_hop`` points away from the scattering region (the convention of
        :mod:`~qtransport.lattice.leads`): ``H[x+1, x]`` for the right lead,
        its adjoint for the left one.
        """
        if side not in (0, 1):
            raise ValueError(f"`side` must be 0 (left lead) or 1 (right lead), got {side!r}.")
        h_cell = self.slice_hamiltonian + self.lead_potentials[side] * np.eye(self.width)
        v = np.diag(self.hopping)
        return h_cell, (v.conj().T if side == 0 else v)

    def self_energies(self, energies):
        """Retarded self-energies ``(Sigma_left, Sigma_right)`` at real ``energies``.

        Each has shape ``energies.shape + (W, W)`` and acts on the end slice
        of its side.  Results are cached on the system, per energy array.
        """
        energies = as_real_array(energies, "energies")
        key = (energies.shape, energies.tobytes())
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = tuple(lead_self_energy(*self.lead(s), energies) for s in (0, 1))
        return self._cache[key]

    def hamiltonian(self):
        """Dense Hamiltonian of the scattering region, shape ``(..., L*W, L*W)``.

        Site ``(x, y)`` has index ``x * W + y``.  Meant for small systems and
        checks: the solvers never build it.
        """
        size, w = self.length * self.width, self.width
        h = np.zeros(self.batch_shape + (size, size), dtype=complex)
        for x in range(self.length):
            block = slice(x * w, (x + 1) * w)
            h[..., block, block] = self.slice_hamiltonian
            h[..., block, block] += self.potential[..., x, :, None] * np.eye(w)
            if x + 1 < self.length:
                h[..., (x + 1) * w : (x + 2) * w, block] = np.diag(self.hopping)
                h[..., block, (x + 1) * w : (x + 2) * w] = np.diag(self.hopping.conj())
        return h


def anderson_disorder(shape, strength, *, rng):
    """Independent on-site energies, uniform in ``[-w/2, w/2]`` (Anderson model).

    Parameters
    ----------
    shape : tuple of int
        Shape of the array, e.g. ``(realizations, L, W)``.
    strength : float
        Disorder strength ``w`` (>= 0, units of ``t``).  The variance is ``w^2/12``.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``np.random.default_rng(seed)``.

    Returns
    -------
    ndarray of float
        Random energies (units of ``t``).

    Examples
    --------
    >>> v = anderson_disorder((1000,), 2.0, rng=np.random.default_rng(0))
    >>> bool(np.all(np.abs(v) <= 1.0))
    True
    """
    strength = check_nonnegative(strength, "strength")
    if strength.ndim != 0:
        raise ValueError(f"`strength` must be a single number, got an array of shape {strength.shape}.")
    strength = float(strength)
    dims = (shape,) if isinstance(shape, (numbers.Integral, np.integer)) else shape
    try:
        dims = tuple(check_integer(n, "shape", minimum=0) for n in dims)
    except TypeError:
        raise TypeError(
            f"`shape` must be a tuple of non-negative integers such as (realizations, L, W), "
            f"got {shape!r}."
        ) from None
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"`rng` must be a numpy.random.Generator, got {type(rng).__name__}; "
            "pass rng=np.random.default_rng(seed) to make the disorder reproducible."
        )
    return strength * (rng.random(dims) - 0.5)


def _potential_array(potential, length, width, name="potential"):
    """Evaluate ``potential`` (None, number, array or f(x, y)) on the (L, W) grid."""
    if potential is None:
        return np.zeros((length, width))
    if callable(potential):
        x, y = np.meshgrid(np.arange(length), np.arange(width), indexing="ij")
        potential = potential(x, y)
    arr = as_real_array(potential, name)
    if arr.ndim == 1:
        raise ValueError(
            f"`{name}` must be a number or an array of shape (..., {length}, {width}) = "
            f"(..., length, width), got shape {arr.shape}; for a profile along x use "
            "potential=lambda x, y: f(x)."
        )
    if arr.ndim >= 2 and arr.shape[-2:] != (length, width):
        raise ValueError(
            f"`{name}` must have shape (..., {length}, {width}) = (..., length, width), "
            f"got {arr.shape}."
        )
    if arr.ndim == 0:
        arr = np.broadcast_to(arr, (length, width))
    return np.array(arr, dtype=float)


def strip(length, width, *, potential=None, flux=0.0, disorder=0.0, rng=None, realizations=None,
          lead_potentials=(0.0, 0.0), t=1.0):
    r"""A square-lattice strip of ``length`` slices and ``width`` rows, with two leads.

    Site ``(x, y)`` has on-site energy ``4t + V(x, y)`` plus disorder;
    neighbours are coupled by ``-t``, with the Peierls phase
    ``exp(2 pi i phi y)`` on hops from ``x`` to ``x + 1`` (Landau gauge, see
    the module docstring).  The leads are the same strip without potential
    and disorder (plus ``lead_potentials``), in the same field.

    Parameters
    ----------
    length, width : int
        Slices ``L`` along ``x`` and sites ``W`` across (>= 1).
    potential : None, float, array_like or callable, optional
        ``V`` (units of ``t``): an array of shape ``(L, W)`` or
        ``(..., L, W)`` (a batch, e.g. one per gate value), or a function
        ``f(x, y)`` of integer coordinate arrays.
    flux : float, optional
        Flux per plaquette ``phi`` in flux quanta ``h/e``.
    disorder : float, optional
        Anderson disorder strength ``w`` (uniform in ``[-w/2, w/2]``).
    rng : numpy.random.Generator, optional
        Needed when ``disorder > 0``.
    realizations : int, optional
        Number of independent disorder realizations, stacked on a new
        leading axis (potential shape ``(R, ..., L, W)``).
    lead_potentials : tuple of float, optional
        Constant on-site shifts of the left and right leads.
    t : float, optional
        Hopping (> 0).

    Returns
    -------
    TwoTerminalSystem

    Examples
    --------
    >>> sys = strip(10, 4, disorder=1.0, rng=np.random.default_rng(1), realizations=3)
    >>> sys.potential.shape, sys.length, sys.width
    ((3, 10, 4), 10, 4)
    """
    length = check_integer(length, "length", minimum=1)
    width = check_integer(width, "width", minimum=1)
    t = float(check_positive(t, "t"))
    h_slice, v = strip_lead_hamiltonian(width, t=t, flux=flux)
    pot = _potential_array(potential, length, width)
    return _build(h_slice, np.diag(v).copy(), pot, disorder, rng, realizations, lead_potentials,
                  float(flux), t)


def chain(length, *, potential=None, disorder=0.0, rng=None, realizations=None,
          lead_potentials=(0.0, 0.0), t=1.0):
    r"""A 1D chain of ``length`` sites between two semi-infinite chains.

    On-site ``2t + V(x)``, hopping ``-t``: the band of the leads is
    :math:`E = 2t(1 - \cos k)`.  A system of width 1.

    Parameters
    ----------
    length : int
        Number of sites of the scattering region.
    potential : None, float, array_like or callable, optional
        ``V`` (units of ``t``), shape ``(L,)`` or ``(..., L)``, or ``f(x)``.
    disorder, rng, realizations, lead_potentials, t
        As in :func:`strip`.

    Returns
    -------
    TwoTerminalSystem
        With ``W = 1``; ``potential`` has shape ``(..., L, 1)``.

    Examples
    --------
    >>> chain(5, potential=lambda x: 0.5 * (x == 2)).potential[:, 0]
    array([0. , 0. , 0.5, 0. , 0. ])
    """
    length = check_integer(length, "length", minimum=1)
    t = float(check_positive(t, "t"))
    if callable(potential):
        pot = _potential_array(lambda x, y: potential(x), length, 1)
    elif potential is None:
        pot = np.zeros((length, 1))
    else:
        arr = as_real_array(potential, "potential")
        if arr.ndim >= 1 and arr.shape[-1] != length:
            raise ValueError(f"`potential` must have shape (..., {length}) = (..., length), got {arr.shape}.")
        pot = np.array(np.broadcast_to(arr, arr.shape[:-1] + (length,) if arr.ndim else (length,)))[..., None]
    h_slice = np.array([[2.0 * t]], dtype=complex)
    return _build(h_slice, np.array([-t], dtype=complex), pot, disorder, rng, realizations,
                  lead_potentials, 0.0, t)


def _build(h_slice, hopping, pot, disorder, rng, realizations, lead_potentials, flux, t):
    disorder = float(check_nonnegative(disorder, "disorder"))
    if realizations is not None:
        realizations = check_integer(realizations, "realizations", minimum=1)
        pot = np.broadcast_to(pot, (realizations,) + pot.shape).copy()
    if disorder > 0:
        if rng is None:
            raise ValueError(
                "`rng` is needed for disorder > 0: pass rng=np.random.default_rng(seed)."
            )
        pot = pot + anderson_disorder(pot.shape, disorder, rng=rng)
    lead_potentials = tuple(float(u) for u in as_real_array(lead_potentials, "lead_potentials").ravel())
    if len(lead_potentials) != 2:
        raise ValueError(f"`lead_potentials` must be two numbers (left, right), got {lead_potentials}.")
    return TwoTerminalSystem(h_slice, hopping, pot, lead_potentials, flux, t)


def qpc_potential(length, width, *, gate, taper=None, hbar_omega_y=0.0, t=1.0):
    r"""Smooth saddle-point potential of a quantum point contact.

    .. math:: V(x, y) = b(x)\left[V_g + \tfrac12 m\omega_y^2 (y - y_c)^2\right],
              \qquad b(x) = e^{-(x - x_c)^2 / 2s^2},

    centred at ``x_c = (L-1)/2``, ``y_c = (W-1)/2``, with the lattice mass
    ``m = hbar^2 / (2 t a^2)`` (so ``m omega_y^2 / 2 = (hbar omega_y)^2 / 4t``).
    Near the centre it is Büttiker's saddle :math:`V_g - \frac12 m\omega_x^2
    x^2 + \frac12 m\omega_y^2 y^2` with :math:`\hbar\omega_x =
    \sqrt{2 t V_g}/s` (for ``V_g > 0``).  The taper length ``s`` sets how
    adiabatic the constriction is: large ``s`` gives flat conductance steps,
    small ``s`` an abrupt barrier.  Choose ``L >~ 8 s`` so that ``V`` has
    decayed where the leads start.

    Parameters
    ----------
    length, width : int
        Size of the scattering region (slices, rows).
    gate : float or array_like
        Saddle height ``V_g`` (units of ``t``).  An array of shape ``(G,)``
        gives a batch of potentials, shape ``(G, L, W)`` (a gate sweep).
    taper : float, optional
        Smoothness ``s`` in lattice constants (> 0); default ``length / 8``.
    hbar_omega_y : float, optional
        Transverse confinement energy at the saddle (units of ``t``, >= 0).
    t : float, optional
        Hopping, for the lattice mass.

    Returns
    -------
    ndarray, shape ``gate.shape + (L, W)``
        The potential (units of ``t``), to pass as ``strip(..., potential=V)``.

    Examples
    --------
    >>> v = qpc_potential(41, 10, gate=[0.5, 1.0], taper=5)
    >>> v.shape, float(v[1].max().round(3))
    ((2, 41, 10), 1.0)
    """
    length = check_integer(length, "length", minimum=1)
    width = check_integer(width, "width", minimum=1)
    gate = as_real_array(gate, "gate")
    taper = length / 8 if taper is None else float(check_positive(taper, "taper"))
    hw = float(check_nonnegative(hbar_omega_y, "hbar_omega_y"))
    t = float(check_positive(t, "t"))
    x = np.arange(length)[:, None] - (length - 1) / 2
    y = np.arange(width)[None, :] - (width - 1) / 2
    b = np.exp(-(x**2) / (2 * taper**2))
    return b * (gate[..., None, None] + hw**2 / (4 * t) * y**2)


def constriction_potential(length, width, *, opening, constriction_length, gate=0.0, wall=1e6):
    """Abrupt hard-wall constriction: a narrow channel cut into the strip.

    The ``constriction_length`` central slices keep only the ``opening``
    central rows; the other sites of those slices get the on-site energy
    ``wall`` (``1e6 t`` by default: they carry amplitudes ~ ``t / wall``, so
    the walls are hard to about ``1e-6``).  The open rows get ``gate``.

    Parameters
    ----------
    length, width : int
        Size of the scattering region.
    opening : int
        Rows left open, ``1 ... W``.
    constriction_length : int
        Slices of the constriction, ``1 ... L``.
    gate : float or array_like, optional
        Potential in the open channel (an array gives a batch, as in
        :func:`qpc_potential`).
    wall : float, optional
        Potential of the blocked sites.

    Returns
    -------
    ndarray, shape ``gate.shape + (L, W)``

    Examples
    --------
    >>> constriction_potential(5, 4, opening=2, constriction_length=1, wall=9)[2]
    array([9., 0., 0., 9.])
    """
    length = check_integer(length, "length", minimum=1)
    width = check_integer(width, "width", minimum=1)
    opening = check_integer(opening, "opening", minimum=1)
    constriction_length = check_integer(constriction_length, "constriction_length", minimum=1)
    if opening > width or constriction_length > length:
        raise ValueError(
            f"`opening` (= {opening}) must be <= width (= {width}) and `constriction_length` "
            f"(= {constriction_length}) <= length (= {length})."
        )
    gate = as_real_array(gate, "gate")
    wall = float(as_real_array(wall, "wall"))
    y0 = (width - opening) // 2
    x0 = (length - constriction_length) // 2
    inside = np.zeros((length, width), dtype=bool)
    inside[x0 : x0 + constriction_length] = True
    open_rows = np.zeros(width, dtype=bool)
    open_rows[y0 : y0 + opening] = True
    blocked = inside & ~open_rows
    channel = inside & open_rows
    pot = np.where(blocked, wall, 0.0) + np.where(channel, 1.0, 0.0) * gate[..., None, None]
    return pot
