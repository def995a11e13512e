r"""Bravais lattices with a basis: where the sites are and who their neighbours are.

A lattice is given by its primitive vectors :math:`\mathbf a_1, \dots, \mathbf a_d`
(rows of ``vectors``) and the offsets :math:`\boldsymbol\tau_s` of its
sublattices (rows of ``basis``).  A site is a sublattice index ``s`` and an
integer *tag* :math:`(n_1, \dots, n_d)`; it sits at

.. math:: \mathbf r = \sum_i n_i \mathbf a_i + \boldsymbol\tau_s .

Each sublattice carries ``norbs`` orbitals (spin 1/2: 2; electron and hole:
2; both: 4).  A *hopping kind* ``(to, frm, delta)`` connects every site
``(frm, n)`` to the site ``(to, n + delta)``; :meth:`Lattice.neighbors`
lists the kinds at the ``n``-th shortest distance, each bond once.

Ready-made: :func:`chain`, :func:`square`, :func:`triangular`,
:func:`honeycomb`, :func:`cubic`.  Any other lattice is one call of
:class:`Lattice`, e.g. a kagome lattice
``Lattice([[1, 0], [0.5, 3**0.5/2]], [[0, 0], [0.5, 0], [0.25, 3**0.5/4]])``.

Course chapters 9-12 (spin, graphene, superconductors) build on it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from qtransport._validation import as_real_array, check_count, check_scalar

__all__ = ["Lattice", "HoppingKind", "chain", "square", "triangular", "honeycomb", "cubic"]


class HoppingKind(NamedTuple):
    """All bonds from sublattice ``frm`` at tag ``n`` to sublattice ``to`` at tag ``n + delta``."""

    to: int
    frm: int
    delta: tuple


def _real_matrix(value, name):
    arr = as_real_array(value, name)
    return np.array(arr, dtype=float)


def _constant(a):
    """The lattice constant: a single finite number > 0."""
    return check_scalar(a, "a", positive=True, hint="It is the lattice constant.")


def _norbs(norbs):
    return check_count(norbs, "norbs", minimum=1)


def _norbs_per_sublattice(norbs, n_sub):
    """``norbs`` as one whole number >= 1 per sublattice."""
    if isinstance(norbs, (numbers.Integral, np.integer)) and not isinstance(norbs, bool):
        return (_norbs(norbs),) * n_sub
    if isinstance(norbs, (bool, np.bool_, str, bytes)) or not hasattr(norbs, "__iter__"):
        raise TypeError(
            f"`norbs` must be a whole number of orbitals per site, or one per sublattice ({n_sub}), got {norbs!r}"
        )
    values = list(norbs)
    if len(values) != n_sub:
        raise ValueError(
            f"`norbs` must be a whole number >= 1 or one per sublattice ({n_sub}), got {norbs!r}"
        )
    return tuple(check_count(n, f"norbs[{i}]", minimum=1) for i, n in enumerate(values))


@dataclass(frozen=True, eq=False)
class Lattice:
    """A Bravais lattice with a basis (see the module docstring).

    Parameters
    ----------
    vectors : array_like, shape (d, d)
        Primitive vectors as rows (lattice constant units; ``d`` = 1, 2 or 3).
    basis : array_like, shape (n_sub, d), optional
        Positions of the sublattices in the unit cell (default: one at the
        origin).
    norbs : int or sequence of int
        Orbitals per site, one number for all sublattices or one each.
    name : str
        A label for error messages and plots.

    Examples
    --------
    >>> lat = honeycomb()
    >>> lat.n_sublattices, lat.dim
    (2, 2)
    >>> len(lat.neighbors(1))   # three bonds per unit cell
    3
    """

    vectors: np.ndarray
    basis: np.ndarray = None
    norbs: tuple = 1
    name: str = "lattice"
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        vectors = _real_matrix(self.vectors, "vectors")
        if vectors.ndim == 1:
            vectors = vectors[:, None] if vectors.size == 1 else vectors[None, :]
        if vectors.ndim != 2 or vectors.shape[0] != vectors.shape[1] or vectors.shape[0] not in (1, 2, 3):
            raise ValueError(
                f"`vectors` must be d primitive vectors of dimension d (d = 1, 2 or 3) as rows, got shape {vectors.shape}"
            )
        if abs(np.linalg.det(vectors)) < 1e-12:
            raise ValueError("`vectors` must be linearly independent (they span no volume)")
        dim = vectors.shape[0]
        basis = np.zeros((1, dim)) if self.basis is None else _real_matrix(self.basis, "basis")
        if basis.ndim == 1 and dim == 1:
            basis = basis[:, None]
        if basis.ndim != 2 or basis.shape[1] != dim or basis.shape[0] < 1:
            raise ValueError(f"`basis` must be a list of {dim}-dimensional positions, got shape {basis.shape}")
        norbs = _norbs_per_sublattice(self.norbs, basis.shape[0])
        if not isinstance(self.name, str):
            raise TypeError(f"`name` must be a str (a label for messages and plots), got {self.name!r}")
        object.__setattr__(self, "vectors", vectors)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "norbs", norbs)

    @property
    def dim(self):
        """Dimension of space (and number of primitive vectors)."""
        return self.vectors.shape[0]

    @property
    def n_sublattices(self):
        return self.basis.shape[0]

    def positions(self, sub, tags):
        """Positions of sites ``(sub[i], tags[i])``: shape ``(n, dim)``."""
        tags = np.asarray(tags, dtype=float).reshape(-1, self.dim)
        return tags @ self.vectors + self.basis[np.asarray(sub, dtype=int)]

    def closest(self, position):
        """The site ``(sub, tag)`` nearest to ``position``."""
        pos = _real_matrix(position, "start").reshape(-1)
        if pos.size != self.dim:
            raise ValueError(f"`start` must be a position with {self.dim} coordinates, got {position!r}")
        best = None
        for s in range(self.n_sublattices):
            frac = np.linalg.solve(self.vectors.T, pos - self.basis[s])
            base = np.floor(frac).astype(int)
            for corner in np.ndindex(*(2,) * self.dim):
                tag = base + np.array(corner)
                d = np.linalg.norm(tag @ self.vectors + self.basis[s] - pos)
                if best is None or d < best[0] - 1e-12:
                    best = (d, s, tuple(int(t) for t in tag))
        return best[1], best[2]

    def neighbors(self, n=1, *, tol=1e-8):
        """Hopping kinds of the ``n``-th nearest neighbours, each bond once.

        Parameters
        ----------
        n : int
            1 for nearest neighbours, 2 for next-nearest, ...

        Returns
        -------
        list of HoppingKind
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"`n` must be a whole number >= 1 (1: nearest neighbours), got {n!r}")
        key = ("neighbors", int(n), tol)
        if key in self._cache:
            return self._cache[key]
        reach = int(n) + 2
        candidates = []
        for delta in np.ndindex(*(2 * reach + 1,) * self.dim):
            delta = np.array(delta) - reach
            for to in range(self.n_sublattices):
                for frm in range(self.n_sublattices):
                    d = np.linalg.norm(delta @ self.vectors + self.basis[to] - self.basis[frm])
                    if d > tol:
                        candidates.append((d, to, frm, tuple(int(x) for x in delta)))
        distances = []
        for d, *_ in sorted(candidates):
            if not distances or d > distances[-1] + tol:
                distances.append(d)
        target = distances[int(n) - 1]
        kinds, seen = [], set()
        for d, to, frm, delta in sorted(candidates, key=lambda c: (c[1], c[2], c[3])):
            if abs(d - target) > tol:
                continue
            reverse = (frm, to, tuple(-x for x in delta))
            if reverse in seen:
                continue
            seen.add((to, frm, delta))
            kinds.append(HoppingKind(to, frm, delta))
        self._cache[key] = kinds
        return kinds

    def neighbor_distance(self, n=1):
        """Length of the ``n``-th nearest-neighbour bonds."""
        kind = self.neighbors(n)[0]
        return float(np.linalg.norm(np.array(kind.delta) @ self.vectors + self.basis[kind.to] - self.basis[kind.frm]))


def chain(a=1.0, *, norbs=1):
    """The one-dimensional chain with lattice constant ``a``."""
    a, norbs = _constant(a), _norbs(norbs)
    return Lattice([[a]], norbs=norbs, name="chain")


def square(a=1.0, *, norbs=1):
    """The square lattice with lattice constant ``a``."""
    a, norbs = _constant(a), _norbs(norbs)
    return Lattice([[a, 0.0], [0.0, a]], norbs=norbs, name="square")


def triangular(a=1.0, *, norbs=1):
    """The triangular lattice with lattice constant ``a``."""
    a, norbs = _constant(a), _norbs(norbs)
    return Lattice([[a, 0.0], [a / 2, a * np.sqrt(3) / 2]], norbs=norbs, name="triangular")


def honeycomb(a=1.0, *, norbs=1):
    """The honeycomb lattice of graphene, carbon-carbon distance ``a``.

    Primitive vectors :math:`\\mathbf a_1 = \\sqrt3 a (1, 0)`,
    :math:`\\mathbf a_2 = \\sqrt3 a (1/2, \\sqrt3/2)`; sublattice A at the
    origin and B at :math:`(0, a)`, so that the rows along ``x`` are zigzag
    chains (a ribbon along ``x`` has zigzag edges, one along ``y`` armchair
    edges).
    """
    a, norbs = _constant(a), _norbs(norbs)
    s = np.sqrt(3) * a
    return Lattice([[s, 0.0], [s / 2, s * np.sqrt(3) / 2]], [[0.0, 0.0], [0.0, a]], norbs=norbs, name="honeycomb")


def cubic(a=1.0, *, norbs=1):
    """The simple cubic lattice with lattice constant ``a``."""
    a, norbs = _constant(a), _norbs(norbs)
    return Lattice(np.eye(3) * a, norbs=norbs, name="cubic")
