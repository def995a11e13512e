"""The command line, ``python -m qtransport.grading``: generate, grade and batch on the toy exercise."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

from _grading_toy import (
    CORRECT,
    NAME,
    submission,
)

from qtransport.grading.__main__ import main


def test_generate_command_line(toy_course, tmp_path, capsys):
    root, _ = toy_course
    args = ["generate", "--solutions", str(root / "solutions"), "--out", str(tmp_path / "ex")]
    assert main(args) == 0
    assert main(args + ["--check"]) == 0
    (tmp_path / "ex" / f"{NAME}.ipynb").write_text("{}")
    capsys.readouterr()
    assert main(args + ["--check"]) == 1
    assert f"stale: {tmp_path / 'ex' / NAME}.ipynb" in capsys.readouterr().out


def test_grade_command_writes_json_and_report(toy_course, tmp_path, capsys):
    root, _ = toy_course
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


def test_batch_command(toy_course, tmp_path):
    root, _ = toy_course
    folder = tmp_path / "inbox"
    folder.mkdir()
    submission(toy_course, folder, CORRECT, name="alice.ipynb")
    submission(toy_course, folder, {**CORRECT, 5: 'answer = "c"'}, name="bob.ipynb")
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
