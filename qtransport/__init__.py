"""qtransport: quantum transport in the Landauer-Büttiker picture.

Conductance is transmission.  The package gathers the formulas of the course
as small, tested, vectorized functions:

* :mod:`~qtransport.constants`: G0, resistance quanta, energy units;
* :mod:`~qtransport.distributions`: Fermi-Dirac occupation, thermal window;
* :mod:`~qtransport.landauer`: current and conductance from a transmission;
* :mod:`~qtransport.smatrix`: scattering matrices, their composition and networks;
* :mod:`~qtransport.multiterminal`: Büttiker's multi-terminal formula, probes;
* :mod:`~qtransport.models`: QPC, resonant level, devices with voltage
  probes, quantum Hall, Coulomb blockade, Luttinger liquid, Ohmic series,
  mesoscopic capacitor, and the closed forms of Part II;
* :mod:`~qtransport.tb`: the tight-binding engine (any lattice, orbitals and
  leads; S-matrices, transmissions, LDOS and currents; field and disorder),
  on the array algorithms of :mod:`~qtransport.lattice` (lead modes and
  self-energies, recursive Green's functions).

Every public name of those modules (but the engine, used as
``qtransport.tb``, and its algorithms, ``qtransport.lattice``) is available
at the top level.  Importing the package
has no side effects: it sets no plot style, seeds no random generator and
prints nothing.  Notebooks call :func:`qtransport.notebook.setup` once in
their first cell for that.
"""

__version__ = "0.1.0"

from qtransport import constants, distributions, landauer, models, multiterminal, smatrix
from qtransport.constants import *  # noqa: F403
from qtransport.distributions import *  # noqa: F403
from qtransport.landauer import *  # noqa: F403
from qtransport.models import *  # noqa: F403
from qtransport.multiterminal import *  # noqa: F403
from qtransport.smatrix import *  # noqa: F403

__all__ = [
    "__version__",
    *constants.__all__,
    *distributions.__all__,
    *landauer.__all__,
    *smatrix.__all__,
    *multiterminal.__all__,
    *models.__all__,
]
