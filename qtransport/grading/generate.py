"""Write the student versions of the exercises (``exercises/``) from the sources (``solutions/``).

The output depends only on the sources: running it twice changes nothing,
and ``--check`` (used by the tests) reports without writing.

With a class roster (:func:`generate_for_roster`, ``generate --roster
roster.csv --out handout/``) every student gets their own notebook of each
exercise, ``handout/<student id>/<exercise>.ipynb``, at their variant (see
:mod:`~qtransport.grading.variants`), with their id and variant in its
metadata.  It depends only on the sources and the ids, so regenerating
gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qtransport.grading.exercise import load_exercise, notebook_text, student_notebook

__all__ = ["GenerateReport", "generate", "generate_for_roster", "default_exercises_dir", "student_folder"]


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
        _write(out_dir / name, text, report, check)
    if out_dir.exists():
        report.orphans = [p for p in sorted(out_dir.glob("*.ipynb")) if p.name not in expected]
    return report


def student_folder(student_id):
    """The folder name of a student's notebooks: the id, with anything but letters, digits, ``-_.`` as ``_``."""
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in student_id)
    return "_" + name if name.startswith(".") or not name else name


def _write(target, text, report, check):
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if current == text:
        report.unchanged.append(target)
        return
    report.written.append(target)
    if not check:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def generate_for_roster(solutions_dir, roster, out_dir, *, exercises=None, check=False):
    """One notebook per student and exercise, each at the student's variant.

    Parameters
    ----------
    solutions_dir : path-like
        Folder of instructor source notebooks.
    roster : path-like or list of RosterEntry
        The class list (:func:`~qtransport.grading.roster.read_roster`).
    out_dir : path-like
        Where ``<student id>/<exercise>.ipynb`` go.
    exercises : list of str, optional
        Exercise names (default: every source).
    check : bool, keyword-only
        Write nothing; only report what differs.

    Raises
    ------
    ValueError
        An unknown exercise name, or two ids that give the same folder name.
    """
    from qtransport.grading.roster import read_roster
    from qtransport.grading.variants import draw_variant

    entries = roster if isinstance(roster, (list, tuple)) else read_roster(roster)
    sources = {path.stem: path for path in sorted(Path(solutions_dir).glob("*.ipynb"))}
    names = list(sources) if exercises is None else list(exercises)
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise ValueError(f"unknown exercise(s) {unknown}; the sources in {solutions_dir} are {sorted(sources)}")
    folders = {}
    for entry in entries:
        folder = student_folder(entry.id)
        if folder in folders:
            raise ValueError(f"the roster ids {folders[folder]!r} and {entry.id!r} give the same folder "
                             f"name {folder!r}; make the ids differ in letters or digits")
        folders[folder] = entry.id
    report = GenerateReport()
    for name in names:
        exercise = load_exercise(sources[name])
        for entry in entries:
            text = notebook_text(student_notebook(exercise, draw_variant(exercise, entry.id)))
            _write(Path(out_dir) / student_folder(entry.id) / f"{name}.ipynb", text, report, check)
    return report
