"""The class roster: Canvas import file, per-question gradebook, feedback files; nothing dropped."""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest

from qtransport.grading.generate import generate
from qtransport.grading.grader import GradeResult, QuestionResult
from qtransport.grading.roster import (
    match_roster,
    read_roster,
    write_canvas,
    write_feedback,
    write_per_question,
)


def result(name, score, *, max_score=3.0):
    qs = [QuestionResult("q1", 2.0, min(score, 2.0)), QuestionResult("q2", 1.0, max(0.0, score - 2.0))]
    return GradeResult(f"/in/{name}", "ex90_toy", "graded", score, max_score, qs, ["a note"])


ROSTER = """id,name,submission,section,sis_user_id
s1,Ada Lovelace,ada.ipynb,A,u1
s2,Alan Turing,turing_*.ipynb,A,u2
s3,Emmy Noether,emmy.ipynb,B,u3
s4,Paul Dirac,dirac*.ipynb,B,u4
"""


def test_roster_match_lists_missing_ambiguous_and_unknown(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    roster = read_roster(path)
    results = [result("ada.ipynb", 3.0), result("turing_v2.ipynb", 2.0), result("dirac1.ipynb", 1.0),
               result("dirac2.ipynb", 0.0), result("stranger.ipynb", 1.0)]
    match = match_roster(roster, results)
    assert [(e.id, r.submission) for e, r in match.graded] == [("s1", "/in/ada.ipynb"), ("s2", "/in/turing_v2.ipynb")]
    assert [e.id for e in match.missing] == ["s3"]
    assert [(e.id, files) for e, files in match.ambiguous] == [("s4", ["dirac1.ipynb", "dirac2.ipynb"])]
    assert [r.submission for r in match.unknown] == ["/in/stranger.ipynb"]
    text = match.summary()
    assert "missing: s3 Emmy Noether" in text and "ambiguous: s4" in text and "stranger.ipynb" in text

    canvas = tmp_path / "canvas.csv"
    write_canvas(match, roster, canvas, assignment="Exercise 90", points=3.0)
    rows = list(csv.reader(open(canvas)))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 90"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    assert rows[2] == ["Ada Lovelace", "s1", "u1", "", "A", "3"]
    assert [r[-1] for r in rows[2:]] == ["3", "2", "", ""]  # missing and ambiguous: left empty

    per = tmp_path / "per.csv"
    write_per_question(match, roster, per)
    table = list(csv.DictReader(open(per)))
    assert [t["status"] for t in table] == ["graded", "graded", "missing", "ambiguous", "not on the roster"]
    assert table[0]["q1"] == "2" and table[0]["q2"] == "1" and table[4]["submission"] == "stranger.ipynb"

    results[1].flags.append("right answers of s1's variant (Ada Lovelace)")  # for the instructor only
    written = write_feedback(match, tmp_path / "feedback")
    assert written == ["s1", "s2"]
    page = (tmp_path / "feedback" / "s1.html").read_text()
    assert "<h1>Ada Lovelace (s1)</h1>" in page and "Score: 3 / 3" in page
    assert "Ada Lovelace (s1)" in (tmp_path / "feedback" / "s1.txt").read_text()
    for suffix in ("txt", "html"):  # a flag names another student: it stays with the instructor
        text = (tmp_path / "feedback" / f"s2.{suffix}").read_text()
        assert "Alan Turing" in text and "turing_v2.ipynb" in text
        assert "Ada" not in text and "s1" not in text and "/in/" not in text
    assert "Ada Lovelace" in match.summary()  # ... who sees it in the summary


@pytest.mark.parametrize(
    "text, match",
    [
        ("id,name\ns1,Ada\n", "missing: \\['submission'\\]"),
        ("id,name,submission\n", "no students"),
        ("id,name,submission\ns1,Ada,a.ipynb\ns1,Bob,b.ipynb\n", "given twice"),
        ("id,name,submission\n,Ada,a.ipynb\n", "must not be empty"),
    ],
)
def test_bad_rosters_are_refused(tmp_path, text, match):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        read_roster(path)
    with pytest.raises(ValueError, match="cannot read the roster"):
        read_roster(tmp_path / "nowhere.csv")


def test_batch_with_a_roster_from_the_command_line(tmp_path):
    from test_grading_sandbox import toy_source  # the two-question toy exercise

    sol = tmp_path / "solutions"
    sol.mkdir()
    nbformat.write(toy_source(), str(sol / "ex90_toy.ipynb"))
    generate(sol, tmp_path / "exercises")
    folder = tmp_path / "inbox"
    folder.mkdir()
    nb = nbformat.read(str(tmp_path / "exercises" / "ex90_toy.ipynb"), as_version=4)
    nb.cells[2].source = "def double(x):\n    return 2 * x"
    nbformat.write(nb, str(folder / "ada.ipynb"))
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,submission\ns1,Ada,ada.ipynb\ns2,Alan,alan.ipynb\n")
    out = subprocess.run(
        [sys.executable, "-m", "qtransport.grading", "batch", str(folder), "--csv", str(tmp_path / "book.csv"),
         "--solutions", str(sol), "--roster", str(roster), "--canvas", str(tmp_path / "canvas.csv"),
         "--per-question", str(tmp_path / "per.csv"), "--feedback-dir", str(tmp_path / "fb"), "--jobs", "1"],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "missing: s2 Alan" in out.stderr
    rows = list(csv.reader(open(tmp_path / "canvas.csv")))
    assert rows[1][-1] == "3" and rows[2][-1] == "2" and rows[3][-1] == ""
    assert (tmp_path / "fb" / "s1.html").exists() and not (tmp_path / "fb" / "s2.html").exists()
    out = subprocess.run(
        [sys.executable, "-m", "qtransport.grading", "batch", str(folder), "--csv", str(tmp_path / "b2.csv"),
         "--solutions", str(sol), "--canvas", str(tmp_path / "c2.csv")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2 and "add --roster" in out.stderr
