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

import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla
from scipy.linalg.lapack import zgetrf as _zgetrf
from scipy.linalg.lapack import zgetrs as _zgetrs

from qtransport._validation import as_real_array, check_callable, check_scalar
from qtransport.lattice._parallel import single_threaded_blas, split_map, stack_inverse
from qtransport.lattice.leads import lead_modes, lead_self_energy
from qtransport.tb._reduced_leads import reduced_lead_modes
from qtransport.tb.builder import FiniteSystem

__all__ = [
    "SMatrix",
    "TransmissionMatrix",
    "ScatteringStates",
    "BondCurrents",
    "smatrix",
    "transmission",
    "wave_functions",
    "bond_currents",
    "current_density",
    "transmission_eigenvalues",
    "ldos",
    "lead_bands",
]

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
    scalar = isinstance(energy, (int, float, complex, np.generic, str)) or energy is None
    if not scalar and not (isinstance(energy, np.ndarray) and energy.ndim == 0):
        raise ValueError(f"`energy` must be a single number, got {type(energy).__name__} "
                         f"{energy!r:.60}: this function solves one energy at a time")
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


# Lead modes depend only on the lead's cell matrices and the energy.  A sweep
# over a parameter the leads do not see (a gate, a disorder realization, the
# flux through a ring) meets the same leads again: their modes are kept, up
# to this many bytes, oldest dropped first.
_MODE_CACHE_BYTES = 64 * 2**20
_mode_cache: OrderedDict = OrderedDict()
_mode_cache_size = [0]
_mode_cache_lock = threading.Lock()  # the leads of a sweep are solved in parallel threads (see _lead_solutions)


def _modes_nbytes(m):
    return sum(x.nbytes for x in m if isinstance(x, np.ndarray))


def _cached_modes(h_cell, h_hop, energy):
    """:func:`lead_modes`, remembered (its arrays are read-only)."""
    key = (h_cell.shape, h_cell.tobytes(), h_hop.tobytes(), float(energy))
    with _mode_cache_lock:
        found = _mode_cache.get(key)
        if found is not None:
            _mode_cache.move_to_end(key)
            return found
    modes = reduced_lead_modes(h_cell, h_hop, energy)  # None unless few orbitals join the cells
    if modes is None:
        modes = lead_modes(h_cell, h_hop, energy)
    for x in modes:
        if isinstance(x, np.ndarray):
            x.setflags(write=False)
    size = _modes_nbytes(modes)
    with _mode_cache_lock:
        if size <= _MODE_CACHE_BYTES and key not in _mode_cache:
            _mode_cache[key] = modes
            _mode_cache_size[0] += size
            while _mode_cache_size[0] > _MODE_CACHE_BYTES:
                _, old = _mode_cache.popitem(last=False)
                _mode_cache_size[0] -= _modes_nbytes(old)
    return modes


def _clear_mode_cache():
    with _mode_cache_lock:
        _mode_cache.clear()
        _mode_cache_size[0] = 0


class _LeadSolution(NamedTuple):
    sigma: np.ndarray  # on the interface orbitals, system gauge
    sources: list  # per block: (n_orb, M) in system gauge
    incoming: list  # per block: incoming modes embedded in the cell, system gauge
    modes: list
    blocks: list
    u: np.ndarray  # gauge phases: psi_lead = u * psi_system


def _lead_cell(flead, params, number):
    """``(h_cell, h_hop, u)`` of a lead, its conservation law checked."""
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
    return h_cell, h_hop, flead.gauge_phases(params)


def _lead_solution(flead, energy, params, number, cell=None):
    h_cell, h_hop, u = _lead_cell(flead, params, number) if cell is None else cell
    # without a conservation law the one block is the identity, and without a gauge change u is 1:
    # the projections and phases are then skipped (the same numbers, fewer products)
    whole = len(flead.blocks) == 1 and _is_identity(flead.blocks[0])
    plain = not np.any(u != 1)
    sigma = np.zeros_like(h_cell)
    sources, incoming, modes = [], [], []
    for block in flead.blocks:
        hc = h_cell if whole else block.conj().T @ h_cell @ block
        hh = h_hop if whole else block.conj().T @ h_hop @ block
        m = _cached_modes(hc, hh, energy)
        sig = m.self_energy(hh)
        src = hh.conj().T @ m.incoming * m.lambda_in - sig @ m.incoming
        if whole:
            sigma = sigma + sig
        else:
            sigma += block @ sig @ block.conj().T
            src, inc = block @ src, block @ m.incoming
        inc = m.incoming if whole else inc
        sources.append(src if plain else u.conj()[:, None] * src)
        incoming.append(inc if plain else u.conj()[:, None] * inc)
        modes.append(m)
    if not plain:
        sigma = u.conj()[:, None] * sigma * u[None, :]
    return _LeadSolution(sigma, sources, incoming, modes, flead.blocks, u)


def _is_identity(block):
    """Whether a conservation-law block is the identity matrix (a lead without a law)."""
    return block.shape[0] == block.shape[1] and np.array_equal(block, np.eye(block.shape[0]))


def _lead_solutions(fsys, energies, batch):
    """``out[b][i][p]``: the solution of lead ``p`` at energy ``i`` for parameter set ``b``.

    Parameter sets that leave a lead's matrices unchanged share its solutions.
    The energies are solved in contiguous chunks in parallel threads (the
    LAPACK calls of the lead solver release the interpreter lock, see
    :mod:`qtransport.lattice._lapack`).
    """
    memo = {}
    out = []
    for params in batch:
        per_lead = []
        for p, fl in enumerate(fsys.leads):
            cell = _lead_cell(fl, params, p)
            key = (p, cell[0].tobytes(), cell[1].tobytes(), cell[2].tobytes())
            if key not in memo:
                def solve(es, fl=fl, params=params, p=p, cell=cell):
                    return [_lead_solution(fl, e, params, p, cell) for e in energies[es]]

                # (the caller holds BLAS to one thread already: a few energies are solved right here)
                parts = split_map(solve, len(energies), min_chunk=4) if len(energies) >= 8 else [solve(slice(None))]
                memo[key] = [solution for part in parts for solution in part]
            per_lead.append(memo[key])
        out.append([[per_lead[p][i] for p in range(len(fsys.leads))] for i in range(len(energies))])
    return out


#: Up to this many orbitals the sparse solve factorizes a dense matrix: for a system of a few
#: sites, scipy's sparse bookkeeping costs far more than the LU itself.
DENSE_ORBITALS = 64


class _DenseLU:
    """LAPACK's LU of a small dense matrix, with the ``solve`` of scipy's sparse LU."""

    def __init__(self, lu, piv):
        self._lu, self._piv = lu, piv

    def solve(self, rhs):
        x, _info = _zgetrs(self._lu, self._piv, np.asarray(rhs, dtype=complex))
        return x


def _dense_lu(a):
    """The LU of ``a``, or None when it is exactly singular (a zero pivot)."""
    lu, piv, info = _zgetrf(a, overwrite_a=True)
    return _DenseLU(lu, piv) if info == 0 else None


def _factorize(fsys, energy, h, leads, *, strict=False):
    n = fsys.n_orbitals
    if n <= DENSE_ORBITALS:
        base = h.toarray().astype(complex)
        for fl, data in zip(fsys.leads, leads, strict=True):
            base[np.ix_(fl.orbitals, fl.orbitals)] += data.sigma
        lu = _dense_lu(energy * np.eye(n) - base)
        if lu is None:
            if strict:
                raise ValueError(
                    f"`energy` = {energy!r}: a state of the system is decoupled from every open channel there, "
                    "so its Green's function is not defined; shift the energy slightly or give `eta` > 0"
                )
            lu = _dense_lu((energy + 1j * SINGULAR_ETA) * np.eye(n) - base)
        return lu
    rows = np.concatenate([np.repeat(fl.orbitals, len(fl.orbitals)) for fl in fsys.leads])
    cols = np.concatenate([np.tile(fl.orbitals, len(fl.orbitals)) for fl in fsys.leads])
    sigma = sp.csc_matrix((np.concatenate([d.sigma.ravel() for d in leads]), (rows, cols)), shape=(n, n))
    base = (h + sigma).tocsc()
    identity = sp.identity(n, format="csc", dtype=complex)
    try:
        return spla.splu(energy * identity - base, permc_spec="COLAMD")
    except RuntimeError:  # exactly singular: a state decoupled from every open channel
        if strict:
            raise ValueError(
                f"`energy` = {energy!r}: a state of the system is decoupled from every open channel there, so "
                "its Green's function is not defined; shift the energy slightly or give `eta` > 0"
            ) from None
        return spla.splu((energy + 1j * SINGULAR_ETA) * identity - base, permc_spec="COLAMD")


METHODS = ("auto", "rgf", "sparse")


def _check_method(method):
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"`method` must be one of {list(METHODS)}, got {method!r}")
    return method


def smatrix(fsys, energy, params=None, *, method="auto"):
    """The scattering matrix of a finalized system at one real energy.

    Parameters
    ----------
    fsys : FiniteSystem
        The system with its leads.
    energy : float
        Real energy.
    params : dict, or list of dicts, optional
        Values of the named parameters of the value functions; a list is a
        batch, swept at once by the RGF, and gives a list of S-matrices.
    method : {"auto", "rgf", "sparse"}
        ``sparse``: one sparse LU factorisation of the whole system; ``rgf``:
        recursive Green's functions slice by slice (two opposite leads, the
        system a chain of their unit cells); ``auto``: the RGF when it
        applies, else the sparse solve.

    Returns
    -------
    SMatrix, or list of SMatrix for a list of parameter sets

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
    batch, batched = _batch(params)
    energy, _ = _check(fsys, energy, batch[0])
    out = [row[0] for row in _smatrices(fsys, np.array([energy]), batch, _check_method(method))]
    return out if batched else out[0]


# Memory for one batched sweep (bytes); larger batches are cut into chunks.
_SWEEP_BYTES = 2**28


# A sweep over at least this many energies is cut into pieces (see _smatrices).
_PIECE_ENERGIES = 16


def _smatrices(fsys, energies, batch, method, progress=None, *, only_lead_0=False):
    """S-matrices ``out[b][i]`` for every parameter set ``batch[b]`` and energy ``energies[i]``.

    Many energies swept by the RGF without a progress report are cut into one
    contiguous piece per core, each solved whole (its lead modes, then its
    sweep) in its own thread.  Solving lead modes is mostly Python, which
    holds the interpreter lock, and a sweep mostly linear algebra, which
    releases it; in one piece per thread the two overlap, where solving
    all the lead modes first and then all the sweeps made the threads wait
    for the lock together.  Every energy is solved on its own, so the
    pieces change no result.
    """
    rgf = method in ("auto", "rgf") and _slicing(fsys) is not None
    if rgf and progress is None and len(energies) >= _PIECE_ENERGIES:
        pieces = split_map(lambda es: _smatrices_whole(fsys, energies[es], batch, method, only_lead_0=only_lead_0),
                           len(energies), min_chunk=_PIECE_ENERGIES // 2)
        return [[s for piece in pieces for s in piece[b]] for b in range(len(batch))]
    return _smatrices_whole(fsys, energies, batch, method, progress, only_lead_0=only_lead_0)


def _apart_where_singular(sweep, n):
    """``sweep(range(n))``, or, where a slice is singular at some energies, each energy on its own.

    A block of the sweep can be exactly singular at one energy (in a gap, at
    a level of a slice with no bond inside it, such as E = 0 between the
    sublattice layers of a honeycomb ribbon), although the system's Green's
    function is not.  Returns the result (energy axis 1; an energy that
    failed holds zeros) and the energies to solve directly.
    """
    everything = np.arange(n)
    try:
        return sweep(everything), []
    except np.linalg.LinAlgError:
        pass
    parts, singular = {}, []
    for i in everything:
        try:
            parts[i] = sweep(np.array([i]))
        except np.linalg.LinAlgError:
            singular.append(int(i))
    if not parts:
        return None, singular
    if isinstance(next(iter(parts.values())), np.ndarray):  # carried waves: widths differ between energies
        first = next(iter(parts.values()))
        width = max(p.shape[-1] for p in parts.values())
        out = np.zeros(first.shape[:1] + (n,) + first.shape[2:-1] + (width,), dtype=complex)
        for i, p in parts.items():
            out[:, i, ..., : p.shape[-1]] = p[:, 0]
        return out, singular
    out = [[None, None], [None, None]]
    for q in (0, 1):
        for r in (0, 1):
            first = next(iter(parts.values()))[q][r]
            out[q][r] = np.zeros(first.shape[:1] + (n,) + first.shape[2:], dtype=complex)
            for i, p in parts.items():
                out[q][r][:, i] = p[q][r][:, 0]
    return out, singular


def _carry(blocks, slicing, swept, sigmas, leads, part):
    """``G_N0 @ sources`` of lead 0 for every member and energy, ``(B, n_E, n_last, M_max)``."""
    widths = [[sum(src.shape[1] for src in leads[b][i][0].sources) for i in range(len(swept))] for b in part]
    stack = np.zeros((len(part), len(swept), len(slicing.orbitals[0]), max(max(max(w) for w in widths), 1)),
                     dtype=complex)
    for j, b in enumerate(part):
        for i in range(len(swept)):
            if widths[j][i]:
                stack[j, i, :, : widths[j][i]] = np.concatenate(leads[b][i][0].sources, axis=1)
    return _split_corners(blocks, slicing, swept, sigmas, stack)[1][0]


def _smatrices_whole(fsys, energies, batch, method, progress=None, *, only_lead_0=False):
    """:func:`_smatrices` in one piece."""
    with single_threaded_blas():
        slicing = _slicing(fsys) if method in ("auto", "rgf") else None
        if method == "rgf" and slicing is None:
            raise ValueError(
                "`method` 'rgf' needs a system between two leads that can be cut into slices coupled only to "
                "their neighbours, none larger than half the system; use 'sparse' or 'auto'"
            )
        total, done = len(batch) * len(energies), 0
        leads = _lead_solutions(fsys, energies, batch)
        out = []
        if slicing is None:
            for b, params in enumerate(batch):
                h = fsys.hamiltonian(params)
                row = []
                for i, energy in enumerate(energies):
                    row.append(_sparse_smatrix(fsys, h, energy, leads[b][i]))
                    done += 1
                    if progress is not None:
                        progress(done, total)
                out.append(row)
            return out
        sizes = [len(o) for o in slicing.orbitals]
        per_set = 16 * (len(energies) * max(sizes) ** 2 * 8 + sum(n * n for n in sizes))
        chunk = max(1, _SWEEP_BYTES // per_set)
        for first in range(0, len(batch), chunk):
            part = range(first, min(len(batch), first + chunk))
            blocks = _slice_blocks(fsys, slicing, [batch[b] for b in part])
            sigmas = [np.array([[leads[b][i][p].sigma for i in range(len(energies))] for b in part]) for p in (0, 1)]
            # a mode exactly at its threshold makes the sweep singular: sweep beside it, solve it directly below
            edge = [[any(m.thresholds for p in (0, 1) for m in leads[b][i][p].modes) for i in range(len(energies))]
                    for b in part]
            edges_any = np.any(edge, axis=0)
            swept = np.where(edges_any, energies + 1e-7 * np.maximum(1.0, np.abs(energies)), energies)
            def sweep(idx, blocks=blocks, swept=swept, sigmas=sigmas, part=part):
                sub = [[row[i] for i in idx] for row in leads]
                sig = [x[:, idx] for x in sigmas]
                if only_lead_0:  # only the waves lead 0 sends in: carry G @ sources through the sweep
                    return _carry(blocks, slicing, swept[idx], sig, sub, part)
                return _split_corners(blocks, slicing, swept[idx], sig)

            swept_all, singular = _apart_where_singular(sweep, len(energies))
            for i in singular:
                for j in range(len(part)):
                    edge[j][i] = True
            if only_lead_0:
                carried = swept_all
            else:
                corners = swept_all
            for j, b in enumerate(part):
                row = []
                for i in range(len(energies)):
                    if edge[j][i]:
                        row.append(_sparse_smatrix(fsys, fsys.hamiltonian(batch[b]), energies[i], leads[b][i]))
                    elif only_lead_0:
                        row.append(_assemble(fsys, leads[b][i], lambda q, p, src, c=carried[j, i]: c[:, : src.shape[1]],
                                             sources=(0,), targets=(1,)))
                    else:
                        green = {(q, p): corners[q][p][j, i] for q in (0, 1) for p in (0, 1)}
                        row.append(_assemble(fsys, leads[b][i], lambda q, p, src, g=green: g[q, p] @ src))
                out.append(row)
            done += len(part) * len(energies)
            if progress is not None:
                progress(done, total)
    return out


def _joined_corners(parts):
    """The corner blocks of :func:`_rgf_corners` computed on consecutive chunks of the energies, as one."""
    if len(parts) == 1:
        return parts[0]
    return [[None if parts[0][q][p] is None else np.concatenate([c[q][p] for c in parts], axis=1) for p in (0, 1)]
            for q in (0, 1)]


def _split_corners(blocks, slicing, energies, sigmas, sources=None):
    """:func:`_rgf_corners` on contiguous chunks of the energies, in parallel threads."""

    def run(es):
        return _rgf_corners(blocks, slicing, energies[es], [sig[:, es] for sig in sigmas],
                            sources=None if sources is None else sources[:, es])

    parts = split_map(run, len(energies), min_chunk=2)
    return _joined_corners(parts)


def _sparse_smatrix(fsys, h, energy, leads):
    n = fsys.n_orbitals
    columns = [(p, b, src) for p, data in enumerate(leads) for b, src in enumerate(data.sources)]
    total = sum(src.shape[1] for _, _, src in columns)
    rhs = np.zeros((n, total), dtype=complex)
    start, where = 0, {}
    for p, _b, src in columns:
        rhs[fsys.leads[p].orbitals, start : start + src.shape[1]] = src
        start += src.shape[1]
    psi = _factorize(fsys, energy, h, leads).solve(rhs) if total else rhs
    offsets = np.cumsum([0] + [sum(src.shape[1] for src in d.sources) for d in leads])
    for q in range(len(leads)):
        for p in range(len(leads)):
            where[q, p] = psi[np.ix_(fsys.leads[q].orbitals, np.arange(offsets[p], offsets[p + 1]))]
    return _assemble(fsys, leads, lambda q, p, src: where[q, p])


def _assemble(fsys, leads, response, sources=None, targets=None):
    """The S-matrix from the waves ``response(q, p, sources_p)`` on lead ``q``'s interface.

    ``sources`` and ``targets``: the leads whose columns and rows are computed
    (default all; the others stay zero).
    """
    channels = []
    for p, data in enumerate(leads):
        for b, m in enumerate(data.modes):
            channels.append((p, b, m.open_channels))
    total = sum(c for _, _, c in channels)
    s = np.zeros((total, total), dtype=complex)
    col = 0
    for p, data_p in enumerate(leads):
        src = np.concatenate(data_p.sources, axis=1) if data_p.sources else np.zeros((0, 0))
        width = src.shape[1]
        if width == 0:
            continue
        if sources is not None and p not in sources:
            col += width
            continue
        incoming = np.concatenate(data_p.incoming, axis=1)
        row = 0
        for q, data_q in enumerate(leads):
            if targets is not None and q not in targets:
                row += sum(m.open_channels for m in data_q.modes)
                continue
            psi = np.array(response(q, p, src), dtype=complex)
            if q == p:
                psi = psi - incoming
            out = data_q.u[:, None] * psi  # to the lead's gauge
            for m, block in zip(data_q.modes, data_q.blocks, strict=True):
                coeff = np.linalg.solve(m.basis, block.conj().T @ out)[: m.open_channels]
                s[row : row + m.open_channels, col : col + width] = coeff
                row += m.open_channels
        col += width
    return SMatrix(s, channels, [fl.block_values for fl in fsys.leads], [d.modes for d in leads])


# --------------------------------------------------------------------------- recursive Green's functions


class _Slicing(NamedTuple):
    """The system cut into slices coupled only to their neighbours.

    ``orbitals[0]`` are lead 0's interface orbitals in the lead's order;
    ``orbitals[-1]`` starts with lead 1's interface orbitals in its order
    (``n_last`` of them), followed by any other sites of the last layer.
    """

    orbitals: list
    n_last: int


# The RGF pays sum_k n_k^3 per energy; a slicing whose largest slice holds
# more than this share of all orbitals is left to the sparse solve.
_MAX_SLICE_SHARE = 0.5


def _slicing(fsys):
    """The system as a chain of slices between its two leads (cached on ``fsys``), or None."""
    cache = fsys.__dict__.get("_slicing_cache")
    if cache is None or cache[0] is not fsys.bonds:
        cache = (fsys.bonds, _find_slicing(fsys))
        fsys.__dict__["_slicing_cache"] = cache
    return cache[1]


def _find_slicing(fsys):
    """Layers of sites by their graph distance from lead 0's interface cell.

    Every bond joins sites whose distances differ by at most one, so the
    layers are coupled only to their neighbours, whatever the lattice or
    the shape (a ring, a constriction, a ribbon cut along its zigzag
    columns).  Layer 0 is lead 0's interface cell; every layer beyond the
    nearest site of lead 1's interface cell joins the last slice.
    """
    if len(fsys.leads) != 2:
        return None
    start, end = fsys.leads[0].interface, fsys.leads[1].interface
    if np.intersect1d(start, end).size:
        return None
    pairs = [(to, frm) for _value, _kind, to, frm in fsys.bonds if len(to)]
    n = fsys.n_sites
    if pairs:
        rows = np.concatenate([p[0] for p in pairs])
        cols = np.concatenate([p[1] for p in pairs])
    else:
        rows = cols = np.zeros(0, dtype=int)
    graph = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    dist = csgraph.dijkstra(graph, directed=False, indices=start, unweighted=True, min_only=True)
    if not np.all(np.isfinite(dist)):
        return None  # sites not connected to lead 0
    layer = dist.astype(int)
    last = int(layer[end].min())
    if last < 1:
        return None
    layer = np.minimum(layer, last)
    in_end = np.zeros(n, dtype=bool)
    in_end[end] = True
    slices = [fsys.site_orbitals(start)]
    slices += [fsys.site_orbitals(np.flatnonzero(layer == k)) for k in range(1, last)]
    slices.append(fsys.site_orbitals(np.concatenate([end, np.flatnonzero((layer == last) & ~in_end)])))
    n_last = fsys.site_orbitals(end).size
    if len(slices) < 2 or max(s.size for s in slices) > max(_MAX_SLICE_SHARE * fsys.n_orbitals, 64):
        return None
    return _Slicing(slices, n_last)


class _Coupling(NamedTuple):
    """A coupling block ``V`` between slices, reduced to its nonzero rows and columns.

    ``v = V[rows][:, cols]``.  When each row of ``v`` holds few elements
    (nearest-neighbour hops: one per row on the square lattice, two between
    the columns of a honeycomb ribbon), ``bands`` lists them as
    ``(index, weight)`` pairs, ``v[i, index[i]] = weight[i]``, and products
    with ``v`` are gathers instead of matrix products; else ``bands`` is None.
    """

    rows: np.ndarray
    cols: np.ndarray
    v: np.ndarray
    bands: list | None
    #: per band, ``cols[index]``: the positions in the slice that band reads (worked out once, with ``bands``)
    gathers: tuple = ()
    #: with one band whose weights are all alike, the flat positions of ``g[where][:, where]`` in
    #: the ``n x n`` block ``g`` of the slice the coupling starts from (``where = gathers[0]``), else None
    pairs: np.ndarray | None = None

    @property
    def scale(self):
        """``c`` when ``v = c * 1`` (rows and columns in the same order), else None."""
        if self.bands is None or len(self.bands) != 1 or self.rows.size != self.cols.size:
            return None
        index, weight = self.bands[0]
        if np.array_equal(index, np.arange(index.size)) and np.all(weight == weight[0]):
            return weight[0]
        return None

    def times(self, x):
        """``v @ x`` for a stack ``x`` of shape ``(..., len(cols), m)``."""
        if self.bands is None:
            return self.v @ x
        c = self.scale
        if c is not None:
            return c * x
        out = None
        for index, weight in self.bands:
            term = weight[:, None] * x[..., index, :]
            out = term if out is None else out + term
        return out

    def times_from(self, x, out=None):
        """``v @ x[..., cols, :]`` for a stack ``x`` over the whole slice the coupling starts from.

        With ``bands`` each term is one gather of the rows of ``x`` (the
        columns of ``v`` given as indices into the slice) times a weight.
        ``out``, if given, is a work array of the result's shape that the
        one-band case fills instead of allocating one.
        """
        if self.bands is None:
            return self.v @ x[..., self.cols, :]
        if len(self.bands) == 1 and out is not None:
            np.take(x, self.gathers[0], axis=-2, out=out)
            out *= self.bands[0][1][:, None]
            return out
        total = None
        for (_, weight), where in zip(self.bands, self.gathers, strict=True):
            term = weight[:, None] * np.take(x, where, axis=-2)
            total = term if total is None else total + term
        return total

    def sandwich_from(self, g, out=None):
        """``v @ g[..., cols, cols] @ v^dagger`` for a stack ``g`` over the whole slice (see :meth:`times_from`)."""
        if self.bands is None:
            return self.sandwich(g[..., self.cols[:, None], self.cols[None, :]])
        if self.pairs is not None:
            # one element per row, all alike (a uniform hopping): a gather of g times |c|^2
            weight = self.bands[0][1]
            n = g.shape[-1]
            flat = g.reshape(g.shape[:-2] + (n * n,))
            out = np.take(flat, self.pairs, axis=-1, out=out)
            if abs(weight[0]) != 1:
                out *= abs(weight[0]) ** 2
            return out
        y = self.times_from(g)  # (..., rows, slice)
        out = None
        for (_, weight), where in zip(self.bands, self.gathers, strict=True):
            term = np.take(y, where, axis=-1) * weight.conj()
            out = term if out is None else out + term
        return out

    def sandwich(self, g):
        """``v @ g @ v^dagger`` for a stack ``g`` of shape ``(..., len(cols), len(cols))``."""
        if self.bands is None:
            return self.v @ g @ np.conj(np.swapaxes(self.v, -1, -2))
        c = self.scale
        if c is not None:
            return (abs(c) ** 2) * g
        y = self.times(g)  # (..., rows, cols)
        out = None
        for index, weight in self.bands:
            term = y[..., :, index] * weight.conj()[None, :]
            out = term if out is None else out + term
        return out


def _coupling(v):
    nz = v != 0
    rows, cols = np.flatnonzero(nz.any(axis=1)), np.flatnonzero(nz.any(axis=0))
    block = v[np.ix_(rows, cols)]
    per_row = (block != 0).sum(axis=1)
    k = int(per_row.max(initial=0))
    if not rows.size or 4 * k > cols.size:
        return _Coupling(rows, cols, block, None)
    bands = []
    order = np.argsort(block == 0, axis=1, kind="stable")  # the nonzero columns of each row first
    for j in range(k):
        index = order[:, j]
        weight = np.where(j < per_row, block[np.arange(rows.size), index], 0)
        bands.append((index, weight))
    gathers = tuple(cols[index] for index, _ in bands)
    pairs = None
    if len(bands) == 1 and np.all(bands[0][1] == bands[0][1][0]):
        where, n = gathers[0], v.shape[1]
        pairs = where[:, None] * n + where[None, :]
    return _Coupling(rows, cols, block, bands, gathers, pairs)


class _SharedDiagonal(NamedTuple):
    """A diagonal block ``H_kk`` of a batch whose members differ in a few elements only."""

    fixed: np.ndarray  # (n_k, n_k), what the batch shares
    rows: np.ndarray  # (m,) the varying elements' positions
    cols: np.ndarray
    values: np.ndarray  # (B, 1, m) their values


class _Blocks(NamedTuple):
    diag: list  # per slice k: (B, 1, n_k, n_k), or a _SharedDiagonal
    forward: list  # per k: _Coupling of H[k+1, k]
    backward: list  # per k, from the last: _Coupling of H[k, k+1]


def _slice_groups(fsys, slicing, rows, cols):
    """The Hamiltonian's elements sorted by the pair of slices they join (cached on ``fsys``).

    Each group is ``(index, local_rows, local_cols, unique)``; ``unique``
    says that no element appears twice (a plain assignment then suffices).
    """
    cache = fsys.__dict__.get("_slice_groups_cache")
    if cache is not None and cache[0] is slicing and cache[1] == rows.size:
        return cache[2]
    where = np.empty(fsys.n_orbitals, dtype=int)
    local = np.empty(fsys.n_orbitals, dtype=int)
    for k, o in enumerate(slicing.orbitals):
        where[o] = k
        local[o] = np.arange(len(o))
    sr, sc = where[rows], where[cols]
    order = np.lexsort((sc, sr))
    pairs = np.stack([sr[order], sc[order]], axis=1)
    starts = np.flatnonzero(np.r_[True, np.any(pairs[1:] != pairs[:-1], axis=1)])
    groups = {}
    for a, b in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        idx = order[a:b]
        lr, lc = local[rows[idx]], local[cols[idx]]
        unique = np.unique(lr * (lc.max() + 1) + lc).size == idx.size
        groups[int(pairs[a, 0]), int(pairs[a, 1])] = (idx, lr, lc, unique)
    fsys.__dict__["_slice_groups_cache"] = (slicing, rows.size, groups)
    return groups


def _slice_blocks(fsys, slicing, batch):
    """Dense slice blocks and couplings of the Hamiltonians of a batch of parameter sets."""
    entries = [fsys._entries(params) for params in batch]
    rows, cols = entries[0][0], entries[0][1]
    data = np.array([e[2] for e in entries])  # (B, n_elements)
    groups = _slice_groups(fsys, slicing, rows, cols)
    sizes = [len(o) for o in slicing.orbitals]
    memo = fsys.__dict__.setdefault("_coupling_cache", {})

    def dense(k, m, values):
        out = np.zeros((len(values), sizes[k], sizes[m]), dtype=complex)
        if (k, m) in groups:
            idx, lr, lc, unique = groups[k, m]
            if unique:
                out[:, lr, lc] = values[:, idx]
            else:
                np.add.at(out, (slice(None), lr, lc), values[:, idx])
        return out

    varying = None if len(batch) == 1 else np.any(data != data[:1], axis=0)

    def diagonal(k):
        """``H_kk`` for the batch: dense, or the part the batch shares (remembered) and the elements that vary."""
        if varying is None or (k, k) not in groups:
            return dense(k, k, data)[:, None]
        idx, lr, lc, unique = groups[k, k]
        moving = varying[idx]
        if moving.all() or not unique:
            return dense(k, k, data)[:, None]
        key = ("diagonal", k, data[0, idx[~moving]].tobytes(), moving.tobytes())
        if key not in memo:
            if len(memo) > 4 * len(sizes):
                memo.clear()
            fixed = np.zeros((sizes[k], sizes[k]), dtype=complex)
            fixed[lr[~moving], lc[~moving]] = data[0, idx[~moving]]
            memo[key] = fixed
        return _SharedDiagonal(memo[key], lr[moving], lc[moving], data[:, idx[moving]][:, None, :])

    def coupling(k, m):
        if (k, m) not in groups:
            return _coupling(np.zeros((sizes[k], sizes[m]), dtype=complex))
        values = data[:, groups[k, m][0]]
        if np.all(values == values[:1]):  # the same for the whole batch: reduce it once, and remember it
            key = (k, m, values[0].tobytes())
            if key not in memo:
                if len(memo) > 4 * len(sizes):
                    memo.clear()
                memo[key] = _coupling(dense(k, m, data[:1])[0])
            return memo[key]
        everything = np.arange(sizes[k]), np.arange(sizes[m])
        return _Coupling(everything[0], everything[1], dense(k, m, data)[:, None], None)

    n = len(sizes)
    diag = [diagonal(k) for k in range(n)]
    forward = [coupling(k + 1, k) for k in range(n - 1)]
    backward = [coupling(k, k + 1) for k in range(n - 2, -1, -1)]
    return _Blocks(diag, forward, backward)


# Energies swept together: enough to share numpy's cost per call, few enough that the stacks of one
# slice (each (B, energies, n_k, n_k)) stay in a core's cache while the sweep works on them.
_SWEEP_CACHE_BYTES = 2**21


def _rgf_corners(blocks, slicing, energies, sigmas, *, sources=None):
    """:func:`_rgf_sweeps` on chunks of the energies that fit in cache (the energies are independent).

    Each chunk carries only the columns of ``sources`` that are not zero at
    its energies: with the open channels padded to the largest count of all
    energies, the waves at low energies would otherwise drag many columns of
    zeros through the sweep.
    """
    width = max(len(o) for o in slicing.orbitals)
    members = max(np.shape(sigmas[0])[0], np.shape(sigmas[1])[0])
    step = max(1, _SWEEP_CACHE_BYTES // (16 * members * width * width))
    parts = []
    for first in range(0, len(energies), step):
        es = slice(first, first + step)
        sig = [np.asarray(x)[:, es] for x in sigmas]
        if sources is None:
            parts.append(_rgf_sweeps(blocks, slicing, energies[es], sig))
            continue
        src = sources[:, es]
        used = np.flatnonzero(np.any(src != 0, axis=(0, 1, 2)))
        count = int(used[-1]) + 1 if used.size else 1
        corners = _rgf_sweeps(blocks, slicing, energies[es], sig, sources=src[..., :count])
        carried = np.zeros(corners[1][0].shape[:-1] + src.shape[-1:], dtype=complex)
        carried[..., :count] = corners[1][0]
        parts.append([[None, None], [carried, None]])
    return _joined_corners(parts)


def _rgf_sweeps(blocks, slicing, energies, sigmas, *, sources=None):
    """Corner blocks of the Green's function, by sweeps over the slices, for a batch.

    Stacks have the shape ``(B, n_energies, ...)`` (``B`` parameter sets);
    ``sigmas[p][b][i]`` is lead ``p``'s self-energy.  Returns ``[[G_00, G_0N],
    [G_N0, G_NN]]`` on the interface orbitals of leads 0 and 1.  The forward
    sweep (left-connected Green's functions) gives ``G_NN`` and ``G_N0``, the
    backward one ``G_00`` and ``G_0N``.  With ``sources`` (a stack
    ``(B, n_energies, n_0, M)`` of waves fed in by lead 0) only the forward
    sweep runs and it carries ``G_N0 @ sources`` (``M`` columns instead of
    ``n_0``); that is returned in place of ``G_N0``, and the other corners
    are None.
    """
    orbs = slicing.orbitals
    n = len(orbs)
    n1 = slicing.n_last
    e = np.asarray(energies, dtype=complex)[None, :, None, None]
    sig0 = np.asarray(sigmas[0])
    sig1 = np.asarray(sigmas[1])

    energy_eye = {}
    members = max(sig0.shape[0], sig1.shape[0])
    spare = {}

    def buffer(tag, shape):
        """A work array, the same one each time: fresh stacks per slice cost more in memory traffic than the sums."""
        out = spare.get((tag, shape))
        if out is None:
            out = spare[tag, shape] = np.empty(shape, dtype=complex)
        return out

    recurring = {}

    def block(k, inward=None):
        """``E - H_kk - inward`` (minus a lead's self-energy at the ends), in the buffer that slice ``k - 2`` used.

        ``inward`` is a callable that writes the coupling term into the
        buffer it is given.  Between the ends, ``E - H_kk`` is remembered
        for blocks that recur (the slices of a clean ribbon), and the term
        is then taken from it in one pass.
        """
        m = len(orbs[k])
        if m not in energy_eye:
            energy_eye[m] = e * np.eye(m)
        d = blocks.diag[k]
        a = buffer(k % 2, (members, e.shape[1], m, m))
        if inward is not None and 0 < k < n - 1 and not isinstance(d, _SharedDiagonal):
            key = (m, d.tobytes())
            base = recurring.get(key)
            if base is None:
                base = energy_eye[m] - d
                if len(recurring) < 8:
                    recurring[key] = base
            return np.subtract(base, inward(a), out=a)
        if isinstance(d, _SharedDiagonal):
            np.subtract(energy_eye[m], d.fixed, out=a)
            a[..., d.rows, d.cols] -= d.values
        else:
            np.subtract(energy_eye[m], d, out=a)
        if k == 0:
            a -= sig0
        if k == n - 1:
            a[..., :n1, :n1] -= sig1
        if inward is not None:
            a -= inward(buffer("inward", a.shape))
        return a

    def sweep(order, couplings, chain=None):
        spare.clear()  # what a sweep returns lives in its work arrays: the next sweep gets new ones
        g = stack_inverse(block(order[0]), overwrite=True)
        chain = g if chain is None else g @ chain
        phase = 1.0  # uniform couplings by a pure phase (|c| = 1) multiply the chain once, at the end
        for k, c in zip(order[1:], couplings, strict=True):
            full_rows, full_cols = c.rows.size == len(orbs[k]), c.cols.size == g.shape[-1]  # sorted, all of them
            if full_rows and not full_cols:  # the coupling term fills the whole block: formed with it
                a = block(k, lambda out, c=c, g=g: c.sandwich_from(g, out=out))
                g = stack_inverse(a, overwrite=True)
                moved = buffer("moved", chain.shape[:-2] + (c.rows.size, chain.shape[-1]))
                if c.pairs is not None and abs(c.bands[0][1][0]) == 1:
                    np.take(chain, c.gathers[0], axis=-2, out=moved)
                    phase = phase * c.bands[0][1][0]
                else:
                    moved = c.times_from(chain, out=moved)
                chain = np.matmul(g, moved, out=buffer(("chain", k % 2), g.shape[:-1] + moved.shape[-1:]))
                continue
            a = block(k)
            scale = c.scale if full_rows and full_cols else None
            if scale is not None:  # V = c * 1: scalings, in place where nothing else holds g
                if g is chain:
                    a -= abs(scale) ** 2 * g
                else:
                    g *= abs(scale) ** 2
                    a -= g
                g = stack_inverse(a, overwrite=True)
                chain = np.matmul(g, chain, out=buffer(("chain", k % 2), g.shape[:-1] + chain.shape[-1:]))
                if abs(scale) == 1:
                    phase = phase * scale
                else:
                    chain *= scale
                continue
            inward = c.sandwich(g) if full_cols else c.sandwich_from(g)
            if full_rows:
                a -= inward
            else:
                a[..., c.rows[:, None], c.rows[None, :]] -= inward
            g = stack_inverse(a, overwrite=True)
            moved = c.times(chain) if full_cols else c.times_from(chain)
            chain = (g if full_rows else np.take(g, c.rows, axis=-1)) @ moved
        return g, (chain if phase == 1 else chain * phase)

    if sources is not None:
        _, carried = sweep(list(range(n)), blocks.forward, sources)
        return [[None, None], [carried[..., :n1, :], None]]
    g_nn, g_n0 = sweep(list(range(n)), blocks.forward)
    g_00, g_0n = sweep(list(range(n - 1, -1, -1)), blocks.backward)
    return [[g_00, g_0n[..., :, :n1]], [g_n0[..., :n1, :], g_nn[..., :n1, :n1]]]


class TransmissionMatrix(NamedTuple):
    """Transmissions between all leads.

    Attributes
    ----------
    transmission : ndarray, shape (n_leads, n_leads), or (n_energies, n_leads, n_leads)
        ``transmission[..., i, j]`` from lead ``j`` into lead ``i`` (reflections
        on the diagonal), summed over blocks.
    channels : ndarray of int, shape (n_leads,) or (n_energies, n_leads)
        Open channels of each lead.
    """

    transmission: np.ndarray
    channels: np.ndarray


# --------------------------------------------------------------------------- two terminals, many energies

# A mode within this relative distance of its threshold counts as closed, as in the mode solver.
_THRESHOLD_TOL = 1e-12


def _uniform_hopping(h_hop):
    c = h_hop[0, 0]
    if c == 0:
        return None
    off = h_hop - c * np.eye(len(h_hop))
    if np.abs(off).max() <= 1e-14 * abs(c):
        return c
    return None


def _channel_factor(gamma):
    """``X`` with ``gamma = X X^dagger`` (``gamma`` positive semidefinite, stacked), ``M`` columns."""
    w, v = np.linalg.eigh(gamma)
    w = np.where(w > 1e-13 * max(float(np.max(w, initial=0.0)), 1e-300), w, 0.0)
    m = max(int(np.max(np.sum(w > 0, axis=-1), initial=0)), 1)
    return v[..., -m:] * np.sqrt(w[..., None, -m:])


def _caroli(fsys, slicing, energies, batch):
    r"""Two-terminal ``T`` and channel counts from the Caroli formula, or None where it does not apply.

    For leads whose cells are coupled by ``h_hop = c * 1`` (no field in the
    lead, any orbitals) the self-energies at all energies come in closed form
    from the levels of ``h_cell``, so no lead modes are needed:
    :math:`T = \mathrm{Tr}[\Gamma_1 G_{N0} \Gamma_0 G_{N0}^\dagger]`, with
    ``Gamma_0 = X X^dagger`` and ``G_{N0} X`` carried through the RGF sweep.
    """
    batch = np.array(batch, dtype=object)
    cells = [[_lead_cell(fl, params, p) for p, fl in enumerate(fsys.leads)] for params in batch]
    if any(_uniform_hopping(cell[1]) is None for row in cells for cell in row):
        return None
    levels = {}

    def key(cell):
        return cell[0].tobytes(), cell[1].tobytes(), cell[2].tobytes()

    for row in cells:
        for h_cell, h_hop, u in row:
            k = key((h_cell, h_hop, u))
            if k not in levels:
                eps = np.linalg.eigvalsh(h_cell)
                z = (eps[None, :] - energies[:, None]) / (2 * abs(_uniform_hopping(h_hop)))
                open_ = np.sum(np.abs(z) < 1 - _THRESHOLD_TOL / 2, axis=1)
                edge = np.any(np.abs(np.abs(z) - 1) <= _THRESHOLD_TOL, axis=1)  # a mode exactly at its threshold
                levels[k] = (open_, edge)
    # At an energy where a mode sits exactly at its threshold the slices' Green's function is singular
    # for it: the sweep runs just beside it, and the caller solves that energy directly.
    edges_any = np.any([edge for _, edge in levels.values()], axis=0)
    swept = np.where(edges_any, energies + 1e-7 * np.maximum(1.0, np.abs(energies)), energies)
    memo = {}

    def lead(cell):
        k = key(cell)
        if k not in memo:
            h_cell, h_hop, u = cell
            sigma = lead_self_energy(h_cell, h_hop, swept)
            sigma = u.conj()[:, None] * sigma * u[None, :]
            memo[k] = (sigma, *levels[k])
        return memo[k]

    solved = [[lead(cell) for cell in row] for row in cells]
    shared = all(row[p] is solved[0][p] for row in solved for p in (0, 1))  # leads the batch does not change
    rows = solved[:1] if shared else solved
    sig0 = np.stack([row[0][0] for row in rows])  # (B or 1, n_energies, n, n)
    sig1 = np.stack([row[1][0] for row in rows])
    gamma0 = 1j * (sig0 - np.conj(np.swapaxes(sig0, -1, -2)))
    gamma1 = 1j * (sig1 - np.conj(np.swapaxes(sig1, -1, -2)))
    x = _channel_factor(0.5 * (gamma0 + np.conj(np.swapaxes(gamma0, -1, -2))))
    if shared:  # the same arrays for every member, as read-only views
        sig0, sig1, gamma1, x = (np.broadcast_to(v, (len(batch),) + v.shape[1:]) for v in (sig0, sig1, gamma1, x))

    def run(bs, es, blocks=None):
        blocks = _slice_blocks(fsys, slicing, batch[bs]) if blocks is None else blocks
        carried = _rgf_corners(blocks, slicing, swept[es], [sig0[bs, es], sig1[bs, es]], sources=x[bs, es])[1][0]
        return np.real(np.sum((gamma1[bs, es] @ carried) * carried.conj(), axis=(-1, -2)))

    # contiguous chunks of the energies (or of the batch, at one energy) in parallel threads
    everything = slice(None)
    if len(energies) > 1:
        blocks = _slice_blocks(fsys, slicing, batch)
        t = np.concatenate(split_map(lambda es: run(everything, es, blocks), len(energies), min_chunk=2), axis=1)
    else:
        t = np.concatenate(split_map(lambda bs: run(bs, everything), len(batch), min_chunk=2), axis=0)
    channels = np.array([[[solved[b][p][1][i] for p in (0, 1)] for i in range(len(energies))]
                         for b in range(len(batch))])
    edges = np.array([solved[b][0][2] | solved[b][1][2] for b in range(len(batch))])
    return t, channels, edges


def _batch(params):
    """A list of parameter dicts from ``params`` (a dict, None, or a list of dicts)."""
    if params is None or isinstance(params, dict):
        return [params or {}], False
    if isinstance(params, (list, tuple)):
        if not params:
            raise ValueError("`params` is an empty list: give at least one set of parameter values")
        for i, p in enumerate(params):
            if not isinstance(p, dict):
                raise TypeError(f"`params[{i}]` must be a dict of parameter values, got {type(p).__name__}")
        return list(params), True
    raise TypeError(f"`params` must be a dict of parameter values or a list of them, got {type(params).__name__}")


def transmission(fsys, energies, params=None, *, method="auto", progress=None):
    """All lead-to-lead transmissions at one energy or an array of them (see :class:`TransmissionMatrix`).

    Parameters
    ----------
    fsys : FiniteSystem
    energies : float or 1-d array
    params : dict, or list of dicts, optional
        Values of the named parameters.  A list is a batch (a gate sweep,
        disorder realizations): the results get a leading axis over it, and
        the RGF sweeps the whole batch and all energies at once, computing
        the leads once when the parameters do not reach them.
    method : {"auto", "rgf", "sparse"}
        As in :func:`smatrix`.
    progress : callable, optional
        ``progress(done, total)``, called as (parameter set, energy) pairs
        are done.

    Returns
    -------
    TransmissionMatrix
        ``transmission`` has the shape ``[batch,] [energies,] (n_leads, n_leads)``.
    """
    method = _check_method(method)
    progress = check_callable(progress, "progress", what="a function progress(done, total)")
    if isinstance(energies, (bool, np.bool_)):
        raise TypeError(f"`energies` must be a real number or a 1-d array of them, got the bool {energies!r}")
    energies_arr = as_real_array(energies, "energies", allow_nan=True)
    if energies_arr.ndim > 1:
        raise TypeError(f"`energies` must be a real number or a 1-d array of them, got shape {energies_arr.shape}")
    scalar = energies_arr.ndim == 0
    grid = energies_arr.reshape(-1)
    if not grid.size:
        raise ValueError("`energies` is empty: give at least one energy")
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"`energies` must be finite, got {energies!r}")
    batch, batched = _batch(params)
    for e in grid:
        _check(fsys, e, batch[0])
    n = len(fsys.leads)
    # two terminals: the waves sent in by lead 0 are enough, unitarity gives the rest
    # (T_00 + T_10 = N_0 and T_00 + T_01 = N_0, so T_01 = T_10 and T_11 = N_1 - T_10)
    two = n == 2
    shape = ((len(batch),) if batched else ()) + (() if scalar else (len(grid),))
    slicing = _slicing(fsys) if two and method != "sparse" else None
    fast = None
    if slicing is not None:
        with single_threaded_blas():
            try:
                fast = _caroli(fsys, slicing, grid, batch)
            except np.linalg.LinAlgError:  # a slice singular at some energy: the route below sets it apart
                fast = None
    if fast is not None:
        t10, c, edges = fast
        # Exactly at a mode threshold the closed-form self-energy makes the slices' Green's function
        # singular for that mode: solve those energies directly, where the mode counts as closed.
        for b, i in zip(*np.nonzero(edges), strict=True):
            (row,) = _smatrices(fsys, grid[i : i + 1], [batch[b]], "sparse", only_lead_0=True)
            t10[b, i] = row[0].transmission(1, 0)
            c[b, i] = [row[0].open_channels(0), row[0].open_channels(1)]
        t = np.empty(c.shape[:-1] + (2, 2))
        t[..., 0, 0], t[..., 1, 0], t[..., 0, 1], t[..., 1, 1] = c[..., 0] - t10, t10, t10, c[..., 1] - t10
        if progress is not None:
            progress(t10.size, t10.size)
        return TransmissionMatrix(t.reshape(shape + (2, 2)), c.reshape(shape + (2,)))
    ts, chans = [], []
    for row in _smatrices(fsys, grid, batch, method, progress, only_lead_0=two):
        for s in row:
            c = [s.open_channels(i) for i in range(n)]
            if two:
                t10 = s.transmission(1, 0)
                ts.append([[c[0] - t10, t10], [t10, c[1] - t10]])
            else:
                ts.append([[s.transmission(i, j) for j in range(n)] for i in range(n)])
            chans.append(c)
    t = np.array(ts, dtype=float).reshape(shape + (n, n))
    c = np.array(chans, dtype=int).reshape(shape + (n,))
    return TransmissionMatrix(t, c)


class ScatteringStates(NamedTuple):
    """The scattering states fed by the incoming modes of one lead, at one energy.

    Attributes
    ----------
    psi : ndarray, shape (M, n_orbitals)
        One state per incoming mode (unit current), on every orbital of the
        system.
    channels : list of (block, count)
        Which conservation-law block of the lead the rows belong to.
    """

    psi: np.ndarray
    channels: list


def wave_functions(fsys, energy, lead, params=None):
    """The scattering states that the open channels of ``lead`` send into the system.

    Parameters
    ----------
    fsys : FiniteSystem
    energy : float
    lead : int
        The lead the particles come from.
    params : dict, optional

    Returns
    -------
    ScatteringStates
    """
    energy, params = _check(fsys, energy, params)
    if isinstance(lead, bool) or not isinstance(lead, (int, np.integer)) or not 0 <= lead < len(fsys.leads):
        raise ValueError(f"`lead` must be a lead index 0..{len(fsys.leads) - 1}, got {lead!r}")
    with single_threaded_blas():
        leads = [_lead_solution(fl, energy, params, p) for p, fl in enumerate(fsys.leads)]
        data = leads[lead]
        src = np.concatenate(data.sources, axis=1)
        rhs = np.zeros((fsys.n_orbitals, src.shape[1]), dtype=complex)
        rhs[fsys.leads[lead].orbitals] = src
        h = fsys.hamiltonian(params)
        psi = _factorize(fsys, energy, h, leads).solve(rhs) if src.shape[1] else rhs
    return ScatteringStates(psi.T, [(b, m.open_channels) for b, m in enumerate(data.modes)])


class BondCurrents(NamedTuple):
    """Particle currents along the bonds of a system.

    Attributes
    ----------
    bonds : ndarray of int, shape (n_bonds, 2)
        ``(frm, to)`` site indices of every bond.
    current : ndarray, shape (n_bonds,) or (n_modes, n_bonds)
        Current from ``frm`` to ``to``, summed over the incoming modes (or
        of one mode, or of each mode: see :func:`bond_currents`), in units of
        the lead modes' unit current (energy units over hbar).
    """

    bonds: np.ndarray
    current: np.ndarray

    def into_sites(self, n_sites):
        """Net current flowing into each site (zero at every site not touching a lead), shape ``(..., n_sites)``."""
        net = np.zeros(self.current.shape[:-1] + (n_sites,))
        np.add.at(net, (..., self.bonds[:, 1]), self.current)
        np.add.at(net, (..., self.bonds[:, 0]), -self.current)
        return net


def bond_currents(fsys, energy, lead, params=None, *, mode=None):
    r"""Currents along every bond carried by the scattering states from ``lead``.

    .. math:: J_{j \to i} = 2\,\mathrm{Im}\sum_n \psi_{n,i}^\dagger H_{ij} \psi_{n,j},

    summed over the incoming modes ``n`` (each of unit current), so the
    current through any cross-section between two leads is the transmission.

    Parameters
    ----------
    fsys : FiniteSystem
    energy : float
    lead : int
        The lead the particles come from.
    params : dict, optional
    mode : None, int or "each"
        None: the sum over the incoming modes; an index ``n``: the current
        of the one state fed by incoming mode ``n`` of ``lead`` (the rows of
        :func:`wave_functions`, block by block), whose current through a
        cross-section is that mode's transmission
        :math:`\sum_m |S_{mn}|^2`; ``"each"``: every mode's, one row each.

    Returns
    -------
    BondCurrents
        ``current`` of shape ``(n_bonds,)``, or ``(n_modes, n_bonds)`` for
        ``mode="each"``.

    Examples
    --------
    In a clean strip incoming mode ``n`` crosses unscattered: along ``x``
    each bond carries the squared transverse profile
    :math:`\tfrac{2}{W+1}\sin^2\bigl(n\pi y/(W+1)\bigr)` of its mode.

    >>> from qtransport.tb import geometries
    >>> fsys = geometries.strip(4, 3).finalized()
    >>> cur = bond_currents(fsys, 1.0, 0, mode="each")
    >>> frm, to = fsys.positions[cur.bonds[:, 0]], fsys.positions[cur.bonds[:, 1]]
    >>> along_x = cur.current[0] * (to - frm)[:, 0]                 # towards +x
    >>> cur.current.shape, round(float(along_x.sum()), 10)          # 1 open mode; 3 steps along x
    ((1, 17), 3.0)
    """
    states = wave_functions(fsys, energy, lead, params)
    count = states.psi.shape[0]
    if mode is not None and not (isinstance(mode, str) and mode == "each"):
        if isinstance(mode, bool) or not isinstance(mode, (int, np.integer)):
            raise TypeError(f"`mode` must be None, an incoming mode index or 'each', got {mode!r}")
        if not 0 <= mode < count:
            raise ValueError(
                f"`mode` must be an incoming mode index 0..{count - 1} of lead {lead} at this energy "
                f"({count} open), got {mode!r}"
            )
    h = fsys.hamiltonian(params).tocsr()
    pairs, values = [], []
    for _value, kind, to_idx, frm_idx in fsys.bonds:
        if not len(to_idx):
            continue
        no_to, no_frm = fsys.lattice.norbs[kind.to], fsys.lattice.norbs[kind.frm]
        rows = fsys.offsets[to_idx][:, None, None] + np.arange(no_to)[None, :, None]  # (bonds, no_to, 1)
        cols = fsys.offsets[frm_idx][:, None, None] + np.arange(no_frm)[None, None, :]  # (bonds, 1, no_frm)
        rows, cols = np.broadcast_arrays(rows, cols)
        block = np.asarray(h[rows.ravel(), cols.ravel()]).reshape(rows.shape)  # H_ij of every bond
        amp = np.einsum("nka,kab,nkb->nk", states.psi[:, rows[:, :, 0]].conj(), block, states.psi[:, cols[:, 0, :]])
        pairs.append(np.stack([frm_idx, to_idx], axis=1))
        values.append(2 * amp.imag)
    each = np.concatenate(values, axis=1).astype(float) if pairs else np.zeros((count, 0))
    current = each.sum(axis=0) if mode is None else each if isinstance(mode, str) else each[mode]
    return BondCurrents(np.concatenate(pairs).astype(int) if pairs else np.zeros((0, 2), dtype=int), current)


def current_density(fsys, energy, lead, params=None):
    r"""The particle current carried by the states from ``lead``, as a vector at every site.

    Each bond's current :math:`I_{j\to i}` (see :func:`bond_currents`) is
    shared between its two ends: site ``i`` gets
    :math:`\tfrac12 \sum_j I_{j\to i}\,(\mathbf r_i - \mathbf r_j)`.  Summed
    over the sites, the ``x`` component is the current times the distance it
    flows: ``T (L - 1)`` along a strip of ``L`` columns.

    Returns
    -------
    ndarray, shape (n_sites, dim)
        Current density in units of the lead modes' unit current times the
        lattice constant.
    """
    return _bond_density(fsys, bond_currents(fsys, energy, lead, params))


def _bond_density(fsys, cur):
    """Each bond's current times its vector, half to each end (see :func:`current_density`)."""
    frm, to = cur.bonds[:, 0], cur.bonds[:, 1]
    flow = (fsys.positions[to] - fsys.positions[frm]) * cur.current[:, None] / 2
    density = np.zeros((fsys.n_sites, fsys.positions.shape[1]))
    np.add.at(density, frm, flow)
    np.add.at(density, to, flow)
    return density


def transmission_eigenvalues(fsys, energy, params=None, *, lead_out=1, lead_in=0, method="auto"):
    """Eigenvalues ``T_n`` of ``t^dagger t`` between two leads (or blocks ``(lead, block)``), ascending.

    Their sum is the transmission; their distribution tells a tunnel barrier
    (all small) from a diffusive wire (bimodal, at 0 and 1) or a ballistic
    conductor (all 1).
    """
    energy, params = _check(fsys, energy, params)
    for name, which in (("lead_out", lead_out), ("lead_in", lead_in)):
        lead = which[0] if isinstance(which, tuple) and len(which) == 2 else which
        if isinstance(lead, bool) or not isinstance(lead, (int, np.integer)) or not 0 <= lead < len(fsys.leads):
            raise ValueError(f"`{name}` must be a lead index 0..{len(fsys.leads) - 1} or (lead, block), got {which!r}")
    return smatrix(fsys, energy, params, method=method).transmission_eigenvalues(lead_out, lead_in)


def ldos(fsys, energy, params=None, *, eta=0.0):
    r"""Local density of states :math:`-\mathrm{Im}\,G_{rr}/\pi` of every site (summed over its orbitals).

    Computes the whole diagonal of ``G`` by solving for the unit vectors in
    chunks: meant for systems of up to a few thousand orbitals.
    """
    energy, params = _check(fsys, energy, params)
    eta = check_scalar(eta, "eta", nonnegative=True, hint="It is a broadening (energy units); 0 for none.")
    with single_threaded_blas():
        values = _ldos(fsys, energy, params, eta)
        leads = [_lead_solution(fl, energy, params, p) for p, fl in enumerate(fsys.leads)]
        if not eta and any(m.thresholds for data in leads for m in data.modes):
            # At a mode threshold the LDOS has a limit only if the threshold wave does not pile up in
            # the system (a disordered wire); in a clean one it diverges: compare with just below.
            below = _ldos(fsys, energy - 1e-10 * max(1.0, abs(energy)), params, 0.0)
            if np.max(np.abs(values - below)) > 1e-3 * max(1.0, float(np.max(np.abs(below)))):
                raise ValueError(
                    f"`energy` = {energy!r} is exactly at a mode threshold where the density of states of this "
                    "system diverges (a wave of the lead's band edge fills it); shift the energy slightly or give "
                    "`eta` > 0"
                )
    return values


def _ldos(fsys, energy, params, eta):
    leads = [_lead_solution(fl, energy, params, p) for p, fl in enumerate(fsys.leads)]
    lu = _factorize(fsys, energy + 1j * eta if eta else energy, fsys.hamiltonian(params), leads, strict=not eta)
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
    if isinstance(momenta, (bool, np.bool_)):
        raise TypeError(f"`momenta` must be an array of Bloch phases (radians), got the bool {momenta!r}")
    k = as_real_array(momenta, "momenta").reshape(-1)
    if params is not None and not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of parameter values (or None), got {type(params).__name__}")
    h_cell, h_hop = fsys.leads[lead].hamiltonian(params)
    # a Bloch wave psi_j = e^{ikj} phi: (h_cell + h_hop e^{-ik} + h_hop^dagger e^{ik}) phi = E phi
    mats = h_cell[None] + h_hop[None] * np.exp(-1j * k)[:, None, None] + h_hop.conj().T[None] * np.exp(1j * k)[:, None, None]
    return np.linalg.eigvalsh(mats)
