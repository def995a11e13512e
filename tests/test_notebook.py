"""qtransport.notebook.setup: what the first cell of every notebook switches on, and nothing at import."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pytest

import qtransport
from qtransport import notebook


@pytest.fixture
def restored():
    """Undo what setup changes: matplotlib's settings and numpy's print options."""
    with mpl.rc_context():
        options = np.get_printoptions()
        try:
            yield
        finally:
            np.set_printoptions(**options)


def test_setup_applies_the_style_and_print_options(restored):
    assert notebook.setup(precision=3) == f"qtransport {qtransport.__version__}"
    for key, value in notebook.STYLE.items():
        got = mpl.rcParams[key]
        assert (list(got) == list(value)) if isinstance(value, tuple) else got == value, key
    options = np.get_printoptions()
    assert options["precision"] == 3 and options["suppress"] is True
    assert np.array2string(np.array([1 / 3])) == "[0.333]"


@pytest.mark.parametrize("precision, error, match", [
    (-1, ValueError, "`precision`"),
    (17, ValueError, "`precision`"),
    (2.5, TypeError, "`precision`"),
])
def test_bad_precision_is_refused_before_anything_changes(restored, precision, error, match):
    before = dict(mpl.rcParams)
    with pytest.raises(error, match=match):
        notebook.setup(precision=precision)
    assert dict(mpl.rcParams) == before


def test_importing_the_package_sets_no_style():
    code = (
        "import matplotlib as mpl, numpy as np\n"
        "before = (dict(mpl.rcParams), np.get_printoptions())\n"
        "import qtransport, qtransport.notebook\n"
        "assert (dict(mpl.rcParams), np.get_printoptions()) == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
