"""The Fermi function and the thermal window as array kernels, without argument checks.

The one implementation of each formula: :func:`qtransport.fermi` and
:func:`qtransport.thermal_window` check their arguments and call these; the
energy integrals of :mod:`qtransport._integrate` call them directly, on
arrays that are already checked, many times per integral.

All of them broadcast and never overflow; energies, ``mu`` and ``kT`` share
one unit.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit


def occupation(E, mu, kT):
    """Fermi-Dirac occupation ``1 / (exp((E - mu)/kT) + 1)``; ``kT`` may be 0 (an exact step).

    The logistic function :func:`scipy.special.expit` keeps full relative
    precision in both tails; at ``kT = 0`` the step is 1 below ``mu``, 0 above
    and 1/2 exactly at ``mu``.
    """
    d, kT = np.broadcast_arrays(E - mu, kT)
    warm = kT > 0
    if np.all(warm):
        return expit(-d / kT)
    cold = np.where(d < 0, 1.0, np.where(d > 0, 0.0, 0.5))
    if not np.any(warm):
        return cold
    with np.errstate(divide="ignore", invalid="ignore"):
        hot = expit(-d / np.where(warm, kT, 1.0))
    return np.where(warm, hot, cold)


def minus_dfde(E, mu, kT):
    """The thermal window ``-df/dE = 1 / (4 kT cosh^2((E - mu)/2kT))`` for ``kT > 0``.

    Written as ``x / (kT (1 + x)^2)`` with ``x = exp(-|E - mu|/kT)``, so that
    nothing overflows far from ``mu``.
    """
    x = np.exp(-np.abs(E - mu) / kT)
    return x / (kT * (1.0 + x) ** 2)


def occupation_difference(E, mu_L, mu_R, kT):
    """``f(E; mu_L, kT) - f(E; mu_R, kT)`` without cancellation, for ``kT > 0``.

    With ``x = |E - mu|/kT``, ``mu = (mu_L + mu_R)/2`` and ``b = (mu_L - mu_R)/2kT``
    the difference is ``sinh(b) / (cosh(x) + cosh(b))``.  Numerator and
    denominator are scaled by ``exp(-max(x, |b|))``; every exponential left has
    a non-positive argument, so nothing overflows, and at small bias no digits
    are lost (the plain difference of two occupations would lose them).  Two
    exponentials per energy.
    """
    x = np.abs(E - 0.5 * (mu_L + mu_R)) / kT
    b = 0.5 * (mu_L - mu_R) / kT
    ab = np.abs(b)
    g = np.exp(-np.abs(x - ab))
    p = np.exp(-2.0 * np.minimum(x, ab))
    sh = -np.expm1(-2.0 * ab)  # 1 - exp(-2|b|), per bias point
    outside = x >= ab  # beyond the bias window: the scale is exp(-x)
    num = np.where(outside, g, 1.0) * sh
    den = np.where(outside, 1.0 + g * (1.0 + p + g * p), 1.0 + g * (1.0 + p) + np.exp(-2.0 * ab))
    return np.sign(b) * num / den
