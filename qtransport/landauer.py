r"""Landauer current and conductance of a two-terminal conductor.

Two reservoirs, left (L) and right (R), feed a coherent scatterer of total
transmission ``T(E)``.  The net current is

.. math::

    I = \frac{g_s e}{h} \int T(E)\,[f_L(E) - f_R(E)]\, dE,
    \qquad f_\alpha(E) = \frac{1}{e^{(E - \mu_\alpha)/k_BT_\alpha} + 1},

and its linear-response limit is the conductance

.. math::

    G = \frac{g_s e^2}{h} \int T(E) \left(-\frac{\partial f}{\partial E}\right) dE
    \;\xrightarrow{k_BT \to 0}\; \frac{g_s e^2}{h}\, T(\mu).

Units and conventions
---------------------
* Energies, ``mu`` and ``kT`` in eV, ``bias`` in volts, current in amperes,
  conductance in siemens.  :mod:`qtransport.constants` converts kelvin to eV.
* The bias is applied symmetrically: ``mu_L = mu + e V / 2`` and
  ``mu_R = mu - e V / 2`` (so ``mu_L - mu_R = e V``).  A positive bias drives
  electrons from left to right and gives a positive current: ``I`` has the
  sign of ``V`` whenever ``T`` does not depend on energy, and ``G = I / V``.
* ``spin_degeneracy`` ``g_s`` (default 2) multiplies everything: with
  ``g_s = 2`` one perfect channel conducts ``G0 = 2 e^2 / h``.
* ``kT = 0`` is exact: the occupations are steps, the current is the integral
  of ``T`` over ``[mu_R, mu_L]`` and the conductance is ``g_s e^2/h T(mu)``.

The transmission is given either as a function or as samples:

* a callable ``T(E)`` taking an array of energies (eV) and returning an array
  of the same shape (a constant may be returned as a scalar); the integral is
  then computed adaptively to a relative accuracy of about ``1e-10``;
* an array of samples on an increasing grid ``energies``; the integral is
  then a fourth-order product rule on the grid (see :func:`landauer_current`).

Reference: chapter 1 of the course; S. Datta, *Electronic Transport in
Mesoscopic Systems* (Cambridge, 1995), ch. 2; Y. Imry and R. Landauer,
Rev. Mod. Phys. 71, S306 (1999).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qtransport._integrate import (
    ConductanceWindow,
    CurrentWindow,
    EnergyGridWarning,
    Grid,
    adaptive_integral,
    evaluate_transmission,
)
from qtransport._validation import (
    as_real_array,
    check_nonnegative,
    check_scalar,
    check_spin_degeneracy,
    unwrap_0d,
)
from qtransport.constants import G0

__all__ = [
    "landauer_current",
    "landauer_conductance",
    "iv_curve",
    "EnergyGridWarning",
]


# --- Shared input handling -----------------------------------------------------------------


def _n_channels(n_channels):
    if n_channels is None:
        return None
    return check_scalar(n_channels, "n_channels", positive=True)


def _rtol(rtol):
    value = check_scalar(rtol, "rtol")
    if not 1e-14 <= value <= 1e-2:
        raise ValueError(
            f"`rtol` must lie in [1e-14, 1e-2], got {rtol!r}: double precision cannot do better "
            "than about 1e-14, and above 1e-2 the answer would not be worth having."
        )
    return value


def _points(points):
    if points is None:
        return np.empty(0)
    pts = as_real_array(points, "points").ravel()
    return pts


def _kind(transmission, energies):
    if callable(transmission):
        if energies is not None:
            raise ValueError(
                "`energies` is only used with sampled transmissions; with a callable T(E) the "
                "integration chooses its own energies. Drop `energies`, or pass T sampled on it."
            )
        return "callable"
    if isinstance(transmission, (str, bytes, dict)) or transmission is None:
        raise TypeError(
            "`transmission` must be a callable T(E) or an array of samples on `energies`, got "
            f"{type(transmission).__name__}."
        )
    if np.ndim(transmission) == 0:
        raise TypeError(
            "`transmission` must be a callable T(E) or an array of samples on `energies`, got "
            f"the single number {transmission!r}. For an energy-independent T use "
            f"`lambda E: {transmission!r}`."
        )
    return "samples"


def landauer_current(
    transmission: Callable | np.ndarray,
    bias,
    *,
    mu=0.0,
    kT=0.0,
    kT_left=None,
    kT_right=None,
    energies=None,
    spin_degeneracy=2,
    n_channels=None,
    points=None,
    rtol=1e-10,
):
    r"""Current through a two-terminal conductor at finite bias and temperature.

    .. math::

        I = \frac{g_s e}{h} \int T(E)\,[f_L(E) - f_R(E)]\,dE,
        \qquad \mu_{L,R} = \mu \pm eV/2.

    Parameters
    ----------
    transmission : callable or array_like
        Either ``T(E)``, a function of an array of energies (eV) returning an
        array of the same shape, or samples of ``T`` on ``energies``, shape
        ``(M,)``.  Values must lie in ``[0, n_channels]``.
    bias : array_like
        Bias ``V`` in volts.  Any shape; broadcasts with ``mu`` and the
        temperatures, and the result has the broadcast shape.
    mu : array_like, optional
        Equilibrium electrochemical potential in eV (the Fermi energy).
    kT : array_like, optional
        Thermal energy ``k_B T`` in eV of both reservoirs (>= 0).
    kT_left, kT_right : array_like, optional
        Separate thermal energies of the left and right reservoirs; each
        defaults to ``kT``.  A temperature difference drives a
        thermoelectric current even at zero bias.
    energies : array_like, optional
        Strictly increasing grid (eV), shape ``(M,)``, when ``transmission``
        holds samples.  ``T`` is taken as zero outside the grid.
    spin_degeneracy : int, optional
        ``g_s``: 2 for spin-degenerate channels, 1 for spin-resolved ones.
    n_channels : float, optional
        Number of channels bounding ``T``; when given, ``T > n_channels``
        is refused and the interpolant of sampled data is capped there.
    points : array_like, optional
        Energies (eV) where a callable ``T(E)`` has sharp features
        (resonances narrower than the window, steps, band edges); the
        adaptive integration splits there.  Ignored for samples.
    rtol : float, optional
        Relative error target of the adaptive integration (callables).

    Returns
    -------
    float or ndarray
        Current in amperes, shape of the broadcast inputs.  Positive when
        electrons flow from left to right (the sign of ``V`` for an
        energy-independent ``T``).

    Warns
    -----
    EnergyGridWarning
        Sampled ``T`` only: the grid spacing within 10 kT of a Fermi level
        exceeds that reservoir's ``kT``, or the window (20 kT beyond the
        Fermi levels) leaves the grid at an end where ``T`` is not zero.
    scipy.integrate.IntegrationWarning
        Callable ``T`` only: the adaptive integration did not reach ``rtol``.

    Raises
    ------
    ValueError
        Negative or NaN temperature, bias or mu; ``T`` outside
        ``[0, n_channels]`` (samples or values returned by the callable);
        samples and ``energies`` of different shapes; energies not strictly
        increasing.
    TypeError
        ``transmission`` neither callable nor an array, a callable that
        cannot take arrays, non-numeric inputs, a non-integer spin degeneracy.

    Notes
    -----
    *Callable T(E).*  For each bias the integrand is restricted to
    ``[min mu_a - 40 kT_a, max mu_a + 40 kT_a]`` (the tails beyond weigh less
    than ``exp(-40) = 4e-18``; at ``kT = 0`` this is exactly
    ``[mu_R, mu_L]``), cut at both Fermi levels, at ``mu_a +- 8 kT_a`` and at
    ``points``, and integrated by globally adaptive 21-point Gauss-Kronrod
    bisection (the QUADPACK QK21 rule and error estimate) until the error
    estimate is below ``rtol`` times ``int |T (f_L - f_R)| dE``.  All biases
    are refined together and ``T`` is called once per refinement round on
    all new nodes.  Splitting at the Fermi levels makes ``kT = 0`` steps
    exact; the QK21 estimate is conservative, so smooth ``T(E)`` comes out
    to about ``1e-12`` relative (``1e-8`` is guaranteed by the tests).

    *Sampled T(E).*  Between samples ``T`` is the cubic through the four
    nearest samples (error ``O(h^4)`` in the spacing ``h``; it is cut at 0
    and at ``n_channels`` where it would overshoot next to a sharp step).
    This piecewise cubic times ``f_L - f_R`` is integrated by 4-point
    Gauss-Legendre on every grid interval, which resolves the thermal window
    to ``2e-10`` while ``h <= kT``.  Grid intervals holding a
    zero-temperature Fermi edge are split at it, so ``kT = 0`` is exact for
    the interpolant; near a Fermi level whose ``kT`` is below the spacing,
    the intervals are cut in steps of ``kT`` over ``+-40 kT``, so the result
    stays the integral of the interpolant (and tends continuously to the
    ``kT = 0`` value) however fine the window.  What no rule can supply is
    structure of ``T(E)`` between the samples: hence the warning when
    ``h > kT``.  The edges of the window are taken ``40 kT`` beyond the
    Fermi levels; ``T = 0`` outside the grid.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); M. Büttiker, Phys. Rev. B
    38, 9375 (1988); course chapter 1.

    Examples
    --------
    One perfect channel at zero temperature carries ``G0 V``:

    >>> from qtransport.constants import G0
    >>> I = landauer_current(lambda E: 1.0, 1e-3)
    >>> round(float(I / (G0 * 1e-3)), 12)
    1.0

    A resonant level (Breit-Wigner, ``Gamma_L = Gamma_R = 10 meV`` at
    50 meV) on an array of biases: once the level sits inside the bias
    window the current saturates towards ``(g_s e^2/h) * 2 pi Gamma_L
    Gamma_R / Gamma = 2.434 uA``:

    >>> level = lambda E: 1e-4 / ((E - 0.05) ** 2 + 1e-4)
    >>> I = landauer_current(level, [0.0, 0.05, 0.2, 2.0], kT=0.0025, points=[0.05])
    >>> (I * 1e6).round(3)  # microamperes
    array([0.   , 0.2  , 2.228, 2.419])
    """
    kind = _kind(transmission, energies)
    bias = as_real_array(bias, "bias")
    mu = as_real_array(mu, "mu")
    hint = "Temperatures are absolute; use 0 for the ground state."
    kT = check_nonnegative(kT, "kT", hint=hint)
    kT_L = kT if kT_left is None else check_nonnegative(kT_left, "kT_left", hint=hint)
    kT_R = kT if kT_right is None else check_nonnegative(kT_right, "kT_right", hint=hint)
    g_s = check_spin_degeneracy(spin_degeneracy)
    n_channels = _n_channels(n_channels)
    rtol = _rtol(rtol)
    try:
        shape = np.broadcast_shapes(bias.shape, mu.shape, kT_L.shape, kT_R.shape)
    except ValueError:
        raise ValueError(
            f"`bias` {bias.shape}, `mu` {mu.shape} and the temperatures "
            f"{kT_L.shape}, {kT_R.shape} do not broadcast to a common shape."
        ) from None
    flat = [np.broadcast_to(x, shape).ravel().astype(float) for x in (bias, mu, kT_L, kT_R)]
    bias_f, mu_f, kTL_f, kTR_f = flat
    if kind == "callable":
        window = CurrentWindow(0.5 * bias_f, -0.5 * bias_f, kTL_f, kTR_f)
        integral = adaptive_integral(
            transmission, window, mu_f, _points(points), n_channels=n_channels, rtol=rtol
        )
    else:
        window = CurrentWindow(mu_f + 0.5 * bias_f, mu_f - 0.5 * bias_f, kTL_f, kTR_f)
        grid = Grid(transmission, energies, n_channels)
        grid.check_window(window)
        integral = grid.integrate(window)
    current = (g_s * G0 / 2.0) * integral.reshape(shape)
    return unwrap_0d(current)


def iv_curve(transmission, biases, **options):
    """Current-voltage characteristic: :func:`landauer_current` over an array of biases.

    Parameters
    ----------
    transmission : callable or array_like
        As in :func:`landauer_current`.
    biases : array_like
        Bias voltages (V), typically ``np.linspace(-V, V, n)``.
    **options
        Keyword options of :func:`landauer_current` (``mu``, ``kT``,
        ``kT_left``, ``kT_right``, ``energies``, ``spin_degeneracy``, ...).

    Returns
    -------
    ndarray
        Currents in amperes, same shape as ``biases``.

    References
    ----------
    As for :func:`landauer_current`.

    Examples
    --------
    A single channel of transmission 1/2 is an Ohmic resistor of ``2 R0``:

    >>> from qtransport.constants import G0
    >>> V = np.array([-2e-3, 0.0, 2e-3])
    >>> I = iv_curve(lambda E: 0.5, V, kT=0.01)
    >>> np.allclose(I, 0.5 * G0 * V, rtol=1e-12, atol=0)
    True
    """
    biases = as_real_array(biases, "biases")
    return np.asarray(landauer_current(transmission, biases, **options), dtype=float)


def landauer_conductance(
    transmission: Callable | np.ndarray,
    *,
    mu=0.0,
    kT=0.0,
    energies=None,
    spin_degeneracy=2,
    n_channels=None,
    points=None,
    rtol=1e-10,
):
    r"""Linear-response conductance: the transmission averaged over the thermal window.

    .. math::

        G = \frac{g_s e^2}{h} \int T(E) \left(-\frac{\partial f}{\partial E}\right) dE,
        \qquad -\frac{\partial f}{\partial E} = \frac{1}{4 k_BT \cosh^2[(E-\mu)/2k_BT]},

    which is ``dI/dV`` at zero bias.  At ``kT = 0`` the window is a delta
    function and ``G = (g_s e^2/h) T(mu)`` exactly.

    Parameters
    ----------
    transmission : callable or array_like
        ``T(E)`` as a function of energy (eV), or samples on ``energies``.
    mu : array_like, optional
        Electrochemical potential (Fermi energy) in eV.  Any shape; a sweep
        gives a conductance curve.  Broadcasts with ``kT``.
    kT : array_like, optional
        Thermal energy ``k_B T`` in eV (>= 0).
    energies : array_like, optional
        Strictly increasing grid (eV) of the samples.  ``T`` is zero outside.
    spin_degeneracy : int, optional
        ``g_s`` (default 2).
    n_channels : float, optional
        Upper bound of ``T`` (number of channels), checked when given.
    points : array_like, optional
        Energies of sharp features of a callable ``T`` (see
        :func:`landauer_current`).
    rtol : float, optional
        Relative error target of the adaptive integration (callables).

    Returns
    -------
    float or ndarray
        Conductance in siemens, broadcast shape of ``mu`` and ``kT``.
        Divide by :data:`qtransport.constants.G0` for units of ``2e^2/h``.

    Warns
    -----
    EnergyGridWarning
        Sampled ``T``: spacing above ``kT`` near ``mu``, or the window
        (``mu +- 20 kT``) leaving the grid where ``T`` is not zero.

    Raises
    ------
    ValueError, TypeError
        As in :func:`landauer_current`.

    Notes
    -----
    Same integration methods as :func:`landauer_current`, with the window
    ``-df/dE`` cut at ``mu +- 40 kT`` and split at ``mu`` and ``mu +- 8 kT``.
    For samples at ``kT = 0``, ``T(mu)`` is the four-point cubic interpolant.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 2; course chapter 1.

    Examples
    --------
    Three open channels, at zero temperature, in units of ``G0``:

    >>> from qtransport.constants import G0
    >>> float(landauer_conductance(lambda E: 3.0, mu=0.1) / G0)
    3.0

    A step of ``T`` seen through the thermal window: at ``mu`` on the step
    half of the window transmits:

    >>> step = lambda E: np.where(E > 0.0, 1.0, 0.0)
    >>> G = landauer_conductance(step, mu=[-0.05, 0.0, 0.05], kT=0.01, points=[0.0])
    >>> (G / G0).round(6)
    array([0.006693, 0.5     , 0.993307])
    """
    kind = _kind(transmission, energies)
    mu = as_real_array(mu, "mu")
    kT = check_nonnegative(kT, "kT", hint="Temperatures are absolute; use 0 for the ground state.")
    g_s = check_spin_degeneracy(spin_degeneracy)
    n_channels = _n_channels(n_channels)
    rtol = _rtol(rtol)
    try:
        shape = np.broadcast_shapes(mu.shape, kT.shape)
    except ValueError:
        raise ValueError(
            f"`mu` {mu.shape} and `kT` {kT.shape} do not broadcast together."
        ) from None
    mu_f = np.broadcast_to(mu, shape).ravel().astype(float)
    kT_f = np.broadcast_to(kT, shape).ravel().astype(float)
    out = np.zeros(mu_f.size)
    cold, warm = kT_f == 0, kT_f > 0
    if kind == "callable":
        if np.any(cold):
            out[cold] = evaluate_transmission(transmission, mu_f[cold], n_channels)
        if np.any(warm):
            window = ConductanceWindow(np.zeros(np.count_nonzero(warm)), kT_f[warm])
            out[warm] = adaptive_integral(
                transmission, window, mu_f[warm], _points(points), n_channels=n_channels, rtol=rtol
            )
    else:
        grid = Grid(transmission, energies, n_channels)
        window = ConductanceWindow(mu_f, kT_f)
        grid.check_window(window)
        if np.any(cold):
            out[cold] = grid.at(mu_f[cold])
        if np.any(warm):
            out[warm] = grid.integrate(ConductanceWindow(mu_f[warm], kT_f[warm]))
    conductance = (g_s * G0 / 2.0) * out.reshape(shape)
    return unwrap_0d(conductance)
