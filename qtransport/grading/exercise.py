"""Exercise notebooks: the marker syntax, the student version, reading notebooks safely.

An instructor source notebook (``solutions/exNN_topic.ipynb``) marks

* solution code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
  (the student version gets a stub instead);
* a check cell per question, whose first line is ``# TEST q1 points=2`` and
  which calls :func:`~qtransport.grading.check` once per checked value;
* hidden checks, inside a check cell, between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS`` (removed from the student version, run when graded).

These are the markers nbgrader uses, so a course can move to nbgrader by
adding its cell metadata; the ``# TEST`` line carries what that metadata
would (question id and points).

Two further pieces of markup make the grading teach:

* ``# TEST q3 points=2 forbid=qtransport.tb.transmission,other.function``
  names functions that would answer the question in one call; a submission
  whose code for the question uses one scores 0 on it, with a line naming
  the function (:mod:`~qtransport.grading.offlimits`);
* ``check("regime", answer, expect="b", hint="...", feedback={"a": "why
  (a) is wrong", "c": "..."})`` gives a choice a feedback line per wrong
  answer, in the notebook and in the report (with shuffled options, in the
  letters each student sees).

A failed check never shows its expected value: it says how the value
differs and gives the ``hint``; with ``strict=True`` (``validate``) every
check with an ``expect`` must have one.

Per-student numbers are marked in ``# PARAMETERS`` cells (``T1 = 0.5  #
vary: grid(0.2, 0.8, 0.05)``) and shuffled options with ``<!-- OPTIONS q2
-->``; see :mod:`~qtransport.grading.variants`.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SourceError",
    "UnreadableNotebook",
    "Question",
    "Exercise",
    "load_exercise",
    "parse_exercise",
    "read_notebook",
    "student_notebook",
    "notebook_text",
    "parse_test_header",
    "instrument_checks",
    "library_names",
    "untrusted_uses",
]

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
STUB_COMMENT = "# YOUR CODE HERE"
STUB_RAISE = 'raise NotImplementedError("replace this line with your code")'
CAPTURE = "__qtgrade_capture__"
CHECK_OPTIONS = ("rtol", "atol", "hint", "weight", "feedback")
MAX_NOTEBOOK_BYTES = 50_000_000

_HEADER = re.compile(
    r"^\s*#\s*TEST\s+(?P<qid>[A-Za-z][\w.-]*)\s+points\s*=\s*(?P<points>\d+(?:\.\d+)?)"
    r"(?:\s+forbid\s*=\s*(?P<forbid>{name}(?:\s*,\s*{name})*))?\s*$".format(name=r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
)
_LOOSE_HEADER = re.compile(r"^\s*#\s*TEST\s+(?P<qid>[A-Za-z][\w.-]*)")


class SourceError(ValueError):
    """An instructor source notebook breaks the marker rules or fails its own checks."""


class UnreadableNotebook(ValueError):
    """A submitted file is not a readable notebook (the message says why)."""


@dataclass(frozen=True)
class Question:
    """One graded question: its check cell in the source notebook.

    Attributes
    ----------
    qid : str
        Question id from the ``# TEST`` line (``q1``, ``q2``...).
    points : float
        Points of the question.
    cell_index : int
        Position of the check cell in the source notebook.
    cell_id : str
        The cell's id (the student version keeps it).
    source : str
        The full check cell, hidden checks included.
    visible_source : str
        The check cell as the student version shows it.
    forbid : tuple of str
        The off-limits functions of the question (``forbid=`` on the
        ``# TEST`` line), fully qualified: using one of them in the code the
        question's checks depend on scores the question 0
        (:mod:`~qtransport.grading.offlimits`).
    """

    qid: str
    points: float
    cell_index: int
    cell_id: str
    source: str
    visible_source: str
    forbid: tuple = ()


@dataclass
class Exercise:
    """A parsed instructor source notebook."""

    name: str
    notebook: object
    questions: list[Question] = field(default_factory=list)
    path: Path | None = None
    #: the varied parameters (:class:`~qtransport.grading.variants.Parameter`), source order
    parameters: list = field(default_factory=list)
    #: shuffled options by question id (:class:`~qtransport.grading.variants.OptionBlock`)
    option_blocks: dict = field(default_factory=dict)

    @property
    def varies(self):
        """True if students get their own numbers or option orders."""
        return bool(self.parameters or self.option_blocks)

    @property
    def parameter_cells(self):
        """Indices of the source's parameter cells, in order."""
        return sorted({p.cell_index for p in self.parameters})

    @property
    def max_score(self):
        return sum(q.points for q in self.questions)

    def question(self, qid):
        return next(q for q in self.questions if q.qid == qid)


# --------------------------------------------------------------------------- reading


def read_notebook(data):
    """Parse notebook bytes (or text) into an nbformat v4 notebook, or say why not.

    Never touches the file system.  Old (v3) notebooks are converted.

    Raises
    ------
    UnreadableNotebook
        Not UTF-8 text, not JSON, JSON that is not a notebook, or a notebook
        too damaged to execute.
    """
    import nbformat

    if isinstance(data, bytes):
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise UnreadableNotebook(f"the file has {len(data)} bytes, more than a notebook should")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableNotebook(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    else:
        text = str(data)
    if not text.strip():
        raise UnreadableNotebook("the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableNotebook(
            f"the file is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "a notebook that was cut short or edited by hand?"
        ) from None
    if not isinstance(raw, dict) or "nbformat" not in raw or not (
        isinstance(raw.get("cells"), list) or isinstance(raw.get("worksheets"), list)
    ):
        raise UnreadableNotebook("the file is JSON but not a Jupyter notebook (no `nbformat` and `cells`)")
    try:
        with warnings.catch_warnings():  # old or hand-made notebooks: missing ids etc.
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise UnreadableNotebook(f"the notebook could not be read: {type(exc).__name__}: {exc}") from None
    cells = []
    for i, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise UnreadableNotebook(f"cell {i} of the notebook is damaged (no valid `cell_type`)")
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        if not isinstance(source, str):
            raise UnreadableNotebook(f"cell {i} of the notebook is damaged (its source is not text)")
        cell["source"] = source
        cells.append(cell)
    nb["cells"] = cells
    return nb


def exercise_name_of(nb):
    """The exercise a notebook says it belongs to (its metadata), or None."""
    meta = nb.get("metadata", {}).get("qtransport", {})
    name = meta.get("exercise") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else None


# --------------------------------------------------------------------------- markers


def parse_test_header(source):
    """``(qid, points)`` if the first line of ``source`` is a ``# TEST`` header, else None."""
    header = read_test_header(source)
    return header[:2] if header else None


def read_test_header(source):
    """``(qid, points, forbid)`` of a ``# TEST q3 points=2 forbid=a.b,c.d`` first line, else None.

    ``forbid`` is the tuple of off-limits names (empty without ``forbid=``).
    """
    first = source.lstrip("\n").split("\n", 1)[0]
    match = _HEADER.match(first)
    if not match:
        return None
    forbid = tuple(n.strip() for n in match["forbid"].split(",")) if match["forbid"] else ()
    return match["qid"], float(match["points"]), forbid


def claimed_question(source):
    """The question id a cell claims on its first line (even if the header is damaged), or None."""
    first = source.lstrip("\n").split("\n", 1)[0]
    match = _LOOSE_HEADER.match(first)
    return match["qid"] if match else None


def _regions(lines, begin, end, where):
    """(start, stop) line index pairs of marked regions; markers must pair up."""
    regions, start = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == begin:
            if start is not None:
                raise SourceError(f"{where}: `{begin}` again before `{end}` (line {i + 1})")
            start = i
        elif stripped == end:
            if start is None:
                raise SourceError(f"{where}: `{end}` without `{begin}` (line {i + 1})")
            regions.append((start, i))
            start = None
    if start is not None:
        raise SourceError(f"{where}: `{begin}` is never closed (line {start + 1})")
    return regions


def _stub(region_lines, indent):
    """Stub for a solution region: ``name = ...`` for plain assignments, else a raise."""
    code = textwrap.dedent("\n".join(region_lines))
    names = []
    try:
        tree = ast.parse(code)
    except SyntaxError:
        tree = None
    if tree is not None and tree.body:
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                name = node.target.id
            else:
                names = []
                break
            if name not in names:
                names.append(name)
    if names:
        return [indent + STUB_COMMENT] + [f"{indent}{name} = ..." for name in names]
    return [indent + STUB_COMMENT, indent + STUB_RAISE]


def _student_source(source, where):
    lines = source.split("\n")
    hidden = _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where)
    drop = {i for start, stop in hidden for i in range(start, stop + 1)}
    lines = [line for i, line in enumerate(lines) if i not in drop]
    out, i = [], 0
    solutions = _regions(lines, BEGIN_SOLUTION, END_SOLUTION, where)
    for start, stop in solutions:
        out.extend(lines[i:start])
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        out.extend(_stub(lines[start + 1 : stop], indent))
        i = stop + 1
    out.extend(lines[i:])
    return "\n".join(out)


# --------------------------------------------------------------------------- checks


def _check_calls(tree):
    """Every call of ``check`` in a parsed check cell, with a flag: used as a statement?"""
    statements = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        (node, id(node) in statements)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check"
    ]


def _split_check(call, where):
    """The name, value and expect expressions and the options of one ``check`` call."""
    args = list(call.args)
    kwargs = {kw.arg: kw.value for kw in call.keywords}
    if None in kwargs:
        raise SourceError(f"{where}: `check(**options)` is not supported; name the options")
    if len(args) > 3:
        raise SourceError(f"{where}: `check` takes at most 3 positional arguments (name, value, expect)")
    slots = {}
    for key, node in zip(("name", "value", "expect"), args, strict=False):
        slots[key] = node
    for key in ("name", "value", "expect"):
        if key in kwargs:
            if key in slots:
                raise SourceError(f"{where}: `{key}` given twice in a `check`")
            slots[key] = kwargs.pop(key)
    unknown = set(kwargs) - set(CHECK_OPTIONS)
    if unknown:
        raise SourceError(f"{where}: unknown `check` option(s) {sorted(unknown)}; use {list(CHECK_OPTIONS)}")
    if "name" not in slots or "value" not in slots:
        raise SourceError(f"{where}: every `check` needs a name and a value")
    return slots["name"], slots["value"], slots.get("expect"), kwargs


def instrument_checks(source, *, mode, where="check cell"):
    """Rewrite a check cell so that it hands values out instead of comparing them.

    Every statement ``check(name, value, expect, **options)`` becomes
    ``__qtgrade_capture__(name, lambda: value)`` (``mode="student"``: the
    expected value and the options are *not* evaluated in the student's
    kernel) or ``__qtgrade_capture__(name, lambda: value, lambda: expect,
    {options}, hidden)`` (``mode="reference"``, for the instructor's solution).

    Returns
    -------
    str
        Python source of the rewritten cell.
    """
    if mode not in ("student", "reference"):
        raise ValueError(f"`mode` must be 'student' or 'reference', got {mode!r}")
    lines = source.split("\n")
    hidden_lines = {
        i + 1 for start, stop in _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where) for i in range(start, stop + 1)
    }
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SourceError(f"{where}: syntax error in the check cell: {exc}") from None
    calls = _check_calls(tree)
    if not calls:
        raise SourceError(f"{where}: the check cell has no `check(...)` call")
    for call, is_statement in calls:
        if not is_statement:
            raise SourceError(f"{where}: `check(...)` must be a statement of its own (line {call.lineno})")
        _split_check(call, where)

    class Rewrite(ast.NodeTransformer):
        def visit_Expr(self, node):
            self.generic_visit(node)
            call = node.value
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "check"):
                return node
            name, value, expect, options = _split_check(call, where)
            args = [name, _thunk(value)]
            if mode == "reference":
                args += [
                    _thunk(expect) if expect is not None else ast.Constant(None),
                    ast.Dict(keys=[ast.Constant(k) for k in options], values=list(options.values())),
                    ast.Constant(call.lineno in hidden_lines),
                ]
            new = ast.Expr(ast.Call(func=ast.Name(CAPTURE, ast.Load()), args=args, keywords=[]))
            return ast.copy_location(new, node)

    tree = ast.fix_missing_locations(Rewrite().visit(tree))
    return ast.unparse(tree)


def _thunk(expr):
    return ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=expr,
    )


# --------------------------------------------------------------------------- trust rules


def library_names(nb):
    """Names a notebook's student code can rebind but a check author may take for trusted functions.

    The builtins, ``np`` and ``qt`` (the check cells get them), every name an
    ``import`` binds anywhere in the notebook, and the functions defined in the
    check cells themselves (the instructor's helpers).
    """
    import builtins

    names = set(dir(builtins)) | {"np", "qt", "check"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        is_check = parse_test_header(cell.source) is not None
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    names.add((alias.asname or alias.name).split(".")[0])
            elif is_check and isinstance(node, (ast.FunctionDef, ast.Lambda)) and hasattr(node, "name"):
                names.add(node.name)
    return names


def _root(node):
    """The name a chain ``a.b[c].d`` starts from, or None (a call result, a literal...)."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def untrusted_uses(value, library):
    """Library calls and names in the value of a check that the notebook could rebind.

    The value of a check is evaluated in the student's kernel, where any
    function can be replaced: a value such as ``np.sum(my_f(x))`` or
    ``qt.thermal_window(my_width(1) / 2)`` can be made to pass by rebinding
    ``np.sum`` or ``qt.thermal_window`` instead of solving the question.
    Library calls may only build the *inputs* of the notebook's own
    functions (``my_f(np.linspace(0, 1, 5))``); everything else belongs in
    ``expect``, which is evaluated in the trusted reference run.

    Returns
    -------
    list of str
        The offending expressions, as source text (empty: the value is fine).
    """
    bad = []

    def visit(node):
        if isinstance(node, ast.Call):
            root = _root(node.func)
            if root in library or root is None and not isinstance(node.func, (ast.Call, ast.Attribute)):
                bad.append(ast.unparse(node))
                return
            if not isinstance(node.func, ast.Name):
                visit(node.func)
            return  # the arguments of the notebook's own functions are inputs: anything goes
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Name)) and _root(node) in library:
            bad.append(ast.unparse(node))
            return
        if isinstance(node, ast.Lambda):
            bad.append(ast.unparse(node))
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(value)
    return bad


def _check_trust(source, library, where):
    """Refuse check cells whose points could be had without solving (see :func:`untrusted_uses`)."""
    tree = ast.parse(source)
    lines = source.split("\n")
    hidden_lines = {
        i + 1 for start, stop in _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where) for i in range(start, stop + 1)
    }
    secret = 0
    for call, _ in _check_calls(tree):
        name, value, expect, _options = _split_check(call, where)
        label = ast.unparse(name)
        bad = untrusted_uses(value, library)
        if bad:
            raise SourceError(
                f"{where}, check {label} (line {call.lineno}): its value passes through {bad[0]}, which the "
                "notebook's code can rebind; check the notebook's own result and compute library values in "
                "`expect` (evaluated in the trusted reference run), e.g. "
                "`check(name, my_function(x), expect=np.sum(...))`"
            )
        if call.lineno in hidden_lines or expect is None:
            secret += 1
    if not secret:
        raise SourceError(
            f"{where}: every check of this question is visible with its expected value, so a notebook could "
            "print its way to the points; add a hidden check (between `### BEGIN HIDDEN TESTS` and "
            "`### END HIDDEN TESTS`) or a check without `expect` (compared with the solution's value)"
        )


# --------------------------------------------------------------------------- exercises


def _literal_text(node):
    """The text of a string literal node, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _label(text):
    return text.strip().casefold()


def _check_rules(source, where, *, strict, labels=None):
    """The rules of the ``hint=`` and ``feedback=`` options of a check cell's checks.

    ``feedback`` must be a literal dict from answers (text) to feedback lines
    (text), without the expected answer among its keys and, when the question
    declares options (``labels``), with option letters only as keys.  With
    ``strict`` (``validate``), every check with an ``expect`` needs a non-empty
    ``hint`` that says in words what is expected.
    """
    tree = ast.parse(source)
    for call, _ in _check_calls(tree):
        name, _value, expect, options = _split_check(call, where)
        label = ast.unparse(name)
        cwhere = f"{where}, check {label} (line {call.lineno})"
        if "feedback" in options:
            try:
                feedback = ast.literal_eval(options["feedback"])
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                feedback = None
            if not (
                isinstance(feedback, dict)
                and feedback
                and all(isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
                        for k, v in feedback.items())
            ):
                raise SourceError(
                    f"{cwhere}: `feedback` must be a literal dict from a wrong answer to the line that explains "
                    'it, e.g. `feedback={"a": "why (a) is wrong", "c": "why (c) is wrong"}`'
                )
            keys = [_label(k) for k in feedback]
            if len(set(keys)) != len(keys):
                raise SourceError(f"{cwhere}: `feedback` gives an answer twice ({sorted(feedback)}); give each once")
            right = _literal_text(expect) if expect is not None else None
            if right is not None and _label(right) in keys:
                raise SourceError(
                    f"{cwhere}: `feedback` has the right answer {right!r} as a key; feedback explains wrong answers "
                    "only: remove that key"
                )
            if labels is not None:
                unknown = sorted(k for k in feedback if _label(k) not in labels)
                if unknown:
                    raise SourceError(
                        f"{cwhere}: `feedback` keys {unknown} are not among the question's options "
                        f"{['(' + x + ')' for x in labels]}; use the option letters of the source"
                    )
        if strict and expect is not None:
            hint = options.get("hint")
            text = _literal_text(hint) if hint is not None else None
            if hint is None or (text is not None and not text.strip()):
                raise SourceError(
                    f"{cwhere}: a check with `expect` needs a `hint=` that says in words what is expected (units, "
                    "sign, a limit to try) without giving the value; a failed check shows it instead of the value"
                )


def _student_code_cells(nb, question_cells):
    """``[(index, source)]`` of the code cells that are the notebook's own (no check, no parameter cell)."""
    from qtransport.grading.variants import is_parameter_cell

    return [
        (i, c.source)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and i not in question_cells and claimed_question(c.source) is None
        and not is_parameter_cell(c.source)
    ]


def _check_forbid(nb, name, questions):
    """Every off-limits name exists, and the solution itself does not use it."""
    from qtransport.grading.offlimits import describe_uses, find_uses, forbidden_objects

    cells = _student_code_cells(nb, {q.cell_index for q in questions})
    for q in questions:
        if not q.forbid:
            continue
        where = f"{name}, cell {q.cell_index}"
        try:
            forbidden = forbidden_objects(q.forbid, where)
        except ValueError as exc:
            raise SourceError(str(exc)) from None
        uses = find_uses(cells, q.source, forbidden)
        if uses:
            raise SourceError(
                f"{where}: {q.qid} forbids {describe_uses(uses)}, but the solution's code for it uses it; "
                "solve the question without it, or take it off the `forbid=` list"
            )


def parse_exercise(nb, name, *, path=None, strict=False):
    """Read the questions of an instructor source notebook and check its markers.

    Parameters
    ----------
    nb : notebook
        The source notebook (nbformat v4).
    name : str
        The exercise name (``ex03_qpc``).
    path : Path, optional
        Where it was read from.
    strict : bool, keyword-only
        Also apply the authoring rules that ``validate`` enforces on the
        course's sources: every check with an ``expect`` has a ``hint``.

    Raises
    ------
    SourceError
        Unbalanced markers, a hidden region outside a check cell, a damaged or
        repeated ``# TEST`` line, a check cell without ``check`` calls, no
        solution region at all, an off-limits function that does not exist
        or that the solution uses, a ``feedback`` that names the right answer
        or an unknown option, and (``strict``) a check with ``expect`` but no
        ``hint``.
    """
    questions, seen, n_solutions = [], set(), 0
    library = library_names(nb)
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        source = cell.source
        lines = source.split("\n")
        n_solutions += len(_regions(lines, BEGIN_SOLUTION, END_SOLUTION, where))
        hidden = _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where)
        header = read_test_header(source) if cell.cell_type == "code" else None
        if header is None:
            if claimed_question(source) is not None and cell.cell_type == "code":
                raise SourceError(f"{where}: damaged `# TEST` line; write `# TEST q1 points=2`, with off-limits "
                                  "functions `# TEST q1 points=2 forbid=qtransport.tb.transmission,other.name`")
            if any(_LOOSE_HEADER.match(line) for line in lines[1:]) and cell.cell_type == "code":
                raise SourceError(f"{where}: the `# TEST` line must be the first line of its cell")
            if hidden:
                raise SourceError(f"{where}: hidden tests outside a check cell")
            continue
        qid, points, forbid = header
        if qid in seen:
            raise SourceError(f"{where}: question `{qid}` has a second check cell; use one per question")
        if points <= 0:
            raise SourceError(f"{where}: question `{qid}` has {points} points; give it more than 0")
        if len(set(forbid)) != len(forbid):
            raise SourceError(f"{where}: `forbid=` of {qid} names a function twice; name each once")
        seen.add(qid)
        instrument_checks(source, mode="reference", where=where)  # validates the checks
        _check_trust(source, library, where)
        _check_rules(source, where, strict=strict)
        visible = _student_source(source, where)
        instrument_checks(visible, mode="student", where=where + " (student version)")
        questions.append(Question(qid, points, index, cell.get("id", str(index)), source, visible, forbid))
    if not questions:
        raise SourceError(f"{name}: no check cell (`# TEST q1 points=2` on the first line of a code cell)")
    if not n_solutions:
        raise SourceError(f"{name}: no `{BEGIN_SOLUTION}` region")
    from qtransport.grading.variants import parse_markup

    parameters, option_blocks = parse_markup(nb, name, [q.qid for q in questions])
    for q in questions:
        if q.qid in option_blocks:
            labels = [_label(x) for x in option_blocks[q.qid].labels]
            _check_rules(q.source, f"{name}, cell {q.cell_index}", strict=False, labels=labels)
    _check_forbid(nb, name, questions)
    return Exercise(name=name, notebook=nb, questions=questions, path=path, parameters=parameters,
                    option_blocks=option_blocks)


def load_exercise(path, *, strict=False):
    """Read and parse the instructor source notebook at ``path`` (``strict``: see :func:`parse_exercise`)."""
    path = Path(path)
    try:
        nb = read_notebook(path.read_bytes())
    except UnreadableNotebook as exc:
        raise SourceError(f"{path}: {exc}") from None
    return parse_exercise(nb, path.stem, path=path, strict=strict)


def student_notebook(exercise, variant=None):
    """The student version of an exercise: stubs for solutions, hidden checks removed.

    Outputs and execution counts are cleared, cell ids kept, and the
    notebook metadata records the exercise name (the grader reads it).  The
    result depends on the source only, so regenerating is deterministic.

    With a ``variant`` (:func:`~qtransport.grading.variants.draw_variant`)
    the parameter cells carry its values and the options its order, and the
    metadata records the student id and the variant; without one, the
    source's own values (an exercise without variant markup: the single
    version, as it always was).
    """
    from qtransport.grading.variants import default_variant, parameter_cell_source, shuffle_markdown

    if variant is None:
        variant = default_variant(exercise)
    elif variant.exercise != exercise.name:
        raise ValueError(f"the variant is one of exercise {variant.exercise!r}, not of {exercise.name!r}")
    nb = copy.deepcopy(exercise.notebook)
    blocks = {}
    for block in exercise.option_blocks.values():
        blocks.setdefault(block.cell_index, []).append(block)
    checks = {q.cell_index: q for q in exercise.questions}
    for index, cell in enumerate(nb.cells):
        params = [p for p in exercise.parameters if p.cell_index == index]
        if params:
            cell.source = parameter_cell_source(cell.source, params, variant.values)
        if index in blocks:
            cell.source = shuffle_markdown(cell.source, blocks[index], variant.options)
        if index in checks and variant.options.get(checks[index].qid):
            cell.source = translate_check_labels(cell.source, variant.options[checks[index].qid])
        cell.source = _student_source(cell.source, f"{exercise.name}, cell {index}")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata["qtransport"] = variant.metadata()
    return nb


def translate_check_labels(source, order):
    """A check cell with the option letters of its checks in a student's order.

    The text literal of each check's ``expect`` that is an option letter, and
    the keys of its ``feedback``, become the letters the student with option
    order ``order`` (e.g. ``"cab"``: the student's (a) is the source's (c))
    sees; the rest of the cell is kept character for character.
    """
    from qtransport.grading.variants import translate_label

    if not order or order == "".join(sorted(order)):
        return source
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    nodes = []
    for call, _ in _check_calls(tree):
        try:
            _name, _value, expect, options = _split_check(call, "check cell")
        except SourceError:
            continue
        if expect is not None and _literal_text(expect) is not None:
            nodes.append(expect)
        feedback = options.get("feedback")
        if isinstance(feedback, ast.Dict):
            nodes += [k for k in feedback.keys if k is not None and _literal_text(k) is not None]
    lines = [line.encode("utf-8") for line in source.split("\n")]
    edits = []
    for node in nodes:
        if node.lineno != node.end_lineno:
            continue
        new = translate_label(node.value, order)
        if new != node.value:
            edits.append((node.lineno - 1, node.col_offset, node.end_col_offset, repr(new).encode("utf-8")))
    for line, start, stop, text in sorted(edits, reverse=True):
        lines[line] = lines[line][:start] + text + lines[line][stop:]
    return "\n".join(line.decode("utf-8") for line in lines)


def visible_check_source(exercise, question, variant=None):
    """The check cell of ``question`` as the student of ``variant`` sees it (option letters in their order)."""
    order = variant.options.get(question.qid) if variant is not None else None
    if not order:
        return question.visible_source
    return _student_source(translate_check_labels(question.source, order), f"{exercise.name}, {question.qid}")


def notebook_text(nb):
    """The text a notebook is saved as (the same bytes nbformat and nbstripout write)."""
    import nbformat

    return nbformat.writes(nb) + "\n"
