r"""Thermoelectric response of a two-terminal conductor in the Landauer picture (chapter 12).

A small temperature difference :math:`\Delta T` and a small bias :math:`V`
between two reservoirs drive a charge current :math:`I` and a heat current
:math:`J`.  For a transmission :math:`T(E)` all linear coefficients follow
from three integrals over the thermal window,

.. math::

    \mathcal{L}_n = \int (E - \mu)^n\, T(E)
        \left(-\frac{\partial f}{\partial E}\right) dE, \qquad n = 0, 1, 2,

namely

.. math::

    G = \frac{g_s e^2}{h} \mathcal{L}_0, \qquad
    S = -\frac{1}{eT} \frac{\mathcal{L}_1}{\mathcal{L}_0}, \qquad
    \kappa = \frac{g_s}{hT} \Big(\mathcal{L}_2 - \frac{\mathcal{L}_1^2}{\mathcal{L}_0}\Big),

the conductance, the Seebeck coefficient (thermopower) and the electronic heat
conductance at zero electric current.  Two dimensionless combinations measure
them against each other: the Lorenz ratio :math:`\kappa / (G T)`, which tends
to the Sommerfeld value :math:`\mathcal{L}_\mathrm{WF} = \pi^2 k_B^2 / (3e^2)`
when :math:`T(E)` is smooth on the scale :math:`k_BT` (Wiedemann-Franz law),
and the figure of merit

.. math:: ZT = \frac{S^2 G T}{\kappa + \kappa_\mathrm{ph}},

with :math:`\kappa_\mathrm{ph}` the heat conductance of the phonons.  A
perfect spin-resolved channel carries the quantum of heat conductance
:math:`\kappa_0 = \pi^2 k_B^2 T / (3h)`, and at low temperature the Seebeck
coefficient follows the Mott formula

.. math::

    S \simeq -\frac{\pi^2 k_B^2 T}{3e}
        \left.\frac{d \ln T(E)}{dE}\right|_{E = \mu}.

Mahan and Sofo showed that a narrow transmission resonance (ideally a delta
function) a few :math:`k_BT` away from :math:`\mu` maximizes :math:`ZT`: the
heat carried at zero current vanishes when all electrons cross at one energy.

Units and conventions
---------------------
* Energies, ``mu`` and ``kT`` in eV; the transmission ``T(E)`` takes energies
  in eV.  Internally each :math:`\mathcal{L}_n` is in eV^n, and the factors of
  ``e`` that turn them into SI units are applied once: with ``T = kT e/k_B``,
  :math:`S = -(k_B/e)\,\mathcal{L}_1 / (k_BT\,\mathcal{L}_0)` and
  :math:`\kappa = g_s e k_B (\mathcal{L}_2 - \mathcal{L}_1^2/\mathcal{L}_0)
  / (h\, k_BT)` with the :math:`\mathcal{L}_n` and ``kT`` in eV.
* Results in SI units: ``G`` in S, ``S`` in V/K, ``kappa`` in W/K, the
  Lorenz ratio in W Ohm / K^2 (= V^2/K^2).
* Sign of ``S``: the carriers are electrons (charge ``-e``) and ``S`` is the
  open-circuit voltage per unit temperature difference, :math:`S = -\Delta V
  / \Delta T`.  When transport above ``mu`` dominates
  (:math:`\mathcal{L}_1 > 0`, ``T`` increasing with energy) ``S < 0``, as in
  an n-type semiconductor.
* ``spin_degeneracy`` ``g_s`` (default 2) multiplies ``G`` and ``kappa``; it
  drops out of ``S``, of the Lorenz ratio and (for ``kappa_ph = 0``) of ``ZT``.
* ``kT`` must be > 0: the coefficients are defined through the thermal window.

References
----------
U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986); P. N. Butcher,
J. Phys.: Condens. Matter 2, 4869 (1990); G. D. Mahan and J. O. Sofo,
Proc. Natl. Acad. Sci. USA 93, 7436 (1996); M. Cutler and N. F. Mott,
Phys. Rev. 181, 1336 (1969); L. G. C. Rego and G. Kirczenow, Phys. Rev.
Lett. 81, 232 (1998) (thermal conductance quantum).  Course chapter 12.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from qtransport._integrate import ConductanceWindow, adaptive_integral
from qtransport._validation import (
    as_real_array,
    check_broadcast,
    check_nonnegative,
    check_positive,
    check_spin_degeneracy,
    unwrap_0d,
)
from qtransport.constants import e, h, k_B
from qtransport.distributions import thermal_window

__all__ = [
    "LORENZ_NUMBER",
    "landauer_integrals",
    "thermoelectric_coefficients",
    "ThermoelectricCoefficients",
    "seebeck_coefficient",
    "electronic_heat_conductance",
    "figure_of_merit",
    "thermal_conductance_quantum",
    "mott_seebeck",
    "sampled_thermoelectric_coefficients",
    "sampled_figure_of_merit",
    "sampled_mott_seebeck",
]

#: Sommerfeld value of the Lorenz number, pi^2 k_B^2 / (3 e^2) (W Ohm / K^2).
LORENZ_NUMBER: float = np.pi**2 * k_B**2 / (3.0 * e**2)

# Relative tolerance of the energy integrals (measured against the integral of |integrand|).
_RTOL = 1e-12


def _callable(transmission):
    if not callable(transmission):
        raise TypeError(
            "`transmission` must be a callable T(E) taking energies in eV, got "
            f"{type(transmission).__name__}. For a constant T use `lambda E: 0.5`."
        )
    return transmission


def _points(points):
    if points is None:
        return np.empty(0)
    return as_real_array(points, "points").ravel()


def _value(transmission, energy):
    """T(E) at one energy, checked: a finite number >= 0."""
    try:
        raw = transmission(energy)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"`transmission` could not be evaluated at E = {energy:.6g} eV: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    arr = np.asarray(raw)
    if arr.dtype == object or arr.dtype.kind not in "biuf" or arr.size != 1:
        raise TypeError(
            f"`transmission` must return one real number per energy, got {raw!r} at "
            f"E = {energy:.6g} eV."
        )
    value = float(arr.reshape(()))
    if not np.isfinite(value) or value < -1e-12:
        raise ValueError(
            f"`transmission` returned T = {value!r} at E = {energy:.6g} eV; a transmission "
            "(summed over channels) is a finite number >= 0."
        )
    return max(value, 0.0)


class _CallFailed(Exception):
    """Carries the error of one call of ``T(E)`` out of the integrator unchanged."""


def _pointwise(transmission):
    """``T`` as the integrator calls it (on an array of energies), one float at a time."""

    def values(E):
        try:
            return np.array([_value(transmission, float(x)) for x in E.ravel()]).reshape(E.shape)
        except (TypeError, ValueError) as exc:
            raise _CallFailed(exc) from None

    return values


def _integrals(transmission, mu, kT, points):
    """(L0, L1, L2) in eV^n for flat arrays of ``mu`` and ``kT > 0``, all points at once.

    The adaptive Gauss-Kronrod rule of :mod:`qtransport._integrate`, with the
    thermal window times ``(E - mu)^n``.  Its tolerance is relative to the
    integral of the absolute value of the integrand, so ``L1`` and ``L2`` are
    accurate even where they vanish (a constant ``T`` gives ``L1 = 0``).
    """
    T = _pointwise(transmission)
    zero = np.zeros(mu.size)
    try:
        return [
            adaptive_integral(T, ConductanceWindow(zero, kT, power=n), mu, points, n_channels=None, rtol=_RTOL)
            for n in (0, 1, 2)
        ]
    except _CallFailed as failed:
        raise failed.args[0] from failed.args[0].__cause__


def _loop(transmission, mu, kT, points):
    """Arrays L0, L1, L2 over the broadcast shape of mu and kT."""
    transmission = _callable(transmission)
    mu = as_real_array(mu, "mu")
    kT = check_positive(
        kT,
        "kT",
        hint="The coefficients are defined through the thermal window, which needs kT > 0.",
    )
    pts = _points(points)
    mu, kT = np.broadcast_arrays(mu, kT)
    l0, l1, l2 = _integrals(transmission, mu.ravel(), kT.ravel(), pts)
    return l0.reshape(mu.shape), l1.reshape(mu.shape), l2.reshape(mu.shape), kT


def landauer_integrals(transmission: Callable, *, mu=0.0, kT, points=None):
    r"""The integrals ``L_n = int (E - mu)^n T(E) (-df/dE) dE`` for ``n = 0, 1, 2``.

    Parameters
    ----------
    transmission : callable
        ``T(E)`` (summed over channels, >= 0) as a function of the energy in
        eV.  It is called with one float at a time.
    mu : array_like, optional
        Electrochemical potential in eV.
    kT : array_like
        Thermal energy ``k_B T`` > 0 in eV.  Broadcasts with ``mu``.
    points : array_like, optional
        Energies (eV) of sharp features of ``T`` (a step, a narrow resonance),
        passed to the integrator as breakpoints.

    Returns
    -------
    L0, L1, L2 : float or ndarray
        In eV^0, eV^1 and eV^2.  ``L0`` is the thermally averaged
        transmission.

    Notes
    -----
    The adaptive Gauss-Kronrod integrator of every energy integral of the
    course (:mod:`qtransport._integrate`, as :func:`qtransport.landauer_conductance`)
    over ``mu +- 40 kT`` (the weight beyond is below ``4e-18``), split at
    ``mu``, ``mu +- 8 kT`` and the ``points`` inside the window; all values of
    ``mu`` and ``kT`` are integrated together.  The tolerance is ``1e-12``
    relative to the integral of ``|E - mu|^n T (-df/dE)``, so that ``L1`` and
    ``L2`` are accurate where they vanish too.

    References
    ----------
    U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986).  Course chapter 12.

    Examples
    --------
    A perfect channel: ``L0 = 1``, ``L1 = 0``, ``L2 = (pi^2/3) kT^2``.

    >>> L0, L1, L2 = landauer_integrals(lambda E: 1.0, kT=0.01)
    >>> round(float(L0), 12), bool(abs(L1) < 1e-15), round(float(L2) / (np.pi**2 / 3 * 1e-4), 10)
    (1.0, True, 1.0)
    """
    l0, l1, l2, _ = _loop(transmission, mu, kT, points)
    return unwrap_0d(l0), unwrap_0d(l1), unwrap_0d(l2)


class ThermoelectricCoefficients(NamedTuple):
    """Linear thermoelectric response of a two-terminal conductor (SI units).

    Attributes
    ----------
    conductance : float or ndarray
        ``G`` in siemens.
    seebeck : float or ndarray
        ``S`` in V/K (negative when electrons above ``mu`` dominate).
    heat_conductance : float or ndarray
        Electronic ``kappa`` at zero electric current, in W/K.
    lorenz_ratio : float or ndarray
        ``kappa / (G T)`` in W Ohm / K^2; :data:`LORENZ_NUMBER` for a smooth ``T(E)``.
    """

    conductance: float | np.ndarray
    seebeck: float | np.ndarray
    heat_conductance: float | np.ndarray
    lorenz_ratio: float | np.ndarray


def _coefficients(transmission, mu, kT, points, spin_degeneracy):
    g_s = check_spin_degeneracy(spin_degeneracy)
    l0, l1, l2, kT = _loop(transmission, mu, kT, points)
    if np.any(l0 <= 0):
        raise ValueError(
            "`transmission` vanishes over the whole thermal window (L0 = 0): no current flows, "
            "and the Seebeck coefficient and heat conductance are undefined."
        )
    return _from_integrals(l0, l1, l2, kT, g_s)


def _from_integrals(l0, l1, l2, kT, g_s):
    """``(G, S, kappa, kappa / (G T), T)`` in S, V/K, W/K, W Ohm/K^2 and K from ``L0 > 0, L1, L2`` and ``kT`` (eV)."""
    G = g_s * e**2 / h * l0
    S = -(k_B / e) * l1 / (kT * l0)
    spread = np.maximum(l2 - l1**2 / l0, 0.0)  # a variance: >= 0 up to round-off
    kappa = g_s * e * k_B * spread / (h * kT)
    temperature = kT * e / k_B
    lorenz = kappa / (G * temperature)
    return G, S, kappa, lorenz, temperature


def thermoelectric_coefficients(
    transmission: Callable, *, mu=0.0, kT, points=None, spin_degeneracy=2
):
    r"""Conductance, Seebeck coefficient, heat conductance and Lorenz ratio.

    .. math::

        G = \frac{g_s e^2}{h}\mathcal{L}_0,\quad
        S = -\frac{\mathcal{L}_1}{eT\mathcal{L}_0},\quad
        \kappa = \frac{g_s}{hT}\Big(\mathcal{L}_2 - \frac{\mathcal{L}_1^2}{\mathcal{L}_0}\Big),
        \quad \frac{\kappa}{GT}.

    Parameters
    ----------
    transmission, mu, kT, points :
        As in :func:`landauer_integrals`.
    spin_degeneracy : int, optional
        ``g_s`` (default 2).

    Returns
    -------
    ThermoelectricCoefficients
        ``(conductance, seebeck, heat_conductance, lorenz_ratio)`` in S, V/K,
        W/K and W Ohm/K^2, each of the broadcast shape of ``mu`` and ``kT``.

    Raises
    ------
    ValueError
        If ``T`` vanishes over the whole thermal window.

    References
    ----------
    U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986); P. N. Butcher,
    J. Phys.: Condens. Matter 2, 4869 (1990).  Course chapter 12.

    Examples
    --------
    A smooth transmission obeys the Wiedemann-Franz law:

    >>> c = thermoelectric_coefficients(lambda E: 0.5 + 0.2 * np.tanh(E / 0.05), kT=1e-4)
    >>> round(float(c.lorenz_ratio / LORENZ_NUMBER), 4)
    1.0
    >>> bool(c.seebeck < 0)  # T grows with energy: electron-like thermopower
    True
    """
    G, S, kappa, lorenz, _ = _coefficients(transmission, mu, kT, points, spin_degeneracy)
    return ThermoelectricCoefficients(unwrap_0d(G), unwrap_0d(S), unwrap_0d(kappa), unwrap_0d(lorenz))


def seebeck_coefficient(transmission: Callable, *, mu=0.0, kT, points=None):
    """Seebeck coefficient ``S = -L1 / (e T L0)`` in V/K.

    Parameters
    ----------
    transmission, mu, kT, points :
        As in :func:`landauer_integrals`.

    Returns
    -------
    float or ndarray
        ``S`` in V/K; zero for an energy-independent ``T``.

    References
    ----------
    U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986).  Course chapter 12.

    Examples
    --------
    A step ``T = theta(E - E0)`` far above ``mu``: each electron carries about
    ``E0 - mu + kT``, so ``S`` is about ``-(k_B/e) ((E0 - mu)/kT + 1)``:

    >>> from qtransport.constants import e, k_B
    >>> S = seebeck_coefficient(lambda E: float(E > 0.01), kT=1e-3, points=[0.01])
    >>> round(float(S / (k_B / e)), 4)
    -11.0
    """
    _, S, _, _, _ = _coefficients(transmission, mu, kT, points, 1)
    return unwrap_0d(S)


def electronic_heat_conductance(
    transmission: Callable, *, mu=0.0, kT, points=None, spin_degeneracy=2
):
    """Electronic heat conductance at zero current, ``(g_s/hT)(L2 - L1^2/L0)``, in W/K.

    Parameters
    ----------
    transmission, mu, kT, points, spin_degeneracy :
        As in :func:`thermoelectric_coefficients`.

    Returns
    -------
    float or ndarray
        ``kappa`` in W/K.

    References
    ----------
    U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986).  Course chapter 12.

    Examples
    --------
    A perfect spin-resolved channel carries one quantum of heat conductance:

    >>> kappa = electronic_heat_conductance(lambda E: 1.0, kT=1e-3, spin_degeneracy=1)
    >>> round(float(kappa / thermal_conductance_quantum(1e-3)), 10)
    1.0
    """
    _, _, kappa, _, _ = _coefficients(transmission, mu, kT, points, spin_degeneracy)
    return unwrap_0d(kappa)


def figure_of_merit(
    transmission: Callable, *, mu=0.0, kT, phonon_conductance=0.0, points=None, spin_degeneracy=2
):
    r"""Thermoelectric figure of merit ``ZT = S^2 G T / (kappa + kappa_ph)``.

    Parameters
    ----------
    transmission, mu, kT, points, spin_degeneracy :
        As in :func:`thermoelectric_coefficients`.
    phonon_conductance : array_like, optional
        Heat conductance of the lattice ``kappa_ph`` >= 0 in W/K (default 0).
        Broadcasts with ``mu`` and ``kT``.

    Returns
    -------
    float or ndarray
        ``ZT`` (dimensionless).  With ``kappa_ph = 0`` it depends on ``T(E)``
        only through its shape, and grows without bound as ``T(E)`` narrows to
        a delta function (Mahan and Sofo).

    References
    ----------
    G. D. Mahan and J. O. Sofo, Proc. Natl. Acad. Sci. USA 93, 7436 (1996).
    Course chapter 12.

    Examples
    --------
    A resonance of width ``kT/10`` at ``2.4 kT`` above ``mu``:

    >>> level = lambda E: 1e-8 / ((E - 2.4e-3) ** 2 + 1e-8)
    >>> round(float(figure_of_merit(level, kT=1e-3, points=[2.4e-3])), 2)
    13.47
    """
    kappa_ph = check_nonnegative(
        phonon_conductance, "phonon_conductance", hint="It is a heat conductance in W/K."
    )
    G, S, kappa, _, temperature = _coefficients(transmission, mu, kT, points, spin_degeneracy)
    return _zt(G, S, kappa, temperature, kappa_ph)


def _zt(G, S, kappa, temperature, kappa_ph):
    """``ZT = S^2 G T / (kappa + kappa_ph)``, refused where the heat conductance vanishes."""
    total = kappa + kappa_ph
    if np.any(total <= 0):
        raise ValueError(
            "`phonon_conductance` + electronic heat conductance is zero: ZT is infinite. "
            "Give a `phonon_conductance` > 0."
        )
    return unwrap_0d(S**2 * G * temperature / total)


def thermal_conductance_quantum(kT):
    """Quantum of heat conductance ``pi^2 k_B^2 T / (3h)`` of one perfect channel, in W/K.

    One spin-resolved channel of unit transmission conducts this much heat
    (electrons, or phonons in a ballistic mode) at low temperature.

    Parameters
    ----------
    kT : array_like
        Thermal energy ``k_B T`` >= 0 in eV.

    Returns
    -------
    float or ndarray
        ``kappa_0`` in W/K, about ``9.46e-13 W/K`` per kelvin.

    References
    ----------
    L. G. C. Rego and G. Kirczenow, Phys. Rev. Lett. 81, 232 (1998);
    K. Schwab et al., Nature 404, 974 (2000).  Course chapter 12.

    Examples
    --------
    >>> from qtransport.constants import thermal_energy
    >>> round(float(thermal_conductance_quantum(thermal_energy(1.0))) * 1e13, 4)
    9.4643
    """
    kT = check_nonnegative(
        kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state."
    )
    return unwrap_0d(np.pi**2 * k_B * (kT * e) / (3.0 * h))


def mott_seebeck(transmission: Callable, *, mu=0.0, kT, step=None):
    r"""Mott's low-temperature Seebeck coefficient ``-(pi^2 k_B^2 T / 3e) d ln T/dE`` at ``mu``.

    With ``kT`` and energies in eV this is ``-(pi^2/3) (k_B/e) kT (d ln T/dE)``
    with the derivative in 1/eV.

    Parameters
    ----------
    transmission : callable
        ``T(E)``, > 0 at ``mu``.
    mu : array_like, optional
        Electrochemical potential in eV.
    kT : array_like
        Thermal energy > 0 in eV.  Broadcasts with ``mu``.
    step : float, optional
        Step (eV) of the five-point central difference for ``dT/dE``;
        ``kT / 100`` by default.  ``T`` must be smooth on this scale.

    Returns
    -------
    float or ndarray
        ``S`` in V/K: the leading term of :func:`seebeck_coefficient` in
        ``kT / W``, with ``W`` the energy scale on which ``T(E)`` varies.

    References
    ----------
    M. Cutler and N. F. Mott, Phys. Rev. 181, 1336 (1969).  Course chapter 12.

    Examples
    --------
    ``T(E) = exp(E / 0.1 eV)`` has ``d ln T/dE = 10 / eV``; at ``kT = 1 meV``:

    >>> from qtransport.constants import e, k_B
    >>> S = mott_seebeck(lambda E: np.exp(E / 0.1), kT=1e-3)
    >>> round(float(S / (k_B / e)), 8)  # -(pi^2/3) * 0.01
    -0.03289868
    """
    transmission = _callable(transmission)
    mu = as_real_array(mu, "mu")
    kT = check_positive(kT, "kT", hint="Use a thermal energy k_B T > 0 in eV.")
    step_arr = None if step is None else check_positive(step, "step")
    shape = check_broadcast({"mu": mu, "kT": kT, **({} if step_arr is None else {"step": step_arr})})
    mu, kT = np.broadcast_to(mu, shape), np.broadcast_to(kT, shape)
    hstep = 0.01 * kT if step_arr is None else np.broadcast_to(step_arr, mu.shape)
    out = np.empty(mu.shape)
    for idx in np.ndindex(mu.shape):
        m, d = float(mu[idx]), float(hstep[idx])
        centre = _value(transmission, m)
        if centre <= 0:
            raise ValueError(
                f"`transmission` is zero at mu = {m:.6g} eV: ln T(E) has no derivative there."
            )
        fm2, fm1, fp1, fp2 = (_value(transmission, m + k * d) for k in (-2, -1, 1, 2))
        slope = (fm2 - 8.0 * fm1 + 8.0 * fp1 - fp2) / (12.0 * d)
        out[idx] = -(np.pi**2 / 3.0) * (k_B / e) * float(kT[idx]) * slope / centre
    return unwrap_0d(out)


# --------------------------------------------------------------------------- sampled transmissions

#: The window must be covered to mu +- this many kT on a sampled grid (weight left out: 2e-13).
_SAMPLED_COVER = 30.0
#: Coarsest grid spacing accepted, in units of kT.
_SAMPLED_STEP = 0.5


def _sampled(energies, transmissions, mu, kT, spin_degeneracy):
    grid = as_real_array(energies, "energies")
    if grid.ndim != 1 or grid.size < 3 or np.any(np.diff(grid) <= 0):
        raise ValueError(
            "`energies` must be a 1-d increasing grid of at least 3 energies (eV), got "
            f"shape {grid.shape}"
        )
    T = as_real_array(transmissions, "transmissions")
    if T.ndim == 0 or T.shape[-1] != grid.size:
        raise ValueError(
            f"`transmissions` must have the `energies` on its last axis ({grid.size} of them), got shape {T.shape}"
        )
    if np.any(T < -1e-12):
        raise ValueError("`transmissions` must be >= 0 (summed over channels).")
    T = np.clip(T, 0.0, None)
    mu = as_real_array(mu, "mu")
    kT = check_positive(kT, "kT", hint="The coefficients are defined through the thermal window, which needs kT > 0.")
    for name, value in (("mu", mu), ("kT", kT)):
        if value.size == 0:
            raise ValueError(f"`{name}` is empty: give at least one value.")
    g_s = check_spin_degeneracy(spin_degeneracy)
    shape = check_broadcast({"transmissions[..., 0]": T[..., 0], "mu": mu, "kT": kT})
    mu_b = np.broadcast_to(mu, shape)[..., None]
    kT_b = np.broadcast_to(kT, shape)[..., None]
    step = float(np.max(np.diff(grid)))
    if step > _SAMPLED_STEP * float(kT.min()):
        raise ValueError(
            f"`energies` has steps up to {step:.3g} eV, too coarse for kT = {float(kT.min()):.3g} eV: "
            f"use steps of at most {_SAMPLED_STEP} kT."
        )
    if float(np.min(mu_b - _SAMPLED_COVER * kT_b)) < grid[0] or float(np.max(mu_b + _SAMPLED_COVER * kT_b)) > grid[-1]:
        raise ValueError(
            f"`energies` must cover the thermal window, `mu` +- {_SAMPLED_COVER:g} `kT`, for every `mu` and `kT`; "
            f"the grid spans [{grid[0]:.4g}, {grid[-1]:.4g}] eV."
        )
    x = grid - mu_b
    w = thermal_window(grid, mu=mu_b, kT=kT_b)
    Tb = np.broadcast_to(T, shape + (grid.size,))
    l0 = np.trapezoid(Tb * w, grid, axis=-1)
    l1 = np.trapezoid(Tb * w * x, grid, axis=-1)
    l2 = np.trapezoid(Tb * w * x * x, grid, axis=-1)
    if np.any(l0 <= 0):
        raise ValueError(
            "`transmissions` vanish over the whole thermal window (L0 = 0): no current flows, "
            "and the Seebeck coefficient and heat conductance are undefined."
        )
    return _from_integrals(l0, l1, l2, np.broadcast_to(kT, shape), g_s)


def sampled_thermoelectric_coefficients(energies, transmissions, *, mu=0.0, kT, spin_degeneracy=2):
    r""":func:`thermoelectric_coefficients` for a transmission sampled on an energy grid, vectorized.

    The integrals ``L_n`` are done by the trapezoid rule on the given grid,
    for a whole stack of transmissions (a gate sweep) and any broadcast of
    ``mu`` and ``kT`` at once; this is the fast route for interactive
    figures.  The rule converges quickly for a smooth integrand, but ``T(E)``
    itself must be resolved by the grid (a resonance of width ``Gamma`` needs
    steps well below ``Gamma``).

    Parameters
    ----------
    energies : array_like, shape (M,)
        Increasing energies in eV, covering ``mu +- 30 kT`` with steps of at
        most ``kT / 2``.
    transmissions : array_like, shape (..., M)
        ``T(E)`` summed over channels (>= 0) on that grid.
    mu, kT : array_like, optional
        Electrochemical potential and thermal energy (> 0) in eV; broadcast
        with ``transmissions.shape[:-1]``.
    spin_degeneracy : int, optional
        ``g_s`` (default 2).

    Returns
    -------
    ThermoelectricCoefficients
        ``(conductance, seebeck, heat_conductance, lorenz_ratio)`` in S, V/K,
        W/K and W Ohm/K^2, of the broadcast shape.

    References
    ----------
    U. Sivan and Y. Imry, Phys. Rev. B 33, 551 (1986); P. N. Butcher,
    J. Phys.: Condens. Matter 2, 4869 (1990).  Course chapter 12.

    Examples
    --------
    A perfect spin-resolved channel conducts one quantum of heat:

    >>> E = np.linspace(-0.05, 0.05, 2001)
    >>> c = sampled_thermoelectric_coefficients(E, np.ones_like(E), kT=1e-3, spin_degeneracy=1)
    >>> round(float(c.heat_conductance / thermal_conductance_quantum(1e-3)), 8)
    1.0
    """
    G, S, kappa, lorenz, _ = _sampled(energies, transmissions, mu, kT, spin_degeneracy)
    return ThermoelectricCoefficients(unwrap_0d(G), unwrap_0d(S), unwrap_0d(kappa), unwrap_0d(lorenz))


def sampled_figure_of_merit(energies, transmissions, *, mu=0.0, kT, phonon_conductance=0.0, spin_degeneracy=2):
    """:func:`figure_of_merit` ``ZT = S^2 G T / (kappa + kappa_ph)`` for a sampled transmission, vectorized.

    Parameters
    ----------
    energies, transmissions, mu, kT, spin_degeneracy :
        As in :func:`sampled_thermoelectric_coefficients`.
    phonon_conductance : array_like, optional
        ``kappa_ph`` >= 0 in W/K (default 0), broadcast with the others.

    Returns
    -------
    float or ndarray
        ``ZT`` (dimensionless).

    References
    ----------
    G. D. Mahan and J. O. Sofo, Proc. Natl. Acad. Sci. USA 93, 7436 (1996).
    Course chapter 12.

    Examples
    --------
    A Lorentzian level of width ``kT/10`` at ``2.4 kT`` (compare :func:`figure_of_merit`):

    >>> E = np.linspace(-0.04, 0.045, 170001)
    >>> T = 1e-8 / ((E - 2.4e-3) ** 2 + 1e-8)
    >>> round(float(sampled_figure_of_merit(E, T, kT=1e-3)), 2)
    13.47
    """
    kappa_ph = check_nonnegative(phonon_conductance, "phonon_conductance", hint="It is a heat conductance in W/K.")
    G, S, kappa, _, temperature = _sampled(energies, transmissions, mu, kT, spin_degeneracy)
    return _zt(G, S, kappa, temperature, kappa_ph)


def sampled_mott_seebeck(energies, transmissions, *, mu=0.0, kT):
    r""":func:`mott_seebeck` for transmissions sampled on a uniform energy grid, vectorized.

    ``S = -(pi^2/3) (k_B/e) kT (dT/dE) / T`` at ``E = mu``, with ``dT/dE``
    from the five-point central difference on the grid (error of order
    ``h^4`` for a step ``h``).

    Parameters
    ----------
    energies : array_like, shape (M,)
        Uniform, increasing grid (eV) with ``mu`` on it and two points on
        each side.
    transmissions : array_like, shape (..., M)
        ``T(E)`` (> 0 at ``mu``) on the grid.
    mu : float, optional
        Electrochemical potential (eV), one of the grid energies.
    kT : array_like
        Thermal energy > 0 (eV), broadcast with ``transmissions.shape[:-1]``.

    Returns
    -------
    float or ndarray
        ``S`` in V/K.

    References
    ----------
    M. Cutler and N. F. Mott, Phys. Rev. 181, 1336 (1969).  Course chapter 12.

    Examples
    --------
    >>> E = np.linspace(-0.01, 0.01, 201)
    >>> S = sampled_mott_seebeck(E, np.exp(E / 0.1), kT=1e-3)
    >>> round(float(S / (k_B / e)), 8)  # -(pi^2/3) * 0.01, as mott_seebeck
    -0.03289868
    """
    grid = as_real_array(energies, "energies")
    if grid.ndim != 1 or grid.size < 5:
        raise ValueError(f"`energies` must be a 1-d grid of at least 5 energies, got shape {grid.shape}")
    steps = np.diff(grid)
    h_step = float(steps.mean())
    if np.any(steps <= 0) or np.max(np.abs(steps - h_step)) > 1e-9 * max(abs(h_step), 1e-300) + 1e-15:
        raise ValueError("`energies` must be a uniform, increasing grid")
    T = as_real_array(transmissions, "transmissions")
    if T.ndim == 0 or T.shape[-1] != grid.size:
        raise ValueError(
            f"`transmissions` must have the `energies` on its last axis ({grid.size} of them), got shape {T.shape}"
        )
    mu_arr = as_real_array(mu, "mu")
    if mu_arr.ndim != 0:
        raise TypeError("`mu` must be a single energy on the grid")
    i = int(np.argmin(np.abs(grid - float(mu_arr))))
    if abs(grid[i] - float(mu_arr)) > 1e-9 * h_step or not 2 <= i <= grid.size - 3:
        raise ValueError(
            f"`mu` = {float(mu_arr):.6g} eV must be a grid energy with two grid points on each side"
        )
    kT = check_positive(kT, "kT", hint="Use a thermal energy k_B T > 0 in eV.")
    centre = T[..., i]
    if np.any(centre <= 0):
        raise ValueError("`transmissions` are zero at `mu`: ln T(E) has no derivative there.")
    slope = (T[..., i - 2] - 8.0 * T[..., i - 1] + 8.0 * T[..., i + 1] - T[..., i + 2]) / (12.0 * h_step)
    return unwrap_0d(-(np.pi**2 / 3.0) * (k_B / e) * kT * slope / centre)
