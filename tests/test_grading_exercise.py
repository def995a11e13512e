"""qtransport.grading.exercise: the markers of a source notebook, instrumented check cells, reading files (no kernel)."""

from __future__ import annotations

import pytest
from _grading_toy import (
    Q1_TEST,
    toy_source,
)
from nbformat.v4 import new_code_cell

from qtransport.grading.exercise import (
    SourceError,
    UnreadableNotebook,
    instrument_checks,
    parse_exercise,
    read_notebook,
)


@pytest.mark.parametrize(
    "cell, message",
    [
        ("# TEST q7 points=2\ncheck('a', 1, expect=1)\n### BEGIN HIDDEN TESTS", "never closed"),
        ("x = 1\n### END SOLUTION", "without"),
        ("# TEST q7 points=two\ncheck('a', 1)", "damaged"),
        ("x = 1\n# TEST q9 points=1\ncheck('a', 1)", "first line"),
        ("# TEST q7 points=1\nx = check('a', 1)", "statement of its own"),
        ("# TEST q7 points=1\nx = 1", "no `check"),
        ("# TEST q7 points=1\ncheck('a', 1, tol=3)", "unknown `check` option"),
        ("### BEGIN HIDDEN TESTS\nx = 1\n### END HIDDEN TESTS", "outside a check cell"),
        ("# TEST q3 points=1\ncheck('a', 1)", "second check cell"),
        ("# TEST q4 points=0\ncheck('a', 1)", "more than 0"),
    ],
)
def test_marker_mistakes_are_reported(cell, message):
    nb = toy_source()
    nb.cells.append(new_code_cell(cell))
    with pytest.raises(SourceError, match=message):
        parse_exercise(nb, "broken")


def test_instrumented_student_cell_does_not_evaluate_expected_values():
    body = instrument_checks(Q1_TEST, mode="student")
    assert "expect" not in body and "0.8" not in body and "__qtgrade_capture__" in body
    ref = instrument_checks(Q1_TEST, mode="reference")
    assert "0.8" in ref and "True" in ref  # the hidden flag of the second check


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"cells": [', "not JSON"),
        (b'{"hello": 1}', "not a Jupyter notebook"),
        (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "chart"}]}', "could not"),
        (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 3, '
         b'"metadata": {}, "outputs": []}]}', "could not|damaged"),
    ],
)
def test_unreadable_files_are_explained(data, message):
    with pytest.raises(UnreadableNotebook, match=message):
        read_notebook(data)
