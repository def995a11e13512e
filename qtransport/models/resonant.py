r"""A single resonant level between two leads: the Breit-Wigner formula.

A level at energy ``eps`` is coupled to a left and a right lead, which give
it the escape rates ``Gamma_L / hbar`` and ``Gamma_R / hbar``.  Its retarded
Green's function and the transmission through it are

.. math::

    G^r(E) = \frac{1}{E - \varepsilon + i\Gamma/2}, \qquad
    T(E) = \Gamma_L \Gamma_R\, |G^r(E)|^2
         = \frac{\Gamma_L \Gamma_R}{(E - \varepsilon)^2 + (\Gamma/2)^2},
    \qquad \Gamma = \Gamma_L + \Gamma_R .

The peak value ``4 Gamma_L Gamma_R / Gamma^2`` reaches 1 for symmetric
coupling; the full width at half maximum is ``Gamma``.

All energies (``energy``, ``level``, the widths, ``kT``) share one unit
(eV in the course); only ratios enter.  Course chapters 2 (the formula, and
the same result from a chain Green's function) and 7 (thermal broadening
against Coulomb-blockade peaks).

Reference: G. Breit and E. Wigner, Phys. Rev. 49, 519 (1936);
S. Datta, *Electronic Transport in Mesoscopic Systems* (CUP 1995), ch. 3.
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import as_real_array, check_nonnegative, unwrap_0d
from qtransport.constants import conductance_quantum

__all__ = ["single_level_greens_function", "breit_wigner", "breit_wigner_conductance"]


def _checked(energy, level, gamma_left, gamma_right, name="energy"):
    energy = as_real_array(energy, name)
    level = as_real_array(level, "level")
    gL = check_nonnegative(gamma_left, "gamma_left", hint="It is a coupling width, hbar times a rate.")
    gR = check_nonnegative(gamma_right, "gamma_right", hint="It is a coupling width, hbar times a rate.")
    if np.any(gL + gR == 0):
        raise ValueError(
            "`gamma_left` + `gamma_right` must be > 0: a level coupled to no lead has no "
            "width and an infinitely sharp (undefined) transmission peak."
        )
    return energy, level, gL, gR


def single_level_greens_function(energy, *, level, gamma_left, gamma_right):
    """Retarded Green's function ``G^r = 1 / (E - eps + i Gamma / 2)`` of a coupled level.

    The leads enter through their self-energy ``-i (Gamma_L + Gamma_R) / 2``
    (wide-band limit: no level shift, energy-independent widths).

    Parameters
    ----------
    energy : array_like
        Energy ``E``.
    level : array_like
        Level energy ``eps``.
    gamma_left, gamma_right : array_like
        Coupling widths ``Gamma_L, Gamma_R`` >= 0 (not both zero).  All
        inputs broadcast.

    Returns
    -------
    complex or ndarray of complex
        ``G^r`` in inverse energy units.  ``-Im G^r / pi`` is the level's
        density of states, a Lorentzian of unit area.

    Examples
    --------
    >>> complex(single_level_greens_function(0.0, level=0.0, gamma_left=1.0, gamma_right=1.0))
    -1j
    """
    energy, level, gL, gR = _checked(energy, level, gamma_left, gamma_right)
    out = 1.0 / (energy - level + 0.5j * (gL + gR))
    return unwrap_0d(out)


def breit_wigner(energy, *, level, gamma_left, gamma_right):
    """Breit-Wigner transmission through one level.

    .. math::

        T(E) = \\frac{\\Gamma_L \\Gamma_R}{(E - \\varepsilon)^2 + (\\Gamma/2)^2},
        \\qquad \\Gamma = \\Gamma_L + \\Gamma_R .

    Parameters
    ----------
    energy : array_like
        Energy ``E``.
    level : array_like
        Level energy ``eps``.
    gamma_left, gamma_right : array_like
        Coupling widths >= 0 (not both zero), same unit as ``energy``.

    Returns
    -------
    float or ndarray
        ``T`` in [0, 1] (dimensionless): maximum ``4 Gamma_L Gamma_R /
        Gamma^2`` at ``E = eps``, full width at half maximum ``Gamma``,
        area ``2 pi Gamma_L Gamma_R / Gamma``.

    References
    ----------
    G. Breit and E. Wigner, Phys. Rev. 49, 519 (1936).  Course chapter 2.

    Examples
    --------
    >>> breit_wigner([0.0, 1.0], level=0.0, gamma_left=1.0, gamma_right=1.0)
    array([1. , 0.5])
    """
    energy, level, gL, gR = _checked(energy, level, gamma_left, gamma_right)
    half = 0.5 * (gL + gR)
    out = gL * gR / ((energy - level) ** 2 + half**2)
    return unwrap_0d(out)


# Bernoulli numbers B_2, B_4, ..., B_14 for the asymptotic series of the trigamma function.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)
_SHIFT = 16


def _trigamma(z):
    """psi'(z) for complex z with Re z >= 1/2 (relative accuracy ~ 1e-15).

    Recurrence ``psi'(z) = 1/z^2 + psi'(z + 1)`` up to ``|z + 16| >= 16``, then
    the asymptotic series ``1/w + 1/(2w^2) + sum_k B_2k / w^(2k+1)``.
    (:func:`scipy.special.polygamma` takes real arguments only.)
    """
    z = np.asarray(z, dtype=complex)
    total = np.zeros_like(z)
    for k in range(_SHIFT):
        total += 1.0 / (z + k) ** 2
    w = z + _SHIFT
    inv2 = 1.0 / (w * w)
    power = 1.0 / w
    series = power + 0.5 * inv2
    for b in _BERNOULLI:
        power = power * inv2
        series = series + b * power
    return total + series


def breit_wigner_conductance(
    mu, *, level, gamma_left, gamma_right, kT=0.0, spin_degeneracy=2, unit="S"
):
    """Linear-response conductance through one level at temperature ``kT``.

    .. math::

        G = \\frac{g_s e^2}{h} \\int T_\\mathrm{BW}(E)\\,
        \\Big(-\\frac{\\partial f}{\\partial E}\\Big) dE
        = \\frac{g_s e^2}{h}\\,
        \\frac{\\Gamma_L \\Gamma_R}{\\pi \\Gamma\\, k_BT}\\,
        \\mathrm{Re}\\,\\psi'\\!\\Big(\\frac12 + \\frac{\\Gamma/2 + i(\\varepsilon - \\mu)}{2\\pi k_BT}\\Big),

    with ``psi'`` the trigamma function (the sum over the poles of the Fermi
    function).  At ``kT = 0`` it is ``(g_s e^2/h) T_BW(mu)`` exactly.  For
    ``kT >> Gamma`` it tends to the thermally broadened peak
    ``(g_s e^2/h) (pi/2) (Gamma_L Gamma_R / Gamma) / kT / cosh^2((eps - mu)/2kT)``,
    whose height falls as ``1/T`` and whose width grows as ``kT``.

    Parameters
    ----------
    mu : array_like
        Fermi energy of the leads.
    level, gamma_left, gamma_right :
        As in :func:`breit_wigner`.
    kT : array_like, optional
        Thermal energy >= 0 (same unit).  All inputs broadcast.
    spin_degeneracy : int, optional
        ``g_s``: 2 by default; 1 for a spin-resolved (spinless) level.
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result (siemens by default).

    Returns
    -------
    float or ndarray
        Conductance in ``unit``.

    References
    ----------
    Course chapter 7 (coherent resonant tunnelling against sequential
    tunnelling); the closed form is checked against adaptive quadrature.

    Examples
    --------
    >>> breit_wigner_conductance([0.0, 0.0], level=0.0, gamma_left=1e-3,
    ...                          gamma_right=1e-3, kT=[0.0, 0.1], unit="e^2/h",
    ...                          spin_degeneracy=1).round(5)
    array([1.     , 0.00781])
    """
    mu, level, gL, gR = _checked(mu, level, gamma_left, gamma_right, name="mu")
    kT = check_nonnegative(kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state.")
    factor = conductance_quantum(spin_degeneracy, unit)
    mu, level, gL, gR, kT = np.broadcast_arrays(mu, level, gL, gR, kT)
    gamma = gL + gR
    cold = gL * gR / ((mu - level) ** 2 + (0.5 * gamma) ** 2)
    warm = kT > 0
    out = np.array(cold, dtype=float)
    if np.any(warm):
        t = kT[warm]
        z = 0.5 + (0.5 * gamma[warm] + 1j * (level[warm] - mu[warm])) / (2.0 * np.pi * t)
        out[warm] = gL[warm] * gR[warm] / (np.pi * gamma[warm] * t) * _trigamma(z).real
    out = factor * out
    return unwrap_0d(out)
