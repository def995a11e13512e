"""Off-limits functions: finding where a notebook's own code uses a function a question forbids.

A question's check cell may name functions that would answer it in one call::

    # TEST q3 points=2 forbid=qtransport.tb.transmission,qtransport.models.qpc.saddle_transmission

A submission whose code for that question uses one of them scores 0 on it,
with a feedback line that names the function.  This module finds the uses
*statically*, from the syntax trees of the notebook's code cells (the
grader's check and parameter cells excluded), without running anything:

* every name a cell binds to a module or function by ``import``, ``from ...
  import ... as``, ``from ... import *`` or a plain assignment (``f =
  qt.tb.transmission``) is followed, so ``qt.tb.transmission``, ``T(...)``
  after ``from qtransport.tb import transmission as T``, or
  ``getattr(qt.tb, "transmission")`` are all found; a name is resolved to the
  object it denotes and compared with the forbidden *object*, so a public
  re-export of the same function under another name counts as well;
* a use counts for a question when it lies in code the question's checks
  depend on: the names the check cell reads, the top-level statements of the
  notebook that bind those names (in any cell, earlier or later), the names
  those statements read in turn (with Python's scoping rules: a function's
  local variables are not followed), and so on.  A use in code the question
  does not depend on (a plot, a comparison with the library in a cell of its
  own, another question's answer) does not count.

The grader adds what the kernel records at run time (calls of the forbidden
functions made from the notebook's code while the question's checks run, see
:mod:`~qtransport.grading._harness`); that record can only add a use, never
remove one found here.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import symtable
from dataclasses import dataclass

__all__ = ["Use", "parse_forbid", "resolve", "forbidden_objects", "find_uses", "describe_uses"]

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
#: Names every check cell (and the grader's kernel) binds: ``np`` and ``qt``.
DEFAULT_ALIASES = {"np": {"numpy"}, "qt": {"qtransport"}}
_MAX_CHAIN = 12


@dataclass(frozen=True)
class Use:
    """One use of an off-limits function in a notebook's code.

    Attributes
    ----------
    name : str
        The forbidden function, as the check cell names it.
    written : str
        How the code refers to it (``qt.tb.transmission``, ``T``...).
    cell : int or None
        The notebook cell it is in (None: recorded at run time).
    """

    name: str
    written: str
    cell: int | None = None


def parse_forbid(text, where="check cell"):
    """The names of a ``forbid=`` list: fully qualified, comma-separated, each at most once."""
    names = [part.strip() for part in text.split(",")]
    bad = [n for n in names if not _DOTTED.match(n)]
    if bad or not names:
        raise ValueError(
            f"{where}: `forbid=` takes fully qualified names separated by commas, e.g. "
            f"`forbid=qtransport.tb.transmission,qtransport.models.qpc.saddle_transmission`; got {bad or text!r}"
        )
    if len(set(names)) != len(names):
        raise ValueError(f"{where}: `forbid=` names a function twice ({names}); name each once")
    return tuple(names)


def resolve(name):
    """The object a fully qualified name denotes (``"qtransport.tb.transmission"``).

    Imports the longest importable module prefix, then follows attributes.

    Raises
    ------
    LookupError
        Nothing of that name exists.
    """
    parts = name.split(".")
    module, i = None, len(parts)
    while i > 0:
        try:
            module = importlib.import_module(".".join(parts[:i]))
            break
        except ImportError:
            i -= 1
        except Exception as exc:  # noqa: BLE001 - a module failing at import: say so
            raise LookupError(f"importing {'.'.join(parts[:i])} fails: {type(exc).__name__}: {exc}") from None
    if module is None:
        raise LookupError(f"no module {parts[0]!r} can be imported")
    obj = module
    for k in range(i, len(parts)):
        if not hasattr(obj, parts[k]):
            raise LookupError(f"{'.'.join(parts[:k])} has no attribute {parts[k]!r}")
        obj = getattr(obj, parts[k])
    return obj


def forbidden_objects(names, where="check cell"):
    """``{name: object}`` for the names of a ``forbid=`` list; a clear error for a name that does not exist."""
    out = {}
    for name in names:
        try:
            out[name] = resolve(name)
        except LookupError as exc:
            raise ValueError(f"{where}: the off-limits function `{name}` does not exist ({exc}); "
                             "give its fully qualified name, e.g. `qtransport.tb.transmission`") from None
        if inspect.ismodule(out[name]):
            raise ValueError(f"{where}: `forbid=` names functions, not modules; `{name}` is a module")
    return out


# --------------------------------------------------------------------------- one statement


def _parse(source):
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _scope_names(source):
    """``(binds, reads)`` of a piece of module-level code, by Python's own scoping rules."""
    try:
        table = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # e.g. a top-level `await`: every name
        tree = _parse(source)
        names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)] if tree is not None else []
        return ({n.id for n in names if not isinstance(n.ctx, ast.Load)},
                {n.id for n in names if isinstance(n.ctx, ast.Load)})
    binds, reads = set(), set()
    for sym in table.get_symbols():
        if sym.is_assigned() or sym.is_imported():
            binds.add(sym.get_name())
        if sym.is_referenced():
            reads.add(sym.get_name())

    def walk(child):
        for sym in child.get_symbols():
            if sym.is_global() and sym.is_referenced():
                reads.add(sym.get_name())
            if sym.is_declared_global() and (sym.is_assigned() or sym.is_imported()):
                binds.add(sym.get_name())
        for grandchild in child.get_children():
            walk(grandchild)

    for child in table.get_children():
        walk(child)
    return binds, reads


def _mutated(stmt):
    """Names a statement changes in place: ``a[k] = ...``, ``a.x += ...``, ``a.append(...)``."""
    names = set()
    targets = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    elif (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and isinstance(stmt.value.func.value, ast.Name)
    ):
        targets = [stmt.value.func]  # `a.append(x)` changes `a` (not `np.testing.assert_allclose(...)`)
    for target in targets:
        node = target
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        if isinstance(node, ast.Name) and node is not target:
            names.add(node.id)
    return names


@dataclass
class _Unit:
    cell: int
    node: ast.stmt
    binds: set
    reads: set
    mutates: set
    text: str


#: Beyond this many top-level statements a notebook is searched as text (any mention counts).
MAX_STATEMENTS = 20_000


@functools.lru_cache(maxsize=4)
def _analysed(cells):
    """``(units, aliases)`` of a notebook's cells (cached: every question of a notebook uses them)."""
    units = _units(cells)
    return units, _Aliases([u.node for u in units])


def _units(cells):
    """The top-level statements of the notebook's code cells, with what each binds and reads."""
    units = []
    for index, source in cells:
        tree = _parse(source)
        if tree is None:
            continue
        for stmt in tree.body:
            try:
                text = ast.unparse(stmt)
            except (ValueError, RecursionError, MemoryError):  # nested too deeply: its own text
                text = ast.get_source_segment(source, stmt) or ""
            binds, reads = _scope_names(text)
            units.append(_Unit(index, stmt, binds, reads, _mutated(stmt), text))
    return units


# --------------------------------------------------------------------------- aliases


def _chain(node):
    """``["qt", "tb", "transmission"]`` for ``qt.tb.transmission`` (also ``getattr(qt.tb, "x")``), else None."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            parts.append(node.args[1].value)
            node = node.args[0]
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1] if len(parts) <= _MAX_CHAIN else None
        else:
            return None


class _Aliases:
    """What the names of a notebook may denote: ``{name: {qualified prefixes}}`` and star imports."""

    def __init__(self, trees):
        self.names = {k: set(v) for k, v in DEFAULT_ALIASES.items()}
        self.star = set()
        self.imported = set()  # names bound by an import
        assigns = []
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    self.imported |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        if alias.asname:
                            self.names.setdefault(alias.asname, set()).add(alias.name)
                        else:
                            root = alias.name.split(".")[0]
                            self.names.setdefault(root, set()).add(root)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    for alias in node.names:
                        if alias.name == "*":
                            self.star.add(node.module)
                        else:
                            self.names.setdefault(alias.asname or alias.name, set()).add(f"{node.module}.{alias.name}")
            # module-level assignments only: inside a function the chain itself is found where it is written
            for node in tree.body if isinstance(tree, ast.Module) else [tree]:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    value = node.value
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if value is not None and _chain(value):
                        assigns += [(t.id, value) for t in targets if isinstance(t, ast.Name)]
        for _ in range(3):  # f = qt.tb; g = f.transmission: follow a few steps
            for name, value in assigns:
                self.names.setdefault(name, set()).update(self.qualified(_chain(value)))

    def qualified(self, parts):
        """Every fully qualified name a chain of names may denote."""
        root, rest = parts[0], parts[1:]
        out = {".".join([q, *rest]) for q in self.names.get(root, ())}
        out |= {".".join([m, *parts]) for m in self.star}
        return out


class _Matcher:
    """Tells whether a qualified name denotes one of the forbidden objects (by identity)."""

    def __init__(self, forbidden):
        self.forbidden = forbidden  # name -> object
        self.roots = {name.split(".")[0] for name in forbidden}
        self.ids = {}
        for name, obj in forbidden.items():
            for o in {id(obj), id(inspect.unwrap(obj)) if callable(obj) else id(obj)}:
                self.ids.setdefault(o, name)
        self.cache = {}

    def match(self, qualified):
        if qualified.split(".")[0] not in self.roots:
            return None
        if qualified not in self.cache:
            try:
                obj = resolve(qualified)
            except (LookupError, RecursionError):
                self.cache[qualified] = None
            else:
                hit = self.ids.get(id(obj))
                if hit is None and callable(obj):
                    try:
                        hit = self.ids.get(id(inspect.unwrap(obj)))
                    except ValueError:  # pragma: no cover - a cycle of __wrapped__
                        hit = None
                self.cache[qualified] = hit
        return self.cache[qualified]


def _local_names(func):
    """The names local to a function or lambda (parameters and assignments; not globals, not imports)."""
    args = func.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    declared = set()
    stack = list(func.body) if isinstance(func.body, list) else [func.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            continue  # an imported name is followed like a global one
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            stack += list(node.decorator_list)
            continue  # its body is its own scope
        elif isinstance(node, ast.Lambda):
            continue
        stack += list(ast.iter_child_nodes(node))
    return names - declared


def _uses_in(node, aliases, matcher, cell):
    """The uses of forbidden objects anywhere inside one statement (a function's locals are not aliases)."""
    found = []

    def visit(sub, local):
        if isinstance(sub, (ast.Import, ast.ImportFrom)):
            return  # binding a name is not a use; using the name is
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for child in [*getattr(sub, "decorator_list", []), *sub.args.defaults, *sub.args.kw_defaults]:
                if child is not None:
                    visit(child, local)
            inner = local | _local_names(sub)
            for child in sub.body if isinstance(sub.body, list) else [sub.body]:
                visit(child, inner)
            return
        parts = _chain(sub) if isinstance(sub, (ast.Attribute, ast.Name, ast.Call)) else None
        if parts and parts[0] not in local:
            for k in range(1, len(parts) + 1):
                hits = {matcher.match(q) for q in aliases.qualified(parts[:k])} - {None}
                if hits:
                    found.extend(Use(name, ".".join(parts[:k]), cell) for name in sorted(hits))
                    break
            else:
                parts = None
            if parts:
                return
        for child in ast.iter_child_nodes(sub):
            visit(child, local)

    visit(node, set())
    return found


# --------------------------------------------------------------------------- a question


def find_uses(cells, check_source, forbidden):
    """The uses of off-limits functions in the code a question's checks depend on.

    Parameters
    ----------
    cells : list of (int, str)
        The notebook's own code cells, ``(cell index, source)``, without the
        check cells and parameter cells (the grader's copies replace those).
    check_source : str
        The question's check cell, hidden checks included (what the grader runs).
    forbidden : dict
        ``{qualified name: object}`` from :func:`forbidden_objects`.

    Returns
    -------
    list of Use
        In cell order; empty if the question's code uses none of them.
    """
    if not forbidden:
        return []
    cells = tuple((int(i), str(text)) for i, text in cells)
    if sum(text.count("\n") + 1 for _, text in cells) > MAX_STATEMENTS:
        return _mentions(cells, forbidden)
    units, aliases = _analysed(cells)
    units = [_Unit(u.cell, u.node, set(u.binds), u.reads, u.mutates, u.text) for u in units]
    matcher = _Matcher(forbidden)
    modules = aliases.imported | set(DEFAULT_ALIASES)
    for unit in units:  # changing a list in place binds it; calling a module's function does not
        unit.binds = unit.binds | (unit.mutates - modules)
    check_binds, check_reads = _scope_names(check_source)
    wanted = check_reads - check_binds  # the check cell's own inputs and loop variables are not followed
    reached, frontier = set(), set(wanted)
    done = set()
    while frontier:
        name = frontier.pop()
        done.add(name)
        for i, unit in enumerate(units):
            if i not in reached and name in unit.binds:
                reached.add(i)
                frontier |= unit.reads - done
    uses = []
    for i in sorted(reached):
        try:
            uses += _uses_in(units[i].node, aliases, matcher, units[i].cell)
        except (RecursionError, MemoryError):  # too deep to follow: any mention of the function's name counts
            for name in forbidden:
                short = name.rsplit(".", 1)[-1]
                if re.search(rf"\b{re.escape(short)}\b", units[i].text):
                    uses.append(Use(name, short, units[i].cell))
    out, seen = [], set()
    for use in uses:  # one use per function and cell is enough to say where
        if (use.name, use.cell) not in seen:
            seen.add((use.name, use.cell))
            out.append(use)
    return out


def _mentions(cells, forbidden):
    """The fallback for notebooks too long to analyse: every cell that mentions a forbidden function's name."""
    uses = []
    for name in forbidden:
        short = name.rsplit(".", 1)[-1]
        pattern = re.compile(rf"\b{re.escape(short)}\b")
        uses += [Use(name, short, index) for index, text in cells if pattern.search(text)][:3]
    return uses


def describe_uses(uses, limit=3):
    """One phrase naming the uses: ``qtransport.tb.transmission (as `qt.tb.transmission`, cell 4)``."""
    parts = []
    for use in uses[:limit]:
        where = f", cell {use.cell}" if use.cell is not None else ""
        how = f"as `{use.written}`" if use.written != use.name else "called"
        if use.cell is None:
            how = "called while the checks ran"
        parts.append(f"`{use.name}` ({how}{where})")
    if len(uses) > limit:
        parts.append(f"and {len(uses) - limit} more")
    return ", ".join(parts)
