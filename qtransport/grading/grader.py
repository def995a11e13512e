"""Grade a submitted exercise notebook against the instructor's source.

How a submission is graded
--------------------------
1. The file is read once, as bytes; it is never written to.  A file that is
   not a notebook gets a clear message and no points.
2. The exercise is taken from the notebook's metadata (the generated
   exercises record it), else from the file name (``ex03``), else from the
   cells' content.  A notebook of another exercise is refused with a message.
3. The instructor's check cells are put in place of the student's (matched
   by the ``# TEST qN`` line or by cell id; a deleted one is re-inserted
   after the cell that preceded it), with the hidden checks.  Edited and
   missing check cells are noted in the report.
4. The notebook runs top to bottom in a fresh kernel in a separate process,
   with per-cell, overall and hard wall-clock time limits
   (:mod:`~qtransport.grading.runner`).  A cell that kills the kernel is
   disabled and the notebook re-run.
5. In the kernel, each check cell only evaluates its expressions and hands
   the values out, tagged with a secret nonce written into that cell alone.
   This process compares them with the reference values, computed by
   running the instructor's solution the same way (:func:`compute_reference`),
   with each check's tolerance.  Whatever the notebook does to ``numpy``,
   ``builtins`` or ``check`` in its kernel, it cannot change a comparison.
6. A question's points are shared among its checks (by weight): partial
   credit.  Each failed check gets a feedback line: how the value differs
   (never the expected value), the check's hint, or for a choice the line
   that explains the wrong answer.
7. A question with off-limits functions (``forbid=``) scores 0 if the code
   its checks depend on uses one, found from the syntax of the notebook's
   cells or recorded in the kernel while its checks ran
   (:mod:`~qtransport.grading.offlimits`); the record can only add a
   penalty.

Per-student variants
--------------------
For an exercise with variant markup (:mod:`~qtransport.grading.variants`)
a submission is graded at the variant of the student it belongs to: the id
given to :func:`grade` (``student=``), or the roster's owner of the file in
:func:`grade_folder` (``roster=``), never the id or the numbers the notebook
claims.  The grader puts the variant's parameter cells in place of the
student's (like the check cells), assigns the variant's values again in
front of every check, and compares with the reference run of that variant
(one run per distinct set of numbers, cached in the :class:`Catalog`).  A
notebook whose metadata names another student, carries other numbers, or
whose parameter cell was changed, is *flagged* (``GradeResult.flags``, the
gradebook's ``flags`` column, the report); so is a submission whose wrong
answers are the right answers of another student's variant.
"""

from __future__ import annotations

import concurrent.futures
import hmac
import json
import os
import queue
import re
import secrets
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qtransport.grading import _harness
from qtransport.grading import sandbox as _sandbox
from qtransport.grading import variants as _variants
from qtransport.grading.checks import feedback_line
from qtransport.grading.exercise import (
    Exercise,
    SourceError,
    UnreadableNotebook,
    claimed_question,
    exercise_name_of,
    instrument_checks,
    load_exercise,
    read_notebook,
    student_notebook,
    visible_check_source,
)
from qtransport.grading.values import MalformedValue, compare, decode, is_finite_number, short_repr

__all__ = [
    "CheckResult",
    "QuestionResult",
    "GradeResult",
    "Reference",
    "Catalog",
    "compute_reference",
    "grade",
    "grade_folder",
    "Gradebook",
    "write_gradebook",
    "default_solutions_dir",
]

HARNESS_SOURCE = (Path(__file__).with_name("_harness.py")).read_text(encoding="utf-8")

#: Default time limits in seconds: one cell, the whole notebook.
CELL_TIMEOUT = 30.0
TOTAL_TIMEOUT = 300.0


# --------------------------------------------------------------------------- results


@dataclass
class CheckResult:
    """The outcome of one check."""

    name: str
    passed: bool
    weight: float = 1.0
    hidden: bool = False
    message: str = ""


@dataclass
class QuestionResult:
    """The outcome of one question: points earned out of ``points``."""

    qid: str
    points: float
    score: float
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""


@dataclass
class GradeResult:
    """The outcome of grading one submission.

    ``status`` is ``graded`` (the notebook ran, whatever its errors),
    ``unreadable`` (not a notebook), ``wrong_exercise``, ``unknown_exercise``
    or ``failed`` (the grader could not run it; see ``notes``).
    """

    submission: str
    exercise: str | None
    status: str
    score: float
    max_score: float
    questions: list[QuestionResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sandbox: str = ""
    #: the student it was graded for (roster id; empty: no student given)
    student: str = ""
    #: the variant it was graded at (parameter values and option orders; empty: nothing varies)
    variant: dict = field(default_factory=dict)
    #: signs of copying or of a notebook that is not the student's own (see the module docstring)
    flags: list[str] = field(default_factory=list)

    def to_dict(self):
        """The result as plain JSON-ready data."""
        return asdict(self)

    def to_json(self):
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"

    def report(self):
        """A readable report: total, each question, a line per failed check, notes."""
        lines = [
            f"Submission: {self.submission}",
            f"Exercise:   {self.exercise or '(unknown)'}",
            f"Score:      {_fmt(self.score)} / {_fmt(self.max_score)}"
            + (f"  ({100 * self.score / self.max_score:.0f}%)" if self.max_score else ""),
        ]
        if self.status != "graded":
            lines.append(f"Status:     {self.status}")
        if self.student:
            lines.append(f"Student:    {self.student}")
        if self.variant:
            lines.append(f"Variant:    {_describe_variant(self.variant)}")
        if self.sandbox:
            lines.append(f"Sandbox:    {self.sandbox}")
        lines.append("")
        for q in self.questions:
            n_ok = sum(c.passed for c in q.checks)
            lines.append(
                f"{q.qid:<6} {_fmt(q.score):>5} / {_fmt(q.points):<5} {n_ok} of {len(q.checks)} checks passed"
            )
            if q.message:
                lines.append(f"       {q.message}")
            for c in q.checks:
                if not c.passed:
                    tag = " (hidden)" if c.hidden else ""
                    lines.append(f"       ✗ {c.name}{tag}: {c.message}")
        if self.flags:
            lines += ["", "Flags:"] + [f"  ! {flag}" for flag in self.flags]
        if self.notes:
            lines += ["", "Notes:"] + [f"  - {note}" for note in self.notes]
        lines.append(f"\nGraded in {self.seconds:.1f} s.")
        return "\n".join(lines) + "\n"


def _fmt(x):
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _describe_variant(variant):
    values = variant.get("values", {}) if isinstance(variant, dict) else {}
    options = variant.get("options", {}) if isinstance(variant, dict) else {}
    parts = [f"{k}={v!r}" for k, v in values.items()] + [f"{q}: options {o}" for q, o in options.items()]
    return ", ".join(parts)


# --------------------------------------------------------------------------- exercises on disk


def default_solutions_dir():
    """``./solutions`` if it holds exercises, else the ``solutions`` folder next to the package."""
    here = Path.cwd() / "solutions"
    if any(here.glob("ex*.ipynb")):
        return here
    return Path(__file__).resolve().parents[2] / "solutions"


class Catalog:
    """The instructor source notebooks of a folder, loaded on demand, with cached references.

    ``strict=True`` (what ``validate`` uses for the course's sources) also
    applies the authoring rules of :func:`~qtransport.grading.exercise.parse_exercise`
    (every check with an ``expect`` has a ``hint``).
    """

    def __init__(self, solutions_dir=None, *, sandbox="auto", limits=None, strict=False, **time_limits):
        self.dir = Path(solutions_dir) if solutions_dir is not None else default_solutions_dir()
        self.strict = bool(strict)
        self.paths = {p.stem: p for p in sorted(self.dir.glob("*.ipynb"))}
        self._exercises = {}
        self._references = {}  # (name, run key) -> Reference of those numbers, options in source order
        self._variants = {}  # (name, variant key) -> [Reference, set of students]
        self._locks = {}
        self._lock = threading.Lock()
        self._student = {}
        self.limits = time_limits
        if not isinstance(sandbox, str) or sandbox not in _sandbox.MODES:
            raise ValueError(f"`sandbox` must be one of {list(_sandbox.MODES)}, got {sandbox!r}")
        self.sandbox_mode = sandbox
        self.resource_limits = limits if limits is not None else _sandbox.Limits()
        self._sandbox = None

    @property
    def sandbox(self):
        """``(Sandbox or None, warning or None)``: where this catalog's notebooks run (decided once)."""
        if self._sandbox is None:
            self._sandbox = _sandbox.resolve(self.sandbox_mode, self.resource_limits)
        return self._sandbox

    def sandbox_job(self, *protected, uid=None):
        """The sandbox as the runner wants it, hiding ``protected`` paths (and the sources) from it."""
        box, _ = self.sandbox
        return _sandbox.job_spec(box, (self.dir, *protected), uid=uid)

    def describe_sandbox(self):
        box, warning = self.sandbox
        return box.describe() if box is not None else warning

    def add(self, exercise):
        """Register an already parsed exercise (e.g. one built in memory)."""
        self._exercises[exercise.name] = exercise
        self.paths.setdefault(exercise.name, exercise.path)
        return exercise

    def names(self):
        return sorted(set(self.paths) | set(self._exercises))

    def exercise(self, name):
        if name not in self._exercises:
            if name not in self.paths:
                raise ValueError(
                    f"unknown exercise {name!r}; the exercises in {self.dir} are {self.names()}"
                )
            self._exercises[name] = load_exercise(self.paths[name], strict=self.strict)
        return self._exercises[name]

    def variant(self, name, student=None):
        """The variant of ``student`` (an id) for exercise ``name``; None: the source's own."""
        exercise = self.exercise(name)
        return _variants.default_variant(exercise) if student is None else _variants.draw_variant(exercise, student)

    def reference(self, name, variant=None, *, uid=None):
        """The reference of exercise ``name`` at ``variant`` (default: the source's own values).

        One trusted run per distinct set of parameter values, whoever asks
        (threads included); the option orders are applied to it afterwards.
        ``uid``: for a root grader, the uid the run's kernel gets (runs side by
        side get one each, see :func:`grade_folder`).
        """
        exercise = self.exercise(name)
        if variant is None:
            variant = _variants.default_variant(exercise)
        if not isinstance(variant, _variants.Variant) or variant.exercise != name:
            raise TypeError(f"`variant` must be a Variant of exercise {name!r} (Catalog.variant), got {variant!r}")
        run_key = (name, variant.run_key)
        with self._lock:
            lock = self._locks.setdefault(run_key, threading.Lock())
        with lock:
            if run_key not in self._references:
                plain = _variants.Variant(name, None, dict(variant.values), {})
                self._references[run_key] = compute_reference(
                    exercise, variant=plain, sandbox=self.sandbox_job(uid=uid), **self.limits
                )
        reference = _with_options(self._references[run_key], variant)
        with self._lock:
            entry = self._variants.setdefault((name, variant.key), [reference, set()])
            entry[1].add(variant.student)
        return entry[0]

    def known_variants(self, name):
        """``[(Reference, students)]`` of every variant of ``name`` computed so far (None: the source's own)."""
        with self._lock:
            return [(ref, set(students)) for (n, _), (ref, students) in self._variants.items() if n == name]

    def student_cells(self, name):
        if name not in self._student:
            nb = student_notebook(self.exercise(name))
            self._student[name] = {_norm(c.source) for c in nb.cells if _norm(c.source)}
        return self._student[name]


def _norm(source):
    return "\n".join(line.rstrip() for line in source.strip().split("\n"))


def _identify(nb, path, catalog):
    """The exercise a submission belongs to: metadata, then file name, then content."""
    declared = exercise_name_of(nb)
    if declared and declared in catalog.names():
        return declared, "metadata"
    match = re.search(r"ex(\d\d)", Path(path).name) if path else None
    if match:
        hits = [n for n in catalog.names() if n.startswith(f"ex{match[1]}")]
        if len(hits) == 1:
            return hits[0], "file name"
    best, score = _best_content_match(nb, catalog)
    if best is not None and score >= 0.3:
        return best, "content"
    return None, None


def _content_similarity(nb, catalog, name):
    cells = catalog.student_cells(name)
    mine = {_norm(c.source) for c in nb.cells if _norm(c.source)}
    return len(cells & mine) / max(1, len(cells))


def _best_content_match(nb, catalog):
    scores = {}
    for name in catalog.names():
        try:
            scores[name] = _content_similarity(nb, catalog, name)
        except SourceError:
            continue
    if not scores:
        return None, 0.0
    best = max(scores, key=scores.get)
    return best, scores[best]


# --------------------------------------------------------------------------- kernel cells


def _kernel_cell(qid, body, nonce, mode, forbid=()):
    """The code that replaces a check cell in the kernel: run the harness on the rewritten checks."""
    return (
        f"# {qid}: checks inserted by the grader\n"
        "def __qtgrade_cell__():\n"
        "    import sys\n"
        f"    saved = sys.modules.get({_harness.PRISTINE!r})\n"
        "    b = getattr(saved, 'builtins', None) or __import__('builtins').__dict__\n"
        "    harness = {'__name__': 'qtransport_grading_harness', '__builtins__': b}\n"
        f"    b['exec']({HARNESS_SOURCE!r}, harness)\n"
        f"    harness['run_checks'](b['globals'](), {body!r}, nonce={nonce!r}, "
        f"question={qid!r}, mode={mode!r}, forbid={list(forbid)!r})\n"
        "__qtgrade_cell__()\n"
        "del __qtgrade_cell__\n"
    )


def _find_payload(record, nonce, qid):
    """The payload of a check cell carrying the right nonce, or None; how many others were forged.

    A second payload with the cell's nonce can only come from code that read
    the cell (a hook of the notebook's): the question's payload is then
    :data:`TAMPERED` and scores zero.
    """
    found, forged, with_nonce = None, 0, 0
    for text in record.get("payloads", []):
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            forged += 1
            continue
        if (
            isinstance(data, dict)
            and isinstance(data.get("nonce"), str)
            and hmac.compare_digest(data["nonce"], nonce)
        ):
            with_nonce += 1
            if data.get("question") == qid and isinstance(data.get("results"), list) and found is None:
                found = data
                continue
        forged += 1
    if with_nonce > 1:
        return TAMPERED, forged
    return found, forged


#: The payload of a question whose secret was used by more than one output.
TAMPERED = {"tampered": True}


def _run(sources, limits):
    from qtransport.grading.runner import run_isolated

    return run_isolated(sources, **limits)


# --------------------------------------------------------------------------- reference


@dataclass
class RefCheck:
    """One check of the reference: the trusted expected value and how to compare."""

    name: str
    value: object
    rtol: float | None = None
    atol: float | None = None
    hint: str = ""
    weight: float = 1.0
    hidden: bool = False
    #: the expected value is written in the student's notebook (a visible check with ``expect``)
    printed: bool = False
    #: ``{wrong answer: why it is wrong}`` of a choice, in the labels the student sees
    feedback: dict = field(default_factory=dict)


@dataclass
class Reference:
    """The expected values of every check of an exercise, from its trusted solution."""

    exercise: Exercise
    checks: dict
    seconds: float = 0.0
    #: the variant the reference is of (None: computed before variants existed, the source's own)
    variant: object = None


def _options(entry, where):
    options = entry.get("options") or {}
    out = {}
    for key in ("rtol", "atol"):
        if key in options:
            if not is_finite_number(options[key]) or options[key] < 0:
                raise SourceError(f"{where}: `{key}` must be a number >= 0, got {options[key]!r}")
            out[key] = float(options[key])
    if "weight" in options:
        if not is_finite_number(options["weight"]) or options["weight"] <= 0:
            raise SourceError(f"{where}: `weight` must be a number > 0, got {options['weight']!r}")
        out["weight"] = float(options["weight"])
    if "hint" in options:
        out["hint"] = str(options["hint"])
    if "feedback" in options:
        feedback = options["feedback"]
        if not isinstance(feedback, dict) or not all(isinstance(v, str) for v in feedback.values()):
            raise SourceError(f"{where}: `feedback` must be a dict from answers to lines of text")
        out["feedback"] = {str(k): v for k, v in feedback.items()}
    return out


def _with_options(reference, variant):
    """The reference as a student with ``variant``'s option orders must answer it (labels translated)."""
    checks = {}
    for qid, refs in reference.checks.items():
        order = variant.options.get(qid)
        if order:
            refs = [
                RefCheck(**{
                    **asdict(r),
                    "value": _variants.translate_label(r.value, order),
                    "feedback": {_variants.translate_label(k, order): v for k, v in r.feedback.items()},
                })
                for r in refs
            ]
        checks[qid] = refs
    return Reference(exercise=reference.exercise, checks=checks, seconds=reference.seconds, variant=variant)


def _variant_cells(exercise, variant):
    """``{source cell index: source}`` of the parameter cells at ``variant``'s values."""
    return {
        index: _variants.parameter_cell_source(
            exercise.notebook.cells[index].source,
            [p for p in exercise.parameters if p.cell_index == index],
            variant.values,
        )
        for index in exercise.parameter_cells
    }


def compute_reference(
    exercise, *, variant=None, cell_timeout=120.0, total_timeout=600.0, hard_timeout=None, sandbox=None
):
    """Run the instructor's solution and collect the expected value of every check.

    With ``variant`` (:mod:`~qtransport.grading.variants`) the solution runs
    at its values and the labels of shuffled options are translated to its
    order; default: the source's own values.

    The solution runs like a submission (fresh kernel, same harness, the
    same ``sandbox``: the runner's form of it, see :meth:`Catalog.sandbox_job`),
    but in reference mode: each check also evaluates its ``expect`` and options.  The
    reference value of a check is its ``expect`` when it has one (and the
    solution must match it), else the solution's own value.

    Raises
    ------
    SourceError
        A cell of the solution fails, a check raises, or the solution does not
        pass one of its own checks.
    """
    start = time.monotonic()
    if variant is None:
        variant = _variants.default_variant(exercise)
    prelude = _variants.variant_assignments(variant)
    parameter_cells = _variant_cells(exercise, variant)
    at = f" (at the variant {variant.describe()})" if exercise.parameters else ""
    sources, plan = [_harness.SNAPSHOT_CELL], [(None, None, None)]
    test_cells = {q.cell_index: q for q in exercise.questions}
    for index, cell in enumerate(exercise.notebook.cells):
        if cell.cell_type != "code":
            continue
        if index in test_cells:
            q = test_cells[index]
            nonce = secrets.token_hex(16)
            body = prelude + instrument_checks(q.source, mode="reference", where=f"{exercise.name}, {q.qid}")
            sources.append(_kernel_cell(q.qid, body, nonce, "reference", q.forbid))
            plan.append((index, q, nonce))
        else:
            sources.append(parameter_cells.get(index, cell.source))
            plan.append((index, None, None))
    run = _run(
        sources,
        {"cell_timeout": cell_timeout, "total_timeout": total_timeout, "hard_timeout": hard_timeout, "sandbox": sandbox},
    )
    checks = {}
    for (index, q, nonce), record in zip(plan, run["cells"], strict=True):
        where = f"{exercise.name}, cell {index}" if index is not None else f"{exercise.name}, grader setup"
        where += at
        if record["status"] != "ok":
            raise SourceError(f"{where}: the solution notebook fails here: {record['error']}")
        if q is None:
            continue
        payload, _ = _find_payload(record, nonce, q.qid)
        if payload is None or payload is TAMPERED:
            raise SourceError(f"{where}: the checks of {q.qid} handed out no values (or more than one set)")
        if payload.get("error"):
            raise SourceError(f"{where}: the checks of {q.qid} failed: {payload['error']}")
        called = [n for n in payload.get("offlimits") or [] if n in q.forbid]
        if called:
            raise SourceError(
                f"{where}: {q.qid} forbids {', '.join(f'`{n}`' for n in called)}, but the solution calls it while "
                "its checks run; solve the question without it, or take it off the `forbid=` list"
            )
        refs = []
        for entry in payload["results"]:
            name = entry.get("name")
            cwhere = f"{where}, check {name!r}"
            if name in {r.name for r in refs}:
                raise SourceError(f"{cwhere}: two checks of {q.qid} have this name")
            if entry.get("status") != "ok":
                raise SourceError(f"{cwhere}: the solution raises {entry.get('error')}")
            if "expect_error" in entry:
                raise SourceError(f"{cwhere}: the expected value raises {entry['expect_error']}")
            opts = _options(entry, cwhere)
            value = decode(entry["value"])
            if "expect" in entry:
                expect = decode(entry["expect"])
                ok, message = compare(value, expect, rtol=opts.get("rtol"), atol=opts.get("atol"))
                if not ok:
                    raise SourceError(f"{cwhere}: the solution fails its own check: {message} (the solution gives "
                                      f"{short_repr(value, 60)}, the check expects {short_repr(expect, 60)})")
                value = expect
            if opts.get("feedback") and isinstance(value, str) and value.strip().casefold() in {
                k.strip().casefold() for k in opts["feedback"]
            }:
                raise SourceError(f"{cwhere}: `feedback` has the right answer {value!r} as a key; feedback "
                                  "explains wrong answers only: remove that key")
            hidden = bool(entry.get("hidden"))
            printed = not hidden and "expect" in entry
            refs.append(RefCheck(name=name, value=value, hidden=hidden, printed=printed, **opts))
        if not refs:
            raise SourceError(f"{where}: {q.qid} ran no check")
        checks[q.qid] = refs
    return _with_options(Reference(exercise=exercise, checks=checks, seconds=time.monotonic() - start), variant)


# --------------------------------------------------------------------------- assembling a submission


def _parameter_values(source):
    """``{name: value}`` of the literal assignments of a cell (what a student's parameter cell says)."""
    import ast

    found = {}
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return found
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                found[node.targets[0].id] = "(not a number)"
    return found


def _same_value(a, b):
    try:
        return type(a) is type(b) and a == b or (
            is_finite_number(a) and is_finite_number(b) and abs(a - b) <= 1e-12 * max(abs(a), abs(b))
        )
    except Exception:  # noqa: BLE001 - values from a notebook: anything goes
        return False


def _parameter_flag(exercise, variant, index, source, cell):
    """A flag if the student's parameter cell ``source`` does not hold ``variant``'s numbers, else None."""
    said = _parameter_values(source)
    wrong = [
        f"{p.name}: {short_repr(said[p.name], 30) if p.name in said else 'missing'} instead of {variant.values[p.name]!r}"
        for p in exercise.parameters
        if p.cell_index == exercise.parameter_cells[index]
        and not (p.name in said and _same_value(said[p.name], variant.values[p.name]))
    ]
    if not wrong:
        return None
    return (f"the parameter cell (cell {cell}) does not hold this student's numbers ({'; '.join(wrong[:4])}); "
            "graded at the student's own variant")


def _assemble(exercise, nb, variant=None):
    """The cells to execute: the student's code cells with the instructor's check cells in place.

    The parameter cells, if any, are the instructor's at ``variant``'s values,
    and each check cell assigns those values again before its checks.

    Returns ``sources, plan, notes, flags`` where ``plan[i]`` is ``("student",
    cell index)``, ``("check", qid, nonce)`` or ``("parameters", source cell
    index)``.
    """
    notes, flags = [], []
    if variant is None:
        variant = _variants.default_variant(exercise)
    prelude = _variants.variant_assignments(variant)
    parameter_sources = _variant_cells(exercise, variant)
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    by_id = {}
    for i, c in enumerate(nb.cells):
        by_id.setdefault(c.get("id"), i)
    replace, drop = {}, set()
    parameters = {}  # student cell index -> source parameter cell index
    source_cells = exercise.notebook.cells
    for k, s_index in enumerate(exercise.parameter_cells):
        sid = source_cells[s_index].get("id")
        free = [i for i, c in code if i not in parameters and claimed_question(c.source) is None]
        hits = [i for i in free if nb.cells[i].get("id") == sid and _variants.is_parameter_cell(nb.cells[i].source)]
        hits = hits or [i for i in free if _variants.is_parameter_cell(nb.cells[i].source)]
        if hits:
            parameters[hits[0]] = s_index
            flag = _parameter_flag(exercise, variant, k, nb.cells[hits[0]].source, hits[0])
            if flag:
                flags.append(flag)
        else:
            flags.append(f"the parameter cell ({k + 1} of {len(exercise.parameter_cells)}) was missing; "
                         "the student's variant was inserted")
    for q in exercise.questions:
        candidates = [
            i
            for i, c in code
            if claimed_question(c.source) == q.qid
            or (c.get("id") == q.cell_id and claimed_question(c.source) is None and "check(" in c.source)
        ]
        candidates = [i for i in candidates if i not in replace and i not in drop and i not in parameters]
        if candidates:
            first, *others = candidates
            replace[first] = q
            drop.update(others)
            shown = visible_check_source(exercise, q, variant)
            if _norm(nb.cells[first].source) not in (_norm(q.visible_source), _norm(shown), _norm(q.source)):
                notes.append(f"the check cell of {q.qid} (cell {first}) was edited; the original checks were used")
            if others:
                notes.append(f"{q.qid} had {len(others)} extra check cell(s) (cells {others}); they were not run")
    after, at_start, at_end = {}, [], []

    def anchor_of(source_index):
        for j in range(source_index - 1, -1, -1):
            i = by_id.get(source_cells[j].get("id"))
            if i is not None and i not in drop and i not in replace and i not in parameters:
                return i
        return None

    for s_index in exercise.parameter_cells:
        if s_index in parameters.values():
            continue
        anchor = anchor_of(s_index)
        if anchor is None:
            at_start.append(s_index)
        else:
            after.setdefault(anchor, []).append(s_index)
    for q in exercise.questions:
        if q in replace.values():
            continue
        anchor = anchor_of(q.cell_index)
        if anchor is None:
            at_end.append(q)
            where = "at the end"
        else:
            after.setdefault(anchor, []).append(q)
            where = f"after cell {anchor}"
        notes.append(f"the check cell of {q.qid} was missing; the original checks were inserted {where}")
    sources, plan = [_harness.SNAPSHOT_CELL], [("setup", None, None)]

    def add(item):
        if isinstance(item, int):  # a parameter cell of the source
            sources.append(parameter_sources[item])
            plan.append(("parameters", item, None))
            return
        nonce = secrets.token_hex(16)
        body = prelude + instrument_checks(item.source, mode="student", where=f"{exercise.name}, {item.qid}")
        sources.append(_kernel_cell(item.qid, body, nonce, "student", item.forbid))
        plan.append(("check", item.qid, nonce))

    for s_index in at_start:
        add(s_index)
    for i, cell in enumerate(nb.cells):
        if i in replace:
            add(replace[i])
        elif i in parameters:
            add(parameters[i])
        elif cell.cell_type == "code" and i not in drop:
            sources.append(cell.source)
            plan.append(("student", i, None))
        for item in after.get(i, []):
            add(item)
    for q in at_end:
        add(q)
    return sources, plan, notes, flags


# --------------------------------------------------------------------------- scoring


def _score_question(qid, points, refs, payload, record):
    if payload is TAMPERED:
        checks = [CheckResult(r.name, False, r.weight, r.hidden, "not graded: tampering") for r in refs]
        return QuestionResult(
            qid, points, 0.0, checks,
            message="scored 0: more than one output carried this check cell's secret (the notebook "
            "imitated the grader's data)",
        )
    if payload is None:
        reason = {
            "not_run": record["error"] or "the check cell was not run",
            "stopped": "the kernel stopped while these checks ran (the code they call crashed or hung)",
            "timeout": "the checks ran into the time limit",
            "error": f"the check cell failed: {record['error']}",
        }.get(record["status"], "the checks handed out no values")
        checks = [CheckResult(r.name, False, r.weight, r.hidden, "not evaluated") for r in refs]
        return QuestionResult(qid, points, 0.0, checks, message=f"not graded: {reason}")
    entries = {}
    for entry in payload["results"]:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            entries.setdefault(entry["name"], entry)
    checks = []
    for ref in refs:
        entry = entries.get(ref.name)
        if entry is None:
            message = "not evaluated" + (f": {payload['error']}" if payload.get("error") else "")
            checks.append(CheckResult(ref.name, False, ref.weight, ref.hidden, message))
            continue
        if entry.get("status") != "ok":
            checks.append(CheckResult(ref.name, False, ref.weight, ref.hidden, str(entry.get("error"))[:400]))
            continue
        try:
            got = decode(entry.get("value"))
        except (MalformedValue, TypeError, ValueError) as exc:
            checks.append(CheckResult(ref.name, False, ref.weight, ref.hidden, f"unreadable value ({exc})"))
            continue
        ok, message = compare(got, ref.value, rtol=ref.rtol, atol=ref.atol)  # never shows the expected value
        line = feedback_line(got, ref.feedback) if not ok else None
        if line is not None:
            message = line
        elif not ok and ref.hint:
            message += f". Hint: {ref.hint}"
        checks.append(CheckResult(ref.name, ok, ref.weight, ref.hidden, "" if ok else message))
    total = sum(c.weight for c in checks)
    earned = sum(c.weight for c in checks if c.passed)
    score = round(points * earned / total, 4) if total else 0.0
    message = f"the check cell stopped early: {payload['error']}" if payload.get("error") else ""
    return QuestionResult(qid, points, score, checks, message)


def _static_uses(exercise, question, cells):
    """The uses of the question's off-limits functions in the notebook's own cells (syntax only)."""
    from qtransport.grading.offlimits import find_uses, forbidden_objects

    try:
        forbidden = forbidden_objects(question.forbid, f"{exercise.name}, {question.qid}")
    except ValueError:  # the source was validated when it was loaded; a name that vanished since
        return []
    try:
        return find_uses(cells, question.source, forbidden)
    except (RecursionError, MemoryError):  # pragma: no cover - each statement is guarded already
        return []


def _off_limits(result, question, static, payload, notes):
    """Score a question 0 if its code uses an off-limits function (found statically, or recorded in the kernel).

    The kernel's record is untrusted: only names of the question's own
    ``forbid=`` list are taken from it, and it can only add to what the
    syntax shows, never clear it.
    """
    from qtransport.grading.offlimits import Use, describe_uses

    uses = list(static)
    recorded = payload.get("offlimits") if isinstance(payload, dict) and payload is not TAMPERED else None
    if isinstance(recorded, list):
        found = {u.name for u in uses}
        uses += [Use(n, n, None) for n in question.forbid if n in recorded and n not in found]
        if "(the recording was switched off)" in recorded:
            notes.append(f"{question.qid}: the notebook's code switched off the recording of off-limits calls "
                         "while its checks ran")
    if not uses:
        return result
    line = (f"scored 0: the code for {question.qid} uses {describe_uses(uses)}, which is off-limits here: the "
            "question asks for your own implementation")
    message = line + (f"; {result.message}" if result.message else "")
    return QuestionResult(result.qid, result.points, 0.0, result.checks, message)


def _empty_result(submission, exercise, status, notes, start, max_score=0.0, questions=()):
    return GradeResult(
        submission=str(submission),
        exercise=exercise,
        status=status,
        score=0.0,
        max_score=max_score,
        questions=list(questions),
        notes=list(notes),
        seconds=round(time.monotonic() - start, 3),
    )


def _zero_questions(exercise, message, reference=None):
    out = []
    for q in exercise.questions:
        refs = reference.checks.get(q.qid, []) if reference else []
        checks = [CheckResult(r.name, False, r.weight, r.hidden, "not evaluated") for r in refs]
        out.append(QuestionResult(q.qid, q.points, 0.0, checks, message))
    return out


def grade(
    submission,
    *,
    exercise=None,
    catalog=None,
    solutions_dir=None,
    cell_timeout=CELL_TIMEOUT,
    total_timeout=TOTAL_TIMEOUT,
    hard_timeout=None,
    grace=3.0,
    sandbox="auto",
    limits=None,
    data=None,
    protected=(),
    uid=None,
    student=None,
):
    """Grade one submitted notebook.

    Parameters
    ----------
    submission : path-like
        The notebook to grade.  It is read once and never modified.
    exercise : str or Exercise, optional
        The exercise it must be (name such as ``"ex03_qpc"``, or a parsed
        :class:`~qtransport.grading.exercise.Exercise`).  Default: what the
        notebook says, else its file name, else its content.
    catalog : Catalog, optional
        Where exercises and their (cached) references come from; pass the same
        catalog to grade many submissions with one reference run per exercise.
    solutions_dir : path-like, optional
        Folder of instructor source notebooks, if no catalog is given.
    cell_timeout, total_timeout, hard_timeout, grace : float
        Time limits in seconds (see :func:`qtransport.grading.runner.run_isolated`).
    sandbox : {"auto", "required", "off"}
        Where the notebook runs (see :mod:`~qtransport.grading.sandbox`), when
        no ``catalog`` is given; a catalog carries its own choice, used for the
        references and the submissions alike.  Without the sandbox every
        report carries a warning.
    limits : qtransport.grading.sandbox.Limits, optional
        Memory, process and file-size limits of the sandbox (with ``sandbox``).
    data : bytes, optional
        The submission's content, already read (a batch reads every
        submission before any runs); default: read ``submission``.
    protected : sequence of path-like
        Further paths the notebook must not see (outputs, other submissions),
        hidden if the sandbox would otherwise show them.
    uid : int, optional
        For a root grader: the uid the sandboxed kernel runs as (default
        ``nobody``); submissions graded side by side get one each.
    student : str, optional
        The id of the student the submission belongs to (from the roster, not
        from the notebook): an exercise with variants is graded at this
        student's variant, and a notebook made for someone else is flagged.
        Default: the source's own values (flagged if the notebook says it is
        a student's variant).

    Returns
    -------
    GradeResult

    Raises
    ------
    qtransport.grading.sandbox.SandboxUnavailable
        ``sandbox="required"`` and the sandbox cannot start here.
    """
    start = time.monotonic()
    path = Path(submission)
    catalog = catalog or Catalog(solutions_dir, sandbox=sandbox, limits=limits)
    box, warning = catalog.sandbox
    described = box.describe() if box is not None else "none"
    if isinstance(exercise, Exercise):
        catalog.add(exercise)
        exercise = exercise.name
    if student is not None:
        student = _variants.check_student_id(student)
    result = _grade(path, data, exercise, catalog, start, protected, uid, student, {
        "cell_timeout": cell_timeout,
        "total_timeout": total_timeout,
        "hard_timeout": hard_timeout,
        "grace": grace,
    })
    result.sandbox = described
    if student and not result.student:
        result.student = student
    if warning:
        result.notes.insert(0, warning)
    return result


def _grade(path, data, exercise, catalog, start, protected, uid, student, limits):
    try:
        if data is None:
            data = path.read_bytes()
        nb = read_notebook(data)
    except (OSError, UnreadableNotebook) as exc:
        message = f"cannot read {path.name}: {exc.strerror if isinstance(exc, OSError) else exc}"
        target = catalog.exercise(exercise) if exercise else None
        return _empty_result(
            path, exercise, "unreadable", [message], start,
            max_score=target.max_score if target else 0.0,
            questions=_zero_questions(target, "not graded: the file is not a readable notebook") if target else (),
        )
    declared = exercise_name_of(nb)
    if exercise is None:
        exercise, _how = _identify(nb, path, catalog)
        if exercise is None:
            return _empty_result(
                path, None, "unknown_exercise",
                [f"cannot tell which exercise {path.name} is; give it with --exercise"], start,
            )
    target = catalog.exercise(exercise)
    wrong = None
    if declared and declared != exercise:
        wrong = declared
    elif not declared:
        best, best_score = _best_content_match(nb, catalog)
        if best not in (None, exercise) and best_score >= 0.5 and best_score > 2 * _content_similarity(
            nb, catalog, exercise
        ):
            wrong = best
    if wrong:
        message = f"this notebook is exercise {wrong}, not {exercise}: nothing was graded"
        return _empty_result(
            path, exercise, "wrong_exercise", [message], start, max_score=target.max_score,
            questions=_zero_questions(target, f"not graded: the notebook is exercise {wrong}"),
        )
    variant = catalog.variant(exercise, student)
    flags = _identity_flags(nb, target, variant, student)
    reference = catalog.reference(exercise, variant)
    sources, plan, notes, cell_flags = _assemble(target, nb, variant)
    if target.parameters:
        flags += cell_flags
    else:
        notes += cell_flags
    limits = {**limits, "sandbox": catalog.sandbox_job(path.parent, *protected, uid=uid)}
    own_cells = [(key, nb.cells[key].source) for kind, key, _ in plan if kind == "student"]
    off_limits = {q.qid: _static_uses(target, q, own_cells) for q in target.questions if q.forbid}
    run = _run(sources, limits)
    notes += run.get("notes", [])
    questions, forged, answers = {}, 0, {}
    for (kind, key, nonce), record in zip(plan, run["cells"], strict=True):
        if kind == "check":
            payload, n_forged = _find_payload(record, nonce, key)
            forged += n_forged
            if payload is TAMPERED:
                notes.append(f"{key}: more than one output carried the secret of its check cell; scored 0 (tampering)")
            q = target.question(key)
            questions[key] = _score_question(key, q.points, reference.checks[key], payload, record)
            answers[key] = _answers(payload)
            if q.forbid:
                questions[key] = _off_limits(questions[key], q, off_limits[key], payload, notes)
            continue
        if kind == "setup":
            if record["status"] != "ok":
                notes.append(f"the grader's setup cell failed: {record['error']}")
            continue
        if kind == "parameters":
            if record["status"] != "ok":
                notes.append(f"the parameter cell of the exercise failed: {record['error']}")
            continue
        forged += len(record.get("payloads", []))
        if record["status"] == "error":
            notes.append(f"cell {key} raised {record['error']}")
        elif record["status"] == "timeout":
            notes.append(f"cell {key} was interrupted: {record['error']}")
        elif record["status"] == "stopped":
            notes.append(f"cell {key}: {record['error']}; it was disabled and the notebook run again")
    if forged:
        notes.append(f"{forged} output(s) imitating the grader's data were ignored")
    if run.get("failed"):
        status = "failed"
    else:
        status = "graded"
    ordered = [questions[q.qid] for q in target.questions]
    if target.varies:
        flags += _copy_flags(catalog, target, variant, reference, answers, nb)
    return GradeResult(
        submission=str(path),
        exercise=exercise,
        status=status,
        score=round(sum(q.score for q in ordered), 4),
        max_score=target.max_score,
        questions=ordered,
        notes=notes,
        seconds=round(time.monotonic() - start, 3),
        student=student or "",
        variant={"values": dict(variant.values), "options": dict(variant.options)} if target.varies else {},
        flags=flags,
    )


# --------------------------------------------------------------------------- variants: flags


def _claims(nb):
    """What a notebook's metadata says about itself: ``(has metadata, student, values, options)``."""
    meta = nb.get("metadata", {})
    meta = meta.get("qtransport", {}) if isinstance(meta, dict) else None
    if not isinstance(meta, dict):
        return False, None, None, None
    return True, meta.get("student", None), meta.get("variant", None), meta.get("options", None)


def _identity_flags(nb, exercise, variant, student):
    """Flags for a notebook whose metadata names another student or carries other numbers."""
    _, claimed, values, options = _claims(nb)
    if claimed is not None and not isinstance(claimed, str):
        return [f"the notebook's student id is damaged ({short_repr(claimed, 40)}); graded at "
                + ("the roster's variant" if student else "the source's own values")]
    claimed = claimed.strip() if isinstance(claimed, str) else None
    if student is None:
        if claimed and exercise.varies:
            return [f"the notebook says it is the variant of student {claimed!r}, but no student was given "
                    "(grade with --roster or --student): graded at the source's own values"]
        return []
    if claimed is None:
        if exercise.varies:
            return [f"the notebook carries no student id: it is not the notebook generated for {student!r}; "
                    "graded at that student's variant"]
        return []
    if claimed != student:
        return [f"handed in under another student's id: the notebook was generated for {claimed!r}, but the "
                f"roster gives this file to {student!r}; graded at the variant of {student!r}"]
    flags = []
    if exercise.parameters and not _same_mapping(values, variant.values):
        flags.append(f"the notebook's metadata does not carry this student's numbers (it says "
                     f"{short_repr(values, 80)}); graded at the student's own variant")
    if exercise.option_blocks and not _same_mapping(options, variant.options):
        flags.append("the notebook's metadata does not carry this student's option order; graded at the "
                     "student's own variant")
    return flags


def _same_mapping(said, wanted):
    return isinstance(said, dict) and set(said) == set(wanted) and all(
        _same_value(said[k], v) for k, v in wanted.items()
    )


def _answers(payload):
    """``{check name: value}`` of the checks a question's payload evaluated."""
    out = {}
    if not isinstance(payload, dict) or payload is TAMPERED:
        return out
    for entry in payload.get("results") or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry.get("status") == "ok":
            try:
                out.setdefault(entry["name"], decode(entry.get("value")))
            except (MalformedValue, TypeError, ValueError):
                continue
    return out


def _copy_flags(catalog, exercise, variant, reference, answers, nb):
    """Flags for answers that are wrong for this variant but right for another one.

    Compared with every variant of the exercise the catalog has computed (a
    batch with a roster computes every student's before grading), the
    source's own values, and the variant of the student the notebook names.
    """
    _, claimed, _, _ = _claims(nb)
    wanted = [None]
    if isinstance(claimed, str) and claimed.strip() and claimed.strip() != variant.student:
        wanted.append(claimed.strip())
    for other in wanted:
        try:
            catalog.reference(exercise.name, catalog.variant(exercise.name, other))
        except (SourceError, ValueError, TypeError):
            continue
    matches = []
    for other, students in catalog.known_variants(exercise.name):
        if other.variant is None or other.variant.key == variant.key:
            continue
        hits = []
        for q in exercise.questions:
            got = answers.get(q.qid, {})
            own = {r.name: r for r in reference.checks.get(q.qid, [])}
            differing = [
                (own[r.name], r) for r in other.checks.get(q.qid, [])
                if r.name in own and not compare(own[r.name].value, r.value, rtol=r.rtol, atol=r.atol)[0]
            ]
            if differing and all(
                mine.name in got
                and compare(got[mine.name], theirs.value, rtol=theirs.rtol, atol=theirs.atol)[0]
                and not compare(got[mine.name], mine.value, rtol=mine.rtol, atol=mine.atol)[0]
                for mine, theirs in differing
            ):
                hits.append(q.qid)
        if hits:
            names = sorted(s for s in students if s is not None)
            whose = (f"student {', '.join(map(repr, names[:3]))}" + (" and others" if len(names) > 3 else "")
                     if names else "the source's own values (the single version)")
            if names and None in students:
                whose += " and of the source's own values"
            matches.append((len(hits), f"the answers to {', '.join(hits)} are wrong for this student's variant "
                            f"but right for the variant of {whose}: copied answers?"))
    return [text for _, text in sorted(matches, key=lambda m: -m[0])[:3]]


# --------------------------------------------------------------------------- many submissions


def grade_folder(
    folder,
    *,
    exercise=None,
    catalog=None,
    solutions_dir=None,
    progress=None,
    csv=None,
    json_dir=None,
    report_dir=None,
    sandbox="auto",
    limits=None,
    jobs=1,
    roster=None,
    scheduler=None,
    scheduler_timeout=None,
    **time_limits,
):
    """Grade every ``*.ipynb`` file of ``folder`` (sorted by name).

    With a ``roster`` (a path, or the entries of
    :func:`~qtransport.grading.roster.read_roster`) each file is graded for
    the student the roster gives it to (see :func:`grade`'s ``student``):
    at that student's variant, with the reference of every roster student's
    variant computed first (once per distinct variant), so that answers of
    another student's variant are flagged.  A file no student, or several
    students, claim is graded at the source's own values and flagged; the
    gradebook then has ``student`` and ``flags`` columns.

    Every submission is read into memory before any notebook runs, so no
    submission can change what another one is graded on.  With ``csv``, the
    gradebook is written row by row as submissions are graded (each row on
    disk before the next submission starts), so an interrupted batch keeps
    what it graded; ``json_dir`` and ``report_dir`` get one file per
    submission, also as it is graded.  A submission that breaks its own run
    costs that submission only.

    ``jobs`` submissions are graded at once, each in its own kernel and
    sandbox (``None``: one per core, at most 8); the results, the gradebook
    and the files are the same, in the same order, as with ``jobs=1``.
    ``progress(done, total, result)`` is called as each submission finishes
    (default: one line on stderr).  One reference run per exercise, made
    before any submission runs, is shared by all of them.  ``sandbox`` and
    ``limits`` are used when no ``catalog`` is given (see :func:`grade`).

    With ``scheduler`` (the address of a Dask scheduler such as
    ``"tcp://10.0.0.5:8786"``, or a ``distributed.Client``; needs the
    ``cluster`` extra) the notebooks run on the cluster's workers instead
    (see :mod:`~qtransport.grading.cluster`): the reference runs, then the
    submissions, each in its own kernel and sandbox on a worker, with the
    same results, gradebook and files as a local batch.  ``jobs`` is then
    unused (each worker grades as many submissions at once as it has
    threads); ``scheduler_timeout`` is how long to wait for the scheduler
    and its first worker (seconds, default
    :data:`~qtransport.grading.cluster.CONNECT_TIMEOUT`).
    """
    paths = sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())
    catalog = catalog or Catalog(solutions_dir, sandbox=sandbox, limits=limits)
    if isinstance(exercise, Exercise):
        catalog.add(exercise)
        exercise = exercise.name
    if progress is None:
        progress = _print_progress
    contents = {}
    for path in paths:  # everything is read before any student code runs
        try:
            contents[path] = path.read_bytes()
        except OSError as exc:
            contents[path] = exc
    outputs = [Path(p) for p in (csv, json_dir, report_dir) if p is not None]
    protected = [Path(folder), *outputs]
    if scheduler is None:
        jobs = _jobs(jobs)
    students, owner_flags, entries = {}, {}, None
    if roster is not None:
        from qtransport.grading.roster import owners, read_roster

        entries = roster if isinstance(roster, (list, tuple)) else read_roster(roster)
        for name, who in owners(entries, [p.name for p in paths]).items():
            if len(who) == 1:
                students[name] = who[0].id
            elif who:
                owner_flags[name] = (f"the roster gives this file to several students ({', '.join(e.id for e in who)}): "
                                     "graded at the source's own values; settle by hand")
            else:
                owner_flags[name] = "no roster student claims this file: graded at the source's own values"
    submissions = [
        _Submission(i, path, contents[path], students.get(path.name), owner_flags.get(path.name))
        for i, path in enumerate(paths)
    ]
    names = _batch_exercises(catalog, exercise, contents)
    book = None
    if csv is not None:
        book = Gradebook(csv, _columns(catalog, exercise, contents), roster=roster is not None)
    if scheduler is None:
        finished = _graded_here(catalog, names, entries, submissions, exercise, protected, jobs, time_limits)
    else:
        from qtransport.grading import cluster

        finished = cluster.graded_on_cluster(
            scheduler, catalog, names, entries, submissions, exercise, protected, time_limits,
            timeout=scheduler_timeout, quiet=progress is not _print_progress,
        )
    results = [None] * len(paths)
    written = 0
    done = 0
    try:
        for i, result in finished:
            if results[i] is not None:  # a submission regraded after a lost worker counts once
                continue
            results[i] = result
            done += 1
            progress(done, len(paths), result)
            while written < len(paths) and results[written] is not None:  # in submission order
                _write_outputs(results[written], paths[written], book, json_dir, report_dir)
                written += 1
    finally:
        finished.close()
        if book is not None:
            book.close()
    return results


@dataclass
class _Submission:
    """One file of a batch, as read before anything runs, with the roster's word on whose it is."""

    index: int
    path: Path
    data: object  # bytes, or the OSError of reading it
    student: str | None = None
    owner_flag: str | None = None


def _grade_submission(catalog, submission, exercise, protected, uid, time_limits):
    """Grade one file of a batch: what every local job and every cluster worker runs.

    Anything that goes wrong costs this submission only (a ``failed``
    result with the reason), except a required sandbox that cannot start,
    which stops the batch.
    """
    path = submission.path
    try:
        if isinstance(submission.data, OSError):
            raise submission.data
        result = grade(path, exercise=exercise, catalog=catalog, data=submission.data, protected=protected,
                       uid=uid, student=submission.student, **time_limits)
        if submission.owner_flag:
            result.flags.insert(0, submission.owner_flag)
        return result
    except _sandbox.SandboxUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the batch
        return _failed(submission, exercise, f"the grader failed on this submission: {type(exc).__name__}: {exc}")


def _failed(submission, exercise, message):
    return _empty_result(submission.path, exercise, "failed", [message], time.monotonic())


def _graded_here(catalog, names, entries, submissions, exercise, protected, jobs, time_limits):
    """``(index, result)`` of each submission as it finishes, ``jobs`` at a time on this machine."""
    _precompute(catalog, names, entries, jobs)
    uids = queue.Queue()
    for k in range(jobs):  # kernels graded side by side run as different uids (root grader)
        uids.put(_sandbox.NOBODY - k)

    def one(submission):
        uid = uids.get()
        try:
            return _grade_submission(catalog, submission, exercise, protected, uid, time_limits)
        finally:
            uids.put(uid)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(one, s): s.index for s in submissions}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()
    finally:
        # an interrupted batch (Ctrl-C, a failed write) starts nothing more
        pool.shutdown(wait=True, cancel_futures=True)


def _reference_plan(catalog, names, entries):
    """The references a batch needs: ``(wanted, runs)``.

    ``wanted``: ``(exercise, student)`` pairs (student None: the source's own
    values), one per roster student of an exercise that varies; ``runs``: one
    of those pairs per distinct set of numbers, i.e. per notebook run.
    """
    wanted = []
    for name in names:
        try:
            exercise = catalog.exercise(name)
        except (SourceError, ValueError):
            continue  # reported on every submission of that exercise
        wanted.append((name, None))
        if entries is not None and exercise.varies:
            wanted += [(name, e.id) for e in entries]
    runs = {}
    for name, student in wanted:
        try:
            key = (name, catalog.variant(name, student).run_key)
        except (SourceError, ValueError, TypeError):
            continue
        runs.setdefault(key, (name, student))
    return wanted, list(runs.values())


def _precompute(catalog, names, entries, jobs):
    """The references a batch needs, before any submission runs: one run per distinct variant.

    Without a roster, one per exercise; with one, every roster student's
    variant of every exercise that varies (and the source's own values), run
    ``jobs`` at a time.
    """
    wanted, runs = _reference_plan(catalog, names, entries)
    uids = queue.Queue()
    for k in range(jobs):  # runs side by side get different uids (root grader), as submissions do
        uids.put(_sandbox.NOBODY - k)

    def one(item):
        name, student = item
        uid = uids.get()
        try:
            catalog.reference(name, catalog.variant(name, student), uid=uid)
        except (SourceError, ValueError, TypeError):
            pass  # reported on every submission of that exercise (or variant)
        finally:
            uids.put(uid)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:  # distinct runs first, in parallel
        list(pool.map(one, runs))
    for item in wanted:  # the rest are then cached
        one(item)


# --------------------------------------------------------------------------- a catalog for another machine


def _catalog_state(catalog):
    """What a cluster worker needs to grade as ``catalog`` does, as plain picklable data.

    The instructor sources (their bytes, to be written to a private folder
    there), the parsed exercises, the reference runs and the variants known
    so far, the sandbox mode and the limits.  The sandbox itself is decided
    on the worker.
    """
    sources = {}
    for name, path in catalog.paths.items():
        try:
            sources[name] = Path(path).read_bytes()
        except (OSError, TypeError):
            continue  # an exercise given in memory: shipped parsed below
    with catalog._lock:
        variants = {key: [ref, set(students)] for key, (ref, students) in catalog._variants.items()}
        references = dict(catalog._references)
    return {
        "sources": sources,
        "exercises": dict(catalog._exercises),
        "references": references,
        "variants": variants,
        "sandbox": catalog.sandbox_mode,
        "limits": catalog.resource_limits,
        "time_limits": dict(catalog.limits),
        "strict": getattr(catalog, "strict", False),
    }


def _catalog_from_state(state, folder):
    """The catalog that :func:`_catalog_state` describes, its sources written into ``folder``."""
    folder = Path(folder)
    for name, data in state["sources"].items():
        (folder / f"{name}.ipynb").write_bytes(data)
    extra = {"strict": True} if state.get("strict") else {}  # the authoring rules, where the sources ask for them
    catalog = Catalog(folder, sandbox=state["sandbox"], limits=state["limits"], **extra, **state["time_limits"])
    for exercise in state["exercises"].values():
        catalog.add(exercise)
    catalog._references.update(state["references"])
    catalog._variants.update(state["variants"])
    return catalog


def _run_reference(catalog, name, student, uid=None):
    """The reference run of ``student``'s numbers (None: the source's own), before option orders."""
    variant = catalog.variant(name, student)
    catalog.reference(name, variant, uid=uid)
    return catalog._references[(name, variant.run_key)]


def _seed_reference(catalog, name, student, run):
    """Take a reference run made elsewhere (:func:`_run_reference`) into ``catalog``'s cache."""
    variant = catalog.variant(name, student)
    with catalog._lock:
        catalog._references.setdefault((name, variant.run_key), run)


def _jobs(jobs):
    if jobs is None:
        return max(1, min(os.cpu_count() or 1, 8))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"`jobs` must be a whole number >= 1 (submissions graded at once), got {jobs!r}")
    return jobs


def _batch_exercises(catalog, exercise, contents):
    if exercise is not None:
        return [exercise.name if isinstance(exercise, Exercise) else exercise]
    names = set()
    for path, data in contents.items():
        if isinstance(data, OSError):
            continue
        try:
            name, _ = _identify(read_notebook(data), path, catalog)
        except (UnreadableNotebook, SourceError):
            continue
        if name:
            names.add(name)
    return sorted(names)


def _write_outputs(result, path, book, json_dir, report_dir):
    if book is not None:
        book.add(result)
    for directory, suffix, render in (
        (json_dir, ".json", lambda r: r.to_json()),
        (report_dir, ".txt", lambda r: r.report()),
    ):
        if directory is not None:
            Path(directory).mkdir(parents=True, exist_ok=True)
            _write_atomic(Path(directory) / (path.stem + suffix), render(result))


def _write_atomic(path, text):
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _columns(catalog, exercise, contents):
    """The question columns of a batch, known before grading (from each submission's exercise)."""
    names = _batch_exercises(catalog, exercise, contents)
    columns = []
    for name in names:
        try:
            ex = catalog.exercise(name)
        except (SourceError, ValueError):
            continue
        columns += [q.qid if len(names) <= 1 else f"{name}:{q.qid}" for q in ex.questions]
    return columns, len(names) > 1


class Gradebook:
    """A CSV gradebook written row by row: one row per submission, one column per question.

    Each row is flushed to disk when added.  Use :func:`write_gradebook` to
    write finished results at once.
    """

    def __init__(self, path, columns, *, roster=False):
        import csv

        self.columns, self.prefixed = columns
        self.roster = roster
        self.handle = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.writer = csv.writer(self.handle)
        head = ["submission", "student"] if roster else ["submission"]
        tail = ["flags", "notes"] if roster else ["notes"]
        self.writer.writerow([*head, "exercise", "status", "score", "max_score", *self.columns, *tail])
        self._flush()

    def _flush(self):
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def add(self, r):
        scores = {(f"{r.exercise}:{q.qid}" if self.prefixed else q.qid): _fmt(q.score) for q in r.questions}
        extra = [c for c in scores if c not in self.columns]
        notes = list(r.notes) + ([f"questions not in the gradebook's columns: {extra}"] if extra else [])
        flags = list(getattr(r, "flags", None) or [])
        if not self.roster:  # no flags column: the flags lead the notes
            notes, flags = [f"FLAG: {f}" for f in flags] + notes, []
        self.writer.writerow(
            [
                Path(r.submission).name,
                *([r.student] if self.roster else []),
                r.exercise or "",
                r.status,
                _fmt(r.score),
                _fmt(r.max_score),
                *[scores.get(c, "") for c in self.columns],
                *([" | ".join(flags)[:2000]] if self.roster else []),
                " | ".join(notes)[:2000],
            ]
        )
        self._flush()

    def close(self):
        if not self.handle.closed:
            self.handle.close()


def _print_progress(done, total, result):
    name = Path(result.submission).name
    status = "" if result.status == "graded" else f"  [{result.status}]"
    print(
        f"[{done}/{total}] {name}: {_fmt(result.score)} / {_fmt(result.max_score)}{status} ({result.seconds:.1f} s)",
        file=sys.stderr,
        flush=True,
    )


def write_gradebook(results, path):
    """Write finished results as a CSV gradebook: one row per submission, one column per question.

    With one exercise in the batch the question columns are ``q1, q2, ...``;
    with several they are ``ex03_qpc:q1, ...``.
    """
    exercises = sorted({r.exercise for r in results if r.exercise})
    prefixed = len(exercises) > 1
    columns = []
    for r in results:
        for q in r.questions:
            col = f"{r.exercise}:{q.qid}" if prefixed else q.qid
            if col not in columns:
                columns.append(col)
    book = Gradebook(path, (columns, prefixed), roster=any(r.student or r.flags for r in results))
    try:
        for r in results:
            book.add(r)
    finally:
        book.close()
