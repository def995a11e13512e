"""One-call setup for the course notebooks.

Every notebook starts with::

    from qtransport.notebook import setup
    setup()

Importing :mod:`qtransport` changes nothing; this call is where the course's
plot style and print options are switched on, explicitly.
"""

from __future__ import annotations

import numpy as np

__all__ = ["setup", "STYLE"]

#: The matplotlib settings the course uses for every figure.
STYLE = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 90,
    "savefig.dpi": 90,
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "legend.fontsize": "small",
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
}


def setup(*, precision=4):
    """Prepare a notebook for the course: plot style, inline figures, print options.

    Parameters
    ----------
    precision : int, keyword-only
        Digits numpy prints after the decimal point (0 to 16).

    Returns
    -------
    str
        The installed ``qtransport`` version, so the first cell shows it.
    """
    import matplotlib as mpl

    from qtransport import __version__
    from qtransport._validation import check_count

    precision = check_count(precision, "precision", minimum=0, maximum=16)

    mpl.rcParams.update(STYLE)
    np.set_printoptions(precision=precision, suppress=True)
    try:  # inside IPython: make sure figures are drawn inline
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None and getattr(shell, "kernel", None) is not None:
            shell.run_line_magic("matplotlib", "inline")
            mpl.rcParams.update(STYLE)  # the magic may reset figure size and dpi
    except ImportError:  # pragma: no cover - IPython ships with the course
        pass
    return f"qtransport {__version__}"
