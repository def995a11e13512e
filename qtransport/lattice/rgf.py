r"""Recursive Green's function (RGF) method on plain arrays.

The scattering region is a chain of ``L`` slices of ``W`` sites with
Hamiltonian blocks

.. math:: H_{xx} = h + \mathrm{diag}(V_x), \qquad H_{x+1,x} = \mathrm{diag}(d),
          \qquad H_{x,x+1} = \mathrm{diag}(d)^\dagger,

coupled at both ends to leads through the self-energies :math:`\Sigma_L`
(on slice 0) and :math:`\Sigma_R` (on slice ``L-1``).  The retarded Green's
function :math:`G = (E - H - \Sigma_L - \Sigma_R)^{-1}` is never built whole:
with :math:`A_x = E - H_{xx}` one adds one slice at a time (MacKinnon 1985;
Lewenkopf & Mucciolo 2013, Sec. 3),

.. math::

    g_0 = (A_0 - \Sigma_L)^{-1}, \qquad
    g_x = \left(A_x - H_{x,x-1}\, g_{x-1}\, H_{x-1,x}\right)^{-1},

where :math:`g_x` is the Green's function of slices ``0 ... x`` (and the left
lead) on its last slice, the "left-connected" one; ``Sigma_R`` joins at the
last slice.  Alongside, the first column of blocks grows as

.. math:: G_{x,0} = g_x\, H_{x,x-1}\, G_{x-1,0},

so the cost is ``L`` inversions and products of ``W x W`` matrices: linear
in ``L``.  The two-terminal transmission is then Caroli's formula (Caroli et
al. 1971; Meir & Wingreen 1992)

.. math:: T = \mathrm{Tr}\left[\Gamma_R\, G_{L-1,0}\, \Gamma_L\, G_{L-1,0}^\dagger\right],
          \qquad \Gamma = i(\Sigma - \Sigma^\dagger).

The "right-connected" functions :math:`g^R_x` (slices ``x ... L-1`` and the
right lead) come from the same recursion run backwards; together they give
every diagonal block,
:math:`G_{xx} = (A_x - \Sigma^{\mathrm{left}}_x - \Sigma^{\mathrm{right}}_x)^{-1}`,
with :math:`\Sigma^\mathrm{left}_x = H_{x,x-1} g_{x-1} H_{x-1,x}` the
self-energy of everything to the left of slice ``x``.

Shapes.  ``energies`` is 1D ``(Ne,)``; ``potential`` is ``(..., L, W)``,
``hopping`` ``(..., W)``, self-energies ``(..., Ne, W, W)``; leading axes
broadcast (disorder realizations, gate values, fields).  Results carry the
broadcast batch shape followed by the energy axis.  Every step is one call of
:func:`numpy.linalg.inv` or ``@`` on the whole stack: no Python loop over
energies or realizations.

Checks.  The arguments the functions share are checked once at their entry,
on whole arrays (no loop over sites): energies real and finite, ``h`` square
and Hermitian, the potential real, every array finite, the shapes consistent
with one another (a message names the arrays that disagree), and the stacks
of matrices small enough for the memory available.  ``h`` and ``d`` may be
complex (a magnetic field: Peierls phases), the potential may not.

References
----------
A. MacKinnon, Z. Phys. B 59, 385 (1985).  C. H. Lewenkopf and E. R.
Mucciolo, J. Comput. Electron. 12, 203 (2013).  C. Caroli, R. Combescot,
P. Nozières and D. Saint-James, J. Phys. C 4, 916 (1971).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_complex_array,
    as_real_array,
    check_count,
    check_elements,
    check_progress,
    check_sequence,
)
from qtransport.lattice._parallel import stack_inverse

__all__ = [
    "broadening",
    "rgf_transmission",
    "rgf_corner_blocks",
    "rgf_connected_self_energies",
    "rgf_diagonal",
]


def broadening(sigma):
    """``Gamma = i (Sigma - Sigma^H)``, the coupling to a lead (Hermitian, >= 0).

    Parameters
    ----------
    sigma : array_like, shape (..., n, n)
        Retarded self-energy (units of ``t``).

    Returns
    -------
    ndarray, shape (..., n, n)
        Broadening matrix (units of ``t``); for a chain ``2t sin k = hbar v / a``.

    Examples
    --------
    >>> broadening(np.array([[-1j]]))
    array([[2.+0.j]])
    """
    return _broadening(_square_stack(sigma, "sigma"))


def _broadening(sigma):
    return 1j * (sigma - np.conj(np.swapaxes(sigma, -1, -2)))


def _square_stack(value, name):
    """``value`` as a finite complex array of square matrices, shape (..., n, n) with n >= 1."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a complex matrix (or a stack of them), got the bool {value!r}.")
    arr = as_complex_array(value, name)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        raise ValueError(
            f"`{name}` must be a square matrix or a stack of them, shape (..., n, n), got shape {arr.shape}."
        )
    return arr


def _real_if_possible(arr):
    """A complex array without imaginary part as a real one (the real code path: results as before)."""
    return arr if np.any(arr.imag) else arr.real.copy()


def _check_inputs(energies, h_slice, hopping, potential, sigma_left, sigma_right, *, copies, per_slice=False):
    """The arguments every RGF function shares, checked once at its entry; returned as arrays.

    All checks are on whole arrays (O(size) work, no loop over sites).
    ``copies`` is how many stacks ``batch + (Ne, W, W)`` of complex numbers
    the function holds at once (with ``per_slice``, that many per slice), for
    the memory estimate.
    """
    if isinstance(energies, (bool, np.bool_)):
        raise TypeError(f"`energies` must be a 1-d array of real energies such as [1.0], got the bool {energies!r}.")
    e = as_real_array(energies, "energies")
    if e.ndim != 1 or e.size == 0:
        raise ValueError(
            f"`energies` must be a 1-d array of at least one real energy, such as [1.0], got shape {e.shape}."
        )
    h = _square_stack(h_slice, "h_slice")
    if h.ndim != 2:
        raise ValueError(f"`h_slice` must be one square matrix (W, W), the Hamiltonian of a slice, got shape {h.shape}.")
    if np.max(np.abs(h - h.conj().T)) > 1e-12 * max(1.0, float(np.max(np.abs(h)))):
        raise ValueError("`h_slice` is not Hermitian: the Hamiltonian of a slice must equal its conjugate transpose.")
    h = _real_if_possible(h)
    w = h.shape[0]
    if isinstance(hopping, (bool, np.bool_)):
        raise TypeError(f"`hopping` must be an array of hoppings, shape (..., W), got the bool {hopping!r}.")
    d = as_complex_array(hopping, "hopping")
    if d.ndim < 1 or d.shape[-1] != w:
        raise ValueError(f"`hopping` must have shape (..., W) with W = {w} (the size of `h_slice`), got shape {d.shape}.")
    d = _real_if_possible(d)
    if isinstance(potential, (bool, np.bool_)):
        raise TypeError(f"`potential` must be an array of on-site energies, got the bool {potential!r}.")
    pot = as_real_array(potential, "potential")
    if pot.ndim < 2 or pot.shape[-1] != w:
        raise ValueError(
            f"`potential` must have shape (..., L, W) with L >= 1 slices and W = {w} (the size of `h_slice`), "
            f"got shape {pot.shape}."
        )
    if pot.shape[-2] == 0:
        raise ValueError("`potential` has no slices (L = 0): give at least one slice, shape (..., L, W) with L >= 1.")
    sigmas = []
    for name, value in (("sigma_left", sigma_left), ("sigma_right", sigma_right)):
        sig = _square_stack(value, name)
        if sig.ndim < 3 or sig.shape[-3:] != (e.size, w, w):
            raise ValueError(
                f"`{name}` must have shape (..., Ne, W, W) with Ne = {e.size} (the length of `energies`) and "
                f"W = {w} (the size of `h_slice`), got shape {sig.shape}."
            )
        sigmas.append(sig)
    shapes = {"hopping": d.shape[:-1], "potential": pot.shape[:-2], "sigma_left": sigmas[0].shape[:-3],
              "sigma_right": sigmas[1].shape[:-3]}
    try:
        batch = np.broadcast_shapes(*shapes.values())
    except ValueError:
        listed = ", ".join(f"`{n}` {s}" for n, s in shapes.items())
        raise ValueError(
            f"the leading (batch) axes of {listed} do not broadcast together: give them matching shapes "
            "(or leave them out)."
        ) from None
    stacks = copies * (pot.shape[-2] if per_slice else 1)
    check_elements(batch + (e.size, w, w), "potential` and `energies", itemsize=16, copies=stacks,
                   what="the stacks of slice Green's functions")
    return e, h, d, pot, sigmas[0], sigmas[1]


def _check_lengths(lengths, n_slices):
    """``lengths`` of the growing wire: None, or whole numbers in 1 ... ``n_slices``."""
    if lengths is None:
        return None
    values = check_sequence(lengths, "lengths", example="[2, 4, 8]")
    if not values:
        raise ValueError("`lengths` is empty: give at least one length, or None for the whole wire.")
    values = [check_count(n, f"lengths[{i}]", minimum=1) for i, n in enumerate(values)]
    if max(values) > n_slices:
        raise ValueError(f"`lengths` must lie in 1 ... {n_slices} (the slices of `potential`), got {list(values)}.")
    return values


def _slice_matrix(m, potential_x):
    """``A_x = m - diag(V_x)`` for a potential row of shape (..., 1, W).

    ``m`` is a temporary: it is modified in place when it already has the
    full broadcast shape.
    """
    shape = np.broadcast_shapes(m.shape, potential_x.shape[:-1] + m.shape[-2:])
    a = m if m.shape == shape else np.array(np.broadcast_to(m, shape))
    idx = np.arange(a.shape[-1])
    a[..., idx, idx] -= potential_x
    return a


def _coupling_factor(d, *, forward=True):
    """``f`` such that ``D g D^H = f * g`` (forward, ``D = diag(d) = H[x+1, x]``).

    Backward it gives ``D^H g D``.  ``d`` has shape (..., 1, W).  Without a
    field ``d = -t`` everywhere and ``f = t^2`` is a number; otherwise ``f``
    is the outer product of the Peierls phases.
    """
    d0 = d.flat[0]
    if np.all(d == d0):
        return abs(d0) ** 2
    left, right = (d, d.conj()) if forward else (d.conj(), d)
    return left[..., :, None] * right[..., None, :]


def _couple(g, d, *, forward=True):
    """``D g D^H`` (forward) or ``D^H g D`` (backward), see :func:`_coupling_factor`."""
    return _coupling_factor(d, forward=forward) * g


def _hop(d, m):
    """``diag(d) @ m`` for a diagonal hopping ``d`` of shape (..., 1, W)."""
    d0 = d.flat[0]
    return d0 * m if np.all(d == d0) else d[..., :, None] * m


def _prepare(energies, h_slice, hopping, potential):
    energies = np.asarray(energies)
    energies = energies.astype(complex if np.iscomplexobj(energies) else float)
    base = energies[:, None, None] * np.eye(h_slice.shape[-1]) - h_slice  # (Ne, W, W)
    pot = np.asarray(potential)[..., None, :, :]  # (..., 1, L, W): energy axis before L
    hop = np.asarray(hopping)[..., None, :]  # (..., 1, W)
    return base, pot, hop


# Imaginary part (times the hopping) given to the energy of the scattering region when a
# factorisation meets an exactly singular matrix: see _regularized().
_SINGULAR_ETA = 1e-14


def _regularized(sweep, energies, scale=1.0):
    r"""``sweep(energies)``, or ``sweep(energies + i eta)`` if a matrix is exactly singular.

    :math:`E - H - \Sigma` is singular only for a state :math:`u` with
    :math:`(E - H - \Sigma)u = 0`, which then obeys :math:`\Gamma_p u = 0` for
    every lead (the imaginary part of :math:`u^\dagger(E - H - \Sigma)u` is
    :math:`u^\dagger\Gamma u / 2`): a state that couples to no open channel,
    such as the uniform state of a clean chain at its band bottom.  The
    sources :math:`\Gamma_p` of the scattering states are orthogonal to it,
    so transmissions and S-matrices stay finite and are the limits from
    either side.  A nearly singular matrix (the same state, with round-off)
    needs nothing; an exactly singular one stops the LU factorisation, and
    the tiny ``eta = 1e-14 * scale`` (given to the scattering region only,
    not to the leads) lets it go through.  It absorbs a fraction of about
    ``eta`` times the dwell time of the electrons: round-off in practice.

    Parameters
    ----------
    sweep : callable
        ``sweep(energies)`` running an RGF function; it may raise
        :class:`numpy.linalg.LinAlgError`.
    energies : ndarray
        Real energies.
    scale : float
        Energy unit (the hopping).

    Returns
    -------
    Whatever ``sweep`` returns.
    """
    try:
        return sweep(energies)
    except np.linalg.LinAlgError:
        return sweep(np.asarray(energies) + 1j * _SINGULAR_ETA * scale)


# Imaginary part (times the hopping) of the probe energy that tells whether wave functions at a
# mode threshold are unique: see _unique_states().
_PROBE_ETA = 1e-10


def _unique_states(compute, energy, scale, where):
    r"""``compute(energy)``, checked against ``compute(energy + i eta)`` where it may not be unique.

    Transmissions at a mode threshold are always defined (see
    :func:`_regularized`), wave functions and densities of states are not
    always: if the scattering region has a state :math:`u` that couples to no
    open channel (in a clean wire, the threshold mode itself), any multiple of
    :math:`u` may be added, and the limits from above and below differ.
    Otherwise :math:`E - H - \Sigma` is regular and the states are continuous
    through the threshold.  The probe ``eta = 1e-10 * scale`` changes regular
    states by about ``eta |G|``; near a singular matrix the two results differ
    at order one.

    Parameters
    ----------
    compute : callable
        ``compute(energy)`` returns an array (the energy of the scattering
        region may be complex); it may raise ``LinAlgError``.
    energy : float
        The real energy.
    scale : float
        Energy unit (the hopping).
    where : str, None or callable
        ``"of lead p"`` when ``energy`` is at a threshold of lead ``p``, else
        None (then only an exactly singular matrix is checked); or a function
        returning one of those, called after ``compute(energy)``.

    Returns
    -------
    ndarray
        ``compute(energy)``.

    Raises
    ------
    ValueError
        Naming ``energy``, if the states are not unique there.
    """
    try:
        result = compute(energy)
    except np.linalg.LinAlgError:
        result = None
    if callable(where):
        where = where()
    if result is not None and where is None:
        return result
    probe = compute(energy + 1j * _PROBE_ETA * scale)
    size = max(np.abs(probe).max(initial=0.0), 1e-300)
    if result is not None and np.abs(result - probe).max(initial=0.0) <= 1e-6 * size:
        return result
    place = f"lies on a mode threshold {where}, and" if where else "is an energy where"
    raise ValueError(
        f"`energy` = {energy!r} {place} the scattering region has a state that couples to no "
        "open channel (the threshold mode of a clean wire, or a bound state), so the wave "
        "functions and the density of states are not unique there (they depend on the side "
        "from which the energy is approached); transmissions are defined, these are not: "
        f"shift it by ~1e-9, e.g. energy={energy + 1e-9!r}."
    )


def _channel_factor(gamma):
    """``X`` with ``gamma = X X^H``, keeping only the open channels.

    ``Gamma`` of a lead has rank ``M`` = number of open channels; its
    eigenvectors with non-zero eigenvalue span them.  ``X`` has shape
    (..., W, M_max) with ``M_max`` the largest rank over the batch (smaller
    ranks are padded with columns of zero weight: eigenvalues below
    ``1e-13`` of the largest are round-off of closed channels, set to 0; their
    square roots, ``1e-8``, would otherwise feed closed channels, which is
    felt at a mode threshold where a closed channel's Green's function is
    nearly singular).
    """
    w, v = np.linalg.eigh(gamma)
    w = np.where(w > 1e-13 * max(w.max(initial=0.0), 1e-300), w, 0.0)
    rank = np.sum(w > 0, axis=-1)
    m = max(int(rank.max(initial=0)), 1)
    return v[..., -m:] * np.sqrt(w[..., None, -m:])


def rgf_transmission(energies, h_slice, hopping, potential, sigma_left, sigma_right, *,
                     lengths=None, progress=None):
    r"""Transmission left -> right by the RGF forward sweep (Caroli formula).

    Parameters
    ----------
    energies : array_like, shape (Ne,)
        Real energies (units of ``t``).
    h_slice : ndarray, shape (W, W)
        Clean slice Hamiltonian ``h``.
    hopping : ndarray, shape (..., W)
        Diagonal ``d`` of ``H[x+1, x]``.
    potential : ndarray, shape (..., L, W)
        On-site potential ``V_x``.
    sigma_left, sigma_right : ndarray, shape (..., Ne, W, W)
        Lead self-energies on slices 0 and ``L-1``.
    lengths : sequence of int, optional
        Also close the wire after each of these numbers of slices ("growing
        wire"): the left-connected ``g_x`` does not depend on what lies to its
        right, so one sweep of the longest wire gives ``T`` for every length
        ``l`` from :math:`G_{l-1,0} = (1 - g_{l-1}\Sigma_R)^{-1} G^{(l-1)}_{l-1,0}`.
    progress : callable, optional
        ``progress(done, total)``, called as slices are added.

    Returns
    -------
    ndarray
        ``T`` with shape ``batch + (Ne,)``, or ``batch + (Ne, len(lengths))``.

    Examples
    --------
    A single site of potential ``U = 1`` in a chain at ``E = 2t``
    (``v = 2t``): ``T = v^2 / (v^2 + U^2) = 0.8``.

    >>> from qtransport.lattice.leads import chain_self_energy
    >>> sigma = chain_self_energy([2.0])[:, None, None]
    >>> rgf_transmission([2.0], np.array([[2.0]]), np.array([-1.0]), np.array([[1.0]]),
    ...                  sigma, sigma).round(12)
    array([0.8])
    """
    progress = check_progress(progress)
    energies, h_slice, hopping, potential, sigma_left, sigma_right = _check_inputs(
        energies, h_slice, hopping, potential, sigma_left, sigma_right, copies=6)
    base, pot, hop = _prepare(energies, h_slice, hopping, potential)
    n_slices = pot.shape[-2]
    lengths = _check_lengths(lengths, n_slices)
    ends = [n_slices] if lengths is None else sorted(set(lengths))
    # Gamma_L = X X^H: only the M open channels of the left lead need to be
    # carried along, G_{x,0} X is W x M instead of W x W.
    x_left = _channel_factor(_broadening(sigma_left))
    gamma_r = _broadening(sigma_right)
    eye = np.eye(base.shape[-1])
    factor = _coupling_factor(hop)
    out = {}
    g = gcol = None
    for x in range(ends[-1]):
        if x == 0:
            g = stack_inverse(_slice_matrix(base - sigma_left, pot[..., 0, :]))
            gcol = g @ x_left
        else:
            g *= -factor  # g is not needed any more: A_x = base - D g D^H - diag(V_x), in place
            g += base
            g = stack_inverse(_slice_matrix(g, pot[..., x, :]))
            gcol = g @ _hop(hop, gcol)
        if x + 1 in ends:
            # close the wire with the right lead: G = (1 - g Sigma_R)^-1 g ...
            closed = np.linalg.solve(eye - g @ sigma_right, gcol)
            # T = Tr[Gamma_R (G X) (G X)^H]
            out[x + 1] = np.sum((gamma_r @ closed) * closed.conj(), axis=(-1, -2)).real
        if progress is not None:
            progress(x + 1, ends[-1])
    if lengths is None:
        return out[n_slices]
    return np.stack([out[n] for n in lengths], axis=-1)


def rgf_corner_blocks(energies, h_slice, hopping, potential, sigma_left, sigma_right):
    r"""The four corner blocks of ``G``: ``G_00, G_0N, G_N0, G_NN`` (``N = L-1``).

    One forward sweep carries, besides ``g_x`` and ``G_{x,0}``, the first row
    and the first block,

    .. math:: G_{0,x} = G_{0,x-1} H_{x-1,x}\, g_x, \qquad
              G_{00} \leftarrow G_{00} + G_{0,x-1} H_{x-1,x}\, G_{x,0},

    (Dyson's equation for adding slice ``x``).  These blocks are all the
    Fisher-Lee S-matrix needs.

    Parameters
    ----------
    energies, h_slice, hopping, potential, sigma_left, sigma_right
        As in :func:`rgf_transmission`.

    Returns
    -------
    tuple of ndarray, each shape ``batch + (Ne, W, W)``
        Blocks of the retarded Green's function (units ``1/t``).

    Examples
    --------
    A clean chain: the wave crosses ``L = 3`` sites with phase ``e^{ikL}``,
    ``G_{N0} = e^{i k (L-1)} / (i v)`` with ``v = 2t sin k``.

    >>> from qtransport.lattice.leads import chain_self_energy
    >>> sigma = chain_self_energy([2.0])[:, None, None]        # k = pi/2
    >>> g00, g0n, gn0, gnn = rgf_corner_blocks([2.0], np.array([[2.0]]), np.array([-1.0]),
    ...                                        np.zeros((3, 1)), sigma, sigma)
    >>> round(float((gn0[0, 0, 0] * 2j).real), 12)              # e^{i pi} = -1
    -1.0
    """
    energies, h_slice, hopping, potential, sigma_left, sigma_right = _check_inputs(
        energies, h_slice, hopping, potential, sigma_left, sigma_right, copies=8)
    base, pot, hop = _prepare(energies, h_slice, hopping, potential)
    n_slices = pot.shape[-2]
    factor = _coupling_factor(hop)
    g00 = g0n = gn0 = g = None
    for x in range(n_slices):
        a = _slice_matrix(base - (sigma_left if x == 0 else factor * g), pot[..., x, :])
        if x == n_slices - 1:
            a = a - sigma_right
        g = stack_inverse(a)
        if x == 0:
            g00 = gn0 = g0n = g
        else:
            gn0 = g @ _hop(hop, gn0)
            row = g0n * hop.conj()[..., None, :]  # G_{0,x-1} H_{x-1,x}
            g00 = g00 + row @ gn0
            g0n = row @ g
    return g00, g0n, gn0, g


def rgf_connected_self_energies(energies, h_slice, hopping, potential, sigma_left, sigma_right):
    r"""Self-energies of everything left and right of each slice.

    ``left[x]`` is :math:`\Sigma_L` for ``x = 0`` and
    :math:`H_{x,x-1} g_{x-1} H_{x-1,x}` otherwise (``g`` left-connected);
    ``right[x]`` likewise from the right.  Then ``A_x - left[x]`` inverted is
    the left-connected :math:`g_x`, ``A_x - right[x]`` the right-connected
    :math:`g^R_x`, and ``A_x - left[x] - right[x]`` the full :math:`G_{xx}`.

    Parameters
    ----------
    energies, h_slice, hopping, potential, sigma_left, sigma_right
        As in :func:`rgf_transmission`.

    Returns
    -------
    a, left, right : ndarray, each shape ``(L,) + batch + (Ne, W, W)``
        The slice matrices ``A_x = E - H_xx`` and the two self-energies (units of ``t``).

    Examples
    --------
    In a clean chain every slice sees the lead self-energies on both sides:

    >>> from qtransport.lattice.leads import chain_self_energy
    >>> sigma = chain_self_energy([1.0])[:, None, None]
    >>> a, left, right = rgf_connected_self_energies([1.0], np.array([[2.0]]), np.array([-1.0]),
    ...                                              np.zeros((4, 1)), sigma, sigma)
    >>> bool(np.allclose(left, sigma) and np.allclose(right, sigma))
    True
    """
    return _connected_self_energies(*_check_inputs(energies, h_slice, hopping, potential, sigma_left, sigma_right,
                                                   copies=3, per_slice=True))


def _connected_self_energies(energies, h_slice, hopping, potential, sigma_left, sigma_right):
    """:func:`rgf_connected_self_energies` on checked arrays."""
    base, pot, hop = _prepare(energies, h_slice, hopping, potential)
    n_slices = pot.shape[-2]
    # _slice_matrix works in place when it can: hand it a fresh copy of ``base`` per slice.
    a = np.stack(np.broadcast_arrays(
        *[_slice_matrix(base.copy(), pot[..., x, :]) for x in range(n_slices)]))
    left = np.empty(np.broadcast_shapes(a.shape, (1,) + np.shape(sigma_left)), dtype=complex)
    right = np.empty_like(left)
    a = np.broadcast_to(a, left.shape)
    left[0] = sigma_left
    for x in range(1, n_slices):
        left[x] = _couple(stack_inverse(a[x - 1] - left[x - 1]), hop)
    right[-1] = sigma_right
    for x in range(n_slices - 2, -1, -1):
        right[x] = _couple(stack_inverse(a[x + 1] - right[x + 1]), hop, forward=False)
    return a, left, right


def rgf_diagonal(energies, h_slice, hopping, potential, sigma_left, sigma_right):
    """Diagonal blocks ``G_xx`` of the retarded Green's function.

    Parameters
    ----------
    energies, h_slice, hopping, potential, sigma_left, sigma_right
        As in :func:`rgf_transmission`.

    Returns
    -------
    ndarray, shape ``(L,) + batch + (Ne, W, W)``
        ``G_xx`` (units ``1/t``); ``-Im`` of its diagonal over ``pi`` is the LDOS.

    Examples
    --------
    >>> from qtransport.lattice.leads import chain_self_energy
    >>> sigma = chain_self_energy([2.0])[:, None, None]
    >>> g = rgf_diagonal([2.0], np.array([[2.0]]), np.array([-1.0]), np.zeros((2, 1)), sigma, sigma)
    >>> g[:, 0, 0, 0]                        # 1 / (i v) with v = 2t
    array([0.-0.5j, 0.-0.5j])
    """
    a, left, right = _connected_self_energies(*_check_inputs(
        energies, h_slice, hopping, potential, sigma_left, sigma_right, copies=4, per_slice=True))
    return stack_inverse(a - left - right)
