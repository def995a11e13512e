"""The interactive-figure pattern every chapter uses.

An :class:`InteractiveFigure` joins three pieces that stay separate:

* ``controls``: ipywidgets sliders, dropdowns and checkboxes, by name;
* ``compute(**values) -> Mapping``: a thin call into the tested physics of
  :mod:`qtransport` that returns the arrays to plot (a ``dict`` or a
  :class:`qtransport.figures.FigureData`);
* ``init(fig) -> state`` and ``draw(state, data, values)``: matplotlib code
  that builds the axes once and then only updates the artists.

When a control moves, ``compute`` runs, ``draw`` updates the artists and the
figure is re-rendered into an ``Output`` widget by assigning the new PNG to
its ``outputs``: one message to the browser, which replaces the old picture
in one step (no flicker).  Tests and benchmarks drive the same object through
:meth:`InteractiveFigure.set` without a browser.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

from qtransport.widgets._render import FrameRenderer, _frozen_layout, encode_png

__all__ = ["InteractiveFigure", "ProgressBar", "figure_table", "finite_or_raise", "nice_ceiling"]


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


def figure_table(*builders):
    """A chapter's ``FIGURES``: ``{name: builder}`` of its figure builders, in the order given.

    Examples
    --------
    >>> def fabry_perot(): ...
    >>> list(figure_table(fabry_perot))
    ['fabry_perot']
    """
    return {builder.__name__: builder for builder in builders}


#: Mantissas of :func:`nice_ceiling`.
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value, floor=1e-12):
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= ``value``.

    An axis limit set from the data at every redraw moves the ticks at every
    step of a slider, and the whole axes must then be drawn again; rounded up
    to this ladder it stays put over most of a drag (with at most 20 % more
    headroom), and the redraw only moves the curves.  ``value`` below
    ``floor`` gives ``floor``'s ceiling.

    Examples
    --------
    >>> nice_ceiling(0.83), nice_ceiling(1.0), nice_ceiling(1.01), nice_ceiling(47.0)
    (1.0, 1.0, 1.2, 50.0)
    """
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"`value` must be a finite number, got {value!r}.")
    value = max(value, float(floor))
    exponent = np.floor(np.log10(value))
    mantissa = value / 10.0**exponent
    step = next(m for m in _NICE if mantissa <= m * (1 + 1e-12))
    return float(step * 10.0**exponent)


def _running_loop():
    """The asyncio event loop running in this thread (the kernel's), or ``None``."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _from_browser(change) -> bool:
    """Whether a traitlets ``change`` is a value the browser sent (not one set from Python)."""
    if not change:
        return False
    owner, name = change.get("owner"), change.get("name")
    return name in (getattr(owner, "_property_lock", None) or {})


class InteractiveFigure:
    """A matplotlib figure redrawn from named controls.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        The sliders, dropdowns and checkboxes, in display order.  Their names
        are the keyword arguments of ``compute``.
    compute : callable
        ``compute(**values) -> Mapping`` of arrays and numbers to plot: a
        ``dict``, or any mapping such as :class:`qtransport.figures.FigureData`.  Physics
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
    alt : str, optional
        What the figure shows, in words, for readers who cannot see it (the
        alt text of its static picture).  By default it is made from the
        title, the axis labels, the legends and the control values.

    Notes
    -----
    Displayed in a notebook, the figure is one output with several
    representations: the live widget, which JupyterLab shows, and for
    every place without a kernel (nbconvert, the course website, a PDF,
    GitHub) a static picture of its current state with the alt text, its
    controls drawn disabled and a note that they are live in JupyterLab.
    """

    #: Seconds a redraw asked for by the browser waits at least for newer control
    #: values (see :meth:`_on_change`); ``0`` (the default) redraws every value at
    #: once.  Off because a deferred redraw runs as a callback of the kernel's event
    #: loop, beside the handling of the next messages, and matplotlib's text
    #: layout is not safe to share: in the browser test one deferred redraw failed
    #: inside the mathtext renderer and the notebook's widgets stopped answering.
    #: In that test 0.02 s rarely caught a second value of a drag anyway.
    coalesce_seconds: float = 0.0
    #: A slow figure can wait longer: this fraction of its last redraw's time, up
    #: to :attr:`coalesce_max_seconds`.  Off (``0``) by default: in the browser
    #: test ``0.5`` removed the picture of a stale value from most drags but did
    #: not shorten the wait for the final picture.
    coalesce_fraction: float = 0.0
    coalesce_max_seconds: float = 0.1

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
        alt: str | None = None,
    ):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.controls = dict(controls)
        self.title = title
        self.alt = alt
        self._png: bytes | None = None  # the picture last sent to the notebook
        self._compute = compute
        self._draw = draw
        self.figure = Figure(figsize=figsize, dpi=90, layout="constrained")
        # A canvas of its own: every render reuses one Agg renderer, whose
        # mathtext cache then keeps the parsed labels between redraws.
        FigureCanvasAgg(self.figure)
        self.frames = FrameRenderer(self.figure)
        self.state = init(self.figure)
        self.output = w.Output(layout=w.Layout(min_height=f"{int(figsize[1] * 90) + 10}px"))
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        boxes = list(self.controls.values())
        self.widget = w.VBox([*header, w.HBox(boxes, layout=w.Layout(flex_flow="row wrap")), self.output])
        self.widget.add_class("qt-figure")
        self.data: Mapping = {}
        self.compute_seconds = float("nan")
        self.draw_seconds = float("nan")
        #: Wall time of the last redraw in a kernel, compute to message (seconds).
        self.update_seconds = float("nan")
        self.error: str | None = None
        self._pending = None  # the scheduled redraw of a drag in the browser
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()
        if freeze_layout:
            self.figure.draw_without_rendering()
            self.figure.set_layout_engine("none")
            if _in_kernel():
                self.prepare_frames()

    def prepare_frames(self):
        """Draw now the frames that the first move of a control would otherwise draw.

        A frame redraws only the artists that changed, over a background
        of the others (see :class:`~qtransport.widgets._render.FrameRenderer`),
        and that background must be drawn first: the first frame after the
        layout froze is a full draw, and the next one draws the background
        without the artists ``draw`` touches, then those.  Left to the first
        move of a control, these two made a learner's first drag of every
        figure wait two to three times as long as the later ones.  The
        constructor calls this in a kernel (where the figure is shown), so
        they are drawn while the notebook runs; the picture is that of the
        current values either way.
        """
        if self.error is not None or not _frozen_layout(self.figure):
            return
        self.frames.render()
        self._draw(self.state, self.data, self.values)  # marks the artists a redraw changes
        self.frames.render()

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
        """Redraw after a control moved (with coalescing on, a move made in the browser waits a little).

        While a slider is dragged, the browser sends its next value as soon as
        the kernel has handled the previous one.  Redrawing at once would
        render every value the browser sends, and the last one only after the
        previous redraw is over; instead a move coming from the browser
        schedules one redraw a little later on the kernel's event loop, and
        every move arriving before it runs joins it.  The redraw then shows
        the latest values.  The wait is :attr:`coalesce_seconds`, or for a
        slow figure :attr:`coalesce_fraction` of its last redraw time (at most
        :attr:`coalesce_max_seconds`): a wait that finds no newer value costs
        that much, one that finds it saves a whole redraw.  A change made from
        Python (a notebook cell, :meth:`set`, a test) redraws at once.
        """
        loop = _running_loop()
        if loop is None or not self.coalesce_seconds or not _from_browser(change):
            self.update()
        elif self._pending is None:
            self._pending = loop.call_later(self.coalesce_delay(), self._deferred_update)

    def coalesce_delay(self) -> float:
        """Seconds a redraw asked for by the browser waits for newer values (see ``_on_change``)."""
        slow = self.coalesce_fraction * self.update_seconds if np.isfinite(self.update_seconds) else 0.0
        return float(min(max(self.coalesce_seconds, slow), self.coalesce_max_seconds))

    def _deferred_update(self):
        self._pending = None
        try:
            self.update()
        except Exception:  # shown in the figure: there is no cell to show it under
            import traceback

            text = traceback.format_exc()
            self.output.outputs = ({"output_type": "stream", "name": "stderr", "text": text},)

    def recompute(self):
        """Run ``compute`` for the current values and check the result is finite."""
        t0 = time.perf_counter()
        data = self._compute(**self.values)
        self.compute_seconds = time.perf_counter() - t0
        self.data = finite_or_raise(data)
        return self.data

    def update(self):
        """Recompute, update the artists and re-render the figure."""
        start = time.perf_counter()
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
        if self.error is None:
            # The PNG is rendered here, once, exactly as render_png() (and so the
            # benchmarks) do it, rather than through the inline backend's
            # formatter, which would draw twice to find a tight bounding box.
            self._png = self.render_png()
        self.output.outputs = (self.output_entry(),)
        self.update_seconds = time.perf_counter() - start

    def output_entry(self) -> dict:
        """What the ``Output`` widget shows now, as one output of the notebook format.

        The picture last rendered as a ``display_data`` output, or, for a
        combination the physics refuses, the reason as ``stdout`` text.
        :meth:`update` assigns it to the widget's ``outputs`` in one step:
        one message to the browser, which swaps the old picture for the new
        one, where printing into the widget after ``clear_output`` would send
        four and make the browser build a new output area for each redraw.
        """
        import base64

        if self.error is not None:
            text = f"Cannot draw this combination: {self.error}\n"
            return {"output_type": "stream", "name": "stdout", "text": text}
        png = self._png if self._png is not None else self.render_png()
        return {
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(png).decode("ascii")},
            "metadata": {},
        }

    def render_rgba(self) -> np.ndarray:
        """The figure's current pixels, ``(H, W, 4)`` uint8, redrawing only what changed.

        See :class:`~qtransport.widgets._render.FrameRenderer`: the result is
        the same as a full redraw, pixel for pixel.  A copy: the next drawing
        does not change it.
        """
        return self.frames.render().copy()

    def render_png(self) -> bytes:
        """Render the figure as the notebook shows it (PNG bytes); used by benchmarks."""
        return encode_png(self.frames.render())

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

    # -- display -------------------------------------------------------------------
    def alt_text(self) -> str:
        """What the figure shows, in words (the ``alt`` given, or one made from the figure)."""
        from qtransport.widgets._static import control_values, figure_alt

        if self.alt:
            return self.alt
        return figure_alt(self.figure, self.title, control_values(self.controls))

    def static_html(self) -> str:
        """The figure without a kernel: its picture, alt text, disabled controls and a note."""
        from qtransport.widgets._static import figure_html, plain_text

        if self.error is not None:
            return (f"<div class=\"qt-static-figure\"><b>{plain_text(self.title or '')}</b>"
                    f"<p>Cannot draw this combination: {plain_text(self.error)}</p></div>")
        png = self._png if self._png is not None else self.render_png()
        return figure_html(
            png, alt=self.alt_text(), title=self.title, controls=list(self.controls.values()),
            width=self.figure.bbox.width,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The widget for JupyterLab, a picture with alt text and HTML for everything else."""
        import base64

        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude))
        data["text/plain"] = self.alt_text()
        data["text/html"] = self.static_html()
        metadata = {}
        if self.error is None:
            png = self._png if self._png is not None else self.render_png()
            data["image/png"] = base64.b64encode(png).decode("ascii")
            metadata["image/png"] = {
                "width": int(round(self.figure.bbox.width)),
                "height": int(round(self.figure.bbox.height)),
            }
        return data, metadata


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
