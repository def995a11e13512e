"""Every course notebook, run in JupyterLab in a real browser, as a learner would.

Running the notebooks with nbval proves the Python side works, but it never
renders a widget: a mismatch between ipywidgets and its JupyterLab extension,
or a figure that does not redraw when its slider moves, passes nbval and
fails every learner.  Here each notebook is opened in JupyterLab in headless
Chromium, run with *Run > Run All Cells*, and checked by
:func:`labcheck.check_notebook`: no errors, every widget rendered, one slider
of every interactive figure moved and the picture redrawn, every self-check
question answers.  Screenshots land in ``test-artifacts/browser/<notebook>/``.

A deliberately broken notebook proves that the checks can fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from labcheck import analyse_saved_notebook, check_notebook
from labserver import find_chromium, unavailable

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@pytest.mark.browser
@pytest.mark.timeout(300)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_works_in_jupyterlab(notebook, lab_page, lab_server, artifacts_dir):
    report = check_notebook(
        lab_page,
        lab_server,
        f"notebooks/{notebook.name}",
        artifacts_dir / notebook.stem,
        console=lab_page.console,
    )
    print(report.summary())
    assert report.ok, report.summary()


# ----------------------------------------------------------------------------------
# Negative control: the checker must catch broken widgets
# ----------------------------------------------------------------------------------
def broken_notebook():
    """A notebook with one healthy figure and quiz, and five kinds of breakage."""
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [
        code("from qtransport.notebook import setup\n\nsetup()"),
        # 1. a healthy figure: must NOT be reported
        code("from qtransport.widgets import ch00, choice\n\nhealthy = ch00.self_check()\nhealthy"),
        # 2. a figure whose slider does not redraw it
        code("stale = ch00.self_check()\nstale.update = lambda: None  # never redraws\nstale"),
        # 3. a widget view whose model does not exist ("Error displaying widget")
        code(
            "from IPython.display import display\n\n"
            "view = {'model_id': 'f' * 32, 'version_major': 2, 'version_minor': 0}\n"
            "display({'application/vnd.jupyter.widget-view+json': view,"
            " 'text/plain': 'VBox()'}, raw=True)"
        ),
        # 4. a control from a widget library version the front end does not have
        #    (what an ipywidgets / JupyterLab extension mismatch looks like)
        code(
            "import ipywidgets as w\n\n"
            "newer = {'_model_module_version': '9.9.9', '_view_module_version': '9.9.9'}\n"
            "w.VBox([w.FloatSlider(**newer)])"
        ),
        # 5. a traceback inside a widget (the saved notebook does not show it; the page does)
        code(
            "out = w.Output()\n"
            "with out:\n"
            "    raise ValueError('deliberate error inside a widget output')\n"
            "out"
        ),
        # 6. a healthy self-check question: must NOT be reported
        code("choice('Pick one', ['a', 'b'], answer='a', explanation='because')"),
        # 7. an exception in the last cell
        code("raise RuntimeError('deliberate failure of the last cell')"),
    ]
    return nb


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_checker_reports_broken_widgets(lab_page, lab_server, artifacts_dir):
    path = lab_server.work / "controls" / "broken_widgets.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(broken_notebook(), path)
    report = check_notebook(
        lab_page,
        lab_server,
        "controls/broken_widgets.ipynb",
        artifacts_dir / "control-broken_widgets",
        console=lab_page.console,
        redraw_timeout=10.0,
    )
    print(report.summary())
    problems = "\n".join(report.problems)
    assert not report.ok
    assert '"Error displaying widget" appears 1 time(s)' in problems
    assert re.search(r"cell 3: widget f{8} is not rendered", problems)
    assert "widget ffffffff was displayed but its model does not exist" in problems
    assert re.search(r"figure 2: the picture did not change after moving slider", problems)
    assert re.search(r"cell 4: widget \w+ is rendered with 1 broken part", problems)
    assert (
        "1 widget(s) show a JavaScript error instead of a control: Failed to load model class "
        "'FloatSliderModel' from module '@jupyter-widgets/controls'" in problems
    )
    assert (
        "error in a widget output: ValueError: deliberate error inside a widget output" in problems
    )
    assert "RuntimeError: deliberate failure of the last cell" in problems
    # ... and nothing else: the healthy figure and question pass
    assert not [p for p in report.problems if p.startswith(("figure 1", "self-check"))]
    assert report.counts["figures_redrawn"] == 1
    assert report.counts["quizzes_answered"] == 1
    assert report.counts["qt-figure"] == 2 and report.counts["qt-quiz"] == 1
    assert report.counts["widget_views"] == 6 and report.counts["widget_views_rendered"] == 4


# ----------------------------------------------------------------------------------
# The pure parts (no browser)
# ----------------------------------------------------------------------------------
def _view(model_id):
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "application/vnd.jupyter.widget-view+json": {"model_id": model_id},
            "text/plain": "VBox()",
        },
    }


def test_saved_notebook_analysis_counts_nested_classes_and_missing_models():
    state = {
        "fig": {"state": {"_dom_classes": ["qt-figure"], "children": ["IPY_MODEL_box"]}},
        "box": {"state": {"children": ["IPY_MODEL_quiz", "IPY_MODEL_fig"]}},  # a cycle is fine
        "quiz": {"state": {"_dom_classes": ["qt-quiz", "other"]}},
        "tab": {"state": {"children": ["IPY_MODEL_quiz"]}},
    }
    nb = {
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": state}}},
        "cells": [
            {"cell_type": "markdown", "source": "text"},
            {"cell_type": "code", "source": "", "execution_count": None, "outputs": []},
            {
                "cell_type": "code",
                "source": "show()",
                "execution_count": 3,
                "outputs": [_view("fig"), _view("tab"), _view("gone")],
            },
            {
                "cell_type": "code",
                "source": ["import warnings\n", "warn()"],
                "execution_count": 4,
                "outputs": [
                    {"output_type": "stream", "name": "stderr", "text": "UserWarning: careful\n"},
                    {"output_type": "stream", "name": "stderr", "text": "Traceback (most...\n"},
                ],
            },
        ],
    }
    saved = analyse_saved_notebook(nb)
    assert saved.code_cells == 2 and saved.unexecuted == []
    assert saved.views == [(2, 0, "fig"), (2, 1, "tab"), (2, 2, "gone")]
    assert saved.count_class("qt-figure") == 1
    assert saved.count_class("qt-quiz") == 2
    assert saved.missing_models == ["gone"]
    assert len(saved.errors) == 1 and "Traceback" in saved.errors[0]
    assert len(saved.stderr) == 1 and "careful" in saved.stderr[0]


def test_saved_notebook_without_widget_state_is_flagged_by_has_widget_state():
    nb = {
        "metadata": {},
        "cells": [
            {"cell_type": "code", "source": "w", "execution_count": 1, "outputs": [_view("abc")]}
        ],
    }
    saved = analyse_saved_notebook(json.loads(json.dumps(nb)))
    assert not saved.has_widget_state and saved.missing_models == []
    assert saved.count_class("qt-figure") == 0


def test_explicit_chromium_path_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("QTRANSPORT_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(FileNotFoundError, match="QTRANSPORT_CHROMIUM"):
        find_chromium()


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_browser_fails_under_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        unavailable("Chromium not found")


@pytest.mark.parametrize("ci", ["", "false"])
def test_missing_browser_skips_outside_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="QTRANSPORT_CHROMIUM"):
        unavailable("Chromium not found")
