"""Every interactive figure of every chapter, driven like a student would.

Each control is moved to both ends of its range (every option of a
dropdown), and after every move the figure must compute finite data and plot
no NaN.  The physics behind the figures is tested elsewhere; this is about the
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
    defaults = fig.values
    for cname, control in fig.controls.items():
        for value in control_extremes(control):
            fig.set(**{cname: value})
            assert_plotted_finite(fig, f"{name} with {cname}={value!r}")
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


def test_rendered_png_is_what_savefig_gives():
    import io

    from qtransport.widgets import ch00

    fig = ch00.self_check()
    buf = io.BytesIO()
    fig.figure.savefig(buf, format="png")
    assert fig.render_png() == buf.getvalue()
