"""Occupation of reservoir states: the Fermi-Dirac distribution.

A reservoir in equilibrium at electrochemical potential ``mu`` and thermal
energy ``kT`` fills a state at energy ``E`` with probability

.. math:: f(E) = \\frac{1}{\\exp[(E - \\mu)/k_BT] + 1}.

Energies, ``mu`` and ``kT`` share one unit (eV in the analytic models, the
hopping ``t`` in lattice work); the functions never convert.  ``kT = 0`` is
handled exactly as a step, never by dividing by zero.
"""

from __future__ import annotations

import numpy as np

from qtransport._thermal import minus_dfde, occupation
from qtransport._validation import as_real_array, check_nonnegative, unwrap_0d

__all__ = ["fermi", "thermal_window"]


def _checked(energy, mu, kT):
    energy = as_real_array(energy, "energy")
    mu = as_real_array(mu, "mu")
    kT = check_nonnegative(kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state.")
    return energy, mu, kT


def fermi(energy, mu=0.0, kT=0.0):
    """Fermi-Dirac occupation ``f(E) = 1 / (exp((E - mu)/kT) + 1)``.

    Parameters
    ----------
    energy : array_like
        Energies ``E`` (any unit, the same as ``mu`` and ``kT``).
    mu : array_like, optional
        Electrochemical potential of the reservoir.  Broadcasts with ``energy``.
    kT : array_like, optional
        Thermal energy ``k_B T`` (>= 0).  ``0`` gives the step
        ``f = 1`` below ``mu``, ``0`` above and ``1/2`` exactly at ``mu``.

    Returns
    -------
    ndarray
        Occupation in [0, 1] (dimensionless), broadcast shape of the inputs.

    Notes
    -----
    Evaluated as the logistic function ``expit(-x)`` with ``x = (E - mu)/kT``
    (:func:`scipy.special.expit`), which never overflows and keeps full
    relative precision in both tails.

    References
    ----------
    N. W. Ashcroft and N. D. Mermin, *Solid State Physics* (Saunders, 1976),
    ch. 2; course chapter 1.

    Examples
    --------
    >>> fermi([-1.0, 0.0, 1.0], mu=0.0, kT=0.0)
    array([1. , 0.5, 0. ])
    >>> float(fermi(0.1, mu=0.0, kT=0.025))
    0.017986209962
    """
    energy, mu, kT = _checked(energy, mu, kT)
    return unwrap_0d(occupation(energy, mu, kT))


def thermal_window(energy, mu=0.0, kT=0.0):
    """The thermal window ``-df/dE = 1 / (4 kT cosh^2((E - mu) / 2kT))``.

    It is positive, has unit area and a full width at half maximum of about
    ``3.53 kT``; linear-response conductance is ``T(E)`` averaged over it.

    Parameters
    ----------
    energy, mu : array_like
        As in :func:`fermi`.
    kT : array_like
        Thermal energy, strictly positive here: at ``kT = 0`` the window is a
        Dirac delta, which no array can hold.  Functions that integrate over
        the window (:func:`qtransport.landauer_conductance`) treat ``kT = 0``
        exactly by evaluating at ``mu`` instead.

    Returns
    -------
    ndarray
        ``-df/dE`` in inverse energy units.

    References
    ----------
    As for :func:`fermi`.

    Examples
    --------
    >>> float(thermal_window(0.0, kT=0.5))
    0.5
    """
    energy, mu, kT = _checked(energy, mu, kT)
    if np.any(kT == 0):
        raise ValueError(
            "`kT` must be > 0 for thermal_window: at zero temperature -df/dE is a delta "
            "function. Evaluate the transmission at `mu` instead."
        )
    return unwrap_0d(minus_dfde(energy, mu, kT))
