"""The data of every course figure, as functions the tests call.

One module per chapter, ``chNN.py``.  Each function takes the values of a
figure's controls (and keyword-only grid sizes) and returns a
:class:`~qtransport.figures.FigureData` of the arrays the figure draws, by
calling the tested physics of :mod:`qtransport`.  The widgets of
:mod:`qtransport.widgets` call these functions and only draw; a test checks
the same numbers against closed forms and invariants without a figure.
"""

from qtransport.figures._data import FigureData

__all__ = ["FigureData"]
