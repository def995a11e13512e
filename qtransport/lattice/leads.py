r"""Semi-infinite leads: propagating modes and retarded self-energies.

This module is the "pure algorithms" layer of the lattice engine: it works on
plain arrays and knows nothing about how a system is described.

Convention used throughout :mod:`qtransport.lattice`
-----------------------------------------------------
A lead is a periodic half-chain of unit cells ``j = 0, 1, 2, ...`` that
extends *away* from the scattering region.  Its Hamiltonian is

.. math::

    H_\mathrm{lead} = \sum_{j \ge 0} \left[ c_j^\dagger h_\mathrm{cell} c_j
        + \left(c_{j+1}^\dagger h_\mathrm{hop} c_j + \mathrm{h.c.}\right) \right],

so ``h_hop = H[j+1, j]`` is the hopping from one cell to the next cell,
*further from the scattering region*.  The lead is attached with the same
matrix: the outermost cell ``s`` of the scattering region plays the role of
cell ``j = -1`` (``H[0, s] = h_hop``).  The retarded self-energy acts on that
cell ``s``:

.. math::

    \Sigma(E) = h_\mathrm{hop}^\dagger\, g_{00}(E)\, h_\mathrm{hop},
    \qquad
    \Sigma = h_\mathrm{hop}^\dagger \left(E + i\eta - h_\mathrm{cell}
             - \Sigma\right)^{-1} h_\mathrm{hop},

with :math:`g_{00}` the surface Green's function of the lead.  For a wire along
``x`` with inter-slice hopping ``V = H[x+1, x]``, the right lead takes
``h_hop = V`` and the left lead ``h_hop = V^\dagger`` (its cells are numbered
towards ``-x``).  Complex ``h_hop`` (Peierls phases of a magnetic field) is
allowed everywhere.

Mode method (exact at ``eta = 0``)
----------------------------------
A Bloch solution :math:`\psi_j = \lambda^j \varphi` of the lead obeys

.. math:: \left(h_\mathrm{hop}^\dagger \lambda + h_\mathrm{cell}
          + h_\mathrm{hop}\lambda^{-1}\right)\varphi = E\varphi ,

a quadratic eigenproblem with ``2n`` solutions, solved as an ordinary
eigenproblem of the ``2n x 2n`` transfer matrix acting on
``(phi, lambda phi)``.  The probability current of a solution is carried to
the next cell at the rate (group velocity, units of ``t a / hbar``)

.. math:: v = 2\,\mathrm{Im}\left(\lambda^* \varphi^\dagger h_\mathrm{hop}\varphi\right)
          / \varphi^\dagger\varphi .

Exactly ``n`` solutions are *outgoing* (they move or decay away from the
scattering region): the evanescent ones with ``|lambda| < 1`` and the
propagating ones (``|lambda| = 1``) with ``v > 0``.  Stacking them as the
columns of :math:`\Phi` with :math:`\Lambda = \mathrm{diag}(\lambda)`, any
outgoing wave advances by :math:`F = \Phi\Lambda\Phi^{-1}` per cell, so
the lead answers a wave :math:`\psi_s` on the attached cell with
:math:`h_\mathrm{hop}^\dagger \psi_0 = h_\mathrm{hop}^\dagger F \psi_s`, i.e.

.. math:: \Sigma = h_\mathrm{hop}^\dagger \Phi \Lambda \Phi^{-1}.

Numerically, :math:`\Phi` itself can be very ill conditioned: in a magnetic
field the evanescent solutions of neighbouring guiding centres are nearly
parallel (condition numbers of 1e6 and more), and inverting :math:`\Phi`
would cost as many digits.  The transfer matrix is therefore brought to
complex Schur form with the solutions ordered by ``|lambda|`` (LAPACK
``zgees`` and ``ztrsen``, or the QZ pair when ``h_hop`` is singular): the
evanescent outgoing solutions are kept as an orthonormal basis of their
invariant subspace, and only the solutions near the unit circle are computed
one by one, with their velocities.  Then :math:`F` maps the first half of
each basis vector to its second half, :math:`(\varphi, F\varphi)`.

Near the unit circle, outgoing solutions are picked by the score
``log|lambda| - v / |h_hop|`` (negative means outgoing), which is continuous
through mode thresholds.  Exactly degenerate propagating solutions are first
rotated so that they carry definite currents (the velocity matrix is
diagonalized inside the degenerate subspace).

Mode thresholds
---------------
At a band edge of the lead (a subband bottom or top, or any extremum of a
band :math:`E_n(k)`) a right- and a left-moving solution merge into one of
zero velocity.  Convention: exactly there the mode is **closed**.  It carries
no current, is not counted among the open channels (so ``T`` at a threshold
is the number of the other open channels in a clean wire), and its
eigenvector, the limit of the outgoing solution from both sides, enters
:math:`\Sigma`, which is continuous (it varies like
:math:`\sqrt{|E - E_0|}`).  In floating point "exactly" means within about
``1e-12 t``: for the closed forms an energy closer than ``1e-12 t`` to a
band edge is put on it; in the mode method two solutions whose Bloch
factors differ by less than ``2e-6`` and whose wave functions are parallel
form a merging pair (``|lambda_1 - lambda_2| = 2 sqrt(|E - E0| / t)`` near
an edge of curvature ``t``).  Closer than that the eigenvectors of the pair
are only known to about ``1e-8``, so results in the mode method hold to about
that precision there; the closed forms are exact.

When ``h_hop`` is a multiple of the identity (a clean strip without field),
the lead decouples into independent chains in the eigenbasis of ``h_cell``
and the self-energy is evaluated in closed form (``method="auto"``), as are
its modes (:func:`lead_modes`, :func:`lead_open_channels`).
``method="decimation"`` (Sancho-Lopez Sancho-Rubio iteration) is an
independent route; it needs ``eta > 0``.

References
----------
T. Ando, Phys. Rev. B 44, 8017 (1991): modes and self-energies of leads.
M. P. Lopez Sancho, J. M. Lopez Sancho, J. Rubio, J. Phys. F 15, 851 (1985):
decimation.  C. W. Groth et al., New J. Phys. 16, 063065 (2014): Kwant, whose
``physics/leads.py`` follows the same mode-based route (propagating modes as
eigenvectors, evanescent ones as Schur vectors: its ``StabilizedModes``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.linalg as sla
from scipy.linalg import lapack
from scipy.sparse.csgraph import connected_components

from qtransport._threads import single_threaded_blas
from qtransport._validation import (
    as_real_array,
    check_choice,
    check_scalar,
    check_size,
    check_square,
)
from qtransport.lattice._lapack import (
    condition_number,
    qr,
    real_schur,
    reorder_real_schur,
    singular_values,
)

__all__ = [
    "chain_self_energy",
    "strip_transverse_modes",
    "strip_self_energy",
    "strip_open_channels",
    "strip_lead_hamiltonian",
    "lead_self_energy",
    "lead_modes",
    "lead_open_channels",
    "LeadModes",
]

# Two eigenvalues closer than this are treated as one degenerate eigenvalue.
_DEGENERACY_TOL = 1e-9
# Energies closer than this (in units of the hopping) to a mode threshold count as on it.
_THRESHOLD_TOL = 1e-12
# Above this condition number (of the column-normalized mode basis) an outgoing wave cannot be
# expanded in the modes: the scattering problem is refused rather than answered wrongly.
_BASIS_COND = 1e10
# Two Bloch factors of a pair merging at a threshold: for a band E = E0 + t k^2 near its
# edge, |lambda_1 - lambda_2| = 2 sqrt((E - E0) / t) < _PAIR_TOL within _THRESHOLD_TOL.
_PAIR_TOL = 2.0 * np.sqrt(_THRESHOLD_TOL)
# Solutions with | |lambda| - 1 | below this are examined one by one (eigenvectors and
# velocities); the others are evanescent and are kept as one invariant subspace.
_CIRCLE_TOL = 1e-5


# ---------------------------------------------------------------------------
# Closed forms: the chain and the clean hard-wall strip
# ---------------------------------------------------------------------------


def _outgoing_root(z, complex_energy):
    r"""The root of ``lambda + 1/lambda = 2 z`` that leaves a chain.

    ``z = cos k`` for a chain ``E = eps - 2 tau cos k``.  Inside the band
    (real ``|z| < 1``) this is ``exp(i k)`` with ``sin k > 0`` (positive
    velocity); outside, the root with ``|lambda| < 1``.  At a band edge
    (``|z| = 1`` within ``_THRESHOLD_TOL / 2``, i.e. ``E`` within
    ``_THRESHOLD_TOL * tau`` of the edge) it is exactly ``sign(z)``: the
    common limit from both sides, of zero velocity.  For complex energies
    (``eta > 0``) it is always the root of smaller modulus.
    """
    z = np.asarray(z)
    if not complex_energy:
        z = z.real
        edge = np.abs(np.abs(z) - 1.0) < _THRESHOLD_TOL / 2
        inside = (np.abs(z) < 1.0) & ~edge
        outside = ~inside & ~edge
        lam = np.empty(z.shape, dtype=complex)
        zi = z[inside]
        lam[inside] = zi + 1j * np.sqrt(1.0 - zi**2)
        zo = z[outside]
        lam[outside] = 1.0 / (zo + np.sign(zo) * np.sqrt(zo**2 - 1.0))
        lam[edge] = np.sign(z[edge])
        return lam
    root = np.sqrt(z - 1.0) * np.sqrt(z + 1.0)
    big = np.where(np.abs(z + root) >= np.abs(z - root), z + root, z - root)
    return 1.0 / big


def _complex_energy(energy, eta):
    energy = as_real_array(energy, "energy")
    eta = check_scalar(eta, "eta", nonnegative=True, hint="A retarded self-energy needs eta >= 0.")
    return energy, eta


def chain_self_energy(energy, *, t=1.0, eta=0.0):
    r"""Retarded self-energy of a semi-infinite 1D chain, in closed form.

    The chain has on-site energy ``2t`` and hopping ``-t``, so its band is
    :math:`E = 2t(1 - \cos k)`, from 0 to ``4t``.  The self-energy on the site
    it is attached to is

    .. math:: \Sigma(E) = -t\, e^{ik},

    with ``k`` in ``[0, pi]`` inside the band (right-moving, ``Im Sigma < 0``),
    and outside the band the decaying branch :math:`|e^{ik}| < 1` (real
    ``Sigma``).  At the band edges it is exact: ``Sigma(0) = -t``,
    ``Sigma(4t) = +t``, the limit from both sides; an energy within
    ``1e-12 t`` of an edge counts as on it (see "Mode thresholds" in the
    module docstring).

    Parameters
    ----------
    energy : array_like
        Energies (units of ``t``), any shape.
    t : float, optional
        Hopping (> 0).
    eta : float, optional
        Imaginary part added to the energy (>= 0); ``0`` is exact.

    Returns
    -------
    ndarray of complex
        ``Sigma`` (same unit as ``energy``), shape of ``energy``.

    Notes
    -----
    The broadening is ``Gamma = -2 Im Sigma = 2t sin k = hbar v / a``.
    Reference: S. Datta, *Electronic Transport in Mesoscopic Systems*
    (Cambridge, 1995), ch. 3.

    Examples
    --------
    >>> chain_self_energy([0.0, 2.0, 4.0, 5.0])
    array([-1.        +0.j,  0.        -1.j,  1.        +0.j,  0.38196601+0.j])
    """
    energy, eta = _complex_energy(energy, eta)
    t = check_scalar(t, "t", positive=True)
    z = 1.0 - (energy + 1j * eta) / (2.0 * t)
    return -t * _outgoing_root(z, eta > 0)


def strip_transverse_modes(width, *, t=1.0):
    r"""Transverse modes of a hard-wall strip of ``width`` sites.

    .. math:: \varepsilon_n = 2t\left(1 - \cos\frac{n\pi}{W+1}\right),\qquad
              u_n(y) = \sqrt{\frac{2}{W+1}}\sin\frac{n\pi (y+1)}{W+1},

    ``n = 1 ... W``, rows ``y = 0 ... W-1``.  They diagonalize the transverse
    part of the slice Hamiltonian of :func:`strip_lead_hamiltonian` (on-site
    ``4t`` = ``2t`` transverse + ``2t`` longitudinal).

    Parameters
    ----------
    width : int
        Number of sites ``W`` across the strip (>= 1).
    t : float, optional
        Hopping (> 0); energies come out in its unit.

    Returns
    -------
    eps : ndarray, shape (W,)
        Transverse energies (units of ``t``), increasing.
    u : ndarray, shape (W, W)
        Real orthogonal matrix, column ``n - 1`` is ``u_n``.

    Examples
    --------
    >>> eps, u = strip_transverse_modes(3)
    >>> eps
    array([0.58578644, 2.        , 3.41421356])
    """
    width = check_size(width, "width", minimum=1, power=2, itemsize=16, copies=4,
                       what="the width x width matrices of the lead")
    t = check_scalar(t, "t", positive=True)
    n = np.arange(1, width + 1)
    eps = 2.0 * t * (1.0 - np.cos(n * np.pi / (width + 1)))
    y = np.arange(1, width + 1)
    u = np.sqrt(2.0 / (width + 1)) * np.sin(np.outer(y, n) * np.pi / (width + 1))
    return eps, u


def strip_self_energy(energy, width, *, t=1.0, eta=0.0):
    r"""Retarded self-energy of a clean hard-wall strip lead, in closed form.

    In the transverse basis each mode ``n`` is a chain with band bottom at
    :math:`\varepsilon_n` (see :func:`strip_transverse_modes`), so

    .. math:: \Sigma(E) = \sum_n u_n\, \sigma(E - \varepsilon_n)\, u_n^T,

    with :math:`\sigma` the chain self-energy of :func:`chain_self_energy`.
    The lead has on-site ``4t``, hoppings ``-t``, no field.

    Parameters
    ----------
    energy : array_like
        Energies (units of ``t``), any shape.
    width : int
        Number of sites across the strip (>= 1).
    t : float, optional
        Hopping (> 0).
    eta : float, optional
        Imaginary part added to the energy (>= 0).

    Returns
    -------
    ndarray of complex, shape ``energy.shape + (W, W)``
        Self-energy on the attached slice (units of ``t``).

    Examples
    --------
    >>> s = strip_self_energy(1.0, 2)
    >>> bool(np.allclose(s, s.T))
    True
    """
    energy, eta = _complex_energy(energy, eta)
    eps, u = strip_transverse_modes(width, t=t)
    sigma = chain_self_energy(energy[..., None] - eps, t=t, eta=eta)
    return (u * sigma[..., None, :]) @ u.T


def strip_open_channels(energy, width, *, t=1.0):
    r"""Number of open (propagating) modes of a clean hard-wall strip.

    Mode ``n`` is open for :math:`\varepsilon_n < E < \varepsilon_n + 4t`;
    exactly at a threshold its velocity vanishes and it is not counted
    (within ``1e-12 t`` of a threshold counts as on it, as everywhere in
    :mod:`qtransport.lattice`).

    Parameters
    ----------
    energy : array_like
        Energies (units of ``t``).
    width : int
        Number of sites across (>= 1).
    t : float, optional
        Hopping (> 0).

    Returns
    -------
    ndarray of int
        Number of open channels, shape of ``energy``.

    Examples
    --------
    >>> strip_open_channels([0.1, 1.0, 2.5, 6.5], 3)
    array([0, 1, 2, 1])
    """
    energy = as_real_array(energy, "energy")
    eps, _ = strip_transverse_modes(width, t=t)
    de = energy[..., None] - eps
    return np.sum((de > _THRESHOLD_TOL * t) & (de < (4.0 - _THRESHOLD_TOL) * t), axis=-1)


def strip_lead_hamiltonian(width, *, t=1.0, flux=0.0, y_offset=0.0):
    r"""Unit cell ``(h_cell, h_hop)`` of a square-lattice strip along ``+x``.

    ``h_cell`` is one slice: on-site ``4t`` and hopping ``-t`` between rows
    ``y`` and ``y + 1``.  ``h_hop = H[x+1, x]`` is diagonal,

    .. math:: (h_\mathrm{hop})_{yy} = -t\, e^{2\pi i \phi\, (y + y_0)},

    the Peierls phase of a uniform field in the Landau gauge
    :math:`\mathbf A = (-B y, 0, 0)` for a particle of charge ``-e``:
    ``phi = B a^2 / (h/e)`` is the flux per plaquette in flux quanta, with
    ``B`` along ``+z``.  Around a plaquette traversed counter-clockwise the
    hopping phases add up to :math:`-2\pi\phi` (the Aharonov-Bohm phase
    :math:`-e\Phi/\hbar`).  The gauge does not depend on ``x``, so the lead
    is translation invariant.  For a lead extending towards ``-x`` use
    ``h_hop.conj().T``.

    Parameters
    ----------
    width : int
        Sites across (rows ``y = 0 ... W-1``).
    t : float, optional
        Hopping (> 0).
    flux : float, optional
        Flux per plaquette ``phi`` in units of ``h/e``.
    y_offset : float, optional
        ``y0``: coordinate of row 0 in the gauge (to match a device whose
        rows do not start at ``y = 0``).

    Returns
    -------
    h_cell, h_hop : ndarray, shape (W, W)
        Complex matrices (units of ``t``).

    Examples
    --------
    >>> h_cell, h_hop = strip_lead_hamiltonian(2)
    >>> h_cell.real
    array([[ 4., -1.],
           [-1.,  4.]])
    """
    width = check_size(width, "width", minimum=1, power=2, itemsize=16, copies=4,
                       what="the width x width matrices of the lead")
    t = check_scalar(t, "t", positive=True)
    flux = check_scalar(flux, "flux")
    y_offset = check_scalar(y_offset, "y_offset")
    off = -t * np.ones(width - 1)
    h_cell = (np.diag(np.full(width, 4.0 * t)) + np.diag(off, 1) + np.diag(off, -1)).astype(complex)
    y = np.arange(width) + y_offset
    h_hop = np.diag(-t * np.exp(2j * np.pi * flux * y))
    return h_cell, h_hop


# ---------------------------------------------------------------------------
# General leads
# ---------------------------------------------------------------------------


def _check_lead(h_cell, h_hop):
    h_cell = check_square(h_cell, "h_cell")
    h_hop = check_square(h_hop, "h_hop")
    if h_cell.ndim != 2 or h_hop.shape != h_cell.shape:
        raise ValueError(
            f"`h_cell` and `h_hop` must be two n x n matrices of the same size, got shapes "
            f"{h_cell.shape} and {h_hop.shape}."
        )
    scale = max(np.abs(h_cell).max(), np.abs(h_hop).max(), 1e-300)
    if not np.allclose(h_cell, h_cell.conj().T, rtol=0, atol=1e-12 * scale):
        raise ValueError("`h_cell` must be Hermitian (h_cell == h_cell.conj().T).")
    if not np.any(h_hop):
        raise ValueError("`h_hop` is zero: a lead needs a hopping between its cells.")
    return h_cell, h_hop


def _velocities(lam, phi, h_hop):
    """Current ``2 Im(lambda^* phi^H h phi) / phi^H phi`` of each column of ``phi``."""
    hphi = h_hop @ phi
    num = 2.0 * np.imag(lam.conj() * np.sum(phi.conj() * hphi, axis=-2))
    return num / np.sum(np.abs(phi) ** 2, axis=-2)


class _Pencil(NamedTuple):
    """The linearized Bloch problem of a lead, set up once for all energies."""

    h_cell: np.ndarray
    h_hop: np.ndarray
    hinv: np.ndarray | None  # (h_hop^H)^-1 when h_hop is well conditioned, else None
    scale: float  # |h_hop|_2, the unit of velocities


def _pencil(h_cell, h_hop):
    sv = singular_values(h_hop)  # one decomposition: |h_hop|_2 and the condition number
    hinv = np.linalg.inv(h_hop.conj().T) if sv[0] < 1e8 * sv[-1] else None
    return _Pencil(h_cell, h_hop, hinv, float(sv[0]))


def _ratio(alpha, beta):
    """``alpha / beta``, infinite where ``beta`` vanishes."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.abs(beta) > 0, alpha / np.where(beta == 0, 1, beta), np.inf)


def _real_blocks(t):
    """Rows ``m`` of the 2 x 2 blocks ``(m-1, m)`` of a real quasi-triangular Schur form ``t``."""
    diag = np.diagonal(t)
    sub = np.diagonal(t, -1)
    return np.flatnonzero(np.abs(sub) > np.finfo(float).eps * (np.abs(diag[:-1]) + np.abs(diag[1:]))) + 1


def _real_schur_eigenvalues(t):
    """Eigenvalues of a real quasi-triangular Schur form ``t``, in its order (a pair for each 2 x 2 block)."""
    lam = np.diagonal(t).astype(complex)
    m = _real_blocks(t)
    a, b, c, d = t[m - 1, m - 1], t[m - 1, m], t[m, m - 1], t[m, m]
    root = np.sqrt((0.25 * (a - d) ** 2 + b * c).astype(complex))
    lam[m - 1], lam[m] = 0.5 * (a + d) + root, 0.5 * (a + d) - root
    return lam


def _complex_schur(t, z):
    """The complex Schur form ``(s, q)`` of a real one ``(t, z)``: each 2 x 2 block made triangular.

    A block ``(m-1, m)`` of the quasi-triangular ``t`` holds a pair of
    eigenvalues ``mu, mu^*``; the rotation ``G = [[c^*, s], [-s, c]]`` built
    from ``mu`` makes it upper triangular.  The blocks touch disjoint rows and
    columns, so all rotations are found from ``t`` at once and applied as one
    block-diagonal unitary matrix: ``s = G t G^H``, ``q = z G^H`` (the steps
    of :func:`scipy.linalg.rsf2csf`, without its loop over the blocks).
    ``G`` is the identity outside the blocks, so it is applied as rotations
    of the rows and columns ``m - 1, m`` instead of as matrix products.
    """
    m = _real_blocks(t)
    s, q = t.astype(complex), z.astype(complex)
    if m.size:
        a, b, c, d = t[m - 1, m - 1], t[m - 1, m], t[m, m - 1], t[m, m]
        half = 0.5 * (a - d)
        mu = half + np.sqrt((half * half + b * c).astype(complex))  # an eigenvalue of the block, minus d
        r = np.sqrt(np.abs(mu) ** 2 + c * c)
        cos, sin = mu / r, c / r
        upper, lower = s[m - 1], s[m]  # G from the left: rows
        s[m - 1], s[m] = cos.conj()[:, None] * upper + sin[:, None] * lower, cos[:, None] * lower - sin[:, None] * upper
        for x in (s, q):  # G^H from the right: columns
            left, right = x[:, m - 1], x[:, m]
            x[:, m - 1], x[:, m] = left * cos + right * sin, right * cos.conj() - left * sin
    return np.triu(s), q


def _reorder(s, q, p, lam):
    """Schur vectors reordered: ``|lambda| < 1 - _CIRCLE_TOL`` first, then those near the circle.

    ``s`` is real quasi-triangular (``p`` None, LAPACK ``dtrsen``: a pair
    ``lambda, lambda^*`` moves as one block, both members selected as they
    share ``|lambda|``) or complex triangular (``ztrsen``, or ``ztgsen`` for
    the pencil ``(s, p)``).  Returns ``(s, p, q, k, c)`` or None if a swap
    of real blocks failed (LAPACK refuses an ill-conditioned one).
    """
    modulus = np.abs(lam)
    inside = modulus < 1.0 - _CIRCLE_TOL
    circle = ~inside & (modulus <= 1.0 + _CIRCLE_TOL)
    order = np.arange(len(lam))  # original position of the solution now at each position
    for wanted in (inside, inside | circle):
        select = wanted[order].astype(np.int32)
        if select.all() or not select.any():
            continue
        if p is not None:
            s, p, _, _, _, q, *_, info = lapack.ztgsen(select, s, p, q, q, ijob=0, wantq=0)
        elif np.iscomplexobj(s):
            s, q, *_, info = lapack.ztrsen(select, s, q, job="N")
        else:
            s, q, info = reorder_real_schur(select, s, q)
            if info != 0:
                return None
        if info != 0:  # pragma: no cover - complex reordering does not fail in LAPACK
            raise np.linalg.LinAlgError("reordering the Schur form of a lead failed")
        order = np.concatenate([order[select == 1], order[select == 0]])
    return s, p, q, int(inside.sum()), int(circle.sum())


def _sorted_schur(pencil, z):
    r"""Complex Schur (or QZ) form of the Bloch problem, sorted: inside the unit circle, near it, outside.

    The ``2n`` solutions ``(phi, lambda phi)`` are the eigenvectors of the
    transfer matrix ``[[0, 1], [-h^-H h, h^-H (z - h_cell)]]`` (or of the
    pencil ``A - lambda B`` when ``h_hop`` is singular).  The unitary Schur
    vectors ``q`` are reordered (LAPACK ``ztrsen``/``ztgsen``; ``dtrsen`` on
    the real Schur form of a real matrix, see :func:`_reorder`) so that the
    first ``k`` span the solutions with ``|lambda| < 1 - _CIRCLE_TOL`` and the
    next ``c`` the ones near the unit circle.  An orthonormal basis of the
    evanescent solutions stays well conditioned where their eigenvectors are
    nearly parallel, as in a magnetic field.

    Returns ``(s, p, q, lam, k, c)``: upper triangular ``s`` (and ``p`` for
    the pencil, else None), unitary ``q``, Bloch factors in the new order.
    """
    h_cell, h_hop, hinv, _ = pencil
    n = h_cell.shape[0]
    if hinv is not None:
        m = np.zeros((2 * n, 2 * n), dtype=complex)
        m[:n, n:] = np.eye(n)
        m[n:, :n] = -hinv @ h_hop
        m[n:, n:] = hinv @ (z * np.eye(n) - h_cell)
        if not np.any(m.imag):
            # A real lead at a real energy (no field): the real Schur form, sorted in real arithmetic,
            # costs about half as much; its 2 x 2 blocks (pairs lambda, lambda^*) are split at the end.
            t, zr = real_schur(m.real)
            done = _reorder(t, zr, None, _real_schur_eigenvalues(t))
            if done is not None:
                t, _, zr, k, c = done
                s, q = _complex_schur(t, zr)
                return s, None, q, np.diag(s).copy(), k, c
        s, q = sla.schur(m, output="complex", check_finite=False)
        p = None
        lam = np.diag(s).copy()
    else:
        a = np.zeros((2 * n, 2 * n), dtype=complex)
        a[:n, n:] = np.eye(n)
        a[n:, :n] = -h_hop
        a[n:, n:] = z * np.eye(n) - h_cell
        b = np.zeros((2 * n, 2 * n), dtype=complex)
        b[:n, :n] = np.eye(n)
        b[n:, n:] = h_hop.conj().T
        s, p, _, q = sla.qz(a, b, output="complex", check_finite=False)
        lam = _ratio(np.diag(s), np.diag(p))
    s, p, q, k, c = _reorder(s, q, p, lam)
    lam = np.diag(s).copy() if p is None else _ratio(np.diag(s), np.diag(p))
    return s, p, q, lam, k, c


def _circle_vectors(s, p, q, k, c):
    """Bloch factors (c,) and eigenvectors (2n, c) of the solutions at positions ``k ... k + c - 1``.

    With the Schur form ``[[T11, T12], [0, T22]]`` (``T11`` the ``k``
    inside solutions, ``T22`` the ``c`` near the circle), the Sylvester
    equation ``T11 X - X T22 = -T12`` gives the invariant subspace
    ``q [X; 1; 0]`` of the ``T22`` solutions; the eigenvectors of the small
    triangular ``T22`` (LAPACK ``zgeev``, whose back substitution keeps a
    degenerate or merging pair inside its eigenspace) complete them.  For
    the pencil (singular ``h_hop``) the same back substitution is done
    column by column.
    """
    if c == 0:
        return np.zeros(0, dtype=complex), np.zeros((q.shape[0], 0), dtype=complex)
    if p is None:
        block = q[:, k : k + c]
        if k:
            x, scale, _ = lapack.ztrsyl(s[:k, :k], s[k : k + c, k : k + c], -s[:k, k : k + c],
                                        isgn=-1)
            block = q[:, :k] @ (x / scale) + block
        lam, y = np.linalg.eig(s[k : k + c, k : k + c])
        return lam, block @ y
    vecs = np.zeros((q.shape[0], c), dtype=complex)
    smin = 1e-15 * max(np.abs(s).max(), np.abs(p).max(), 1e-300)
    for col, j in enumerate(range(k, k + c)):
        tri = p[j, j] * s[:j, :j] - s[j, j] * p[:j, :j]
        rhs = -(p[j, j] * s[:j, j] - s[j, j] * p[:j, j])
        diagonal = np.einsum("ii->i", tri)
        diagonal[np.abs(diagonal) < smin] = smin
        x = sla.solve_triangular(tri, rhs, check_finite=False) if j else np.zeros(0)
        vecs[:, col] = q[:, : j + 1] @ np.concatenate([x, [1.0]])
    return _ratio(np.diag(s)[k : k + c], np.diag(p)[k : k + c]), vecs


def _clusters(values, tol):
    """Index groups of ``values`` linked by steps smaller than ``tol`` (single linkage)."""
    close = np.abs(values[:, None] - values[None, :]) < tol
    if close.sum() == len(values):  # the usual case: no two values close
        return [np.array([i]) for i in range(len(values))]
    _, labels = connected_components(close, directed=False)
    return [np.flatnonzero(labels == label) for label in range(labels.max() + 1)]


def _velocity_basis(phi, lam, h_hop):
    """Orthonormal basis of ``span(phi)`` diagonalizing the velocity form at Bloch factor ``lam``.

    Within a set of solutions sharing one ``lambda`` any combination is a
    solution; the one that diagonalizes ``V = -i (lambda^* h - lambda h^H)``
    carries definite currents (right- and left-movers separated).
    """
    basis, _ = qr(phi)
    vmat = -1j * (np.conj(lam) * h_hop - lam * h_hop.conj().T)
    vel, rot = np.linalg.eigh(basis.conj().T @ vmat @ basis)
    return basis @ rot, vel


class _Solutions(NamedTuple):
    """Bloch solutions of a lead at one energy, split for the scattering problem."""

    lam_out: np.ndarray  # (M,) propagating, moving away from the scattering region
    phi_out: np.ndarray  # (n, M) unit norm
    vel_out: np.ndarray  # (M,) > 0
    lam_in: np.ndarray  # (M,) propagating towards the scattering region
    phi_in: np.ndarray
    vel_in: np.ndarray  # < 0
    lam_rest: np.ndarray  # (n - M,) the other outgoing solutions (evanescent, or at a threshold)
    rest: np.ndarray  # (n, n - M) a basis of their wave functions on one cell
    propagator: np.ndarray  # (n, n) F: an outgoing wave advances by psi_{j+1} = F psi_j
    thresholds: int  # number of zero-velocity solutions at a mode threshold (closed)


class _NoSplit(Exception):
    """The solutions could not be split into n outgoing and n incoming ones."""


def _roles(lam, vel, scale):
    """Roles of solutions not at a threshold: propagating "out"/"in", evanescent "rest"/"back".

    A solution propagates when its current outweighs its decay,
    ``|v| / |h| > |log|lambda||``; an evanescent one is outgoing when
    ``log|lambda| - v / |h| < 0``, a score continuous through thresholds.
    """
    with np.errstate(divide="ignore"):
        decay = np.log(np.abs(lam))
    propagating = np.abs(vel) / scale > np.abs(decay)
    return np.where(propagating, np.where(vel > 0, "out", "in"),
                    np.where(decay - vel / scale < 0, "rest", "back")).astype(object)


def _solutions(pencil, z, *, real=True):
    r"""Outgoing and incoming solutions of a lead at one (complex) energy ``z``.

    The solutions away from the unit circle are split by ``|lambda|`` as one
    invariant subspace (Schur vectors).  Those near the unit circle are
    examined one by one: propagating ones by the sign of their velocity,
    nearly propagating ones by ``log|lambda| - v/|h|`` (negative: outgoing).
    At a mode threshold (``real`` energies only) two solutions merge into one
    of zero velocity, recognised as two Bloch factors closer than
    ``_PAIR_TOL`` with nearly parallel wave functions: their common
    eigenvector is the outgoing limit from both sides, it carries no current
    and is counted as closed.
    """
    h_cell, h_hop, _, scale = pencil
    n = h_cell.shape[0]
    s, p, q, lam_all, k, c = _sorted_schur(pencil, z)
    lam, phi = _circle_vectors(s, p, q, k, c)
    phi = phi[:n] / np.linalg.norm(phi[:n], axis=0)
    vel = _velocities(lam, phi, h_hop)
    roles = _roles(lam, vel, scale)
    thresholds = 0
    for group in (_clusters(lam, _PAIR_TOL) if real else []):
        if len(group) == 1:
            continue
        sv = np.linalg.svd(phi[:, group], compute_uv=False)
        rank = int(np.sum(sv > 1e-3 * sv[0]))
        if rank == len(group):
            for sub in _clusters(lam[group], _DEGENERACY_TOL):
                idx = group[sub]
                if len(idx) > 1:  # one Bloch factor, several solutions
                    lam[idx] = np.mean(lam[idx])
                    phi[:, idx], vel[idx] = _velocity_basis(phi[:, idx], lam[idx[0]], h_hop)
                    roles[idx] = _roles(lam[idx], vel[idx], scale)
            continue
        # Pairs merging at a threshold: len(group) - rank of them, each leaving one eigenvector
        # of zero velocity (its partner grows linearly away from the interface and is dropped).
        zero = len(group) - rank
        if zero > rank:
            raise _NoSplit
        u, _, _ = np.linalg.svd(phi[:, group], full_matrices=False)
        lam0 = np.mean(lam[group])
        basis, v = _velocity_basis(u[:, :rank], lam0, h_hop)
        slowest = np.argsort(np.abs(v), kind="stable")[:zero]
        for i, slot in enumerate(group):
            if i < rank:
                phi[:, slot], vel[slot], lam[slot] = basis[:, i], v[i], lam0
                roles[slot] = "rest" if i in slowest else ("out" if v[i] > 0 else "in")
            else:
                roles[slot] = "dropped"
        thresholds += zero
    out, inc = np.flatnonzero(roles == "out"), np.flatnonzero(roles == "in")
    rest = np.flatnonzero(roles == "rest")
    if out.size != inc.size or k + out.size + rest.size != n:
        raise _NoSplit
    # The outgoing evanescent (and threshold) solutions as an orthonormal basis of 2n-vectors
    # (phi, lambda phi); the propagating ones keep their own vectors, so that expanding a wave
    # on [propagating | rest] gives its amplitudes in the propagating modes.
    rest_vectors = np.concatenate(
        [np.concatenate([phi[:, rest], phi[:, rest] * lam[rest]]), q[:, :k]], axis=1)
    rest_vectors, _ = qr(rest_vectors)
    cell = np.concatenate([phi[:, out], rest_vectors[:n]], axis=1)
    next_cell = np.concatenate([phi[:, out] * lam[out], rest_vectors[n:]], axis=1)
    propagator = np.linalg.solve(cell.T, next_cell.T).T  # F = next_cell cell^-1
    return _Solutions(lam[out], phi[:, out], vel[out], lam[inc], phi[:, inc], vel[inc],
                      np.concatenate([lam[rest], lam_all[:k]]), rest_vectors[:n], propagator,
                      thresholds)


def _threshold_error(energy, where=""):
    return ValueError(
        f"`energy` = {energy!r} lies on a mode threshold{where}, where two Bloch solutions "
        "merge and could not be told apart: shift it by ~1e-9."
    )


def _uniform_solutions(h_cell, c, energy):
    """``_Solutions`` for ``h_hop = c * 1`` at a real energy, in closed form.

    In the eigenbasis ``u`` of ``h_cell`` the lead is a set of chains of
    hopping ``c = -tau exp(i theta)``; on level ``eps`` the outgoing solution
    is ``lambda = mu exp(i theta)`` with ``mu`` the root of
    :func:`_outgoing_root` at ``z = (eps - E) / 2 tau``, and its velocity is
    ``2 tau Im(mu)``.  Exactly at a band edge ``mu = +-1``: zero velocity, closed.
    """
    tau = abs(c)
    phase = -c / tau
    eps, u = np.linalg.eigh(h_cell)
    mu = _outgoing_root((eps - energy) / (2.0 * tau), False)
    vel = 2.0 * tau * mu.imag
    open_ = vel > 0
    lam = mu * phase
    return _Solutions(lam[open_], u[:, open_], vel[open_], mu[open_].conj() * phase, u[:, open_],
                      -vel[open_], lam[~open_], u[:, ~open_], (u * lam) @ u.conj().T,
                      int(np.sum((mu.imag == 0) & (np.abs(mu) == 1))))


def _lead_solutions(h_cell, h_hop, energy, eta=0.0, *, closed_form=True):
    """``_solutions`` at each energy of a 1D array (one call per energy).

    With ``closed_form`` a lead with ``h_hop = c * 1`` (a strip without
    field) is solved by :func:`_uniform_solutions`.
    """
    out = []
    c = _uniform_hopping(h_hop) if closed_form and eta == 0 else None
    if c is not None:
        with single_threaded_blas():
            return [_uniform_solutions(h_cell, c, e) for e in np.atleast_1d(energy).ravel()]
    with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
        pencil = _pencil(h_cell, h_hop)
        for e in np.atleast_1d(energy).ravel():
            try:
                out.append(_solutions(pencil, e + 1j * eta, real=eta == 0))
            except _NoSplit:
                raise _threshold_error(float(e)) from None
    return out


def _uniform_hopping(h_hop):
    """The scalar c if ``h_hop == c * identity``, else None."""
    c = h_hop[0, 0]
    if c != 0 and np.allclose(h_hop, c * np.eye(h_hop.shape[0]), rtol=0, atol=1e-14 * abs(c)):
        return c
    return None


def lead_self_energy(h_cell, h_hop, energy, *, eta=0.0, method="auto"):
    r"""Retarded self-energy of a general semi-infinite lead, vectorized over energies.

    Solves :math:`\Sigma = h_\mathrm{hop}^\dagger (E + i\eta - h_\mathrm{cell}
    - \Sigma)^{-1} h_\mathrm{hop}` for the retarded solution, with the lead
    extending away from the scattering region as described in the module
    docstring (``h_hop = H[j+1, j]`` points away from the scattering region).

    Parameters
    ----------
    h_cell : array_like, shape (n, n)
        Hermitian Hamiltonian of one unit cell (units of ``t``).
    h_hop : array_like, shape (n, n)
        Hopping from a cell to the next one, further away (complex allowed).
    energy : array_like
        Real energies (units of ``t``), any shape.
    eta : float, optional
        Imaginary part added to the energy (>= 0).  ``0`` is exact with the
        mode method.
    method : {"auto", "modes", "decimation"}
        ``"modes"``: the mode decomposition of the module docstring.
        ``"decimation"``: Sancho-Rubio iteration (needs ``eta > 0``); at
        energies where it loses accuracy (``E`` within about ``eta`` of an
        eigenvalue of ``h_cell``, where each step inverts a nearly singular
        matrix) the result fails a check against the Dyson equation and is
        recomputed by the mode route.
        ``"auto"``: closed form when ``h_hop`` is a multiple of the identity
        (independent chains in the eigenbasis of ``h_cell``), else modes.

    Returns
    -------
    ndarray of complex, shape ``energy.shape + (n, n)``
        Self-energy on the attached cell (units of ``t``).  Its broadening
        ``Gamma = i (Sigma - Sigma^H)`` is positive semi-definite.

    Examples
    --------
    A chain is a lead with a 1 x 1 cell:

    >>> s = lead_self_energy([[2.0]], [[-1.0]], [1.0, 2.0], method="modes")
    >>> bool(np.allclose(s[:, 0, 0], chain_self_energy([1.0, 2.0])))
    True
    """
    h_cell, h_hop = _check_lead(h_cell, h_hop)
    energy, eta = _complex_energy(energy, eta)
    check_choice(method, "method", ("auto", "modes", "decimation"))
    shape = energy.shape
    flat = energy.ravel()
    c = _uniform_hopping(h_hop) if method == "auto" else None
    with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
        if c is not None:
            sigma = _uniform_self_energy(h_cell, abs(c), flat, eta)
        elif method == "decimation":
            sigma = _decimation_self_energy(h_cell, h_hop, flat, eta)
        else:
            sigma = _mode_self_energy(h_cell, h_hop, flat, eta)
    return sigma.reshape(shape + h_cell.shape)


def _uniform_self_energy(h_cell, tau, energy, eta):
    """Closed form for ``h_hop = c * 1``: chains of hopping ``|c|`` on the levels of ``h_cell``."""
    eps, u = np.linalg.eigh(h_cell)
    z = (eps - (energy[:, None] + 1j * eta)) / (2.0 * tau)
    sigma = -tau * _outgoing_root(z, eta > 0)
    return (u * sigma[:, None, :]) @ u.conj().T


def _mode_self_energy(h_cell, h_hop, energy, eta):
    """``Sigma = h^H F`` with ``F`` the propagator of outgoing waves (module docstring)."""
    solutions = _lead_solutions(h_cell, h_hop, energy, eta, closed_form=False)
    if not solutions:
        return np.zeros((0,) + h_cell.shape, dtype=complex)
    return h_hop.conj().T @ np.stack([sol.propagator for sol in solutions])


def _decimation_self_energy(h_cell, h_hop, energy, eta, *, tol=1e-14, max_iter=200):
    """Sancho-Rubio decimation: each step doubles the length of lead that is summed.

    The couplings ``alpha = H[j, j+1]`` and ``beta = H[j+1, j]`` of the
    renormalized chain shrink like ``exp(-2^k eta / v)``, so about
    ``log2(1/eta)`` steps are needed; the surface cell accumulates
    ``eps_s += alpha g beta``, the bulk cells ``eps += alpha g beta + beta g alpha``.

    The iteration inverts ``E + i eta - eps``, which is nearly singular when
    ``E`` equals an eigenvalue of ``h_cell`` and ``eta`` is small: it then
    loses digits, and can even land on a root of the Dyson equation that is
    not the retarded one.  Each result is therefore checked against the Dyson
    equation and for a positive broadening (:func:`_decimation_is_accurate`);
    energies that fail (or where the iteration does not converge) are
    recomputed by the mode route, exact at any ``eta``.
    """
    if eta <= 0:
        raise ValueError(
            "`eta` must be > 0 for method='decimation' (the iteration does not converge "
            "at eta = 0); use eta=1e-8, say, or method='modes', which is exact at eta = 0."
        )
    n = h_cell.shape[0]
    scale = np.linalg.norm(h_hop, 2)
    z = (energy + 1j * eta)[:, None, None] * np.eye(n)
    try:
        with np.errstate(all="ignore"):
            alpha = np.broadcast_to(h_hop.conj().T, z.shape).copy()  # H[j, j+1]
            beta = np.broadcast_to(h_hop, z.shape).copy()  # H[j+1, j]
            eps_s = np.broadcast_to(h_cell, z.shape).astype(complex)
            eps_b = eps_s.copy()
            for _ in range(max_iter):
                g = np.linalg.inv(z - eps_b)
                agb, bga = alpha @ g @ beta, beta @ g @ alpha
                eps_s = eps_s + agb
                eps_b = eps_b + agb + bga
                alpha, beta = alpha @ g @ alpha, beta @ g @ beta
                if not np.all(np.isfinite(alpha)):
                    break
                if max(np.abs(alpha).max(), np.abs(beta).max()) < tol * scale:
                    break
            converged = np.all(np.isfinite(alpha), axis=(-2, -1)) & (
                np.abs(alpha).max(axis=(-2, -1), initial=0.0) < tol * scale)
            sigma = h_hop.conj().T @ np.linalg.inv(z - eps_s) @ h_hop
    except np.linalg.LinAlgError:  # an exactly singular step: the mode route instead
        converged = np.zeros(len(energy), dtype=bool)
        sigma = np.zeros(z.shape, dtype=complex)
    redo = ~converged
    redo[converged] = ~_decimation_is_accurate(h_cell, h_hop, z[converged], sigma[converged])
    if np.any(redo):
        sigma[redo] = _mode_self_energy(h_cell, h_hop, energy[redo], eta)
    return sigma


def _decimation_is_accurate(h_cell, h_hop, z, sigma, *, rtol=1e-8):
    """Whether ``sigma`` solves the Dyson equation to ``rtol`` and is retarded (one bool per energy)."""
    if len(z) == 0:
        return np.zeros(0, dtype=bool)
    with np.errstate(all="ignore"):
        if not np.all(np.isfinite(sigma)):
            finite = np.all(np.isfinite(sigma), axis=(-2, -1))
        else:
            finite = np.ones(len(z), dtype=bool)
        safe = np.where(finite[:, None, None], sigma, 0.0)
        try:
            dyson = h_hop.conj().T @ np.linalg.inv(z - h_cell - safe) @ h_hop
        except np.linalg.LinAlgError:
            return np.zeros(len(z), dtype=bool)
        scale = max(np.linalg.norm(h_hop, 2), 1e-300)
        size = np.maximum(np.abs(safe).max(axis=(-2, -1)), scale)
        residual = np.abs(safe - dyson).max(axis=(-2, -1)) / size
        gamma = 1j * (safe - safe.conj().swapaxes(-1, -2))
        retarded = np.linalg.eigvalsh(gamma).min(axis=-1) > -rtol * size
    return finite & (residual < rtol) & retarded


def lead_open_channels(h_cell, h_hop, energy):
    r"""Number of propagating modes moving away from the scattering region.

    A Bloch mode :math:`\psi_{x+1} = \lambda \psi_x` of the lead is
    propagating when :math:`|\lambda| = 1` (:math:`\lambda = e^{ik}`, real
    ``k``); it moves away from the scattering region when its group velocity
    :math:`v = \partial E / \partial k` is positive.  Counting those modes
    is the same as counting the bands :math:`E_n(k)` that cross ``energy``
    with positive slope, so the result is the ``N`` of ``G = N G0``.

    Parameters
    ----------
    h_cell, h_hop : array_like, shape (n, n)
        The lead (convention of the module docstring).
    energy : array_like
        Real energies (units of ``t``).

    Returns
    -------
    ndarray of int
        Open channels at each energy (shape of ``energy``).  A mode exactly
        at its threshold has zero velocity and is not counted (see "Mode
        thresholds" in the module docstring).

    Examples
    --------
    >>> from qtransport.lattice.leads import strip_lead_hamiltonian
    >>> lead_open_channels(*strip_lead_hamiltonian(3), [0.1, 1.0, 2.5])
    array([0, 1, 2])
    """
    h_cell, h_hop = _check_lead(h_cell, h_hop)
    energy = as_real_array(energy, "energy")
    counts = [sol.lam_out.size for sol in _lead_solutions(h_cell, h_hop, energy)]
    return np.array(counts, dtype=int).reshape(energy.shape)


class LeadModes(NamedTuple):
    """Modes of a lead at one energy (see :func:`lead_modes`).

    Attributes
    ----------
    outgoing, incoming : ndarray, shape (n, M)
        Propagating modes ``phi`` leaving and entering the scattering region,
        normalized to unit current.  For a lead with time-reversal symmetry,
        ``incoming[:, m] == outgoing[:, m].conj()``.
    lambda_out, lambda_in : ndarray, shape (M,)
        Their Bloch factors ``exp(i k)`` per cell.
    velocities : ndarray, shape (M,)
        Group velocities of the outgoing modes (> 0, units of ``t a / hbar``);
        the incoming mode ``m`` has ``-velocities[m]`` when paired by symmetry.
    basis : ndarray, shape (n, n)
        The ``M`` columns of ``outgoing``, then ``n - M`` columns spanning the
        evanescent outgoing solutions (an orthonormal basis of their
        subspace, well conditioned even where their eigenvectors are nearly
        parallel).  Expanding an outgoing wave on this basis gives its
        amplitudes in the unit-current modes.
    lambda_basis : ndarray, shape (n,)
        The Bloch factors of the ``n`` outgoing solutions: those of the
        ``M`` propagating columns, then those of the evanescent solutions
        (which the remaining columns span together, not one by one).
    propagator : ndarray, shape (n, n)
        ``F`` such that an outgoing wave advances by one cell as
        ``psi_{j+1} = F psi_j``; it is ``basis diag(lambda_basis) basis^-1``
        on the eigenvectors.
    thresholds : int
        Number of modes exactly at their threshold (zero velocity): they are
        closed, i.e. not among the ``M`` propagating ones, and their
        eigenvector is among the evanescent columns of ``basis``.
    """

    outgoing: np.ndarray
    incoming: np.ndarray
    lambda_out: np.ndarray
    lambda_in: np.ndarray
    velocities: np.ndarray
    basis: np.ndarray
    lambda_basis: np.ndarray
    propagator: np.ndarray
    thresholds: int

    @property
    def open_channels(self):
        """Number ``M`` of propagating modes in each direction."""
        return self.outgoing.shape[1]

    @property
    def momenta(self):
        """Longitudinal momenta ``k = arg(lambda)`` of the outgoing modes (units 1/a)."""
        return np.angle(self.lambda_out)

    def self_energy(self, h_hop):
        """``Sigma = h_hop^H F``, with ``F`` the :attr:`propagator`."""
        return np.asarray(h_hop).conj().T @ self.propagator


def _fix_phase(phi):
    """Make the first largest component of each column real and positive."""
    mag = np.abs(phi)
    first = np.argmax(mag >= (1 - 1e-6) * mag.max(axis=0), axis=0)
    ref = phi[first, np.arange(phi.shape[1])]
    return phi * (ref.conj() / np.abs(ref))


def lead_modes(h_cell, h_hop, energy):
    r"""Propagating and evanescent modes of a lead at one real energy.

    Solves the Bloch problem of the module docstring, splits the ``2n``
    solutions into ``n`` outgoing (moving or decaying away from the scattering
    region) and ``n`` incoming ones, and normalizes the propagating modes to
    unit current, :math:`2\,\mathrm{Im}(\lambda^*\varphi^\dagger h_\mathrm{hop}
    \varphi) = \pm 1`, the basis in which the Fisher-Lee S-matrix is unitary.

    Ordering: outgoing modes by increasing momentum ``arg(lambda)``, incoming
    ones by increasing ``arg(conj(lambda))``; each mode's first largest
    component is real and positive.  With time-reversal symmetry (real
    ``h_cell`` and ``h_hop``) incoming mode ``m`` is then the complex conjugate
    of outgoing mode ``m``, and the S-matrix is symmetric.

    Parameters
    ----------
    h_cell, h_hop : array_like, shape (n, n)
        The lead (convention of the module docstring).
    energy : float
        Real energy (units of ``t``).  Exactly at a mode threshold (within
        about ``1e-12 t``) the mode of zero velocity is closed and counted in
        ``thresholds``; if two solutions merge there in a way that cannot be
        resolved, a ``ValueError`` names ``energy``.

    Returns
    -------
    LeadModes
        Named tuple of modes, Bloch factors and velocities.

    Examples
    --------
    >>> modes = lead_modes([[2.0]], [[-1.0]], 1.0)
    >>> modes.open_channels, round(float(modes.velocities[0]), 6)   # v = 2t sin k
    (1, 1.732051)
    """
    h_cell, h_hop = _check_lead(h_cell, h_hop)
    energy = as_real_array(energy, "energy")
    if energy.ndim != 0:
        raise ValueError(f"`energy` must be a single number here, got shape {energy.shape}.")
    return _lead_modes(h_cell, h_hop, energy)


def _lead_modes(h_cell, h_hop, energy):
    """:func:`lead_modes` of a lead already checked: complex arrays, ``h_cell`` Hermitian, ``h_hop`` not zero."""
    (sol,) = _lead_solutions(h_cell, h_hop, energy)
    out = np.argsort(np.angle(sol.lam_out), kind="stable")
    inc = np.argsort(np.angle(sol.lam_in.conj()), kind="stable")
    norm_out = _fix_phase(sol.phi_out[:, out]) / np.sqrt(np.abs(sol.vel_out[out]))
    norm_in = _fix_phase(sol.phi_in[:, inc]) / np.sqrt(np.abs(sol.vel_in[inc]))
    basis = np.concatenate([norm_out, sol.rest], axis=1)
    if basis.size:
        unit = basis / np.linalg.norm(basis, axis=0)
        if condition_number(unit) > _BASIS_COND:
            raise ValueError(
                f"`energy` = {float(energy)!r}: the lead's outgoing waves are not fixed by their values on one "
                "cell here (two evanescent solutions share one wave function on the cell, as in a Kitaev chain "
                "or another Bogoliubov-de Gennes lead exactly at E = 0); shift the energy by about 1e-6"
            )
    lam_basis = np.concatenate([sol.lam_out[out], sol.lam_rest])
    return LeadModes(norm_out, norm_in, sol.lam_out[out], sol.lam_in[inc], np.abs(sol.vel_out[out]),
                     basis, lam_basis, sol.propagator, sol.thresholds)
