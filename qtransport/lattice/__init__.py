"""Tight-binding transport on the square lattice and the chain (t = 1, a = 1).

Three layers, with one direction of dependency:

* descriptions: :mod:`~qtransport.lattice.systems` (two-terminal strips and
  chains, potentials, disorder, field);
* algorithms on plain arrays: :mod:`~qtransport.lattice.leads` (lead modes and
  self-energies), :mod:`~qtransport.lattice.rgf` (recursive Green's functions);
* solvers returning arrays or small result objects:
  :mod:`~qtransport.lattice.solvers` (transmission, S-matrix, LDOS,
  scattering states, bond currents), :mod:`~qtransport.lattice.localization`
  (disorder ensembles, localization length, mean free path, weak
  localization).

Conventions: energies in units of the hopping ``t``; chain band
``E = 2t(1 - cos k)`` (on-site ``2t``), square lattice on-site ``4t``; a
lead's ``h_hop`` points away from the scattering region (see
:mod:`~qtransport.lattice.leads`).
"""

from qtransport.lattice import leads, localization, rgf, solvers, systems  # noqa: F401
from qtransport.lattice.leads import *  # noqa: F403
from qtransport.lattice.localization import *  # noqa: F403
from qtransport.lattice.solvers import *  # noqa: F403
from qtransport.lattice.systems import *  # noqa: F403

__all__ = [*leads.__all__, *systems.__all__, *solvers.__all__, *localization.__all__]
