"""Per-student variants: every student's exercise has its own numbers, and is graded at them.

A small exercise built here has three varied parameters (two barrier
transmissions and a wire width), a concept question whose options are
shuffled per student, and four questions.  The expected answers of each
variant are computed here from the variant's numbers with the closed forms
(independently of the grader), so every test states what a fair grader
must give: a student's own right answers score full marks, another
student's answers (numbers, option label) score zero and are flagged, and a
notebook made for someone else is flagged, whatever its metadata claims.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from qtransport.grading import grader as grader_module
from qtransport.grading.__main__ import main
from qtransport.grading.exercise import SourceError, parse_exercise, student_notebook
from qtransport.grading.generate import generate, generate_for_roster
from qtransport.grading.grader import Catalog, grade, grade_folder
from qtransport.grading.roster import match_roster, read_roster, write_per_question
from qtransport.grading.variants import default_variant, draw_variant

NAME = "ex95_barriers"

PARAMETERS = """# PARAMETERS (your own numbers)
T1 = 0.5  # vary: grid(0.1, 0.9, 0.05)
T2 = 0.25  # vary: uniform(0.1, 0.9, digits=3)
# the wire width, in nm
W = 40  # vary: choice(30, 40, 50, 60, 70, 80)"""
Q1_SOLUTION = """### BEGIN SOLUTION
T_total = T1 * T2 / (T1 + T2 - T1 * T2)
### END SOLUTION"""
Q1_TEST = """# TEST q1 points=2
check("T of the two barriers", T_total, rtol=1e-3)"""
OPTIONS = """## Q2: what adds up in series?
<!-- OPTIONS q2 -->
- (a) the transmissions
- (b) the resistances 1/T - 1 of the barriers
- (c) the conductances

Give the letter."""
Q2_SOLUTION = """### BEGIN SOLUTION
answer = "b"
### END SOLUTION"""
Q2_TEST = """# TEST q2 points=1
check("choice", answer)"""
Q3_SOLUTION = """### BEGIN SOLUTION
n_modes = int(W // 10)
### END SOLUTION"""
Q3_TEST = """# TEST q3 points=1
check("open modes", n_modes)"""
Q4_SOLUTION = """def series(a, b):
    ### BEGIN SOLUTION
    return a * b / (a + b - a * b)
    ### END SOLUTION"""
Q4_TEST = """# TEST q4 points=1
check("at your numbers", series(T1, T2))
### BEGIN HIDDEN TESTS
check("opaque second barrier", series(T1, 0.0), expect=0.0, hint="nothing passes an opaque barrier")
### END HIDDEN TESTS"""

FULL = {"q1": 2.0, "q2": 1.0, "q3": 1.0, "q4": 1.0}
ADA, ALAN, EMMY = "s-ada", "s-alan", "s-emmy"
ROSTER = f"id,name,submission\n{ADA},Ada Lovelace,ada.ipynb\n{ALAN},Alan Turing,alan.ipynb\n{EMMY},Emmy Noether,emmy.ipynb\n"


def source():
    cells = [
        new_code_cell("import numpy as np\nfrom qtransport.grading import check"),
        new_markdown_cell("## Two barriers in series"),
        new_code_cell(PARAMETERS),
        new_code_cell(Q1_SOLUTION),
        new_code_cell(Q1_TEST),
        new_markdown_cell(OPTIONS),
        new_code_cell(Q2_SOLUTION),
        new_code_cell(Q2_TEST),
        new_markdown_cell("## Q3: modes of the wire"),
        new_code_cell(Q3_SOLUTION),
        new_code_cell(Q3_TEST),
        new_code_cell(Q4_SOLUTION),
        new_code_cell(Q4_TEST),
    ]
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def exercise():
    return parse_exercise(source(), NAME)


def expected(values):
    """The right answers at a variant's numbers, from the closed forms (not from the grader)."""
    t1, t2, w = values["T1"], values["T2"], values["W"]
    return {"T_total": t1 * t2 / (t1 + t2 - t1 * t2), "n_modes": w // 10}


def label_of(nb, text):
    """The label of the option containing ``text`` in a student's notebook."""
    for cell in nb.cells:
        for line in cell.source.split("\n"):
            match = re.match(r"- \(([a-z])\) (.*)", line)
            if match and text in match[2]:
                return match[1]
    raise AssertionError(f"no option {text!r}")


def solved(nb, *, numbers=True):
    """A student's notebook answered right for the numbers of its own parameter cell."""
    nb = nbformat.from_dict(nb)
    values = {}
    exec(nb.cells[2].source, {}, values)  # noqa: S102 - the test's own generated cell
    right = expected(values)
    nb.cells[3].source = f"T_total = {right['T_total']!r}" if numbers else "T_total = T1 * T2 / (T1 + T2 - T1 * T2)"
    nb.cells[6].source = f"answer = {label_of(nb, 'resistances')!r}"
    nb.cells[9].source = f"n_modes = {right['n_modes']!r}" if numbers else "n_modes = W // 10"
    nb.cells[11].source = "def series(a, b):\n    return a * b / (a + b - a * b)"
    return nb


def scores(result):
    return {q.qid: q.score for q in result.questions}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Sources, the roster, one handout per student, and a catalog with every roster variant computed."""
    root = tmp_path_factory.mktemp("variants")
    (root / "solutions").mkdir()
    nbformat.write(source(), str(root / "solutions" / f"{NAME}.ipynb"))
    (root / "roster.csv").write_text(ROSTER)
    report = generate_for_roster(root / "solutions", root / "roster.csv", root / "handout")
    assert len(report.written) == 3
    catalog = Catalog(root / "solutions")
    grader_module._precompute(catalog, [NAME], read_roster(root / "roster.csv"), 2)
    return root, catalog


def handout(course, student):
    root, _ = course
    return nbformat.read(str(root / "handout" / student / f"{NAME}.ipynb"), as_version=4)


def write(path, nb):
    nbformat.write(nb, str(path))
    return path


# --------------------------------------------------------------------------- markup and draws (no kernel)


def test_parameters_and_options_are_read_from_the_markup():
    ex = exercise()
    assert [(p.name, p.kind, p.default) for p in ex.parameters] == [
        ("T1", "grid", 0.5), ("T2", "uniform", 0.25), ("W", "choice", 40)
    ]
    t1 = ex.parameters[0]
    assert t1.values[0] == 0.1 and t1.values[-1] == 0.9 and len(t1.values) == 17
    assert 0.35 in t1.values  # no floating-point noise: 0.35, not 0.35000000000000003
    assert ex.parameter_cells == [2]
    assert list(ex.option_blocks) == ["q2"] and ex.option_blocks["q2"].labels == ("a", "b", "c")
    assert ex.varies


def test_draws_are_deterministic_within_their_ranges_and_differ_between_students():
    ex = exercise()
    draws = [draw_variant(ex, f"student{k}") for k in range(40)]
    assert draws == [draw_variant(exercise(), f"student{k}") for k in range(40)]  # regenerating: the same
    for v in draws:
        assert v.values["T1"] in ex.parameters[0].values
        assert 0.1 <= v.values["T2"] <= 0.9 and v.values["T2"] == float(f"{v.values['T2']:.3g}")
        assert v.values["W"] in (30, 40, 50, 60, 70, 80)
        assert sorted(v.options["q2"]) == ["a", "b", "c"]
    for name in ("T1", "T2", "W"):
        assert len({v.values[name] for v in draws}) > 3, name
    assert len({v.options["q2"] for v in draws}) > 2
    renamed = parse_exercise(source(), "ex96_other")
    assert [draw_variant(renamed, f"student{k}").values for k in range(5)] != [v.values for v in draws[:5]]
    assert default_variant(ex).values == {"T1": 0.5, "T2": 0.25, "W": 40}
    with pytest.raises(ValueError, match="non-empty id"):
        draw_variant(ex, "  ")
    with pytest.raises(TypeError, match="student's id as text"):
        draw_variant(ex, 17)


@pytest.mark.parametrize(
    "line, message",
    [
        ("T1 = 0.5  # vary: grid(0.1, 0.9)", "`T1`.*needs low, high, step"),
        ("T1 = 0.5  # vary: grid(0.9, 0.1, 0.1)", "`T1`.*lower end must be below"),
        ("T1 = 0.5  # vary: grid(0.1, 0.9, -0.1)", "`T1`.*`step` must be above 0"),
        ("T1 = 0.55  # vary: grid(0.1, 0.9, 0.2)", "`T1`.*0.55 is not a value its `# vary:` allows"),
        ("T1 = 0.5  # vary: normal(0.5, 0.1)", "`T1`.*not one of \\['choice', 'grid', 'uniform'\\]"),
        ("T1 = 0.5  # vary: choice(0.5)", "`T1`.*two or more different"),
        ("T1 = 0.5  # vary: choice(0.5, x)", "`T1`.*must be a literal"),
        ("T1 = 0.5  # vary: uniform(0, 1, digits=0)", "`T1`.*`digits` must be a whole number"),
        ("T1 = 0.5  # vary: uniform(0, 1, places=2)", "`T1`.*unknown option"),
        ("T1 = np.pi  # vary: uniform(0, 4)", "value of parameter `T1` must be a literal"),
        ("T1, T3 = 0.5, 1  # vary: uniform(0, 1)", "must be `NAME = VALUE  # vary: SPEC`"),
        ("T1 = 0.5  # vary grid(0.1, 0.9, 0.1)", "with a colon"),
        ("T1 = 0.5  # vary: uniform(0, 1)\nT1 = 0.5  # vary: uniform(0, 1)", "`T1` is given twice"),
        ("x = 1", "needs at least one `NAME = VALUE  # vary: SPEC`"),
    ],
)
def test_bad_parameter_markup_is_refused_with_the_parameter_and_the_fix(line, message):
    nb = source()
    nb.cells[2].source = "# PARAMETERS\n" + line
    with pytest.raises(SourceError, match=message):
        parse_exercise(nb, NAME)
    assert issubclass(SourceError, ValueError)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda nb: setattr(nb.cells[9], "source", "n_modes = 3  # vary: choice(3, 4)"), "outside a parameter cell"),
        (lambda nb: setattr(nb.cells[5], "source", OPTIONS.replace("q2", "q7")), "names no question"),
        (lambda nb: setattr(nb.cells[5], "source", OPTIONS.replace("(b)", "(d)")), "labelled \\(a\\), \\(b\\)"),
        (lambda nb: setattr(nb.cells[5], "source", "<!-- OPTIONS q2 -->\n- (a) one"), "two or more"),
        (lambda nb: setattr(nb.cells[2], "source", PARAMETERS + "\n### BEGIN SOLUTION\n### END SOLUTION"),
         "parameters only"),
    ],
)
def test_misplaced_markup_is_refused(edit, message):
    nb = source()
    edit(nb)
    with pytest.raises(SourceError, match=message):
        parse_exercise(nb, NAME)


def test_without_markup_nothing_changes():
    from _grading_toy import toy_source

    ex = parse_exercise(toy_source(), "ex90_toy")
    assert not ex.varies and ex.parameters == [] and ex.option_blocks == {}
    single = student_notebook(ex)
    assert single.metadata["qtransport"] == {"exercise": "ex90_toy"}
    mine = student_notebook(ex, draw_variant(ex, ADA))
    assert mine.metadata["qtransport"] == {"exercise": "ex90_toy", "student": ADA}
    assert [c.source for c in mine.cells] == [c.source for c in single.cells]


def test_student_notebooks_carry_their_variant(course):
    root, _ = course
    ada, alan = handout(course, ADA), handout(course, ALAN)
    ex = exercise()
    for nb, student in ((ada, ADA), (alan, ALAN)):
        variant = draw_variant(ex, student)
        meta = nb.metadata["qtransport"]
        assert meta == {"exercise": NAME, "student": student, "variant": variant.values,
                        "options": variant.options}
        cell = nb.cells[2].source
        assert "vary" not in cell and "# the wire width, in nm" in cell and cell.startswith("# PARAMETERS")
        assert f"T1 = {variant.values['T1']!r}" in cell and f"W = {variant.values['W']!r}" in cell
        assert "OPTIONS" not in nb.cells[5].source and "SOLUTION" not in nbformat.writes(nb)
        shown = [line for line in nb.cells[5].source.split("\n") if line.startswith("- (")]
        order = variant.options["q2"]
        texts = dict(zip("abc", ["the transmissions", "the resistances 1/T - 1 of the barriers",
                                 "the conductances"], strict=True))
        assert shown == [f"- ({new}) {texts[old]}" for new, old in zip("abc", order, strict=True)]
    assert ada.metadata["qtransport"]["variant"] != alan.metadata["qtransport"]["variant"]
    assert all(ada.metadata["qtransport"]["variant"][k] != alan.metadata["qtransport"]["variant"][k]
               for k in ("T1", "T2", "W"))
    assert ada.cells[2].source != alan.cells[2].source
    again = generate_for_roster(root / "solutions", root / "roster.csv", root / "handout")
    assert again.written == [] and len(again.unchanged) == 3  # regenerating gives the same files
    single = generate(root / "solutions", root / "single")  # no roster: one version, the source's numbers
    nb = nbformat.read(str(single.written[0]), as_version=4)
    assert "T1 = 0.5\n" in nb.cells[2].source and "student" not in nb.metadata["qtransport"]


def test_generate_with_a_roster_on_the_command_line(course, tmp_path, capsys):
    root, _ = course
    args = ["generate", "--solutions", str(root / "solutions"), "--roster", str(root / "roster.csv")]
    assert main(args + ["--out", str(tmp_path / "h")]) == 0
    assert sorted(p.name for p in (tmp_path / "h").iterdir()) == sorted([ADA, ALAN, EMMY])
    assert (tmp_path / "h" / EMMY / f"{NAME}.ipynb").read_text() == (
        root / "handout" / EMMY / f"{NAME}.ipynb").read_text()
    assert main(args + ["--out", str(tmp_path / "h"), "--check"]) == 0
    capsys.readouterr()
    assert main(args) == 2 and "--out" in capsys.readouterr().err
    assert main(args + ["--out", str(tmp_path / "h"), "--exercise", "ex99_none"]) == 2
    assert "unknown exercise" in capsys.readouterr().err


# --------------------------------------------------------------------------- references per variant


def test_references_differ_per_variant_and_are_computed_once(course, monkeypatch):
    _, catalog = course
    ex = catalog.exercise(NAME)
    refs = {s: catalog.reference(NAME, catalog.variant(NAME, s)) for s in (ADA, ALAN)}
    for student, ref in refs.items():
        right = expected(draw_variant(ex, student).values)
        assert ref.checks["q1"][0].value == pytest.approx(right["T_total"], rel=1e-12)
        assert ref.checks["q3"][0].value == right["n_modes"]
        nb = handout(course, student)
        assert ref.checks["q2"][0].value == label_of(nb, "resistances")  # the label of the student's order
    assert refs[ADA].checks["q1"][0].value != refs[ALAN].checks["q1"][0].value
    assert refs[ADA].checks["q3"][0].value != refs[ALAN].checks["q3"][0].value
    calls = []
    monkeypatch.setattr(grader_module, "compute_reference", lambda *a, **k: calls.append(a))
    catalog.reference(NAME, catalog.variant(NAME, ADA))
    assert calls == []  # cached


def test_batch_computes_each_variant_once(tmp_path, monkeypatch):
    """Students sharing their numbers share one reference run; option orders need none of their own."""
    nb = source()
    nb.cells[2].source = "# PARAMETERS\nT1 = 0.5  # vary: choice(0.5, 0.6)\nT2 = 0.25\nW = 40"
    (tmp_path / "solutions").mkdir()
    nbformat.write(nb, str(tmp_path / "solutions" / f"{NAME}.ipynb"))
    catalog = Catalog(tmp_path / "solutions")
    ex = catalog.exercise(NAME)
    runs = []
    real = grader_module.compute_reference

    def counting(exercise, **kw):
        runs.append(kw["variant"].run_key)
        return real(exercise, **kw)

    monkeypatch.setattr(grader_module, "compute_reference", counting)
    from qtransport.grading.roster import RosterEntry

    entries = [RosterEntry(f"s{k}", f"S {k}", f"s{k}.ipynb") for k in range(8)]
    distinct = {draw_variant(ex, e.id).values["T1"] for e in entries} | {0.5}
    grader_module._precompute(catalog, [NAME], entries, 2)
    assert len(runs) == len(set(runs)) == len(distinct) == 2
    assert len({draw_variant(ex, e.id).options["q2"] for e in entries}) > 1


# --------------------------------------------------------------------------- grading


def test_every_solution_variant_scores_full_marks_and_every_blank_zero(course, tmp_path, monkeypatch):
    root, catalog = course
    calls = []
    real = grader_module.compute_reference
    monkeypatch.setattr(grader_module, "compute_reference", lambda *a, **k: calls.append(k) or real(*a, **k))
    solved_dir, blank_dir = tmp_path / "solved", tmp_path / "blank"
    solved_dir.mkdir()
    blank_dir.mkdir()
    for student, file in ((ADA, "ada"), (ALAN, "alan"), (EMMY, "emmy")):
        write(solved_dir / f"{file}.ipynb", solved(handout(course, student), numbers=student != EMMY))
        write(blank_dir / f"{file}.ipynb", handout(course, student))
    roster = read_roster(root / "roster.csv")
    good = grade_folder(solved_dir, catalog=catalog, roster=roster, jobs=2, progress=lambda *a: None,
                        csv=tmp_path / "book.csv")
    blank = grade_folder(blank_dir, catalog=catalog, roster=roster, jobs=2, progress=lambda *a: None)
    assert calls == []  # every variant's reference was computed once, before (module fixture)
    for r, student in zip(good, (ADA, ALAN, EMMY), strict=True):
        assert (r.status, r.student, scores(r), r.flags) == ("graded", student, FULL, []), r.report()
        assert r.variant["values"] == draw_variant(catalog.exercise(NAME), student).values
    for r in blank:
        assert r.status == "graded" and r.score == 0 and r.flags == [], r.report()
    rows = list(csv.DictReader(open(tmp_path / "book.csv")))
    assert [(row["student"], row["score"], row["flags"]) for row in rows] == [(ADA, "5", ""), (ALAN, "5", ""),
                                                                             (EMMY, "5", "")]


def test_pasted_answers_lose_the_parameter_dependent_points_and_are_flagged(course, tmp_path):
    """Alan's own notebook, with Ada's answers pasted in: numbers right for Ada, wrong for Alan."""
    _, catalog = course
    ada, alan = solved(handout(course, ADA)), handout(course, ALAN)
    for index in (3, 6, 9, 11):
        alan.cells[index].source = ada.cells[index].source
    path = write(tmp_path / "alan.ipynb", alan)
    result = grade(path, catalog=catalog, student=ALAN)
    got = scores(result)
    assert got["q1"] == got["q3"] == 0  # the numbers of Ada's variant
    assert got["q4"] == FULL["q4"]  # a function is right at any numbers: not a parameter-dependent answer
    assert got["q2"] == (FULL["q2"] if label_of(alan, "resistances") == label_of(ada, "resistances") else 0)
    flags = " ".join(result.flags)
    assert "right for the variant of student 's-ada'" in flags and "q1" in flags and "q3" in flags
    assert "generated for" not in flags  # it is Alan's own notebook
    own = grade(write(tmp_path / "own.ipynb", solved(handout(course, ALAN))), catalog=catalog, student=ALAN)
    assert scores(own) == FULL and own.flags == []


def test_notebook_handed_in_under_another_id_is_graded_at_the_roster_variant_and_flagged(course, tmp_path):
    root, catalog = course
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "alan.ipynb", solved(handout(course, ADA)))  # Ada's solved notebook, as Alan's file
    relabelled = solved(handout(course, ADA))  # Ada's numbers, with Emmy's id written in the metadata
    relabelled.metadata["qtransport"]["student"] = EMMY
    write(folder / "emmy.ipynb", relabelled)
    write(folder / "stranger.ipynb", solved(handout(course, ADA)))
    book = tmp_path / "book.csv"
    alan, emmy, stranger = grade_folder(folder, catalog=catalog, roster=root / "roster.csv", jobs=2, csv=book,
                                        progress=lambda *a: None)
    assert alan.student == ALAN and scores(alan)["q1"] == scores(alan)["q3"] == 0
    assert any("handed in under another student's id" in f and "'s-ada'" in f for f in alan.flags)
    assert any("does not hold this student's numbers" in f for f in alan.flags)
    assert any("right for the variant of student 's-ada'" in f for f in alan.flags)
    assert emmy.student == EMMY and scores(emmy)["q1"] == 0
    assert any("metadata does not carry this student's numbers" in f for f in emmy.flags)
    assert any("does not hold this student" in f for f in emmy.flags)
    assert stranger.student == "" and scores(stranger)["q1"] == 0  # graded at the source's own numbers
    assert any("no roster student claims this file" in f for f in stranger.flags)
    assert any("right for the variant of student 's-ada'" in f for f in stranger.flags)
    rows = {row["submission"]: row for row in csv.DictReader(open(book))}
    assert "handed in under another student's id" in rows["alan.ipynb"]["flags"]
    assert rows["alan.ipynb"]["student"] == ALAN
    assert "Flags:" in alan.report() and "handed in under another" in alan.report()
    match = match_roster(read_roster(root / "roster.csv"), [alan, emmy, stranger])
    assert "flagged: s-alan Alan Turing (alan.ipynb): handed in" in match.summary()
    write_per_question(match, read_roster(root / "roster.csv"), tmp_path / "per.csv")
    per = {row["id"]: row for row in csv.DictReader(open(tmp_path / "per.csv"))}
    assert "handed in under another" in per[ALAN]["flags"] and per[ADA]["status"] == "missing"


def test_checks_run_at_the_variant_even_if_the_notebook_changes_its_numbers(course, tmp_path):
    _, catalog = course
    nb = solved(handout(course, ALAN), numbers=False)  # formulas, not numbers
    nb.cells[2].source = nb.cells[2].source.replace("T1 = ", "T1 = 0.05 + ")  # the parameter cell edited
    nb.cells[11].source += "\nT1, T2 = 0.99, 0.99"  # and the parameters rebound before the checks
    result = grade(write(tmp_path / "alan.ipynb", nb), catalog=catalog, student=ALAN)
    got = scores(result)
    assert got["q4"] == FULL["q4"]  # series(T1, T2) is checked at Alan's numbers, not at 0.99
    assert got["q1"] == FULL["q1"] and got["q3"] == FULL["q3"]  # the edited cell was replaced by Alan's
    assert any("does not hold this student" in f and "T1" in f for f in result.flags)


def test_hostile_metadata_and_a_deleted_parameter_cell(course, tmp_path):
    _, catalog = course
    nb = solved(handout(course, EMMY), numbers=False)
    del nb.cells[2]  # the parameter cell
    nb.metadata["qtransport"] = {"exercise": NAME, "student": ["not", "an", "id"], "variant": "all of them"}
    result = grade(write(tmp_path / "emmy.ipynb", nb), catalog=catalog, student=EMMY)
    assert result.status == "graded" and scores(result) == FULL, result.report()
    assert any("student id is damaged" in f for f in result.flags)
    assert any("parameter cell" in f and "missing" in f for f in result.flags)
    nb.metadata["qtransport"] = "garbage"
    result = grade(write(tmp_path / "emmy2.ipynb", nb), exercise=NAME, catalog=catalog, student=EMMY)
    assert result.status == "graded" and scores(result) == FULL
    assert any("carries no student id" in f for f in result.flags)
    with pytest.raises(ValueError, match="non-empty id"):
        grade(tmp_path / "emmy2.ipynb", catalog=catalog, student="")


def test_without_a_student_the_source_values_are_used_and_a_variant_notebook_is_flagged(course, tmp_path):
    _, catalog = course
    result = grade(write(tmp_path / "ada.ipynb", solved(handout(course, ADA))), catalog=catalog)
    assert result.student == "" and result.variant["values"] == default_variant(catalog.exercise(NAME)).values
    assert scores(result)["q1"] == 0
    assert any("no student was given" in f for f in result.flags)


def test_batch_with_a_roster_on_the_command_line(course, tmp_path):
    root, _ = course
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "ada.ipynb", solved(handout(course, ADA)))
    write(folder / "alan.ipynb", solved(handout(course, ADA)))
    out = subprocess.run(
        [sys.executable, "-m", "qtransport.grading", "batch", str(folder), "--csv", str(tmp_path / "book.csv"),
         "--solutions", str(root / "solutions"), "--roster", str(root / "roster.csv"), "--jobs", "2",
         "--per-question", str(tmp_path / "per.csv")],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(open(tmp_path / "book.csv")))
    assert [(r["submission"], r["student"], r["score"]) for r in rows] == [("ada.ipynb", ADA, "5"),
                                                                            ("alan.ipynb", ALAN, rows[1]["score"])]
    assert float(rows[1]["score"]) < 5 and "handed in under another student's id" in rows[1]["flags"]
    assert rows[0]["flags"] == ""
    assert "flagged: s-alan" in out.stderr and "missing: s-emmy" in out.stderr
    out = subprocess.run(
        [sys.executable, "-m", "qtransport.grading", "grade", str(folder / "alan.ipynb"), "--solutions",
         str(root / "solutions"), "--student", ALAN, "--quiet", "--json", str(tmp_path / "alan.json")],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert '"student": "s-alan"' in (tmp_path / "alan.json").read_text()


def test_validate_runs_drawn_variants_and_finds_numbers_written_into_a_check(tmp_path, capsys):
    """An expected value written as a number holds at the source's values only: validate says so."""
    nb = source()
    nb.cells[10].source = Q3_TEST + '\n### BEGIN HIDDEN TESTS\ncheck("four modes", n_modes, expect=4, hint="count the open modes")\n### END HIDDEN TESTS'
    (tmp_path / "solutions").mkdir()
    nbformat.write(nb, str(tmp_path / "solutions" / f"{NAME}.ipynb"))
    args = ["validate", "--solutions", str(tmp_path / "solutions")]
    assert main(args + ["--variants", "0"]) == 0  # right at the source's own numbers
    capsys.readouterr()
    assert main(args + ["--variants", "3"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "at the variant" in out and "fails its own check" in out
