r"""Normal-metal / superconductor interfaces and the Kitaev chain (chapter 11).

Andreev reflection at an NS interface (BTK model)
-------------------------------------------------
An electron of energy :math:`E` (measured from the Fermi level of the
superconductor) hits a clean interface between a normal metal and an s-wave
superconductor of gap :math:`\Delta`.  The interface carries a delta barrier
:math:`H\,\delta(x)` of dimensionless strength :math:`Z = H/(\hbar v_F)`.
Four things can happen, with probabilities that add up to one,
:math:`A + B + C + D = 1`: Andreev reflection as a hole (:math:`A`, a Cooper
pair enters the condensate and the charge :math:`2e` is transferred), normal
reflection as an electron (:math:`B`), and transmission as an electron-like
(:math:`C`) or hole-like (:math:`D`) quasiparticle, possible only outside the
gap.

Inside the gap (:math:`|E| \le \Delta`) there is no quasiparticle to transmit:

.. math::

    A = \frac{\Delta^2}{E^2 + (\Delta^2 - E^2)(1 + 2Z^2)^2}, \qquad B = 1 - A,
    \qquad C = D = 0 .

Outside the gap write :math:`u_0^2 = 1 - v_0^2 = \tfrac12\,(1 + \epsilon)` with
:math:`\epsilon = \sqrt{E^2 - \Delta^2}/|E|` (the BCS coherence factors) and
:math:`\gamma = u_0^2 + Z^2 (u_0^2 - v_0^2)`; then

.. math::

    A = \frac{u_0^2 v_0^2}{\gamma^2}, \quad
    B = \frac{(u_0^2 - v_0^2)^2 Z^2 (1 + Z^2)}{\gamma^2}, \quad
    C = \frac{u_0^2 (u_0^2 - v_0^2)(1 + Z^2)}{\gamma^2}, \quad
    D = \frac{v_0^2 (u_0^2 - v_0^2) Z^2}{\gamma^2} .

Each incoming electron carries the charge :math:`e (1 + A - B)` across the
interface, while in the normal state (:math:`\Delta = 0`) it carries
:math:`e\,T_N` with :math:`T_N = 1/(1 + Z^2)`.  The differential conductance at
bias :math:`V` and zero temperature, relative to the normal state, is therefore

.. math::

    \frac{G_{NS}(V)}{G_N} = (1 + Z^2)\,[1 + A(eV) - B(eV)],

and at temperature :math:`T` it is the same factor averaged over the thermal
window of the normal lead, shifted by the bias:

.. math::

    \frac{G_{NS}(V)}{G_N} = (1 + Z^2) \int [1 + A(E) - B(E)]\,
    \Big(-\frac{\partial f}{\partial E}\Big)(E - eV)\, dE .

Limits: a clean contact (:math:`Z = 0`) doubles the conductance inside the
gap (:math:`A = 1`); an opaque barrier (:math:`Z \gg 1`) measures the BCS
density of states :math:`|E|/\sqrt{E^2 - \Delta^2}`; at the gap edges
:math:`A = 1` for every :math:`Z`.

Many channels (Beenakker's formula)
-----------------------------------
For a disordered or multichannel normal region with transmission eigenvalues
:math:`T_n`, at zero bias and temperature (and without extra phase from the
normal region),

.. math::

    G_{NS} = \frac{2 g_s e^2}{h} \sum_n \frac{T_n^2}{(2 - T_n)^2}, \qquad
    G_N = \frac{g_s e^2}{h} \sum_n T_n,

which is ``(4e^2/h) sum T_n^2/(2 - T_n)^2`` for ``g_s = 2``.  One channel with
:math:`T = 1/(1 + Z^2)` gives back the BTK value at :math:`E = 0`,
:math:`G_{NS}/G_N = 2(1 + Z^2)/(1 + 2Z^2)^2`.

The Kitaev chain
----------------
A chain of :math:`N` sites of spinless fermions :math:`c_j` with hopping
:math:`t`, p-wave pairing :math:`\Delta` between neighbours and chemical
potential :math:`\mu`:

.. math::

    H = \sum_{j=1}^{N} (-\mu)\, c_j^\dagger c_j
        + \sum_{j=1}^{N-1} \big[-t\, c_j^\dagger c_{j+1}
        + \Delta\, c_j c_{j+1} + \mathrm{h.c.}\big]
      = \tfrac12\, \Psi^\dagger H_\mathrm{BdG}\, \Psi + \mathrm{const},

in the Nambu basis :math:`\Psi = (c_1, \dots, c_N, c_1^\dagger, \dots,
c_N^\dagger)^T`, with

.. math::

    H_\mathrm{BdG} = \begin{pmatrix} h & D \\ D^\dagger & -h^T \end{pmatrix},
    \quad h_{jj} = -\mu,\ h_{j,j+1} = h_{j+1,j} = -t, \quad
    D_{j+1,j} = -D_{j,j+1} = \Delta

(real :math:`t, \Delta, \mu`; :math:`D` is antisymmetric, as Fermi statistics
requires).  Its eigenvalues come in pairs :math:`\pm E` (particle-hole
symmetry :math:`\tau_x H_\mathrm{BdG}^* \tau_x = -H_\mathrm{BdG}`).  With
periodic boundaries :math:`h(k) = -2t\cos k - \mu` and :math:`D(k) = -2i\Delta
\sin k`, so the bulk bands are

.. math:: E(k) = \pm\sqrt{(2t\cos k + \mu)^2 + 4\Delta^2 \sin^2 k}.

The gap closes at :math:`k = 0` or :math:`\pi` when :math:`|\mu| = 2|t|`.  For
:math:`|\mu| < 2|t|` and :math:`\Delta \ne 0` the chain is topological: an
open chain has one Majorana mode at each end, which pair into a fermion whose
energy falls exponentially with :math:`N`.  At :math:`\mu = 0`,
:math:`t = \Delta` the two end modes decouple completely from the bulk, their
energy is exactly zero and every other level sits at :math:`\pm 2t`.

Units and conventions
---------------------
* Energies (``energy``, ``delta``, ``kT``, ``t``, ``mu``) in eV; ``bias`` in
  volts (the energy ``e V`` in eV is the same number).  In the Kitaev chain
  only ratios of energies matter.
* ``G_NS/G_N`` is returned as a pure number; :func:`beenakker_conductance`
  returns siemens by default (``unit`` may be ``'G0'`` or ``'e^2/h'``).
* ``Z`` enters only through :math:`Z^2`; its sign does not matter.

References
----------
G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982);
C. W. J. Beenakker, Phys. Rev. B 46, 12841 (1992);
A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import integrate

from qtransport._integrate import CUTOFF, SHOULDER
from qtransport._validation import (
    as_real_array,
    check_nonnegative,
    check_positive,
    check_probability,
    check_scalar,
    check_size,
    unwrap_0d,
)
from qtransport.constants import conductance_quantum
from qtransport.distributions import thermal_window

__all__ = [
    "btk_coefficients",
    "btk_normal_transmission",
    "btk_conductance",
    "btk_conductance_curve",
    "bcs_density_of_states",
    "beenakker_conductance",
    "kitaev_hamiltonian",
    "kitaev_spectrum",
    "kitaev_bulk_spectrum",
    "kitaev_is_topological",
    "kitaev_end_modes",
    "KitaevEndModes",
]

# The thermal window is cut CUTOFF kT on each side of e V (weight left out < 4e-18), with
# extra breakpoints SHOULDER kT on each side, as in every energy integral of the library.


# --- BTK coefficients ---------------------------------------------------------------------------


def _inside(cos2, z2):
    """A inside the gap from cos2 = 1 - E^2/Delta^2 (written so that no digits are lost)."""
    k = (1.0 + 2.0 * z2) ** 2
    return 1.0 / (1.0 + cos2 * (k - 1.0))


def _outside(eps, z2):
    """(A, B, C, D) outside the gap from eps = u0^2 - v0^2 = sqrt(E^2 - Delta^2)/|E|."""
    u2 = 0.5 * (1.0 + eps)
    v2 = 0.5 * (1.0 - eps)
    gamma2 = (u2 + z2 * eps) ** 2
    a = u2 * v2 / gamma2
    b = eps**2 * z2 * (1.0 + z2) / gamma2
    c = u2 * eps * (1.0 + z2) / gamma2
    d = v2 * eps * z2 / gamma2
    return a, b, c, d


def _coefficients(energy, delta, z2):
    """Broadcast (A, B, C, D) for validated arrays."""
    energy, delta, z2 = np.broadcast_arrays(np.abs(energy), delta, z2)
    gap = energy <= delta
    a = np.empty(energy.shape)
    b = np.empty(energy.shape)
    c = np.zeros(energy.shape)
    d = np.zeros(energy.shape)
    if np.any(gap):
        e, dl = energy[gap], delta[gap]
        cos2 = (dl - e) * (dl + e) / dl**2
        a[gap] = _inside(cos2, z2[gap])
        b[gap] = 1.0 - a[gap]
    out = ~gap
    if np.any(out):
        e, dl = energy[out], delta[out]
        eps = np.sqrt((e - dl) * (e + dl)) / e
        a[out], b[out], c[out], d[out] = _outside(eps, z2[out])
    return a, b, c, d


def _btk_inputs(energy, delta, Z, energy_name="energy"):
    energy = as_real_array(energy, energy_name)
    delta = check_positive(
        delta, "delta", hint="It is the superconducting gap in eV; for a normal metal use Z alone."
    )
    Z = as_real_array(Z, "Z")
    return energy, delta, Z**2


def btk_coefficients(energy, *, delta, Z):
    r"""Andreev and normal reflection, and quasiparticle transmission, of the BTK model.

    See the module docstring for the closed forms inside and outside the gap.

    Parameters
    ----------
    energy : array_like
        Energy ``E`` of the incoming electron in eV, measured from the Fermi
        level of the superconductor.  The coefficients are even in ``E``.
    delta : array_like
        Superconducting gap ``Delta`` > 0 in eV.
    Z : array_like
        Dimensionless barrier strength (any real number; only ``Z^2`` enters).
        All inputs broadcast.

    Returns
    -------
    A, B, C, D : float or ndarray
        Probabilities of Andreev reflection, normal reflection, transmission
        as an electron-like and as a hole-like quasiparticle.  They are in
        [0, 1] and add up to 1; ``C = D = 0`` for ``|E| <= Delta``.

    References
    ----------
    G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982),
    table II.  Course chapter 11.

    Examples
    --------
    A clean contact reflects every electron in the gap as a hole:

    >>> A, B, C, D = btk_coefficients([0.0, 0.5e-3], delta=1e-3, Z=0.0)
    >>> A, B
    (array([1., 1.]), array([0., 0.]))

    A barrier ``Z = 1`` at ``E = 0`` leaves ``A = 1/(1 + 2Z^2)^2 = 1/9``:

    >>> round(float(btk_coefficients(0.0, delta=1e-3, Z=1.0)[0]), 12)
    0.111111111111
    """
    energy, delta, z2 = _btk_inputs(energy, delta, Z)
    return tuple(unwrap_0d(x) for x in _coefficients(energy, delta, z2))


def btk_normal_transmission(Z):
    """Transmission ``T_N = 1 / (1 + Z^2)`` of the delta barrier in the normal state.

    Parameters
    ----------
    Z : array_like
        Dimensionless barrier strength ``Z = H / (hbar v_F)``.

    Returns
    -------
    float or ndarray
        ``T_N`` in (0, 1]; ``G_N = (g_s e^2/h) T_N`` for one channel.

    References
    ----------
    G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982).

    Examples
    --------
    >>> btk_normal_transmission([0.0, 1.0, 3.0])
    array([1. , 0.5, 0.1])
    """
    Z = as_real_array(Z, "Z")
    return unwrap_0d(1.0 / (1.0 + Z**2))


def _factor_theta(theta, z2):
    """(1 + Z^2)(1 + A - B) = 2 (1 + Z^2) A in the gap, at E = Delta sin(theta)."""
    return 2.0 * (1.0 + z2) * _inside(np.cos(theta) ** 2, z2)


def _factor_u(u, z2):
    """(1 + Z^2)(1 + A - B) outside the gap, at |E| = Delta cosh(u)."""
    a, b, _, _ = _outside(np.tanh(u), z2)
    return (1.0 + z2) * (1.0 + a - b)


def _quad(func, a, b, marks):
    inner = sorted({float(m) for m in marks if a < m < b})
    value, _ = integrate.quad(
        func, a, b, points=inner or None, epsabs=1e-13, epsrel=1e-11, limit=400
    )
    return value


def _thermal_btk(ev, delta, z2, kT):
    """Thermal average of (1 + Z^2)(1 + A - B) over the window centred at e V.

    The energy axis is split at -Delta and +Delta (breakpoints).  On each piece a
    change of variables removes the square-root behaviour of the coherence factors
    at the gap edges: E = Delta sin(theta) inside the gap, |E| = Delta cosh(u)
    outside (then sqrt(E^2 - Delta^2) = Delta sinh(u) and the integrand is smooth in
    u).  Both maps also spread the narrow peak that the conductance develops next
    to the gap edge for a strong barrier.
    """
    lo, hi = ev - CUTOFF * kT, ev + CUTOFF * kT
    marks_e = (ev, ev - SHOULDER * kT, ev + SHOULDER * kT)
    total = 0.0
    # |E| < Delta.
    a, b = max(lo, -delta), min(hi, delta)
    if a < b:

        def inside(theta):
            energy = delta * np.sin(theta)
            w = thermal_window(energy, mu=ev, kT=kT)
            return _factor_theta(theta, z2) * w * delta * np.cos(theta)

        marks = [np.arcsin(np.clip(m / delta, -1, 1)) for m in marks_e]
        total += _quad(inside, np.arcsin(a / delta), np.arcsin(b / delta), marks)
    # E > Delta and E < -Delta.
    for sign in (1.0, -1.0):
        # The piece of the window on this side, as |E| from ``a`` to ``b``.
        a, b = (max(lo, delta), hi) if sign > 0 else (max(-hi, delta), -lo)
        if a >= b:
            continue

        def outside(u, sign=sign):
            energy = sign * delta * np.cosh(u)
            w = thermal_window(energy, mu=ev, kT=kT)
            return _factor_u(u, z2) * w * delta * np.sinh(u)

        marks = [np.arccosh(sign * m / delta) for m in marks_e if sign * m > delta]
        total += _quad(outside, np.arccosh(a / delta), np.arccosh(b / delta), marks)
    return total


def btk_conductance(bias, *, delta, Z, kT=0.0):
    r"""Differential conductance ``G_NS(V) / G_N`` of a BTK interface.

    .. math::

        \frac{G_{NS}}{G_N} = (1 + Z^2) \int [1 + A(E) - B(E)]\,
        \Big(-\frac{\partial f}{\partial E}\Big)(E - eV)\, dE,

    which at ``kT = 0`` is ``(1 + Z^2) [1 + A(eV) - B(eV)]`` exactly.

    Parameters
    ----------
    bias : array_like
        Bias ``V`` of the normal lead against the superconductor, in volts
        (``e V`` in eV is the same number).  The result is even in ``V``.
    delta : array_like
        Gap ``Delta`` > 0 in eV.
    Z : array_like
        Barrier strength.
    kT : array_like, optional
        Thermal energy ``k_B T`` in eV (>= 0), of the normal lead.  The gap is
        taken as fixed (no BCS temperature dependence).  All inputs broadcast.

    Returns
    -------
    float or ndarray
        ``G_NS / G_N`` (dimensionless): 2 inside the gap for ``Z = 0``, the
        BCS density of states for ``Z >> 1``, and 1 far above the gap or at
        ``kT >> Delta``.

    Notes
    -----
    The thermal average uses :func:`scipy.integrate.quad` over ``e V +- 40 kT``
    with breakpoints at ``+-Delta`` and at ``e V``, ``e V +- 8 kT``.  The
    factor ``1 + A - B`` is continuous at the gap edges (it is 2 there for
    every ``Z``) but behaves like ``sqrt(|E| - Delta)`` just outside; the
    substitutions ``E = Delta sin(theta)`` inside and ``|E| = Delta cosh(u)``
    outside make every piece smooth.

    References
    ----------
    G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982).
    Course chapter 11.

    Examples
    --------
    >>> btk_conductance([0.0, 2e-3], delta=1e-3, Z=0.0)
    array([2.        , 1.07179677])
    >>> round(float(btk_conductance(0.0, delta=1e-3, Z=1.0)), 6)  # 2(1+Z^2)/(1+2Z^2)^2
    0.444444
    >>> round(float(btk_conductance(0.0, delta=1e-3, Z=0.0, kT=1e-4)), 6)
    1.999954
    """
    bias, delta, z2 = _btk_inputs(bias, delta, Z, "bias")
    kT = check_nonnegative(
        kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state."
    )
    bias, delta, z2, kT = np.broadcast_arrays(bias, delta, z2, kT)
    a, b, _, _ = _coefficients(bias, delta, z2)
    out = (1.0 + z2) * (1.0 + a - b)
    warm = np.flatnonzero(kT > 0)
    if warm.size:
        out = np.array(out, dtype=float).ravel()
        flat = [x.ravel() for x in (bias, delta, z2, kT)]
        for i in warm:
            out[i] = _thermal_btk(*(float(x[i]) for x in flat))
        out = out.reshape(bias.shape)
    return unwrap_0d(out)


#: Gauss-Legendre nodes of :func:`btk_conductance_curve` (in ``s = tanh((E - eV)/2kT)``).
CURVE_NODES = 400


def btk_conductance_curve(bias, *, delta, Z, kT=0.0, nodes=CURVE_NODES):
    r"""``G_NS(V) / G_N`` of a BTK interface on a whole bias sweep at once (fast, for plotting).

    The same thermal average as :func:`btk_conductance`, written in the
    variable :math:`s = \tanh((E - eV)/2k_BT)`, in which the thermal window
    is flat, :math:`(-\partial f/\partial E)\,dE = ds/2`:

    .. math::

        \frac{G_{NS}}{G_N} = \frac{1 + Z^2}{2} \int_{-1}^{1}
        \big[1 + A - B\big]\big(eV + 2k_BT\,\mathrm{artanh}\, s\big)\, ds ,

    evaluated for every bias together (one array operation) by a fixed
    rule: the interval is split at the images of the gap edges ``+-Delta``
    and each piece gets ``nodes // 3`` Gauss-Legendre points in a variable
    ``v`` with ``s = lo + (hi - lo)(1 - cos(pi v))/2``, which smooths the
    square-root cusps of ``1 + A - B`` at the gap edges.  With 400 nodes it
    agrees with the adaptive :func:`btk_conductance` to better than ``1e-6``
    for ``0.02 <= kT / Delta <= 0.5`` and ``Z <= 3`` (see the tests).  At ``kT = 0`` the result is exact.

    Parameters
    ----------
    bias : array_like
        Biases ``V`` in volts (``e V`` in eV), any shape.
    delta : float
        Gap ``Delta`` > 0 in eV.
    Z : float
        Barrier strength.
    kT : float, optional
        Thermal energy in eV (>= 0).
    nodes : int, optional
        Number of Gauss-Legendre nodes (>= 2).

    Returns
    -------
    float or ndarray
        ``G_NS / G_N``, shape of ``bias``.

    References
    ----------
    G. E. Blonder, M. Tinkham and T. M. Klapwijk, Phys. Rev. B 25, 4515 (1982).
    Course chapter 11.

    Examples
    --------
    >>> btk_conductance_curve([0.0, 2e-3], delta=1e-3, Z=0.0)
    array([2.        , 1.07179677])
    >>> round(float(btk_conductance_curve(0.0, delta=1e-3, Z=0.0, kT=1e-4)), 4)
    2.0
    """
    bias = as_real_array(bias, "bias")
    delta = check_scalar(delta, "delta", positive=True, hint="It is the superconducting gap in eV.")
    z2 = check_scalar(Z, "Z") ** 2
    kT = check_scalar(kT, "kT", nonnegative=True, hint="Temperature is absolute: use kT = 0 for the ground state.")
    n = check_size(nodes, "nodes", minimum=2, copies=8 * max(np.size(bias), 1),
                   what="the quadrature nodes at every bias")
    if kT == 0.0:
        a, b, _, _ = _coefficients(bias, np.asarray(delta), np.asarray(z2))
        return unwrap_0d((1.0 + z2) * (1.0 + a - b))
    # Split [-1, 1] at the images of the gap edges, and on each piece map s = lo + (hi - lo)(1 - cos pi v)/2:
    # the map is quadratic at both ends of a piece, which turns the square-root cusps into smooth functions.
    v, w = np.polynomial.legendre.leggauss(max(n // 3, 2))
    v, w = 0.5 * (v + 1.0), 0.5 * w  # on [0, 1]
    edges = np.tanh((np.array([-delta, delta]) - bias[..., None]) / (2.0 * kT))
    ones = np.ones(bias.shape + (1,))
    lo = np.concatenate([-ones, edges], axis=-1)[..., None]  # (..., 3, 1)
    hi = np.concatenate([edges, ones], axis=-1)[..., None]
    s = lo + (hi - lo) * 0.5 * (1.0 - np.cos(np.pi * v))
    jac = (hi - lo) * 0.5 * np.pi * np.sin(np.pi * v)
    s = np.clip(s, -1.0 + 1e-16, 1.0 - 1e-16)
    energy = bias[..., None, None] + 2.0 * kT * np.arctanh(s)
    a, b, _, _ = _coefficients(energy, np.asarray(delta), np.asarray(z2))
    return unwrap_0d((1.0 + z2) * 0.5 * np.sum(w * jac * (1.0 + a - b), axis=(-2, -1)))


def bcs_density_of_states(energy, *, delta):
    """BCS quasiparticle density of states relative to the normal state.

    ``N_s(E) / N_n = |E| / sqrt(E^2 - Delta^2)`` for ``|E| > Delta`` and 0 in
    the gap; it diverges (integrably) at the gap edges.

    Parameters
    ----------
    energy : array_like
        Energy from the Fermi level, in eV.
    delta : array_like
        Gap ``Delta`` > 0 in eV.

    Returns
    -------
    float or ndarray
        Dimensionless ratio; ``inf`` exactly at ``|E| = Delta``.

    References
    ----------
    M. Tinkham, *Introduction to Superconductivity*, 2nd ed. (McGraw-Hill,
    1996), ch. 3.  Course chapter 11.

    Examples
    --------
    >>> bcs_density_of_states([0.5e-3, 2e-3], delta=1e-3).round(6)
    array([0.      , 1.154701])
    """
    energy = np.abs(as_real_array(energy, "energy"))
    delta = check_positive(delta, "delta", hint="It is the superconducting gap in eV.")
    energy, delta = np.broadcast_arrays(energy, delta)
    out = np.zeros(energy.shape)
    above = energy > delta
    out[above] = energy[above] / np.sqrt(
        (energy[above] - delta[above]) * (energy[above] + delta[above])
    )
    out[energy == delta] = np.inf
    return unwrap_0d(out)


def beenakker_conductance(transmissions, *, spin_degeneracy=2, unit="S"):
    r"""Zero-bias conductance of a normal conductor in series with a superconductor.

    .. math::

        G_{NS} = \frac{2 g_s e^2}{h} \sum_n \frac{T_n^2}{(2 - T_n)^2}

    (zero bias and temperature, energy-independent ``T_n``, no magnetic field).
    Compare with the normal-state ``G_N = (g_s e^2/h) sum_n T_n``: for ``T_n = 1``
    the superconductor doubles the conductance, for ``T_n << 1`` it
    suppresses it to second order (``G_NS ~ T^2/2`` per channel).

    Parameters
    ----------
    transmissions : array_like
        Transmission eigenvalues ``T_n`` in [0, 1] of the normal region; the
        sum runs over the last axis (a scalar is one channel).
    spin_degeneracy : int, optional
        ``g_s`` (default 2, which gives the prefactor ``4 e^2/h``).
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result.

    Returns
    -------
    float or ndarray
        ``G_NS`` in ``unit``; shape of ``transmissions`` without its last axis.

    References
    ----------
    C. W. J. Beenakker, Phys. Rev. B 46, 12841 (1992).  Course chapter 11.

    Examples
    --------
    >>> float(beenakker_conductance([1.0, 1.0], unit="G0"))  # twice G_N = 2 G0
    4.0
    >>> round(float(beenakker_conductance(0.5, unit="G0")), 6)  # 2 * 0.25 / 2.25
    0.222222
    """
    T = np.atleast_1d(check_probability(transmissions, "transmissions"))
    if T.shape[-1] == 0:
        raise ValueError("`transmissions` is empty: give the transmission of at least one channel.")
    factor = conductance_quantum(spin_degeneracy, unit)
    out = 2.0 * factor * np.sum(T**2 / (2.0 - T) ** 2, axis=-1)
    return unwrap_0d(out)


# --- Kitaev chain ---------------------------------------------------------------------------------


def _kitaev_inputs(n_sites, t, delta, mu):
    n = check_size(n_sites, "n_sites", minimum=1, power=2, itemsize=64, copies=3,
                   what="the 2 n_sites x 2 n_sites Bogoliubov-de Gennes matrix")
    return n, check_scalar(t, "t"), check_scalar(delta, "delta"), check_scalar(mu, "mu")


def kitaev_hamiltonian(n_sites, *, t, delta, mu):
    r"""Bogoliubov-de Gennes matrix of an open Kitaev chain, dense ``2N x 2N``.

    Basis ``(c_1, ..., c_N, c_1^dagger, ..., c_N^dagger)``, so that
    ``H = (1/2) Psi^dagger H_BdG Psi + const`` with

    .. math::

        H_\mathrm{BdG} = \begin{pmatrix} h & D \\ D^\dagger & -h^T \end{pmatrix},
        \quad h_{jj} = -\mu,\ h_{j,j\pm1} = -t,\quad D_{j+1,j} = -D_{j,j+1} = \Delta .

    Parameters
    ----------
    n_sites : int
        Number of sites ``N`` >= 1.
    t : float
        Hopping between neighbours.
    delta : float
        p-wave pairing between neighbours (real).
    mu : float
        Chemical potential.  All three in one energy unit.

    Returns
    -------
    ndarray, shape (2N, 2N)
        Real symmetric matrix.

    References
    ----------
    A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.

    Examples
    --------
    >>> kitaev_hamiltonian(2, t=1.0, delta=0.5, mu=0.2)
    array([[-0.2, -1. ,  0. , -0.5],
           [-1. , -0.2,  0.5,  0. ],
           [ 0. ,  0.5,  0.2,  1. ],
           [-0.5,  0. ,  1. ,  0.2]])
    """
    n, t, delta, mu = _kitaev_inputs(n_sites, t, delta, mu)
    j = np.arange(n - 1)
    h = np.diag(np.full(n, -mu))
    h[j, j + 1] = -t
    h[j + 1, j] = -t
    d = np.zeros((n, n))
    d[j + 1, j] = delta
    d[j, j + 1] = -delta
    return np.block([[h, d], [d.T, -h.T]])


def kitaev_spectrum(n_sites, *, t, delta, mu):
    """Eigenvalues of the open-chain BdG matrix, in increasing order.

    Parameters
    ----------
    n_sites, t, delta, mu :
        As in :func:`kitaev_hamiltonian`.

    Returns
    -------
    ndarray, shape (2N,)
        Sorted eigenvalues; they come in pairs ``+-E``.  The ``N`` non-negative
        ones are the excitation energies of the chain.

    References
    ----------
    A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.

    Examples
    --------
    At the sweet spot ``mu = 0, t = delta`` two levels sit exactly at zero and
    all others at ``+-2t``:

    >>> kitaev_spectrum(4, t=1.0, delta=1.0, mu=0.0).round(12) + 0.0
    array([-2., -2., -2.,  0.,  0.,  2.,  2.,  2.])
    """
    return np.linalg.eigvalsh(kitaev_hamiltonian(n_sites, t=t, delta=delta, mu=mu))


def kitaev_bulk_spectrum(k, *, t, delta, mu):
    r"""Upper bulk band ``E(k) = sqrt((2t cos k + mu)^2 + 4 Delta^2 sin^2 k)``.

    The lower band is ``-E(k)``.

    Parameters
    ----------
    k : array_like
        Wave number times the lattice constant (radians), in any range.
    t, delta, mu : array_like
        As in :func:`kitaev_hamiltonian`; all inputs broadcast.

    Returns
    -------
    float or ndarray
        ``E(k) >= 0``.  Its minimum over ``k`` is the bulk gap, which closes
        at ``|mu| = 2|t|``.

    References
    ----------
    A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.

    Examples
    --------
    >>> kitaev_bulk_spectrum([0.0, np.pi / 2, np.pi], t=1.0, delta=0.5, mu=0.5)
    array([2.5       , 1.11803399, 1.5       ])
    """
    k = as_real_array(k, "k")
    t = as_real_array(t, "t")
    delta = as_real_array(delta, "delta")
    mu = as_real_array(mu, "mu")
    out = np.sqrt((2.0 * t * np.cos(k) + mu) ** 2 + 4.0 * delta**2 * np.sin(k) ** 2)
    return unwrap_0d(out)


def kitaev_is_topological(*, t, delta, mu):
    """Whether the Kitaev chain is in its topological phase: ``|mu| < 2|t|`` and ``Delta != 0``.

    Parameters
    ----------
    t, delta, mu : array_like
        As in :func:`kitaev_hamiltonian`; all inputs broadcast.

    Returns
    -------
    bool or ndarray of bool
        True where an open chain carries Majorana end modes.  At
        ``|mu| = 2|t|`` the bulk gap is closed and the answer is False.

    References
    ----------
    A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.

    Examples
    --------
    >>> kitaev_is_topological(t=1.0, delta=0.3, mu=[0.0, 1.9, 2.0, -2.5])
    array([ True,  True, False, False])
    """
    t = as_real_array(t, "t")
    delta = as_real_array(delta, "delta")
    mu = as_real_array(mu, "mu")
    out = (np.abs(mu) < 2.0 * np.abs(t)) & (delta != 0)
    return unwrap_0d(out)


class KitaevEndModes(NamedTuple):
    """The BdG eigenstate of an open Kitaev chain closest to zero energy.

    Attributes
    ----------
    energy : float
        Its energy ``E >= 0`` (its partner is at ``-E``).  In the topological
        phase it falls exponentially with the length of the chain.
    density : ndarray, shape (N,)
        ``|u_j|^2 + |v_j|^2`` on each site, normalized to 1.  In the
        topological phase the weight sits at the two ends (one Majorana mode
        at each end, joined into one fermion).
    """

    energy: float
    density: np.ndarray


def kitaev_end_modes(n_sites, *, t, delta, mu):
    """The lowest non-negative BdG level of an open chain and where it lives.

    Parameters
    ----------
    n_sites, t, delta, mu :
        As in :func:`kitaev_hamiltonian`.

    Returns
    -------
    KitaevEndModes
        ``(energy, density)``.

    References
    ----------
    A. Yu. Kitaev, Phys.-Usp. 44, 131 (2001).  Course chapter 11.

    Examples
    --------
    >>> modes = kitaev_end_modes(20, t=1.0, delta=1.0, mu=0.0)
    >>> abs(modes.energy) < 1e-12, modes.density[[0, 1, 10, 18, 19]].round(6) + 0.0
    (True, array([0.5, 0. , 0. , 0. , 0.5]))
    """
    n, *_ = _kitaev_inputs(n_sites, t, delta, mu)
    values, vectors = np.linalg.eigh(kitaev_hamiltonian(n, t=t, delta=delta, mu=mu))
    # Eigenvalues are sorted and paired: index N is the lowest one >= 0, index N - 1 its
    # partner -E.  The pair spans a subspace that is well defined even when E = 0 is
    # degenerate, so the density is averaged over both (each state has the same density).
    pair = vectors[:, n - 1 : n + 1]
    density = np.sum(np.abs(pair[:n]) ** 2 + np.abs(pair[n:]) ** 2, axis=1)
    return KitaevEndModes(float(abs(values[n])), density / density.sum())
