"""A general tight-binding engine: any lattice, several orbitals per site, leads of their own.

Three layers, one direction of dependency:

* descriptions: :mod:`~qtransport.tb.lattice` (Bravais lattices with a basis)
  and :mod:`~qtransport.tb.builder` (a :class:`System` of sites, values and
  :class:`Lead` objects, finalized into arrays);
* algorithms on plain arrays: the lead modes of :mod:`qtransport.lattice.leads`;
* solvers: :mod:`~qtransport.tb.solvers` (S-matrix resolved by lead and by
  conservation-law block, transmissions, LDOS, lead bands; a sparse direct
  solve, or recursive Green's functions for a chain of lead cells);
* ready-made devices: :mod:`~qtransport.tb.geometries` (chain, strip,
  Aharonov-Bohm ring, zigzag and armchair graphene ribbons), used as
  ``qtransport.tb.geometries.ring(...)``.

Energies are in the units of the values given (the hopping ``t`` in the
course); lengths in units of the lattice constant.
"""

from qtransport.tb import builder, geometries, lattice, solvers  # noqa: F401
from qtransport.tb.builder import *  # noqa: F403
from qtransport.tb.lattice import *  # noqa: F403
from qtransport.tb.solvers import *  # noqa: F403

__all__ = [*lattice.__all__, *builder.__all__, *solvers.__all__]
