"""The part of the grader that runs inside the kernel of a graded notebook.

The grader sends the text of this module, unchanged, into the kernel with
every instructor check cell and executes it in a fresh dictionary, so it
depends on nothing the notebook defines (a student who rebinds ``list`` or
``np`` does not break it).  It only *evaluates* the expressions of the checks
and hands their values out: comparing them with the reference values happens
in the grading process, where the notebook's code cannot reach.

The values leave the kernel as one ``display_data`` message of the private
MIME type :data:`MIME`.  The message carries the nonce the grader wrote into
that one cell, so output printed by a student cell is recognised as forged.

The same :func:`encode` is used by :func:`qtransport.grading.check` when a
learner runs the checks interactively, so both see a value the same way.

Only the standard library is imported at module level: numpy and qtransport
are imported inside :func:`run_checks`.
"""

MIME = "application/x-qtransport-grading"
MAX_ELEMENTS = 200_000
MAX_TEXT = 10_000
MAX_DEPTH = 20


class ValueNotGradable(TypeError):
    """The value of a check cannot be handed to the grader (wrong type, too large)."""


def encode(value, _depth=0):
    """Turn the value of a check into plain JSON data (dicts, lists, numbers, text).

    Numbers, text, ``None`` and ``...`` are kept as they are (complex numbers
    and ``...`` get a small tag); numpy arrays and scalars become
    ``{"array": nested list, "shape": [...], "dtype": "float64"}``; lists and
    tuples become ``{"list": [...]}`` and dicts ``{"dict": {...}}``.  Anything
    else raises :class:`ValueNotGradable`.
    """
    if _depth > MAX_DEPTH:
        raise ValueNotGradable("the value is nested too deeply to be graded")
    if value is None or value is True or value is False:
        return value
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueNotGradable(f"the text has {len(value)} characters; at most {MAX_TEXT} are graded")
        return str(value)
    if isinstance(value, int):
        return int(value) if -(2**63) < value < 2**63 else float(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return {"complex": [float(value.real), float(value.imag)]}
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    tolist = getattr(type(value), "tolist", None)
    if shape is not None and dtype is not None and tolist is not None:  # numpy array or scalar
        kind = getattr(dtype, "kind", "O")
        size = 1
        for n in shape:
            size *= int(n)
        if size > MAX_ELEMENTS:
            raise ValueNotGradable(
                f"the array has {size} elements; at most {MAX_ELEMENTS} are graded"
            )
        if kind in "biuf":
            return {"array": tolist(value), "shape": [int(n) for n in shape], "dtype": str(dtype)}
        if kind == "c":
            return {
                "array": tolist(value.real),
                "imag": tolist(value.imag),
                "shape": [int(n) for n in shape],
                "dtype": str(dtype),
            }
        if kind in "USO":  # text or objects: graded item by item
            return encode(tolist(value), _depth + 1)
        return _refuse(value)
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ELEMENTS:
            raise ValueNotGradable(f"the list has {len(value)} items; at most {MAX_ELEMENTS} are graded")
        return {"list": [encode(item, _depth + 1) for item in value]}
    if isinstance(value, dict):
        return {"dict": {str(key): encode(item, _depth + 1) for key, item in value.items()}}
    return _refuse(value)


def _refuse(value):
    raise ValueNotGradable(f"a value of type {type(value).__name__} cannot be graded")


def _describe(exc):
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 400 else text[:397] + "..."


PRISTINE = "__qtgrade_pristine__"

#: Run by the grader in the kernel before any cell of the notebook: keeps the
#: original builtins, ``json.dumps`` and the display publisher where the check
#: cells find them, so that a notebook rebinding ``builtins.sum`` or
#: ``json.dumps`` does not disturb how values are handed out.
SNAPSHOT_CELL = """\
def __qtgrade_snapshot__():
    import builtins, json, sys, types
    from IPython.display import publish_display_data
    saved = types.ModuleType("__qtgrade_pristine__")
    saved.builtins = dict(vars(builtins))
    saved.dumps = json.dumps
    saved.publish = publish_display_data
    sys.modules["__qtgrade_pristine__"] = saved
__qtgrade_snapshot__()
del __qtgrade_snapshot__
"""


def _recorder(forbid):
    """``(start, stop, hits)``: record calls of the ``forbid`` functions made from the notebook's own code.

    The functions are found by name and recognised by their code objects
    (so an alias or a copy of the function object counts too).  A call
    counts when its caller is neither the qtransport package nor the
    forbidden function's own package (a library function may use another
    internally) nor the check cell itself (inputs the instructor builds).  What is recorded can only add a penalty: a
    notebook that switches the recording off loses nothing but the record.
    """
    import importlib
    import inspect
    import os
    import sys

    codes = {}
    for name in forbid:
        parts = str(name).split(".")
        obj = None
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except Exception:  # noqa: BLE001 - not a module: try a shorter prefix
                continue
            try:
                for part in parts[i:]:
                    obj = getattr(obj, part)
            except Exception:  # noqa: BLE001
                obj = None
            break
        if obj is None:
            continue
        try:
            obj = inspect.unwrap(obj)
        except Exception:  # noqa: BLE001
            pass
        obj = getattr(obj, "__func__", obj)
        code = getattr(obj, "__code__", None)
        if code is not None:
            codes[id(code)] = (str(name), code)  # by id: hashing a code object costs more than a call
    libraries = []  # callers inside qtransport, or inside the forbidden function's own package, do not count
    for root in {"qtransport", *(str(name).split(".")[0] for name in forbid)}:
        try:
            libraries.append(os.path.dirname(os.path.abspath(importlib.import_module(root).__file__)) + os.sep)
        except Exception:  # noqa: BLE001 - a namespace package, or nothing of that name
            continue
    libraries = tuple(libraries)
    hits = set()
    state = {"previous": None}

    def profile(frame, event, arg):
        if event == "call" and id(frame.f_code) in codes:
            caller = frame.f_back
            filename = caller.f_code.co_filename if caller is not None else ""
            if not filename.startswith("<checks of ") and not filename.startswith(libraries):
                hits.add(codes[id(frame.f_code)][0])

    def start():
        if codes:
            state["previous"] = sys.getprofile()
            sys.setprofile(profile)

    def stop():
        if codes:
            if sys.getprofile() is not profile:
                hits.add("(the recording was switched off)")
            sys.setprofile(state["previous"])

    return start, stop, hits


def run_checks(user_ns, body, *, nonce, question, mode, publish=True, forbid=()):
    """Evaluate the checks of one question and publish their values.

    Parameters
    ----------
    user_ns : dict
        The notebook's global namespace (read only: the checks run in a copy).
    body : str
        The check cell, rewritten by the grader: every ``check(name, value,
        expect, **options)`` became ``__qtgrade_capture__(name, lambda: value,
        ...)``.
    nonce : str
        The secret of this cell, echoed in the payload.
    question : str
        The question id, echoed in the payload.
    mode : {"student", "reference"}
        Only in reference mode (the instructor's solution) are the expected
        values and the options of each check evaluated.
    publish : bool
        Publish the payload as display data (else only return it).
    forbid : sequence of str
        The question's off-limits functions: calls of them made from the
        notebook's code while the values are evaluated are recorded.

    Returns
    -------
    dict
        The payload: ``{"nonce", "question", "results", "error", "offlimits"}``
        (``offlimits``: the names of the off-limits functions called).
    """
    import builtins
    import json
    import sys

    saved = sys.modules.get(PRISTINE)
    pristine = getattr(saved, "builtins", None)
    if not isinstance(pristine, dict):
        pristine = dict(vars(builtins))
    dumps = getattr(saved, "dumps", None) or json.dumps
    results = []
    state = {"interrupted": False}
    env = {key: val for key, val in user_ns.items() if key not in pristine}
    env["__builtins__"] = pristine
    env["__name__"] = "__checks__"
    try:
        import numpy

        env["np"] = numpy
    except Exception:  # pragma: no cover - numpy is a dependency
        pass
    try:
        import qtransport

        env["qt"] = qtransport
    except Exception:  # pragma: no cover - only if the environment is broken
        pass

    record_start, record_stop, offlimits = _recorder(forbid)

    def capture(name, value, expect=None, options=None, hidden=False):
        entry = {"name": str(name), "hidden": bool(hidden)}
        results.append(entry)
        if state["interrupted"]:
            entry["status"] = "skipped"
            entry["error"] = "not evaluated: the time limit was reached in an earlier check"
            return
        try:
            record_start()
            try:
                computed = value()
            finally:
                record_stop()
            entry["value"] = encode(computed)
            entry["status"] = "ok"
        except KeyboardInterrupt:
            state["interrupted"] = True
            entry["status"] = "error"
            entry["error"] = "the computation was stopped by the time limit"
        except BaseException as exc:  # noqa: BLE001 - every failure of student code is feedback
            entry["status"] = "error"
            entry["error"] = _describe(exc)
        if mode == "reference":
            entry["options"] = dict(options or {})
            if expect is not None:
                try:
                    entry["expect"] = encode(expect())
                except BaseException as exc:  # noqa: BLE001
                    entry["expect_error"] = _describe(exc)

    env["__qtgrade_capture__"] = capture
    error = None
    try:
        exec(compile(body, f"<checks of {question}>", "exec"), env)  # noqa: S102
    except KeyboardInterrupt:
        error = "the checks were stopped by the time limit"
    except BaseException as exc:  # noqa: BLE001
        error = _describe(exc)
    payload = {"nonce": nonce, "question": question, "results": results, "error": error,
               "offlimits": sorted(offlimits)}
    if publish:
        send = getattr(saved, "publish", None)
        if send is None:
            from IPython.display import publish_display_data as send
        send({MIME: dumps(payload)})
    return payload
