"""qtransport: quantum transport in the Landauer-Büttiker picture.

Conductance is transmission.  The package gathers the formulas of the course
as small, tested, vectorized functions:

* distributions and constants: :func:`fermi`, :func:`thermal_window`;

Importing the package has no side effects: it sets no plot style, seeds no
random generator and prints nothing.  Notebooks call
:func:`qtransport.notebook.setup` once in their first cell for that.
"""

__version__ = "0.1.0"

from qtransport.distributions import fermi, thermal_window

__all__ = [
    "__version__",
    "fermi",
    "thermal_window",
]
