"""Fast redraws of an interactive figure: draw once, then only what changed.

Most of the time of a full matplotlib redraw goes into text: tick labels,
axis labels, legends and titles are laid out and rasterised again on every
draw, although a slider usually moves only a few lines.  :class:`FrameRenderer`
keeps a picture of the figure without the artists that change (the
*background*), and a frame is that picture with the changed artists drawn on
top, which is what matplotlib's own blitting does for animations.

Which artists change is read from matplotlib's ``stale`` flags: every setter
(``set_data``, ``set_text``, ``set_height``, ...) marks its artist stale, and
after each frame the flags are cleared.  An artist that was stale once joins
the *layer* of artists drawn in every frame; the background is redrawn only
when the layer grows or something the background shows changes (axis limits,
axes positions, artists added or removed, a static artist modified).  An axes
whose limits move is drawn whole (ticks, labels, legend) in every frame while
they keep moving; once they have stayed put for :data:`_SETTLE` frames it goes
back into the background, so that one jump of the limits (another dataset
chosen in a dropdown) does not slow down every later frame.

The frame equals a full redraw pixel for pixel (the tests check this for
every figure and control): the layer is drawn in matplotlib's own drawing
order, and a static artist that matplotlib draws *after* a layer artist it
overlaps (a legend over a curve, the axes frame) joins the layer too, so
nothing is painted in a different order than in a full draw.  When that is
impossible (an axes background over a changing artist, or a layout engine
that moves the axes at every draw) every frame is a full redraw.
"""

from __future__ import annotations

import io
from operator import attrgetter

import numpy as np

__all__ = ["FrameRenderer", "encode_png"]

#: Pixels added around every bounding box before testing two artists for overlap (so
#: twice this between two boxes): antialiased edges and the rounding of Agg's clip
#: rectangles reach about one pixel.
_PAD = 1.5

#: Frames with unchanged limits after which an axes drawn whole returns to the background.
_SETTLE = 3


def encode_png(rgba, *, compress_level=1):
    """PNG bytes of an ``(H, W, 4)`` uint8 RGBA picture.

    An opaque picture is written as RGB (a quarter less data to compress and
    to send).  ``compress_level`` 1 (of zlib's 0-9) compresses a plot almost as
    well as the default 6 (a few percent larger) in about a third of the time.
    """
    from PIL import Image

    array = np.asarray(rgba)
    if array.ndim != 3 or array.shape[2] != 4 or array.dtype != np.uint8:
        raise ValueError(f"`rgba` must be an (H, W, 4) uint8 array, got {array.dtype} {array.shape}.")
    image = Image.fromarray(array, "RGBA")
    if int(array[..., 3].min()) == 255:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="png", compress_level=compress_level)
    return out.getvalue()


def _walk(artist):
    """``artist`` and its descendants, except the ticks of an axis.

    Listing the ticks of an axis runs its tick locator; what they show is
    covered by :func:`_axis_signature` instead.
    """
    from matplotlib.axis import Axis

    todo = [artist]
    while todo:
        current = todo.pop()
        yield current
        if isinstance(current, Axis):
            todo += [current.label, current.offsetText]
        else:
            todo.extend(current.get_children())


def _stale(artist) -> bool:
    """Whether ``artist`` or a descendant was modified since the last frame.

    An axis marks itself stale whenever its limits are set, even to the same
    values; its own flag is therefore ignored, and what it shows (limits,
    tick locator, formatter and tick style) is compared in
    :meth:`FrameRenderer._signature` instead.
    """
    from matplotlib.axis import Axis

    if isinstance(artist, Axis):
        return artist.label._stale or artist.offsetText._stale
    return any(a._stale for a in _walk(artist))


def _axis_signature(axis):
    """What decides the ticks of ``axis`` besides its limits (compared by identity and value)."""
    return (
        axis.major.locator, axis.major.formatter, axis.minor.locator, axis.minor.formatter,
        repr(axis._major_tick_kw), repr(axis._minor_tick_kw), axis.get_label_position(),
        axis.get_ticks_position(),
    )


def _clear_stale(artist):
    for a in _walk(artist):
        a._stale = False


def _frozen_layout(figure) -> bool:
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    return engine is None or isinstance(engine, PlaceHolderLayoutEngine)


class _Unit:
    """One artist matplotlib draws as a whole, at its place in the drawing order."""

    __slots__ = ("artist", "axes", "is_patch")

    def __init__(self, artist, axes=None, is_patch=False):
        self.artist, self.axes, self.is_patch = artist, axes, is_patch


class FrameRenderer:
    """Render a figure's frames by redrawing only its changing artists.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure with an Agg canvas (``FigureCanvasAgg(figure)``).

    Attributes
    ----------
    full_draws, frames : int
        How many frames needed a full redraw, and how many frames in all.
    """

    def __init__(self, figure):
        self.figure = figure
        self.full_draws = 0
        self.frames = 0
        self._key = None
        self._background = None
        self._layer: set[int] = set()  # ids of the artists drawn in every frame
        self._static_boxes: dict[int, object] = {}
        self._layer_boxes: dict[int, object] = {}
        self._whole: set[int] = set()  # ids of the axes drawn whole in every frame
        self._calm: dict[int, int] = {}  # frames since the limits of a whole axes last moved
        self._last = None  # the signature of the last frame
        self._artists: list = []  # the artists of the last frame

    # -- the drawing order -------------------------------------------------------------
    def _units(self):
        """Every artist the figure draws, in matplotlib's order (patches flagged)."""
        from matplotlib.axes import Axes

        fig = self.figure
        units = [_Unit(fig.patch, is_patch=True)]
        top = sorted((a for a in fig.get_children() if a is not fig.patch), key=attrgetter("zorder"))
        for artist in top:
            if isinstance(artist, Axes) and artist in fig._localaxes:
                ax = artist
                if not ax.get_visible():
                    continue
                children = ax.get_children()
                children.remove(ax.patch)
                if not (ax.axison and ax._frameon):
                    children = [c for c in children if c not in ax.spines.values()]
                else:
                    units.append(_Unit(ax.patch, ax, is_patch=True))
                if not ax.axison:
                    children = [c for c in children if c not in ax._axis_map.values()]
                units += [_Unit(c, ax) for c in sorted(children, key=attrgetter("zorder"))]
            else:
                units.append(_Unit(artist))
        return units

    def _signature(self, units):
        """What the background depends on besides the artists themselves.

        Returns ``(figure part, {axes id: (layout part, scale part)})``; the
        scale part (limits, scales, ticks and their labels) of an axes drawn
        whole in every frame does not matter.
        """
        fig = self.figure
        figure_part = (tuple(fig.get_size_inches()), fig.dpi)
        axes = {}
        for ax in fig.axes:
            layout = (ax.get_visible(), ax.axison, ax._frameon, tuple(ax.get_position().bounds))
            scales = (
                tuple(ax.viewLim.bounds), ax.get_xscale(), ax.get_yscale(),
                *(_axis_signature(axis) for axis in ax._axis_map.values()),
            )
            axes[id(ax)] = (layout, scales)
        return figure_part, axes

    def _rescaled(self, signature):
        """Axes whose scales alone changed since the background was drawn (``None``: more changed)."""
        if self._key is None:
            return None
        (fig_now, axes_now), (fig_then, axes_then) = signature, self._key
        if fig_now != fig_then or axes_now.keys() != axes_then.keys():
            return None
        rescaled = set()
        for key, (layout, scales) in axes_now.items():
            if layout != axes_then[key][0]:
                return None
            if scales != axes_then[key][1] and key not in self._whole:
                rescaled.add(key)
        return rescaled

    # -- bounding boxes ------------------------------------------------------------
    def _box(self, artist, renderer):
        """Where ``artist`` may paint, in pixels (``None``: nowhere; figure box if unknown)."""
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis
        from matplotlib.lines import Line2D
        from matplotlib.spines import Spine
        from matplotlib.text import Text
        from matplotlib.transforms import Bbox

        fig_box = self.figure.bbox
        if not artist.get_visible():
            return None
        clip = artist.get_clip_box() if artist.get_clip_on() else None
        try:
            if isinstance(artist, Spine):  # its own extent would lay out the ticks of its axis
                box = artist.get_path().get_extents(artist.get_transform())
                pad = _PAD + artist.get_linewidth() * self.figure.dpi / 72.0
                return box.padded(pad) if np.all(np.isfinite(box.extents)) else fig_box
            if isinstance(artist, (Axes, Axis)):
                box = artist.get_tightbbox(renderer)
            elif clip is not None:  # paints inside its clip box, whatever its data
                box = clip
            else:
                box = artist.get_window_extent(renderer)
                if isinstance(artist, Text) and artist.get_bbox_patch() is not None:
                    box = Bbox.union([box, artist.get_bbox_patch().get_window_extent(renderer)])
        except Exception:
            return fig_box
        if box is None:
            return None
        pad = _PAD
        if isinstance(artist, Line2D):
            pad += artist.get_linewidth() * self.figure.dpi / 72.0
        if not np.all(np.isfinite(box.extents)):
            return fig_box
        return box.padded(pad)

    @staticmethod
    def _overlap(a, b) -> bool:
        return (
            a is not None and b is not None
            and a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
        )

    def _closure(self, units, layer, changed, renderer):
        """The layer grown by every static artist drawn after a layer artist it overlaps."""
        layer = set(layer)
        covering = []
        for unit in units:
            key = id(unit.artist)
            if key in layer:
                if key in changed or key not in self._layer_boxes:
                    self._layer_boxes[key] = self._box(unit.artist, renderer)
                covering.append(self._layer_boxes[key])
                continue
            if not covering:
                continue
            if key not in self._static_boxes:
                self._static_boxes[key] = self._box(unit.artist, renderer)
            box = self._static_boxes[key]
            if any(self._overlap(box, c) for c in covering):
                layer.add(key)
                covering.append(box)
        return layer

    # -- rendering -------------------------------------------------------------------
    def _draw_background(self, units, layer):
        canvas = self.figure.canvas
        flagged = [u for u in units if id(u.artist) in layer]
        hidden = [u.artist for u in flagged if u.is_patch and u.artist._visible]
        for unit in flagged:  # left out of matplotlib's own draw
            if unit.is_patch:
                unit.artist._visible = False  # axes and figure draw their patch regardless
            else:
                unit.artist._animated = True
        try:
            canvas.draw()
        finally:
            for unit in flagged:
                unit.artist._animated = False
            for artist in hidden:
                artist._visible = True
        renderer = canvas.get_renderer()
        self._background = renderer.copy_from_bbox(self.figure.bbox)
        self._static_boxes = {}
        self._layer_boxes = {}
        return renderer

    def _full(self):
        """A plain full draw; no background is kept."""
        self.figure.canvas.draw()
        self._background = None
        self._key = None
        self._layer, self._whole, self._calm, self._last = set(), set(), {}, None
        self.full_draws += 1
        _clear_stale(self.figure)
        return np.asarray(self.figure.canvas.buffer_rgba())

    def render(self):
        """Bring the canvas's pixels up to date with the figure; return them (H, W, 4) uint8."""
        canvas = self.figure.canvas
        self.frames += 1
        units = self._units()
        if not _frozen_layout(self.figure):
            return self._full()
        signature = self._signature(units)
        changed = {id(u.artist) for u in units if _stale(u.artist)}
        rescaled = self._rescaled(signature)
        now = {id(u.artist) for u in units}
        then = {id(a) for a in self._artists}
        settled = set()
        if rescaled is None:  # first frame, or the layout changed: start afresh
            layer, self._whole, self._calm = set(), set(), {}
        else:
            # An axes drawn whole whose limits and ticks stood still long enough returns to
            # the background, with those of its artists that did not change in this frame.
            for key in self._whole:
                moved = self._last is None or self._last[1][key][1] != signature[1][key][1]
                self._calm[key] = 0 if moved else self._calm.get(key, 0) + 1
            settled = {key for key in self._whole if self._calm[key] >= _SETTLE}
            self._whole -= settled
            for key in settled:
                del self._calm[key]
            # Artists added since the last frame, and those that changed, are drawn in every
            # frame; so is an axes whose limits or ticks moved, until they settle.
            self._whole |= rescaled
            for key in rescaled:
                self._calm[key] = 0
            calm = {id(u.artist) for u in units if u.axes is not None and id(u.axes) in settled}
            layer = (self._layer - calm) | changed | (now - then)
            layer |= {id(u.artist) for u in units if u.axes is not None and id(u.axes) in rescaled}
        layer &= now
        # The background holds the artists outside the layer: redraw it when they change.
        rebuild = (
            self._background is None or rescaled is None or bool(rescaled) or bool(settled)
            or now - layer != then - self._layer
        )
        self._last = signature
        # Holding the artists of this frame keeps their ids from being reused by new ones.
        self._artists = [u.artist for u in units]
        renderer = canvas.get_renderer()
        if not rebuild:
            grown = self._closure(units, layer, changed, renderer)
            if grown != layer:
                layer, rebuild = grown, True
            else:
                self._layer = layer
        if rebuild:
            self.full_draws += 1
            for _ in range(3):  # the layer can only grow; it settles at once in practice
                renderer = self._draw_background(units, layer)
                grown = self._closure(units, layer, changed, renderer)
                if grown == layer:
                    break
                layer = grown
            else:  # pragma: no cover - would need an ever-growing chain of overlaps
                return self._full()
            self._layer = layer
            self._key = self._signature(units)
        else:
            renderer.restore_region(self._background)
        for unit in units:
            if id(unit.artist) in self._layer:
                unit.artist.draw(renderer)
        # Everything modified before this frame is drawn now; what is stale beyond that
        # (ticks laid out to measure a bounding box) changed nothing visible.
        _clear_stale(self.figure)
        return np.asarray(canvas.buffer_rgba())
