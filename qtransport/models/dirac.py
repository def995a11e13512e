r"""Graphene as massless Dirac fermions: Klein tunnelling and ribbon modes (course chapter 10).

**Fermi velocity.**  Near the corners K, K' of its Brillouin zone the
nearest-neighbour tight-binding model of graphene (hopping ``t``,
carbon-carbon distance ``a``) reduces to the massless Dirac Hamiltonian
``H = v_F (sigma_x p_x + sigma_y p_y)`` with ``v_F = 3 t a / (2 hbar)``,
about 1e6 m/s.

**Klein tunnelling.**  An electron of energy ``E > 0`` hits a rectangular
barrier ``V(x) = V_0`` for ``0 < x < D`` at the angle ``phi`` to its normal.
In units with ``hbar v_F = 1`` the wave numbers are ``k_x = E cos(phi)``,
``k_y = E sin(phi)`` outside and ``q_x^2 = (E - V_0)^2 - k_y^2`` inside.
Matching the two-component spinor at both interfaces gives

.. math::

    T(\phi) = \Big[1 + \Big(\frac{V_0\, k_y}{k_x}\Big)^2
    \Big(\frac{\sin q_x D}{q_x}\Big)^2\Big]^{-1},

which is the closed form of Katsnelson, Novoselov and Geim rewritten
without the angle inside the barrier.  Since ``sin(q D)/q`` depends on
``q_x^2`` only, the same expression holds for propagating waves in the
barrier (``q_x^2 > 0``, both for ``E > V_0`` and for the p-n-p junction
``E < V_0``) and for evanescent ones (``q_x^2 < 0``, where it becomes
``sinh(kappa D)/kappa``).  At normal incidence ``T = 1`` for any barrier
(Klein tunnelling, from pseudospin conservation), and ``T = 1`` whenever
``q_x D`` is a multiple of ``pi`` (Fabry-Perot resonances).

**Ribbons.**  A clean ribbon cut from the honeycomb lattice (hopping ``t``,
no edge relaxation) has Bloch bands ``E_n(k)`` labelled by a transverse
quantum number; the number of right-moving modes at energy ``E`` is its
number of open channels (per spin; conductance ``g_s (e^2/h) N_open``).
Longitudinal wave numbers ``k`` are in units of the inverse ribbon period
``1/a_r``: ``a_r = 3 a`` for armchair and ``a_r = sqrt(3) a`` for zigzag
ribbons, so that ``k`` runs over ``(-pi, pi]``.

* Armchair ribbon with ``N`` dimer lines: the wave function vanishes on the
  missing lines ``0`` and ``N + 1``, so the transverse phases are
  ``theta_p = p pi / (N + 1)``, ``p = 1 .. N``, and

  .. math:: E_p(k) = \pm t\sqrt{1 + 4\cos^2\theta_p + 4\cos\theta_p \cos(k/2)} .

  The gap closes (a metallic ribbon) when ``cos(theta_p) = -1/2`` for some
  ``p``, i.e. for ``N = 3m + 2``.  The bands ``p`` and ``N + 1 - p`` touch at
  the zone boundary and together form one channel that opens at
  ``t |1 + 2 cos(theta_p)|`` and closes at ``t (1 + 2 |cos(theta_p)|)``
  (taking ``cos(theta_p) < 0``).

* Zigzag ribbon with ``N`` zigzag chains: for each ``k`` the ribbon is a
  chain of ``2N`` sites with the alternating hoppings ``g = 2 t cos(k/2)``
  (within a zigzag chain) and ``t`` (between chains).  Its eigenvalues are
  ``E = +-t sqrt(1 + g^2 + 2 g cos(theta))`` (``g`` in units of ``t``) with
  ``theta`` a root in ``(0, pi)`` of the transcendental condition

  .. math:: \sin(N\theta) + g\,\sin\big((N + 1)\theta\big) = 0 .

  For ``g < N/(N + 1)`` one root leaves the real axis, ``theta = pi + i eta``
  with ``sinh(N eta) = g sinh((N + 1) eta)``: the edge state, whose energy
  vanishes at ``k = pi``.  The bands are not monotonic in ``k``: the lower
  ones dip below ``t`` near the Dirac point ``k = 2 pi / 3`` and rise back to
  ``t`` at ``k = pi``, so that such a band carries two right-movers between
  its minimum and ``t``, and the channel number at low energy is odd
  (1, 3, 5, ...).  Here the roots are found by bisection between the known
  brackets, and each band's minimum by a grid search refined by
  golden-section search.

Energies of the ribbon functions are in the unit of ``hopping`` (eV by
default, ``t = 2.8`` eV).

References
----------
P. R. Wallace, Phys. Rev. 71, 622 (1947); A. H. Castro Neto et al., Rev.
Mod. Phys. 81, 109 (2009) (Dirac fermions in graphene);
M. I. Katsnelson, K. S. Novoselov and A. K. Geim, Nature Physics 2, 620
(2006) (Klein tunnelling);
K. Nakada, M. Fujita, G. Dresselhaus and M. S. Dresselhaus, Phys. Rev. B
54, 17954 (1996); K. Wakabayashi, M. Fujita, H. Ajiki and M. Sigrist,
Phys. Rev. B 59, 8271 (1999); L. Brey and H. A. Fertig, Phys. Rev. B 73,
235411 (2006) (ribbons).
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_nonnegative,
    check_positive,
    check_size,
    unwrap_0d,
)
from qtransport.constants import e, hbar

__all__ = [
    "fermi_velocity",
    "dirac_barrier_transmission",
    "armchair_transverse_phases",
    "armchair_is_metallic",
    "armchair_bands",
    "armchair_subband_edges",
    "armchair_open_channels",
    "zigzag_transverse_phases",
    "zigzag_bands",
    "zigzag_subband_edges",
    "zigzag_open_channels",
]

_GRAPHENE_HOPPING = 2.8  # eV
_GRAPHENE_BOND = 1.42e-10  # m
_BISECTIONS = 64


# ----------------------------------------------------------------------------
# Dirac fermions
# ----------------------------------------------------------------------------


def fermi_velocity(hopping=_GRAPHENE_HOPPING, bond_length=_GRAPHENE_BOND):
    """Fermi velocity ``v_F = 3 t a / (2 hbar)`` of graphene's Dirac cones.

    Parameters
    ----------
    hopping : array_like, optional
        Nearest-neighbour hopping ``t`` in eV (> 0; 2.8 eV by default).
    bond_length : array_like, optional
        Carbon-carbon distance ``a`` in metres (> 0; 1.42e-10 m by default).
        They broadcast.

    Returns
    -------
    float or ndarray
        ``v_F`` in m/s (about 9e5 m/s for the defaults, close to the
        measured 1e6 m/s).

    References
    ----------
    P. R. Wallace, Phys. Rev. 71, 622 (1947); A. H. Castro Neto et al.,
    Rev. Mod. Phys. 81, 109 (2009).  Course chapter 10.

    Examples
    --------
    >>> round(float(fermi_velocity(2.8, 0.142e-9)) / 1e6, 3)
    0.906
    """
    t = check_positive(hopping, "hopping", hint="It is the hopping energy |t| in eV.")
    a = check_positive(bond_length, "bond_length", hint="It is the C-C distance in metres.")
    return unwrap_0d(3.0 * t * e * a / (2.0 * hbar))


def dirac_barrier_transmission(phi, *, energy, height, width):
    """Transmission of a massless Dirac electron through a rectangular barrier.

    .. math::

        T(\\phi) = \\Big[1 + \\Big(\\frac{V_0 \\tan\\phi\\, \\sin q_x D}{q_x}\\Big)^2\\Big]^{-1},
        \\qquad q_x^2 = (E - V_0)^2 - E^2 \\sin^2\\phi,

    valid for propagating (``q_x^2 > 0``) and evanescent (``q_x^2 < 0``:
    ``sin(q D)/q -> sinh(kappa D)/kappa``) waves in the barrier, below
    (p-n-p) and above the barrier top.

    Units: ``hbar v_F = 1``.  Pick an energy unit ``epsilon``; lengths are
    then in units of ``hbar v_F / epsilon`` (for ``v_F = 1e6`` m/s,
    ``hbar v_F = 0.658 eV nm``, so energies in meV go with widths in units of
    658 nm and energies in eV with widths in units of 0.658 nm).

    Parameters
    ----------
    phi : array_like
        Angle of incidence (radians) measured from the barrier normal, in
        ``(-pi/2, pi/2)``.
    energy : array_like
        Electron energy ``E`` (> 0) in the leads, where ``V = 0``.  (Holes,
        ``E < 0``, follow from ``T(E, V_0) = T(-E, -V_0)``.)
    height : array_like
        Barrier height ``V_0`` (any sign).
    width : array_like
        Barrier width ``D`` (>= 0).  All broadcast.

    Returns
    -------
    float or ndarray
        ``T`` in [0, 1]; even in ``phi``, exactly 1 at ``phi = 0``.

    References
    ----------
    M. I. Katsnelson, K. S. Novoselov and A. K. Geim, "Chiral tunnelling and
    the Klein paradox in graphene", Nature Physics 2, 620 (2006).  Course
    chapter 10.

    Examples
    --------
    >>> dirac_barrier_transmission(np.array([0.0, 0.3]), energy=1.0, height=3.0,
    ...                            width=2.0).round(6)
    array([1.      , 0.895692])
    """
    phi = as_real_array(phi, "phi")
    if np.any(np.abs(phi) >= 0.5 * np.pi):
        raise ValueError(
            f"`phi` must lie in (-pi/2, pi/2) (an angle of incidence from the barrier normal), "
            f"got {phi.tolist()}."
        )
    E = check_positive(energy, "energy", hint="Use T(E, V0) = T(-E, -V0) for holes.")
    V0 = as_real_array(height, "height")
    D = check_nonnegative(width, "width", hint="It is the barrier width.")
    phi, E, V0, D = np.broadcast_arrays(phi, E, V0, D)
    kx = E * np.cos(phi)
    ky = E * np.sin(phi)
    q2 = (E - V0) ** 2 - ky**2
    q = np.sqrt(np.abs(q2))
    with np.errstate(over="ignore", invalid="ignore"):
        oscillating = D * np.sinc(q * D / np.pi)  # sin(q D) / q, D at q = 0
        growing = np.sinh(q * D) / np.where(q2 < 0, q, 1.0)
        S = np.where(q2 < 0, growing, oscillating)
        X = V0 * ky * S / kx
        out = 1.0 / (1.0 + X * X)
    out = np.where(ky == 0, 1.0, out)  # also when the barrier is so opaque that S overflows
    return unwrap_0d(out)


# ----------------------------------------------------------------------------
# armchair ribbons
# ----------------------------------------------------------------------------


def _hopping(value):
    return check_positive(value, "hopping", hint="It is the hopping energy |t|.")


def _count_hopping(value):
    """The hopping of a channel count: a single number > 0 (a count takes no sweep over ``t``)."""
    t = _hopping(value)
    if t.ndim != 0:
        raise ValueError("`hopping` must be a single number for a channel count.")
    return float(t)


def _line_count(value, name):
    """Number of dimer lines or zigzag chains across a ribbon: a whole number >= 1."""
    return check_size(value, name, minimum=1, copies=16, what="the subbands")


def _wavenumber(k):
    k = as_real_array(k, "k")
    return np.mod(k + np.pi, 2.0 * np.pi) - np.pi


def armchair_transverse_phases(n_dimers):
    """Transverse phases ``theta_p = p pi / (N + 1)`` of an armchair ribbon.

    ``theta_p`` is the transverse wave number times the distance
    ``sqrt(3) a / 2`` between neighbouring dimer lines: the wave function
    on line ``j`` goes as ``sin(j theta_p)`` and vanishes on the missing
    lines ``j = 0`` and ``j = N + 1``.

    Parameters
    ----------
    n_dimers : int
        Number ``N`` (>= 1) of dimer lines across the ribbon.

    Returns
    -------
    ndarray, shape (N,)
        ``theta_p`` for ``p = 1 .. N`` (radians, increasing).

    References
    ----------
    L. Brey and H. A. Fertig, Phys. Rev. B 73, 235411 (2006); course
    chapter 10.

    Examples
    --------
    >>> armchair_transverse_phases(2) / np.pi
    array([0.33333333, 0.66666667])
    """
    n = _line_count(n_dimers, "n_dimers")
    return np.arange(1, n + 1) * np.pi / (n + 1)


def armchair_is_metallic(n_dimers):
    """Whether an armchair ribbon of ``N`` dimer lines has no gap: ``N = 3m + 2``.

    Parameters
    ----------
    n_dimers : int
        Number ``N`` (>= 1) of dimer lines.

    Returns
    -------
    bool
        True when some ``theta_p = 2 pi / 3``, which makes ``1 + 2 cos(theta_p)``
        and with it the gap vanish.

    References
    ----------
    K. Nakada et al., Phys. Rev. B 54, 17954 (1996); course chapter 10.

    Examples
    --------
    >>> [armchair_is_metallic(n) for n in (4, 5, 6, 7, 8)]
    [False, True, False, False, True]
    """
    n = _line_count(n_dimers, "n_dimers")
    return n % 3 == 2


def armchair_bands(k, *, n_dimers, hopping=_GRAPHENE_HOPPING):
    """Conduction bands ``E_p(k)`` of an armchair ribbon (the valence bands are ``-E_p``).

    .. math:: E_p(k) = t\\sqrt{1 + 4\\cos^2\\theta_p + 4\\cos\\theta_p \\cos(k/2)} .

    Parameters
    ----------
    k : array_like
        Longitudinal wave number in units of ``1 / (3 a)`` (the ribbon
        period is ``3 a``); taken modulo ``2 pi``.
    n_dimers : int
        Number ``N`` (>= 1) of dimer lines.
    hopping : array_like, optional
        ``t`` (> 0), 2.8 eV by default; sets the energy unit.

    Returns
    -------
    ndarray, shape k.shape + (N,)
        The ``N`` energies >= 0 at each ``k``, in increasing order.

    References
    ----------
    K. Wakabayashi et al., Phys. Rev. B 59, 8271 (1999); course chapter 10.

    Examples
    --------
    >>> armchair_bands(0.0, n_dimers=2, hopping=1.0)
    array([0., 2.])
    """
    k = _wavenumber(k)
    theta = armchair_transverse_phases(n_dimers)
    t = _hopping(hopping)
    c = np.cos(theta)
    e2 = 1.0 + 4.0 * c**2 + 4.0 * c * np.cos(0.5 * k)[..., None]
    return np.sort(np.asarray(t)[..., None] * np.sqrt(np.clip(e2, 0.0, None)), axis=-1)


def _armchair_channel_windows(n_dimers, hopping):
    theta = armchair_transverse_phases(n_dimers)
    t = _hopping(hopping)
    c = np.cos(theta)
    c = c[c < -1e-14]  # one per pair (p, N + 1 - p); the flat band cos = 0 carries nothing
    t = np.asarray(t)[..., None]
    bottom = np.abs(1.0 + 2.0 * c)
    bottom[bottom < 1e-12] = 0.0  # cos(theta_p) = -1/2 up to round-off: metallic
    return t * bottom, t * (1.0 - 2.0 * c)


def armchair_subband_edges(n_dimers, *, hopping=_GRAPHENE_HOPPING):
    """Energies >= 0 at which the channels of an armchair ribbon open.

    One channel per pair of bands ``(p, N + 1 - p)``: it opens at
    ``t |1 + 2 cos(theta_p)|`` and closes again at ``t (1 + 2|cos(theta_p)|)``,
    with ``cos(theta_p) < 0``.

    Parameters
    ----------
    n_dimers : int
        Number ``N`` (>= 1) of dimer lines.
    hopping : float, optional
        ``t`` (> 0), 2.8 eV by default.

    Returns
    -------
    ndarray, shape (N // 2,)
        Opening energies in increasing order; the first is the half gap
        (0 for a metallic ribbon).

    References
    ----------
    L. Brey and H. A. Fertig, Phys. Rev. B 73, 235411 (2006); course
    chapter 10.

    Examples
    --------
    >>> armchair_subband_edges(5, hopping=1.0)  # metallic: the first channel opens at 0
    array([0.        , 0.73205081])
    """
    bottom, _ = _armchair_channel_windows(n_dimers, hopping)
    return np.sort(bottom, axis=-1)


def armchair_open_channels(energy, *, n_dimers, hopping=_GRAPHENE_HOPPING):
    """Number of open channels (right-moving modes, per spin) of an armchair ribbon.

    .. math::

        N(E) = \\#\\{p : \\cos\\theta_p < 0,\\
        t|1 + 2\\cos\\theta_p| < |E| < t(1 + 2|\\cos\\theta_p|)\\} .

    Parameters
    ----------
    energy : array_like
        Energy ``E`` (unit of ``hopping``); electrons and holes alike
        (the spectrum is symmetric).  Exactly at a subband edge the count
        is the one just below.
    n_dimers : int
        Number ``N`` (>= 1) of dimer lines.
    hopping : float, optional
        ``t`` (> 0), 2.8 eV by default.

    Returns
    -------
    int or ndarray of int
        ``N_open(E)``; the two-terminal conductance of the clean ribbon is
        ``g_s (e^2/h) N_open``.

    References
    ----------
    L. Brey and H. A. Fertig, Phys. Rev. B 73, 235411 (2006); course
    chapter 10.

    Examples
    --------
    >>> armchair_open_channels([0.1, 1.0, 2.5], n_dimers=5, hopping=1.0)
    array([1, 2, 1])
    """
    energy = np.abs(as_real_array(energy, "energy"))
    bottom, top = _armchair_channel_windows(n_dimers, _count_hopping(hopping))
    E = energy[..., None]
    out = np.sum((E > bottom) & (E < top), axis=-1)
    return unwrap_0d(out)


# ----------------------------------------------------------------------------
# zigzag ribbons
# ----------------------------------------------------------------------------


def _bisect(func, lo, hi):
    """Vectorized bisection of ``func`` on ``(lo, hi)``; ``func(lo)`` must be nonzero."""
    sign_lo = np.sign(func(lo))
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        same = np.sign(func(mid)) == sign_lo
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    return 0.5 * (lo + hi)


def _zigzag_roots(g, n):
    """Real roots theta (..., N) and the edge-state eta (...) for the coupling ``g`` >= 0.

    Column ``m - 1`` holds the root in ``(m pi/(N+1), m pi/N)`` for ``m < N``; the
    last column the root in ``(N pi/(N+1), pi)`` where ``g > N/(N+1)`` and NaN
    elsewhere, where ``eta`` (NaN otherwise) replaces it.
    """
    g = np.asarray(g, dtype=float)[..., None]
    m = np.arange(1, n + 1)
    lo = np.broadcast_to(m * np.pi / (n + 1), g.shape[:-1] + (n,))
    hi = np.broadcast_to(np.where(m < n, m * np.pi / np.maximum(n, 1), np.pi), lo.shape)
    theta = _bisect(lambda th: np.sin(n * th) + g * np.sin((n + 1) * th), lo, hi)
    g = g[..., 0]
    edge = g < n / (n + 1)
    theta[..., -1] = np.where(edge, np.nan, theta[..., -1])
    # Edge state: sinh(N eta) / sinh((N+1) eta) = g, a decreasing function of eta.
    safe_g = np.where(edge & (g > 0), g, 0.5)
    eta_hi = np.maximum(-np.log(safe_g), 0.0) + 1.0

    def ratio(eta):
        return np.exp(-eta) * np.expm1(-2 * n * eta) / np.expm1(-2 * (n + 1) * eta) - safe_g

    eta = _bisect(ratio, np.full_like(safe_g, 1e-300), eta_hi)
    eta = np.where(edge, np.where(g > 0, eta, np.inf), np.nan)
    return theta, eta


def _zigzag_coupling(k):
    """``g = 2 cos(k/2)`` for ``k`` in [-pi, pi], written to vanish exactly at ``|k| = pi``."""
    return 2.0 * np.sin(0.5 * (np.pi - np.abs(k)))


def _zigzag_energies(k, n):
    """Positive energies (..., N), increasing, in units of t; ``k`` already reduced."""
    g = _zigzag_coupling(k)
    theta, eta = _zigzag_roots(g, n)
    gb = g[..., None]
    bulk = np.sqrt(np.clip(1.0 + gb**2 + 2.0 * gb * np.cos(theta), 0.0, None))
    with np.errstate(invalid="ignore", over="ignore"):
        # E^2 = (1 - g e^eta)(1 - g e^-eta), the first factor written without cancellation.
        first = np.exp(-2 * n * eta) * np.expm1(-2 * eta) / np.expm1(-2 * (n + 1) * eta)
        first = np.where(np.isinf(eta), 0.0, first)
        second = 1.0 - g * np.exp(-np.where(np.isinf(eta), 0.0, eta))
        edge = np.sqrt(np.clip(first * second, 0.0, None))
    bulk[..., -1] = np.where(np.isnan(eta), bulk[..., -1], edge)
    return bulk[..., ::-1]


def zigzag_transverse_phases(k, *, n_chains):
    """Transverse phases of a zigzag ribbon: the roots of ``sin(N theta) + g sin((N+1) theta)``.

    ``g = 2 cos(k/2)`` is the hopping within a zigzag chain at the wave
    number ``k`` (in units of ``t``).  For ``g > N/(N + 1)`` all ``N`` roots
    are real, in ``(0, pi)``; otherwise the largest is replaced by the edge
    state ``theta = pi + i eta``, ``sinh(N eta) = g sinh((N + 1) eta)``.

    Parameters
    ----------
    k : array_like
        Longitudinal wave number in units of ``1 / (sqrt(3) a)`` (the ribbon
        period is ``sqrt(3) a``); taken modulo ``2 pi``.
    n_chains : int
        Number ``N`` (>= 1) of zigzag chains across the ribbon.

    Returns
    -------
    ndarray of complex, shape k.shape + (N,)
        The phases, in increasing order of the real part; an edge state
        appears as ``pi + 1j * eta`` (``eta = inf`` at ``k = pi``).  The
        band energy of a phase is ``t sqrt(1 + g^2 + 2 g cos(theta))``.

    References
    ----------
    K. Wakabayashi et al., Phys. Rev. B 59, 8271 (1999); L. Brey and
    H. A. Fertig, Phys. Rev. B 73, 235411 (2006).  Course chapter 10.

    Examples
    --------
    >>> theta = zigzag_transverse_phases(0.0, n_chains=1)  # g = 2: cos(theta) = -1/4
    >>> np.cos(theta).real
    array([-0.25])
    """
    k = _wavenumber(k)
    n = _line_count(n_chains, "n_chains")
    g = _zigzag_coupling(k)
    theta, eta = _zigzag_roots(g, n)
    bulk = np.isnan(eta)
    out = np.where(np.isnan(theta), np.pi, theta).astype(complex)
    out.imag[..., -1] = np.where(bulk, 0.0, eta)
    return out


def zigzag_bands(k, *, n_chains, hopping=_GRAPHENE_HOPPING):
    """Conduction bands ``E_n(k)`` of a zigzag ribbon (the valence bands are ``-E_n``).

    .. math:: E = t\\sqrt{1 + g^2 + 2 g \\cos\\theta}, \\qquad g = 2\\cos(k/2),

    with ``theta`` from :func:`zigzag_transverse_phases`.  The lowest band
    holds the edge state for ``2 cos(k/2) < N/(N + 1)``, with
    ``E -> 0`` as ``k -> pi``.

    Parameters
    ----------
    k : array_like
        Longitudinal wave number in units of ``1 / (sqrt(3) a)``.
    n_chains : int
        Number ``N`` (>= 1) of zigzag chains.
    hopping : array_like, optional
        ``t`` (> 0), 2.8 eV by default.

    Returns
    -------
    ndarray, shape k.shape + (N,)
        The ``N`` energies >= 0 at each ``k``, in increasing order.

    References
    ----------
    K. Wakabayashi et al., Phys. Rev. B 59, 8271 (1999); course chapter 10.

    Examples
    --------
    >>> zigzag_bands(np.pi, n_chains=3, hopping=1.0)  # edge state at 0, the rest at t
    array([0., 1., 1.])
    """
    k = _wavenumber(k)
    n = _line_count(n_chains, "n_chains")
    t = _hopping(hopping)
    return np.asarray(t)[..., None] * _zigzag_energies(k, n)


@functools.lru_cache(maxsize=64)
def _zigzag_band_extremes(n):
    """Per band (units of t): minimum over k in [0, pi], value at k = 0 and at k = pi."""
    grid = np.linspace(0.0, np.pi, 1025)
    bands = _zigzag_energies(grid, n)  # (1025, N)
    i = np.argmin(bands, axis=0)
    lo = grid[np.maximum(i - 1, 0)]
    hi = grid[np.minimum(i + 1, grid.size - 1)]
    cols = np.arange(n)

    def band(kk):
        return _zigzag_energies(kk, n)[cols, cols]

    # Golden-section search on the bracket around the grid minimum (width 6e-3:
    # 40 steps leave ~1e-11 in k, far below round-off in the energy).
    ratio = 0.5 * (np.sqrt(5.0) - 1.0)
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = band(a), band(b)
    for _ in range(40):
        left = fa < fb
        hi = np.where(left, b, hi)
        lo = np.where(left, lo, a)
        new = np.where(left, hi - ratio * (hi - lo), lo + ratio * (hi - lo))
        f_new = band(new)
        a, b, fa, fb = (
            np.where(left, new, b), np.where(left, a, new),
            np.where(left, f_new, fb), np.where(left, fa, f_new),
        )
    minimum = np.minimum(np.minimum(fa, fb), bands.min(axis=0))
    out = (minimum, bands[0], bands[-1])
    for x in out:
        x.setflags(write=False)
    return out


def zigzag_subband_edges(n_chains, *, hopping=_GRAPHENE_HOPPING):
    """Bottoms of the bands of a zigzag ribbon: ``min_k E_n(k)``.

    The minima are found numerically (the transverse condition is
    transcendental).  The lowest is 0 (the edge-state band); a bulk band
    whose minimum lies below ``t`` opens two channels there.

    Parameters
    ----------
    n_chains : int
        Number ``N`` (>= 1) of zigzag chains.
    hopping : float, optional
        ``t`` (> 0), 2.8 eV by default.

    Returns
    -------
    ndarray, shape (N,)
        Band minima in increasing order (unit of ``hopping``).

    References
    ----------
    K. Wakabayashi et al., Phys. Rev. B 59, 8271 (1999); L. Brey and
    H. A. Fertig, Phys. Rev. B 73, 235411 (2006).  Course chapter 10.

    Examples
    --------
    >>> zigzag_subband_edges(6, hopping=1.0).round(4)
    array([0.    , 0.6131, 0.8988, 1.    , 1.    , 1.    ])
    """
    n = _line_count(n_chains, "n_chains")
    t = _hopping(hopping)
    minimum, _, _ = _zigzag_band_extremes(n)
    return np.asarray(t)[..., None] * np.sort(minimum)


def zigzag_open_channels(energy, *, n_chains, hopping=_GRAPHENE_HOPPING):
    """Number of open channels (right-moving modes, per spin) of a zigzag ribbon.

    Every band falls from its value at ``k = 0`` to its minimum and rises
    again to its value at ``k = pi`` (``t`` for the bulk bands, 0 for the
    edge band), so it contributes

    .. math::

        N_n(E) = \\Theta(E_n(0) > |E| > E_n^\\mathrm{min})
               + \\Theta(E_n(\\pi) > |E| > E_n^\\mathrm{min}) .

    Parameters
    ----------
    energy : array_like
        Energy ``E`` (unit of ``hopping``); the spectrum is symmetric.
    n_chains : int
        Number ``N`` (>= 1) of zigzag chains.
    hopping : float, optional
        ``t`` (> 0), 2.8 eV by default.

    Returns
    -------
    int or ndarray of int
        ``N_open(E)``; odd (1, 3, 5, ...) for ``0 < |E| < t`` away from the
        band minima.

    References
    ----------
    L. Brey and H. A. Fertig, Phys. Rev. B 73, 235411 (2006); course
    chapter 10.

    Examples
    --------
    >>> zigzag_open_channels([0.2, 0.7, 0.95, 1.5], n_chains=6, hopping=1.0)
    array([1, 3, 5, 5])
    """
    energy = np.abs(as_real_array(energy, "energy"))
    n = _line_count(n_chains, "n_chains")
    t = _count_hopping(hopping)
    minimum, at_zero, at_pi = (t * x for x in _zigzag_band_extremes(n))
    E = energy[..., None]
    out = np.sum((E > minimum) & (E < at_zero), axis=-1) + np.sum(
        (E > minimum) & (E < at_pi), axis=-1
    )
    return unwrap_0d(out)
