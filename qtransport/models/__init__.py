"""Small physical models of the course, one module each.

Each model is a pure function (or a small class) whose docstring writes down
the formula it implements and points to the chapter that derives it.
"""

from qtransport.models import (
    capacitor,
    coulomb,
    dirac,
    helical,
    luttinger,
    noise,
    ohmic,
    probes,
    qpc,
    quantum_hall,
    resonant,
    spin,
    superconductor,
    thermoelectric,
)
from qtransport.models.capacitor import *  # noqa: F403
from qtransport.models.coulomb import *  # noqa: F403
from qtransport.models.dirac import *  # noqa: F403
from qtransport.models.helical import *  # noqa: F403
from qtransport.models.luttinger import *  # noqa: F403
from qtransport.models.noise import *  # noqa: F403
from qtransport.models.ohmic import *  # noqa: F403
from qtransport.models.probes import *  # noqa: F403
from qtransport.models.qpc import *  # noqa: F403
from qtransport.models.quantum_hall import *  # noqa: F403
from qtransport.models.resonant import *  # noqa: F403
from qtransport.models.spin import *  # noqa: F403
from qtransport.models.superconductor import *  # noqa: F403
from qtransport.models.thermoelectric import *  # noqa: F403

__all__ = (
    capacitor.__all__
    + coulomb.__all__
    + luttinger.__all__
    + ohmic.__all__
    + probes.__all__
    + qpc.__all__
    + quantum_hall.__all__
    + resonant.__all__
    + spin.__all__
    + dirac.__all__
    + helical.__all__
    + superconductor.__all__
    + noise.__all__
    + thermoelectric.__all__
)
