"""Physical constants and energy units of the course.

Every number comes from :mod:`scipy.constants` (CODATA values; since the 2019
redefinition of the SI, ``e``, ``h`` and ``k_B`` are exact).  They are plain
module-level floats in SI units:

=========  ===========================================  =================
name       meaning                                      value
=========  ===========================================  =================
``e``      elementary charge                            1.602e-19 C
``h``      Planck constant                              6.626e-34 J s
``hbar``   reduced Planck constant ``h / 2 pi``          1.055e-34 J s
``k_B``    Boltzmann constant                           1.381e-23 J/K
``G0``     conductance quantum ``2 e^2 / h``            7.748e-5 S
``R0``     ``1 / G0 = h / (2 e^2)``                     12906.4 Ohm
``R_K``    von Klitzing constant ``h / e^2``            25812.8 Ohm
``e2_h``   ``e^2 / h``, one spin-resolved channel       3.874e-5 S
=========  ===========================================  =================

``G0`` counts both spin directions: one spin-degenerate channel of perfect
transmission conducts ``G0``.  A single spin-resolved channel (quantum Hall
edge, ``spin_degeneracy = 1``) conducts ``e2_h = e^2 / h = 1 / R_K = G0 / 2``; :func:`conductance_quantum` gives
``g_s e^2 / h`` for any spin degeneracy, in siemens or in units of ``G0`` or
``e^2 / h`` (the ``unit`` keyword of every conductance function).

Energies in the analytic parts of the course are in electronvolts.  The
helpers below convert temperatures and frequencies to that scale:
``thermal_energy(4.2)`` is ``k_B T`` in eV at 4.2 K, and
:func:`convert_energy` moves between eV, meV, ueV, J, kelvin (``k_B T``)
and gigahertz (``h f``).

References
----------
CODATA 2018 recommended values, as shipped with :mod:`scipy.constants`.
"""

from __future__ import annotations

import numpy as np
import scipy.constants as _sc

from qtransport._validation import (
    as_real_array,
    check_choice,
    check_nonnegative,
    check_spin_degeneracy,
    unwrap_0d,
)

__all__ = [
    "e",
    "h",
    "hbar",
    "k_B",
    "G0",
    "R0",
    "R_K",
    "e2_h",
    "CONDUCTANCE_UNITS",
    "conductance_quantum",
    "ENERGY_UNITS",
    "thermal_energy",
    "temperature_from_energy",
    "convert_energy",
]

#: Elementary charge (C).
e: float = _sc.e
#: Planck constant (J s).
h: float = _sc.h
#: Reduced Planck constant h / 2 pi (J s).
hbar: float = _sc.hbar
#: Boltzmann constant (J/K).
k_B: float = _sc.k
#: Conductance quantum 2 e^2 / h (S), both spin directions of one channel.
G0: float = 2.0 * e**2 / h
#: Resistance quantum 1 / G0 = h / (2 e^2) (Ohm).
R0: float = h / (2.0 * e**2)
#: Von Klitzing constant h / e^2 (Ohm), the resistance of one spin-resolved channel.
R_K: float = h / e**2
#: Conductance of one spin-resolved channel of perfect transmission, e^2 / h (S).
e2_h: float = e**2 / h

#: Units understood by the ``unit`` keyword of conductance functions.
CONDUCTANCE_UNITS = ("S", "G0", "e^2/h")


def conductance_quantum(spin_degeneracy=2, unit="S"):
    """The conductance ``g_s e^2 / h`` of one perfectly transmitting channel.

    Parameters
    ----------
    spin_degeneracy : int, optional
        ``g_s``, the number of spin directions a channel carries (2, the default,
        gives ``G0``; 1 a spin-resolved channel such as a quantum Hall edge).
    unit : {"S", "G0", "e^2/h"}, optional
        The unit of the result: siemens (default), ``G0 = 2 e^2/h`` or ``e^2/h``.

    Returns
    -------
    float
        ``g_s e^2 / h`` in ``unit``: ``g_s e2_h`` S, ``g_s / 2`` G0 or ``g_s`` e^2/h.

    Examples
    --------
    >>> conductance_quantum() == G0, conductance_quantum(1) == e2_h
    (True, True)
    >>> conductance_quantum(1, unit="G0"), conductance_quantum(2, unit="e^2/h")
    (0.5, 2.0)
    """
    spin_degeneracy = check_spin_degeneracy(spin_degeneracy)
    check_choice(unit, "unit", CONDUCTANCE_UNITS)
    if unit == "S":
        return spin_degeneracy * e**2 / h
    if unit == "G0":
        return spin_degeneracy / 2.0
    return float(spin_degeneracy)

# Size of one unit in eV.  The eV family is kept as exact powers of ten so that
# conversions among eV, meV and ueV are exact multiplications by 10**n.
_EV_EXPONENT = {"eV": 0, "meV": -3, "ueV": -6}
_ALIASES = {"µeV": "ueV", "μeV": "ueV"}  # micro sign and Greek mu
_IN_EV = {
    "eV": 1.0,
    "meV": 1e-3,
    "ueV": 1e-6,
    "J": 1.0 / e,
    "K": k_B / e,
    "GHz": h * 1e9 / e,
}

#: Units understood by :func:`convert_energy`.
ENERGY_UNITS: tuple[str, ...] = tuple(_IN_EV)


def _unit(unit, name):
    if not isinstance(unit, str):
        raise TypeError(
            f"`{name}` must be a unit name (a string such as 'meV'), got {unit!r} of type "
            f"{type(unit).__name__}."
        )
    unit = _ALIASES.get(unit, unit)
    if unit not in _IN_EV:
        options = ", ".join(repr(u) for u in ENERGY_UNITS)
        raise ValueError(
            f"`{name}` must be one of {options} (units are case-sensitive: 'K' is kelvin, "
            f"'GHz' is h f), got {unit!r}."
        )
    return unit


def thermal_energy(temperature):
    """Thermal energy ``k_B T`` in electronvolts.

    Parameters
    ----------
    temperature : array_like
        Absolute temperature in kelvin (>= 0).

    Returns
    -------
    float or ndarray
        ``k_B T`` in eV, same shape as ``temperature``.

    See Also
    --------
    temperature_from_energy : the inverse.

    References
    ----------
    CODATA 2018 values as shipped with :mod:`scipy.constants`: E. Tiesinga,
    P. J. Mohr, D. B. Newell and B. N. Taylor, Rev. Mod. Phys. 93, 025010 (2021).

    Examples
    --------
    >>> round(1e3 * float(thermal_energy(300.0)), 3)  # room temperature, in meV
    25.852
    >>> thermal_energy([0.0, 4.2])
    array([0.        , 0.00036193])
    """
    temperature = check_nonnegative(
        temperature, "temperature", hint="Temperatures are absolute, in kelvin."
    )
    return unwrap_0d(temperature * (k_B / e))


def temperature_from_energy(kT):
    """Temperature in kelvin whose thermal energy ``k_B T`` is ``kT`` electronvolts.

    Parameters
    ----------
    kT : array_like
        Thermal energy in eV (>= 0).

    Returns
    -------
    float or ndarray
        ``T = kT / k_B`` in kelvin, same shape as ``kT``.

    References
    ----------
    CODATA 2018 values as shipped with :mod:`scipy.constants`: E. Tiesinga,
    P. J. Mohr, D. B. Newell and B. N. Taylor, Rev. Mod. Phys. 93, 025010 (2021).

    Examples
    --------
    >>> round(float(temperature_from_energy(1e-3)), 4)  # 1 meV is about 11.6 K
    11.6045
    """
    kT = check_nonnegative(kT, "kT", hint="`kT` is a thermal energy k_B T in eV, never negative.")
    return unwrap_0d(kT * (e / k_B))


def convert_energy(value, from_unit, to_unit):
    """Convert an energy between ``'eV'``, ``'meV'``, ``'ueV'``, ``'J'``, ``'K'`` and ``'GHz'``.

    Kelvin stands for the thermal energy ``E = k_B T`` and gigahertz for the
    photon energy ``E = h f``, so ``convert_energy(1, 'K', 'ueV')`` is
    ``k_B * 1 K`` in micro-electronvolts.  The conversion is linear (no
    offset), so differences and negative energies convert too.

    Parameters
    ----------
    value : array_like
        Energies (any shape) in ``from_unit``.
    from_unit, to_unit : str
        One of ``ENERGY_UNITS`` = ``('eV', 'meV', 'ueV', 'J', 'K', 'GHz')``;
        ``'µeV'`` is accepted for ``'ueV'``.  Names are case-sensitive.

    Returns
    -------
    float or ndarray
        ``value`` expressed in ``to_unit``, same shape.  Conversions among
        eV, meV and ueV are exact powers of ten.

    Raises
    ------
    ValueError
        For an unknown unit (the message lists the known ones) or a
        non-finite value.
    TypeError
        For a non-numeric value or a unit that is not a string.

    References
    ----------
    CODATA 2018 values as shipped with :mod:`scipy.constants`: E. Tiesinga,
    P. J. Mohr, D. B. Newell and B. N. Taylor, Rev. Mod. Phys. 93, 025010 (2021).

    Examples
    --------
    >>> float(convert_energy(1.5, "eV", "meV"))
    1500.0
    >>> round(float(convert_energy(1.0, "K", "ueV")), 3)  # k_B * 1 K
    86.173
    >>> round(float(convert_energy(1.0, "GHz", "ueV")), 4)  # h * 1 GHz
    4.1357
    """
    from_unit = _unit(from_unit, "from_unit")
    to_unit = _unit(to_unit, "to_unit")
    value = as_real_array(value, "value")
    if from_unit in _EV_EXPONENT and to_unit in _EV_EXPONENT:
        shift = _EV_EXPONENT[from_unit] - _EV_EXPONENT[to_unit]
        out = value * 10.0**shift if shift >= 0 else value / 10.0**-shift
    else:
        out = value * (_IN_EV[from_unit] / _IN_EV[to_unit])
    return unwrap_0d(np.asarray(out))
