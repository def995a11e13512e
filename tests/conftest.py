"""Fixtures shared by several test files.

``toy_course`` and ``course`` build the folder of the toy grading exercise
(``_grading_toy.py``) once per test file: ``toy_course`` the solutions, the
generated student versions and a catalog; ``course`` the same with the
reference values of the toy exercise already computed (one kernel run), for
the files that grade submissions.
"""

from __future__ import annotations

import pytest
from _grading_toy import NAME, toy_source, write
from nbformat.v4 import new_markdown_cell

from qtransport.grading.generate import generate
from qtransport.grading.grader import Catalog


@pytest.fixture(scope="module")
def toy_course(tmp_path_factory):
    """A solutions folder with the toy exercise (and a second one), its student versions, and a catalog."""
    root = tmp_path_factory.mktemp("course")
    (root / "solutions").mkdir()
    write(root / "solutions" / f"{NAME}.ipynb", toy_source())
    other = toy_source("ex91_other")
    other.cells[1].source = "## Another exercise altogether"
    other.cells.insert(1, new_markdown_cell("# Exercise 91", id="x"))
    for i, cell in enumerate(other.cells):
        cell.id = str(i)
    write(root / "solutions" / "ex91_other.ipynb", other)
    generate(root / "solutions", root / "exercises")
    return root, Catalog(root / "solutions")


@pytest.fixture(scope="module")
def course(toy_course):
    """:func:`toy_course` with the reference of the toy exercise computed: one trusted run for the module."""
    toy_course[1].reference(NAME)
    return toy_course
