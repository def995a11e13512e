"""Tight-binding transport on the square lattice and the chain (t = 1, a = 1).

Layers, with one direction of dependency (descriptions, then algorithms on
arrays, then solvers):

* descriptions: :mod:`~qtransport.lattice.systems` (two-terminal strips and
  chains, potentials, disorder, field);
* algorithms on plain arrays: :mod:`~qtransport.lattice.leads` (lead modes and
  self-energies), :mod:`~qtransport.lattice.rgf` (recursive Green's functions);
* solvers returning arrays or small result objects:
  :mod:`~qtransport.lattice.solvers` (transmission, S-matrix, LDOS,
  scattering states, bond currents), :mod:`~qtransport.lattice.localization`
  (disorder ensembles, localization length, mean free path, weak
  localization);
* many terminals: :mod:`~qtransport.lattice.devices` (Hall bars, crosses,
  side probes: transmission matrices by a sparse direct solve) and
  :mod:`~qtransport.lattice.hall` (Landau levels, edge states, Hall
  resistances).

Conventions: energies in units of the hopping ``t``; chain band
``E = 2t(1 - cos k)`` (on-site ``2t``), square lattice on-site ``4t``; a
lead's ``h_hop`` points away from the scattering region (see
:mod:`~qtransport.lattice.leads`).
"""

from qtransport.lattice import devices, hall, leads, localization, rgf, solvers, systems  # noqa: F401
from qtransport.lattice.devices import *  # noqa: F403
from qtransport.lattice.hall import *  # noqa: F403
from qtransport.lattice.leads import *  # noqa: F403
from qtransport.lattice.localization import *  # noqa: F403
from qtransport.lattice.solvers import *  # noqa: F403
from qtransport.lattice.systems import *  # noqa: F403

__all__ = [
    *leads.__all__,
    *systems.__all__,
    *solvers.__all__,
    *localization.__all__,
    *devices.__all__,
    *hall.__all__,
]
