r"""Incoherent scatterers in series: how Ohm's law emerges (course chapters 4 and 8).

Without phase coherence the probabilities of multiple reflections between
scatterers add (not their amplitudes).  The quantity that adds up is then
the "reflection over transmission" of each scatterer,

.. math::

    \frac{1 - T}{T} = \sum_k \frac{1 - T_k}{T_k},

which is its four-probe resistance in units of ``h/(2e^2)``.  ``N``
identical scatterers spaced by ``a``, each with ``(1 - T_k)/T_k = a/l``,
give ``T = l / (L + l)`` with ``L = N a``: a wire of length ``L`` and
mean free path ``l``, whose resistance

.. math:: R = \frac{h}{g_s N_c e^2}\Big(1 + \frac{L}{l}\Big)

is a length-independent contact part plus a part growing linearly with
``L`` (Ohm's law).

Reference: S. Datta, *Electronic Transport in Mesoscopic Systems* (CUP
1995), section 2.5; M. Büttiker, Phys. Rev. B 33, 3020 (1986).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_count,
    check_nonnegative,
    check_positive,
    check_probability,
    refuse_bool,
    unwrap_0d,
)
from qtransport.constants import conductance_quantum

__all__ = ["incoherent_series", "ohmic_transmission", "ohmic_conductance", "ohmic_resistance"]


def incoherent_series(transmissions, *, axis=-1):
    """Transmission of scatterers combined incoherently in series.

    .. math:: T = \\Big[1 + \\sum_k \\frac{1 - T_k}{T_k}\\Big]^{-1}.

    For two barriers this is the average of the coherent Fabry-Perot result
    over the round-trip phase, ``T1 T2 / (T1 + T2 - T1 T2)``.

    Parameters
    ----------
    transmissions : array_like
        Single-channel transmissions ``T_k`` in [0, 1], the scatterers
        along ``axis``.
    axis : int, optional
        Axis holding the scatterers (the last one by default).

    Returns
    -------
    float or ndarray
        Total transmission in [0, 1], with ``axis`` removed; exactly 0 if
        any ``T_k`` is 0.

    Examples
    --------
    >>> float(incoherent_series([0.5, 0.5]))  # 1 / (1 + 1 + 1)
    0.3333333333333333
    >>> incoherent_series([[1.0, 0.2], [0.5, 0.0]])
    array([0.2, 0. ])
    """
    T = check_probability(transmissions, "transmissions")
    if T.ndim == 0:
        raise ValueError(
            "`transmissions` must be an array of scatterers (at least one axis), got a scalar."
        )
    axis = check_count(axis, "axis", minimum=-T.ndim, maximum=T.ndim - 1)
    opaque = np.any(T == 0, axis=axis)
    safe = np.where(T == 0, 1.0, T)
    resistance = np.sum((1.0 - safe) / safe, axis=axis)
    out = np.where(opaque, 0.0, 1.0 / (1.0 + resistance))
    return unwrap_0d(out)


def _length_and_path(length, mean_free_path):
    L = check_nonnegative(length, "length", hint="It is the length of the wire.")
    ell = check_positive(mean_free_path, "mean_free_path", hint="Use the same unit as `length`.")
    return L, ell


def ohmic_transmission(length, mean_free_path):
    """Transmission per channel of a diffusive wire, ``T = l / (L + l)``.

    Parameters
    ----------
    length : array_like
        Wire length ``L`` >= 0.
    mean_free_path : array_like
        Mean free path ``l`` > 0, same unit as ``length``.  They broadcast.

    Returns
    -------
    float or ndarray
        ``T`` in (0, 1], dimensionless; 1 at ``L = 0`` (ballistic).

    Examples
    --------
    >>> float(ohmic_transmission(3.0, 1.0))
    0.25
    """
    L, ell = _length_and_path(length, mean_free_path)
    out = ell / (L + ell)
    return unwrap_0d(out)


def ohmic_conductance(
    length, mean_free_path, n_channels, *, spin_degeneracy=2, unit="S"
):
    """Conductance of a diffusive wire, ``G = (g_s e^2/h) N l / (L + l)``.

    Parameters
    ----------
    length, mean_free_path : array_like
        ``L`` >= 0 and ``l`` > 0 in one unit.
    n_channels : array_like of int
        Number of channels ``N`` >= 1.
    spin_degeneracy : int, optional
        ``g_s`` (2 by default, giving ``G0 N l / (L + l)``).
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result (siemens by default).

    Returns
    -------
    float or ndarray
        Conductance in ``unit``.  For ``L >> l`` it is ``G0 N l / L``: ``G0 N l``
        is a conductance times a length (``sigma A`` for a wire of cross-section
        ``A``), and ``l`` is the Landauer mean free path, ``(pi/2) l_tr`` in 2D and
        ``(4/3) l_tr`` in 3D (Beenakker 1997).

    Examples
    --------
    >>> float(ohmic_conductance(1.0, 1.0, 4, unit="G0"))
    2.0
    """
    N = as_real_array(refuse_bool(n_channels, "n_channels"), "n_channels")
    if np.any(N < 1) or np.any(N != np.round(N)):
        raise ValueError(f"`n_channels` must be whole numbers >= 1, got {N.tolist()}.")
    out = conductance_quantum(spin_degeneracy, unit) * N * ohmic_transmission(length, mean_free_path)
    return unwrap_0d(out)


def ohmic_resistance(length, mean_free_path, n_channels, *, spin_degeneracy=2):
    """Resistance of a diffusive wire, ``R = h / (g_s N e^2) (1 + L / l)``.

    The inverse of :func:`ohmic_conductance`: the contact resistance
    ``h / (g_s N e^2)`` plus a part linear in the length.

    Parameters
    ----------
    length, mean_free_path, n_channels, spin_degeneracy :
        As in :func:`ohmic_conductance`.

    Returns
    -------
    float or ndarray
        Resistance in ohms.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> round(float(ohmic_resistance(3.0, 1.0, 1) / R0), 12)  # contact 1 + wire 3
    4.0
    """
    return 1.0 / ohmic_conductance(
        length, mean_free_path, n_channels, spin_degeneracy=spin_degeneracy
    )
