r"""Graphene and topological insulators on the lattice (course chapter 10).

Everything here is built on the public API of :mod:`qtransport.tb`: the
lattices of :mod:`qtransport.tb.lattice`, :class:`~qtransport.tb.System` and
:class:`~qtransport.tb.Lead`, and the solvers.  Energies are in units of the
hopping ``t`` (``t = 1``), lengths in units of the lattice constant (for
graphene: the carbon-carbon distance ``a = 1``), fluxes in flux quanta
``h/e``.

Bulk models
-----------
A :class:`BulkModel` is a lattice with one on-site matrix per sublattice and
a list of hoppings ``(V, kind)``, ``V`` the matrix element from the site
``(kind.frm, n)`` to ``(kind.to, n + kind.delta)``.  Its Bloch Hamiltonian, in
the periodic gauge (a Bloch wave :math:`\psi_{s, n} = e^{i\mathbf k\cdot
\mathbf R_n}\varphi_s` with :math:`\mathbf R_n` the position of unit cell
``n``), is

.. math:: H(\mathbf k) = \sum_s \varepsilon_s
          + \sum_{(V,\,\mathrm{kind})} \big[V e^{-i\mathbf k\cdot\mathbf R_\delta}
          + \mathrm{h.c.}\big],

periodic under :math:`\mathbf k \to \mathbf k + \mathbf G`, which the lattice
Chern number of Fukui, Hatsugai and Suzuki needs.  Three models:

* graphene (:func:`graphene_model`): nearest-neighbour hopping ``-t`` on the
  honeycomb lattice of :func:`qtransport.tb.honeycomb`, bands
  :math:`\pm t|1 + e^{i\mathbf k\cdot\mathbf a_1} + e^{i\mathbf k\cdot\mathbf
  a_2}|`, Dirac cones at :math:`K, K' = (\pm 4\pi/3\sqrt3, 0)`;
* the Qi-Wu-Zhang Chern insulator (:func:`qwz_model`), two orbitals per
  site of the square lattice,

  .. math:: H(\mathbf k) = \sin k_x\,\sigma_x + \sin k_y\,\sigma_y
            + (m + \cos k_x + \cos k_y)\,\sigma_z ,

  gapped unless ``m`` is 0 or ``+-2``, with Chern number ``+-1`` for
  ``0 < |m| < 2`` and 0 for ``|m| > 2``;
* a Bernevig-Hughes-Zhang quantum spin Hall model (:func:`bhz_model`): the
  QWZ model for spin up and its time reverse :math:`H_\downarrow(\mathbf k)
  = H_\uparrow(-\mathbf k)^*` for spin down, orbitals ordered (up a, up b,
  down a, down b), plus an optional Zeeman term :math:`h\, s_x\otimes
  \sigma_0` that breaks time reversal.

Lattice invariants
------------------
:func:`chern_number` evaluates the Fukui-Hatsugai-Suzuki formula on a grid
of the Brillouin zone: with the link variables
:math:`U_\mu(\mathbf k) = \det \langle u(\mathbf k)|u(\mathbf k +
\hat\mu)\rangle / |\cdot|` of the occupied bands, the Berry flux through each
plaquette is :math:`F = -\arg U_1(\mathbf k)U_2(\mathbf k + \hat1)
U_1(\mathbf k + \hat2)^{-1}U_2(\mathbf k)^{-1}` and
:math:`C = \sum F / 2\pi`, an exact integer on any grid fine enough that no
plaquette carries a flux beyond ``pi`` (the sign convention is that of the
Berry curvature :math:`\Omega = \partial_x A_y - \partial_y A_x`,
:math:`\mathbf A = i\langle u|\nabla_{\mathbf k} u\rangle`).
:func:`hybrid_wannier_centres` gives the same number as a winding: the
position of the occupied states along ``x``, as a function of ``k_y``, moves
by ``-C`` unit cells when ``k_y`` advances by ``2 pi``.  This is Laughlin's
argument: on a cylinder, threading one flux quantum advances every ``k_y``
by one step, and after the whole cycle ``C`` electrons have been carried from
one edge to the other.

Transport
---------
Finite systems (ribbons, bars, H-bars) with named parameters for the
solvers: ``mass``, ``zeeman``, ``disorder`` (an array over sites, e.g. from
:func:`qtransport.tb.anderson_disorder`) and ``spin_orbit`` (a random,
time-reversal symmetric spin-orbit field, also over sites), ``flux`` (per
hexagon, for graphene in a field), ``kx`` and ``height`` for the Klein
tunnelling strip.  Leads are always clean.

References
----------
A. H. Castro Neto, F. Guinea, N. M. R. Peres, K. S. Novoselov and A. K.
Geim, Rev. Mod. Phys. 81, 109 (2009); L. Brey and H. A. Fertig, Phys. Rev.
B 73, 235411 (2006); M. I. Katsnelson, K. S. Novoselov and A. K. Geim,
Nature Phys. 2, 620 (2006); X.-L. Qi, Y.-S. Wu and S.-C. Zhang, Phys. Rev.
B 74, 085308 (2006); T. Fukui, Y. Hatsugai and H. Suzuki, J. Phys. Soc.
Jpn. 74, 1674 (2005); C. L. Kane and E. J. Mele, Phys. Rev. Lett. 95,
226801 (2005); B. A. Bernevig, T. L. Hughes and S.-C. Zhang, Science 314,
1757 (2006); R. B. Laughlin, Phys. Rev. B 23, 5632 (1981).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_count,
    check_elements,
    check_integer,
    check_nonnegative,
    check_positive,
    check_progress,
    check_rng,
    check_scalar,
    check_sites,
    refuse_bool,
    unwrap_0d,
)
from qtransport.tb import geometries
from qtransport.tb.builder import FiniteSystem, Lead, System, peierls
from qtransport.tb.lattice import HoppingKind, Lattice, honeycomb, square
from qtransport.tb.lattice import chain as chain_lattice
from qtransport.tb.solvers import lead_bands, transmission, wave_functions
from qtransport.tb.spintronics import SIGMA_0 as S0
from qtransport.tb.spintronics import SIGMA_X as SX
from qtransport.tb.spintronics import SIGMA_Y as SY
from qtransport.tb.spintronics import SIGMA_Z as SZ

__all__ = [
    "BulkModel",
    "graphene_model",
    "qwz_model",
    "bhz_model",
    "bloch_hamiltonian",
    "bulk_bands",
    "graphene_bands",
    "dirac_points",
    "chern_number",
    "hybrid_wannier_centres",
    "ribbon_bands",
    "ribbon_open_channels",
    "graphene_landau_levels",
    "half_integer_plateau",
    "zigzag_ribbon_in_field",
    "klein_system",
    "klein_transmission",
    "qwz_ribbon",
    "bhz_ribbon",
    "bhz_hbar",
    "clean_params",
    "disorder_ensemble",
    "DisorderScan",
    "disorder_scan",
    "edge_density",
    "nonlocal_resistances",
]

#: Area of a hexagon of the honeycomb lattice (carbon-carbon distance 1).
HEXAGON_AREA = 3 * np.sqrt(3) / 2
#: hbar v_F of graphene in units of t a.
HBAR_VF = 1.5
#: The spin of the BHZ orbitals, the conserved quantity of its clean leads.
BHZ_SPIN = np.diag([1.0, 1.0, -1.0, -1.0]).astype(complex)
GAP_TOL = 1e-9


def _number(value, name, *, positive=False, nonnegative=False):
    """A single finite real number."""
    arr = (check_positive if positive else check_nonnegative if nonnegative else as_real_array)(value, name)
    return check_scalar(arr, name)


def _sites(sizes, n_sites, norbs):
    """Refuse, before building it, a system of ``n_sites`` sites that cannot fit (names the largest size)."""
    return check_sites(sizes, n_sites, norbs=norbs, maximum=geometries.MAX_SITES)


def _check_fsys(fsys, name="fsys"):
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`{name}` must be a finalized system (System.finalized()), got {type(fsys).__name__}.")
    return fsys


# --------------------------------------------------------------------------- bulk models


class BulkModel(NamedTuple):
    """A translation-invariant tight-binding model (see the module docstring).

    Attributes
    ----------
    lattice : Lattice
    onsite : tuple of ndarray
        One on-site matrix per sublattice, ``(norbs_s, norbs_s)``.
    hoppings : tuple of (ndarray, HoppingKind)
        Matrix elements ``H[(to, n + delta), (frm, n)]`` and their kinds.
    """

    lattice: Lattice
    onsite: tuple
    hoppings: tuple

    @property
    def n_orbitals(self):
        """Orbitals per unit cell (the size of the Bloch Hamiltonian)."""
        return int(sum(self.lattice.norbs))


def graphene_model(*, hopping=1.0):
    """Graphene: hopping ``-t`` between nearest neighbours of :func:`~qtransport.tb.honeycomb`.

    Parameters
    ----------
    hopping : float
        ``t`` (> 0), the energy unit of the course.

    Returns
    -------
    BulkModel
        Two sublattices (A at the origin, B at ``(0, a)``), one orbital each.

    Examples
    --------
    >>> model = graphene_model()
    >>> bulk_bands(model, dirac_points()[0]).round(12) + 0.0
    array([0., 0.])
    """
    t = _number(hopping, "hopping", positive=True)
    lat = honeycomb()
    hops = tuple((np.array([[-t]], dtype=complex), kind) for kind in lat.neighbors(1))
    zero = np.zeros((1, 1), dtype=complex)
    return BulkModel(lat, (zero, zero), hops)


def _qwz_blocks(mass):
    """On-site and hopping matrices of the QWZ model (spin up)."""
    return mass * SZ, 0.5 * (SZ + 1j * SX), 0.5 * (SZ + 1j * SY)


def qwz_model(*, mass):
    r"""The Qi-Wu-Zhang Chern insulator, ``sin kx sx + sin ky sy + (m + cos kx + cos ky) sz``.

    On-site ``m sigma_z``, hoppings ``(sigma_z + i sigma_x)/2`` along ``+x`` and
    ``(sigma_z + i sigma_y)/2`` along ``+y`` on the square lattice (energies
    in units of the hopping).

    Parameters
    ----------
    mass : float
        ``m``; the bulk gap ``2 min|d(k)|`` closes at ``m = 0, +-2``.

    Returns
    -------
    BulkModel

    Examples
    --------
    >>> chern_number(qwz_model(mass=3.0), occupied=1)
    0
    """
    m = _number(mass, "mass")
    onsite, hx, hy = _qwz_blocks(m)
    lat = square(norbs=2)
    return BulkModel(lat, (onsite,), ((hx, HoppingKind(0, 0, (1, 0))), (hy, HoppingKind(0, 0, (0, 1)))))


def _spinful(up, down):
    out = np.zeros((4, 4), dtype=complex)
    out[:2, :2], out[2:, 2:] = up, down
    return out


def _bhz_blocks(mass, zeeman):
    onsite, hx, hy = _qwz_blocks(mass)
    # the spin-down block is the time reverse of the spin-up one: complex conjugation in real space
    zeeman_term = zeeman * np.kron(SX, S0)
    return _spinful(onsite, onsite.conj()) + zeeman_term, _spinful(hx, hx.conj()), _spinful(hy, hy.conj())


def bhz_model(*, mass, zeeman=0.0):
    r"""A quantum spin Hall insulator: QWZ for spin up, its time reverse for spin down.

    .. math:: H(\mathbf k) = \begin{pmatrix} h(\mathbf k) & 0 \\ 0 & h(-\mathbf k)^*
              \end{pmatrix} + h_Z\, s_x \otimes \sigma_0 ,

    with ``h(k)`` the QWZ Hamiltonian of :func:`qwz_model`.  Without the
    Zeeman field the two spin blocks have opposite Chern numbers (total 0)
    and time reversal :math:`\Theta = i s_y K` is a symmetry.

    Parameters
    ----------
    mass : float
        ``m`` of both blocks.
    zeeman : float, optional
        ``h_Z`` (energy), an in-plane field coupling the spins.

    Returns
    -------
    BulkModel
        Square lattice, four orbitals (up a, up b, down a, down b).
    """
    m = _number(mass, "mass")
    hz = _number(zeeman, "zeeman")
    onsite, hx, hy = _bhz_blocks(m, hz)
    lat = square(norbs=4)
    return BulkModel(lat, (onsite,), ((hx, HoppingKind(0, 0, (1, 0))), (hy, HoppingKind(0, 0, (0, 1)))))


def _check_model(model):
    if not isinstance(model, BulkModel):
        raise TypeError(
            f"`model` must be a BulkModel (from graphene_model, qwz_model or bhz_model), got {type(model).__name__}."
        )
    return model


def _momenta(k, dim, name="k"):
    arr = as_real_array(k, name)
    if arr.ndim == 0 or arr.shape[-1] != dim:
        raise ValueError(f"`{name}` must have {dim} components in its last axis (kx, ky), got shape {arr.shape}.")
    return arr


def bloch_hamiltonian(model, k):
    """The Bloch Hamiltonian ``H(k)`` of a bulk model in the periodic gauge.

    Parameters
    ----------
    model : BulkModel
    k : array_like, shape (..., d)
        Wave vectors (inverse lattice-constant units).

    Returns
    -------
    ndarray, shape (..., n, n)
        ``n`` = orbitals per unit cell, sublattice by sublattice.
    """
    model = _check_model(model)
    lat = model.lattice
    k = _momenta(k, lat.dim)
    offsets = np.concatenate([[0], np.cumsum(lat.norbs)])
    n = int(offsets[-1])
    h = np.zeros(k.shape[:-1] + (n, n), dtype=complex)
    for s, block in enumerate(model.onsite):
        h[..., offsets[s] : offsets[s + 1], offsets[s] : offsets[s + 1]] += block
    for value, kind in model.hoppings:
        r = np.asarray(kind.delta, dtype=float) @ lat.vectors
        phase = np.exp(-1j * (k @ r))[..., None, None]
        to = slice(offsets[kind.to], offsets[kind.to + 1])
        frm = slice(offsets[kind.frm], offsets[kind.frm + 1])
        h[..., to, frm] += value * phase
        h[..., frm, to] += np.conj(value).T * np.conj(phase)
    return h


def bulk_bands(model, k):
    """Band energies of a bulk model at wave vectors ``k``: shape ``k.shape[:-1] + (n,)``, ascending (units of t)."""
    return np.linalg.eigvalsh(bloch_hamiltonian(model, k))


def graphene_bands(k, *, hopping=1.0):
    r"""The two bands of graphene in closed form, :math:`\pm t\,|\sum_j e^{i\mathbf k\cdot\boldsymbol\delta_j}|`.

    :math:`\boldsymbol\delta_j` are the three vectors from an A site to its
    neighbours, ``(0, 1)`` and ``(+-sqrt(3)/2, -1/2)`` (carbon-carbon
    distance 1).

    Parameters
    ----------
    k : array_like, shape (..., 2)
        Wave vectors (units of ``1/a``).
    hopping : float, optional
        ``t`` (> 0).

    Returns
    -------
    ndarray, shape (..., 2)
        ``(-E, +E)`` in units of ``t`` (the hopping's unit).

    Examples
    --------
    >>> graphene_bands([0.0, 0.0])   # the band edges at Gamma: -3t and 3t
    array([-3.,  3.])
    """
    t = _number(hopping, "hopping", positive=True)
    k = _momenta(k, 2)
    deltas = np.array([[0.0, 1.0], [np.sqrt(3) / 2, -0.5], [-np.sqrt(3) / 2, -0.5]])
    f = np.exp(1j * (k @ deltas.T)).sum(axis=-1)
    e = t * np.abs(f)
    return np.stack([-e, e], axis=-1)


def dirac_points():
    """The two inequivalent Dirac points ``K = (4 pi / 3 sqrt 3, 0)`` and ``K' = -K`` (units of ``1/a``).

    Returns
    -------
    ndarray, shape (2, 2)
        Rows ``K`` and ``K'`` for the honeycomb lattice of
        :func:`qtransport.tb.honeycomb` (zigzag chains along ``x``).
    """
    kx = 4 * np.pi / (3 * np.sqrt(3))
    return np.array([[kx, 0.0], [-kx, 0.0]])


def _reciprocal(lattice):
    return 2 * np.pi * np.linalg.inv(lattice.vectors).T


def _occupied(model, occupied):
    n = model.n_orbitals
    occ = check_integer(occupied, "occupied", minimum=1)
    if occ >= n:
        raise ValueError(f"`occupied` must be between 1 and {n - 1} (the model has {n} bands), got {occ}.")
    return occ


def _occupied_states(model, k, occ):
    energies, vectors = np.linalg.eigh(bloch_hamiltonian(model, k))
    gap = float(np.min(energies[..., occ] - energies[..., occ - 1]))
    if gap < GAP_TOL:
        raise ValueError(
            "the occupied and empty bands touch somewhere on the grid (the gap closes): the Chern number is not "
            "defined there; change the parameters (e.g. `mass`) slightly"
        )
    return vectors[..., :occ]


def _links(u, axis):
    """Normalized determinant of the overlap between neighbouring k points along ``axis``."""
    overlap = np.einsum("...ai,...aj->...ij", u.conj(), np.roll(u, -1, axis=axis))
    d = np.linalg.det(overlap)
    return d / np.abs(d)


def chern_number(model, *, occupied, n_k=24):
    """Chern number of the ``occupied`` lowest bands by the Fukui-Hatsugai-Suzuki method.

    Parameters
    ----------
    model : BulkModel
        A two-dimensional model.
    occupied : int
        How many of the lowest bands are filled (1 .. n - 1).
    n_k : int, optional
        Grid points along each reciprocal vector (>= 3).  The result is an
        exact integer once every plaquette's Berry flux is below ``pi``;
        close to a gap closing a finer grid is needed.

    Returns
    -------
    int
        ``C = (1/2 pi) sum of the plaquette Berry fluxes`` (see the module
        docstring for the sign convention).

    Raises
    ------
    ValueError
        If the occupied and empty bands touch on the grid.

    References
    ----------
    T. Fukui, Y. Hatsugai and H. Suzuki, J. Phys. Soc. Jpn. 74, 1674 (2005).

    Examples
    --------
    >>> chern_number(qwz_model(mass=1.0), occupied=1), chern_number(qwz_model(mass=-1.0), occupied=1)
    (-1, 1)
    """
    model = _check_model(model)
    if model.lattice.dim != 2:
        raise ValueError(f"`model` must be two-dimensional for a Chern number, got dimension {model.lattice.dim}.")
    occ = _occupied(model, occupied)
    n = check_integer(n_k, "n_k", minimum=3)
    norb = model.n_orbitals
    check_elements((n, n, norb, norb), "n_k", value=n, itemsize=16, copies=6, what="the Bloch states on the grid")
    b = _reciprocal(model.lattice)
    f = np.arange(n) / n
    k = f[:, None, None] * b[0] + f[None, :, None] * b[1]
    u = _occupied_states(model, k, occ)
    u1, u2 = _links(u, 0), _links(u, 1)
    plaquette = u1 * np.roll(u2, -1, axis=0) / (np.roll(u1, -1, axis=1) * u2)
    total = -np.angle(plaquette).sum() / (2 * np.pi)
    return int(np.rint(total))


def hybrid_wannier_centres(model, ky, *, occupied, n_k=64):
    r"""Centre along ``x`` of the occupied states at each ``k_y`` (units of the lattice constant).

    For each ``k_y`` the Berry phase of the occupied bands along a closed
    path in ``k_x`` (the Wilson loop, :math:`\gamma = -\arg\det\prod
    \langle u(k_x)|u(k_x + \delta)\rangle`) gives the centre
    :math:`\bar x(k_y) = \gamma / 2\pi` modulo one cell.  The curve is
    unwrapped (continuous), so that ``x(ky + 2 pi) - x(ky)`` is the number of
    cells by which one flux quantum through a cylinder moves the charge
    (Laughlin's pump); it equals ``-C`` of :func:`chern_number`.

    Parameters
    ----------
    model : BulkModel
        A two-dimensional model (the ``x`` and ``y`` directions are the first
        and second primitive vectors).
    ky : array_like, 1-d
        Bloch phases ``k . a_2`` (radians), increasing.
    occupied : int
        Number of filled bands.
    n_k : int, optional
        Points of the ``k_x`` loop (>= 3).

    Returns
    -------
    ndarray, shape (len(ky),)
        ``x(ky)``, the centre summed over the occupied bands, continuous
        (starting in [0, 1)).
    """
    model = _check_model(model)
    if model.lattice.dim != 2:
        raise ValueError(f"`model` must be two-dimensional, got dimension {model.lattice.dim}.")
    occ = _occupied(model, occupied)
    n = check_integer(n_k, "n_k", minimum=3)
    phases = as_real_array(ky, "ky")
    if phases.ndim != 1 or phases.size < 1:
        raise ValueError(f"`ky` must be a 1-d array of phases (radians), got shape {phases.shape}.")
    norb = model.n_orbitals
    check_elements((phases.size, n, norb, norb), "n_k", value=n, itemsize=16, copies=6,
                   what="the Bloch states on the loops")
    b = _reciprocal(model.lattice)
    fx = np.arange(n) / n
    k = fx[None, :, None] * b[0] + (phases[:, None, None] / (2 * np.pi)) * b[1]
    u = _occupied_states(model, k, occ)
    gamma = -np.angle(np.prod(_links(u, 1), axis=1))
    centre = np.unwrap(gamma) / (2 * np.pi)
    return centre - np.floor(centre[0])


# --------------------------------------------------------------------------- graphene ribbons


RIBBON_KINDS = ("zigzag", "armchair")


def _ribbon_kind(kind):
    if not isinstance(kind, str) or kind not in RIBBON_KINDS:
        raise ValueError(f"`kind` must be 'zigzag' or 'armchair', got {kind!r}.")
    return kind


def _ribbon_width(kind, width):
    """The checked ``width`` of a ribbon of ``kind``, refused if its unit cell's bands cannot fit in memory."""
    w = check_integer(width, "width", minimum=1 if kind == "zigzag" else 2)
    # 2 w sites per unit cell: the dense cell Hamiltonian, its eigenvectors and the work of the solver
    check_elements((2 * w, 2 * w), "width", value=w, itemsize=16, copies=6, what="the bands of the unit cell")
    return w


def _zigzag_field_system(n_chains, length):
    sys = geometries.zigzag_ribbon(n_chains, length)
    sys.hoppings.clear()
    # Landau gauge A = (-B y, 0), B = flux per hexagon / hexagon area: uniform along the ribbon (and its leads)
    sys.hopping(peierls(-1.0, lambda x, y, *, flux: (-flux / HEXAGON_AREA * y, 0 * x)))
    return sys


def zigzag_ribbon_in_field(n_chains, length):
    """A zigzag graphene ribbon in a perpendicular field, the flux per hexagon the parameter ``flux``.

    The ribbon of :func:`qtransport.tb.geometries.zigzag_ribbon` (``n_chains``
    zigzag chains, ``length`` cells of ``sqrt(3) a``, hopping ``-t``, on-site
    0) with the Peierls phases of the Landau gauge ``A = (-B y, 0)``, the same
    in the system and its two leads, so that a field needs no rebuild.

    Parameters
    ----------
    n_chains, length : int
        Width (>= 1 chains) and length (>= 1 cells).

    Returns
    -------
    System
        Pass ``params={"flux": phi}`` (flux quanta ``h/e`` per hexagon) to the solvers.
    """
    n = check_integer(n_chains, "n_chains", minimum=1)
    cells = check_integer(length, "length", minimum=1)
    return _zigzag_field_system(n, cells)


def ribbon_bands(kind, width, momenta, *, flux=0.0):
    """Bands ``E_n(k)`` of a graphene ribbon, from the unit cell of its lead.

    Parameters
    ----------
    kind : {'zigzag', 'armchair'}
        Zigzag ribbon along ``x`` (``width`` zigzag chains, period
        ``sqrt(3) a``) or armchair ribbon along ``y`` (``width`` dimer lines,
        period ``3 a``).
    width : int
        Number of chains (zigzag, >= 1) or of dimer lines (armchair, >= 2).
    momenta : array_like, 1-d
        Bloch phases per period ``k`` (radians).
    flux : float, optional
        Flux per hexagon (flux quanta), zigzag ribbons only.

    Returns
    -------
    ndarray, shape (len(momenta), 2 * width)
        All bands at each ``k``, ascending (units of ``t``).
    """
    kind = _ribbon_kind(kind)
    phi = _number(flux, "flux")
    k = as_real_array(momenta, "momenta")
    if k.ndim != 1:
        raise ValueError(f"`momenta` must be a 1-d array of Bloch phases, got shape {k.shape}.")
    w = _ribbon_width(kind, width)
    check_elements((k.size, 2 * w), "momenta", value=k.size, what="the bands")
    if kind == "zigzag":
        fsys = _zigzag_field_system(w, 1).finalized()
        return lead_bands(fsys, 1, k, {"flux": phi})
    if phi != 0:
        raise ValueError("`flux` is implemented for zigzag ribbons only; use 0 for armchair ribbons.")
    return lead_bands(geometries.armchair_ribbon(w, 1).finalized(), 1, k)


def ribbon_open_channels(kind, width, energies, *, flux=0.0, n_k=2001):
    """Open channels of a clean graphene ribbon: right-moving modes counted on its bands.

    A band crossing the energy ``E`` at ``k`` with positive slope carries one
    right-mover; on a closed loop of ``k`` the upward crossings are half of
    all crossings.  In a clean ribbon every channel is transmitted, so this
    is the two-terminal ``T(E)`` (per spin), computed for a whole energy
    sweep from one band calculation.

    Parameters
    ----------
    kind, width, flux
        As in :func:`ribbon_bands`.
    energies : array_like
        Energies (units of ``t``); avoid exactly flat parts of a band.
    n_k : int, optional
        Points of the ``k`` grid over one period (>= 101); it must resolve
        the band extrema that lie close to ``E``.

    Returns
    -------
    ndarray of int, shape of ``energies``
    """
    w = _ribbon_width(_ribbon_kind(kind), width)
    n = check_integer(n_k, "n_k", minimum=101)
    e = as_real_array(energies, "energies")
    # the bands on the grid, and two arrays of booleans per energy
    check_elements((max(e.size, 1), n, 2 * w), "n_k", value=n, itemsize=1, copies=16, what="the bands on the grid")
    k = np.linspace(-np.pi, np.pi, n, endpoint=False)
    bands = ribbon_bands(kind, width, k, flux=flux)
    above = bands[None, :, :] > e.reshape(-1, 1, 1)
    crossings = np.sum(above != np.roll(above, -1, axis=1), axis=(1, 2))
    return (crossings // 2).reshape(e.shape)


def graphene_landau_levels(n, *, flux, hopping=1.0):
    r"""Landau levels of graphene's Dirac cones, :math:`E_n = \mathrm{sgn}(n)\,\hbar v_F\sqrt{2|n|}/\ell_B`.

    In lattice units :math:`\hbar v_F = 3ta/2` and :math:`1/\ell_B^2 = eB/\hbar
    = 2\pi\phi/A_\mathrm{hex}`, with :math:`\phi` the flux per hexagon and
    :math:`A_\mathrm{hex} = 3\sqrt3 a^2/2`.  Each level holds both valleys;
    the level ``n = 0`` sits at the Dirac point and is shared equally by
    electrons and holes: the origin of the half-integer Hall sequence.

    Parameters
    ----------
    n : int or array of int
        Level index (any sign: negative for the hole side).
    flux : float
        Flux per hexagon (flux quanta, > 0).
    hopping : float, optional
        ``t`` (> 0).

    Returns
    -------
    float or ndarray
        ``E_n`` in units of ``t``; the Dirac approximation, good while
        ``|E_n|`` is small compared with ``t``.

    Examples
    --------
    >>> round(float(graphene_landau_levels(1, flux=0.02)), 4)
    0.4665
    """
    levels = as_real_array(refuse_bool(n, "n"), "n")
    if np.any(levels != np.round(levels)):
        raise ValueError(f"`n` must be whole numbers (Landau level indices), got {levels.tolist()}.")
    phi = _number(flux, "flux", positive=True)
    t = _number(hopping, "hopping", positive=True)
    inverse_lb2 = 2 * np.pi * phi / HEXAGON_AREA
    return unwrap_0d(np.sign(levels) * HBAR_VF * t * np.sqrt(2 * np.abs(levels) * inverse_lb2))


def half_integer_plateau(energy, *, flux, hopping=1.0):
    r"""Spinless two-terminal transmission of a graphene ribbon between Landau levels: ``2N + 1``.

    ``N`` is the number of levels ``n >= 1`` with :math:`E_n < |E|`: each
    such level adds one edge channel per valley, and the zeroth level one
    (half of its two valley channels belongs to the electrons).  With spin,
    :math:`\sigma_{xy} = 2(2N + 1) e^2/h = 4(N + \tfrac12) e^2/h`.

    Parameters
    ----------
    energy : array_like
        Fermi energy (units of ``t``), not exactly at a level.
    flux : float
        Flux per hexagon (flux quanta, > 0).
    hopping : float, optional

    Returns
    -------
    int or ndarray of int
    """
    e = np.abs(as_real_array(energy, "energy"))
    phi = _number(flux, "flux", positive=True)
    t = _number(hopping, "hopping", positive=True)
    first = float(graphene_landau_levels(1, flux=phi, hopping=t))
    count = np.floor((e / first) ** 2).astype(int)
    return unwrap_0d(2 * count + 1)


# --------------------------------------------------------------------------- Klein tunnelling


#: Sites of the rectangular cell (sqrt(3) a along x, 3 a along y) of the honeycomb lattice: A, B, A, B.
_RECT_CELL = np.array([[0.0, 0.0], [0.0, 1.0], [np.sqrt(3) / 2, 1.5], [np.sqrt(3) / 2, 2.5]])
_RECT_PERIOD = np.array([np.sqrt(3), 3.0])


def _rect_bonds():
    """The bonds ``(i, j, mx, my)`` of the rectangular cell: site ``j`` of cell ``(mx, my)`` next to site ``i``."""
    bonds = []
    for i in range(4):
        for j in range(4):
            for mx in (-1, 0, 1):
                for my in (-1, 0):
                    d = _RECT_CELL[j] + np.array([mx, my]) * _RECT_PERIOD - _RECT_CELL[i]
                    if abs(np.hypot(*d) - 1.0) < 1e-9:
                        bonds.append((i, j, mx, my))
    return np.array(bonds)


_RECT_BONDS = _rect_bonds()


def _rect_blocks(theta, t):
    """``(h_cell, h_up)`` of the rectangular cell with Bloch phase ``theta`` per ``sqrt(3) a`` along x.

    ``h_up[i, j]``: from site ``j`` of cell ``n`` to site ``i`` of cell ``n + 1``.
    """
    out = np.zeros((2, 4, 4), dtype=complex)
    i, j, mx, my = _RECT_BONDS.T
    np.add.at(out, (my + 1, i, j), -t * np.exp(1j * theta * mx))
    return out[1], out[0]


def klein_system(length, *, barrier_start, barrier_width, hopping=1.0):
    r"""Graphene with a potential barrier, periodic across it: a chain of rectangular cells.

    Transport runs along ``y`` (the armchair direction); along ``x`` the
    sheet is periodic with the Bloch phase ``theta = k_x sqrt(3) a`` per
    period, the named parameter ``kx`` (in units of ``1/a``).  Because the
    valleys ``K`` and ``K'`` sit at different ``k_x``, a barrier uniform in
    ``x`` cannot scatter between them.  Each cell (``3 a`` along ``y``) holds
    four carbon sites; the potential ``height`` (units of ``t``) acts on the
    sites with ``barrier_start <= y < barrier_start + barrier_width``.

    Parameters
    ----------
    length : int
        Cells in the system (>= 1); the leads are clean graphene.
    barrier_start, barrier_width : float
        Position and width of the barrier (units of ``a``, >= 0).
    hopping : float, optional
        ``t`` (> 0).

    Returns
    -------
    System
        On the chain lattice with spacing ``3 a`` and four orbitals per
        "site"; parameters ``kx`` and ``height``.
    """
    n = check_integer(length, "length", minimum=1)
    _sites({"length": n}, n, 4)
    y0 = _number(barrier_start, "barrier_start", nonnegative=True)
    d = _number(barrier_width, "barrier_width", nonnegative=True)
    t = _number(hopping, "hopping", positive=True)
    offsets = _RECT_CELL[:, 1]

    def onsite(y, *, kx, height):
        cell, _ = _rect_blocks(kx * np.sqrt(3), t)
        pos = np.asarray(y, dtype=float)[:, None] + offsets[None, :]
        v = np.where((pos >= y0 - 1e-9) & (pos < y0 + d - 1e-9), height, 0.0)
        return cell[None] + v[:, :, None] * np.eye(4)[None]

    def lead_onsite(y, *, kx):
        return _rect_blocks(kx * np.sqrt(3), t)[0]

    def hop(y1, y2, *, kx):
        return _rect_blocks(kx * np.sqrt(3), t)[1]

    sys = System(chain_lattice(3.0, norbs=4), shape=lambda y: (y >= 0) & (y < 3 * n - 1e-9), start=(0.0,))
    sys.onsite = onsite
    sys.hopping(hop)
    sys.attach_lead(Lead((-1,), onsite=lead_onsite, name="before"))
    sys.attach_lead(Lead((1,), onsite=lead_onsite, name="after"))
    return sys


def klein_transmission(phi, *, energy, height, width, hopping=1.0):
    r"""Transmission through a graphene barrier on the lattice, against the angle of incidence.

    The lattice counterpart of :func:`qtransport.models.dirac.dirac_barrier_transmission`:
    an electron of energy ``E`` near the valley ``K`` arrives with
    :math:`k_x - K_x = (E/\hbar v_F)\sin\phi` (``hbar v_F = 3ta/2``) at a barrier
    of height ``V_0`` and width ``D`` (transport along the armchair direction,
    see :func:`klein_system`, with four clean cells on each side).  For
    ``|E|, |V_0| << t`` the result tends to the Dirac formula with the width
    ``D t / (hbar v_F)``.

    Parameters
    ----------
    phi : array_like
        Angles of incidence (radians) in ``(-pi/2, pi/2)``.
    energy : float
        Energy (units of ``t``, > 0, in the linear part of the band).
    height : float
        Barrier height ``V_0`` (units of ``t``).
    width : float
        Barrier width ``D`` (units of ``a``, >= 0).
    hopping : float, optional

    Returns
    -------
    ndarray
        ``T(phi)``, same shape as ``phi``.
    """
    angles = as_real_array(phi, "phi")
    if np.any(np.abs(angles) >= np.pi / 2):
        raise ValueError(f"`phi` must lie in (-pi/2, pi/2), got {angles.tolist()}.")
    e = _number(energy, "energy", positive=True)
    v0 = _number(height, "height")
    d = _number(width, "width", nonnegative=True)
    t = _number(hopping, "hopping", positive=True)
    margin = 12.0
    cells = int(np.ceil((d + 2 * margin) / 3.0))
    _sites({"width": d}, cells, 4)
    fsys = klein_system(cells, barrier_start=margin, barrier_width=d, hopping=t).finalized()
    kx0 = dirac_points()[0, 0]
    out = np.empty(angles.size)
    for i, a in enumerate(angles.ravel()):
        kx = kx0 + e * np.sin(a) / (HBAR_VF * t)
        out[i] = transmission(fsys, e, {"kx": kx, "height": v0}, method="sparse").transmission[1, 0]
    return unwrap_0d(out.reshape(angles.shape))


# --------------------------------------------------------------------------- Chern and spin Hall systems


def _rectangle(length, width):
    return lambda x, y: (x >= 0) & (x < length) & (y >= 0) & (y < width)


def qwz_ribbon(width, length):
    """A Qi-Wu-Zhang ribbon along ``x`` between clean QWZ leads.

    Parameters
    ----------
    width, length : int
        Sites across (>= 2) and along (>= 1) the ribbon.

    Returns
    -------
    System
        Parameters ``mass`` (the ``m`` of :func:`qwz_model`) and ``disorder``
        (on-site energies over the system's sites, e.g. from
        :func:`qtransport.tb.anderson_disorder`; the leads stay clean).
        :func:`clean_params` gives a starting dictionary.
    """
    w = check_integer(width, "width", minimum=2)
    n = check_integer(length, "length", minimum=1)
    _sites({"width": w, "length": n}, w * n, 2)

    def onsite(x, y, *, sites, mass, disorder):
        return mass * SZ[None] + np.asarray(disorder)[sites][:, None, None] * S0[None]

    _, hx, hy = _qwz_blocks(0.0)
    sys = System(square(norbs=2), shape=_rectangle(n, w), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(hx, kind=(0, 0, (1, 0)))
    sys.hopping(hy, kind=(0, 0, (0, 1)))
    clean = lambda x, y, *, mass: mass * SZ  # noqa: E731
    sys.attach_lead(Lead((-1, 0), onsite=clean, name="left"))
    sys.attach_lead(Lead((1, 0), onsite=clean, name="right"))
    return sys


def _bhz_onsite(x, y, *, sites, mass, zeeman, disorder, spin_orbit):
    base = _bhz_blocks(mass, zeeman)[0]
    v = np.asarray(disorder)[sites][:, None, None]
    so = np.asarray(spin_orbit)[sites][:, None, None]
    # s_x sigma_y is even under time reversal i s_y K: a random spin-orbit field that mixes the spins
    return base[None] + v * np.eye(4)[None] + so * np.kron(SX, SY)[None]


def _bhz_lead_onsite(x, y, *, mass):
    return _bhz_blocks(mass, 0.0)[0]


def bhz_ribbon(width, length):
    """A quantum spin Hall ribbon along ``x`` (model of :func:`bhz_model`) between clean leads.

    Parameters
    ----------
    width, length : int
        Sites across (>= 2) and along (>= 1).

    Returns
    -------
    System
        Parameters ``mass``, ``zeeman`` (in the system only), ``disorder``
        (spin-independent on-site energies over sites) and ``spin_orbit``
        (amplitudes over sites of the time-reversal symmetric term
        ``s_x sigma_y``).  The leads are clean, without Zeeman field, and
        conserve the spin ``s_z``: their block 0 is spin down, block 1 spin up.
    """
    w = check_integer(width, "width", minimum=2)
    n = check_integer(length, "length", minimum=1)
    _sites({"width": w, "length": n}, w * n, 4)
    return _bhz_system(_rectangle(n, w), [((-1, 0), None, "left"), ((1, 0), None, "right")])


def _bhz_system(shape, leads, start=(0, 0)):
    _, hx, hy = _bhz_blocks(0.0, 0.0)
    sys = System(square(norbs=4), shape=shape, start=start)
    sys.onsite = _bhz_onsite
    sys.hopping(hx, kind=(0, 0, (1, 0)))
    sys.hopping(hy, kind=(0, 0, (0, 1)))
    for direction, cross_section, name in leads:
        sys.attach_lead(Lead(direction, shape=cross_section, onsite=_bhz_lead_onsite, conservation=BHZ_SPIN,
                             name=name))
    return sys


def bhz_hbar(*, arm_width=6, length=24, height=16, notch=5):
    """A quantum spin Hall H-bar: two vertical legs joined by a bar, four leads at the legs' ends.

    The body is a ``length`` x ``height`` rectangle with a notch of depth
    ``notch`` cut out of the middle of its top and bottom sides, which leaves
    two legs ``arm_width`` wide.  The leads (clean QSH strips ``arm_width``
    wide) continue the legs downwards and upwards.  They are numbered
    counter-clockwise around the perimeter, like the contacts 1-4 of Roth et
    al. (2009): 0 bottom-left, 1 bottom-right, 2 top-right, 3 top-left; so 0
    and 3 are neighbours along the left leg, 1 and 2 along the right one.

    Parameters
    ----------
    arm_width, length, height, notch : int, keyword-only
        Sizes in lattice constants.

    Returns
    -------
    System
        Parameters as in :func:`bhz_ribbon`.
    """
    w = check_integer(arm_width, "arm_width", minimum=2)
    lx = check_integer(length, "length", minimum=6)
    if lx < 2 * w + 2:
        raise ValueError(f"`arm_width` = {w} leaves no bar between the legs of a body of `length` = {lx}: "
                         f"make it at most (length - 2) / 2 = {(lx - 2) // 2}, or the body longer.")
    ly = check_integer(height, "height", minimum=3)
    depth = check_integer(notch, "notch", minimum=0)
    _sites({"length": lx, "height": ly}, lx * ly, 4)
    if 2 * depth >= ly - 1:
        raise ValueError(f"`notch` = {depth} must leave a bar at least 2 sites high in a body {ly} high.")

    def shape(x, y):
        inside = (x >= 0) & (x < lx) & (y >= 0) & (y < ly)
        middle = (x >= w) & (x < lx - w)
        return inside & ~(middle & ((y < depth) | (y >= ly - depth)))

    left = lambda x, y: (x >= 0) & (x < w)  # noqa: E731
    right = lambda x, y: (x >= lx - w) & (x < lx)  # noqa: E731
    leads = [((0, -1), left, "1"), ((0, -1), right, "2"), ((0, 1), right, "3"), ((0, 1), left, "4")]
    return _bhz_system(shape, leads)


def clean_params(fsys, *, mass, zeeman=0.0):
    """Parameters of a clean QWZ or BHZ system: ``mass``, ``zeeman`` and zero ``disorder``, ``spin_orbit``.

    Parameters
    ----------
    fsys : FiniteSystem
        From :func:`qwz_ribbon`, :func:`bhz_ribbon` or :func:`bhz_hbar`, finalized.
    mass, zeeman : float
        Energies (units of ``t``).

    Returns
    -------
    dict
    """
    fsys = _check_fsys(fsys)
    zero = np.zeros(fsys.n_sites)
    return {"mass": _number(mass, "mass"), "zeeman": _number(zeeman, "zeeman"), "disorder": zero,
            "spin_orbit": zero}


def disorder_ensemble(fsys, energy, strengths, *, mass, realizations, rng, zeeman=0.0, spin_orbit=0.0,
                      lead_out=1, lead_in=0, progress=None):
    """Transmissions of a disordered QWZ or BHZ system for several disorder strengths.

    For each strength ``W`` and realization the on-site energies are drawn
    uniformly from ``[-W/2, W/2]`` on every site of the system; for BHZ
    systems the random spin-orbit amplitudes are drawn from
    ``[-S W/2, S W/2]`` with ``S = spin_orbit`` (both even under time
    reversal).  The same random numbers, scaled, serve every strength, so
    the curves are smooth in ``W``.

    Parameters
    ----------
    fsys : FiniteSystem
    energy : float
        Fermi energy (units of ``t``).
    strengths : array_like, 1-d
        Disorder widths ``W`` (>= 0, units of ``t``).
    mass, zeeman : float, keyword-only
        Model parameters.
    realizations : int
        Samples per strength (>= 1).
    rng : numpy.random.Generator
    spin_orbit : float, optional
        Ratio ``S`` of the random spin-orbit field to the potential (>= 0).
    lead_out, lead_in : int, optional
        The transmission ``T[lead_out, lead_in]`` returned.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    ndarray, shape (len(strengths), realizations)
    """
    progress = check_progress(progress)
    fsys, e, w, ratio, base, base_so = _disorder_draws(fsys, energy, strengths, realizations, rng, spin_orbit,
                                                       lead_indices=(lead_out, lead_in))
    params = clean_params(fsys, mass=mass, zeeman=zeeman)
    tm = _disordered_transmissions(fsys, e, params, w, ratio, base, base_so, progress)
    return tm[..., lead_out, lead_in]


def _disorder_draws(fsys, energy, strengths, realizations, rng, spin_orbit, *, lead_indices=()):
    """Checked inputs of the disorder ensembles, and their random numbers (potential, then spin-orbit)."""
    fsys = _check_fsys(fsys)
    e = _number(energy, "energy")
    w = check_nonnegative(strengths, "strengths")
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"`strengths` must be a non-empty 1-d array of disorder widths, got shape {w.shape}.")
    reps = check_count(realizations, "realizations", minimum=1)
    rng = check_rng(rng)
    # two draws per realization, and each strength's batch of parameter sets holds two arrays over the sites
    check_elements((reps, fsys.n_sites), "realizations", value=reps, copies=4, what="the disorder draws")
    ratio = _number(spin_orbit, "spin_orbit", nonnegative=True)
    n_leads = len(fsys.leads)
    if lead_indices:
        out_lead = check_integer(lead_indices[0], "lead_out", minimum=0)
        in_lead = check_integer(lead_indices[1], "lead_in", minimum=0)
        if max(out_lead, in_lead) >= n_leads:
            raise ValueError(f"`lead_out` and `lead_in` must be lead indices 0..{n_leads - 1}.")
    base = rng.random((reps, fsys.n_sites)) - 0.5
    base_so = rng.random((reps, fsys.n_sites)) - 0.5
    return fsys, e, w, ratio, base, base_so


def _disordered_transmissions(fsys, energy, params, strengths, ratio, base, base_so, progress):
    """All transmission matrices, shape (strengths, realizations, leads, leads): one batch per strength."""
    reps = len(base)
    out = []
    for i, strength in enumerate(strengths):
        batch = [{**params, "disorder": strength * base[r], "spin_orbit": ratio * strength * base_so[r]}
                 for r in range(reps)]
        out.append(transmission(fsys, energy, batch).transmission)
        if progress is not None:
            progress((i + 1) * reps, len(strengths) * reps)
    return np.array(out)


class DisorderScan(NamedTuple):
    """Transmissions and edge densities of a disordered system against the disorder strength.

    Attributes
    ----------
    strengths : ndarray, shape (S,)
        Disorder widths ``W`` (units of ``t``).
    transmissions : ndarray, shape (S, R) or (S, R, M, M)
        ``T[lead_out, lead_in]`` of every realization (two leads), or the
        whole transmission matrix (more leads).
    densities : ndarray, shape (S, n_sites)
        :func:`edge_density` from lead 0 of the first realization at each
        strength (the same random numbers, scaled).
    positions : ndarray, shape (n_sites, 2)
        Where the sites are.
    """

    strengths: np.ndarray
    transmissions: np.ndarray
    densities: np.ndarray
    positions: np.ndarray


def disorder_scan(fsys, energy, strengths, *, mass, realizations, rng, zeeman=0.0, spin_orbit=0.0,
                  progress=None):
    """Disorder ensembles and the edge density of one sample, for a figure with a disorder slider.

    The disorder is that of :func:`disorder_ensemble` (uniform potential of
    width ``W``, and for BHZ systems a time-reversal symmetric spin-orbit
    field of width ``spin_orbit * W``); one set of random numbers is drawn
    and scaled by each ``W``.

    Parameters
    ----------
    fsys : FiniteSystem
        From :func:`qwz_ribbon`, :func:`bhz_ribbon` or :func:`bhz_hbar`, finalized.
    energy : float
        Fermi energy (units of ``t``).
    strengths : array_like, 1-d
        Disorder widths (>= 0).
    mass, zeeman, spin_orbit : float, keyword-only
        Model parameters.
    realizations : int
        Samples per strength.
    rng : numpy.random.Generator
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    DisorderScan
    """
    progress = check_progress(progress)
    fsys, e, w, ratio, base, base_so = _disorder_draws(fsys, energy, strengths, realizations, rng, spin_orbit)
    params = clean_params(fsys, mass=mass, zeeman=zeeman)
    tm = _disordered_transmissions(fsys, e, params, w, ratio, base, base_so, progress)
    result = tm[..., 1, 0] if len(fsys.leads) == 2 else tm
    densities = np.array([
        edge_density(fsys, e, {**params, "disorder": strength * base[0], "spin_orbit": ratio * strength * base_so[0]})
        for strength in w
    ])
    return DisorderScan(w, result, densities, np.asarray(fsys.positions, dtype=float))


def edge_density(fsys, energy, params, *, lead=0):
    """Density of the scattering states sent in by one lead, per site, summed over its channels and orbitals.

    Parameters
    ----------
    fsys : FiniteSystem
    energy : float
        Energy (units of ``t``).
    params : dict
        Parameter values (e.g. from :func:`clean_params`).
    lead : int, optional
        The lead the electrons come from.

    Returns
    -------
    ndarray, shape (n_sites,)
        :math:`\\sum_n |\\psi_n|^2` on every site, for unit-current incoming modes.
    """
    fsys = _check_fsys(fsys)
    e = _number(energy, "energy")
    if not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of parameter values, got {type(params).__name__}.")
    states = wave_functions(fsys, e, check_integer(lead, "lead", minimum=0), params)
    return np.add.reduceat(np.sum(np.abs(states.psi) ** 2, axis=0), fsys.offsets[:-1])


def nonlocal_resistances(transmissions):
    """Four-terminal resistances of a four-contact device, in units of ``h/e^2``.

    Parameters
    ----------
    transmissions : array_like, shape (4, 4)
        ``T[i, j]`` from contact ``j`` into ``i`` (spin-resolved, i.e. summed
        over all channels, ``spin_degeneracy = 1``); the diagonal is ignored.
        Contacts numbered around the perimeter as in :func:`bhz_hbar`.

    Returns
    -------
    dict
        ``"R14,23"`` (current from contact 1 to 4, voltage between 2 and 3),
        ``"R14,14"`` (two-terminal), ``"R12,43"`` and ``"R13,24"``; contacts
        1-4 are indices 0-3.  Ideal helical edges give 1/4, 3/4, 1/4 and 0.
    """
    from qtransport.multiterminal import conductance_matrix, four_terminal_resistance

    t = as_real_array(transmissions, "transmissions")
    if t.shape != (4, 4):
        raise ValueError(f"`transmissions` must be a 4 x 4 matrix, got shape {t.shape}.")
    t = t * (1 - np.eye(4))
    g = conductance_matrix(t, spin_degeneracy=1, unit="e^2/h")
    pick = {"R14,23": (0, 3, 1, 2), "R14,14": (0, 3, 0, 3), "R12,43": (0, 1, 3, 2), "R13,24": (0, 2, 1, 3)}
    try:
        return {name: float(four_terminal_resistance(g, *idx)) for name, idx in pick.items()}
    except ValueError:  # a singular conductance matrix: a contact that no current reaches
        raise ValueError(
            "`transmissions` leave a contact (or a group of contacts) disconnected from the others, so its "
            "voltage and the four-terminal resistances are undefined; give transmissions through which "
            "current can flow between every pair of contacts."
        ) from None
