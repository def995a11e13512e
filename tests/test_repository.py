"""Repository hygiene: stripped notebooks, a side-effect-free import, lint config."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p for folder in ("notebooks", "solutions", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{path.name} has outputs: run `make format` to strip them"
            )


def test_notebooks_pass_nbstripout_verify():
    # One call for all files (nbstripout's start-up dominates); it also checks the
    # metadata nbstripout removes (widget state, execution timing).
    result = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", *map(str, NOTEBOOKS)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, f"run `make format`:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_starts_with_setup_call(path):
    nb = json.loads(path.read_text())
    first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "setup()" in "".join(first_code["source"])


def test_import_has_no_side_effects():
    code = (
        "import sys, matplotlib as mpl; before = dict(mpl.rcParams);"
        "import numpy as np; opts = np.get_printoptions();"
        "import qtransport, qtransport.widgets;"
        "assert dict(mpl.rcParams) == before, 'rcParams changed';"
        "assert np.get_printoptions() == opts, 'print options changed';"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n", "importing qtransport printed something"


def test_public_api_is_curated():
    import qtransport

    assert qtransport.__version__
    for name in qtransport.__all__:
        assert hasattr(qtransport, name), name
    assert len(qtransport.__all__) == len(set(qtransport.__all__))


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line.split("#")[0].strip() for line in readme.splitlines() if line.startswith("make ")]
    assert commands[:2] == ["make lab", "make test"], commands
    assert "\nmake test\n" in ci


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_relative_links_in_notebooks_resolve(path):
    import re

    nb = json.loads(path.read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # web address or in-page anchor
        if not (path.parent / target.split("#")[0]).exists():
            broken.append(target)
    assert not broken, f"links to missing files: {broken}"
