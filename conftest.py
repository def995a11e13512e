"""Shared pytest configuration.

Property tests (hypothesis) explore new random inputs on every local run; under
CI (``CI=true``) they are derandomized so that a run on the same commit is
reproducible.  The fixtures below build the toy grading exercise of
``tests/_grading_toy.py`` for the grader's test files.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")


# The toy grading exercise of tests/_grading_toy.py, built once per test file that grades it.
@pytest.fixture(scope="module")
def toy_course(tmp_path_factory):
    """A solutions folder with the toy exercise (and a second one), its student versions, and a catalog."""
    from _grading_toy import (  # tests/ is on the path of the tests that use it
        NAME,
        toy_source,
        write,
    )
    from nbformat.v4 import new_markdown_cell

    from qtransport.grading.generate import generate
    from qtransport.grading.grader import Catalog

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
    from _grading_toy import NAME

    toy_course[1].reference(NAME)
    return toy_course
