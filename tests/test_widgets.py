"""Every interactive figure of every chapter, driven like a student would.

Each control is moved to both ends of its range (every option of a
dropdown), and after every move the figure must compute finite data and plot
no NaN; the picture it then sends, drawn by redrawing only what changed,
must equal a full redraw pixel for pixel.  The physics behind the figures is tested elsewhere; this is about the
figure never breaking whatever the learner does.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pytest

from qtransport.widgets import InteractiveFigure, ProgressBar, all_figures, choice, numeric

FIGURES = all_figures()


def control_extremes(control):
    if isinstance(control, (w.FloatSlider, w.IntSlider, w.FloatLogSlider)):
        return [control.min, control.max] if not isinstance(control, w.FloatLogSlider) else [
            control.base**control.min,
            control.base**control.max,
        ]
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.SelectionSlider)):
        return [value for _, value in control._options_full] if hasattr(control, "_options_full") else list(control.options)
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [True, False]
    raise AssertionError(f"no sweep defined for control type {type(control).__name__}")


def assert_plotted_finite(fig: InteractiveFigure, where):
    assert fig.error is None, f"{where}: {fig.error}"
    for arr in fig.plotted_arrays():
        assert np.all(np.isfinite(arr)), f"{where}: NaN or inf in a plotted array"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_survives_every_control_extreme(name):
    fig = FIGURES[name]()
    assert isinstance(fig, InteractiveFigure)
    assert fig.figure.axes, "the figure has no axes"
    for ax in fig.figure.axes:
        if ax.get_visible() and ax.has_data():
            assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: unlabelled axes"
    assert_plotted_finite(fig, f"{name} at defaults")
    assert np.array_equal(fig.render_rgba(), _full_redraw(fig)), f"{name} at defaults"
    defaults = fig.values
    for cname, control in fig.controls.items():
        extremes = control_extremes(control)
        for value in extremes:
            fig.set(**{cname: value})
            assert_plotted_finite(fig, f"{name} with {cname}={value!r}")
        # The picture a redraw sends (only the changed artists drawn again) is a full
        # redraw's, pixel for pixel.
        wrong = np.any(fig.render_rgba() != _full_redraw(fig), axis=-1)
        assert not wrong.any(), (
            f"{name} with {cname}={extremes[-1]!r}: {int(wrong.sum())} pixels differ from a full redraw"
        )
        fig.set(**{cname: defaults[cname]})


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_moving_a_control_changes_the_data(name):
    fig = FIGURES[name]()
    before = {k: np.array(v, copy=True) for k, v in fig.data.items() if np.ndim(v) > 0}
    changed = False
    for cname, control in fig.controls.items():
        for value in control_extremes(control):
            fig.set(**{cname: value})
            if any(
                k in fig.data and np.shape(fig.data[k]) == v.shape and not np.allclose(fig.data[k], v)
                for k, v in before.items()
            ) or any(np.shape(fig.data.get(k)) != v.shape for k, v in before.items()):
                changed = True
                break
        if changed:
            break
    assert changed, f"{name}: no control changes what is plotted"


def test_figure_reports_a_refused_combination_instead_of_plotting_stale_data():
    slider = w.FloatSlider(value=1.0, min=-1.0, max=1.0)

    def compute(x):
        if x < 0:
            raise ValueError("`x` must be >= 0")
        return {"y": np.array([x])}

    def init(fig):
        return fig.add_subplot()

    fig = InteractiveFigure({"x": slider}, compute, init, lambda s, d, v: None)
    fig.set(x=-1.0)
    assert "`x` must be >= 0" in fig.error
    fig.set(x=0.5)
    assert fig.error is None


def test_nan_from_compute_is_an_error_not_a_plot():
    slider = w.FloatSlider(value=1.0, min=0.0, max=1.0)
    fig = InteractiveFigure(
        {"x": slider}, lambda x: {"y": np.array([np.nan if x == 0 else x])},
        lambda f: f.add_subplot(), lambda s, d, v: None,
    )
    fig.set(x=0.0)
    assert "non-finite" in fig.error


def _in_a_kernel(monkeypatch, fig):
    """Pretend to run in a kernel and record the state messages of ``fig``'s Output widget."""
    import qtransport.widgets.base as base

    monkeypatch.setattr(base, "_in_kernel", lambda: True)
    sent = []
    monkeypatch.setattr(fig.output, "_send", lambda msg, buffers=None: sent.append(msg))
    return sent


def test_a_redraw_is_one_message_holding_the_new_picture(monkeypatch):
    import base64

    from qtransport.widgets import ch00

    fig = ch00.self_check()
    fig.coalesce_seconds = 0.02  # off by default (see InteractiveFigure.coalesce_seconds)
    sent = _in_a_kernel(monkeypatch, fig)
    name, control = next(iter(fig.controls.items()))
    fig.set(**{name: control.min})
    fig.set(**{name: control.max})
    assert len(sent) == 2, [m.get("state", m).keys() for m in sent]
    assert sent[0]["method"] == "update" and list(sent[0]["state"]) == ["outputs"]
    (entry,) = sent[1]["state"]["outputs"]
    assert entry["output_type"] == "display_data" and list(entry["data"]) == ["image/png"]
    shown = _decoded(base64.b64decode(entry["data"]["image/png"]))
    assert np.array_equal(shown, _full_redraw(fig))  # the new state, drawn independently


def test_a_refused_combination_shows_its_reason_as_text(monkeypatch):
    slider = w.FloatSlider(value=1.0, min=-1.0, max=1.0)

    def compute(x):
        if x < 0:
            raise ValueError("`x` must be >= 0")
        return {"y": np.array([x])}

    fig = InteractiveFigure({"x": slider}, compute, lambda f: f.add_subplot(), lambda s, d, v: None)
    sent = _in_a_kernel(monkeypatch, fig)
    fig.set(x=-1.0)
    assert list(sent[-1]["state"]["outputs"]) == [
        {"output_type": "stream", "name": "stdout",
         "text": "Cannot draw this combination: `x` must be >= 0\n"}
    ]
    fig.set(x=0.5)
    assert [e["output_type"] for e in sent[-1]["state"]["outputs"]] == ["display_data"]
    assert len(sent) == 2


def test_a_drag_in_the_browser_is_drawn_once_at_its_last_value(monkeypatch):
    import asyncio
    import base64

    from qtransport.widgets import ch00

    fig = ch00.self_check()
    fig.coalesce_seconds = 0.02  # off by default (see InteractiveFigure.coalesce_seconds)
    sent = _in_a_kernel(monkeypatch, fig)
    name, control = next(iter(fig.controls.items()))
    drag = list(np.linspace(control.min, control.max, 5))

    async def browser_drags():
        for value in drag:  # as the browser sends them, one message each
            control.set_state({"value": value})
        assert sent == []  # nothing drawn yet: the redraw waits for the end of the burst
        assert fig.coalesce_seconds <= fig.coalesce_delay() <= fig.coalesce_max_seconds
        await asyncio.sleep(3 * fig.coalesce_max_seconds)
        control.value = drag[0]  # from Python (a notebook cell): drawn at once
        assert len(sent) == 2

    asyncio.run(browser_drags())
    first, second = (m["state"]["outputs"][0]["data"]["image/png"] for m in sent)
    assert np.array_equal(_decoded(base64.b64decode(second)), _full_redraw(fig))
    fig.set(**{name: drag[-1]})
    assert np.array_equal(_decoded(base64.b64decode(first)), _full_redraw(fig))


def test_a_slow_figure_waits_longer_for_the_next_value_of_a_drag():
    from qtransport.widgets import ch00

    fig = ch00.self_check()
    assert fig.coalesce_seconds == 0.0  # off by default: every value is drawn at once
    fig.coalesce_seconds = 0.02
    assert fig.coalesce_delay() == 0.02  # a fixed wait
    fig.coalesce_fraction = 0.5
    expected = {float("nan"): 0.02, 0.004: 0.02, 0.1: 0.05, 0.16: 0.08, 2.0: 0.1}
    for seconds, delay in expected.items():  # max(0.02 s, half the last redraw), at most 0.1 s
        fig.update_seconds = seconds
        assert fig.coalesce_delay() == pytest.approx(delay)


def test_quiz_feedback():
    q = choice("Which?", ["a", "b"], "b", "because b", hints={"a": "not a"})
    assert q.submit("a") is False and "not a" in q.feedback.value
    assert q.submit("b") is True and "because b" in q.feedback.value
    n = numeric("How much?", 12.906, "h/2e^2", rtol=1e-3)
    assert n.submit("12.9") is True
    assert n.submit("13.5") is False and "too large" in n.feedback.value
    assert n.submit("twelve") is False


def test_progress_bar_reaches_one():
    bar = ProgressBar(display_bar=False)
    bar(5, 10)
    assert bar.fraction == 0.5


def _decoded(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _full_redraw(fig):
    """The pixels of a plain full matplotlib draw of ``fig``'s current state."""
    from qtransport.widgets._render import _clear_stale

    fig.figure.canvas.draw()
    pixels = np.asarray(fig.figure.canvas.buffer_rgba()).copy()
    _clear_stale(fig.figure)  # as after a frame: the next one sees only what the next move changes
    return pixels


def test_rendered_png_is_what_savefig_gives():
    import io

    from qtransport.widgets import ch00

    fig = ch00.self_check()
    buf = io.BytesIO()
    fig.figure.savefig(buf, format="png")
    assert np.array_equal(_decoded(fig.render_png()), _decoded(buf.getvalue()))


# ----------------------------------------------------------------------------------
# The frame renderer on small figures whose behaviour is known
# ----------------------------------------------------------------------------------
def _line_figure(legend_loc="upper right", **kwargs):
    def init(f):
        ax = f.add_subplot()
        (line,) = ax.plot(np.linspace(0, 1, 50), np.zeros(50), lw=3, label="curve")
        ax.set(xlabel="x (m)", ylabel="y (m)", ylim=(-1.1, 1.1))
        ax.legend(loc=legend_loc)
        return {"ax": ax, "line": line}

    def draw(state, data, values):
        state["line"].set_ydata(data["y"])
        state["ax"].set_title(f"a = {values['a']:.2f}")

    slider = w.FloatSlider(value=0.5, min=0.0, max=1.0)
    return InteractiveFigure(
        {"a": slider}, lambda a: {"y": a * np.sin(8 * np.linspace(0, 1, 50))}, init, draw, **kwargs
    )


def test_a_slider_move_redraws_only_the_changed_artists():
    fig = _line_figure()
    fig.render_rgba()
    fig.set(a=0.9)
    fig.render_rgba()  # the line and title join the layer: one more full draw
    full = fig.frames.full_draws
    for a in (0.1, 0.7, 0.3):
        fig.set(a=a)
        assert np.array_equal(fig.render_rgba(), _full_redraw(fig))
    assert fig.frames.full_draws == full, "moving the slider again needed a full draw"
    layer = [u.artist for u in fig.frames._units() if id(u.artist) in fig.frames._layer]
    kinds = {type(a).__name__ for a in layer}
    assert "Line2D" in kinds and "Legend" in kinds  # the legend is drawn over the curve
    assert not kinds & {"XAxis", "YAxis"}, "the axes' ticks are not redrawn"


def test_prepared_frames_spare_the_first_move_its_full_draws(monkeypatch):
    cold = _line_figure()
    full = cold.frames.full_draws
    cold.set(a=0.9)
    cold.render_rgba()
    assert cold.frames.full_draws > full, "an unprepared figure draws its background on the first move"
    import qtransport.widgets.base as base

    monkeypatch.setattr(base, "_in_kernel", lambda: True)  # where the constructor prepares the frames
    fig = _line_figure()
    monkeypatch.setattr(base, "_in_kernel", lambda: False)
    full = fig.frames.full_draws
    for a in (0.9, 0.1):
        fig.set(a=a)
        assert np.array_equal(fig.render_rgba(), _full_redraw(fig)), f"a={a}"
    assert fig.frames.full_draws == full, "the first moves still drew the whole figure"
    before = _line_figure()
    before.prepare_frames()  # prepared at its current values: the picture does not change
    assert np.array_equal(before.render_rgba(), _full_redraw(before))


def test_a_legend_drawn_over_a_changing_curve_is_redrawn_over_it():
    fig = _line_figure(legend_loc="center")  # the legend sits on the curve
    fig.render_rgba()
    for a in (1.0, 0.2, 0.8):
        fig.set(a=a)
        assert np.array_equal(fig.render_rgba(), _full_redraw(fig))


def test_changing_limits_and_recreated_artists_stay_exact():
    x = np.linspace(0, 1, 40)

    def init(f):
        left, right = f.subplots(1, 2)
        (line,) = left.plot(x, x, label="x")
        right.set(xlabel="x", ylabel="y")
        return {"left": left, "right": right, "line": line, "fills": []}

    def draw(state, data, values):
        state["line"].set_ydata(data["y"])
        for fill in state["fills"]:
            fill.remove()
        state["fills"] = [state["right"].fill_between(x, 0, data["y"], alpha=0.4)]
        state["right"].set_ylim(0, 1.2 * data["y"].max())  # ticks change with the slider

    slider = w.FloatSlider(value=1.0, min=0.5, max=5.0)
    fig = InteractiveFigure({"a": slider}, lambda a: {"y": a * x**2 + 0.1}, init, draw)
    fig.render_rgba()
    for a in (2.0, 4.5, 0.7, 3.3):
        fig.set(a=a)
        assert np.array_equal(fig.render_rgba(), _full_redraw(fig)), f"a={a}"
    # after the first moves the right axes is drawn whole, the left one only its line
    full = fig.frames.full_draws
    fig.set(a=1.5)
    fig.render_rgba()
    assert fig.frames.full_draws == full


def test_an_axes_whose_limits_stop_moving_returns_to_the_background():
    from qtransport.widgets._render import _SETTLE

    x = np.linspace(0, 1, 40)

    def init(f):
        ax = f.add_subplot()
        (line,) = ax.plot(x, x, label="x")
        ax.set(xlabel="x (m)", ylabel="y (m)")
        ax.legend(loc="upper left")
        return {"ax": ax, "line": line}

    def draw(state, data, values):
        state["line"].set_ydata(data["y"])
        state["ax"].set_ylim(0, 2.0 if values["a"] < 1.5 else 6.0)  # two scales only

    slider = w.FloatSlider(value=1.0, min=0.5, max=3.0)
    fig = InteractiveFigure({"a": slider}, lambda a: {"y": a * x}, init, draw)
    fig.render_rgba()
    fig.set(a=2.0)  # the limits jump: the axes is drawn whole
    assert np.array_equal(fig.render_rgba(), _full_redraw(fig))
    assert fig.frames._whole
    for a in np.linspace(2.0, 3.0, _SETTLE + 4):  # the limits stay put
        fig.set(a=a)
        assert np.array_equal(fig.render_rgba(), _full_redraw(fig)), f"a={a}"
    assert not fig.frames._whole, "the axes stayed drawn whole after its limits settled"
    full = fig.frames.full_draws
    fig.set(a=2.5)
    assert np.array_equal(fig.render_rgba(), _full_redraw(fig))
    assert fig.frames.full_draws == full
    layer = [u.artist for u in fig.frames._units() if id(u.artist) in fig.frames._layer]
    assert not {type(a).__name__ for a in layer} & {"XAxis", "YAxis"}, "the ticks are still redrawn"
    fig.set(a=1.0)  # and back to the other scale: exact again
    assert np.array_equal(fig.render_rgba(), _full_redraw(fig))


def test_png_encoding():
    from qtransport.widgets._render import encode_png

    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(20, 30, 4), dtype=np.uint8)
    assert np.array_equal(_decoded(encode_png(rgba)), rgba)
    rgba[..., 3] = 255  # opaque: written as RGB, same pixels
    png = encode_png(rgba)
    assert png[25] == 2  # colour type 2 in the IHDR chunk: RGB
    assert np.array_equal(_decoded(png), rgba)
    with pytest.raises(ValueError, match="`rgba` must be an"):
        encode_png(rgba[..., :3])


# ----------------------------------------------------------------------------------
# Without a kernel: the static picture and question beside the widget
# ----------------------------------------------------------------------------------
def test_figure_output_carries_a_static_picture_with_alt_text_and_disabled_controls():
    import base64
    import html as html_lib
    import re

    from qtransport.widgets import ch04

    fig = ch04.fabry_perot()
    data, metadata = fig._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # the live widget, for JupyterLab
    png = base64.b64decode(data["image/png"])
    assert np.array_equal(_decoded(png), _full_redraw(fig))  # the figure as it stands
    assert metadata["image/png"]["width"] == _decoded(png).shape[1]
    page = data["text/html"]
    alt = html_lib.unescape(re.search(r'alt="([^"]*)"', page).group(1))
    assert alt == data["text/plain"] == fig.alt_text()
    assert "Two barriers in series" in alt and "transmission against round-trip phase" in alt
    assert "T₁ 0.30" in alt  # the control values shown
    assert page.count("disabled") == len(fig.controls)
    assert "live when the notebook runs in JupyterLab" in page
    fig.set(T1=0.9)
    moved = fig._repr_mimebundle_()[0]
    assert "T₁ 0.90" in moved["text/plain"] and moved["image/png"] != data["image/png"]


def test_a_chapter_can_give_its_own_alt_text():
    fig = _line_figure(alt="A sine whose amplitude follows the slider.")
    data, _ = fig._repr_mimebundle_()
    assert 'alt="A sine whose amplitude follows the slider."' in data["text/html"]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_has_a_meaningful_alt_text(name):
    import re

    fig = FIGURES[name]()
    alt = fig.alt_text()
    assert len(alt) > 40 and " against " in alt, f"{name}: {alt!r}"
    assert "$" not in alt and "\\" not in alt and not re.search(r"<[a-z/]", alt), alt


def test_quiz_output_carries_a_static_version():
    import html as html_lib
    import json
    import re

    q = choice("Which is $G_0$?", ["e/h", "2e²/h"], "2e²/h", "spin degeneracy", hints={"e/h": "spin?"})
    data = q._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    page = data["text/html"]
    assert "Which is \\(G_0\\)?" in page and page.count('type="radio"') == 2 and "<script>" in page
    spec = json.loads(html_lib.unescape(re.search(r'data-quiz="([^"]*)"', page).group(1)))
    assert spec == {
        "kind": "choice", "options": ["e/h", "2e²/h"], "answer": "2e²/h",
        "explanation": "spin degeneracy", "hints": {"e/h": "spin?"},
        "default_hint": "Think again about what the formula says.",
    }
    n = numeric("How much?", 12.906, "h/2e^2", rtol=1e-3, unit="kΩ")
    spec = json.loads(html_lib.unescape(re.search(r'data-quiz="([^"]*)"', n._repr_mimebundle_()["text/html"]).group(1)))
    assert spec["kind"] == "numeric" and spec["answer"] == 12.906 and spec["rtol"] == 1e-3


def test_the_course_palette_is_one_set_of_distinct_colours():
    from matplotlib.colors import to_rgb

    from qtransport.widgets import _palette as palette

    colours = [getattr(palette, name) for name in palette.__all__ if name != "CYCLE"]
    assert len({to_rgb(c) for c in colours}) == len(colours)
    assert set(palette.CYCLE) <= set(colours)
