"""Interactive figures and self-check questions for the course notebooks.

This layer holds no physics: each figure takes its data from a function of
:mod:`qtransport.figures` (which calls the tested physics of :mod:`qtransport`)
and only draws.  Chapter figures live in ``chNN.py``
modules, each with a ``FIGURES`` mapping from a figure name to a builder that
returns an :class:`~qtransport.widgets.base.InteractiveFigure`.
"""

from __future__ import annotations

import importlib
import pkgutil

from qtransport.widgets.base import InteractiveFigure, ProgressBar
from qtransport.widgets.quiz import Quiz, choice, numeric

__all__ = ["InteractiveFigure", "ProgressBar", "Quiz", "choice", "numeric", "all_figures"]


def all_figures():
    """Every figure builder of every chapter, as ``{"chNN.name": builder}``."""
    figures = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("ch"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for name, builder in getattr(module, "FIGURES", {}).items():
                figures[f"{info.name}.{name}"] = builder
    return figures
