"""qtransport.grading.grader on the toy exercise: unreadable files, scores, feedback, tampering.

Every grading test runs a real kernel (about a second each); the reference
values of the toy exercise are computed once for the module (the ``course``
fixture).  Each tampering case states what a fair grader must give: the
tampered question loses its points, the untouched ones keep theirs, and the
submission file is left exactly as it was.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from _grading_toy import (
    CORRECT,
    FULL,
    NAME,
    Q3_SOLUTION,
    WRONG,
    graded,
    scores,
    submission,
    toy_source,
    write,
)
from nbformat.v4 import new_code_cell, new_notebook

from qtransport.grading._harness import MIME
from qtransport.grading.exercise import (
    SourceError,
    parse_exercise,
)
from qtransport.grading.grader import compute_reference, grade


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
