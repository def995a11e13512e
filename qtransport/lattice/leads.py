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

Outgoing solutions are picked by the score ``log|lambda| - v / |h_hop|``
(negative means outgoing), which is continuous through mode thresholds, where
two solutions merge at ``|lambda| = 1`` with ``v = 0`` and either of the pair
gives the same limit.  Exactly degenerate propagating solutions are first
rotated so that they carry definite currents (the velocity matrix is
diagonalized inside the degenerate subspace).

When ``h_hop`` is a multiple of the identity (a clean strip without field),
the lead decouples into independent chains in the eigenbasis of ``h_cell``
and the self-energy is evaluated in closed form (``method="auto"``).
``method="decimation"`` (Sancho-Lopez Sancho-Rubio iteration) is an
independent route; it needs ``eta > 0``.

References
----------
T. Ando, Phys. Rev. B 44, 8017 (1991): modes and self-energies of leads.
M. P. Lopez Sancho, J. M. Lopez Sancho, J. Rubio, J. Phys. F 15, 851 (1985):
decimation.  C. W. Groth et al., New J. Phys. 16, 063065 (2014): Kwant, whose
``physics/leads.py`` follows the same mode-based route.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_choice,
    check_integer,
    check_nonnegative,
    check_positive,
    check_square,
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


# ---------------------------------------------------------------------------
# Closed forms: the chain and the clean hard-wall strip
# ---------------------------------------------------------------------------


def _outgoing_root(z, complex_energy):
    r"""The root of ``lambda + 1/lambda = 2 z`` that leaves a chain.

    ``z = cos k`` for a chain ``E = eps - 2 tau cos k``.  Inside the band
    (real ``|z| <= 1``) this is ``exp(i k)`` with ``sin k >= 0`` (positive
    velocity); outside, the root with ``|lambda| < 1``.  For complex energies
    (``eta > 0``) it is always the root of smaller modulus.
    """
    z = np.asarray(z)
    if not complex_energy:
        z = z.real
        inside = np.abs(z) <= 1.0
        lam = np.empty(z.shape, dtype=complex)
        zi = z[inside]
        lam[inside] = zi + 1j * np.sqrt(1.0 - zi**2)
        zo = z[~inside]
        lam[~inside] = 1.0 / (zo + np.sign(zo) * np.sqrt(zo**2 - 1.0))
        return lam
    root = np.sqrt(z - 1.0) * np.sqrt(z + 1.0)
    big = np.where(np.abs(z + root) >= np.abs(z - root), z + root, z - root)
    return 1.0 / big


def _complex_energy(energy, eta):
    energy = as_real_array(energy, "energy")
    eta = float(check_nonnegative(eta, "eta", hint="A retarded self-energy needs eta >= 0."))
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
    ``Sigma(4t) = +t``.

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
    t = float(check_positive(t, "t"))
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
    width = check_integer(width, "width", minimum=1)
    t = float(check_positive(t, "t"))
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
    exactly at a threshold its velocity vanishes and it is not counted.

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
    return np.sum((de > 0) & (de < 4.0 * t), axis=-1)


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
    width = check_integer(width, "width", minimum=1)
    t = float(check_positive(t, "t"))
    flux = float(as_real_array(flux, "flux"))
    y_offset = float(as_real_array(y_offset, "y_offset"))
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


def _solve_modes(h_cell, h_hop, z):
    """All ``2n`` Bloch solutions at complex energies ``z`` (shape (Ne,)).

    Returns ``lam`` (Ne, 2n) and unit-norm ``phi`` (Ne, n, 2n).  Uses the
    ordinary eigenproblem of the transfer matrix when ``h_hop`` is well
    conditioned, else the generalized one (energy by energy).
    """
    n = h_cell.shape[0]
    eye = np.eye(n)
    if np.linalg.cond(h_hop) < 1e8:
        hinv = np.linalg.inv(h_hop.conj().T)
        m = np.zeros((z.size, 2 * n, 2 * n), dtype=complex)
        m[:, :n, n:] = eye
        m[:, n:, :n] = -hinv @ h_hop
        m[:, n:, n:] = hinv @ (z[:, None, None] * eye - h_cell)
        lam, vec = np.linalg.eig(m)
    else:
        import scipy.linalg as sla

        lam = np.empty((z.size, 2 * n), dtype=complex)
        vec = np.empty((z.size, 2 * n, 2 * n), dtype=complex)
        b = np.zeros((2 * n, 2 * n), dtype=complex)
        b[:n, :n] = eye
        b[n:, n:] = h_hop.conj().T
        for i, zi in enumerate(z):
            a = np.zeros((2 * n, 2 * n), dtype=complex)
            a[:n, n:] = eye
            a[n:, :n] = -h_hop
            a[n:, n:] = zi * eye - h_cell
            with np.errstate(divide="ignore", invalid="ignore"):
                lam[i], vec[i] = sla.eig(a, b)
        # Infinite eigenvalues (singular h_hop) grow infinitely fast: never outgoing.
        lam[~np.isfinite(lam)] = np.inf
    phi = vec[:, :n, :]
    norm = np.linalg.norm(phi, axis=-2, keepdims=True)
    phi = phi / np.where(norm > 0, norm, 1.0)  # phi = 0 only for lambda = inf
    return lam, phi


def _fix_degenerate(lam, phi, h_hop):
    """Rotate exactly degenerate propagating solutions so each carries a definite current.

    Within a set of (numerically) equal eigenvalues on the unit circle any
    combination is a solution; the one that diagonalizes the velocity matrix
    ``V = -i (lambda^* h - lambda h^H)`` separates right- and left-movers.
    Works in place on one energy: ``lam`` (2n,), ``phi`` (n, 2n).
    """
    on_circle = np.isfinite(lam) & (np.abs(np.abs(lam) - 1.0) < 1e-6)
    todo = list(np.flatnonzero(on_circle))
    while todo:
        i = todo.pop(0)
        group = [i] + [j for j in todo if abs(lam[j] - lam[i]) < _DEGENERACY_TOL]
        todo = [j for j in todo if j not in group]
        if len(group) < 2:
            continue
        q, sv, _ = np.linalg.svd(phi[:, group], full_matrices=False)
        if sv[-1] < 1e-6 * sv[0]:
            continue  # merging pair at a mode threshold: not a true degeneracy
        lam0 = np.mean(lam[group])
        vmat = -1j * (lam0.conj() * h_hop - lam0 * h_hop.conj().T)
        _, rot = np.linalg.eigh(q.conj().T @ vmat @ q)
        phi[:, group] = q @ rot
        lam[group] = lam0


def _outgoing(lam, phi, h_hop):
    """Sort solutions outgoing-first; returns (lam, phi, velocities, score), sorted."""
    scale = np.linalg.norm(h_hop, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        vel = np.where(np.isfinite(lam), _velocities(np.where(np.isfinite(lam), lam, 0), phi, h_hop), 0)
        score = np.where(np.isfinite(lam), np.log(np.abs(lam)) - vel / scale, np.inf)
    order = np.argsort(score, axis=-1, kind="stable")
    take = np.take_along_axis
    return (
        take(lam, order, -1),
        take(phi, order[..., None, :], -1),
        take(vel, order, -1),
        take(score, order, -1),
    )


def _is_propagating(lam, vel, scale):
    """A solution propagates when its current outweighs its decay (|v|/|h| > |log|lambda||)."""
    with np.errstate(divide="ignore"):
        return np.isfinite(lam) & (np.abs(vel) / scale > np.abs(np.log(np.abs(lam))))


def _sorted_modes(h_cell, h_hop, energy, eta):
    """Bloch solutions at each energy, outgoing ones first (shapes (Ne, 2n), (Ne, n, 2n))."""
    z = np.atleast_1d(energy).ravel() + 1j * eta
    lam, phi = _solve_modes(h_cell, h_hop, z)
    with np.errstate(invalid="ignore"):
        close = np.abs(lam[:, :, None] - lam[:, None, :]) < _DEGENERACY_TOL
    close &= ~np.eye(lam.shape[-1], dtype=bool)
    for i in np.flatnonzero(np.any(close, axis=(-1, -2))):
        _fix_degenerate(lam[i], phi[i], h_hop)
    return _outgoing(lam, phi, h_hop)


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
        ``"decimation"``: Sancho-Rubio iteration (needs ``eta > 0``).
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
    """``Sigma = h^H Phi Lambda Phi^-1`` from the ``n`` outgoing solutions."""
    n = h_cell.shape[0]
    lam, phi, _, _ = _sorted_modes(h_cell, h_hop, energy, eta)
    lam, phi = lam[:, :n], phi[:, :, :n]
    lam = np.where(np.isfinite(lam), lam, 0)
    # F = Phi Lambda Phi^-1, computed as F^T = solve(Phi^T, (Phi Lambda)^T).
    f = np.linalg.solve(phi.swapaxes(-1, -2), (phi * lam[:, None, :]).swapaxes(-1, -2))
    return h_hop.conj().T @ f.swapaxes(-1, -2)


def _decimation_self_energy(h_cell, h_hop, energy, eta, *, tol=1e-14, max_iter=200):
    """Sancho-Rubio decimation: each step doubles the length of lead that is summed.

    The couplings ``alpha = H[j, j+1]`` and ``beta = H[j+1, j]`` of the
    renormalized chain shrink like ``exp(-2^k eta / v)``, so about
    ``log2(1/eta)`` steps are needed; the surface cell accumulates
    ``eps_s += alpha g beta``, the bulk cells ``eps += alpha g beta + beta g alpha``.
    """
    if eta <= 0:
        raise ValueError(
            "`eta` must be > 0 for method='decimation' (the iteration does not converge "
            "at eta = 0); use eta=1e-8, say, or method='modes', which is exact at eta = 0."
        )
    n = h_cell.shape[0]
    scale = np.linalg.norm(h_hop, 2)
    z = (energy + 1j * eta)[:, None, None] * np.eye(n)
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
    if not (np.all(np.isfinite(alpha)) and np.abs(alpha).max() < tol * scale):
        raise RuntimeError(
            "decimation did not converge (it loses precision when E + i eta is very close to "
            "an eigenvalue of h_cell); increase `eta` or use method='modes'."
        )
    g00 = np.linalg.inv(z - eps_s)
    return h_hop.conj().T @ g00 @ h_hop


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
        Open channels at each energy (shape of ``energy``).  Exactly at a mode
        threshold the merging pair may or may not be counted.

    Examples
    --------
    >>> from qtransport.lattice.leads import strip_lead_hamiltonian
    >>> lead_open_channels(*strip_lead_hamiltonian(3), [0.1, 1.0, 2.5])
    array([0, 1, 2])
    """
    h_cell, h_hop = _check_lead(h_cell, h_hop)
    energy = as_real_array(energy, "energy")
    n = h_cell.shape[0]
    lam, _, vel, _ = _sorted_modes(h_cell, h_hop, energy.ravel(), 0.0)
    prop = _is_propagating(lam[:, :n], vel[:, :n], np.linalg.norm(h_hop, 2))
    return np.sum(prop, axis=-1).reshape(energy.shape)


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
        All ``n`` outgoing solutions: the ``M`` columns of ``outgoing``, then
        the evanescent ones (unit norm).  Expanding an outgoing wave on this
        basis gives its amplitudes in the unit-current modes.
    lambda_basis : ndarray, shape (n,)
        Their Bloch factors.
    """

    outgoing: np.ndarray
    incoming: np.ndarray
    lambda_out: np.ndarray
    lambda_in: np.ndarray
    velocities: np.ndarray
    basis: np.ndarray
    lambda_basis: np.ndarray

    @property
    def open_channels(self):
        """Number ``M`` of propagating modes in each direction."""
        return self.outgoing.shape[1]

    @property
    def momenta(self):
        """Longitudinal momenta ``k = arg(lambda)`` of the outgoing modes (units 1/a)."""
        return np.angle(self.lambda_out)

    def self_energy(self, h_hop):
        """``Sigma = h_hop^H basis diag(lambda_basis) basis^-1``."""
        lam = np.where(np.isfinite(self.lambda_basis), self.lambda_basis, 0)
        f = np.linalg.solve(self.basis.T, (self.basis * lam).T).T
        return np.asarray(h_hop).conj().T @ f


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
        Real energy (units of ``t``).

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
    n = h_cell.shape[0]
    lam, phi, vel, _ = (a[0] for a in _sorted_modes(h_cell, h_hop, energy, 0.0))
    prop = _is_propagating(lam, vel, np.linalg.norm(h_hop, 2))
    out = np.flatnonzero(prop[:n])
    inc = n + np.flatnonzero(prop[n:])
    if out.size != inc.size:
        raise RuntimeError(
            f"found {out.size} outgoing but {inc.size} incoming propagating modes at "
            f"energy {float(energy)}; the energy may sit on a mode threshold: shift it slightly."
        )
    out = out[np.argsort(np.angle(lam[out]), kind="stable")]
    inc = inc[np.argsort(np.angle(lam[inc].conj()), kind="stable")]
    evan = np.flatnonzero(~prop[:n])
    norm_out = _fix_phase(phi[:, out]) / np.sqrt(np.abs(vel[out]))
    norm_in = _fix_phase(phi[:, inc]) / np.sqrt(np.abs(vel[inc]))
    basis = np.concatenate([norm_out, phi[:, evan]], axis=1)
    lam_basis = np.concatenate([lam[out], lam[evan]])
    return LeadModes(norm_out, norm_in, lam[out], lam[inc], np.abs(vel[out]), basis, lam_basis)
