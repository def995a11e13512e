r"""Two-terminal solvers: transmission, S-matrix, LDOS, scattering states, currents.

Each function takes a :class:`~qtransport.lattice.systems.TwoTerminalSystem`
(from :func:`~qtransport.lattice.systems.strip` or
:func:`~qtransport.lattice.systems.chain`), runs the recursive Green's
function algorithms of :mod:`~qtransport.lattice.rgf` and returns an array or
a small result object.  All are vectorized over the batch axes of the system
(disorder realizations, gate values); :func:`transmission` also over energies.

Lead 0 is the left lead (``x < 0``), lead 1 the right one (``x >= L``).

Fisher-Lee relation
-------------------
An electron arriving in the unit-current mode :math:`\varphi^{in}_n` of lead
``q`` is, on the system side of the interface, the source
:math:`s_n = (\lambda_n h^\dagger - \Sigma_q)\varphi^{in}_n` (``h`` the
lead's ``h_hop``, pointing away from the system); the wave function in the
system is :math:`\psi = G s_n`.  Its outgoing part on the end slice of lead
``p``, :math:`\psi_p - \delta_{pq}\varphi^{in}_n`, is expanded on the
outgoing modes of lead ``p`` (propagating ones normalized to unit current,
then evanescent ones); the propagating coefficients are the column ``n`` of
the S-matrix block :math:`S_{pq}`.  For a chain this reduces to the familiar
:math:`t = i\hbar v\, G_{N0}` (Fisher & Lee 1981).  Unitarity of ``S`` and
its agreement with Caroli's :math:`T = \mathrm{Tr}[\Gamma_R G \Gamma_L
G^\dagger]` are checked in the tests.

References
----------
D. S. Fisher and P. A. Lee, Phys. Rev. B 23, 6851 (1981).  C. Caroli et al.,
J. Phys. C 4, 916 (1971).  H. U. Baranger and A. D. Stone, Phys. Rev. B 40,
8169 (1989): S-matrix and currents from Green's functions.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import as_real_array, check_integer
from qtransport.lattice._parallel import single_threaded_blas, split_map
from qtransport.lattice.leads import LeadModes, lead_modes
from qtransport.lattice.rgf import (
    _regularized,
    _unique_states,
    rgf_connected_self_energies,
    rgf_corner_blocks,
    rgf_diagonal,
    rgf_transmission,
)
from qtransport.lattice.systems import TwoTerminalSystem

__all__ = [
    "transmission",
    "smatrix",
    "SMatrix",
    "ldos",
    "scattering_states",
    "ScatteringStates",
    "bond_currents",
    "BondCurrents",
]


def _check_system(system):
    if not isinstance(system, TwoTerminalSystem):
        raise TypeError(
            f"`system` must be a TwoTerminalSystem (build one with strip(...) or chain(...)), "
            f"got {type(system).__name__}."
        )
    return system


def _scalar_energy(energy):
    energy = as_real_array(energy, "energy")
    if energy.ndim != 0:
        raise ValueError(
            f"`energy` must be a single number here, got shape {energy.shape}; "
            "loop over energies, or use transmission(), which takes an array."
        )
    return float(energy)


def _lead_index(lead):
    lead = check_integer(lead, "lead", minimum=0)
    if lead > 1:
        raise ValueError(f"`lead` must be 0 (left) or 1 (right), got {lead}.")
    return lead


def transmission(system, energies, *, progress=None):
    r"""Transmission probability from the left to the right lead.

    .. math:: T(E) = \mathrm{Tr}\left[\Gamma_R\, G_{L-1,0}\, \Gamma_L\,
              G_{L-1,0}^\dagger\right]

    by the recursive Green's function method (cost linear in ``L``),
    vectorized over energies and over the batch axes of the system.

    Parameters
    ----------
    system : TwoTerminalSystem
        The wire (see :func:`~qtransport.lattice.systems.strip`).
    energies : array_like
        Real energies (units of ``t``), any shape.  Exactly at a mode
        threshold of a lead (within about ``1e-12 t``) the mode of zero
        velocity is closed and ``T`` is the limit of the other channels' from
        both sides: a clean chain gives 0 at ``E = 0`` and ``4t``, a clean
        strip the number of open channels at every ``eps_n``
        (see "Mode thresholds" in :mod:`qtransport.lattice.leads`).
    progress : callable, optional
        ``progress(done, total)`` called as slices are added.

    Returns
    -------
    ndarray
        ``T`` (dimensionless, between 0 and the number of open channels),
        shape ``system.batch_shape + energies.shape``.  The conductance is
        ``G = G0 T`` with ``G0 = 2e^2/h`` (spin degenerate).

    Examples
    --------
    A clean strip transmits each open mode perfectly:

    >>> from qtransport.lattice import strip
    >>> transmission(strip(10, 3), [1.0, 2.5]).round(10)
    array([1., 2.])
    """
    system = _check_system(system)
    energies = as_real_array(energies, "energies")
    flat = energies.ravel()
    sigma_l, sigma_r = system.self_energies(flat)
    h, d, pot = system.slice_hamiltonian, system.hopping, system.potential

    def sweep(e):
        if progress is not None:
            with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
                return rgf_transmission(e, h, d, pot, sigma_l, sigma_r, progress=progress)
        if e.size > 1:  # energies in parallel chunks (see qtransport.lattice._parallel)
            return np.concatenate(split_map(
                lambda s: rgf_transmission(e[s], h, d, pot, sigma_l[s], sigma_r[s]), e.size), -1)
        n = pot.shape[0] if pot.ndim > 2 else 1  # one energy: realizations or gates in chunks
        return np.concatenate(split_map(
            lambda s: rgf_transmission(e, h, d, pot[s] if pot.ndim > 2 else pot, sigma_l, sigma_r),
            n, min_chunk=2), 0)

    t = _regularized(sweep, flat, system.t)  # see qtransport.lattice.rgf._regularized
    return t.reshape(system.batch_shape + energies.shape)


class SMatrix(NamedTuple):
    """Scattering matrix at one energy, in the basis of unit-current lead modes.

    ``s = [[r, t'], [t, r']]``: rows and columns list the open channels of
    lead 0 then of lead 1; column ``n`` holds the outgoing amplitudes for an
    electron arriving in channel ``n``.  Shape ``batch + (M0 + M1, M0 + M1)``.

    Attributes
    ----------
    s : ndarray
        The S-matrix (unitary).
    open_channels : tuple of int
        ``(M0, M1)``.
    modes : tuple of LeadModes
        The modes of both leads, defining the basis.
    """

    s: np.ndarray
    open_channels: tuple
    modes: tuple

    def block(self, lead_out, lead_in):
        """The block ``S_{out, in}`` (``r`` for (0, 0), ``t`` for (1, 0), ...)."""
        m0 = self.open_channels[0]
        rows = slice(0, m0) if lead_out == 0 else slice(m0, None)
        cols = slice(0, m0) if lead_in == 0 else slice(m0, None)
        return self.s[..., rows, cols]

    def transmission(self, lead_out=1, lead_in=0):
        """``T = Tr(t^H t)`` from ``lead_in`` into ``lead_out`` (shape ``batch``)."""
        t = self.block(lead_out, lead_in)
        return np.sum(np.abs(t) ** 2, axis=(-1, -2))

    def transmission_eigenvalues(self):
        """Eigenvalues of ``t^H t`` (``t`` from lead 0 to 1), ascending, in [0, 1]."""
        t = self.block(1, 0)
        return np.linalg.eigvalsh(np.conj(np.swapaxes(t, -1, -2)) @ t)


def _sources(modes: LeadModes, h_hop, sigma):
    """``(lambda h^H - Sigma) phi_in``: the incoming wave seen from the system, (W, M)."""
    phi = modes.incoming
    return np.conj(h_hop).T @ phi * modes.lambda_in - sigma @ phi


def _threshold_lead(system, energy):
    """``"of lead p"`` if ``energy`` is at a mode threshold of lead ``p``, else None."""
    for side in (0, 1):
        if lead_modes(*system.lead(side), energy).thresholds:
            return f"of lead {side}"
    return None


def _lead_setup(system, energy):
    """Modes, h_hop, Sigma and sources of both leads at one energy."""
    out = []
    for side in (0, 1):
        h_cell, h_hop = system.lead(side)
        modes = lead_modes(h_cell, h_hop, energy)
        sigma = modes.self_energy(h_hop)
        out.append((modes, h_hop, sigma, _sources(modes, h_hop, sigma)))
    return out


def _amplitudes(modes: LeadModes, psi):
    """Coefficients of ``psi`` (..., W, K) on the propagating outgoing modes: (..., M, K)."""
    coeff = np.linalg.solve(modes.basis, psi)
    return coeff[..., : modes.open_channels, :]


def smatrix(system, energy):
    r"""Fisher-Lee scattering matrix at one energy (vectorized over the batch).

    See the module docstring for the construction.  With time-reversal
    symmetry (no field) ``S`` is symmetric, ``S = S^T``; in a field
    ``S(B) = S(-B)^T`` (Onsager).

    Parameters
    ----------
    system : TwoTerminalSystem
        The wire.
    energy : float
        Real energy (units of ``t``).  Exactly at a mode threshold (within
        about ``1e-12 t``) the mode of zero velocity is closed and ``S``
        connects the other open channels; it is unitary to round-off there
        and next to it in field-free leads (closed forms).  In a field, where
        the lead modes come from a Schur decomposition, it is unitary to
        about ``1e-6`` at ``1e-12 t`` above or below a threshold, ``1e-9`` at
        ``1e-9 t``, ``1e-11`` at ``1e-7 t`` (the slow mode of a nearly
        merging pair is known to that precision).

    Returns
    -------
    SMatrix
        ``s`` of shape ``batch + (M0 + M1, M0 + M1)``, unitary.

    Examples
    --------
    >>> from qtransport.lattice import chain
    >>> res = smatrix(chain(3, potential=[0, 1.0, 0]), 1.0)
    >>> bool(np.allclose(res.s.conj().T @ res.s, np.eye(2)))
    True
    >>> round(float(res.transmission()), 6)     # v^2/(v^2 + U^2), v = 2 sin k
    0.75
    """
    system = _check_system(system)
    energy = _scalar_energy(energy)
    (m0, h0, sig0, src0), (m1, h1, sig1, src1) = _lead_setup(system, energy)
    with single_threaded_blas():
        blocks = _regularized(
            lambda e: rgf_corner_blocks(e, system.slice_hamiltonian, system.hopping,
                                        system.potential, sig0[None], sig1[None]),
            np.array([energy]), system.t)
    g00, g0n, gn0, gnn = (b[..., 0, :, :] for b in blocks)
    r = _amplitudes(m0, g00 @ src0 - m0.incoming)
    t = _amplitudes(m1, gn0 @ src0)
    tp = _amplitudes(m0, g0n @ src1)
    rp = _amplitudes(m1, gnn @ src1 - m1.incoming)
    s = np.concatenate([np.concatenate([r, tp], -1), np.concatenate([t, rp], -1)], -2)
    return SMatrix(s, (m0.open_channels, m1.open_channels), (m0, m1))


def ldos(system, energy):
    r"""Local density of states ``-Im G_{rr}(E) / pi`` on every site.

    The diagonal blocks of ``G`` come from one forward and one backward RGF
    sweep (see :func:`~qtransport.lattice.rgf.rgf_diagonal`).

    Parameters
    ----------
    system : TwoTerminalSystem
        The wire.
    energy : float
        Real energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.

    Returns
    -------
    ndarray, shape ``batch + (L, W)``
        States per unit energy per site (units ``1/t``).

    Examples
    --------
    In a clean chain the LDOS is the bulk one, ``1 / (pi * 2t sin k)``:

    >>> from qtransport.lattice import chain
    >>> float(ldos(chain(4), 2.0)[1, 0] * np.pi * 2)
    1.0
    """
    system = _check_system(system)
    energy = _scalar_energy(energy)
    sigma_l, sigma_r = system.self_energies(np.array([energy]))

    def compute(e):
        g = rgf_diagonal([e], system.slice_hamiltonian, system.hopping, system.potential,
                         sigma_l, sigma_r)[..., 0, :, :]
        return np.diagonal(g, axis1=-2, axis2=-1)  # G_rr, (L, batch..., W)

    with single_threaded_blas():
        g = _unique_states(compute, energy, system.t, _threshold_lead(system, energy))
    return np.moveaxis(-g.imag / np.pi, 0, -2)


class ScatteringStates(NamedTuple):
    """Scattering states injected from one lead (see :func:`scattering_states`).

    Attributes
    ----------
    wave_functions : ndarray, shape ``batch + (M, L + 2, W)``
        ``psi`` of each incoming mode on the slices ``x = -1 ... L`` (the
        first and last rows are the lead cells next to the system).
    lead : int
        Lead the electrons come from.
    modes : LeadModes
        Modes of that lead; mode ``n`` carries unit incoming current.
    """

    wave_functions: np.ndarray
    lead: int
    modes: LeadModes


def scattering_states(system, energy, *, lead=0):
    r"""Wave functions of the electrons injected in each open mode of ``lead``.

    With the source ``s_n`` of the module docstring on the end slice of the
    injecting lead, :math:`\psi = G s_n` follows slice by slice from the
    Green's functions connected to the *other* side (Lewenkopf & Mucciolo
    2013): injecting from the left,

    .. math:: \psi_0 = G_{00} s_n, \qquad \psi_x = g^R_x H_{x,x-1}\psi_{x-1},

    with :math:`g^R_x` the Green's function of slices ``x ... L-1`` and the
    right lead.  In the lead cells next to the system the wave is the
    incoming one plus the outgoing remainder propagated one cell,
    :math:`\lambda_n\varphi_n + F(\psi_{end} - \varphi_n)`.

    Parameters
    ----------
    system : TwoTerminalSystem
        The wire.
    energy : float
        Real energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.
    lead : int, optional
        0 (left) or 1 (right).

    Returns
    -------
    ScatteringStates

    Examples
    --------
    >>> from qtransport.lattice import chain
    >>> st = scattering_states(chain(3), 2.0)
    >>> np.abs(st.wave_functions[0, :, 0]).round(6)     # |psi|^2 = 1/v = 1/2
    array([0.707107, 0.707107, 0.707107, 0.707107, 0.707107])
    """
    system = _check_system(system)
    energy = _scalar_energy(energy)
    lead = _lead_index(lead)
    with single_threaded_blas():
        leads = _lead_setup(system, energy)
        where = next((f"of lead {p}" for p in (0, 1) if leads[p][0].thresholds), None)
        psi = _unique_states(lambda e: _scattering_states(system, e, lead, leads), energy,
                             system.t, where)
    return ScatteringStates(psi, lead, leads[lead][0])


def _scattering_states(system, energy, lead, leads):
    """Wave functions (..., M, L + 2, W); the scattering region at ``energy`` (may be complex)."""
    a, left, right = rgf_connected_self_energies(
        [energy], system.slice_hamiltonian, system.hopping, system.potential,
        leads[0][2][None], leads[1][2][None],
    )
    a, left, right = a[..., 0, :, :], left[..., 0, :, :], right[..., 0, :, :]
    d = system.hopping
    n_slices = system.length
    psi = np.empty(a.shape[:-1] + (leads[lead][0].open_channels,), dtype=complex)  # (L, ..., W, M)
    src = leads[lead][3]
    if lead == 0:
        psi[0] = np.linalg.solve(a[0] - left[0] - right[0], src)
        for x in range(1, n_slices):
            psi[x] = np.linalg.solve(a[x] - right[x], d[:, None] * psi[x - 1])
    else:
        psi[-1] = np.linalg.solve(a[-1] - left[-1] - right[-1], src)
        for x in range(n_slices - 2, -1, -1):
            psi[x] = np.linalg.solve(a[x] - left[x], d.conj()[:, None] * psi[x + 1])
    cells = []
    for side, end in ((0, psi[0]), (1, psi[-1])):
        modes = leads[side][0]
        f = modes.propagator  # one cell outwards
        if side == lead:
            cells.append(f @ (end - modes.incoming) + modes.incoming * modes.lambda_in)
        else:
            cells.append(f @ end)
    psi = np.concatenate([cells[0][None], psi, cells[1][None]])  # (L + 2, ..., W, M)
    return np.moveaxis(psi, (0, -1), (-2, -3))  # (..., M, L + 2, W)


class BondCurrents(NamedTuple):
    """Probability currents on the bonds, in units of the injected flux.

    Attributes
    ----------
    x : ndarray, shape ``batch + (L + 1, W)``
        ``x[i, y]``: current on the bond from ``(i - 1, y)`` to ``(i, y)``,
        ``i = 0 ... L`` (the first and last bonds join the leads).
    y : ndarray, shape ``batch + (L, W - 1)``
        ``y[i, y]``: current from ``(i, y)`` to ``(i, y + 1)``.
    """

    x: np.ndarray
    y: np.ndarray

    def at_sites(self):
        """Current vector on each site, ``(jx, jy)``, each of shape ``batch + (L, W)``.

        The average of the two bonds that enter and leave a site along each
        direction (bonds beyond a hard wall carry nothing): for arrow or
        stream plots.
        """
        jx = (self.x[..., :-1, :] + self.x[..., 1:, :]) / 2
        pad = [(0, 0)] * (self.y.ndim - 1) + [(1, 1)]
        jy_full = np.pad(self.y, pad)
        jy = (jy_full[..., :-1] + jy_full[..., 1:]) / 2
        return jx, jy


def bond_currents(system, energy, *, lead=0, mode=None):
    r"""Bond currents of the electrons injected from ``lead`` (one mode or all).

    The current from site ``a`` to site ``b`` of a state :math:`\psi` is

    .. math:: J_{a\to b} = 2\,\mathrm{Im}\left(\psi_b^*\, H_{ba}\, \psi_a\right)
              \quad (\text{units of } 1/\hbar).

    With unit-current incoming modes, the current through any cross-section
    of the wire is the transmitted probability: ``x.sum(-1)`` equals
    ``T_n = sum_m |t_mn|^2`` at every ``x`` (injected from the left), and the
    current is conserved at every site.  ``mode=None`` sums over all incoming
    modes: the non-equilibrium current density carried by a small bias on
    ``lead``, whose cross-section total is ``T``; the particle current is
    then :math:`(g_s e/h)\,\delta\mu\, J` in the linear regime.

    Parameters
    ----------
    system : TwoTerminalSystem
        The wire.
    energy : float
        Real energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.
    lead : int, optional
        Injecting lead, 0 (left) or 1 (right).
    mode : int, optional
        Index of the incoming mode (order of :func:`~qtransport.lattice.leads.lead_modes`);
        ``None`` sums all.

    Returns
    -------
    BondCurrents

    Examples
    --------
    >>> from qtransport.lattice import strip
    >>> j = bond_currents(strip(6, 3), 2.5)
    >>> j.x.sum(-1).round(10)          # two open channels, both transmitted
    array([2., 2., 2., 2., 2., 2., 2.])
    >>> [a.shape for a in j.at_sites()]
    [(6, 3), (6, 3)]
    """
    states = scattering_states(system, energy, lead=lead)
    psi = states.wave_functions  # (..., M, L + 2, W)
    if mode is not None:
        mode = check_integer(mode, "mode", minimum=0)
        if mode >= psi.shape[-3]:
            raise ValueError(
                f"`mode` must be < {psi.shape[-3]} (the open channels of lead {lead}), got {mode}."
            )
        psi = psi[..., mode : mode + 1, :, :]
    d = system.hopping
    jx = 2 * np.imag(psi[..., 1:, :].conj() * d * psi[..., :-1, :])
    inner = psi[..., 1:-1, :]
    hy = np.diagonal(system.slice_hamiltonian, offset=-1)  # H[y+1, y]
    jy = 2 * np.imag(inner[..., 1:].conj() * hy * inner[..., :-1])
    return BondCurrents(jx.sum(axis=-3), jy.sum(axis=-3))
