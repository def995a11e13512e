"""The interactive-figure pattern every chapter uses.

An :class:`InteractiveFigure` joins three pieces that stay separate:

* ``controls``: ipywidgets sliders, dropdowns and checkboxes, by name;
* ``compute(**values) -> dict``: a thin call into the tested physics of
  :mod:`qtransport` that returns the arrays to plot;
* ``init(fig) -> state`` and ``draw(state, data, values)``: matplotlib code
  that builds the axes once and then only updates the artists.

When a control moves, ``compute`` runs, ``draw`` updates the artists and the
figure is re-rendered into an ``Output`` widget with ``clear_output(wait=True)``,
which replaces the old picture in one step (no flicker).  Tests and
benchmarks drive the same object through :meth:`InteractiveFigure.set` without
a browser.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["InteractiveFigure", "ProgressBar", "finite_or_raise"]


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def finite_or_raise(data, where="compute"):
    """Raise ``ValueError`` if any numeric array in ``data`` has NaN or infinity."""
    for key, value in data.items():
        arr = np.asarray(value)
        if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
            raise ValueError(f"{where} returned non-finite values in {key!r}.")
    return data


class InteractiveFigure:
    """A matplotlib figure redrawn from named controls.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        The sliders, dropdowns and checkboxes, in display order.  Their names
        are the keyword arguments of ``compute``.
    compute : callable
        ``compute(**values) -> dict`` of arrays and numbers to plot.  Physics
        lives in the library; this is one or two calls into it.
    init : callable
        ``init(fig) -> state``: create axes and artists once, return whatever
        ``draw`` needs (usually a dict of artists).
    draw : callable
        ``draw(state, data, values)``: update the artists from ``data``.
    figsize : tuple of float, optional
        Figure size in inches.
    title : str, optional
        A line of text shown above the controls.
    freeze_layout : bool, optional
        Solve the constrained layout once, at the first drawing, and keep it
        (default).  Redraws then only move artists; the layout solver, which
        measures every piece of text, would otherwise cost more than the
        drawing itself.  Pass ``False`` for a figure whose labels change size.
    """

    def __init__(
        self,
        controls: Mapping,
        compute: Callable,
        init: Callable,
        draw: Callable,
        *,
        figsize=(7.0, 3.6),
        title: str | None = None,
        freeze_layout: bool = True,
    ):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.controls = dict(controls)
        self._compute = compute
        self._draw = draw
        self.figure = Figure(figsize=figsize, dpi=90, layout="constrained")
        # A canvas of its own: every render reuses one Agg renderer, whose
        # mathtext cache then keeps the parsed labels between redraws.
        FigureCanvasAgg(self.figure)
        self.state = init(self.figure)
        self.output = w.Output(layout=w.Layout(min_height=f"{int(figsize[1] * 90) + 10}px"))
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        boxes = list(self.controls.values())
        self.widget = w.VBox([*header, w.HBox(boxes, layout=w.Layout(flex_flow="row wrap")), self.output])
        self.widget.add_class("qt-figure")
        self.data: dict = {}
        self.compute_seconds = float("nan")
        self.draw_seconds = float("nan")
        self.error: str | None = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()
        if freeze_layout:
            self.figure.draw_without_rendering()
            self.figure.set_layout_engine("none")

    # -- state -----------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values):
        """Set several controls at once and redraw once (used by tests)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise TypeError(f"unknown control(s) {sorted(unknown)}; known: {list(self.controls)}")
        for name, value in values.items():
            control = self.controls[name]
            control.unobserve(self._on_change, names="value")
            try:
                control.value = value
            finally:
                control.observe(self._on_change, names="value")
        self.update()
        return self

    # -- update cycle ------------------------------------------------------------
    def _on_change(self, change=None):
        self.update()

    def recompute(self):
        """Run ``compute`` for the current values and check the result is finite."""
        t0 = time.perf_counter()
        data = self._compute(**self.values)
        self.compute_seconds = time.perf_counter() - t0
        self.data = finite_or_raise(data)
        return self.data

    def update(self):
        """Recompute, update the artists and re-render the figure."""
        from IPython.display import Image, clear_output, display

        try:
            self.recompute()
            t0 = time.perf_counter()
            self._draw(self.state, self.data, self.values)
            self.draw_seconds = time.perf_counter() - t0
            self.error = None
        except ValueError as exc:
            # A control combination the physics refuses: say so instead of a stale plot.
            self.error = str(exc)
        if not _in_kernel():
            return  # plain Python (tests, benchmarks): nothing to display into
        with self.output:
            clear_output(wait=True)
            if self.error is None:
                # The PNG is rendered here, once, exactly as render_png() (and so the
                # benchmarks) do it, rather than through the inline backend's
                # formatter, which would draw twice to find a tight bounding box.
                display(Image(data=self.render_png(), format="png"))
            else:
                print(f"Cannot draw this combination: {self.error}")

    def render_png(self) -> bytes:
        """Render the figure as the notebook does (PNG); used by benchmarks."""
        buf = io.BytesIO()
        # The canvas's own print_png draws once.  figure.savefig would first run a
        # second, layout-only draw (the frozen layout leaves a placeholder engine
        # behind), for the same bytes at about 1.4 times the cost.
        self.figure.canvas.print_png(buf)
        return buf.getvalue()

    def plotted_arrays(self):
        """Every x/y array currently drawn in line and collection artists."""
        arrays = []
        for ax in self.figure.axes:
            for line in ax.get_lines():
                arrays.append(np.asarray(line.get_xdata(), dtype=float))
                arrays.append(np.asarray(line.get_ydata(), dtype=float))
            for image in ax.get_images():
                arrays.append(np.ma.filled(np.asarray(image.get_array(), dtype=float), 0.0))
        return arrays

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class ProgressBar:
    """A progress callback for long computations.

    Library functions that loop (ensembles, sweeps) take ``progress=`` a
    callable ``progress(done, total)``.  This class is such a callable: in a
    notebook it shows an ipywidgets progress bar; elsewhere it stays silent.

    Examples
    --------
    >>> bar = ProgressBar("ensemble", display_bar=False)
    >>> for i in range(3):
    ...     bar(i + 1, 3)
    >>> bar.fraction
    1.0
    """

    def __init__(self, description="working", *, display_bar=True):
        self.description = description
        self.fraction = 0.0
        self._bar = None
        if display_bar:
            import ipywidgets as w
            from IPython.display import display

            self._bar = w.FloatProgress(value=0.0, min=0.0, max=1.0, description=description)
            display(self._bar)

    def __call__(self, done, total):
        self.fraction = float(done) / float(total) if total else 1.0
        if self._bar is not None:
            self._bar.value = self.fraction
            if self.fraction >= 1.0:
                self._bar.bar_style = "success"
