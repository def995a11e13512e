r"""Scattering matrices of two-terminal conductors and their composition.

A two-terminal scatterer with ``n_left`` channels in the left lead and
``n_right`` in the right lead maps incoming amplitudes to outgoing ones,

.. math::

    \begin{pmatrix} b_L \\ b_R \end{pmatrix}
    = S \begin{pmatrix} a_L \\ a_R \end{pmatrix},
    \qquad
    S = \begin{pmatrix} r & t' \\ t & r' \end{pmatrix},

with the blocks

* ``r``  (``n_left x n_left``): reflection back into the left lead,
* ``t``  (``n_right x n_left``): transmission from left to right,
* ``t'`` (``n_left x n_right``): transmission from right to left,
* ``r'`` (``n_right x n_right``): reflection back into the right lead.

The left channels come first in every row and column.  Current conservation
makes ``S`` unitary, ``S^dagger S = 1``, and the total transmission is
``T = Tr(t^dagger t)``, the sum of the transmission eigenvalues (the
eigenvalues of ``t^dagger t``, each in [0, 1]).  Unitarity alone gives
``Tr(t^dagger t) = Tr(t'^dagger t')``: as much goes from left to right as
from right to left.

Arrays follow the course layout: matrices trail, so ``S`` has shape
``(..., N, N)`` and a whole energy sweep is handled in one call.

Two scatterers in series compose by :func:`star_product`; any network of
them, loops included, by :func:`network_smatrix`, which also builds the
junctions of voltage probes (:func:`beam_splitter_smatrix`,
:func:`directional_probe_smatrix`) into the devices of
:mod:`qtransport.models.probes`.

Reference: chapter 2 (the scattering matrix) and chapter 4 (composition,
Fabry-Pérot resonance) of the course; S. Datta, *Electronic Transport in
Mesoscopic Systems* (Cambridge, 1995), sections 3.1-3.2.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_complex_array,
    as_real_array,
    check_count,
    check_flag,
    check_integer,
    check_probability,
    check_scalar,
    check_sequence,
    check_size,
    check_square,
    unwrap_0d,
)

__all__ = [
    "SMatrixBlocks",
    "ComposedSMatrix",
    "smatrix_blocks",
    "smatrix_from_blocks",
    "is_unitary",
    "check_unitary",
    "smatrix_transmission",
    "smatrix_transmission_eigenvalues",
    "star_product",
    "barrier_smatrix",
    "free_propagation",
    "fabry_perot_transmission",
    "fabry_perot_average",
    "network_smatrix",
    "beam_splitter_smatrix",
    "directional_probe_smatrix",
]


class SMatrixBlocks(NamedTuple):
    """The four blocks of ``S = [[r, t'], [t, r']]``.

    Attributes
    ----------
    r : ndarray, shape (..., n_left, n_left)
        Reflection amplitudes of waves coming from the left.
    t_prime : ndarray, shape (..., n_left, n_right)
        Transmission amplitudes from right to left (``t'``).
    t : ndarray, shape (..., n_right, n_left)
        Transmission amplitudes from left to right.
    r_prime : ndarray, shape (..., n_right, n_right)
        Reflection amplitudes of waves coming from the right (``r'``).
    """

    r: np.ndarray
    t_prime: np.ndarray
    t: np.ndarray
    r_prime: np.ndarray


class ComposedSMatrix(NamedTuple):
    """Result of :func:`star_product`: the combined matrix and its left channel count.

    Attributes
    ----------
    S : ndarray, shape (..., N, N)
        Scattering matrix of the two scatterers in series (complex,
        dimensionless), left channels first.
    n_left : int
        Number of channels of its left lead (those of the first scatterer),
        to be passed on to :func:`smatrix_transmission` or a further :func:`star_product`.
    """

    S: np.ndarray
    n_left: int


def _split(S, n_left, name="S", n_left_name="n_left"):
    """Validate ``S`` (square, finite) and ``n_left``; return the array and both counts."""
    S = check_square(S, name)
    n = S.shape[-1]
    n_left = check_integer(n_left, n_left_name, minimum=0)
    if n_left > n:
        raise ValueError(
            f"`{n_left_name}` = {n_left} exceeds the size of `{name}` ({n} channels in all); "
            f"it must count the left-lead channels, 0 <= {n_left_name} <= {n}."
        )
    return S, n_left, n - n_left


def _blocks(S, n_left):
    return SMatrixBlocks(
        S[..., :n_left, :n_left],
        S[..., :n_left, n_left:],
        S[..., n_left:, :n_left],
        S[..., n_left:, n_left:],
    )


def _unitarity_deviation(S):
    """Largest entry of ``|S^dagger S - 1|`` for each matrix of the stack."""
    n = S.shape[-1]
    product = np.conj(np.swapaxes(S, -1, -2)) @ S
    if n == 0:
        return np.zeros(S.shape[:-2])
    return np.max(np.abs(product - np.eye(n)), axis=(-2, -1))


def smatrix_blocks(S, n_left):
    """Split a scattering matrix into its blocks ``r, t', t, r'``.

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Scattering matrix (or a stack of them), left channels first.
    n_left : int
        Number of channels of the left lead, ``0 <= n_left <= N``.

    Returns
    -------
    SMatrixBlocks
        Named tuple ``(r, t_prime, t, r_prime)`` of views into ``S`` (complex,
        dimensionless amplitudes); see the module docstring for their meaning.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    >>> S = barrier_smatrix(0.25)
    >>> r, t_prime, t, r_prime = smatrix_blocks(S, 1)
    >>> float(abs(t[0, 0]) ** 2), float(abs(r[0, 0]) ** 2)
    (0.25, 0.75)
    """
    S, n_left, _ = _split(S, n_left)
    return _blocks(S, n_left)


def smatrix_from_blocks(r, t_prime, t, r_prime):
    """Assemble ``S = [[r, t'], [t, r']]`` from its four blocks.

    No unitarity check is made here (an absorbing scatterer is a legal
    non-unitary ``S``); call :func:`check_unitary` on the result if needed.

    Parameters
    ----------
    r : array_like, shape (..., n_left, n_left)
    t_prime : array_like, shape (..., n_left, n_right)
    t : array_like, shape (..., n_right, n_left)
    r_prime : array_like, shape (..., n_right, n_right)
        Blocks as in :class:`SMatrixBlocks`.  Leading axes broadcast.

    Returns
    -------
    ndarray, shape (..., n_left + n_right, n_left + n_right)
        The complex scattering matrix, dimensionless.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    >>> S = smatrix_from_blocks([[0.6]], [[0.8j]], [[0.8j]], [[0.6]])
    >>> is_unitary(S)
    True
    """
    arrays = {}
    for name, block in (("r", r), ("t_prime", t_prime), ("t", t), ("r_prime", r_prime)):
        arr = as_complex_array(block, name)
        if arr.ndim < 2:
            raise ValueError(
                f"`{name}` must be a matrix (shape (..., rows, columns)), got shape {arr.shape}."
            )
        arrays[name] = arr
    n_left = arrays["r"].shape[-1]
    n_right = arrays["r_prime"].shape[-1]
    expected = {
        "r": (n_left, n_left),
        "t_prime": (n_left, n_right),
        "t": (n_right, n_left),
        "r_prime": (n_right, n_right),
    }
    for name, shape in expected.items():
        if arrays[name].shape[-2:] != shape:
            raise ValueError(
                f"`{name}` has matrix shape {arrays[name].shape[-2:]}, but `r` and `r_prime` "
                f"imply {shape} (n_left = {n_left}, n_right = {n_right})."
            )
    lead = np.broadcast_shapes(*(a.shape[:-2] for a in arrays.values()))
    S = np.empty((*lead, n_left + n_right, n_left + n_right), dtype=complex)
    S[..., :n_left, :n_left] = arrays["r"]
    S[..., :n_left, n_left:] = arrays["t_prime"]
    S[..., n_left:, :n_left] = arrays["t"]
    S[..., n_left:, n_left:] = arrays["r_prime"]
    return S


def is_unitary(S, atol=1e-10):
    """Whether every matrix of the stack ``S`` satisfies ``S^dagger S = 1``.

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Matrix or stack of matrices.
    atol : float, optional
        Largest tolerated entry of ``|S^dagger S - 1|``.

    Returns
    -------
    bool

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    >>> is_unitary([[0, 1], [1, 0]])
    True
    >>> is_unitary([[0.5, 0.5], [0.5, 0.5]])
    False
    """
    S = check_square(S, "S")
    atol = check_scalar(atol, "atol", nonnegative=True)
    return bool(np.all(_unitarity_deviation(S) <= atol))


def check_unitary(S, *, atol=1e-10, name="S"):
    """Return ``S`` as a complex array, or raise if it is not unitary.

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Matrix or stack of matrices.
    atol : float, optional
        Largest tolerated entry of ``|S^dagger S - 1|``.
    name : str, optional
        Name used in the error message.

    Returns
    -------
    ndarray, shape (..., N, N)
        ``S`` as a complex array.

    Raises
    ------
    ValueError
        If ``S`` is not square, contains NaN, or deviates from unitarity by
        more than ``atol``; the message gives the deviation and where it is.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    >>> check_unitary([[1, 0], [0, 2]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: `S` is not unitary: max |S^dagger S - 1| = 3 > atol = 1e-10...
    """
    if not isinstance(name, str):
        raise TypeError(f"`name` must be the text to show for the matrix in messages, got {name!r}.")
    S = check_square(S, name)
    atol = check_scalar(atol, "atol", nonnegative=True)
    deviation = _unitarity_deviation(S)
    if np.any(deviation > atol):
        worst = np.unravel_index(np.argmax(deviation), deviation.shape) if deviation.ndim else ()
        where = f" (worst at index {tuple(int(i) for i in worst)})" if worst else ""
        raise ValueError(
            f"`{name}` is not unitary: max |S^dagger S - 1| = {np.max(deviation):.3g} > "
            f"atol = {atol:.3g}{where}. Probability is not conserved; check how the matrix "
            f"was built, or pass a larger `atol` if the deviation is round-off."
        )
    return S


def smatrix_transmission(S, n_left, *, check=True, atol=1e-10):
    """Total left-to-right transmission ``T = Tr(t^dagger t)`` of a scattering matrix.

    .. math:: T = \\mathrm{Tr}(t^\\dagger t) = \\sum_{m, n} |t_{mn}|^2

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Scattering matrix or a stack of them (e.g. one per energy).
    n_left : int
        Number of left-lead channels (the first ``n_left`` rows/columns).
    check : bool, optional
        Check unitarity first (default).  Turn off for absorbing scatterers.
    atol : float, optional
        Tolerance of the unitarity check.

    Returns
    -------
    float or ndarray, shape (...)
        Transmission, dimensionless, between 0 and ``min(n_left, n_right)``
        for a unitary ``S``.  By unitarity it equals the right-to-left
        transmission ``Tr(t'^dagger t')``.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    >>> round(float(smatrix_transmission(barrier_smatrix(0.3), 1)), 12)
    0.3
    >>> smatrix_transmission(barrier_smatrix([0.1, 0.5, 1.0]), 1)
    array([0.1, 0.5, 1. ])
    """
    S, n_left, _ = _split(S, n_left)
    if check_flag(check, "check"):
        check_unitary(S, atol=atol)
    t = _blocks(S, n_left).t
    out = np.sum(t.real**2 + t.imag**2, axis=(-2, -1))
    return unwrap_0d(out)


def smatrix_transmission_eigenvalues(S, n_left, *, check=True, atol=1e-10):
    """Transmission eigenvalues: the eigenvalues of ``t^dagger t``, ascending.

    Parameters
    ----------
    S : array_like, shape (..., N, N)
        Scattering matrix or a stack of them.
    n_left : int
        Number of left-lead channels.
    check : bool, optional
        Check unitarity first (default).
    atol : float, optional
        Tolerance of the unitarity check.

    Returns
    -------
    ndarray, shape (..., n_left)
        The ``n_left`` eigenvalues ``T_n`` of ``t^dagger t`` in ascending
        order, each in [0, 1] (values above 1 by no more than ``atol``, i.e.
        round-off, are set to 1).  At most
        ``min(n_left, n_right)`` are non-zero; they sum to
        :func:`smatrix_transmission`.

    Notes
    -----
    Computed as the squared singular values of ``t``, which keeps small
    eigenvalues accurate to round-off relative to the largest one.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 2.

    Examples
    --------
    Two channels behind a barrier of transmission 0.3 and a ballistic one:

    >>> B = barrier_smatrix(0.3)
    >>> S = smatrix_from_blocks(
    ...     np.diag([B[0, 0], 0]), np.diag([B[0, 1], 1]), np.diag([B[1, 0], 1]), np.diag([B[1, 1], 0])
    ... )
    >>> smatrix_transmission_eigenvalues(S, 2).round(12)
    array([0.3, 1. ])
    """
    S, n_left, n_right = _split(S, n_left)
    atol = check_scalar(atol, "atol", nonnegative=True)
    if check_flag(check, "check"):
        check_unitary(S, atol=atol)
    t = _blocks(S, n_left).t
    k = min(n_left, n_right)
    values = np.zeros((*S.shape[:-2], n_left))
    if k > 0:
        sigma = np.linalg.svd(t, compute_uv=False)
        values[..., n_left - k :] = np.sort(sigma**2, axis=-1)
    return np.where((values > 1.0) & (values <= 1.0 + atol), 1.0, values)


def _star_checked(S1, S2, n_left_1, n_left_2, check, atol):
    S1, n1l, n1r = _split(S1, n_left_1, "S1", "n_left_1")
    if n_left_2 is None:
        n_left_2 = n1r
    S2, n2l, n2r = _split(S2, n_left_2, "S2", "n_left_2")
    if n1r != n2l:
        raise ValueError(
            f"`S1` has {n1r} right-lead channels but `S2` has {n2l} left-lead channels "
            f"(`n_left_2` = {n2l}); in a series connection they must be the same."
        )
    if check_flag(check, "check"):
        check_unitary(S1, atol=atol, name="S1")
        check_unitary(S2, atol=atol, name="S2")
    try:
        np.broadcast_shapes(S1.shape[:-2], S2.shape[:-2])
    except ValueError:
        raise ValueError(
            f"The stacks `S1` {S1.shape} and `S2` {S2.shape} have leading axes that do not "
            f"broadcast against each other."
        ) from None
    return S1, S2, n1l, n1r, n2r


def star_product(S1, S2, n_left_1, n_left_2=None, *, check=True, atol=1e-10):
    r"""Combine two scatterers in series: ``S1`` on the left, ``S2`` on the right.

    With ``S_i = [[r_i, t_i'], [t_i, r_i']]`` and the multiple-reflection
    factor ``M = (1 - r_1' r_2)^{-1}``, summing all paths bouncing between the
    two gives

    .. math::

        t   &= t_2 M t_1, &\qquad r  &= r_1 + t_1' r_2 M t_1, \\
        r'  &= r_2' + t_2 M r_1' t_2', &\qquad t' &= t_1' (1 - r_2 r_1')^{-1} t_2'.

    The right lead of ``S1`` is the left lead of ``S2``: their channel
    numbers must match.  The result has the left lead of ``S1`` and the
    right lead of ``S2``.

    Parameters
    ----------
    S1 : array_like, shape (..., N1, N1)
        Left scatterer.
    S2 : array_like, shape (..., N2, N2)
        Right scatterer.  Leading axes broadcast with those of ``S1``.
    n_left_1 : int
        Left-lead channels of ``S1``.
    n_left_2 : int, optional
        Left-lead channels of ``S2``; must equal ``N1 - n_left_1``.
        Inferred when omitted.
    check : bool, optional
        Check that both inputs are unitary (default).  The formula itself
        holds for non-unitary (absorbing) scatterers too.
    atol : float, optional
        Tolerance of the unitarity check.

    Returns
    -------
    ComposedSMatrix
        Named tuple ``(S, n_left)``: the combined matrix, shape
        ``(..., n_left_1 + n_right_2, n_left_1 + n_right_2)``, and its number
        of left-lead channels ``n_left_1``.

    Raises
    ------
    ValueError
        If the channel numbers do not match, an input is not unitary, or the
        two scatterers trap a bound state (``1 - r_1' r_2`` singular).

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (1995), sec. 3.2.

    Examples
    --------
    Two identical barriers with a round-trip phase of zero resonate:

    >>> B = barrier_smatrix(0.2)
    >>> S, n = star_product(B, B, 1, 1)
    >>> round(float(smatrix_transmission(S, n)), 12)
    1.0
    """
    S1, S2, n1l, n1r, n2r = _star_checked(S1, S2, n_left_1, n_left_2, check, atol)
    r1, t1p, t1, r1p = _blocks(S1, n1l)
    r2, t2p, t2, r2p = _blocks(S2, n1r)
    lead = np.broadcast_shapes(S1.shape[:-2], S2.shape[:-2])

    def full(x):
        return np.broadcast_to(x, (*lead, *x.shape[-2:]))

    # One solve gives both products M t1 and M r1' t2', M = (1 - r1' r2)^-1.
    A = full(np.eye(n1r) - r1p @ r2)
    rhs = np.concatenate([full(t1), full(r1p @ t2p)], axis=-1)
    if n1r == 0:
        X = rhs
    else:
        with np.errstate(all="ignore"):
            try:
                X = np.linalg.solve(A, rhs)
            except np.linalg.LinAlgError:
                X = None
        if X is None or not np.all(np.isfinite(X)):
            raise ValueError(
                "The two scatterers trap a bound state: 1 - r1' r2 is singular (perfect "
                "reflection on both sides with a resonant phase). Shift the energy or phase "
                "slightly."
            )
    Mt1, Mr1t2 = X[..., :n1l], X[..., n1l:]
    t = full(t2 @ Mt1)
    r = full(r1 + t1p @ (r2 @ Mt1))
    r_p = full(r2p + t2 @ Mr1t2)
    t_p = full(t1p @ t2p + t1p @ (r2 @ Mr1t2))
    return ComposedSMatrix(smatrix_from_blocks(r, t_p, t, r_p), n1l)


def barrier_smatrix(transmission, *, phase=0.0):
    """Single-channel scattering matrix of a symmetric barrier with transmission ``T``.

    .. math::

        S = e^{i\\varphi} \\begin{pmatrix} \\sqrt{R} & i\\sqrt{T} \\\\
                                        i\\sqrt{T} & \\sqrt{R} \\end{pmatrix},
        \\qquad R = 1 - T.

    Convention: at ``phase = 0`` both reflection amplitudes are real and
    positive and both transmission amplitudes are ``i sqrt(T)``.  The
    quarter-period lag of ``t`` behind ``r`` is what any left-right
    symmetric scatterer has (it makes ``S`` unitary with ``r = r'``).
    ``phase`` multiplies the whole matrix by ``exp(i phase)``.  With this
    convention, two barriers joined by :func:`free_propagation` of phase
    ``theta`` have the round-trip phase ``phi = 2 theta + phase_1 + phase_2``
    of :func:`fabry_perot_transmission`.

    Parameters
    ----------
    transmission : array_like
        Transmission probability ``T`` in [0, 1].
    phase : array_like, optional
        Common phase (radians).  Broadcasts with ``transmission``.

    Returns
    -------
    ndarray, shape (..., 2, 2)
        Unitary, symmetric ``S``; channel 0 is the left lead, channel 1 the right.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapters 2 and 4.

    Examples
    --------
    >>> S = barrier_smatrix(0.36)
    >>> S.round(12)
    array([[0.8+0.j , 0. +0.6j],
           [0. +0.6j, 0.8+0.j ]])
    """
    T = check_probability(transmission, "transmission")
    phase = as_real_array(phase, "phase")
    T, phase = np.broadcast_arrays(T, phase)
    rr = np.sqrt(1.0 - T)
    tt = 1j * np.sqrt(T)
    S = np.empty((*T.shape, 2, 2), dtype=complex)
    S[..., 0, 0] = rr
    S[..., 1, 1] = rr
    S[..., 0, 1] = tt
    S[..., 1, 0] = tt
    return S * np.exp(1j * phase)[..., None, None]


def free_propagation(phase, n_channels=1):
    """Scattering matrix of a ballistic segment: every channel passes, gaining ``phase``.

    .. math:: S = \\begin{pmatrix} 0 & e^{i\\theta} 1 \\\\ e^{i\\theta} 1 & 0 \\end{pmatrix}

    Parameters
    ----------
    phase : array_like
        Phase ``theta = k L`` (radians) picked up in one traversal, the same
        for all channels.  An array gives a stack (leading axes).
    n_channels : int, optional
        Channels on each side.

    Returns
    -------
    ndarray, shape (..., 2 n_channels, 2 n_channels)
        Unitary ``S`` with ``n_left = n_channels``; no reflection.

    References
    ----------
    S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 3; course chapter 4.

    Examples
    --------
    >>> free_propagation(np.pi / 2).round(12)
    array([[0.+0.j, 0.+1.j],
           [0.+1.j, 0.+0.j]])
    """
    phase = as_real_array(phase, "phase")
    n = check_size(n_channels, "n_channels", minimum=1, power=2, itemsize=64 * max(phase.size, 1),
                   what="the 2 n_channels x 2 n_channels scattering matrices")
    S = np.zeros((*phase.shape, 2 * n, 2 * n), dtype=complex)
    factor = np.exp(1j * phase)[..., None]
    idx = np.arange(n)
    S[..., idx, n + idx] = factor
    S[..., n + idx, idx] = factor
    return S


def _two_probabilities(T1, T2):
    T1 = check_probability(T1, "T1")
    T2 = check_probability(T2, "T2")
    return np.broadcast_arrays(T1, T2)


def fabry_perot_transmission(T1, T2, phi):
    """Coherent transmission of two barriers in series (a Fabry-Pérot cavity).

    .. math::

        T(\\varphi) = \\frac{T_1 T_2}{1 + R_1 R_2 - 2\\sqrt{R_1 R_2}\\cos\\varphi},
        \\qquad R_i = 1 - T_i,

    where ``phi`` is the phase gained in one round trip between the barriers
    (propagation plus the two reflection phases).  On resonance
    (``phi = 0 mod 2 pi``) ``T = T1 T2 / (1 - sqrt(R1 R2))^2``, which is 1
    when ``T1 = T2``.

    Parameters
    ----------
    T1, T2 : array_like
        Transmission probabilities of the two barriers, in [0, 1].
    phi : array_like
        Round-trip phase (radians).  All three broadcast.

    Returns
    -------
    float or ndarray
        Transmission in [0, 1], dimensionless.  It is 0 when a barrier is
        opaque (``T1 T2 = 0``), including the 0/0 of two perfect mirrors.

    Notes
    -----
    The denominator is evaluated as ``(1 - s)^2 + 4 s sin^2(phi/2)`` with
    ``s = sqrt(R1 R2)``, which keeps full precision near resonance.

    References
    ----------
    M. Büttiker, IBM J. Res. Dev. 32, 63 (1988), coherent and sequential
    tunnelling through series barriers; course chapter 4.

    Examples
    --------
    >>> float(fabry_perot_transmission(0.1, 0.1, 0.0))
    1.0
    >>> round(float(fabry_perot_transmission(0.1, 0.1, np.pi)), 6)
    0.002770
    """
    T1, T2 = _two_probabilities(T1, T2)
    phi = as_real_array(phi, "phi")
    T1, T2, phi = np.broadcast_arrays(T1, T2, phi)
    s = np.sqrt((1.0 - T1) * (1.0 - T2))
    denominator = (1.0 - s) ** 2 + 4.0 * s * np.sin(phi / 2.0) ** 2
    numerator = T1 * T2
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(numerator > 0, numerator / np.where(numerator > 0, denominator, 1.0), 0.0)
    out = np.clip(out, 0.0, 1.0)
    return unwrap_0d(out)


def fabry_perot_average(T1, T2):
    """Transmission of two barriers averaged over the round-trip phase.

    .. math::

        \\langle T \\rangle_\\varphi = \\frac{1}{2\\pi}\\int_0^{2\\pi} T(\\varphi)\\, d\\varphi
        = \\frac{T_1 T_2}{T_1 + T_2 - T_1 T_2}.

    Equivalently ``(1 - T)/T = (1 - T1)/T1 + (1 - T2)/T2``: with phase
    coherence lost, the "reflection resistances" of the barriers add like
    classical series resistors (Ohm's law).

    Parameters
    ----------
    T1, T2 : array_like
        Transmission probabilities in [0, 1]; they broadcast.

    Returns
    -------
    float or ndarray
        Phase-averaged transmission in [0, 1] (0 if either barrier is opaque).

    References
    ----------
    M. Büttiker, IBM J. Res. Dev. 32, 63 (1988); course chapter 4.

    Examples
    --------
    >>> round(float(fabry_perot_average(0.5, 0.5)), 12)
    0.333333333333
    """
    T1, T2 = _two_probabilities(T1, T2)
    numerator = T1 * T2
    denominator = T1 + T2 - numerator
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(numerator > 0, numerator / np.where(numerator > 0, denominator, 1.0), 0.0)
    return unwrap_0d(out)


# ----------------------------------------------------------------------------
# networks of scattering matrices, and the junctions of probes
# ----------------------------------------------------------------------------


def network_smatrix(components, connections, *, phases=None):
    """Scattering matrix of a network of components joined by ideal single-channel bonds.

    The ports of all components are numbered globally in order (component 0
    first).  Each connection ``(p, q)`` joins the outgoing wave of port ``p``
    to the incoming wave of port ``q`` and vice versa, multiplying it by
    ``exp(i phase)`` on the way (the one-way phase of the bond).  Ports not
    connected are the external ports of the network.  With ``S_c`` the
    block-diagonal matrix of the components and ``P`` the bond matrix,

    .. math:: S = S_{ee} + S_{ei} (1 - P S_{ii})^{-1} P S_{ie},

    which sums all multiple-scattering paths inside the network at once.

    Parameters
    ----------
    components : sequence of array_like, shapes (..., n_k, n_k)
        Scattering matrices of the components (stack shapes broadcast).
    connections : sequence of (int, int)
        Pairs of global port indices; a port may appear in one pair only.
    phases : sequence of array_like, optional
        One-way phase (radians) of each bond, broadcasting with the stacks.
        Default: all zero.

    Returns
    -------
    ndarray, shape (..., n_ext, n_ext)
        Scattering matrix of the external ports, in increasing global
        order.  Unitary when every component is.

    Raises
    ------
    ValueError
        Bad port indices, or a bound state: a closed loop with no escape at
        this phase (``1 - P S_ii`` singular).

    References
    ----------
    M. Büttiker, Phys. Rev. B 33, 3020 (1986); course chapter 4.

    Examples
    --------
    Two barriers of transmission 0.5 (real reflection amplitude), joined by a
    bond of one-way phase 0, are on resonance:

    >>> b = np.array([[np.sqrt(0.5), 1j * np.sqrt(0.5)], [1j * np.sqrt(0.5), np.sqrt(0.5)]])
    >>> S = network_smatrix([b, b], [(1, 2)])
    >>> round(float(abs(S[1, 0]) ** 2), 12)
    1.0
    """
    for value, name, example in ((components, "components", "[S1, S2]"),
                                 (connections, "connections", "[(1, 2)]")):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise TypeError(f"`{name}` must be a list such as {example}, got {value!r}.")
    mats = [as_complex_array(c, f"components[{k}]") for k, c in enumerate(components)]
    for k, m in enumerate(mats):
        if m.ndim < 2 or m.shape[-1] != m.shape[-2]:
            raise ValueError(
                f"`components[{k}]` must be a square scattering matrix (..., n, n), got shape {m.shape}."
            )
    if not mats:
        raise ValueError("`components` is empty: give at least one scattering matrix.")
    sizes = [m.shape[-1] for m in mats]
    n = sum(sizes)
    connections = [tuple(check_sequence(c, f"connections[{k}]", example="(1, 2)"))
                   for k, c in enumerate(connections)]
    used = []
    for c in connections:
        if len(c) != 2:
            raise ValueError(f"Each entry of `connections` must be a pair of ports, got {c!r}.")
        for p in c:
            try:
                used.append(check_count(p, "connections", minimum=-n, maximum=n - 1) % n)
            except ValueError as exc:
                raise ValueError(f"{exc} (the {len(mats)} `components` have {n} ports in all)") from None
    if len(set(used)) != len(used):
        raise ValueError(
            f"`connections` uses a port twice (or joins a port to itself): {connections}."
        )
    if phases is None:
        phases = [0.0] * len(connections)
    phases = check_sequence(phases, "phases", example="[0.0, 1.2] (one phase per connection)")
    phases = [as_real_array(ph, f"phases[{k}]") for k, ph in enumerate(phases)]
    if len(phases) != len(connections):
        raise ValueError(
            f"`phases` must give one phase per connection ({len(connections)}), got {len(phases)}."
        )
    batch = np.broadcast_shapes(*(m.shape[:-2] for m in mats), *(ph.shape for ph in phases))
    S = np.zeros(batch + (n, n), dtype=complex)
    offset = 0
    for m, size in zip(mats, sizes, strict=True):
        S[..., offset : offset + size, offset : offset + size] = m
        offset += size
    internal = np.array(used, dtype=int)  # pairs (p, q) at positions (2k, 2k + 1)
    external = np.array([p for p in range(n) if p not in set(used)], dtype=int)
    if external.size == 0:
        raise ValueError("The network has no external port left: nothing can scatter in or out.")
    if internal.size == 0:
        return S
    # P X for the bond matrix P (P[2k, 2k+1] = P[2k+1, 2k] = exp(i phase_k)) is a swap
    # of partner rows times the phase: no matrix product needed.
    partner = internal[np.arange(internal.size) ^ 1]
    w = np.stack([np.broadcast_to(np.exp(1j * ph), batch) for ph in phases], axis=-1)
    w = np.repeat(w, 2, axis=-1)[..., :, None]
    P_Sii = w * S[..., partner[:, None], internal[None, :]]
    P_Sie = w * S[..., partner[:, None], external[None, :]]
    Sei = S[..., external[:, None], internal[None, :]]
    See = S[..., external[:, None], external[None, :]]
    loop = np.eye(internal.size) - P_Sii
    try:
        inner = np.linalg.solve(loop, P_Sie)
    except np.linalg.LinAlgError:
        raise ValueError(
            "The network holds a bound state at this phase (a closed loop with no escape), "
            "so its scattering matrix is undefined. Open a barrier slightly or shift the phase."
        ) from None
    return See + Sei @ inner


def beam_splitter_smatrix(coupling):
    """Büttiker's three-port beam splitter joining a voltage probe to a wire.

    Ports: 0 = probe, 1 = wire (left side), 2 = wire (right side).

    .. math::

        S = \\begin{pmatrix} -(a + b) & \\sqrt\\varepsilon & \\sqrt\\varepsilon \\\\
        \\sqrt\\varepsilon & a & b \\\\ \\sqrt\\varepsilon & b & a \\end{pmatrix},
        \\quad a = \\tfrac12(\\sqrt{1 - 2\\varepsilon} - 1),\\
        b = \\tfrac12(\\sqrt{1 - 2\\varepsilon} + 1).

    An electron moving along the wire enters the probe with probability
    ``epsilon``.  The probe couples to the local wave (the coherent sum of
    both directions), so what it absorbs depends on interference.

    Parameters
    ----------
    coupling : array_like
        ``epsilon`` in [0, 1/2] (1/2 is the strongest coupling this
        symmetric, real junction allows).

    Returns
    -------
    ndarray, shape (..., 3, 3)
        Real orthogonal, symmetric scattering matrix (time-reversal
        symmetric).

    References
    ----------
    M. Büttiker, Phys. Rev. B 33, 3020 (1986); IBM J. Res. Dev. 32, 63 (1988).

    Examples
    --------
    >>> S = beam_splitter_smatrix(0.5)
    >>> np.allclose(S @ S.T, np.eye(3))
    True
    """
    eps = check_probability(coupling, "coupling", upper=0.5)
    root = np.sqrt(1.0 - 2.0 * eps)
    a, b, s = 0.5 * (root - 1.0), 0.5 * (root + 1.0), np.sqrt(eps)
    rows = [[-(a + b), s, s], [s, a, b], [s, b, a]]
    return np.stack([np.stack(r, -1) for r in rows], -2)


def directional_probe_smatrix(coupling):
    """Four-port junction coupling a wire to two probe channels, one per direction.

    Ports: 0 = wire left, 1 = wire right, 2 = channel A (right-movers),
    3 = channel B (left-movers).  An electron moving right (entering at port
    0) leaves into A with probability ``epsilon`` and goes on otherwise; A
    re-emits into the right-moving wave.  The same holds for left-movers and
    B.  The junction never backscatters, so a probe built from it senses the
    occupation of each direction without interference:

    .. math::

        S = \\begin{pmatrix} 0 & c & 0 & s \\\\ c & 0 & s & 0 \\\\
        s & 0 & -c & 0 \\\\ 0 & s & 0 & -c \\end{pmatrix},
        \\quad c = \\sqrt{1 - \\varepsilon},\\ s = \\sqrt{\\varepsilon}.

    Parameters
    ----------
    coupling : array_like
        ``epsilon`` in [0, 1]; at 1 every electron passing the junction is
        absorbed and re-emitted by the probe.

    Returns
    -------
    ndarray, shape (..., 4, 4)
        Real orthogonal scattering matrix.  It is not symmetric: re-emission
        in the same direction is a fictitious device (a model of phase
        breaking without backscattering), not a time-reversal symmetric
        junction.

    References
    ----------
    M. Büttiker, Phys. Rev. B 33, 3020 (1986); course chapter 4.

    Examples
    --------
    >>> S = directional_probe_smatrix(0.3)
    >>> np.allclose(S @ S.T, np.eye(4))
    True
    """
    eps = check_probability(coupling, "coupling")
    c, s = np.sqrt(1.0 - eps), np.sqrt(eps)
    z = np.zeros_like(c)
    rows = [[z, c, z, s], [c, z, s, z], [s, z, -c, z], [z, s, z, -c]]
    return np.stack([np.stack(r, -1) for r in rows], -2)
