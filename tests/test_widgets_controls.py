"""The control factories of the course figures: one look, the values and limits asked for."""

from __future__ import annotations

import ipywidgets as w
import pytest

from qtransport.widgets.base import ProgressBar
from qtransport.widgets.controls import (
    dropdown,
    nearest_index,
    progress_bar,
    selection_slider,
    slider,
    with_progress_bar,
)


def test_sliders_float_integer_and_logarithmic():
    s = slider("energy E (t)", 1.0, 0.5, 2.0, 0.1, fmt=".3f", continuous=False)
    assert isinstance(s, w.FloatSlider) and (s.min, s.max, s.value, s.step) == (0.5, 2.0, 1.0, 0.1)
    assert s.readout_format == ".3f" and s.continuous_update is False
    n = slider("modes", 2, 1, 5, 1, integer=True)
    assert isinstance(n, w.IntSlider) and (n.min, n.max, n.value) == (1, 5, 2)
    log = slider("kT (meV)", 0.1, 0.01, 10.0, 0.1, log=True)
    assert isinstance(log, w.FloatLogSlider) and log.base == 10
    assert (log.min, log.max) == pytest.approx((-2.0, 1.0)) and log.value == pytest.approx(0.1)
    widths = {c.layout.width for c in (s, n, log)}
    assert widths == {"300px"} and s.style.description_width == "initial"  # labels never cut


def test_dropdowns_take_lists_pairs_or_dicts():
    assert dropdown("lead", ["a", "b"], "b").value == "b"
    pairs = dropdown("channels", [("one", 1), ("two", 2)], 2)
    assert pairs.value == 2 and pairs.label == "two"
    from_dict = dropdown("model", {"directional": "d", "beam splitter": "b"}, "b")
    assert from_dict.label == "beam splitter" and from_dict.value == "b"


def test_selection_slider_and_nearest_index():
    s = selection_slider("flux", [0.0, 0.25, 0.5], 0.25)
    assert isinstance(s, w.SelectionSlider) and s.value == 0.25 and s.continuous_update is True
    assert nearest_index([0.0, 0.25, 0.5], 0.3) == 1 and nearest_index([3, 1, 2], 0.9) == 1


def test_a_progress_bar_outside_a_notebook_shows_nothing_but_counts():
    bar = progress_bar("ensemble")
    assert isinstance(bar, ProgressBar) and bar._bar is None
    bar(1, 4)
    assert bar.fraction == 0.25


def test_with_progress_bar_passes_a_bar_unless_given_one():
    seen = {}

    def sweep(*, progress=None, size=3):
        """A library sweep."""
        seen["progress"], seen["size"] = progress, size
        return size

    wrapped = with_progress_bar(sweep, "toy sweep")
    assert wrapped(size=5) == 5 and isinstance(seen["progress"], ProgressBar)
    assert seen["progress"].description == "toy sweep"
    mine = []
    wrapped(progress=mine.append)
    assert seen["progress"] == mine.append and seen["size"] == 3
    assert wrapped.__name__ == "sweep" and "toy sweep" in wrapped.__doc__
