"""Tight-binding transport on the square lattice and the chain (t = 1, a = 1).

Three layers, with one direction of dependency:

* algorithms on plain arrays: :mod:`~qtransport.lattice.leads` (lead modes and
  self-energies);
* descriptions of systems and the solvers that return small result objects.

Conventions: energies in units of the hopping ``t``; chain band
``E = 2t(1 - cos k)`` (on-site ``2t``), square lattice on-site ``4t``; a
lead's ``h_hop`` points away from the scattering region (see
:mod:`~qtransport.lattice.leads`).
"""

from qtransport.lattice import leads
from qtransport.lattice.leads import *  # noqa: F403

__all__ = [*leads.__all__]
