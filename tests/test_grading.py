"""The exercise machinery on a small toy exercise built here: generation, checks, grading, tampering.

Every grading test runs a real kernel (about a second each), so the toy
exercise has three short questions (5 points) and its reference values are
computed once for the module.  Each tampering case states what a fair grader
must give: the tampered question loses its points, the untouched ones keep
theirs, and the submission file is left exactly as it was.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from qtransport.grading import CheckFailed, check
from qtransport.grading.__main__ import main
from qtransport.grading._harness import MIME, ValueNotGradable, encode
from qtransport.grading.exercise import (
    STUB_RAISE,
    SourceError,
    UnreadableNotebook,
    instrument_checks,
    parse_exercise,
    read_notebook,
)
from qtransport.grading.generate import generate
from qtransport.grading.grader import Catalog, compute_reference, grade
from qtransport.grading.runner import MIME as RUNNER_MIME
from qtransport.grading.runner import run_isolated
from qtransport.grading.values import compare, decode

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


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A solutions folder with the toy exercise (and a second one), and a catalog with its reference."""
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
    catalog = Catalog(root / "solutions")
    catalog.reference(NAME)  # one trusted run of the solution for the whole module
    return root, catalog


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


# --------------------------------------------------------------------------- generation (no kernel)


def test_student_version_has_stubs_and_no_hidden_tests(course):
    root, _ = course
    text = (root / "exercises" / f"{NAME}.ipynb").read_text()
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["qtransport"] == {"exercise": NAME}
    assert [c.id for c in nb.cells] == [str(i) for i in range(10)]
    assert "1 / (1 + alpha" not in text and "HIDDEN" not in text and "array of energies" not in text
    assert "SOLUTION" not in text
    assert nb.cells[2].source == "def transmission_delta(E, alpha):\n    # YOUR CODE HERE\n    " + STUB_RAISE
    assert nb.cells[5].source == "# YOUR CODE HERE\nanswer = ..."
    assert nb.cells[3].source == '# TEST q1 points=2\ncheck("E=1, alpha=2", transmission_delta(1.0, 2.0), expect=0.5)'
    assert nb.cells[0].source == toy_source().cells[0].source
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")


def test_generate_is_deterministic_and_check_finds_stale_files(course, tmp_path):
    root, _ = course
    out = tmp_path / "exercises"
    first = generate(root / "solutions", out)
    assert len(first.written) == 2
    again = generate(root / "solutions", out)
    assert again.written == [] and not again.stale
    (out / f"{NAME}.ipynb").write_text((out / f"{NAME}.ipynb").read_text().replace("Q1", "Q one"))
    (out / "ex99_orphan.ipynb").write_text("{}")
    report = generate(root / "solutions", out, check=True)
    assert [p.name for p in report.written] == [f"{NAME}.ipynb"]
    assert [p.name for p in report.orphans] == ["ex99_orphan.ipynb"]
    assert report.stale


def test_generate_command_line(course, tmp_path, capsys):
    root, _ = course
    args = ["generate", "--solutions", str(root / "solutions"), "--out", str(tmp_path / "ex")]
    assert main(args) == 0
    assert main(args + ["--check"]) == 0
    (tmp_path / "ex" / f"{NAME}.ipynb").write_text("{}")
    capsys.readouterr()
    assert main(args + ["--check"]) == 1
    assert f"stale: {tmp_path / 'ex' / NAME}.ipynb" in capsys.readouterr().out


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


# --------------------------------------------------------------------------- values and check (no kernel)


@pytest.mark.parametrize(
    "value",
    [1, 2.5, -0.0, float("nan"), 1 + 2j, "b", True, None, [1, "a", [2.0]], {"k": (1, 2)},
     np.arange(6.0).reshape(2, 3), np.array([1 + 1j, 2]), np.float32(0.25), np.int64(3), np.bool_(True)],
)
def test_encode_decode_round_trip(value):
    back = decode(json.loads(json.dumps(encode(value))))
    ok, message = compare(back, value, rtol=0, atol=0)
    assert ok, message


def test_encode_refuses_what_it_cannot_grade():
    with pytest.raises(ValueNotGradable, match="cannot be graded"):
        encode(object())
    with pytest.raises(ValueNotGradable, match="at most"):
        encode(np.zeros(10**6))


@pytest.mark.parametrize(
    "got, expect, kw, ok, fragment",
    [
        (0.5 + 1e-9, 0.5, {}, True, ""),
        (0.51, 0.5, {}, False, "got 0.51: about 2 % too large"),
        (0.51, 0.5, {"rtol": 0.05}, True, ""),
        (1e-14, 0.0, {}, True, ""),
        ([1.0, 2.0], np.array([1.0, 2.0]), {}, True, ""),
        (np.array([1.0, 2.0]), np.array([[1.0, 2.0]]), {}, False, "shape"),
        (np.array([1.0, 3.0]), np.array([1.0, 2.0]), {}, False, "1 of 2 values differ"),
        (float("nan"), float("nan"), {}, True, ""),
        ("  Maybe ", "maybe", {}, True, ""),
        (1, "b", {}, False, "expected text"),
        (True, True, {}, True, ""),
        (1, True, {}, False, "True or False"),
        ("1.0", 1.0, {}, False, "number"),
        (1 + 1e-3j, 1.0, {}, False, "complex"),
        (..., 2.0, {}, False, "no answer yet"),
        ([1, "a"], [1, "b"], {}, False, "item 1"),
        ({"a": 1}, {"a": 1, "b": 2}, {}, False, "keys"),
    ],
)
def test_compare(got, expect, kw, ok, fragment):
    result, message = compare(got, expect, **kw)
    assert result is ok
    assert fragment in message


def test_check_prints_a_tick_or_raises(capsys):
    check("half", 0.5, expect=0.5)
    assert capsys.readouterr().out == "✓ half\n"
    with pytest.raises(CheckFailed, match="got 0.3: about 20 % too large. Hint: quarter"):
        check("quarter", 0.3, expect=0.25, hint="quarter")
    with pytest.raises(CheckFailed, match="cannot be graded"):
        check("object", object(), expect=1.0)


# --------------------------------------------------------------------------- reading files (no kernel)


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


def test_file_that_is_not_a_notebook_scores_zero_with_a_message(course, tmp_path):
    path = tmp_path / "essay.ipynb"
    path.write_bytes(b"Dear grader, please find my answers attached.")
    result = graded(course, path, exercise=NAME)
    assert result.status == "unreadable" and result.score == 0 and result.max_score == 5
    assert "not JSON" in result.notes[0]
    assert [q.score for q in result.questions] == [0, 0, 0]


def test_truncated_notebook_is_unreadable(course, tmp_path):
    root, _ = course
    text = (root / "exercises" / f"{NAME}.ipynb").read_text()
    path = tmp_path / "cut.ipynb"
    path.write_text(text[: len(text) // 2])
    result = graded(course, path)
    assert result.status == "unreadable" and "not JSON" in result.notes[0]


def test_missing_file(course, tmp_path):
    result = grade(tmp_path / "nothing.ipynb", catalog=course[1], exercise=NAME)
    assert result.status == "unreadable" and "No such file" in result.notes[0]


def test_notebook_of_another_exercise_is_refused(course, tmp_path):
    root, _ = course
    path = tmp_path / "other.ipynb"
    path.write_bytes((root / "exercises" / "ex91_other.ipynb").read_bytes())
    result = graded(course, path, exercise=NAME)
    assert result.status == "wrong_exercise" and result.score == 0
    assert "ex91_other" in result.notes[0]


def test_exercise_is_identified_from_metadata_and_unknown_ones_are_reported(course, tmp_path):
    path = tmp_path / "mystery.ipynb"
    write(path, new_notebook(cells=[new_code_cell("x = 1")]))
    result = graded(course, path)
    assert result.status == "unknown_exercise" and "--exercise" in result.notes[0]


# --------------------------------------------------------------------------- grading (one kernel each)


def test_reference_values_come_from_the_expected_values(course):
    ref = course[1].reference(NAME)
    assert [r.name for r in ref.checks["q1"]] == ["E=1, alpha=2", "array of energies"]
    assert [r.hidden for r in ref.checks["q1"]] == [False, True]
    np.testing.assert_allclose(ref.checks["q1"][1].value, [0.5, 0.8])
    assert ref.checks["q2"][0].hint.startswith("which one")


def test_solution_that_fails_its_own_check_is_refused():
    nb = toy_source()
    nb.cells[8].source = Q3_SOLUTION.replace("float(np.sum(T))", "float(np.sum(T)) + 1")
    with pytest.raises(SourceError, match="fails its own check"):
        compute_reference(parse_exercise(nb, "broken"))


def test_solution_scores_full_marks(course, tmp_path):
    result = graded(course, submission(course, tmp_path, CORRECT))
    assert result.status == "graded"
    assert scores(result) == FULL and result.score == 5
    assert result.notes == []
    assert "5 / 5" in result.report()


def test_blank_student_version_scores_zero(course, tmp_path):
    result = graded(course, submission(course, tmp_path))
    assert result.score == 0 and result.status == "graded"
    q1 = result.questions[0]
    assert q1.checks[0].message.startswith("NotImplementedError")
    assert "no answer yet" in result.questions[1].checks[0].message


def test_partial_credit_and_feedback(course, tmp_path):
    # q1: right for a number, wrong for an array (the visible check passes, the hidden one fails);
    # q2: a wrong choice (its hint is shown); q3: a wrong number
    answers = {
        2: "def transmission_delta(E, alpha):\n    return 0.5 if E == 1.0 else 0.0",
        5: WRONG[5],
        8: "def conductance_in_G0(T):\n    return 2.0 + len(T)",
    }
    result = graded(course, submission(course, tmp_path, answers))
    assert scores(result) == {"q1": 1.0, "q2": 0.0, "q3": 0.0}
    failed = [c for c in result.questions[0].checks if not c.passed]
    assert len(failed) == 1 and failed[0].hidden
    assert "0.8" not in failed[0].message  # a hidden check does not reveal the expected value
    report = result.report()
    assert "✗ array of energies (hidden)" in report
    assert "Hint: which one grows" in result.questions[1].checks[0].message
    assert "got 4: about 2.7 times too large" in result.questions[2].checks[0].message
    assert "1 / 5" in report


def test_exception_and_syntax_error_only_cost_their_question(course, tmp_path):
    answers = {
        **CORRECT,
        2: "def transmission_delta(E, alpha):\n    return 1 / (1 + alpha**2 / (4 * E))\nraise ValueError('oops')",
        5: 'answer = "b"\nif True\n    pass',
    }
    result = graded(course, submission(course, tmp_path, answers))
    # q1's function was defined before the exception: it still counts; q2's cell never ran
    assert scores(result) == {"q1": 2.0, "q2": 0.0, "q3": 2.0}
    assert any("ValueError: oops" in n for n in result.notes)
    assert any("SyntaxError" in n for n in result.notes)
    assert "NameError" in result.questions[1].checks[0].message


def test_infinite_loop_is_interrupted(course, tmp_path):
    answers = {**CORRECT, 2: "while True:\n    pass"}
    start = time.monotonic()
    result = graded(course, submission(course, tmp_path, answers), cell_timeout=2)
    assert time.monotonic() - start < 15
    assert scores(result) == {"q1": 0.0, "q2": 1.0, "q3": 2.0}
    assert any("interrupted" in n and "cell 2" in n for n in result.notes)


def test_loop_that_ignores_interrupts_is_killed_and_the_rest_graded(course, tmp_path):
    # a function that hangs without end *inside a check*, and a top-level cell ignoring SIGINT
    answers = {
        **CORRECT,
        2: "def transmission_delta(E, alpha):\n    while True:\n        pass",
        8: (
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "def conductance_in_G0(T):\n    return float(np.sum(T))\n"
            "while True:\n    pass"
        ),
    }
    result = graded(course, submission(course, tmp_path, answers), cell_timeout=2, grace=1)
    assert scores(result) == {"q1": 0.0, "q2": 1.0, "q3": 0.0}
    assert "time limit" in result.questions[0].checks[0].message
    assert any("cell 8" in n and "disabled" in n for n in result.notes)


def test_sys_exit_and_os_exit(course, tmp_path):
    answers = {
        **CORRECT,
        2: "import sys\nsys.exit('bye')",
        5: 'answer = "b"\nimport os\nos._exit(0)',
    }
    result = graded(course, submission(course, tmp_path, answers))
    assert scores(result) == {"q1": 0.0, "q2": 0.0, "q3": 2.0}
    assert any("SystemExit" in n for n in result.notes)
    assert any("cell 5" in n and "kernel died" in n for n in result.notes)


def test_deleted_and_edited_test_cells(course, tmp_path):
    # q1: wrong answer, its check cell emptied (and its points raised); q2: right answer, check
    # cell deleted; q3: right answer, check cell header removed, plus a second copy at the end
    def tamper(nb):
        nb.cells[3].source = "# TEST q1 points=200\npass"
        nb.cells[9].source = "check('two channels', 1.5, expect=1.5)"
        nb.cells.append(new_code_cell("# TEST q3 points=2\nprint('a second copy')"))
        del nb.cells[6]

    answers = {**CORRECT, 2: WRONG[2]}
    result = graded(course, submission(course, tmp_path, answers, edit=tamper))
    assert scores(result) == {"q1": 0.0, "q2": 1.0, "q3": 2.0}
    assert result.max_score == 5
    assert any("q1" in n and "edited" in n for n in result.notes)
    assert any("q2" in n and "was missing" in n and "after cell 5" in n for n in result.notes)
    assert any("q3" in n and "edited" in n for n in result.notes)
    assert any("q3" in n and "extra check cell" in n for n in result.notes)


def test_monkeypatching_forging_and_floods_cannot_fool_the_grader(course, tmp_path):
    tamper = (
        "import builtins, json, math\nimport numpy\nimport qtransport.grading as g\n"
        "numpy.isclose = lambda *a, **k: True\nnumpy.allclose = lambda *a, **k: True\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\nmath.isclose = lambda *a, **k: True\n"
        "g.check = check = lambda *a, **k: None\n"
        "_dumps = json.dumps\n"
        "json.dumps = lambda o, *a, **k: '{}' if '\"nonce\"' in _dumps(o, *a, **k) else _dumps(o, *a, **k)\n"
        "builtins.sum = builtins.abs = builtins.round = lambda *a, **k: 0\n"
        "list = dict = str = len = None\n"
    )
    fake = json.dumps(
        {"nonce": "0" * 32, "question": "q1", "error": None,
         "results": [{"name": "E=1, alpha=2", "status": "ok", "value": 0.5, "hidden": False}]}
    )
    forge = f"from IPython.display import publish_display_data\npublish_display_data({{{MIME!r}: {fake!r}}})"
    flood = (
        "print('x' * 10_000_000)\nfor i in range(20_000):\n    print(i)\n"
        "import os\nos.write(1, b'{\"result\": {}}\\n' * 1000)\nos.write(2, b'noise\\n' * 1000)\n"
    )
    # q1's function also forges a payload from inside the check cell, each time it is called
    sneaky = (
        "def transmission_delta(E, alpha):\n"
        "    from IPython.display import publish_display_data\n"
        f"    publish_display_data({{{MIME!r}: {fake!r}}})\n"
        "    return 0.25\n"
    )
    answers = {2: sneaky + "\n" + forge + "\n" + tamper, 5: flood + CORRECT[5], 8: CORRECT[8]}
    result = graded(course, submission(course, tmp_path, answers))
    assert scores(result) == {"q1": 0.0, "q2": 1.0, "q3": 2.0}
    assert any("imitating the grader" in n for n in result.notes)


def test_cells_copied_into_a_new_notebook_are_graded(course, tmp_path):
    # new cell ids, no metadata, reversed order of the answers, test cells dropped
    cells = [new_code_cell("import numpy as np")] + [new_code_cell(CORRECT[i]) for i in (8, 5, 2)]
    path = write(tmp_path / "fresh.ipynb", new_notebook(cells=cells))
    result = graded(course, path, exercise=NAME)
    assert scores(result) == FULL


def test_time_limit_of_the_whole_notebook(course, tmp_path):
    answers = {**CORRECT, 5: 'import time\ntime.sleep(1)\nanswer = "b"', 8: "import time\ntime.sleep(6)"}
    result = graded(course, submission(course, tmp_path, answers), cell_timeout=10, total_timeout=3)
    assert scores(result)["q1"] == 2.0 and scores(result)["q3"] == 0.0
    assert any("overall time limit" in n for n in result.notes)


def test_hard_wall_clock_limit_kills_the_run():
    start = time.monotonic()
    run = run_isolated(["import time\ntime.sleep(60)"], cell_timeout=50, total_timeout=55, hard_timeout=3)
    assert time.monotonic() - start < 12
    assert run["failed"] and run["cells"][0]["status"] == "not_run"
    assert "hard limit" in run["notes"][0]


def test_mime_types_agree():
    assert MIME == RUNNER_MIME


# --------------------------------------------------------------------------- command line


def test_grade_command_writes_json_and_report(course, tmp_path, capsys):
    root, _ = course
    path = tmp_path / "carol.ipynb"
    path.write_text("not a notebook")
    args = ["grade", str(path), "--solutions", str(root / "solutions"), "--exercise", NAME,
            "--json", str(tmp_path / "carol.json"), "--report", str(tmp_path / "carol.txt")]
    assert main(args) == 1  # not graded: the file is not a notebook
    out = capsys.readouterr().out
    assert "Score:      0 / 5" in out and "Status:     unreadable" in out
    data = json.loads((tmp_path / "carol.json").read_text())
    assert data["status"] == "unreadable" and data["max_score"] == 5
    assert [q["qid"] for q in data["questions"]] == ["q1", "q2", "q3"]
    assert (tmp_path / "carol.txt").read_text() == out
    assert main(["grade", str(path), "--solutions", str(root / "solutions"), "--exercise", "ex00_nope"]) == 2


def test_batch_command(course, tmp_path):
    root, _ = course
    folder = tmp_path / "inbox"
    folder.mkdir()
    submission(course, folder, CORRECT, name="alice.ipynb")
    submission(course, folder, {**CORRECT, 5: 'answer = "c"'}, name="bob.ipynb")
    (folder / "carol.ipynb").write_text("not a notebook")
    out = subprocess.run(
        [sys.executable, "-m", "qtransport.grading", "batch", str(folder), "--csv", str(tmp_path / "book.csv"),
         "--solutions", str(root / "solutions"), "--exercise", NAME, "--report-dir", str(tmp_path / "reports"),
         "--json-dir", str(tmp_path / "json")],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "[3/3]" in out.stderr and re.search(r"\[\d/3\] carol\.ipynb: 0 / 5  \[unreadable\]", out.stderr)
    rows = list(csv.DictReader((tmp_path / "book.csv").open()))
    assert [(r["submission"], r["score"], r["status"]) for r in rows] == [
        ("alice.ipynb", "5", "graded"), ("bob.ipynb", "4", "graded"), ("carol.ipynb", "0", "unreadable")
    ]
    assert rows[1]["q2"] == "0" and rows[1]["q3"] == "2"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["alice.txt", "bob.txt", "carol.txt"]
    assert json.loads((tmp_path / "json" / "bob.json").read_text())["score"] == 4
