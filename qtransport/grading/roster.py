"""A class roster against graded submissions: Canvas gradebook import, per-question CSV, feedback files.

The roster is a CSV file with a header row and at least the columns ``id``
(the student's id in the learning-management system), ``name`` and
``submission`` (the file name of the student's notebook, or a pattern such as
``alice_*.ipynb``); ``section``, ``sis_user_id`` and ``sis_login_id`` are
copied to the Canvas file when present.

Every roster entry is matched with the graded submissions by file name.  A
student without a submission, a pattern matching several files, and a
submission no student claims are all *listed* (:class:`RosterMatch`), never
dropped: the Canvas file leaves a missing student's score empty (Canvas then
keeps what it has), and the per-question file marks them ``missing``.

The same matching tells the grader whose notebook a file is (:func:`owners`):
an exercise with per-student variants is graded at the variant of the
roster's student, whatever the notebook says.  Flagged submissions (a
notebook made for another student, answers of another student's variant)
are listed by :meth:`RosterMatch.summary` and in the ``flags`` column of the
per-question file.
"""

from __future__ import annotations

import csv
import dataclasses
import fnmatch
import html
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RosterEntry", "RosterMatch", "read_roster", "match_roster", "owners", "write_canvas",
           "write_per_question", "write_feedback"]

REQUIRED = ("id", "name", "submission")


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster."""

    id: str
    name: str
    submission: str
    section: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""


@dataclass
class RosterMatch:
    """Roster entries paired with graded results, and what did not pair.

    Attributes
    ----------
    graded : list of (RosterEntry, GradeResult)
    missing : list of RosterEntry
        Students with no submission.
    ambiguous : list of (RosterEntry, list of str)
        Students whose pattern matches several submissions (not graded into
        the gradebook; settle by hand).
    unknown : list of GradeResult
        Submissions no roster entry claims.
    """

    graded: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)
    unknown: list = field(default_factory=list)

    def summary(self):
        """A few lines for the terminal: counts and every problem by name."""
        lines = [f"roster: {len(self.graded)} graded, {len(self.missing)} missing, "
                 f"{len(self.ambiguous)} ambiguous, {len(self.unknown)} not on the roster"]
        lines += [f"  missing: {e.id} {e.name} (no file matching {e.submission!r})" for e in self.missing]
        lines += [f"  ambiguous: {e.id} {e.name}: {', '.join(files)}" for e, files in self.ambiguous]
        lines += [f"  not on the roster: {Path(r.submission).name}" for r in self.unknown]
        for e, r in self.graded:
            for flag in getattr(r, "flags", None) or []:
                lines.append(f"  flagged: {e.id} {e.name} ({Path(r.submission).name}): {flag}")
        return "\n".join(lines)


def read_roster(path):
    """The entries of a roster CSV (see the module docstring).

    Raises
    ------
    ValueError
        A missing column, an empty id or submission, or an id given twice.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except OSError as exc:
        raise ValueError(f"cannot read the roster {path}: {exc.strerror}") from None
    if not rows:
        raise ValueError(f"the roster {path} has no students (a header row and one row per student)")
    columns = {c.strip().lower(): c for c in header if c}
    absent = [c for c in REQUIRED if c not in columns]
    if absent:
        raise ValueError(f"the roster {path} needs the columns {list(REQUIRED)}; missing: {absent}")
    entries, seen = [], set()
    for number, row in enumerate(rows, start=2):
        values = {key: (row.get(original) or "").strip() for key, original in columns.items()}
        if not values["id"] or not values["submission"]:
            raise ValueError(f"the roster {path}, line {number}: `id` and `submission` must not be empty")
        if values["id"] in seen:
            raise ValueError(f"the roster {path}, line {number}: the id {values['id']!r} is given twice")
        seen.add(values["id"])
        entries.append(RosterEntry(values["id"], values["name"], values["submission"], values.get("section", ""),
                                   values.get("sis_user_id", ""), values.get("sis_login_id", "")))
    return entries


def _files_of(entry, names):
    if entry.submission in names:
        return [entry.submission]
    return sorted(n for n in names if fnmatch.fnmatchcase(n, entry.submission))


def owners(entries, file_names):
    """``{file name: [roster entries whose submission it is]}`` (exact name, else the pattern)."""
    names = set(file_names)
    out = {name: [] for name in file_names}
    for entry in entries:
        for name in _files_of(entry, names):
            out[name].append(entry)
    return out


def match_roster(entries, results):
    """Pair roster entries with results by submission file name (exact, else the pattern)."""
    by_name = {Path(r.submission).name: r for r in results}
    claimed, match = set(), RosterMatch()
    for entry in entries:
        hits = _files_of(entry, by_name)
        if not hits:
            match.missing.append(entry)
        elif len(hits) > 1:
            match.ambiguous.append((entry, hits))
            claimed.update(hits)
        else:
            match.graded.append((entry, by_name[hits[0]]))
            claimed.add(hits[0])
    match.unknown = [r for name, r in by_name.items() if name not in claimed]
    return match


def _fmt(x):
    return f"{x:.2f}".rstrip("0").rstrip(".")


def write_canvas(match, entries, path, *, assignment, points):
    """A Canvas gradebook import file: one column ``assignment``, the total score of each student.

    The header and a ``Points Possible`` row come first; students are in roster
    order; missing and ambiguous students get an empty score.
    """
    scores = {e.id: _fmt(r.score) for e, r in match.graded}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
        writer.writerow(["Points Possible", "", "", "", "", _fmt(points)])
        for e in entries:
            writer.writerow([e.name, e.id, e.sis_user_id, e.sis_login_id, e.section, scores.get(e.id, "")])


def write_per_question(match, entries, path):
    """One row per roster student (then per unknown submission): status, total and every question."""
    results = dict((e.id, r) for e, r in match.graded)
    ambiguous = {e.id for e, _ in match.ambiguous}
    qids = []
    for r in [r for _, r in match.graded] + match.unknown:
        qids += [q.qid for q in r.questions if q.qid not in qids]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "submission", "status", "score", "max_score", *qids, "flags", "notes"])
        for e in entries:
            r = results.get(e.id)
            if r is None:
                status = "ambiguous" if e.id in ambiguous else "missing"
                writer.writerow([e.id, e.name, "", status, "", "", *[""] * len(qids), "", ""])
                continue
            q = {x.qid: _fmt(x.score) for x in r.questions}
            writer.writerow([e.id, e.name, Path(r.submission).name, r.status, _fmt(r.score), _fmt(r.max_score),
                             *[q.get(i, "") for i in qids], _flags(r), " | ".join(r.notes)[:2000]])
        for r in match.unknown:
            q = {x.qid: _fmt(x.score) for x in r.questions}
            writer.writerow(["", "", Path(r.submission).name, "not on the roster", _fmt(r.score), _fmt(r.max_score),
                             *[q.get(i, "") for i in qids], _flags(r), " | ".join(r.notes)[:2000]])


def _flags(result):
    return " | ".join(getattr(result, "flags", None) or [])[:2000]


def write_feedback(match, folder):
    """One text and one HTML file of feedback per graded student, named by the student's id.

    The report of the student's submission, as it can be handed back: without
    the flags (they are for the instructor, and may name other students) and
    with the file's name instead of its path on the grading machine.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry, result in match.graded:
        stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in entry.id)
        text = dataclasses.replace(result, flags=[], submission=Path(result.submission).name).report()
        (folder / f"{stem}.txt").write_text(f"{entry.name} ({entry.id})\n\n{text}", encoding="utf-8")
        page = (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Feedback: {html.escape(entry.name)}</title></head>\n<body>\n"
            f"<h1>{html.escape(entry.name)} ({html.escape(entry.id)})</h1>\n"
            f"<p>Score: {_fmt(result.score)} / {_fmt(result.max_score)}</p>\n"
            f"<pre>{html.escape(text)}</pre>\n</body></html>\n"
        )
        (folder / f"{stem}.html").write_text(page, encoding="utf-8")
        written.append(stem)
    return written
