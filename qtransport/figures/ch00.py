"""Data of the figures of chapter 0, the welcome notebook.

* :func:`self_check_data`: the Fermi-Dirac occupation at one temperature,
  the curve of the environment self-check.
"""

from __future__ import annotations

import numpy as np

from qtransport.distributions import fermi
from qtransport.figures._data import FigureData

__all__ = ["self_check_data"]


def self_check_data(kT_meV, *, points=401, half_width=0.2):
    """The Fermi-Dirac occupation ``f(E) = 1 / (exp(E / kT) + 1)`` on an energy grid.

    Computed by :func:`qtransport.fermi` at ``mu = 0``.

    Parameters
    ----------
    kT_meV : float
        Thermal energy ``k_B T`` in meV (>= 0; ``0`` gives a step).
    points : int, optional
        Number of energies of the grid.
    half_width : float, optional
        The grid spans ``[-half_width, half_width]``, in eV.

    Returns
    -------
    FigureData
        ``E``: energies ``(points,)`` in eV; ``f``: occupations ``(points,)``,
        dimensionless, between 0 and 1.

    Examples
    --------
    >>> data = self_check_data(25.0)
    >>> float(data.f[200])  # E = 0: half filled
    0.5
    """
    energies = np.linspace(-half_width, half_width, points)
    return FigureData(E=energies, f=fermi(energies, mu=0.0, kT=kT_meV * 1e-3))
