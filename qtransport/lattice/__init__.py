"""Algorithms on plain arrays under the tight-binding engine :mod:`qtransport.tb`.

They know nothing of how a system is described: they take the matrices of a
lead or of the slices of a wire and return modes, self-energies or Green's
functions.

* :mod:`~qtransport.lattice.leads`: the modes of a semi-infinite lead and its
  retarded self-energy (the mode method, exact; decimation; closed forms for
  chains and clean strips: transverse modes, open channels);
* :mod:`~qtransport.lattice.rgf`: the recursive Green's function on a chain of
  slices of one width, with the "growing wire" that gives the transmission at
  every length of one sweep (the disorder ensembles of
  :mod:`qtransport.tb.localization`).

Conventions: energies in units of the hopping ``t``; chain band
``E = 2t(1 - cos k)`` (on-site ``2t``), square lattice on-site ``4t``; a
lead's ``h_hop`` points away from the scattering region (see
:mod:`~qtransport.lattice.leads`).
"""

from qtransport.lattice import leads, rgf  # noqa: F401
from qtransport.lattice.leads import *  # noqa: F403

__all__ = [*leads.__all__]
