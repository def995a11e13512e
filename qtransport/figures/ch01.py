"""Data of the figures of chapter 1: reservoirs, the bias window and the Landauer formula.

* :func:`bias_window_data`: the occupations of two reservoirs over the
  transmission of a resonant level, and the current;
* :func:`resonant_iv_data`: the current-voltage curve of a resonant level,
  its linear-response line and its saturation current;
* :func:`conductance_temperature_data`: the linear-response conductance of
  a resonant level against temperature, with the thermal window.

Every figure shows one resonant level coupled symmetrically
(``Gamma_L = Gamma_R = Gamma/2``, Breit-Wigner transmission
:func:`qtransport.breit_wigner`).  Arguments are in meV and mV, as on the
sliders; currents are returned in amperes, conductances in siemens or in
units of ``G0 = 2e^2/h`` as stated.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import G0
from qtransport.distributions import fermi, thermal_window
from qtransport.figures._data import FigureData
from qtransport.landauer import iv_curve, landauer_conductance, landauer_current
from qtransport.models.resonant import breit_wigner

__all__ = ["bias_window_data", "resonant_iv_data", "conductance_temperature_data"]

MEV = 1e-3  # eV per meV (and V per mV)
#: A bias (V) far beyond every energy scale of the level: the saturation current.
HUGE_BIAS = 200.0


def _level(level_meV, gamma_meV):
    """``T(E)`` (E in eV) of a level at ``level_meV`` of total width ``gamma_meV``, shared equally."""
    level, half = level_meV * MEV, gamma_meV * MEV / 2
    return lambda E: breit_wigner(E, level=level, gamma_left=half, gamma_right=half)


def bias_window_data(bias_mV, kT_meV, mu_meV, *, gamma_meV=1.0, points=961, half_width_meV=12.0):
    """Occupations ``f_L``, ``f_R`` over ``T(E)`` of a level at 0, and the Landauer current.

    The reservoirs sit at ``mu +- eV/2`` with occupations :func:`qtransport.fermi`;
    the current is :func:`qtransport.landauer_current`, the integral of
    ``T (f_L - f_R)`` (``g_s = 2``).

    Parameters
    ----------
    bias_mV : float
        Bias ``V`` in mV.
    kT_meV : float
        Thermal energy ``k_BT`` of both reservoirs, in meV (>= 0).
    mu_meV : float
        Equilibrium chemical potential, in meV from the level.
    gamma_meV : float, optional
        Total width ``Gamma`` of the level, in meV.
    points : int, optional
        Energies of the grid.
    half_width_meV : float, optional
        The grid spans ``[-half_width_meV, half_width_meV]``.

    Returns
    -------
    FigureData
        ``E`` ``(points,)`` meV; ``T``, ``f_left``, ``f_right``, ``window``
        ``= f_L - f_R`` and ``integrand`` ``= T (f_L - f_R)``, each
        ``(points,)``; ``mu_left``, ``mu_right``: the two chemical potentials
        in meV; ``current``: the current in A.

    Examples
    --------
    >>> data = bias_window_data(0.0, 0.3, 0.0)
    >>> float(data.current), float(abs(data.window).max())
    (0.0, 0.0)
    """
    energies_meV = np.linspace(-half_width_meV, half_width_meV, points)
    energies = energies_meV * MEV
    transmission = _level(0.0, gamma_meV)
    mu, kT, bias = mu_meV * MEV, kT_meV * MEV, bias_mV * MEV
    f_left = fermi(energies, mu=mu + bias / 2, kT=kT)
    f_right = fermi(energies, mu=mu - bias / 2, kT=kT)
    T = transmission(energies)
    return FigureData(
        E=energies_meV, T=T, f_left=f_left, f_right=f_right, window=f_left - f_right,
        integrand=T * (f_left - f_right), mu_left=mu_meV + bias_mV / 2, mu_right=mu_meV - bias_mV / 2,
        current=landauer_current(transmission, bias, mu=mu, kT=kT, points=[0.0]),
    )


def resonant_iv_data(gamma_meV, kT_meV, level_meV, *, points=161, max_bias_mV=40.0):
    """``I(V)`` of a resonant level at ``mu = 0``, its linear response ``G V`` and saturation.

    The curve is :func:`qtransport.iv_curve` (relative tolerance ``1e-6``),
    ``G`` is :func:`qtransport.landauer_conductance` and the saturation
    current is :func:`qtransport.landauer_current` at a bias of
    :data:`HUGE_BIAS` volts.

    Parameters
    ----------
    gamma_meV : float
        Total width ``Gamma`` of the level, in meV.
    kT_meV : float
        Thermal energy, in meV (>= 0).
    level_meV : float
        Energy of the level from ``mu = 0``, in meV.
    points : int, optional
        Biases of the curve, on ``[-max_bias_mV, max_bias_mV]``.
    max_bias_mV : float, optional
        The largest bias, in mV.

    Returns
    -------
    FigureData
        ``V`` ``(points,)`` mV; ``I`` ``(points,)`` A; ``G``: the
        linear-response conductance in S; ``linear`` ``(points,)``: ``G V``
        in A; ``I_max``: the saturation current in A.
    """
    biases_mV = np.linspace(-max_bias_mV, max_bias_mV, points)
    transmission = _level(level_meV, gamma_meV)
    kT, where = kT_meV * MEV, [level_meV * MEV]
    G = landauer_conductance(transmission, mu=0.0, kT=kT, points=where)
    return FigureData(
        V=biases_mV, I=iv_curve(transmission, biases_mV * MEV, mu=0.0, kT=kT, points=where, rtol=1e-6),
        G=G, linear=G * biases_mV * MEV,
        I_max=landauer_current(transmission, HUGE_BIAS, mu=0.0, kT=kT, points=where, rtol=1e-7),
    )


def conductance_temperature_data(kT_meV, detuning_meV, gamma_meV, *, temperatures=49, points=1201,
                                 half_width_meV=6.0):
    """``G/G0`` of a resonant level against ``k_BT``, and the thermal window at one ``k_BT``.

    ``G`` is :func:`qtransport.landauer_conductance` (relative tolerance
    ``1e-6``) at ``mu = 0``; the window is ``-df/dE``,
    :func:`qtransport.thermal_window`, per meV.

    Parameters
    ----------
    kT_meV : float
        The chosen thermal energy, in meV (> 0 on the log slider; 0 allowed).
    detuning_meV : float
        Level energy minus ``mu``, in meV.
    gamma_meV : float
        Total width ``Gamma`` of the level, in meV.
    temperatures : int, optional
        Thermal energies of the sweep, log-spaced from 0.01 to 100 meV.
    points : int, optional
        Energies of the left panel.
    half_width_meV : float, optional
        Those energies span ``[-half_width_meV, half_width_meV]``.

    Returns
    -------
    FigureData
        ``E`` ``(points,)`` meV, ``T`` and ``window`` ``(points,)`` (the
        latter in 1/meV); ``kT`` ``(temperatures,)`` meV and ``G``
        ``(temperatures,)`` in units of ``G0``; ``G_now``: ``G/G0`` at
        ``kT_meV``.
    """
    kT_sweep_meV = np.logspace(-2, 2, temperatures)
    energies_meV = np.linspace(-half_width_meV, half_width_meV, points)
    transmission = _level(detuning_meV, gamma_meV)
    where = [detuning_meV * MEV]
    G_sweep = landauer_conductance(transmission, mu=0.0, kT=kT_sweep_meV * MEV, points=where, rtol=1e-6)
    G_now = landauer_conductance(transmission, mu=0.0, kT=kT_meV * MEV, points=where, rtol=1e-6)
    return FigureData(
        E=energies_meV, T=transmission(energies_meV * MEV),
        window=thermal_window(energies_meV * MEV, mu=0.0, kT=kT_meV * MEV) * MEV,
        kT=kT_sweep_meV, G=G_sweep / G0, G_now=G_now / G0,
    )
