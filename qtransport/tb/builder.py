r"""Describing a tight-binding system: sites, on-site and hopping values, leads.

A :class:`System` is a set of sites of a :class:`~qtransport.tb.lattice.Lattice`
(given by a shape and a start point, or listed), values for the on-site
blocks and the hoppings, and any number of :class:`Lead` objects, each a
semi-infinite periodic continuation of the system along a lattice vector with
a Hamiltonian of its own.

Values
------
An on-site value is a number (times the identity on the site's orbitals), a
matrix ``(norbs, norbs)``, or a function of the coordinates
``f(x, y, *, p1, p2, ...)`` (``f(x)`` for a chain, ``f(x, y, z)`` in 3D) that
receives arrays over all sites at once and returns numbers or matrices,
shape ``(n,)`` or ``(n, norbs, norbs)``.  A hopping value is given likewise,
as a function ``f(x_to, y_to, x_from, y_from, *, params)``; it is the matrix
element :math:`H_{\mathrm{to},\mathrm{from}}`, and the reverse hop gets its
Hermitian conjugate.  The keyword-only arguments of the functions are named
parameters: :meth:`FiniteSystem.hamiltonian` takes them from ``params``, so
a slider changes a parameter without rebuilding the system.  An on-site
function of the system may also ask for ``sites``, the indices of the sites
it is evaluated on, to read arrays over sites (disorder: see
:func:`anderson_disorder`).

Leads
-----
A lead along ``direction`` (an integer lattice vector pointing away from the
system) continues the system's last slab of sites periodically.  The system
must end with one full unit cell of the lead: the *interface cell* is the set
of system sites inside the lead's cross-section whose translate by
``direction`` is not in the system; the lead's cell ``j = 1, 2, ...`` is the
interface cell translated by ``j * direction``.  Its values (by default the
system's) must repeat from cell to cell.  A lead can declare a *conservation
law* (a Hermitian matrix on each site's orbitals commuting with the lead's
Hamiltonian, e.g. ``sigma_z`` for spin or ``tau_z`` for electrons and
holes): the lead's modes are then resolved into its eigenvalue blocks, and
transmissions between blocks (spin flips, Andreev reflection) are available.

A lead may use its own gauge for a magnetic field: ``gauge(x, y)`` gives the
phase ``theta`` with :math:`\psi_\mathrm{lead} = e^{i\theta}\psi_\mathrm{system}`
on the interface cell (see :func:`qtransport.tb.peierls`).

The result of :meth:`System.finalized` is a :class:`FiniteSystem`: arrays of
sites and bonds, ready for the solvers of :mod:`qtransport.tb.solvers`.
"""

from __future__ import annotations

import functools
import inspect
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from qtransport._validation import (
    _short,
    as_complex_array,
    as_real_array,
    check_callable,
    check_count,
    check_elements,
    check_rng,
    check_scalar,
    check_sequence,
)
from qtransport.tb.lattice import HoppingKind, Lattice

__all__ = ["System", "Lead", "FiniteSystem", "FiniteLead", "peierls", "anderson_disorder"]

HERMITIAN_TOL = 1e-12
REPEAT_TOL = 1e-10


# --------------------------------------------------------------------------- values


@functools.lru_cache(maxsize=1024)
def _cached_signature(func):
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):
        return None


def _signature(func):
    """``inspect.signature(func)``, or None where it has none; remembered (a sweep calls the values many times)."""
    try:
        return _cached_signature(func)
    except TypeError:  # not hashable
        try:
            return inspect.signature(func)
        except (TypeError, ValueError):
            return None


def _arguments(func, n_positional, what):
    """Names of the parameters ``func`` takes after its ``n_positional`` coordinates."""
    sig = _signature(func)
    if sig is None:
        return []
    positional, names = 0, []
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and positional < n_positional:
            positional += 1
        elif p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        elif p.default is p.empty or p.kind == p.KEYWORD_ONLY:
            names.append(p.name)
    if positional < n_positional and not any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values()):
        raise TypeError(
            f"{what} must take {n_positional} coordinate argument(s) first, got the signature {sig}"
        )
    return names


def _call(func, coords, params, what, sites=None):
    sig = _signature(func)
    takes_all = sig is not None and any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
    if takes_all:  # e.g. a function made by peierls(): it sorts the parameters out itself
        return func(*coords, **params)
    names = _arguments(func, len(coords), what)
    kwargs = {}
    for name in names:
        if name == "sites":
            if sites is None:
                raise ValueError(
                    f"{what} asks for `sites` (the indices of the system's sites), which only the system's own "
                    "on-site values receive: give the lead an on-site value of its own"
                )
            kwargs[name] = sites
            continue
        if name not in params:
            raise ValueError(f"`params` has no value for `{name}`, which {what} needs")
        kwargs[name] = params[name]
    return func(*coords, **kwargs)


def _blocks(value, n, shape, what, params, coords, sites=None):
    """The value as an array ``(n,) + shape`` of matrices."""
    if callable(value):
        value = _call(value, coords, params, what, sites)
    try:
        arr = np.asarray(value, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must give numbers or matrices, got {type(value).__name__}") from None
    if arr.ndim == 0 or arr.shape == (n,):
        if shape[0] != shape[1]:
            raise ValueError(
                f"{what} gives a number, but connects sites with {shape[1]} and {shape[0]} orbitals: give a "
                f"{shape[0]} x {shape[1]} matrix"
            )
        arr = arr.reshape(-1, 1, 1) * np.eye(shape[0])
        arr = np.broadcast_to(arr, (n,) + shape)
    elif arr.shape == shape:
        arr = np.broadcast_to(arr, (n,) + shape)
    elif arr.shape != (n,) + shape:
        raise ValueError(
            f"{what} must be a number or a {shape[0]} x {shape[1]} matrix per site (the orbitals of its sites), "
            f"got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} gives NaN or infinite values")
    return arr


def check_value(value, name):
    """A value of the builder: a function, or finite numbers (a number, a matrix, an array of them).

    Returns it unchanged (numbers as complex arrays), or raises an error naming ``name``.
    """
    if callable(value):
        return value
    if value is None or isinstance(value, (str, bytes, bool)):
        raise TypeError(f"`{name}` must be a number, a matrix or a function of the coordinates, got {value!r}")
    try:
        arr = np.asarray(value, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be a number, a matrix or a function of the coordinates, got {value!r}") from None
    if arr.size == 0:
        raise ValueError(f"`{name}` is empty: give a number, a matrix or a function")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}` must be finite, got {value!r}")
    return value


def _check_value(value, name, *, onsite):
    """An on-site (``onsite=True``) or hopping value of the builder, checked when it is given.

    A function is taken as it is (its values are checked when they are
    evaluated).  Numbers must be finite; a single number (or one per site)
    must be real: an on-site energy is Hermitian, and a complex hopping number
    is a phase that belongs in a matrix or a function (:func:`peierls`).
    Matrices (a site's orbitals, or one per site) may be complex; their shape
    and Hermiticity are checked against the lattice's orbitals when the
    system is finalized.  Returns ``value`` unchanged.
    """
    value = check_value(value, name)
    if callable(value):
        return value
    arr = np.asarray(value, dtype=complex)
    if arr.ndim <= 1:
        if np.any(arr.imag != 0):
            what = "an on-site energy is real" if onsite else "a hopping given as a number is real"
            raise ValueError(
                f"`{name}` = {value!r} is complex, but {what}; a complex term goes into a Hermitian matrix "
                "(several orbitals) or a function of the coordinates (a Peierls phase: qtransport.tb.peierls)"
            )
        return value
    if arr.ndim > 3:
        raise ValueError(
            f"`{name}` must be a number, a matrix on a site's orbitals or one per site, got an array of shape "
            f"{arr.shape}"
        )
    # a matrix's shape and Hermiticity are checked against the orbitals of the sites when the system is finalized
    return value


def _check_hoppings(hoppings, name):
    """A list of ``(value, n)`` or ``(value, HoppingKind)`` pairs; returned as a list."""
    example = "[(-1.0, 1)] or [(-1.0, HoppingKind(0, 0, (1, 0)))]"
    if isinstance(hoppings, (str, bytes)) or not isinstance(hoppings, (list, tuple)):
        raise TypeError(
            f"`{name}` must be a list of (value, n) or (value, HoppingKind) pairs such as {example}, "
            f"got {_short(hoppings)}"
        )
    for i, entry in enumerate(hoppings):
        here = f"{name}[{i}]"
        if isinstance(entry, (str, bytes)) or not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise TypeError(f"`{here}` must be a pair (value, n) or (value, HoppingKind), got {_short(entry)}")
        value, spec = entry
        _check_value(value, here, onsite=False)
        if not isinstance(spec, HoppingKind):
            if isinstance(spec, tuple):
                raise TypeError(
                    f"`{here}` names its bonds by {_short(spec)}: give the kind as a HoppingKind(to, frm, delta) "
                    "or the neighbour order n (1: nearest neighbours)"
                )
            check_count(spec, f"{here}[1]", minimum=1)
    return list(hoppings)


def _check_leads(leads):
    """A list of :class:`Lead`; returned as a list."""
    if isinstance(leads, (str, bytes)) or not isinstance(leads, (list, tuple)):
        raise TypeError(f"`leads` must be a list of qtransport.tb.Lead, got {_short(leads)}")
    for i, lead in enumerate(leads):
        if not isinstance(lead, Lead):
            raise TypeError(f"`leads[{i}]` must be a qtransport.tb.Lead, got {_short(lead)} of type "
                            f"{type(lead).__name__}")
    return list(leads)


def _check_points(value, name, dim=None):
    """Finite real point(s), shape ``(dim,)`` or ``(n, dim)``; returned unchanged."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a point such as (0, 0), got the bool {value!r}")
    arr = as_real_array(value, name)
    if arr.ndim not in (1, 2) or arr.size == 0 or (dim is not None and arr.shape[-1] != dim):
        coords = f"{dim} coordinates" if dim is not None else "its coordinates"
        raise ValueError(
            f"`{name}` must be a point with {coords} (or a list of such points), got {_short(value)}"
        )
    return value


def _check_site_list(value, lattice):
    """``sites`` as listed by the user: (sublattice, tag) pairs, or None."""
    if value is None:
        return None
    example = "[(0, (0, 0)), (0, (1, 0))]"
    seq = check_sequence(value, "sites", example=example)
    if not seq:
        raise ValueError(f"`sites` is empty: list the sites as (sublattice, tag) pairs such as {example}")
    try:
        subs, tags = zip(*seq, strict=True)
        subs, tags = np.asarray(subs), np.asarray(tags)
    except (TypeError, ValueError):
        raise TypeError(f"`sites` must list (sublattice, tag) pairs such as {example}, got {_short(value)}") from None
    dim = lattice.dim if isinstance(lattice, Lattice) else tags.shape[-1] if tags.ndim == 2 else None
    if subs.ndim != 1 or subs.dtype.kind not in "iu" or tags.ndim != 2 or tags.dtype.kind not in "iu" or (
        tags.shape[1] != dim
    ):
        raise TypeError(
            f"`sites` must list (sublattice, tag) pairs of whole numbers, the tag with "
            f"{dim if dim is not None else 'the lattice'}'s components, such as {example}, got {_short(value)}"
        )
    if isinstance(lattice, Lattice) and (subs.min() < 0 or subs.max() >= lattice.n_sublattices):
        raise ValueError(
            f"`sites` names sublattice {int(subs.max() if subs.max() >= lattice.n_sublattices else subs.min())}, "
            f"but the lattice has {lattice.n_sublattices} (0 ... {lattice.n_sublattices - 1})"
        )
    return value


def _check_lattice(value):
    if not isinstance(value, Lattice):
        raise TypeError(
            f"`lattice` must be a qtransport.tb.Lattice (e.g. qtransport.tb.square()), got {_short(value)} of type "
            f"{type(value).__name__}"
        )
    return value


def _check_shape(value, name="shape"):
    return check_callable(value, name, what="a function shape(x, y) -> bool of the coordinates (arrays)")


def _check_conservation(value):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise TypeError(f"`conservation` must be a Hermitian matrix on a site's orbitals, got {_short(value)}")
    q = as_complex_array(value, "conservation")
    if q.ndim != 2 or q.shape[0] != q.shape[1] or q.size == 0:
        raise ValueError(
            f"`conservation` must be a square matrix on the orbitals of a site (e.g. sigma_z), got shape {q.shape}"
        )
    if np.max(np.abs(q - q.conj().T)) > 1e-12 * max(1.0, float(np.max(np.abs(q)))):
        raise ValueError("`conservation` must be Hermitian (its eigenvalues label the lead's blocks)")
    return value


def _check_direction(value):
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`direction` must be an integer lattice vector such as (1, 0), got {value!r}")
    d = as_real_array(value, "direction")
    if d.ndim != 1 or d.size == 0 or not np.all(d == np.round(d)) or not np.any(d):
        raise ValueError(
            f"`direction` must be a nonzero integer lattice vector (in primitive vectors) such as (1, 0), "
            f"got {_short(value)}"
        )
    return value


def _check_name(value):
    if not isinstance(value, str):
        raise TypeError(f"`name` must be text (a label such as 'left'), got {_short(value)}")
    return value


def peierls(hopping, vector_potential):
    r"""A hopping function with the Peierls phase of a vector potential.

    .. math:: H_{ij} = t_{ij}\, e^{i\theta_{ij}},\qquad
              \theta_{ij} = -2\pi \int_{\mathbf r_j}^{\mathbf r_i} \mathbf A\cdot d\mathbf l ,

    with :math:`\mathbf A` in flux quanta ``h/e`` per unit length (the flux
    through an area is :math:`\oint \mathbf A\cdot d\mathbf l` in flux quanta);
    the integral is taken by Simpson's rule along the bond (exact for ``A``
    up to cubic in position).  This is the phase of an electron, charge
    ``-e``: with ``A = (-B y, 0)`` (``B`` in flux quanta per unit area, along
    ``+z``) a hop along ``+x`` at height ``y`` gets ``theta = 2 pi B y``, the
    convention of the devices of :mod:`qtransport.tb.geometries` and of
    chapter 6.

    Parameters
    ----------
    hopping : number, matrix or function
        The hopping value without field (see the module docstring).
    vector_potential : callable
        ``A(x, y, *, params)`` (coordinates as arrays) returning the components
        ``(A_x, A_y)`` (a tuple of arrays or an array of shape ``(dim, n)``).

    Returns
    -------
    callable
        A hopping function taking the parameters of both.
    """
    _check_value(hopping, "hopping", onsite=False)
    check_callable(vector_potential, "vector_potential", allow_none=False,
                   what="a function A(x, y, **params) of the coordinates")

    def value(*args, **params):
        half = len(args) // 2
        to, frm = np.array(args[:half], dtype=float), np.array(args[half:], dtype=float)
        theta = 0.0
        for weight, s in ((1 / 6, 0.0), (4 / 6, 0.5), (1 / 6, 1.0)):
            point = frm + s * (to - frm)
            a = _call(vector_potential, tuple(point), params, "the vector potential")
            a = np.asarray(a, dtype=float).reshape(half, -1)
            theta = theta + weight * np.sum(a * (to - frm), axis=0)
        theta = -2 * np.pi * theta
        if callable(hopping):
            t = np.asarray(_call(hopping, args, params, "the hopping function"), dtype=complex)
        else:
            t = np.asarray(hopping, dtype=complex)
        phase = np.exp(1j * theta)
        return t * phase if t.ndim <= 1 else t * phase[:, None, None]

    return value


# --------------------------------------------------------------------------- description


@dataclass
class Lead:
    """A semi-infinite periodic lead (see the module docstring).

    Parameters
    ----------
    direction : sequence of int
        The lattice vector (in primitive-vector units, e.g. ``(1, 0)``) from
        one unit cell to the next, pointing away from the system.
    shape : callable, optional
        ``shape(x, y) -> bool array``: the lead's cross-section (must not
        depend on the coordinate along ``direction``); default: every
        system site whose translate by ``direction`` is outside the system
        (fine for a wire; give the cross-section for many-terminal devices).
    onsite, hoppings : optional
        The lead's own values (default: the system's).  ``hoppings`` is a
        list of ``(value, n)`` or ``(value, HoppingKind)`` like
        :meth:`System.hopping` builds.
    conservation : array_like, optional
        A Hermitian matrix on the orbitals of a site (same for every site)
        commuting with the lead's Hamiltonian; its eigenvalues label the
        lead's blocks.
    gauge : callable, optional
        ``theta(x, y, **params)``: ``psi_lead = exp(i theta) psi_system`` on the
        interface cell (a lead in a field in its own gauge).
    name : str, optional
        A label for messages and plots.

    Raises
    ------
    TypeError, ValueError
        When a value is given (at construction or assigned later) that cannot
        be one: a ``direction`` that is not a nonzero integer vector, a
        ``shape`` or ``gauge`` that is not a function, text or numbers that
        are not finite as a value, a complex number as an on-site energy, a
        ``conservation`` law that is not a Hermitian matrix, a ``name`` that
        is not text.  What depends on
        the system (the lattice's dimension and orbitals) is checked when the
        system is finalized.
    """

    direction: tuple
    shape: object = None
    onsite: object = None
    hoppings: list = None
    conservation: object = None
    gauge: object = None
    name: str = ""

    def __setattr__(self, attr, value):
        check = _LEAD_CHECKS.get(attr)
        object.__setattr__(self, attr, value if check is None else check(value))


_LEAD_CHECKS = {
    "direction": _check_direction,
    "shape": lambda value: _check_shape(value, "shape"),
    "onsite": lambda value: None if value is None else _check_value(value, "onsite", onsite=True),
    "hoppings": lambda value: None if value is None else _check_hoppings(value, "hoppings"),
    "conservation": _check_conservation,
    "gauge": lambda value: check_callable(value, "gauge", what="a function theta(x, y, **params)"),
    "name": _check_name,
}


@dataclass
class System:
    """A finite tight-binding system with leads, before it is finalized.

    Parameters
    ----------
    lattice : Lattice
    shape : callable, optional
        ``shape(x, y) -> bool``: the sites to keep (coordinates as arrays),
        flood-filled from ``start`` along the nearest-neighbour bonds; holes
        are allowed (rings), disconnected pieces need their own start.
    start : sequence of float or list of them
        A point (or points) inside the shape.
    sites : list of (sublattice, tag), optional
        The sites, listed, instead of ``shape`` and ``start``.
    onsite : number, matrix or callable
        The on-site value (see the module docstring); a single number must be
        real.
    hoppings : list of (value, n) or (value, HoppingKind)
        Filled by :meth:`hopping`.
    leads : list of Lead
        Filled by :meth:`attach_lead`.

    Raises
    ------
    TypeError, ValueError
        When a value is given (at construction or assigned later) that cannot
        be one: a ``lattice`` that is not a :class:`~qtransport.tb.lattice.Lattice`,
        a ``shape`` that is not a function, a ``start`` that is not a finite
        point of the lattice's dimension, ``sites`` that are not
        ``(sublattice, tag)`` pairs, text, numbers that are not finite or a
        complex number as ``onsite``, ``hoppings`` or ``leads`` of the wrong
        kind.  Entries
        added to the lists later are checked again by :meth:`finalized`.

    Examples
    --------
    >>> from qtransport.tb import square
    >>> sys = System(square(), shape=lambda x, y: (0 <= x) & (x < 4) & (0 <= y) & (y < 3), start=(0, 0))
    >>> sys.onsite = 4.0
    >>> sys.hopping(-1.0)
    >>> fsys = sys.finalized()
    >>> fsys.n_sites, fsys.hamiltonian().shape
    (12, (12, 12))
    """

    lattice: Lattice
    shape: object = None
    start: object = (0.0, 0.0)
    sites: list = None
    onsite: object = 0.0
    hoppings: list = field(default_factory=list)
    leads: list = field(default_factory=list)

    def __setattr__(self, attr, value):
        # every value is checked when it is given (at construction and on assignment)
        if attr == "lattice":
            value = _check_lattice(value)
        elif attr == "shape":
            value = _check_shape(value)
        elif attr == "start":
            value = _check_points(value, "start")
        elif attr == "sites":
            value = _check_site_list(value, self.__dict__.get("lattice"))
        elif attr == "onsite":
            value = _check_value(value, "onsite", onsite=True)
        elif attr == "hoppings":
            value = _check_hoppings(value, "hoppings")
        elif attr == "leads":
            value = _check_leads(value)
        object.__setattr__(self, attr, value)

    def __post_init__(self):
        if self.shape is not None and self.sites is None:
            _check_points(self.start, "start", self.lattice.dim)

    def hopping(self, value, n=1, *, kind=None):
        """Add a hopping value for all ``n``-th nearest-neighbour bonds, or for one :class:`HoppingKind`."""
        _check_value(value, "value", onsite=False)
        if kind is not None:
            if not isinstance(kind, HoppingKind):
                try:
                    kind = HoppingKind(*kind)
                except TypeError:
                    raise TypeError(f"`kind` must be a HoppingKind(to, frm, delta), got {_short(kind)}") from None
            self.hoppings.append((value, kind))
        else:
            self.hoppings.append((value, check_count(n, "n", minimum=1)))

    def attach_lead(self, lead):
        """Attach a :class:`Lead`; returns its index."""
        if not isinstance(lead, Lead):
            raise TypeError(f"`lead` must be a qtransport.tb.Lead, got {type(lead).__name__}")
        self.leads.append(lead)
        return len(self.leads) - 1

    def finalized(self):
        """The :class:`FiniteSystem`: sites, bonds and leads as arrays."""
        return _finalize(self)


# --------------------------------------------------------------------------- finalizing


def _expand_kinds(lattice, hoppings):
    out = []
    for value, spec in hoppings:
        kinds = [spec] if isinstance(spec, HoppingKind) else lattice.neighbors(spec)
        for kind in kinds:
            if not (0 <= kind.to < lattice.n_sublattices and 0 <= kind.frm < lattice.n_sublattices):
                raise ValueError(f"hopping kind {kind} names a sublattice the lattice does not have")
            if len(kind.delta) != lattice.dim:
                raise ValueError(f"hopping kind {kind} must have a {lattice.dim}-component `delta`")
            out.append((value, HoppingKind(int(kind.to), int(kind.frm), tuple(int(x) for x in kind.delta))))
    return out


def _shape_mask(shape, lattice, sub, tags, what="shape"):
    pos = lattice.positions(sub, tags)
    try:
        keep = np.asarray(shape(*pos.T), dtype=bool)
    except Exception as exc:  # noqa: BLE001 - the user's function
        raise ValueError(f"`{what}` failed on the site coordinates: {type(exc).__name__}: {exc}") from None
    return np.broadcast_to(keep, (len(sub),))


def _flood(lattice, shape, starts):
    if not callable(shape):
        raise TypeError("`shape` must be a function shape(x, y) -> bool of the coordinates (arrays)")
    starts = np.asarray(starts, dtype=float)
    starts = starts.reshape(-1, lattice.dim) if starts.size % lattice.dim == 0 else None
    if starts is None:
        raise ValueError(f"`start` must be a point (or points) with {lattice.dim} coordinates")
    steps = []
    for kind in lattice.neighbors(1):
        steps.append((kind.frm, kind.to, np.array(kind.delta)))
        steps.append((kind.to, kind.frm, -np.array(kind.delta)))
    seen, frontier = set(), deque()
    for point in starts:
        site = lattice.closest(point)
        if not _shape_mask(shape, lattice, [site[0]], [site[1]])[0]:
            raise ValueError(f"`start` {tuple(point)} is not inside `shape` (its nearest site is outside)")
        if site not in seen:
            seen.add(site)
            frontier.append(site)
    while frontier:
        batch = list(frontier)
        frontier.clear()
        cand = []
        for sub, tag in batch:
            for frm, to, delta in steps:
                if frm == sub:
                    new = (to, tuple(int(t) for t in np.array(tag) + delta))
                    if new not in seen:
                        cand.append(new)
        cand = list(dict.fromkeys(cand))
        if not cand:
            break
        keep = _shape_mask(shape, lattice, [c[0] for c in cand], [c[1] for c in cand])
        for c, k in zip(cand, keep, strict=True):
            seen.add(c)  # visited, inside or not
            if k:
                frontier.append(c)
            else:
                seen.discard(c)
                seen.add(("out",) + c)
        if len(seen) > 5_000_000:
            raise ValueError("`shape` has more than a few million sites: is it bounded?")
    return sorted((s for s in seen if s[0] != "out"), key=lambda s: (s[1], s[0]))


@dataclass
class FiniteLead:
    """A lead of a :class:`FiniteSystem`: its cell, its values and how it attaches.

    Attributes
    ----------
    interface : ndarray of int
        Indices of the system's interface-cell sites (the lead's cell ``j``
        is their translate by ``j * direction``), in the lead's orbital order.
    orbitals : ndarray of int
        The system orbitals of those sites.
    blocks : list of ndarray
        Orthonormal bases ``(n_orb, n_a)`` of the conservation-law blocks on
        the cell's orbitals (one block without a law).
    block_values : list of float
        Eigenvalue of the conservation law on each block.
    """

    lead: Lead
    direction: np.ndarray
    interface: np.ndarray
    orbitals: np.ndarray
    cell_sub: np.ndarray
    cell_tags: np.ndarray
    cell_offsets: np.ndarray
    intra: list
    inter: list
    onsite: object
    blocks: list
    block_values: list

    def cell_positions(self, j=1):
        lat = self._lattice
        return lat.positions(self.cell_sub, self.cell_tags + j * self.direction)

    def _values(self):
        return [self.onsite, self.lead.gauge] + [p[0] for p in self.intra] + [p[0] for p in self.inter]

    def _params_key(self, params):
        """A key of the parameters the lead's values read (None: cannot tell, do not remember)."""
        names = set()
        for value in self._values():
            if not callable(value):
                continue
            try:
                sig = inspect.signature(value)
            except (TypeError, ValueError):
                return None
            if any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()):
                names |= set(params)  # a function that sorts the parameters out itself: all of them
            else:
                names |= {p.name for p in sig.parameters.values() if p.kind == p.KEYWORD_ONLY or
                          (p.default is p.empty and p.kind == p.POSITIONAL_OR_KEYWORD)}
        key = []
        for name in sorted(names):
            if name not in params:
                continue
            value = params[name]
            if isinstance(value, (bool, int, float, complex, np.number)):
                key.append((name, type(value).__name__, complex(value)))
            else:
                return None  # arrays and other objects: not remembered
        return tuple(id(v) for v in self._values()), tuple(key)  # the values themselves may be replaced

    def hamiltonian(self, params=None):
        """``(h_cell, h_hop)`` of the lead (``h_hop`` from cell ``j`` to ``j + 1``), checked to repeat.

        The matrices are remembered for each value of the (scalar) parameters
        the lead's values read; they are returned read-only.
        """
        params = params or {}
        key = self._params_key(params)
        memo = self.__dict__.setdefault("_memo", {})
        if key is not None and key in memo:
            return memo[key]
        result = self._hamiltonian(params)
        if key is not None:
            for m in result:
                m.setflags(write=False)
            if len(memo) >= 64:
                memo.pop(next(iter(memo)))
            memo[key] = result
        return result

    def _hamiltonian(self, params):
        h1, v1 = self._cell(1, params)
        h2, v2 = self._cell(2, params)
        if not (np.allclose(h1, h2, atol=REPEAT_TOL, rtol=0) and np.allclose(v1, v2, atol=REPEAT_TOL, rtol=0)):
            name = f" {self.lead.name!r}" if self.lead.name else ""
            raise ValueError(
                f"the unit cell of lead{name} does not repeat: its on-site or hopping values change from one cell "
                "to the next (a potential or a vector potential that varies along the lead?); make them uniform "
                "along the lead, or give the lead its own values or gauge"
            )
        return h1, v1

    def _cell(self, j, params):
        lat = self._lattice
        n = self.cell_offsets[-1]
        h = np.zeros((n, n), dtype=complex)
        v = np.zeros((n, n), dtype=complex)
        pos = self.cell_positions(j)
        for s in range(lat.n_sublattices):
            idx = np.flatnonzero(self.cell_sub == s)
            if not idx.size:
                continue
            no = lat.norbs[s]
            vals = _blocks(self.onsite, idx.size, (no, no), "the lead's on-site value", params, tuple(pos[idx].T))
            _check_hermitian(vals, "the lead's on-site value")
            r, c = _block_indices(self.cell_offsets[idx], self.cell_offsets[idx], no, no)
            np.add.at(h, (r, c), vals.ravel())
        for target, pairs in ((h, self.intra), (v, self.inter)):
            for value, kind, to_idx, frm_idx, to_shift, frm_shift in pairs:
                if not len(to_idx):
                    continue
                pos_to = lat.positions(self.cell_sub[to_idx], self.cell_tags[to_idx] + (j + to_shift) * self.direction)
                pos_frm = lat.positions(self.cell_sub[frm_idx], self.cell_tags[frm_idx] + (j + frm_shift) * self.direction)
                no_to, no_frm = lat.norbs[kind.to], lat.norbs[kind.frm]
                vals = _blocks(value, len(to_idx), (no_to, no_frm), "the lead's hopping value", params,
                               tuple(pos_to.T) + tuple(pos_frm.T))
                r, c = _block_indices(self.cell_offsets[to_idx], self.cell_offsets[frm_idx], no_to, no_frm)
                if target is h:
                    np.add.at(h, (r, c), vals.ravel())
                    np.add.at(h, (c, r), vals.conj().ravel())
                elif to_shift == 1:  # to in cell j+1, from in cell j
                    np.add.at(v, (r, c), vals.ravel())
                else:  # from in cell j+1, to in cell j: the reverse hop goes forward
                    np.add.at(v, (c, r), vals.conj().ravel())
        return h, v

    def gauge_phases(self, params=None):
        """``exp(i theta)`` on the interface cell's orbitals (ones without a gauge)."""
        n = self.cell_offsets[-1]
        if self.lead.gauge is None:
            return np.ones(n, dtype=complex)
        pos = self._lattice.positions(self.cell_sub, self.cell_tags)
        theta = np.asarray(_call(self.lead.gauge, tuple(pos.T), params or {}, "the lead's gauge"), dtype=float)
        theta = np.broadcast_to(theta, (len(self.cell_sub),))
        out = np.empty(n, dtype=complex)
        for i, s in enumerate(self.cell_sub):
            o = self.cell_offsets[i]
            out[o : o + self._lattice.norbs[s]] = np.exp(1j * theta[i])
        return out


def _check_hermitian(blocks, what):
    if blocks.shape[-1] == blocks.shape[-2] and blocks.size:
        bad = np.max(np.abs(blocks - np.conj(np.swapaxes(blocks, -1, -2))))
        if bad > HERMITIAN_TOL * max(1.0, float(np.max(np.abs(blocks)))):
            raise ValueError(f"{what} is not Hermitian (off by {bad:.2g}): an on-site block must be H = H^dagger")


@dataclass
class FiniteSystem:
    """A finalized system: arrays of sites and bonds, and its leads (see :class:`System`).

    Attributes
    ----------
    lattice : Lattice
    sub, tags : ndarray
        Sublattice and tag of every site.
    positions : ndarray, shape (n_sites, dim)
    offsets : ndarray, shape (n_sites + 1,)
        First orbital of each site (``offsets[-1]`` orbitals in all).
    leads : list of FiniteLead
    """

    lattice: Lattice
    sub: np.ndarray
    tags: np.ndarray
    positions: np.ndarray
    offsets: np.ndarray
    onsite: object
    bonds: list
    leads: list

    @property
    def n_sites(self):
        return len(self.sub)

    @property
    def n_orbitals(self):
        return int(self.offsets[-1])

    def hamiltonian(self, params=None, *, sparse=True):
        """The Hamiltonian of the finite system (scipy CSR matrix, or dense with ``sparse=False``)."""
        rows, cols, data = self._entries(params)
        n = self.n_orbitals
        h = sp.coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()
        return h if sparse else h.toarray()

    def _entries(self, params=None):
        """``(rows, cols, data)`` of the Hamiltonian: its matrix elements in a fixed order.

        ``rows`` and ``cols`` depend only on the sites and bonds, not on
        ``params``; an element listed twice (two kinds of hopping between
        the same orbitals) counts as the sum.  Values that are not functions
        are evaluated once and remembered.
        """
        params = params or {}
        lat = self.lattice
        memo = self.__dict__.setdefault("_constant_entries", {})
        pieces = self.__dict__.get("_pieces")
        if pieces is None:  # (key, value getter, count, shape, what, coordinates, sites, rows, cols, hopping?)
            pieces = []
            for s in range(lat.n_sublattices):
                idx = np.flatnonzero(self.sub == s)
                if idx.size:
                    no = lat.norbs[s]
                    r, c = _block_indices(self.offsets[idx], self.offsets[idx], no, no)
                    pieces.append((("onsite", s), None, idx.size, (no, no), "the on-site value",
                                   tuple(self.positions[idx].T), idx, r, c, False))
            for number, (_value, kind, to_idx, frm_idx) in enumerate(self.bonds):
                if len(to_idx):
                    no_to, no_frm = lat.norbs[kind.to], lat.norbs[kind.frm]
                    r, c = _block_indices(self.offsets[to_idx], self.offsets[frm_idx], no_to, no_frm)
                    pieces.append((("bond", number), number, len(to_idx), (no_to, no_frm), "the hopping value",
                                   tuple(self.positions[to_idx].T) + tuple(self.positions[frm_idx].T), None, r, c,
                                   True))
            rows = []
            for p in pieces:
                rows += [p[7], p[8]] if p[9] else [p[7]]
            cols = []
            for p in pieces:
                cols += [p[8], p[7]] if p[9] else [p[8]]
            empty = np.zeros(0, dtype=int)
            structure = (np.concatenate(rows) if rows else empty, np.concatenate(cols) if cols else empty)
            self.__dict__["_structure"] = structure  # first: a thread that sees the pieces sees this too
            self.__dict__["_pieces"] = pieces
        rows, cols = self.__dict__["_structure"]
        data = np.empty(rows.size, dtype=complex)
        at = 0
        for key, number, n, shape, what, coords, sites, r, _c, hopping in pieces:
            value = self.onsite if number is None else self.bonds[number][0]
            if callable(value):
                vals = _blocks(value, n, shape, what, params, coords, sites)
            else:  # values that are not functions give the same blocks every time
                found = memo.get(key)
                if found is None or found[0] is not value:
                    found = (value, _blocks(value, n, shape, what, params, coords, sites))
                    memo[key] = found
                vals = found[1]
            if not hopping:
                _check_hermitian(vals, what)
            flat = vals.ravel()
            data[at : at + r.size] = flat
            at += r.size
            if hopping:
                data[at : at + r.size] = flat.conj()
                at += r.size
        return rows, cols, data

    def site_orbitals(self, sites):
        """System orbital indices of ``sites`` (in order)."""
        sites = np.asarray(sites, dtype=int)
        return np.concatenate([np.arange(self.offsets[i], self.offsets[i + 1]) for i in sites]) if sites.size else (
            np.zeros(0, dtype=int)
        )


def _block_indices(to_offsets, frm_offsets, no_to, no_frm):
    a = np.arange(no_to)
    b = np.arange(no_frm)
    r = (to_offsets[:, None, None] + a[None, :, None] + 0 * b[None, None, :]).ravel()
    c = (frm_offsets[:, None, None] + 0 * a[None, :, None] + b[None, None, :]).ravel()
    return r, c


def _finalize(system):
    lat = _check_lattice(system.lattice)
    # the lists may have grown since they were given: their entries are checked again (a few, not per site)
    _check_hoppings(system.hoppings, "hoppings")
    _check_leads(system.leads)
    for number, lead in enumerate(system.leads):
        if lead.hoppings is not None:
            _check_hoppings(lead.hoppings, f"leads[{number}].hoppings")
    if system.sites is not None:
        sites = sorted({(int(s), tuple(int(t) for t in tag)) for s, tag in system.sites}, key=lambda s: (s[1], s[0]))
    else:
        if system.shape is None:
            raise ValueError("give the system a `shape` (with a `start` point inside) or a list of `sites`")
        sites = _flood(lat, system.shape, system.start)
    if not sites:
        raise ValueError("the system has no sites: `shape` contains none of the lattice's sites")
    index = {site: i for i, site in enumerate(sites)}
    sub = np.array([s for s, _ in sites], dtype=int)
    tags = np.array([t for _, t in sites], dtype=int).reshape(len(sites), lat.dim)
    positions = lat.positions(sub, tags)
    norbs = np.array(lat.norbs)[sub]
    offsets = np.concatenate([[0], np.cumsum(norbs)])
    kinds = _expand_kinds(lat, system.hoppings)
    bonds, seen = [], {}
    for value, kind in kinds:
        to_idx, frm_idx = [], []
        for i, (s, tag) in enumerate(sites):
            if s != kind.frm:
                continue
            j = index.get((kind.to, tuple(t + d for t, d in zip(tag, kind.delta, strict=True))))
            if j is not None:
                pair = (min(i, j), max(i, j))
                if pair in seen:
                    raise ValueError(
                        f"the bond between sites {sites[pair[0]]} and {sites[pair[1]]} is given twice (hopping kinds "
                        f"{seen[pair]} and {kind}): a hopping and its reverse would not be Hermitian conjugates"
                    )
                seen[pair] = kind
                if i == j:
                    raise ValueError(f"hopping kind {kind} connects a site to itself: use the on-site value")
                to_idx.append(j)
                frm_idx.append(i)
        bonds.append((value, kind, np.array(to_idx, dtype=int), np.array(frm_idx, dtype=int)))
    fsys = FiniteSystem(lat, sub, tags, positions, offsets, system.onsite, bonds, [])
    for number, lead in enumerate(system.leads):
        fsys.leads.append(_finalize_lead(system, fsys, lead, number, index, sites, kinds))
    return fsys


def _finalize_lead(system, fsys, lead, number, index, sites, kinds):
    lat = fsys.lattice
    label = f"lead {number}" + (f" ({lead.name!r})" if lead.name else "")
    try:
        d = np.array(lead.direction, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"`direction` of {label} must be an integer lattice vector, got {lead.direction!r}") from None
    if d.shape != (lat.dim,) or not np.all(d == np.round(d)) or not np.any(d):
        raise ValueError(
            f"`direction` of {label} must be a nonzero integer vector of {lat.dim} components (in primitive vectors), "
            f"got {lead.direction!r}"
        )
    d = d.astype(int)
    dt = tuple(int(x) for x in d)
    shape = lead.shape
    inside = np.ones(len(sites), dtype=bool) if shape is None else _shape_mask(shape, lat, fsys.sub, fsys.tags,
                                                                               f"shape of {label}")
    # each line of sites along the lead (an orbit of the translation) ends in one interface site:
    # the system site of the cross-section furthest along `direction`
    dd = int(d @ d)
    outermost = {}
    for i, (s, tag) in enumerate(sites):
        if not inside[i]:
            continue
        n = int(np.floor((np.array(tag) @ d) / dd))
        key = (s, tuple(int(t) for t in np.array(tag) - n * d))
        proj = int(np.array(tag) @ d)
        if key not in outermost or proj > outermost[key][0]:
            outermost[key] = (proj, i)
    cell = sorted(i for _, i in outermost.values())
    if not cell:
        raise ValueError(f"{label} finds no interface: no system site in its cross-section ends towards {dt}")
    cell_sub = fsys.sub[cell]
    cell_tags = fsys.tags[cell]
    if shape is not None:
        for j in (1, 2, 5):
            if not np.all(_shape_mask(shape, lat, cell_sub, cell_tags + j * d, f"shape of {label}")):
                raise ValueError(
                    f"the cross-section of {label} is not uniform along {dt}: its `shape` must not depend on the "
                    "coordinate along the lead"
                )
    for j in range(1, 4):
        for s, tag in zip(cell_sub, cell_tags + j * d, strict=True):
            if (int(s), tuple(int(t) for t in tag)) in index:
                raise ValueError(f"{label} runs back into the system {j} cell(s) out: make the system end flat there")
    where = {}
    for k, (s, tag) in enumerate(zip(cell_sub, cell_tags, strict=True)):
        where[(int(s), tuple(int(t) for t in tag))] = k

    def locate(s, tag):
        """(position in the cell, cell shift m) of a site, with the cell j = 0 the interface."""
        for m in (0, 1, -1, *(x for j in range(2, 9) for x in (j, -j))):
            k = where.get((s, tuple(int(t) - m * x for t, x in zip(tag, d, strict=True))))
            if k is not None:
                return k, m
        return None, None

    lead_kinds = _expand_kinds(lat, lead.hoppings) if lead.hoppings is not None else kinds
    intra, inter = [], []
    for value, kind in lead_kinds:
        # pairs (to, from) of cell positions by the cell shift m of "to": 0 inside a cell, +-1 to a neighbour
        pairs = {0: ([], []), 1: ([], []), -1: ([], [])}
        for k, (s, tag) in enumerate(zip(cell_sub, cell_tags, strict=True)):
            if s != kind.frm:
                continue
            target = tuple(int(t) + x for t, x in zip(tag, kind.delta, strict=True))
            kk, m = locate(kind.to, target)
            if kk is None:  # outside the lead's cross-section
                continue
            if m not in pairs:
                raise ValueError(
                    f"a hopping of {label} reaches {abs(m)} unit cells along the lead (kind {kind}): use a longer "
                    "unit cell (a longer `direction`)"
                )
            pairs[m][0].append(kk)
            pairs[m][1].append(k)
        # stored with the cells of "to" and "from" relative to cell j: (0, 0) inside, (1, 0) forward, (0, 1) back
        for m, target, shifts in ((0, intra, (0, 0)), (1, inter, (1, 0)), (-1, inter, (0, 1))):
            to_idx, frm_idx = pairs[m]
            if to_idx:
                target.append((value, kind, np.array(to_idx), np.array(frm_idx), *shifts))
    # the system sites outside the interface cell must not touch the lead's first cell
    interface_set = set(cell)
    for _value, kind in kinds:
        for s, tag in zip(cell_sub, cell_tags + d, strict=True):
            for sign, other_sub in ((1, kind.to), (-1, kind.frm)):
                if (sign == 1 and s != kind.frm) or (sign == -1 and s != kind.to):
                    continue
                other = tuple(int(t) + sign * x for t, x in zip(tag, kind.delta, strict=True))
                i = index.get((other_sub, other))
                if i is not None and i not in interface_set:
                    raise ValueError(
                        f"system site {sites[i]} outside the interface cell of {label} is coupled to the lead's first "
                        "cell: the system must end with one whole unit cell of the lead"
                    )
    cell_norbs = np.array(lat.norbs)[cell_sub]
    cell_offsets = np.concatenate([[0], np.cumsum(cell_norbs)])
    onsite = lead.onsite if lead.onsite is not None else system.onsite
    flead = FiniteLead(lead, d, np.array(cell), fsys.site_orbitals(cell), cell_sub, cell_tags, cell_offsets,
                       intra, inter, onsite, [], [])
    flead._lattice = lat
    flead.blocks, flead.block_values = _conservation_blocks(lead.conservation, lat, cell_sub, cell_offsets, label)
    return flead


def _conservation_blocks(law, lat, cell_sub, cell_offsets, label):
    n = int(cell_offsets[-1])
    if law is None:
        return [np.eye(n, dtype=complex)], [0.0]
    q = np.asarray(law, dtype=complex)
    sizes = set(np.array(lat.norbs)[cell_sub])
    if q.ndim != 2 or q.shape[0] != q.shape[1] or len(sizes) != 1 or q.shape[0] != sizes.pop():
        raise ValueError(
            f"the `conservation` law of {label} must be a square matrix on the orbitals of one site "
            f"({sorted(set(np.array(lat.norbs)[cell_sub]))} orbitals), got shape {q.shape}"
        )
    if np.max(np.abs(q - q.conj().T)) > 1e-12:
        raise ValueError(f"the `conservation` law of {label} must be Hermitian")
    values, vectors = np.linalg.eigh(q)
    groups = []
    for v in values:
        if not groups or abs(v - groups[-1]) > 1e-9:
            groups.append(v)
    blocks = []
    for g in groups:
        local = vectors[:, np.abs(values - g) <= 1e-9]
        block = np.zeros((n, local.shape[1] * len(cell_sub)), dtype=complex)
        for i in range(len(cell_sub)):
            o = cell_offsets[i]
            block[o : o + q.shape[0], i * local.shape[1] : (i + 1) * local.shape[1]] = local
        blocks.append(block)
    return blocks, [float(g) for g in groups]


def anderson_disorder(fsys, strength, rng, realizations=None):
    """Anderson disorder: on-site energies uniform in ``[-W/2, W/2]``, from an explicit generator.

    Parameters
    ----------
    fsys : FiniteSystem
    strength : float
        The width ``W`` (energy units), >= 0.
    rng : numpy.random.Generator
        Where the numbers come from (pass a seeded one for reproducible
        ensembles).
    realizations : int, optional
        How many independent sets (default: one, without a leading axis).

    Returns
    -------
    ndarray, shape (n_sites,) or (realizations, n_sites)
        One energy per site; use it through an on-site function that asks for
        ``sites``, e.g. ``lambda x, y, *, sites, disorder: 4 + disorder[sites]``
        with ``params={"disorder": values}``.
    """
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system, got {type(fsys).__name__}")
    strength = check_scalar(strength, "strength", nonnegative=True, hint="It is the width W of the "
                            "distribution (energy units).")
    check_rng(rng)
    shape = (fsys.n_sites,)
    if realizations is not None:
        realizations = check_count(realizations, "realizations", minimum=1)
        shape = (realizations, fsys.n_sites)
        check_elements(shape, "realizations", value=realizations, copies=2, what="the disorder energies")
    return strength * (rng.random(shape) - 0.5)
