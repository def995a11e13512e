"""Write the student versions of the exercises (``exercises/``) from the sources (``solutions/``).

The output depends only on the sources: running it twice changes nothing,
and ``--check`` (used by the tests) reports without writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qtransport.grading.exercise import load_exercise, notebook_text, student_notebook

__all__ = ["GenerateReport", "generate", "default_exercises_dir"]


@dataclass
class GenerateReport:
    """What :func:`generate` did (or, with ``check=True``, would do)."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)

    @property
    def stale(self):
        """True if ``exercises/`` differs from what the sources give."""
        return bool(self.written or self.orphans)


def default_exercises_dir(solutions_dir):
    """``exercises/`` beside the given ``solutions/`` folder."""
    return Path(solutions_dir).resolve().parent / "exercises"


def expected_exercises(solutions_dir):
    """``{file name: text}`` of every student version the sources give."""
    return {
        path.name: notebook_text(student_notebook(load_exercise(path)))
        for path in sorted(Path(solutions_dir).glob("*.ipynb"))
    }


def generate(solutions_dir, out_dir=None, *, check=False):
    """Generate (or with ``check=True`` only compare) the student notebooks.

    Parameters
    ----------
    solutions_dir : path-like
        Folder of instructor source notebooks.
    out_dir : path-like, optional
        Where the student versions go (default: ``exercises/`` beside it).
    check : bool, keyword-only
        Write nothing; only report what differs.

    Returns
    -------
    GenerateReport
        ``written`` lists files that were (or would be) rewritten; ``orphans``
        notebooks in ``out_dir`` that no source gives (reported, never deleted).
    """
    out_dir = Path(out_dir) if out_dir is not None else default_exercises_dir(solutions_dir)
    report = GenerateReport()
    expected = expected_exercises(solutions_dir)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in expected.items():
        target = out_dir / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            report.unchanged.append(target)
            continue
        report.written.append(target)
        if not check:
            target.write_text(text, encoding="utf-8")
    if out_dir.exists():
        report.orphans = [p for p in sorted(out_dir.glob("*.ipynb")) if p.name not in expected]
    return report
