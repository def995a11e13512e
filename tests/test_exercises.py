"""The graded exercises of the course: sources in solutions/, student versions in exercises/.

For every chapter: the instructor's solution passes all its checks against their expected values
(the reference run), scores full marks when graded like a submission, and the generated student
version scores zero, so that no check passes by accident.  exercises/ must be what
`make exercises` gives from solutions/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from qtransport.grading.exercise import claimed_question, load_exercise, read_notebook
from qtransport.grading.generate import generate
from qtransport.grading.grader import Catalog, _identify, grade
from qtransport.grading.offlimits import _scope_names, find_uses, forbidden_objects

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
NAMES = [
    "ex01_reservoirs",
    "ex02_scattering",
    "ex03_qpc",
    "ex04_coherence",
    "ex05_terminals",
    "ex06_symmetry",
    "ex07_interactions",
    "ex08_localization",
    "ex09_spin",
    "ex10_graphene_topology",
    "ex11_superconductors",
    "ex12_noise_heat",
]


@pytest.fixture(scope="module")
def catalog():
    return Catalog(SOLUTIONS)


def test_one_exercise_per_chapter_with_enough_questions():
    assert sorted(p.stem for p in SOLUTIONS.glob("*.ipynb")) == NAMES
    exercises = [load_exercise(SOLUTIONS / f"{name}.ipynb") for name in NAMES]
    assert all(len(ex.questions) >= 2 for ex in exercises)
    assert sum(len(ex.questions) for ex in exercises) >= 16


@pytest.mark.parametrize("name", NAMES)
def test_every_question_has_visible_and_hidden_checks(name):
    ex = load_exercise(SOLUTIONS / f"{name}.ipynb")
    for q in ex.questions:
        assert q.points > 0
        assert "check(" in q.visible_source.split("\n", 1)[1], f"{name} {q.qid}: no visible check"
        assert "### BEGIN HIDDEN TESTS" in q.source, f"{name} {q.qid}: no hidden check"
    first_code = next(c for c in ex.notebook.cells if c.cell_type == "code")
    assert "from qtransport.notebook import setup" in first_code.source and "setup()" in first_code.source


def test_exercises_are_generated_from_the_solutions():
    report = generate(SOLUTIONS, EXERCISES, check=True)
    stale = [p.name for p in report.written] + [p.name for p in report.orphans]
    assert not report.stale, f"exercises/ is stale ({stale}): run `make exercises`"


def test_student_versions_hide_solutions_and_hidden_checks():
    for name in NAMES:
        text = (EXERCISES / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, name
        meta = read_notebook(text.encode()).metadata["qtransport"]
        assert meta["exercise"] == name and "student" not in meta, meta  # the single version, no student's


def test_the_physics_layer_does_not_import_the_grader():
    code = (
        "import sys, qtransport, qtransport.lattice, qtransport.tb, qtransport.tb.hall, qtransport.widgets;"
        "assert not [m for m in sys.modules if m.startswith('qtransport.grading')], 'grading imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_solution_scores_full_marks_and_exercise_scores_zero(name, catalog):
    catalog.reference(name)  # raises if the solution fails one of its own checks
    paths = [SOLUTIONS / f"{name}.ipynb", EXERCISES / f"{name}.ipynb"]
    before = [(p.read_bytes(), os.stat(p).st_mtime_ns) for p in paths]
    solution = grade(paths[0], catalog=catalog)
    exercise = grade(paths[1], catalog=catalog)
    assert [(p.read_bytes(), os.stat(p).st_mtime_ns) for p in paths] == before
    assert solution.status == "graded" and exercise.status == "graded"
    assert solution.score == solution.max_score, solution.report()
    assert all(c.passed for q in solution.questions for c in q.checks), solution.report()
    assert exercise.score == 0, exercise.report()
    assert not any(c.passed for q in exercise.questions for c in q.checks), exercise.report()


def test_a_notebook_of_another_exercise_is_recognised_by_its_content(catalog, tmp_path):
    nb = read_notebook((EXERCISES / "ex03_qpc.ipynb").read_bytes())
    del nb.metadata["qtransport"]  # e.g. cells copied into a fresh notebook
    path = tmp_path / "ex05_terminals.ipynb"
    path.write_text(json.dumps(nb))
    result = grade(path, exercise="ex05_terminals", catalog=catalog)
    assert result.status == "wrong_exercise" and result.score == 0
    assert "ex03_qpc" in result.notes[0]


def test_exercise_found_from_the_file_name(catalog):
    nb = read_notebook(b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}')
    assert _identify(nb, Path("alice_ex07.ipynb"), catalog) == ("ex07_interactions", "file name")
    nb = read_notebook((EXERCISES / "ex06_symmetry.ipynb").read_bytes())
    del nb.metadata["qtransport"]
    assert _identify(nb, Path("submission.ipynb"), catalog) == ("ex06_symmetry", "content")


@pytest.mark.parametrize("name", NAMES)
def test_sources_follow_the_authoring_rules(name):
    # what `validate` enforces: every check with `expect` has a hint (and the off-limits and feedback rules)
    load_exercise(SOLUTIONS / f"{name}.ipynb", strict=True)


def _using(question, name, exercise):
    """A cell that rebinds a name the question's checks read so that it refers to the off-limits ``name``."""
    import ast

    checks = {q.cell_index for q in exercise.questions}
    bound = set()
    for i, c in enumerate(exercise.notebook.cells):
        if c.cell_type == "code" and i not in checks and claimed_question(c.source) is None:
            for node in ast.parse(c.source).body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    bound.add(node.name)
                elif isinstance(node, ast.Assign):
                    bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    binds, reads = _scope_names(question.source)  # the names the check cell reads as globals
    own = min((reads - binds) & bound, key=question.source.index)
    module, attr = name.rsplit(".", 1)
    return own, f"import {module} as _lib\n{own} = (lambda value, _f=_lib.{attr}: value)({own})"


@pytest.mark.parametrize("name", NAMES)
def test_every_off_limits_function_is_found_when_a_solution_uses_it(name):
    exercise = load_exercise(SOLUTIONS / f"{name}.ipynb")
    checks = {q.cell_index for q in exercise.questions}
    cells = [(i, c.source) for i, c in enumerate(exercise.notebook.cells)
             if c.cell_type == "code" and i not in checks]
    for q in exercise.questions:
        for forbidden in q.forbid:
            own, cell = _using(q, forbidden, exercise)
            uses = find_uses([*cells, (999, cell)], q.source, forbidden_objects(q.forbid))
            assert [u.name for u in uses] == [forbidden], f"{name} {q.qid}: {forbidden} through {own}: {uses}"


def test_an_off_limits_use_in_a_real_exercise_costs_its_question(catalog, tmp_path):
    name = "ex09_spin"
    exercise = catalog.exercise(name)
    q = next(q for q in exercise.questions if q.forbid)
    nb = read_notebook((SOLUTIONS / f"{name}.ipynb").read_bytes())
    _, cell = _using(q, q.forbid[0], exercise)
    nb.cells.insert(q.cell_index, nbformat.v4.new_code_cell(cell))
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    result = grade(path, catalog=catalog)
    by_id = {r.qid: r for r in result.questions}
    assert by_id[q.qid].score == 0 and all(c.passed for c in by_id[q.qid].checks), result.report()
    assert f"uses `{q.forbid[0]}`" in by_id[q.qid].message and "your own implementation" in by_id[q.qid].message
    assert all(r.score == r.points for r in result.questions if r.qid != q.qid), result.report()
