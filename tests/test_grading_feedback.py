"""Grading that teaches: off-limits functions, feedback per wrong answer, messages without the expected value.

A small exercise built here has three questions: q1 asks for the Fermi
function and forbids the library's (``qtransport.distributions.fermi``, also
public as ``qt.fermi``); q2 is a choice whose options are shuffled per
student, with a feedback line per wrong answer; q3 may use ``qt.fermi``
freely.  Each test states what a fair grader must give: a use of the
off-limits function, however it is spelled, costs q1's points and only
those, with a line that names the function; a use elsewhere costs nothing;
a wrong choice gets the line that explains it, in the student's letters;
and no failed check prints the value it expected.
"""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from qtransport.grading import CheckFailed, check
from qtransport.grading.exercise import SourceError, parse_exercise, student_notebook
from qtransport.grading.grader import Catalog, compute_reference, grade
from qtransport.grading.offlimits import find_uses, forbidden_objects
from qtransport.grading.values import compare
from qtransport.grading.variants import draw_variant

NAME = "ex96_feedback"
FERMI = "qtransport.distributions.fermi"

SETUP = "import numpy as np\n\nimport qtransport as qt\nfrom qtransport.grading import check"
Q1_SOLUTION = """def occupation(E, mu, kT):
    ### BEGIN SOLUTION
    return 1 / (np.exp((np.asarray(E, dtype=float) - mu) / kT) + 1)
    ### END SOLUTION"""
Q1_TEST = f"""# TEST q1 points=2 forbid={FERMI}
check("half filled at mu", occupation(0.2, 0.2, 0.01), expect=0.5, hint="at E = mu a level is half filled")
### BEGIN HIDDEN TESTS
check("a sweep", occupation(np.linspace(-0.1, 0.1, 5), 0.0, 0.02),
      expect=qt.fermi(np.linspace(-0.1, 0.1, 5), 0.0, 0.02), hint="1 / (exp((E - mu) / kT) + 1), energies in eV")
check("kT = 0.05 eV at 0.13 eV", occupation(0.13, 0.0, 0.05), expect=float(qt.fermi(0.13, 0.0, 0.05)),
      hint="a level above mu is less than half filled")
### END HIDDEN TESTS"""
COMPARE_CELL = "print(occupation(0.05, 0.0, 0.02), qt.fermi(0.05, 0.0, 0.02))  # the library may check my result"
OPTIONS = """## Q2: where is the resistance of a perfect wire?
<!-- OPTIONS q2 -->
- (a) in scattering inside the wire
- (b) at the contacts with the reservoirs
- (c) nowhere: it is zero

Set `answer_q2` to the letter."""
Q2_SOLUTION = '### BEGIN SOLUTION\nanswer_q2 = "b"\n### END SOLUTION'
WHY_A = "a ballistic wire scatters nothing inside"
WHY_C = "even a perfect channel has the resistance h/2e^2"
Q2_TEST = f"""# TEST q2 points=1
check("where", answer_q2, expect="b", hint="where do the channels meet the reservoirs?",
      feedback={{"a": "{WHY_A}", "c": "{WHY_C}"}})
### BEGIN HIDDEN TESTS
check("the answer", answer_q2)
### END HIDDEN TESTS"""
Q3_SOLUTION = "### BEGIN SOLUTION\nfilled = float(qt.fermi(-0.1, 0.0, 0.01))\n### END SOLUTION"
Q3_TEST = """# TEST q3 points=1
check("deep below mu", filled, expect=1.0, rtol=1e-3, hint="far below mu every state is filled")
### BEGIN HIDDEN TESTS
check("recorded", filled)
### END HIDDEN TESTS"""

FULL = {"q1": 2.0, "q2": 1.0, "q3": 1.0}
RIGHT_Q1 = "def occupation(E, mu, kT):\n    return 1 / (np.exp((np.asarray(E, dtype=float) - mu) / kT) + 1)"


def source():
    cells = [
        new_code_cell(SETUP),
        new_markdown_cell("## Q1: the Fermi function (`qt.fermi` is off-limits here)"),
        new_code_cell(Q1_SOLUTION),
        new_code_cell(Q1_TEST),
        new_code_cell(COMPARE_CELL),
        new_markdown_cell(OPTIONS),
        new_code_cell(Q2_SOLUTION),
        new_code_cell(Q2_TEST),
        new_markdown_cell("## Q3: the library is allowed here"),
        new_code_cell(Q3_SOLUTION),
        new_code_cell(Q3_TEST),
    ]
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def with_cells(changes, nb=None):
    nb = source() if nb is None else nb
    for index, text in changes.items():
        nb.cells[index].source = text
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback")
    (root / "solutions").mkdir()
    nbformat.write(source(), str(root / "solutions" / f"{NAME}.ipynb"))
    catalog = Catalog(root / "solutions")
    catalog.reference(NAME)
    return root, catalog


def graded(course, tmp_path, nb, name="sub.ipynb", **kw):
    path = tmp_path / name
    nbformat.write(nb, str(path))
    return grade(path, catalog=course[1], **kw)


def blank(course, variant=None):
    return student_notebook(course[1].exercise(NAME), variant)


def scores(result):
    return {q.qid: q.score for q in result.questions}


# --------------------------------------------------------------------------- off-limits, statically (no kernel)


CHECK_Q1 = 'check("x", occupation(0.1, 0.0, 0.02), expect=0.5)'


@pytest.mark.parametrize(
    "cells, written",
    [
        ([(0, "import qtransport as qt"), (1, "def occupation(E, mu, kT):\n    return qt.fermi(E, mu, kT)")],
         "qt.fermi"),
        ([(0, "import qtransport"), (1, "occupation = lambda E, mu, kT: qtransport.distributions.fermi(E, mu, kT)")],
         "qtransport.distributions.fermi"),
        ([(0, "from qtransport.distributions import fermi as F"), (1, "def occupation(E, mu, kT):\n    return F(E, mu, kT)")],
         "F"),
        ([(0, "from qtransport import *"), (1, "def occupation(E, mu, kT):\n    return fermi(E, mu, kT)")], "fermi"),
        ([(0, "import qtransport as qt"), (1, "def occupation(E, mu, kT):\n    return getattr(qt, 'fermi')(E, mu, kT)")],
         "qt.fermi"),
        ([(0, "import qtransport as qt\nf = qt.fermi"), (1, "def occupation(E, mu, kT):\n    return f(E, mu, kT)")], "f"),
        ([(1, "def occupation(E, mu, kT):\n    return helper(E - mu, kT)"),
          (7, "def helper(x, kT):\n    from qtransport import fermi\n    return fermi(x, 0.0, kT)")], "fermi"),
        ([(0, "import qtransport as qt\nTABLE = {}"), (1, "def occupation(E, mu, kT):\n    return TABLE[E]"),
          (5, "TABLE[0.1] = qt.fermi(0.1, 0.0, 0.02)")], "qt.fermi"),
    ],
    ids=["qt-alias", "full-name", "from-import-as", "star-import", "getattr", "assigned-alias", "helper-in-a-later-cell",
         "table-filled-elsewhere"],
)
def test_every_spelling_of_an_off_limits_use_is_found(cells, written):
    uses = find_uses(cells, CHECK_Q1, forbidden_objects([FERMI]))
    assert uses and {u.name for u in uses} == {FERMI}
    assert written in {u.written for u in uses}


@pytest.mark.parametrize(
    "cells",
    [
        [(0, "import qtransport as qt"), (1, RIGHT_Q1), (4, "print(occupation(0.1, 0, 0.02), qt.fermi(0.1, 0, 0.02))")],
        [(0, "import numpy as np\nimport qtransport as qt"), (1, RIGHT_Q1),
         (4, "np.testing.assert_allclose(occupation(0.1, 0, 0.02), qt.fermi(0.1, 0, 0.02))")],
        [(0, "import qtransport as qt\nF = qt.fermi"), (1, "def occupation(E, mu, kT):\n    F = 1.0\n    return F / (1 + np.exp((E - mu) / kT))")],
        [(0, "import qtransport as qt"), (1, RIGHT_Q1), (9, "filled = float(qt.fermi(-0.1, 0.0, 0.01))")],
        [(0, "import qtransport as qt"), (1, "def occupation(E, mu, kT):\n    return qt.smatrix_transmission(E)")],
    ],
    ids=["a-comparison-cell", "an-assert-on-numpy", "a-local-of-the-same-name", "another-questions-answer",
         "another-function"],
)
def test_a_use_the_question_does_not_depend_on_is_not_counted(cells):
    assert find_uses(cells, CHECK_Q1, forbidden_objects([FERMI])) == []


# --------------------------------------------------------------------------- validate rules (no kernel)


@pytest.mark.parametrize(
    "changes, strict, message",
    [
        ({3: Q1_TEST.replace(FERMI, "qtransport.distributions.fermii")}, False, "does not exist"),
        ({3: Q1_TEST.replace(FERMI, "qtransport.distributions")}, False, "not modules"),
        ({3: Q1_TEST.replace(FERMI, f"{FERMI},{FERMI}")}, False, "twice"),
        ({3: Q1_TEST.replace(FERMI, "qtransport..fermi")}, False, "damaged"),
        ({2: "def occupation(E, mu, kT):\n    ### BEGIN SOLUTION\n    return qt.fermi(E, mu, kT)\n    ### END SOLUTION"},
         False, "the solution's code for it uses it"),
        ({7: Q2_TEST.replace('"a": ', '"b": ')}, False, "right answer 'b' as a key"),
        ({7: Q2_TEST.replace('"c": ', '"d": ')}, False, r"not among the question's options"),
        ({7: Q2_TEST.replace(f'{{"a": "{WHY_A}", "c": "{WHY_C}"}}', "WHY")}, False, "literal dict"),
        ({3: Q1_TEST.replace(', hint="at E = mu a level is half filled"', "")}, True, "needs a `hint=`"),
        ({10: Q3_TEST.replace('hint="far below mu every state is filled"', 'hint=" "')}, True, "needs a `hint=`"),
    ],
    ids=["unknown-name", "a-module", "named-twice", "damaged-list", "the-solution-uses-it", "feedback-on-the-answer",
         "feedback-on-no-option", "feedback-not-literal", "no-hint", "empty-hint"],
)
def test_validate_refuses_broken_markup(changes, strict, message):
    with pytest.raises(SourceError, match=message):
        parse_exercise(with_cells(changes), NAME, strict=strict)


def test_the_hint_rule_is_for_validate_and_the_source_passes_it(tmp_path):
    parse_exercise(source(), NAME, strict=True)
    no_hint = with_cells({3: Q1_TEST.replace(', hint="at E = mu a level is half filled"', "")})
    parse_exercise(no_hint, NAME)  # the grader itself reads older sources without hints
    nbformat.write(no_hint, str(tmp_path / f"{NAME}.ipynb"))
    with pytest.raises(SourceError, match="needs a `hint=`"):
        Catalog(tmp_path, strict=True).exercise(NAME)  # what `validate` uses
    assert Catalog(tmp_path).exercise(NAME).questions[0].forbid == (FERMI,)


def test_a_solution_calling_the_function_at_run_time_is_refused():
    # a name the syntax cannot see (built from pieces): the reference run records the call
    sneaky = ("def occupation(E, mu, kT):\n    ### BEGIN SOLUTION\n    return getattr(qt, 'fer' + 'mi')(E, mu, kT)\n"
              "    ### END SOLUTION")
    exercise = parse_exercise(with_cells({2: sneaky}), NAME)
    with pytest.raises(SourceError, match=f"forbids `{FERMI}`, but the solution calls it"):
        compute_reference(exercise)


# --------------------------------------------------------------------------- messages (no kernel)


@pytest.mark.parametrize(
    "got, expect, kind",
    [
        (0.75, 0.3125, "times too large"),
        (-0.3125, 0.3125, "sign is wrong (the size is right)"),
        (0.625, 0.3125, "factor of about 2"),
        (0.3125e-3, 0.3125, "factor of about 1e3 (units?)"),
        (2 * np.pi * 0.3125, 0.3125, "2π"),
        (0.3, 0.3125, "about 4 % too small"),
        (np.array([0.5, 0.7]), np.array([0.5, 0.3125]), "1 of 2 values differ"),
        (np.ones(3), np.ones(4) * 0.3125, "expected shape (4,)"),
        ("a", "b", "not the expected answer"),
        ("0.31", 0.3125, "expected a number, got text ('0.31')"),
    ],
)
def test_a_failed_comparison_says_how_it_differs_without_the_value(got, expect, kind):
    ok, message = compare(got, expect)
    assert not ok and kind in message
    said = message.replace(f"got {got}", "got ...")  # the student's own value may be repeated
    assert "0.3125" not in said and "'b'" not in said


def test_check_in_the_notebook_hides_the_value_and_shows_the_feedback_line(capsys):
    with pytest.raises(CheckFailed) as failed:
        check("T", 0.6, expect=0.25, hint="T = 1/(1 + Z^2) at Z = sqrt(3)")
    assert "0.25" not in str(failed.value) and "Hint: T = 1/(1 + Z^2)" in str(failed.value)
    with pytest.raises(CheckFailed, match=f"you chose 'a': {WHY_A}"):
        check("where", " A", expect="b", feedback={"a": WHY_A, "c": WHY_C})
    with pytest.raises(CheckFailed, match="not the expected answer") as failed:
        check("where", "d", expect="b", feedback={"a": WHY_A, "c": WHY_C})
    assert "'b'" not in str(failed.value)
    check("where", "b", expect="b", feedback={"a": WHY_A})
    assert capsys.readouterr().out == "✓ where\n"


def test_a_students_visible_check_speaks_their_letters():
    exercise = parse_exercise(source(), NAME)
    for student in ("s1", "s2", "s3", "s4", "s5", "s6"):
        variant = draw_variant(exercise, student)
        order = variant.options["q2"]
        nb = student_notebook(exercise, variant)
        text = nb.cells[7].source
        mine = {src: chr(ord("a") + order.index(src)) for src in "abc"}
        assert re.search(rf"expect=[\"']{mine['b']}[\"']", text), (order, text)
        assert re.search(rf"[\"']{mine['a']}[\"']: \"{re.escape(WHY_A)}\"", text), (order, text)
        assert re.search(rf"[\"']{mine['c']}[\"']: \"{re.escape(WHY_C)}\"", text), (order, text)
        # the option the student sees as their right letter is the source's (b)
        assert re.search(rf"\({mine['b']}\) at the contacts", nb.cells[5].source)


# --------------------------------------------------------------------------- grading (one kernel each)


def test_solution_scores_full_marks_and_blank_zero(course, tmp_path):
    solution = graded(course, tmp_path, source(), "solution.ipynb")
    assert scores(solution) == FULL, solution.report()
    result = graded(course, tmp_path, blank(course), "blank.ipynb")
    assert result.score == 0
    assert "off-limits" not in result.report()


@pytest.mark.parametrize(
    "changes, written",
    [
        ({2: "def occupation(E, mu, kT):\n    return qt.fermi(E, mu, kT)"}, "qt.fermi"),
        ({0: SETUP + "\nfrom qtransport.distributions import fermi as F",
          2: "def occupation(E, mu, kT):\n    return F(E, mu, kT)"}, "F"),
        ({0: SETUP + "\n\ndef _helper(x, kT):\n    import qtransport\n    return qtransport.fermi(x, 0.0, kT)",
          2: "def occupation(E, mu, kT):\n    return _helper(E - mu, kT)"}, "qtransport.fermi"),
        ({2: RIGHT_Q1, 4: "def occupation(E, mu, kT):\n    return qt.fermi(E, mu, kT)"}, "qt.fermi"),
        ({2: "def occupation(E, mu, kT):\n    return getattr(qt, 'fer' + 'mi')(E, mu, kT)"}, None),
    ],
    ids=["qt-alias", "from-import-as", "in-a-helper-function", "redefined-in-a-later-cell", "computed-name-at-run-time"],
)
def test_an_off_limits_use_costs_that_question_only(course, tmp_path, changes, written):
    nb = with_cells({**changes, 6: 'answer_q2 = "b"', 9: "filled = float(qt.fermi(-0.1, 0.0, 0.01))"}, blank(course))
    result = graded(course, tmp_path, nb)
    assert scores(result) == {"q1": 0.0, "q2": 1.0, "q3": 1.0}, result.report()
    q1 = result.questions[0]
    assert all(c.passed for c in q1.checks)  # right values, yet no points: the question asks for your own
    assert q1.message.startswith(f"scored 0: the code for q1 uses `{FERMI}`")
    assert "asks for your own implementation" in q1.message
    if written:
        assert f"as `{written}`" in q1.message
    else:
        assert "called while the checks ran" in q1.message
    assert q1.message in result.report()


def test_a_wrong_choice_gets_its_line_in_the_students_letters(course, tmp_path):
    exercise = course[1].exercise(NAME)
    student = next(s for s in (f"s{k}" for k in range(50)) if draw_variant(exercise, s).options["q2"][0] != "a")
    variant = draw_variant(exercise, student)
    order = variant.options["q2"]
    theirs_for_a = chr(ord("a") + order.index("a"))  # the letter this student sees for the source's (a)
    nb = with_cells({2: RIGHT_Q1, 6: f"answer_q2 = {theirs_for_a!r}", 9: "filled = 0.5"}, blank(course, variant))
    result = graded(course, tmp_path, nb, student=student)
    assert scores(result) == {"q1": 2.0, "q2": 0.0, "q3": 0.0}, result.report()
    where = result.questions[1].checks[0]
    assert where.message == f"you chose {theirs_for_a!r}: {WHY_A}"
    assert WHY_A in result.report() and "Hint: where do the channels" not in where.message
    # q3's visible check fails with the kind of mismatch, not the value
    deep = result.questions[2].checks[0]
    assert deep.message == "got 0.5: too small by a factor of about 2. Hint: far below mu every state is filled"
    assert not result.notes, result.notes  # the translated check cell is not "edited"


def test_no_failed_check_of_a_wrong_submission_shows_its_expected_value(course, tmp_path):
    wrong = "def occupation(E, mu, kT):\n    return 2 / (np.exp((np.asarray(E, dtype=float) - mu) / kT) + 1)"
    nb = with_cells({2: wrong, 6: 'answer_q2 = "c"', 9: "filled = -1.0"}, blank(course))
    result = graded(course, tmp_path, nb)
    assert result.score == 0, result.report()
    reference = course[1].reference(NAME)
    report = result.report()
    for q in result.questions:
        for c, ref in zip(q.checks, reference.checks[q.qid], strict=True):
            assert not c.passed and c.message
            for value in np.ravel(ref.value):
                if isinstance(value, float) and value not in (0.0, 1.0, 0.5):
                    assert f"{value:.6g}"[:6] not in c.message, (c.name, c.message)
    assert "factor of about 2" in report  # q1: twice the Fermi function
    assert f"you chose 'c': {WHY_C}" in report
    assert "the sign is wrong (the size is right)" in report  # q3: -1 for 1
