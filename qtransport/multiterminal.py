r"""Büttiker's multi-terminal formula: conductance matrices, probes, resistances.

A conductor with ``M`` terminals is described, at one energy, by its
transmission matrix ``T`` of shape ``(M, M)``:

* ``T[i, j]`` is the probability (summed over channels) to go **from
  terminal j into terminal i**;
* the diagonal holds the reflections, ``T[i, i] = R_i``;
* ``channels[i] = N_i`` is the number of open channels of terminal ``i``.

Unitarity of the scattering matrix gives the **sum rules**: column ``j``
adds up to ``N_j`` (every electron sent in by ``j`` goes somewhere) and row
``i`` adds up to ``N_i`` (terminal ``i`` is filled from somewhere).

In linear response the net current into the conductor from terminal ``i`` is

.. math::

    I_i = \sum_j G_{ij} V_j, \qquad
    G_{ii} = \frac{g_s e^2}{h} (N_i - T_{ii}), \qquad
    G_{ij} = -\frac{g_s e^2}{h} T_{ij} \ (i \ne j).

The rows of ``G`` sum to zero (a common voltage shift drives no current) and
so do its columns (currents are conserved).  A *floating* voltage probe is a
terminal that draws no net current; eliminating probes reduces ``G`` to the
conductance matrix of the remaining terminals (a Schur complement).

Everything here works on stacks: arrays of shape ``(..., M, M)`` (an energy
or parameter sweep leads, the terminal indices trail), so a whole sweep is
one call.

The module also holds the single-channel closed forms of chapter 5 (contact,
two- and four-probe resistances).  The devices with probes (the Büttiker
dephasing probe of chapter 4, the four-probe wire of chapter 5) are in
:mod:`qtransport.models.probes`, built with the scattering-matrix network of
:func:`qtransport.smatrix.network_smatrix`.

References
----------
M. Büttiker, "Four-terminal phase-coherent conductance",
Phys. Rev. Lett. 57, 1761 (1986); "Symmetry of electrical conduction",
IBM J. Res. Dev. 32, 317 (1988); "Role of quantum coherence in series
resistors", Phys. Rev. B 33, 3020 (1986).
Course chapters 4 (dephasing) and 5 (contacts and many terminals).
"""

from __future__ import annotations

import numbers

import numpy as np

from qtransport._validation import (
    as_complex_array,
    as_real_array,
    check_choice,
    check_flag,
    check_integer,
    check_probability,
    check_tolerance,
    refuse_bool,
    unwrap_0d,
)
from qtransport.constants import conductance_quantum
from qtransport.smatrix import check_unitary

__all__ = [
    "check_sum_rules",
    "transmissions_from_smatrix",
    "conductance_matrix",
    "currents_from_voltages",
    "voltages_from_currents",
    "eliminate_floating_probes",
    "probe_voltages",
    "effective_transmission",
    "two_terminal_resistance",
    "four_terminal_resistance",
    "hall_resistance",
    "longitudinal_resistance",
    "contact_resistance",
    "two_probe_resistance",
    "four_probe_resistance",
]

# Relative size below which a probe counts as exactly decoupled (its effect on
# any result is then below round-off).
_DECOUPLED = 1e-14


# ----------------------------------------------------------------------------
# small private helpers
# ----------------------------------------------------------------------------


def _terminal(index, name, n_terminals):
    if isinstance(index, bool) or not isinstance(index, (numbers.Integral, np.integer)):
        raise TypeError(
            f"`{name}` must be a terminal index (an integer), got {index!r} of type "
            f"{type(index).__name__}."
        )
    index = int(index)
    if not -n_terminals <= index < n_terminals:
        raise ValueError(
            f"`{name}` = {index} is out of range: the device has {n_terminals} terminals, "
            f"numbered 0 to {n_terminals - 1}."
        )
    return index % n_terminals


def _terminal_list(indices, name, n_terminals):
    if isinstance(indices, (numbers.Integral, np.integer)) and not isinstance(indices, bool):
        indices = [indices]
    try:
        items = list(indices)
    except TypeError:
        raise TypeError(f"`{name}` must be a list of terminal indices, got {indices!r}.") from None
    out = [_terminal(i, f"{name}[{k}]", n_terminals) for k, i in enumerate(items)]
    if len(set(out)) != len(out):
        raise ValueError(f"`{name}` lists a terminal twice: {items!r}.")
    return out


def _transmission_array(T, name="T"):
    """Validate a (stack of) transmission matrices: real, finite, square, >= 0."""
    arr = as_real_array(T, name)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(
            f"`{name}` must be a square matrix T[i, j] (from terminal j into terminal i), "
            f"or a stack of them with shape (..., M, M); got shape {arr.shape}."
        )
    if arr.shape[-1] < 2:
        raise ValueError(f"`{name}` must describe at least 2 terminals, got shape {arr.shape}.")
    scale = max(1.0, float(np.max(np.abs(arr))) if arr.size else 1.0)
    if np.any(arr < -1e-12 * scale):
        where = np.unravel_index(np.argmin(arr), arr.shape)
        raise ValueError(
            f"`{name}` has a negative entry {arr[where]:.3g} at index {tuple(int(w) for w in where)}: "
            "transmissions are probabilities, >= 0. If it is round-off, clip it with "
            "numpy.clip(T, 0, None)."
        )
    return np.clip(arr, 0.0, None)


def _conductance_array(G, name="G"):
    """Validate a (stack of) conductance matrices: real, finite, square, zero row/col sums."""
    arr = as_real_array(G, name)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(
            f"`{name}` must be a square conductance matrix (or a stack, shape (..., M, M)), "
            f"got shape {arr.shape}."
        )
    scale = float(np.max(np.abs(arr))) if arr.size else 0.0
    tol = 1e-9 * scale
    rows = np.abs(arr.sum(axis=-1))
    cols = np.abs(arr.sum(axis=-2))
    if np.any(rows > tol) or np.any(cols > tol):
        which, sums = ("row", rows) if np.any(rows > tol) else ("column", cols)
        where = np.unravel_index(np.argmax(sums), sums.shape)
        raise ValueError(
            f"`{name}` is not a conductance matrix: {which} {int(where[-1])} sums to "
            f"{float(sums[where]):.3g} instead of 0 (relative to its largest entry {scale:.3g}). "
            "If you have a transmission matrix T[i, j], convert it with "
            "conductance_matrix(T) first."
        )
    return arr


# ----------------------------------------------------------------------------
# sum rules and the conductance matrix
# ----------------------------------------------------------------------------


def check_sum_rules(T, channels, *, atol=1e-10):
    """Check that every row and column of ``T`` adds up to the channel number.

    Unitarity of the scattering matrix requires, for the full transmission
    matrix (reflections on the diagonal),

    .. math:: \\sum_i T_{ij} = N_j, \\qquad \\sum_j T_{ij} = N_i .

    Parameters
    ----------
    T : array_like, shape (..., M, M)
        Transmission matrix, ``T[i, j]`` from terminal ``j`` into ``i``.
    channels : array_like, shape (M,) or (..., M)
        Open channels ``N_i`` of each terminal.
    atol : float, optional
        Absolute tolerance on each sum.

    Returns
    -------
    None
        Returns quietly when the rules hold.

    Raises
    ------
    ValueError
        Naming the first row or column that breaks a rule, its sum, the
        expected value and the difference.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> T = [[0.2, 0.8], [0.8, 0.2]]
    >>> check_sum_rules(T, [1, 1])
    >>> check_sum_rules([[0.2, 0.7], [0.8, 0.2]], [1, 1])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: column 1 of `T` sums to 0.9 but `channels[1]` is 1 (off by -0.1)...
    """
    T = _transmission_array(T)
    channels = _channels_array(channels, T.shape[-1])
    _check_sums(T, channels, check_tolerance(atol, "atol"))


def _channels_array(channels, n_terminals):
    channels = as_real_array(channels, "channels")
    if channels.ndim == 0 or channels.shape[-1] != n_terminals:
        raise ValueError(
            f"`channels` must give one channel number per terminal ({n_terminals} values), "
            f"got shape {channels.shape}."
        )
    if np.any(channels < 0):
        raise ValueError(f"`channels` must be >= 0, got {channels.tolist()}.")
    return channels


def _first_violation(bad):
    """Index of the first True entry of ``bad`` (shape ``stack + (n_terminals,)``).

    Returns the full index, the terminal (its last entry) and, for a stack of
    matrices, the text `` (stack index ...)`` for the message ("" otherwise).
    """
    where = tuple(int(w) for w in np.argwhere(bad)[0])
    stack = f" (stack index {where[:-1]})" if len(where) > 1 else ""
    return where, where[-1], stack


def _check_sums(T, channels, atol):
    try:
        channels = np.broadcast_to(channels, T.shape[:-1])
    except ValueError:
        shapes = f"({T.shape[-1]},)" + (f" or {T.shape[:-1]}" if T.ndim > 2 else "")
        raise ValueError(
            f"`channels` of shape {channels.shape} does not match `T` of shape {T.shape}: give "
            f"one channel number per terminal, shape {shapes}."
        ) from None
    for axis, kind in ((-2, "column"), (-1, "row")):
        sums = T.sum(axis=axis)
        diff = sums - channels
        bad = np.abs(diff) > atol
        if np.any(bad):
            where, k, stack = _first_violation(bad)
            raise ValueError(
                f"{kind} {k} of `T` sums to {float(sums[where]):.6g} but `channels[{k}]` is "
                f"{float(channels[where]):.6g} (off by {float(diff[where]):.3g}){stack}. "
                "Each row and column of the full transmission matrix (reflections on the "
                "diagonal) must add up to the number of open channels of that terminal."
            )


def _check_balance(off):
    """Off-diagonal form: what flows into each terminal must equal what flows out."""
    inflow = off.sum(axis=-1)
    outflow = off.sum(axis=-2)
    atol = 1e-10 * max(1.0, float(np.max(inflow, initial=0.0)))
    bad = np.abs(inflow - outflow) > atol
    if np.any(bad):
        where, k, stack = _first_violation(bad)
        raise ValueError(
            f"terminal {k} receives {float(inflow[where]):.6g} but sends out "
            f"{float(outflow[where]):.6g}{stack}: without `channels`, row {k} and column {k} of "
            "`T` off the diagonal must have equal sums (the sum rules). Check the matrix, or pass "
            "`channels` to get the full check."
        )


def transmissions_from_smatrix(S, channels, *, check=True, atol=1e-10):
    """Terminal-to-terminal transmission matrix from a scattering matrix.

    The channels of the scattering matrix are grouped by terminal, terminal 0
    first; the block ``S_ij`` (outgoing channels of ``i``, incoming of ``j``)
    gives

    .. math:: T_{ij} = \\operatorname{Tr} S_{ij}^\\dagger S_{ij} = \\sum |S_{ij}|^2 .

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Scattering matrix (complex), ``N = sum(channels)``.
    channels : sequence of int
        Channels of each terminal, in order.
    check : bool, optional
        Refuse an ``S`` that is not unitary (default).  Pass ``False`` for a
        deliberately lossy (sub-unitary) matrix.
    atol : float, optional
        Tolerated ``max |S^dagger S - 1|`` when ``check`` is true.

    Returns
    -------
    ndarray, shape (..., M, M)
        ``T[i, j]``, dimensionless, from terminal ``j`` into ``i``; the
        diagonal holds reflections.  For a unitary ``S`` it obeys the sum
        rules of :func:`check_sum_rules`.

    Raises
    ------
    ValueError
        ``S`` not square, not of size ``sum(channels)``, or (with ``check``)
        not unitary.
    TypeError
        Non-numeric ``S`` or non-integer channel numbers.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> S = [[0.6, 0.8j], [0.8j, 0.6]]
    >>> transmissions_from_smatrix(S, [1, 1])
    array([[0.36, 0.64],
           [0.64, 0.36]])
    """
    S = as_complex_array(S, "S")
    if isinstance(channels, (numbers.Number, str)) or not hasattr(channels, "__len__"):
        raise TypeError(f"`channels` must be a sequence of channel numbers, got {channels!r}.")
    channels = [check_integer(n, f"channels[{k}]", minimum=1) for k, n in enumerate(channels)]
    if S.ndim < 2 or S.shape[-1] != S.shape[-2] or S.shape[-1] != sum(channels):
        raise ValueError(
            f"`S` must have shape (..., N, N) with N = sum(`channels`) = {sum(channels)}, "
            f"got shape {S.shape}."
        )
    if check_flag(check, "check"):
        check_unitary(S, atol=atol)
    edges = np.cumsum([0, *channels])
    power = np.abs(S) ** 2
    # Sum |S|^2 over the channel blocks: first over rows, then over columns.
    rows = np.add.reduceat(power, edges[:-1], axis=-2)
    return np.add.reduceat(rows, edges[:-1], axis=-1)


def conductance_matrix(T, channels=None, *, spin_degeneracy=2, unit="S"):
    """Büttiker conductance matrix ``G`` with ``I_i = sum_j G[i, j] V_j``.

    .. math::

        G_{ii} = \\frac{g_s e^2}{h}(N_i - T_{ii}), \\qquad
        G_{ij} = -\\frac{g_s e^2}{h} T_{ij} \\quad (i \\ne j).

    Parameters
    ----------
    T : array_like, shape (..., M, M)
        Transmission matrix, ``T[i, j]`` from terminal ``j`` into ``i``
        (summed over the channels of one spin direction).
    channels : array_like, shape (M,), optional
        Open channels ``N_i``.  When given, ``T`` must be the full matrix
        with reflections on its diagonal and the sum rules are checked.
        When omitted, ``N_i`` is taken as the row sum of ``T`` and the column
        sums are checked against it.  Then only the off-diagonal elements
        matter: ``T`` may carry reflections or zeros on its diagonal (the
        "off-diagonal form"), and the check is that into every terminal as
        much probability flows as out of it,
        ``sum_{j != i} T_ij = sum_{j != i} T_ji``.
    spin_degeneracy : int, optional
        ``g_s``: 2 (default) for spin-degenerate channels, 1 for
        spin-resolved ones (quantum Hall edges).
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result: siemens (default), ``G0 = 2e^2/h`` or ``e^2/h``.

    Returns
    -------
    ndarray, shape (..., M, M)
        ``G`` in ``unit``.  Its rows and columns sum to zero.  The diagonal
        is computed as ``sum_{j != i} T_ij`` (equal to ``N_i - T_ii`` by the
        row rule), which keeps it accurate when ``T_ii`` is close to ``N_i``.

    Raises
    ------
    ValueError
        If ``T`` is not square, has negative entries or NaN, or breaks the
        sum rules (the message names the row or column).

    Notes
    -----
    Linear response around a common equilibrium; ``V_j`` is the
    electrochemical potential of reservoir ``j`` divided by ``e``.  For a
    sweep, pass ``T`` of shape ``(n_energies, M, M)``.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986).  Course chapter 5.

    Examples
    --------
    A single channel transmitted with probability 0.25 between two terminals:

    >>> T = [[0.75, 0.25], [0.25, 0.75]]
    >>> conductance_matrix(T, [1, 1], unit="G0")
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> float(conductance_matrix(T, [1, 1])[0, 0])  # siemens
    1.937e-05
    """
    T = _transmission_array(T)
    factor = conductance_quantum(spin_degeneracy, unit)
    M = T.shape[-1]
    eye = np.eye(M, dtype=bool)
    off = np.where(eye, 0.0, T)
    if channels is None:
        _check_balance(off)
    else:
        _check_sums(T, _channels_array(channels, M), 1e-10)
    G = 0.0 - off  # (not -off: avoids printing -0.)
    G[..., eye] = off.sum(axis=-1)
    return factor * G


# ----------------------------------------------------------------------------
# currents, voltages and floating probes
# ----------------------------------------------------------------------------


def currents_from_voltages(G, voltages):
    """Terminal currents ``I = G V``.

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix (e.g. siemens) from :func:`conductance_matrix`.
    voltages : array_like, shape (..., M)
        Terminal voltages (V).

    Returns
    -------
    ndarray, shape (..., M)
        Net current flowing from each reservoir into the conductor (A when
        ``G`` is in siemens and ``V`` in volts).  They sum to zero.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> G = conductance_matrix([[0.5, 0.5], [0.5, 0.5]], [1, 1], unit="G0")
    >>> currents_from_voltages(G, [1.0, 0.0])
    array([ 0.5, -0.5])
    """
    G = _conductance_array(G)
    V = as_real_array(voltages, "voltages")
    if V.ndim == 0 or V.shape[-1] != G.shape[-1]:
        raise ValueError(
            f"`voltages` must hold one voltage per terminal ({G.shape[-1]}), got shape {V.shape}."
        )
    return np.einsum("...ij,...j->...i", G, V)


def voltages_from_currents(G, currents, *, reference=0):
    """Terminal voltages that drive the given currents, with one terminal grounded.

    Solves ``G V = I`` with ``V[reference] = 0``.  Since the rows of ``G``
    sum to zero, voltages are defined only up to a common shift, and the
    currents must add up to zero (charge is conserved).

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix.
    currents : array_like, shape (..., M)
        Net currents into the conductor from each terminal.  Zero for a
        floating probe.
    reference : int, optional
        The grounded terminal.

    Returns
    -------
    ndarray, shape (..., M)
        Voltages, in the unit of ``currents`` divided by that of ``G``
        (V for A and S), with ``V[reference] == 0``.

    Raises
    ------
    ValueError
        If the currents do not sum to zero, or if the grounded conductance
        matrix is singular (a terminal or group of terminals is not
        connected to the rest).

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> G = conductance_matrix([[0.5, 0.5], [0.5, 0.5]], [1, 1], unit="G0")
    >>> voltages_from_currents(G, [1.0, -1.0], reference=1)
    array([2., 0.])
    """
    G = _conductance_array(G)
    M = G.shape[-1]
    cur = as_real_array(currents, "currents")
    if cur.ndim == 0 or cur.shape[-1] != M:
        raise ValueError(
            f"`currents` must hold one current per terminal ({M}), got shape {cur.shape}."
        )
    ref = _terminal(reference, "reference", M)
    total = cur.sum(axis=-1)
    scale = np.max(np.abs(cur), axis=-1, initial=0.0)
    if np.any(np.abs(total) > 1e-10 * scale + 1e-300):
        raise ValueError(
            f"`currents` must sum to zero (charge is conserved), but they sum to "
            f"{float(np.max(np.abs(total))):.3g}. Give the current leaving through the last "
            "terminal as minus the sum of the others."
        )
    keep = [k for k in range(M) if k != ref]
    G_red = G[..., keep, :][..., :, keep]
    I_red = np.broadcast_to(cur, np.broadcast_shapes(cur.shape, G.shape[:-1]))[..., keep]
    V_red = _solve(G_red, I_red[..., None], "`G` with terminal `reference` grounded")[..., 0]
    V = np.zeros(V_red.shape[:-1] + (M,))
    V[..., keep] = V_red
    return V


def _solve(A, B, what):
    """``A^-1 B`` with a clear error for singular (disconnected) systems.

    For the small matrices here the explicit inverse costs no more than a
    solve and gives the 1-norm condition number for free.
    """
    if A.shape[-1] == 0:  # nothing to solve for (e.g. an empty list of probes)
        return np.zeros(np.broadcast_shapes(A.shape[:-2], B.shape[:-2]) + (0,) + B.shape[-1:])
    try:
        inverse = np.linalg.inv(A)
    except np.linalg.LinAlgError:
        inverse = None
    if inverse is not None:
        with np.errstate(all="ignore"):
            cond = np.abs(A).sum(axis=-2).max(axis=-1) * np.abs(inverse).sum(axis=-2).max(axis=-1)
        if np.all(np.isfinite(cond)) and np.all(cond < 1e14):
            return inverse @ B
    raise ValueError(
        f"The linear system for {what} is singular: some terminal (or group of "
        "terminals) is not connected to the others, so its voltage is undefined. "
        "Check the transmissions into and out of it."
    )


def _probe_split(G, probes):
    M = G.shape[-1]
    probes = _terminal_list(probes, "probes", M)
    if len(probes) >= M - 1:
        raise ValueError(
            f"`probes` = {probes} leaves {M - len(probes)} terminal(s) of {M}: at least two "
            "terminals must carry current."
        )
    rest = [k for k in range(M) if k not in probes]
    return probes, rest


def _schur(G, probes, rest):
    """Blocks of G and the probe block with exactly decoupled probes made regular."""
    Grr = G[..., rest, :][..., :, rest]
    Grp = G[..., rest, :][..., :, probes]
    Gpr = G[..., probes, :][..., :, rest]
    Gpp = np.array(G[..., probes, :][..., :, probes])
    scale = np.max(np.abs(G), axis=(-2, -1), keepdims=True)
    coupling = np.abs(np.diagonal(Gpp, axis1=-2, axis2=-1))  # sum of its transmissions
    decoupled = coupling <= _DECOUPLED * scale[..., 0]
    if np.any(decoupled):
        # A probe with no transmission in or out carries no current whatever its
        # voltage: give it a unit diagonal so the solve is regular; its coupling
        # blocks are (within round-off) zero, so it drops out of the result.
        P = len(probes)
        eye = np.eye(P, dtype=bool)
        mask_row = decoupled[..., :, None]
        mask_col = decoupled[..., None, :]
        Gpp = np.where(mask_row | mask_col, np.where(eye, 1.0, 0.0), Gpp)
        Grp = np.where(mask_col, 0.0, Grp)
        Gpr = np.where(mask_row, 0.0, Gpr)
    return Grr, Grp, Gpr, Gpp, decoupled


def eliminate_floating_probes(G, probes):
    """Conductance matrix of the other terminals when ``probes`` float.

    With the probes ``p`` drawing no net current, ``0 = G_pr V_r + G_pp V_p``
    fixes their voltages and the currents of the remaining terminals ``r``
    obey ``I_r = G_eff V_r`` with the Schur complement

    .. math:: G_\\mathrm{eff} = G_{rr} - G_{rp}\\, G_{pp}^{-1} G_{pr}.

    All probes are eliminated at once.  A probe with no transmission in or
    out (coupling zero; in practice, a diagonal element below 1e-14 of the
    largest entry of ``G``) does nothing and is dropped.

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix.
    probes : int or sequence of int
        Indices of the floating terminals.

    Returns
    -------
    ndarray, shape (..., M - P, M - P)
        ``G_eff`` for the remaining terminals in increasing index order, same
        unit as ``G``.  Its rows and columns still sum to zero.

    Raises
    ------
    ValueError
        Bad or repeated probe index, fewer than two terminals left, or a group
        of probes connected only among themselves (voltage undefined).

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    Terminal 2 is a floating probe coupled equally to 0 and 1, with no direct
    transmission 0 -> 1: the probe passes on half of what it receives.

    >>> T = [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    >>> eliminate_floating_probes(conductance_matrix(T, unit="G0"), [2])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    G = _conductance_array(G)
    probes, rest = _probe_split(G, probes)
    Grr, Grp, Gpr, Gpp, _ = _schur(G, probes, rest)
    return Grr - Grp @ _solve(Gpp, Gpr, "the floating probes of `G`")


def probe_voltages(G, probes, voltages):
    """Voltages the floating ``probes`` settle at, given the other terminals' voltages.

    .. math:: V_p = -G_{pp}^{-1} G_{pr} V_r .

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix.
    probes : int or sequence of int
        Indices of the floating terminals.
    voltages : array_like, shape (..., M - P)
        Voltages of the *other* terminals, in increasing index order.

    Returns
    -------
    ndarray, shape (..., P)
        Probe voltages in the unit of ``voltages``, in the order of ``probes``.

    Raises
    ------
    ValueError
        As :func:`eliminate_floating_probes`, and for a probe with no
        coupling at all (its voltage is undefined).

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> T = [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    >>> G = conductance_matrix(T)
    >>> probe_voltages(G, [2], [1.0, 0.0])
    array([0.5])
    """
    G = _conductance_array(G)
    probes, rest = _probe_split(G, probes)
    V = as_real_array(voltages, "voltages")
    if V.ndim == 0 or V.shape[-1] != len(rest):
        raise ValueError(
            f"`voltages` must hold the voltages of the {len(rest)} terminals not in `probes`, "
            f"{rest} (in that order), got shape {V.shape}."
        )
    Grr, Grp, Gpr, Gpp, decoupled = _schur(G, probes, rest)
    if np.any(decoupled):
        k = int(np.argwhere(decoupled)[0][-1])
        raise ValueError(
            f"Probe {probes[k]} has no transmission to or from any terminal in `G`, so its voltage "
            "is undefined. Give it a nonzero coupling."
        )
    rhs = -np.einsum("...ij,...j->...i", Gpr, V)[..., None]
    return _solve(Gpp, rhs, "the floating probes of `G`")[..., 0]


def effective_transmission(T, source, drain, probes=None, channels=None):
    """Two-terminal transmission from ``source`` to ``drain`` with probes floating.

    The probes' conductance is folded into the effective two-terminal
    conductance ``G = (g_s e^2/h) T_eff``.  For one probe ``f``:

    .. math:: T_\\mathrm{eff} = T_{21} + \\frac{T_{f1} T_{2f}}{T_{1f} + T_{2f}}

    (source 1, drain 2): the direct path plus the share of the electrons
    absorbed by the probe that it re-emits towards the drain.  Any number of
    probes is handled by one Schur complement.

    Parameters
    ----------
    T : array_like, shape (..., M, M)
        Transmission matrix (``T[i, j]`` from ``j`` into ``i``).
    source, drain : int
        The two current-carrying terminals.
    probes : sequence of int, optional
        Floating probes.  Default: every other terminal.  Every terminal must
        be the source, the drain or a probe.
    channels : array_like, shape (M,), optional
        Channel numbers; if given, the full sum rules are checked (see
        :func:`conductance_matrix`).

    Returns
    -------
    ndarray, shape (...)
        ``T_eff`` (dimensionless, between 0 and min(N_source, N_drain)).
        It is the same from drain to source (two-terminal reciprocity).

    Raises
    ------
    ValueError
        ``source == drain``, an index out of range, a terminal left out, or
        an input breaking the sum rules.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> T = [[0.0, 0.2, 0.3], [0.2, 0.0, 0.4], [0.3, 0.4, 0.0]]
    >>> float(effective_transmission(T, 0, 1, [2]))  # 0.2 + 0.3 * 0.4 / 0.7
    0.371428571429
    """
    T = _transmission_array(T)
    M = T.shape[-1]
    source = _terminal(source, "source", M)
    drain = _terminal(drain, "drain", M)
    if source == drain:
        raise ValueError(f"`source` and `drain` must differ, both are {source}.")
    if probes is None:
        probes = [k for k in range(M) if k not in (source, drain)]
    probes = _terminal_list(probes, "probes", M)
    if source in probes or drain in probes:
        raise ValueError(
            f"`probes` = {probes} must not contain the `source` ({source}) or the `drain` ({drain})."
        )
    missing = sorted(set(range(M)) - set(probes) - {source, drain})
    if missing:
        raise ValueError(
            f"Terminal(s) {missing} are neither source, drain nor probe. List them in `probes` "
            "(floating), or remove them from `T`."
        )
    G = conductance_matrix(T, channels, spin_degeneracy=1, unit="e^2/h")
    if probes:
        G = eliminate_floating_probes(G, probes)
    rest = [k for k in range(M) if k not in probes]
    return unwrap_0d(-G[..., rest.index(drain), rest.index(source)])


# ----------------------------------------------------------------------------
# resistances
# ----------------------------------------------------------------------------


def four_terminal_resistance(G, i, j, k, l):  # noqa: E741
    """Four-terminal resistance ``R_ij,kl = (V_k - V_l) / I``.

    A current ``I`` enters at terminal ``i`` and leaves at ``j``; every other
    terminal floats (draws no current); the voltage is measured between
    ``k`` and ``l``.

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix (siemens for a result in ohms).
    i, j : int
        Current source and sink, ``i != j``.
    k, l : int
        Voltage terminals (any, possibly equal to ``i`` or ``j``).

    Returns
    -------
    ndarray, shape (...)
        ``R_ij,kl`` in the inverse unit of ``G`` (ohm for siemens).  It can
        be negative.  Reciprocity (Büttiker 1986): ``R_ij,kl(B) = R_kl,ij(-B)``,
        where reversing the field transposes ``G``.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    One channel of transmission 0.5: the two-terminal resistance is
    ``R0 / 0.5`` in units of ``1/G0``:

    >>> G = conductance_matrix([[0.5, 0.5], [0.5, 0.5]], unit="G0")
    >>> float(four_terminal_resistance(G, 0, 1, 0, 1))
    2.0
    """
    G = _conductance_array(G)
    M = G.shape[-1]
    i, j, k, l = (_terminal(x, n, M) for x, n in zip((i, j, k, l), "ijkl", strict=True))  # noqa: E741
    if i == j:
        raise ValueError(f"The current terminals `i` and `j` must differ, both are {i}.")
    currents = np.zeros(M)
    currents[i], currents[j] = 1.0, -1.0
    V = voltages_from_currents(G, currents, reference=j)
    return unwrap_0d(V[..., k] - V[..., l])


def two_terminal_resistance(G, i, j):
    """Two-terminal resistance between ``i`` and ``j``, all other terminals floating.

    ``R_ij = R_ij,ij = (V_i - V_j) / I``.  With only two terminals this is
    ``1 / G[0, 0]``; with more, the floating terminals act as voltage probes
    (they draw no net current).

    Parameters
    ----------
    G : array_like, shape (..., M, M)
        Conductance matrix from :func:`conductance_matrix` (a transmission
        matrix is refused with a hint: convert it first).
    i, j : int
        The two terminals.

    Returns
    -------
    ndarray, shape (...)
        Resistance in the inverse unit of ``G`` (ohm for siemens); > 0.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> G = conductance_matrix([[0.0, 1.0], [1.0, 0.0]])
    >>> round(float(two_terminal_resistance(G, 0, 1) / R0), 12)
    1.0
    """
    return four_terminal_resistance(G, i, j, i, j)


def hall_resistance(G, *, position="left"):
    """Hall resistance of a 4- or 6-terminal Hall bar.

    ``R_xy = (V_lower - V_upper) / I`` with ``I`` from the source to the
    drain: ``R_03,15`` (``position='left'``) or ``R_03,24``
    (``position='right'``) for 6 terminals, ``R_02,13`` for 4.

    Parameters
    ----------
    G : array_like, shape (..., 4, 4) or (..., 6, 6)
        Conductance matrix in the numbering below.
    position : {'left', 'right'}, optional
        Which pair of side probes of a 6-terminal bar (ignored for 4).

    Returns
    -------
    ndarray, shape (...)
        ``R_xy`` in the inverse unit of ``G`` (ohm for siemens).  With ``nu``
        ideal spin-resolved edge channels running counterclockwise
        (``T[(i + 1) % M, i] = nu``, carriers from the source follow the
        lower edge) it is ``+h/(nu e^2)``; reversing the field flips its sign.

    Notes
    -----
    Terminal numbering (counterclockwise around the bar, seen from above):

    * 6 terminals: 0 = source (left end), 1 = lower-left, 2 = lower-right,
      3 = drain (right end), 4 = upper-right, 5 = upper-left.
    * 4 terminals (Hall cross): 0 = source (left), 1 = lower, 2 = drain (right),
      3 = upper.

    Current flows from the source to the drain.  This definition, numbering
    and sign are the course's one convention for the Hall resistance: the
    lattice Hall bar (:mod:`qtransport.tb.hall`) and the plateau values
    (:mod:`qtransport.models.quantum_hall`) refer to it.

    References
    ----------
    M. Büttiker, Phys. Rev. B 38, 9375 (1988); course chapter 6.

    Examples
    --------
    Two ideal edge channels (filling factor 2), spin resolved:

    >>> from qtransport.constants import R_K
    >>> T = 2.0 * np.roll(np.eye(6), 1, axis=0)  # T[(i + 1) % 6, i] = 2
    >>> G = conductance_matrix(T, spin_degeneracy=1)
    >>> round(float(hall_resistance(G) / R_K), 12)
    0.5
    """
    G = _conductance_array(G)
    M = G.shape[-1]
    check_choice(position, "position", ("left", "right"))
    if M == 6:
        lower, upper = (1, 5) if position == "left" else (2, 4)
        return four_terminal_resistance(G, 0, 3, lower, upper)
    if M == 4:
        return four_terminal_resistance(G, 0, 2, 1, 3)
    raise ValueError(f"`G` must describe a 4- or 6-terminal Hall bar, got {M} terminals.")


def longitudinal_resistance(G, *, side="lower"):
    """Longitudinal resistance of a 6-terminal Hall bar.

    ``R_xx = R_03,12 = (V_1 - V_2) / I`` (``side='lower'``) or
    ``R_03,54 = (V_5 - V_4) / I`` (``side='upper'``).

    Parameters
    ----------
    G : array_like, shape (..., 6, 6)
        Conductance matrix in the numbering below.
    side : {'lower', 'upper'}, optional
        Which edge the two voltage probes sit on.

    Returns
    -------
    ndarray, shape (...)
        ``R_xx`` in the inverse unit of ``G`` (ohm for siemens); zero on a
        quantum Hall plateau.

    Notes
    -----
    Terminal numbering (counterclockwise around the bar, seen from above):

    * 6 terminals: 0 = source (left end), 1 = lower-left, 2 = lower-right,
      3 = drain (right end), 4 = upper-right, 5 = upper-left.
    * 4 terminals (Hall cross): 0 = source (left), 1 = lower, 2 = drain (right),
      3 = upper.

    Current flows from the source to the drain.

    References
    ----------
    M. Büttiker, Phys. Rev. B 38, 9375 (1988); course chapter 6.

    Examples
    --------
    >>> T = 2.0 * np.roll(np.eye(6), 1, axis=0)
    >>> float(longitudinal_resistance(conductance_matrix(T, spin_degeneracy=1)))
    0.0
    """
    G = _conductance_array(G)
    M = G.shape[-1]
    check_choice(side, "side", ("lower", "upper"))
    if M != 6:
        raise ValueError(
            f"`G` must describe a 6-terminal Hall bar (two probes on one side), got {M} terminals."
        )
    k, l = (1, 2) if side == "lower" else (5, 4)  # noqa: E741
    return four_terminal_resistance(G, 0, 3, k, l)


def contact_resistance(n_channels, *, spin_degeneracy=2):
    """Contact resistance ``h / (g_s N e^2)`` of ``N`` perfect channels.

    Even a perfect ballistic conductor has a finite two-terminal resistance:
    the reservoirs feed only ``N`` channels.

    Parameters
    ----------
    n_channels : array_like of int
        Number of open channels ``N`` (>= 1).
    spin_degeneracy : int, optional
        ``g_s`` (2 by default).

    Returns
    -------
    float or ndarray
        Resistance in ohms; ``R0 = h/(2e^2)`` (about 12.906 kOhm) for one
        spin-degenerate channel.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> round(float(contact_resistance(1)), 1)
    12906.4
    >>> round(float(contact_resistance(2, spin_degeneracy=1)), 1)
    12906.4
    """
    N = as_real_array(refuse_bool(n_channels, "n_channels"), "n_channels")
    if np.any(N < 1) or np.any(N != np.round(N)):
        raise ValueError(f"`n_channels` must be whole numbers >= 1, got {n_channels!r}.")
    return unwrap_0d(1.0 / (conductance_quantum(spin_degeneracy, "S") * N))


def _transmission_for_resistance(T):
    T = check_probability(T, "T")
    return T


def two_probe_resistance(T, *, spin_degeneracy=2):
    """Two-probe resistance ``R_2T = (h / g_s e^2) / T`` of one channel.

    Parameters
    ----------
    T : array_like
        Transmission of the single channel, in [0, 1].
    spin_degeneracy : int, optional
        ``g_s`` (2 by default: ``R_2T = (h/2e^2) / T``).

    Returns
    -------
    float or ndarray
        Resistance in ohms; ``inf`` where ``T = 0``.  It is the contact
        resistance plus the four-probe resistance of the scatterer.

    References
    ----------
    M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
    (1988); course chapter 5.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> float(two_probe_resistance(0.25) / R0)
    4.0
    """
    T = _transmission_for_resistance(T)
    with np.errstate(divide="ignore"):
        return unwrap_0d(
            np.where(T > 0, 1.0 / (conductance_quantum(spin_degeneracy, "S") * T), np.inf)
        )


def four_probe_resistance(T, *, spin_degeneracy=2):
    """Four-probe resistance ``R_4T = (h / g_s e^2) (1 - T) / T`` of one channel.

    The resistance of the scatterer alone, measured by non-invasive voltage
    probes on either side (they draw no current and couple equally to
    electrons moving in both directions): reflection over transmission.

    Parameters
    ----------
    T : array_like
        Transmission of the single channel, in [0, 1].
    spin_degeneracy : int, optional
        ``g_s`` (2 by default).

    Returns
    -------
    float or ndarray
        Resistance in ohms; ``0`` for ``T = 1`` (a perfect conductor has no
        intrinsic resistance), ``inf`` for ``T = 0``.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); M. Büttiker, IBM J. Res.
    Dev. 32, 317 (1988).  Course chapter 5; checked against the full
    four-terminal solve of :func:`qtransport.models.probes.wire_with_two_probes` in the weak-coupling
    limit.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> float(four_probe_resistance(0.25) / R0)
    3.0
    """
    T = _transmission_for_resistance(T)
    with np.errstate(divide="ignore"):
        q = conductance_quantum(spin_degeneracy, "S")
        return unwrap_0d(np.where(T > 0, (1.0 - T) / (q * np.where(T > 0, T, 1.0)), np.inf))
