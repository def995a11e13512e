r"""Lead modes of a lead whose cells are joined by a hopping of low rank (graphene ribbons), on a smaller problem.

In many leads only some orbitals of a cell touch the next cell.  In a
zigzag graphene ribbon of ``n`` orbitals per cell the hopping
``h = H[j+1, j]`` joins ``n/2`` orbitals ``C`` of cell ``j`` to ``n/2``
orbitals ``R`` of cell ``j + 1``, and the other orbitals touch no other
cell.  The general mode solver then works on a ``2n x 2n`` pencil of which
half the solutions (``lambda = 0`` and ``infinity``) carry nothing; a
Schur decomposition costs ``n^3``, so that is most of the time.

Here the orbitals ``Y`` (all but ``R``) are eliminated cell by cell, at the
energy ``E`` asked for.  With ``A = E - h_cell``, ``G_Y = A_YY^{-1}`` and
``tau = h[R, C]``, the Bloch equations of the lead reduce to those of a lead
of the ``R`` orbitals only,

.. math::

    h'_\mathrm{cell} = h_{RR} + A_{RY} G_Y A_{YR} + \tau\, G_{CC}\, \tau^\dagger,
    \qquad
    h'_\mathrm{hop} = -\tau\, (G_Y A_{YR})_{C,:},

whose solutions are those of the full lead with ``lambda`` not 0 or
infinity, with the same Bloch factors and the same currents (the two
currents differ by the real number ``phi^H tau G_CC tau^H phi``).  A
solution on ``R`` is lifted back to the whole cell by the equation of the
``Y`` orbitals, :math:`\varphi_Y = G_Y (\lambda\, \tau^\dagger\varphi_R|_C - A_{YR}\varphi_R)`;
the outgoing solutions with ``lambda = 0`` are the waves on ``R`` and the
orbitals of ``Y`` outside ``C`` (``h`` annihilates them).  The result is the
:class:`~qtransport.lattice.leads.LeadModes` of the full lead, tested
against :func:`~qtransport.lattice.leads.lead_modes` on the full pencil.

Where the reduction does not apply (no such structure, ``tau`` singular, or
``E`` an eigenvalue of the ``Y`` block) :func:`reduced_lead_modes` returns
None and the caller solves the full problem.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport.lattice._lapack import condition_number, qr
from qtransport.lattice.leads import LeadModes, _lead_modes, lead_modes

# tau and A_YY must be this well conditioned for the elimination to lose nothing
# (rounding errors grow with the condition number: 1e6 keeps them near 1e-10).
_COND = 1e6


def _structure(h_hop):
    """``(R, C)``: the rows and columns of ``h_hop`` that are not zero, if disjoint and of full rank; else None."""
    nz = h_hop != 0
    rows, cols = np.flatnonzero(nz.any(axis=1)), np.flatnonzero(nz.any(axis=0))
    n = h_hop.shape[0]
    if rows.size != cols.size or 2 * rows.size > n or np.intersect1d(rows, cols).size:
        return None
    tau = h_hop[np.ix_(rows, cols)]
    if condition_number(tau) > _COND:
        return None
    return rows, cols


class _Parts(NamedTuple):
    """What the reduction of one lead needs at every energy, worked out once."""

    rows: np.ndarray  # R
    cols: np.ndarray  # C
    y: np.ndarray  # every orbital but R
    c_in_y: np.ndarray  # where C sits in y
    tau: np.ndarray  # h_hop[R, C]
    others: np.ndarray  # every orbital but C
    levels: np.ndarray  # eigenvalues of h_cell[Y, Y]: the condition number of A_YY at any energy


# A sweep over energies meets the same few leads again and again.
_PARTS: dict = {}


def _parts(h_cell, h_hop):
    """:class:`_Parts` of a lead (remembered), or None without the structure."""
    key = (h_cell.shape, h_cell.tobytes(), h_hop.tobytes())
    known = _PARTS.get(key, False)  # (one lookup: another thread may clear the table in between)
    if known is not False:
        return known
    found = _structure(h_hop)
    parts = None
    if found is not None:
        rows, cols = found
        y = np.setdiff1d(np.arange(h_cell.shape[0]), rows)
        levels = np.linalg.eigvalsh(h_cell[np.ix_(y, y)]) if y.size else np.zeros(0)
        parts = _Parts(rows, cols, y, np.searchsorted(y, cols), h_hop[np.ix_(rows, cols)],
                       np.setdiff1d(np.arange(h_cell.shape[0]), cols), levels)
    if len(_PARTS) >= 16:
        _PARTS.clear()
    _PARTS[key] = parts
    return parts


def _cond_hermitian(energy, levels):
    """The 2-norm condition number of ``E - h`` from the eigenvalues of the Hermitian ``h``."""
    gaps = np.abs(energy - levels)
    if not gaps.size:
        return 1.0
    smallest = gaps.min()
    return np.inf if smallest == 0 else gaps.max() / smallest


def _fix_phase(phi):
    """Each column times a phase so that its first largest component is real and positive."""
    if not phi.size:
        return phi
    mag = np.abs(phi)
    first = np.argmax(mag >= (1 - 1e-6) * mag.max(axis=0), axis=0)
    ref = phi[first, np.arange(phi.shape[1])]
    return phi * (ref.conj() / np.abs(ref))


def reduced_lead_modes(h_cell, h_hop, energy):
    """:func:`~qtransport.lattice.leads.lead_modes` of the full lead from the reduced one, or None."""
    parts = _parts(h_cell, h_hop)
    if parts is None:
        return None
    rows, y, c_in_y, tau = parts.rows, parts.y, parts.c_in_y, parts.tau  # y: every orbital but R
    if _cond_hermitian(energy, parts.levels) > _COND:
        return None
    n = h_cell.shape[0]
    a = energy * np.eye(n) - h_cell
    a_yy = a[np.ix_(y, y)]
    a_yr = a[np.ix_(y, rows)]
    g_y = np.linalg.inv(a_yy)
    g_a = g_y @ a_yr  # G_Y A_YR
    g_cc = g_y[np.ix_(c_in_y, c_in_y)]
    h_eff = h_cell[np.ix_(rows, rows)] + a_yr.conj().T @ g_a + tau @ g_cc @ tau.conj().T
    h_eff = (0.5 * (h_eff + h_eff.conj().T)).astype(complex, copy=False)
    hop_eff = (-tau @ g_a[c_in_y]).astype(complex, copy=False)
    # h_eff is Hermitian by construction: only a vanishing hop_eff is left for lead_modes to refuse
    modes = _lead_modes(h_eff, hop_eff, energy) if np.any(hop_eff) else lead_modes(h_eff, hop_eff, energy)

    g_yc_tau = g_y[:, c_in_y] @ tau.conj().T  # G_Y E_C tau^H

    def lift(phi, lam):
        """Full-cell vectors of solutions ``phi`` (on R) with Bloch factors ``lam`` (one per column)."""
        full = np.zeros((n, phi.shape[1]), dtype=complex)
        full[rows] = phi
        full[y] = g_yc_tau @ (phi * lam) - g_a @ phi
        return full

    outgoing = _fix_phase(lift(modes.outgoing, modes.lambda_out))
    incoming = _fix_phase(lift(modes.incoming, modes.lambda_in))
    m = outgoing.shape[1]
    # The evanescent outgoing solutions of the reduced lead span a subspace that F' maps into itself;
    # lifted with F' in place of lambda (psi_{j+1} = F' psi_j on R), then the lambda = 0 waves.
    rest = modes.basis[:, m:]
    f_rest = modes.propagator @ rest
    rest_full = np.zeros((n, rest.shape[1]), dtype=complex)
    rest_full[rows] = rest
    rest_full[y] = g_yc_tau @ f_rest - g_a @ rest
    others = parts.others  # h annihilates the waves on these: lambda = 0
    zero = np.zeros((n, others.size), dtype=complex)
    zero[others, np.arange(others.size)] = 1.0
    evanescent, coeff = qr(np.concatenate([rest_full, zero], axis=1))
    basis = np.concatenate([outgoing, evanescent], axis=1)
    # F: each outgoing solution one cell on; the lambda = 0 ones vanish there.
    advanced = np.zeros((n, n), dtype=complex)
    advanced[:, :m] = outgoing * modes.lambda_out
    rest_next = np.zeros_like(rest_full)
    rest_next[rows] = f_rest
    rest_next[y] = g_yc_tau @ (modes.propagator @ f_rest) - g_a @ f_rest
    # the lifted rest and its image in the orthonormalized evanescent columns: [rest, zero] = evanescent @ coeff
    image = np.concatenate([rest_next, np.zeros_like(zero)], axis=1)
    advanced[:, m:] = image @ np.linalg.inv(coeff)
    propagator = np.linalg.solve(basis.T, advanced.T).T
    hv = h_hop @ outgoing
    velocities = np.abs(2.0 * np.imag(modes.lambda_out.conj() * np.sum(outgoing.conj() * hv, axis=0)))
    velocities = velocities / np.sum(np.abs(outgoing) ** 2, axis=0)
    lam_basis = np.concatenate([modes.lambda_out, modes.lambda_basis[m:], np.zeros(others.size)])
    return LeadModes(outgoing, incoming, modes.lambda_out, modes.lambda_in, velocities, basis, lam_basis,
                     propagator, modes.thresholds)
