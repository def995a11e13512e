r"""Quantum Hall plateaus: quantized resistance, edge-channel Hall bars, thermal rounding.

In a strong magnetic field the bulk of a two-dimensional conductor is
insulating and current flows in ``nu`` chiral edge channels, each a perfect
spin-resolved channel (``spin_degeneracy = 1``).  Büttiker's multi-terminal
formula then gives a Hall resistance ``h / (nu e^2)`` and a vanishing
longitudinal resistance, however the contacts are arranged.  What the Hall
resistance of a bar is (which voltage over which current), its sign and the
numbering of the terminals are written down once, in
:func:`qtransport.multiterminal.hall_resistance`; this module gives its size
on a plateau and the edge-channel transmissions of such a bar.  At finite
temperature the next, empty channel (an energy ``Delta`` above the Fermi
level) is partly populated, which rounds the steps.

Course chapter 6.  Reference: M. Büttiker, "Absence of backscattering in
the quantum Hall effect in multiprobe conductors", Phys. Rev. B 38, 9375
(1988).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_flag,
    check_nonnegative,
    check_scalar,
    refuse_bool,
    unwrap_0d,
)
from qtransport.constants import R_K, conductance_quantum
from qtransport.distributions import fermi

__all__ = ["hall_plateau_resistance", "thermal_step_conductance", "hall_bar_transmissions"]


def hall_plateau_resistance(nu):
    """Quantized Hall resistance ``R_xy = h / (nu e^2)`` on the plateau of filling ``nu``.

    The size of the plateau value; for its sign (positive for carriers from
    the source that follow the lower edge) see
    :func:`qtransport.multiterminal.hall_resistance`.

    Parameters
    ----------
    nu : array_like
        Filling factor (number of filled spin-resolved Landau levels, or a
        fraction such as 1/3 for the fractional effect), > 0.

    Returns
    -------
    float or ndarray
        Resistance in ohms: ``R_K / nu`` with the von Klitzing constant
        ``R_K = h/e^2`` (about 25812.807 Ohm).

    Examples
    --------
    >>> round(float(hall_plateau_resistance(1)), 3)
    25812.807
    >>> round(float(hall_plateau_resistance(2)), 3)
    12906.404
    """
    nu = as_real_array(refuse_bool(nu, "nu"), "nu")
    if np.any(nu <= 0):
        raise ValueError(f"`nu` must be > 0 (a filling factor), got {nu.tolist()}.")
    out = R_K / nu
    return unwrap_0d(out)


def thermal_step_conductance(n_filled, *, delta, kT, unit="S"):
    """Two-terminal conductance of ``N`` edge channels plus a thermally populated one.

    .. math::

        G = \\frac{e^2}{h}\\Big(N + \\frac{1}{e^{\\Delta/k_BT} + 1}\\Big),

    the Landauer conductance of the step transmission
    ``T(E) = N + Theta(E - E_F - Delta)``: the channel ``N + 1`` opens an
    energy ``Delta`` above the Fermi level and carries the fraction
    ``f(E_F + Delta)`` of a conductance quantum.  Spin resolved
    (``g_s = 1``).

    Parameters
    ----------
    n_filled : array_like of int
        Number ``N`` >= 0 of fully transmitted edge channels.
    delta : array_like
        Distance ``Delta`` from the Fermi level up to the next channel's
        threshold (negative if the threshold lies below the Fermi level).
    kT : array_like
        Thermal energy >= 0, same unit as ``delta``.  ``kT = 0`` gives the
        exact step (``1/2`` exactly at ``delta = 0``).  All broadcast.
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result (siemens by default).

    Returns
    -------
    float or ndarray
        Conductance in ``unit``; between ``N`` and ``N + 1`` in ``e^2/h``.

    Examples
    --------
    >>> float(thermal_step_conductance(2, delta=0.0, kT=0.1, unit="e^2/h"))
    2.5
    >>> round(float(thermal_step_conductance(2, delta=1.0, kT=0.1, unit="e^2/h")), 6)
    2.000045
    """
    N = as_real_array(refuse_bool(n_filled, "n_filled"), "n_filled")
    if np.any(N < 0) or np.any(N != np.round(N)):
        raise ValueError(f"`n_filled` must be whole numbers >= 0, got {N.tolist()}.")
    delta = as_real_array(delta, "delta")
    kT = check_nonnegative(kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state.")
    out = conductance_quantum(1, unit) * (N + fermi(delta, 0.0, kT))
    return unwrap_0d(out)


def hall_bar_transmissions(nu, *, reflected=0.0, reverse_field=False):
    """Transmission matrix of a six-terminal Hall bar with ``nu`` edge channels.

    Terminals, counterclockwise: 0 = source (left end), 1 = lower-left,
    2 = lower-right, 3 = drain (right end), 4 = upper-right, 5 = upper-left
    (the numbering of :func:`qtransport.multiterminal.hall_resistance`).
    Edge channels carry electrons from each contact to the next one
    counterclockwise (``T[(i + 1) % 6, i] = nu``); ``reverse_field=True``
    reverses the field and with it the chirality (the transpose).

    A constriction in the middle of the bar can reflect ``reflected`` of the
    ``nu`` channels onto the opposite edge (lower edge leaving 1 back to 5,
    upper edge leaving 4 back to 2).  The multi-terminal formula then gives,
    in units of ``R_K = h/e^2``,

    .. math::

        R_{xy} = \\frac{1}{\\nu}, \\qquad
        R_{xx} = \\frac{r}{\\nu(\\nu - r)}, \\qquad
        R_{2T} = \\frac{1}{\\nu - r} = R_{xy} + R_{xx} .

    Parameters
    ----------
    nu : int
        Number of spin-resolved edge channels (>= 1).
    reflected : float, optional
        ``r`` in [0, nu): channels' worth backscattered at the constriction.
    reverse_field : bool, optional
        Reverse the magnetic field (clockwise edge channels).

    Returns
    -------
    ndarray, shape (6, 6)
        ``T[i, j]`` from ``j`` into ``i``, rows and columns summing to ``nu``
        (use ``spin_degeneracy=1`` in
        :func:`qtransport.multiterminal.conductance_matrix`).

    Examples
    --------
    >>> from qtransport.multiterminal import conductance_matrix, hall_resistance
    >>> G = conductance_matrix(hall_bar_transmissions(2), spin_degeneracy=1, unit="e^2/h")
    >>> float(hall_resistance(G))  # in h/e^2
    0.5
    """
    nu_value = as_real_array(refuse_bool(nu, "nu"), "nu")
    reverse_field = check_flag(reverse_field, "reverse_field")
    if nu_value.ndim != 0 or nu_value < 1 or nu_value != np.round(nu_value):
        raise ValueError(f"`nu` must be a whole number >= 1, got {nu!r}.")
    nu_value = float(nu_value)
    r = check_scalar(reflected, "reflected")
    if not 0 <= r < nu_value:
        raise ValueError(
            f"`reflected` must lie in [0, nu) = [0, {nu_value:g}), got {r!r}: at least part of a "
            "channel must get through the constriction."
        )
    T = nu_value * np.roll(np.eye(6), 1, axis=0)
    T[2, 1], T[5, 1] = nu_value - r, r
    T[5, 4], T[2, 4] = nu_value - r, r
    return T.T.copy() if reverse_field else T
