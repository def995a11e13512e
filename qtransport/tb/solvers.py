r"""Solvers for any :class:`~qtransport.tb.builder.FiniteSystem`: S-matrix, transmissions, LDOS.

One sparse LU factorisation of :math:`E - H - \sum_p \Sigma_p` per energy,
with one right-hand side per incoming mode of every lead.  Each lead's modes
come from :func:`qtransport.lattice.leads.lead_modes` (the mode method,
exact at real energies) applied to its unit cell, block by block when the
lead declares a conservation law.

Fisher-Lee in the mode basis
----------------------------
An incoming mode :math:`\varphi` (unit current, Bloch factor :math:`\lambda`)
of lead ``p`` is fed into the system through the source
:math:`s = (\lambda\, h_\mathrm{hop}^\dagger - \Sigma_p)\varphi` on the
interface cell; the solution :math:`\psi = G s` holds the incoming wave plus
everything scattered.  On the interface cell of lead ``q`` the outgoing part
(:math:`\psi - \varphi` when ``q = p``) is expanded in the outgoing modes of
``q``; the coefficients on its propagating modes are the column of ``S``.
With unit-current modes ``S`` is unitary; ``T[q, p]`` is the sum of
:math:`|S_{mn}|^2` over the modes of ``q`` and ``p``.

Energies are in the units of the Hamiltonian's values.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from qtransport.lattice._parallel import single_threaded_blas
from qtransport.lattice.leads import lead_modes
from qtransport.tb.builder import FiniteSystem

__all__ = ["SMatrix", "smatrix", "transmission", "ldos", "lead_bands"]

SINGULAR_ETA = 1e-14
COMMUTE_TOL = 1e-9


class SMatrix(NamedTuple):
    """The scattering matrix at one energy, in the basis of unit-current lead modes.

    Rows and columns list the open channels of lead 0 (block by block, in the
    order of :attr:`blocks`), then of lead 1, and so on; column ``n`` holds
    the outgoing amplitudes for a particle arriving in channel ``n``.

    Attributes
    ----------
    s : ndarray, shape (N, N)
    channels : list of (lead, block, count)
        ``block`` is the index of the conservation-law block of that lead
        (0 without a law), ``count`` its open channels.
    block_values : list of list of float
        The eigenvalue of each lead's conservation law on each of its blocks.
    modes : list of list of LeadModes
        The modes of every block of every lead (the basis of ``s``).
    """

    s: np.ndarray
    channels: list
    block_values: list
    modes: list

    def _select(self, which):
        if isinstance(which, tuple):
            lead, block = which
        else:
            lead, block = which, None
        n_leads = len(self.block_values)
        if isinstance(lead, bool) or not isinstance(lead, (int, np.integer)) or not 0 <= lead < n_leads:
            raise ValueError(f"`lead` must be a lead index 0..{n_leads - 1}, got {lead!r}")
        if block is not None and not 0 <= block < len(self.block_values[lead]):
            raise ValueError(f"lead {lead} has {len(self.block_values[lead])} block(s), got block {block!r}")
        start, index = 0, []
        for p, b, count in self.channels:
            if p == lead and (block is None or b == block):
                index.extend(range(start, start + count))
            start += count
        return np.array(index, dtype=int)

    def open_channels(self, lead, block=None):
        """Number of open channels of a lead (or of one of its blocks)."""
        return int(self._select((lead, block)).size)

    def submatrix(self, lead_out, lead_in):
        """The block of ``s`` from ``lead_in`` to ``lead_out`` (each a lead or ``(lead, block)``)."""
        return self.s[np.ix_(self._select(lead_out), self._select(lead_in))]

    def transmission(self, lead_out, lead_in):
        """``T = sum |S_mn|^2`` from ``lead_in`` into ``lead_out`` (a lead or ``(lead, block)``)."""
        return float(np.sum(np.abs(self.submatrix(lead_out, lead_in)) ** 2))

    def transmission_eigenvalues(self, lead_out=1, lead_in=0):
        """Eigenvalues of ``t^dagger t`` for ``t`` the block from ``lead_in`` to ``lead_out``, ascending."""
        t = self.submatrix(lead_out, lead_in)
        return np.linalg.eigvalsh(t.conj().T @ t)


def _check(fsys, energy, params):
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system (System.finalized()), got {type(fsys).__name__}")
    if isinstance(energy, bool):
        raise TypeError("`energy` must be a real number, got a bool")
    try:
        e = float(energy)
    except (TypeError, ValueError):
        raise TypeError(f"`energy` must be a real number, got {energy!r}") from None
    if not np.isfinite(e):
        raise ValueError(f"`energy` must be finite, got {energy!r}")
    if params is not None and not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of parameter values, got {type(params).__name__}")
    if not fsys.leads:
        raise ValueError("the system has no leads: attach at least one before asking for its S-matrix")
    return e, params or {}


class _LeadSolution(NamedTuple):
    sigma: np.ndarray  # on the interface orbitals, system gauge
    sources: list  # per block: (n_orb, M) in system gauge
    incoming: list  # per block: incoming modes embedded in the cell, system gauge
    modes: list
    blocks: list
    u: np.ndarray  # gauge phases: psi_lead = u * psi_system


def _lead_solution(flead, energy, params, number):
    h_cell, h_hop = flead.hamiltonian(params)
    for b, block in enumerate(flead.blocks):
        if len(flead.blocks) == 1:
            break
        proj = block @ block.conj().T
        for name, m in (("on-site and intra-cell", h_cell), ("hopping", h_hop)):
            if np.max(np.abs(proj @ m - m @ proj)) > COMMUTE_TOL * max(1.0, np.max(np.abs(m))):
                raise ValueError(
                    f"the `conservation` law of lead {number} does not commute with its {name} Hamiltonian "
                    f"(block {b}): the lead mixes the blocks it declares conserved"
                )
    u = flead.gauge_phases(params)
    sigma = np.zeros_like(h_cell)
    sources, incoming, modes = [], [], []
    for block in flead.blocks:
        hc = block.conj().T @ h_cell @ block
        hh = block.conj().T @ h_hop @ block
        m = lead_modes(hc, hh, energy)
        sig = m.self_energy(hh)
        src = hh.conj().T @ m.incoming * m.lambda_in - sig @ m.incoming
        sigma += block @ sig @ block.conj().T
        sources.append(u.conj()[:, None] * (block @ src))
        incoming.append(u.conj()[:, None] * (block @ m.incoming))
        modes.append(m)
    sigma = u.conj()[:, None] * sigma * u[None, :]
    return _LeadSolution(sigma, sources, incoming, modes, flead.blocks, u)


def _factorize(fsys, energy, params, leads):
    n = fsys.n_orbitals
    h = fsys.hamiltonian(params)
    rows = np.concatenate([np.repeat(fl.orbitals, len(fl.orbitals)) for fl in fsys.leads])
    cols = np.concatenate([np.tile(fl.orbitals, len(fl.orbitals)) for fl in fsys.leads])
    sigma = sp.csc_matrix((np.concatenate([d.sigma.ravel() for d in leads]), (rows, cols)), shape=(n, n))
    base = (h + sigma).tocsc()
    identity = sp.identity(n, format="csc", dtype=complex)
    try:
        return spla.splu(energy * identity - base, permc_spec="COLAMD")
    except RuntimeError:  # exactly singular: a state decoupled from every open channel
        return spla.splu((energy + 1j * SINGULAR_ETA) * identity - base, permc_spec="COLAMD")


def smatrix(fsys, energy, params=None):
    """The scattering matrix of a finalized system at one real energy.

    Parameters
    ----------
    fsys : FiniteSystem
        The system with its leads.
    energy : float
        Real energy.
    params : dict, optional
        Values of the named parameters of the value functions.

    Returns
    -------
    SMatrix

    Examples
    --------
    >>> from qtransport.tb import System, Lead, chain
    >>> sys = System(chain(), shape=lambda x: (0 <= x) & (x < 3), start=(0,))
    >>> sys.onsite = lambda x: 2.0 + 1.0 * (x == 1)     # a unit barrier on the middle site
    >>> sys.hopping(-1.0)
    >>> _ = sys.attach_lead(Lead((1,), onsite=2.0)); _ = sys.attach_lead(Lead((-1,), onsite=2.0))
    >>> round(smatrix(sys.finalized(), 1.0).transmission(1, 0), 6)     # v^2/(v^2 + U^2), v = 2 sin k
    0.75
    """
    energy, params = _check(fsys, energy, params)
    with single_threaded_blas():
        leads = [_lead_solution(fl, energy, params, p) for p, fl in enumerate(fsys.leads)]
        channels, columns = [], []
        for p, data in enumerate(leads):
            for b, (m, src) in enumerate(zip(data.modes, data.sources, strict=True)):
                channels.append((p, b, m.open_channels))
                columns.append((p, b, src))
        n = fsys.n_orbitals
        total = sum(c for _, _, c in channels)
        rhs = np.zeros((n, total), dtype=complex)
        start = 0
        col_slices = []
        for p, _b, src in columns:
            rhs[fsys.leads[p].orbitals, start : start + src.shape[1]] = src
            col_slices.append(slice(start, start + src.shape[1]))
            start += src.shape[1]
        if total:
            psi = _factorize(fsys, energy, params, leads).solve(rhs)
        else:
            psi = rhs
        s = np.zeros((total, total), dtype=complex)
        row = 0
        for q, data in enumerate(leads):
            on_q = psi[fsys.leads[q].orbitals]
            for ci, (p, b_in, _src) in enumerate(columns):
                if p == q:
                    on_q[:, col_slices[ci]] -= data.incoming[b_in]
            out = data.u[:, None] * on_q  # to the lead's gauge
            for m, block in zip(data.modes, data.blocks, strict=True):
                coeff = np.linalg.solve(m.basis, block.conj().T @ out)[: m.open_channels]
                s[row : row + m.open_channels] = coeff
                row += m.open_channels
    return SMatrix(s, channels, [fl.block_values for fl in fsys.leads], [d.modes for d in leads])


class TransmissionMatrix(NamedTuple):
    """Transmissions between all leads at one energy.

    Attributes
    ----------
    transmission : ndarray, shape (n_leads, n_leads)
        ``transmission[i, j]`` from lead ``j`` into lead ``i`` (reflections on
        the diagonal), summed over blocks.
    channels : ndarray of int
        Open channels of each lead.
    """

    transmission: np.ndarray
    channels: np.ndarray


def transmission(fsys, energy, params=None):
    """All lead-to-lead transmissions at one energy (see :class:`TransmissionMatrix`)."""
    s = smatrix(fsys, energy, params)
    n = len(fsys.leads)
    t = np.array([[s.transmission(i, j) for j in range(n)] for i in range(n)])
    return TransmissionMatrix(t, np.array([s.open_channels(i) for i in range(n)]))


def ldos(fsys, energy, params=None, *, eta=0.0):
    r"""Local density of states :math:`-\mathrm{Im}\,G_{rr}/\pi` of every site (summed over its orbitals).

    Computes the whole diagonal of ``G`` by solving for the unit vectors in
    chunks: meant for systems of up to a few thousand orbitals.
    """
    energy, params = _check(fsys, energy, params)
    with single_threaded_blas():
        leads = [_lead_solution(fl, energy, params, p) for p, fl in enumerate(fsys.leads)]
        lu = _factorize(fsys, energy + 1j * eta if eta else energy, params, leads)
        n = fsys.n_orbitals
        diag = np.empty(n, dtype=complex)
        for start in range(0, n, 256):
            stop = min(n, start + 256)
            e = np.zeros((n, stop - start), dtype=complex)
            e[np.arange(start, stop), np.arange(stop - start)] = 1.0
            diag[start:stop] = lu.solve(e)[np.arange(start, stop), np.arange(stop - start)]
    per_orbital = -diag.imag / np.pi
    return np.add.reduceat(per_orbital, fsys.offsets[:-1])


def lead_bands(fsys, lead, momenta, params=None):
    """Band structure ``E_n(k)`` of a lead: eigenvalues of ``h_cell + h_hop e^{-ik} + h_hop^dagger e^{ik}``.

    Parameters
    ----------
    fsys : FiniteSystem
    lead : int
    momenta : array_like
        Bloch phases ``k`` per unit cell (radians).

    Returns
    -------
    ndarray, shape (len(momenta), n_orbitals of the cell)
        Ascending at each ``k``.
    """
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system, got {type(fsys).__name__}")
    if isinstance(lead, bool) or not isinstance(lead, (int, np.integer)) or not 0 <= lead < len(fsys.leads):
        raise ValueError(f"`lead` must be a lead index 0..{len(fsys.leads) - 1}, got {lead!r}")
    k = np.asarray(momenta, dtype=float).reshape(-1)
    h_cell, h_hop = fsys.leads[lead].hamiltonian(params)
    # a Bloch wave psi_j = e^{ikj} phi: (h_cell + h_hop e^{-ik} + h_hop^dagger e^{ik}) phi = E phi
    mats = h_cell[None] + h_hop[None] * np.exp(-1j * k)[:, None, None] + h_hop.conj().T[None] * np.exp(1j * k)[:, None, None]
    return np.linalg.eigvalsh(mats)
