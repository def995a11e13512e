"""A general tight-binding engine: any lattice, several orbitals per site, leads of their own.

Three layers, one direction of dependency:

* descriptions: :mod:`~qtransport.tb.lattice` (Bravais lattices with a basis)
  and :mod:`~qtransport.tb.builder` (a :class:`System` of sites, values and
  :class:`Lead` objects, finalized into arrays);
* algorithms on plain arrays: the lead modes and closed-form self-energies
  of :mod:`qtransport.lattice.leads`;
* solvers: :mod:`~qtransport.tb.solvers` (S-matrix resolved by lead and by
  conservation-law block, transmissions, LDOS, currents, lead bands; a
  sparse direct solve, or recursive Green's functions over slices for any
  two-terminal system, batched over energies and parameter sets);
* ready-made devices: :mod:`~qtransport.tb.geometries` (chain, strip,
  QPC, Aharonov-Bohm ring, zigzag and armchair graphene ribbons, cross, Hall
  bar, wire with side probes), used as ``qtransport.tb.geometries.ring(...)``;
* the physics of Part I on the lattice: :mod:`~qtransport.tb.hall` (Landau
  levels and edge states of a strip, Hall-bar resistances, the current
  density with the lead currents) and :mod:`~qtransport.tb.localization`
  (disorder ensembles, localization length, mean free path, weak
  localization);
* the physics of Part II on the lattice, one module per chapter:
  :mod:`~qtransport.tb.spintronics` (spin valves, Rashba precession, the
  helical gap, reciprocity with spin, antilocalization),
  :mod:`~qtransport.tb.topological` (graphene, Chern and quantum spin Hall
  insulators), :mod:`~qtransport.tb.andreev` (NS junctions, Kitaev chain,
  Majorana wires), :mod:`~qtransport.tb.interference` (rings, conductance
  fluctuations, shot noise of disordered wires).

Energies are in the units of the values given (the hopping ``t`` in the
course); lengths in units of the lattice constant.
"""

from qtransport.tb import builder, geometries, hall, lattice, localization, solvers  # noqa: F401
from qtransport.tb.builder import *  # noqa: F403
from qtransport.tb.lattice import *  # noqa: F403
from qtransport.tb.solvers import *  # noqa: F403

__all__ = [*lattice.__all__, *builder.__all__, *solvers.__all__]
