"""Per-student variants: the same questions with each student's own numbers.

Marking the parameters
----------------------
A code cell of the instructor source whose first line starts with
``# PARAMETERS`` is a *parameter cell*.  Each of its lines of the form ::

    NAME = VALUE  # vary: SPEC

is a parameter: ``VALUE`` (a literal) is the source's own value, used by the
single version handed out without a roster and by ``validate``; ``SPEC``
says which values a student may get:

``choice(v1, v2, ...)``
    one of the listed literals (numbers, text, ``True``/``False``);
``grid(lo, hi, step)``
    one of ``lo, lo + step, ...`` up to and including ``hi``;
``uniform(lo, hi, digits=3)``
    a number between ``lo`` and ``hi``, rounded to ``digits`` significant
    digits.

The source's ``VALUE`` must be one of the values its ``SPEC`` allows.  Other
lines of a parameter cell (fixed constants, quantities derived from the
parameters) are kept as they are; a remark about a parameter goes on the
line above it, since the ``# vary:`` comment is removed from the student
versions.  An exercise may have several parameter cells; a parameter name is
given once.  The solution and the checks use the parameters by name, and an
expected value that depends on them is written in terms of them
(``expect=T1 * T2 / (T1 + T2 - T1 * T2)``), never as a number.

Shuffled options
----------------
A question whose answer does not depend on the numbers (a concept choice)
can shuffle its options per student instead.  In a markdown cell, the line
``<!-- OPTIONS q2 -->`` is followed by the options, one per line, labelled
``(a)``, ``(b)``, ... in order::

    <!-- OPTIONS q2 -->
    - (a) the conductance halves
    - (b) the conductance grows with the number of channels

Each student sees them in their own order, relabelled ``(a)``, ``(b)``...;
the solution gives the label of the source's order, and every reference
value of that question that is one of the labels (text) is translated to
the student's label.

Drawing the values
------------------
A student's values are a pure function of the exercise name, the student id
and the parameter name: a SHA-256 hash of the three picks the value, so a
variant never changes when it is regenerated, on any machine, with any
version of numpy (renaming an exercise gives every student new values).
:func:`draw_variant` gives the :class:`Variant` of one student;
:func:`default_variant` the source's own values.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import math
import re
import tokenize
from dataclasses import dataclass, field

__all__ = [
    "Parameter",
    "OptionBlock",
    "Variant",
    "parse_markup",
    "is_parameter_cell",
    "draw_variant",
    "default_variant",
    "parameter_cell_source",
    "shuffle_markdown",
    "translate_label",
    "variant_assignments",
]

SPECS = ("choice", "grid", "uniform")
_PARAMETERS = re.compile(r"^\s*#\s*PARAMETERS\b")
_VARY = re.compile(r"^#\s*vary\s*:\s*(?P<spec>.*?)\s*$")
_OPTIONS = re.compile(r"^\s*<!--\s*OPTIONS\s+(?P<qid>[A-Za-z][\w.-]*)\s*-->\s*$")
_OPTION = re.compile(r"^(?P<lead>\s*[-*]\s*)\((?P<label>[a-z])\)\s+(?P<text>\S.*)$")
MAX_ID = 200


def _error(message):
    from qtransport.grading.exercise import SourceError

    return SourceError(message)


@dataclass(frozen=True)
class Parameter:
    """One varied parameter of an exercise.

    Attributes
    ----------
    name : str
        The variable it is assigned to.
    default : object
        The source's own value.
    kind : {"choice", "grid", "uniform"}
    values : tuple
        The allowed values (``choice`` and ``grid``).
    low, high : float
        The interval (``uniform``).
    digits : int
        Significant digits (``uniform``).
    cell_index, line : int
        Where it is written in the source (line counted from 0).
    """

    name: str
    default: object
    kind: str
    values: tuple = ()
    low: float = 0.0
    high: float = 0.0
    digits: int = 3
    cell_index: int = 0
    line: int = 0

    def pick(self, u):
        """The value at the point ``u`` in [0, 1) of the parameter's draw."""
        if self.kind == "uniform":
            x = self.low + u * (self.high - self.low)
            return min(self.high, max(self.low, _round(x, self.digits)))
        return self.values[min(len(self.values) - 1, int(u * len(self.values)))]

    def allows(self, value):
        if self.kind == "uniform":
            return _is_number(value) and self.low <= value <= self.high
        return any(type(value) is type(v) and value == v for v in self.values) or (
            _is_number(value) and any(_is_number(v) and math.isclose(value, v, rel_tol=1e-9) for v in self.values)
        )


@dataclass(frozen=True)
class OptionBlock:
    """The options of a choice question, as written in the source's markdown cell."""

    qid: str
    cell_index: int
    start: int  # line of the first option
    texts: tuple  # option texts, source order
    leads: tuple  # what precedes "(a)" on each line (list markers)

    @property
    def labels(self):
        return tuple(chr(ord("a") + i) for i in range(len(self.texts)))


@dataclass(frozen=True)
class Variant:
    """The numbers (and option orders) of one student's version of an exercise.

    ``values`` maps parameter names to values; ``options`` maps question ids
    to the source labels in the order the student sees them (``"cab"``).
    ``student`` is None for the source's own version.
    """

    exercise: str
    student: str | None
    values: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    @property
    def run_key(self):
        """What the reference run depends on: the parameter values (text, sorted by name)."""
        return json.dumps(self.values, sort_keys=True)

    @property
    def key(self):
        """The whole variant, numbers and option orders, as text."""
        return json.dumps([self.values, self.options], sort_keys=True)

    def describe(self):
        parts = [f"{k}={v!r}" for k, v in self.values.items()]
        parts += [f"{q}: options {order}" for q, order in self.options.items()]
        return ", ".join(parts) if parts else "(nothing varied)"

    def metadata(self):
        """What the generated notebook records (``metadata.qtransport``)."""
        meta = {"exercise": self.exercise}
        if self.student is not None:
            meta["student"] = self.student
        if self.values:
            meta["variant"] = dict(self.values)
        if self.options:
            meta["options"] = dict(self.options)
        return meta


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _round(x, digits):
    return float(f"{x:.{digits}g}")


def _clean(x):
    """A grid value without floating-point noise (0.35, not 0.35000000000000003)."""
    if isinstance(x, int):
        return x
    return float(f"{x:.12g}")


# --------------------------------------------------------------------------- parsing


def is_parameter_cell(source):
    """True if the first line of ``source`` starts with ``# PARAMETERS``."""
    return bool(_PARAMETERS.match(source.lstrip("\n").split("\n", 1)[0]))


def _comment(line):
    """``(code, comment)`` of one line of Python (comment None if there is none)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return line, None
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            return line[: tok.start[1]].rstrip(), tok.string
    return line, None


def _literal(node, what):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise _error(f"{what} must be a literal (a number, text, True or False), got `{ast.unparse(node)}`") from None


def _spec(name, text, where):
    """The :class:`Parameter` fields of ``# vary: SPEC`` for parameter ``name``."""
    fix = (f"write e.g. `# vary: grid(0.2, 0.8, 0.05)`, `# vary: choice(40, 60, 80)` or "
           f"`# vary: uniform(1.0, 4.0, digits=2)` after `{name} = ...`")
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise _error(f"{where}: parameter `{name}`: cannot read `# vary: {text}`; {fix}") from None
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id in SPECS):
        raise _error(f"{where}: parameter `{name}`: `# vary: {text}` is not one of {list(SPECS)}; {fix}")
    kind = tree.func.id
    what = f"{where}: parameter `{name}`: the arguments of `{kind}`"
    args = [_literal(a, what) for a in tree.args]
    kwargs = {kw.arg: _literal(kw.value, what) for kw in tree.keywords}
    if None in kwargs:
        raise _error(f"{what} cannot be given as `**options`")
    if kind == "choice":
        if kwargs:
            raise _error(f"{what}: `choice` takes the values only, got the options {sorted(kwargs)}")
        ok = all(isinstance(a, (int, float, str, bool)) and (not isinstance(a, float) or math.isfinite(a))
                 for a in args)
        if not ok or len(args) < 2 or len(set(map(repr, args))) != len(args):
            raise _error(f"{what}: `choice` needs two or more different numbers or texts, got {args!r}")
        values = tuple(args)
        return {"kind": kind, "values": values}
    names = ("low", "high", "step") if kind == "grid" else ("low", "high")
    bound = dict(zip(names, args, strict=False))
    if len(args) > len(names):
        raise _error(f"{what}: `{kind}` takes at most {len(names)} numbers ({', '.join(names)}), got {args!r}")
    extra = set(kwargs) - ({"step"} if kind == "grid" else {"digits"})
    if extra:
        raise _error(f"{what}: unknown option(s) {sorted(extra)} of `{kind}`")
    if "step" in kwargs:
        if "step" in bound:
            raise _error(f"{what}: `step` is given twice")
        bound["step"] = kwargs["step"]
    missing = [n for n in names if n not in bound]
    if missing:
        raise _error(f"{what}: `{kind}` needs {', '.join(names)}; missing {missing}")
    if not all(_is_number(bound[n]) for n in names):
        raise _error(f"{what}: {', '.join(names)} must be finite numbers, got {bound!r}")
    low, high = bound["low"], bound["high"]
    if not low < high:
        raise _error(f"{what}: the lower end must be below the upper end, got {low!r} and {high!r}")
    if kind == "uniform":
        digits = kwargs.get("digits", 3)
        if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 15:
            raise _error(f"{what}: `digits` must be a whole number from 1 to 15, got {digits!r}")
        return {"kind": kind, "low": float(low), "high": float(high), "digits": digits}
    step = bound["step"]
    if step <= 0:
        raise _error(f"{what}: `step` must be above 0, got {step!r}")
    n = math.floor((high - low) / step * (1 + 1e-12) + 1e-9)
    if n < 1:
        raise _error(f"{what}: the step {step!r} leaves only one value between {low!r} and {high!r}")
    if n > 1_000_000:
        raise _error(f"{what}: the grid has {n + 1} values; use `uniform` for so many")
    integral = all(isinstance(v, int) for v in (low, high, step))
    values = tuple(low + k * step if integral else _clean(low + k * step) for k in range(n + 1))
    return {"kind": kind, "values": values}


def _parameters_of_cell(source, index, name):
    where = f"{name}, cell {index}"
    params = []
    for number, line in enumerate(source.split("\n")):
        code, comment = _comment(line)
        if comment is None or not _VARY.match(comment):
            if comment is not None and re.match(r"#\s*vary\b", comment):
                raise _error(f"{where}, line {number + 1}: write `# vary: SPEC` (with a colon), got `{comment}`")
            continue
        try:
            tree = ast.parse(code.strip())
        except SyntaxError:
            tree = None
        node = tree.body[0] if tree is not None and len(tree.body) == 1 else None
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise _error(f"{where}, line {number + 1}: a `# vary:` line must be `NAME = VALUE  # vary: SPEC`, "
                         f"got `{line.strip()}`")
        pname = node.targets[0].id
        default = _literal(node.value, f"{where}: the value of parameter `{pname}`")
        fields = _spec(pname, _VARY.match(comment)["spec"], where)
        param = Parameter(pname, default, cell_index=index, line=number, **fields)
        if not param.allows(default):
            allowed = (f"between {param.low!r} and {param.high!r}" if param.kind == "uniform"
                       else f"one of {list(param.values)[:8]}" + ("..." if len(param.values) > 8 else ""))
            raise _error(f"{where}: parameter `{pname}`: the source's value {default!r} is not a value its "
                         f"`# vary:` allows ({allowed}); make the source's value one of them")
        params.append(param)
    if not params:
        raise _error(f"{where}: a `# PARAMETERS` cell needs at least one `NAME = VALUE  # vary: SPEC` line")
    return params


def _option_blocks(source, index, name):
    lines = source.split("\n")
    blocks = []
    for number, line in enumerate(lines):
        match = _OPTIONS.match(line)
        if not match:
            if "<!--" in line and re.search(r"<!--\s*OPTIONS\b", line):
                raise _error(f"{name}, cell {index}, line {number + 1}: write `<!-- OPTIONS q2 -->` alone on its line")
            continue
        texts, leads = [], []
        for follow in lines[number + 1:]:
            option = _OPTION.match(follow)
            if not option:
                break
            expected = chr(ord("a") + len(texts))
            if option["label"] != expected:
                raise _error(f"{name}, cell {index}: the options of {match['qid']} must be labelled (a), (b), ... "
                             f"in order; found ({option['label']}) where ({expected}) belongs")
            texts.append(option["text"])
            leads.append(option["lead"])
        if len(texts) < 2:
            raise _error(f"{name}, cell {index}: `<!-- OPTIONS {match['qid']} -->` must be followed by two or more "
                         "lines `- (a) ...`, `- (b) ...`")
        blocks.append(OptionBlock(match["qid"], index, number + 1, tuple(texts), tuple(leads)))
    return blocks


def parse_markup(nb, name, qids):
    """The parameters and option blocks of an instructor source (see the module docstring).

    Returns
    -------
    (list of Parameter, dict of OptionBlock by question id)

    Raises
    ------
    SourceError
        A damaged ``# vary:`` line, a spec that is not ``choice``, ``grid`` or
        ``uniform``, a source value its spec does not allow, a parameter given
        twice, a ``# vary:`` outside a parameter cell, or options of an
        unknown question.
    """
    params, blocks = [], {}
    for index, cell in enumerate(nb.cells):
        source = cell.source
        if cell.cell_type == "code" and is_parameter_cell(source):
            if "### BEGIN" in source or "# TEST" in source.split("\n", 1)[0]:
                raise _error(f"{name}, cell {index}: a `# PARAMETERS` cell holds parameters only (no solution "
                             "region, no checks)")
            for p in _parameters_of_cell(source, index, name):
                if any(q.name == p.name for q in params):
                    raise _error(f"{name}, cell {index}: parameter `{p.name}` is given twice; give it once")
                params.append(p)
        elif cell.cell_type == "code" and "vary" in source:
            for number, line in enumerate(source.split("\n")):
                _, comment = _comment(line)
                if comment is not None and _VARY.match(comment):
                    raise _error(f"{name}, cell {index}, line {number + 1}: a `# vary:` parameter outside a "
                                 "parameter cell; move it to a cell whose first line is `# PARAMETERS`")
        elif cell.cell_type == "markdown" and "OPTIONS" in source:
            for block in _option_blocks(source, index, name):
                if block.qid not in qids:
                    raise _error(f"{name}, cell {index}: `<!-- OPTIONS {block.qid} -->` names no question; the "
                                 f"questions are {list(qids)}")
                if block.qid in blocks:
                    raise _error(f"{name}, cell {index}: the options of {block.qid} are given twice")
                blocks[block.qid] = block
    return params, blocks


# --------------------------------------------------------------------------- drawing


def _unit(exercise, student, key):
    digest = hashlib.sha256("\x00".join(("qtransport-variant", exercise, student, key)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def check_student_id(student):
    """A student id as the draws use it (text, stripped), or a clear error."""
    if not isinstance(student, str):
        raise TypeError(f"`student` must be the student's id as text, got {type(student).__name__}")
    student = student.strip()
    if not student or len(student) > MAX_ID:
        raise ValueError(f"`student` must be a non-empty id of at most {MAX_ID} characters, got {student!r}")
    return student


def draw_variant(exercise, student):
    """The variant of ``student`` (their id) for ``exercise`` (a parsed Exercise).

    Deterministic: the same exercise name, id and markup give the same values.
    """
    student = check_student_id(student)
    values = {p.name: p.pick(_unit(exercise.name, student, "parameter:" + p.name)) for p in exercise.parameters}
    options = {}
    for qid, block in exercise.option_blocks.items():
        labels = block.labels
        order = sorted(labels, key=lambda label: _unit(exercise.name, student, f"options:{qid}:{label}"))
        options[qid] = "".join(order)
    return Variant(exercise.name, student, values, options)


def default_variant(exercise):
    """The source's own version: its values, its options in order."""
    values = {p.name: p.default for p in exercise.parameters}
    options = {qid: "".join(b.labels) for qid, b in exercise.option_blocks.items()}
    return Variant(exercise.name, None, values, options)


# --------------------------------------------------------------------------- applying


def parameter_cell_source(source, params, values):
    """A parameter cell with each ``# vary:`` line replaced by ``NAME = <the variant's value>``."""
    lines = source.split("\n")
    for p in params:
        indent = lines[p.line][: len(lines[p.line]) - len(lines[p.line].lstrip())]
        lines[p.line] = f"{indent}{p.name} = {values[p.name]!r}"
    return "\n".join(lines)


def shuffle_markdown(source, blocks, options):
    """A markdown cell with its option blocks in the variant's order and the marker lines removed."""
    lines = source.split("\n")
    markers = set()
    for block in blocks:
        order = options.get(block.qid, "".join(block.labels))
        for j, label in enumerate(order):
            i = block.labels.index(label)
            lines[block.start + j] = f"{block.leads[j]}({block.labels[j]}) {block.texts[i]}"
        markers.add(block.start - 1)
    return "\n".join(line for n, line in enumerate(lines) if n not in markers)


def translate_label(value, order):
    """The label a student with option order ``order`` must give where the source's answer is ``value``."""
    if not isinstance(value, str):
        return value
    label = value.strip().casefold()
    if len(label) == 1 and label in order:
        return chr(ord("a") + order.index(label))
    return value


def variant_assignments(variant):
    """Python lines assigning the variant's values (put in front of every check when graded)."""
    return "".join(f"{name} = {value!r}\n" for name, value in variant.values.items())
