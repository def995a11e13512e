"""qtransport.grading.generate on the toy exercise: the student version, determinism, stale files."""

from __future__ import annotations

import nbformat
from _grading_toy import (
    NAME,
    toy_source,
)

from qtransport.grading.exercise import (
    STUB_RAISE,
)
from qtransport.grading.generate import generate


def test_student_version_has_stubs_and_no_hidden_tests(toy_course):
    root, _ = toy_course
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


def test_generate_is_deterministic_and_check_finds_stale_files(toy_course, tmp_path):
    root, _ = toy_course
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


def test_generate_reports_unchanged_files_and_check_writes_nothing(toy_course, tmp_path):
    root, _ = toy_course
    out = tmp_path / "exercises"
    first = generate(root / "solutions", out)
    again = generate(root / "solutions", out)
    assert sorted(again.unchanged) == sorted(first.written) and again.written == []
    target = out / f"{NAME}.ipynb"
    edited = target.read_text().replace("Q1", "Q one")
    target.write_text(edited)
    report = generate(root / "solutions", out, check=True)
    assert report.written == [target] and target not in report.unchanged
    assert target.read_text() == edited  # a check leaves the file as it was
