"""Controls of the interactive figures, built one way across the course.

Every slider and dropdown of the chapters comes from these factories, so they
look alike (same width, labels that are never truncated) and behave alike.
"""

from __future__ import annotations

import numpy as np

__all__ = ["slider", "dropdown", "selection_slider", "nearest_index", "progress_bar", "with_progress_bar"]

_STYLE = {"description_width": "initial"}
_WIDTH = "300px"


def slider(description, value, lo, hi, step, *, fmt=".2f", continuous=True, integer=False, log=False):
    """A float slider (or an integer one, or a logarithmic one) from ``lo`` to ``hi``.

    Parameters
    ----------
    description : str
        Label shown left of the slider, with its unit.
    value, lo, hi, step : float
        Start value, ends and step (for ``log=True`` the ends are the values
        themselves, not their logarithms).
    fmt : str, keyword-only
        Format of the read-out.
    continuous : bool, keyword-only
        Redraw while dragging (``True``) or only on release (for slow figures).
    integer, log : bool, keyword-only
        An ``IntSlider`` or a base-10 ``FloatLogSlider`` instead.
    """
    import ipywidgets as w

    common = dict(
        value=value, step=step, description=description, continuous_update=continuous,
        style=_STYLE, layout=w.Layout(width=_WIDTH),
    )
    if integer:
        return w.IntSlider(min=lo, max=hi, **common)
    if log:
        return w.FloatLogSlider(base=10, min=np.log10(lo), max=np.log10(hi), readout_format=fmt, **common)
    return w.FloatSlider(min=lo, max=hi, readout_format=fmt, **common)


def dropdown(description, options, value):
    """A dropdown; ``options`` is a list, a list of ``(label, value)`` pairs or a dict."""
    import ipywidgets as w

    if isinstance(options, dict):  # (label, value) pairs, which every client reads alike
        options = list(options.items())
    return w.Dropdown(
        options=options, value=value, description=description, style=_STYLE,
        layout=w.Layout(width=_WIDTH),
    )


def selection_slider(description, options, value, *, continuous=True):
    """A slider over a fixed list of values (for precomputed data)."""
    import ipywidgets as w

    return w.SelectionSlider(
        options=options, value=value, description=description, continuous_update=continuous,
        style=_STYLE, layout=w.Layout(width=_WIDTH),
    )


def nearest_index(grid, value):
    """Index of the grid point closest to ``value`` (for sliders over precomputed data)."""
    return int(np.argmin(np.abs(np.asarray(grid) - value)))


def progress_bar(description):
    """A :class:`~qtransport.widgets.base.ProgressBar` shown only inside a notebook."""
    from qtransport.widgets.base import ProgressBar, _in_kernel

    return ProgressBar(description, display_bar=_in_kernel())


def with_progress_bar(func, description):
    """``func`` (a figure-data function with a ``progress=`` keyword) showing a progress bar in a notebook.

    The wrapper takes the same keywords; ``progress`` defaults to a
    :func:`progress_bar` labelled ``description``.
    """

    def run(*, progress=None, **options):
        return func(progress=progress or progress_bar(description), **options)

    run.__name__ = run.__qualname__ = func.__name__
    run.__doc__ = f":func:`{func.__module__}.{func.__name__}` with a progress bar ({description!r}) in a notebook."
    return run
