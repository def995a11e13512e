r"""Quantum point contact: Büttiker's saddle-point model (course chapter 3).

Near its narrowest point a split-gate constriction is a saddle,

.. math::

    V(x, y) = V_0 - \tfrac12 m\omega_x^2 x^2 + \tfrac12 m\omega_y^2 y^2 ,

a harmonic confinement across (subbands ``hbar w_y (n + 1/2)``) and an
inverted parabola along.  Transmission through the inverted parabola is
exact, so each transverse mode ``n = 0, 1, 2, ...`` passes with

.. math::

    T_n(E) = \frac{1}{1 + e^{-\pi \varepsilon_n}}, \qquad
    \varepsilon_n = \frac{2\,[E - \hbar\omega_y (n + \tfrac12) - V_0]}{\hbar\omega_x},

a smooth step of width ``~ hbar w_x / (2 pi)`` at the subband threshold.
Flat plateaus need ``hbar w_y >> hbar w_x`` (a constriction that is short
compared with its subband spacing is abrupt enough to blur the steps).

All energies (``energy``, ``V0``, ``hw_x``, ``hw_y``, ``kT``) are in one
unit of your choice; the course uses meV for this model.  Only ratios enter.

Reference: M. Büttiker, "Quantized transmission of a saddle-point
constriction", Phys. Rev. B 41, 7906 (1990).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from qtransport._validation import (
    as_real_array,
    check_nonnegative,
    check_positive,
    check_size,
    unwrap_0d,
)
from qtransport.constants import conductance_quantum
from qtransport.distributions import thermal_window

__all__ = ["saddle_point_transmission", "saddle_point_conductance"]


def _checked(energy, V0, hw_x, hw_y, n_modes):
    energy = as_real_array(energy, "energy")
    V0 = as_real_array(V0, "V0")
    hw_x = check_positive(hw_x, "hw_x", hint="It is hbar*omega_x, the curvature of the barrier.")
    hw_y = check_positive(hw_y, "hw_y", hint="It is hbar*omega_y, the subband spacing.")
    n_modes = check_size(n_modes, "n_modes", minimum=1, copies=4 * max(np.size(energy), 1),
                         what="the subband thresholds at every energy")
    return energy, V0, hw_x, hw_y, n_modes


def _thresholds(V0, hw_y, n_modes):
    """Subband thresholds ``V0 + hw_y (n + 1/2)``, shape (..., n_modes)."""
    n = np.arange(n_modes)
    return np.asarray(V0)[..., None] + np.asarray(hw_y)[..., None] * (n + 0.5)


def saddle_point_transmission(energy, *, V0, hw_x, hw_y, n_modes=10):
    """Transmission of each transverse mode through a saddle-point constriction.

    .. math::

        T_n = \\frac{1}{1 + \\exp(-\\pi\\varepsilon_n)}, \\qquad
        \\varepsilon_n = 2\\,\\frac{E - \\hbar\\omega_y (n + 1/2) - V_0}{\\hbar\\omega_x}.

    Parameters
    ----------
    energy : array_like
        Electron (Fermi) energy ``E``.
    V0 : array_like
        Potential at the saddle point (a gate voltage shifts it).  Broadcasts
        with ``energy``, so a gate sweep is an array ``V0``.
    hw_x : array_like
        ``hbar omega_x`` > 0, curvature of the potential along the channel.
    hw_y : array_like
        ``hbar omega_y`` > 0, transverse subband spacing.
    n_modes : int, optional
        Number of transverse modes ``n = 0 .. n_modes - 1`` to include.
        Include enough modes to cover the energies you use.

    Returns
    -------
    ndarray, shape (..., n_modes)
        ``T_n`` in [0, 1] (dimensionless); the mode index trails.  Mode
        ``n`` is half open (``T_n = 1/2``) at ``E = V0 + hw_y (n + 1/2)``.

    Notes
    -----
    Energies share one unit (e.g. meV).  Evaluated with
    :func:`scipy.special.expit`, which cannot overflow far from the step.
    Course chapter 3.

    References
    ----------
    M. Büttiker, Phys. Rev. B 41, 7906 (1990).

    Examples
    --------
    >>> T = saddle_point_transmission([0.5, 1.5], V0=0.0, hw_x=1.0, hw_y=1.0, n_modes=3)
    >>> T.round(4)
    array([[0.5   , 0.0019, 0.    ],
           [0.9981, 0.5   , 0.0019]])
    """
    energy, V0, hw_x, hw_y, n_modes = _checked(energy, V0, hw_x, hw_y, n_modes)
    shape = np.broadcast_shapes(energy.shape, V0.shape, hw_x.shape, hw_y.shape)
    E = np.broadcast_to(energy, shape)[..., None]
    eps = 2.0 * (E - _thresholds(np.broadcast_to(V0, shape), np.broadcast_to(hw_y, shape), n_modes))
    eps = eps / np.broadcast_to(hw_x, shape)[..., None]
    return expit(np.pi * eps)


# Trapezoid nodes for averaging over a standard logistic variable u (density
# 1 / (4 cosh^2(u/2)), the shape of the thermal window).  With spacing 1/2 on
# [-40, 40] the rule is exact to round-off for the functions used here: the
# integrands are analytic in a strip of half-width pi, where the trapezoid
# error is ~ exp(-2 pi^2 / 0.5) = 7e-18, and the cut tails weigh exp(-40).
_U = np.arange(-40.0, 40.0 + 0.25, 0.5)
_W = thermal_window(_U, 0.0, 1.0)
_W = _W / _W.sum()


def _smoothed_steps(distance, tau, kT):
    """Thermal average of logistic steps, exact for kT = 0.

    Averages ``expit((E - E_n) / tau)`` over ``E`` with the thermal window of
    width ``kT`` at ``mu``, where ``distance = mu - E_n``.  Both the step and
    the window are logistic, so the result is the probability that
    ``tau L1 + kT L2 < distance`` for two independent standard logistic
    variables: one average over the narrower of the two, with the wider one
    as a smooth CDF, converges geometrically whatever the ratio ``kT/tau``.
    """
    distance, tau, kT = np.broadcast_arrays(distance, tau, kT)
    out = expit(distance / tau)  # exact at kT = 0
    # Only steps within reach of the window need the average: beyond 50 (tau + kT)
    # the result is 0 or 1 to within exp(-50).
    busy = (kT > 0) & (np.abs(distance) < 50.0 * (tau + kT))
    if np.any(busy):
        d, t, k = distance[busy], tau[busy], kT[busy]
        narrow = np.minimum(t, k)[:, None]
        wide = np.maximum(t, k)[:, None]
        out[busy] = np.sum(_W * expit((d[:, None] - narrow * _U) / wide), axis=-1)
    return out


def saddle_point_conductance(
    energy,
    *,
    V0,
    hw_x,
    hw_y,
    n_modes=10,
    kT=0.0,
    spin_degeneracy=2,
    unit="S",
):
    """Linear-response conductance of a saddle-point constriction, at any temperature.

    .. math::

        G = \\frac{g_s e^2}{h} \\sum_n \\int T_n(E)\\,
        \\Big(-\\frac{\\partial f}{\\partial E}\\Big)\\, dE

    with ``T_n`` of :func:`saddle_point_transmission` and the Fermi function
    centred on ``energy`` (the Fermi energy).  ``kT = 0`` gives exactly
    ``(g_s e^2/h) sum_n T_n(E_F)``.

    Parameters
    ----------
    energy : array_like
        Fermi energy ``E_F``.
    V0, hw_x, hw_y, n_modes :
        As in :func:`saddle_point_transmission` (``V0`` may carry the gate
        sweep).
    kT : array_like, optional
        Thermal energy ``k_B T`` >= 0, same unit as the energies; broadcasts.
    spin_degeneracy : int, optional
        ``g_s`` (2 by default).
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result: siemens (default), ``G0 = 2e^2/h`` (for plots of
        the staircase: plateaus at 1, 2, 3, ... when ``g_s = 2``) or
        ``e^2/h``.

    Returns
    -------
    float or ndarray
        Conductance in ``unit``, broadcast shape of the inputs.

    Notes
    -----
    The thermal average is computed without an energy grid: a logistic step
    of width ``tau = hw_x / (2 pi)`` averaged over the logistic thermal
    window is the distribution of the sum of two logistic variables, which a
    fixed 161-point rule over the narrower one integrates to round-off for
    any ``kT / tau`` (tested against adaptive quadrature).  Temperature
    washes out the plateaus once ``kT`` approaches ``hw_y / 10`` or so.
    Course chapter 3.

    References
    ----------
    M. Büttiker, Phys. Rev. B 41, 7906 (1990).

    Examples
    --------
    In the middle of the second plateau, cold and warm:

    >>> G = saddle_point_conductance([2.0, 2.0], V0=0.0, hw_x=0.1, hw_y=1.0, kT=[0.0, 0.3], unit="G0")
    >>> G.round(4)
    array([2.    , 2.0003])
    """
    energy, V0, hw_x, hw_y, n_modes = _checked(energy, V0, hw_x, hw_y, n_modes)
    kT = check_nonnegative(
        kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state."
    )
    factor = conductance_quantum(spin_degeneracy, unit)
    shape = np.broadcast_shapes(energy.shape, V0.shape, hw_x.shape, hw_y.shape, kT.shape)
    E, V0, hw_x, hw_y, kT = (np.broadcast_to(a, shape) for a in (energy, V0, hw_x, hw_y, kT))
    distance = E[..., None] - _thresholds(V0, hw_y, n_modes)
    tau = (hw_x / (2.0 * np.pi))[..., None]
    steps = _smoothed_steps(distance, tau, np.broadcast_to(kT[..., None], distance.shape))
    G = factor * steps.sum(axis=-1)
    return unwrap_0d(G)
