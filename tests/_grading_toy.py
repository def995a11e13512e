"""A small toy exercise for the tests of the grader, and helpers to grade variations of it.

The toy exercise has three short questions (5 points).  ``submission`` writes
the student version with some cells replaced, ``graded`` grades a file and
checks that the grader left it untouched.  The fixtures that build the
exercise folder once per test file are in ``conftest.py``.
"""

from __future__ import annotations

import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from qtransport.grading.grader import grade

NAME = "ex90_toy"

Q1_SOLUTION = """def transmission_delta(E, alpha):
    ### BEGIN SOLUTION
    return 1 / (1 + alpha**2 / (4 * E))
    ### END SOLUTION"""
Q1_TEST = """# TEST q1 points=2
check("E=1, alpha=2", transmission_delta(1.0, 2.0), expect=0.5)
### BEGIN HIDDEN TESTS
check("array of energies", transmission_delta(np.array([1.0, 4.0]), 2.0), expect=np.array([0.5, 0.8]))
### END HIDDEN TESTS"""
Q2_SOLUTION = """### BEGIN SOLUTION
answer = "b"
### END SOLUTION"""
Q2_TEST = """# TEST q2 points=1
check("choice", answer, hint="which one grows with the number of channels?")"""
Q3_SOLUTION = """def conductance_in_G0(T):
    ### BEGIN SOLUTION
    return float(np.sum(T))
    ### END SOLUTION"""
Q3_TEST = """# TEST q3 points=2
check("two channels", conductance_in_G0([1.0, 0.5]), expect=1.5)
### BEGIN HIDDEN TESTS
check("no channel", conductance_in_G0([]), expect=0.0)
### END HIDDEN TESTS"""

CORRECT = {
    2: "def transmission_delta(E, alpha):\n    return 1 / (1 + alpha**2 / (4 * E))",
    5: 'answer = "B"',
    8: "def conductance_in_G0(T):\n    return float(np.sum(T))",
}
WRONG = {
    2: "def transmission_delta(E, alpha):\n    return 1 / (1 + alpha / E)",
    5: 'answer = "a"',
    8: "def conductance_in_G0(T):\n    return 2.0",
}


def toy_source(name=NAME, extra=""):
    cells = [
        new_code_cell("import numpy as np\nfrom qtransport.grading import check" + extra),
        new_markdown_cell("## Q1: a delta barrier"),
        new_code_cell(Q1_SOLUTION),
        new_code_cell(Q1_TEST),
        new_markdown_cell("## Q2: which picture"),
        new_code_cell(Q2_SOLUTION),
        new_code_cell(Q2_TEST),
        new_markdown_cell("## Q3: Landauer"),
        new_code_cell(Q3_SOLUTION),
        new_code_cell(Q3_TEST),
    ]
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell.id = str(i)
    return nb


def write(path, nb):
    nbformat.write(nb, str(path))
    return path


def submission(course, tmp_path, answers=None, *, name="sub.ipynb", edit=None):
    """The student version with some cells replaced (``answers``: index -> source)."""
    root, _ = course
    nb = nbformat.read(str(root / "exercises" / f"{NAME}.ipynb"), as_version=4)
    for index, source in (answers or {}).items():
        nb.cells[index].source = source
    if edit:
        edit(nb)
    return write(tmp_path / name, nb)


def graded(course, path, **kw):
    """Grade ``path`` and check that the file was not touched."""
    _, catalog = course
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    result = grade(path, catalog=catalog, **kw)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before, "the submission was modified"
    return result


def scores(result):
    return {q.qid: q.score for q in result.questions}


FULL = {"q1": 2.0, "q2": 1.0, "q3": 2.0}
