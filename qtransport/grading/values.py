"""Values of checks: decoding what a kernel handed out, and comparing with tolerances.

:func:`decode` reverses :func:`qtransport.grading._harness.encode`, refusing
anything malformed (the data come from a notebook, so they are not trusted).
:func:`compare` is the one comparison used everywhere: by the grader, by the
validation of the instructor's solutions and by :func:`~qtransport.grading.check`
when a learner runs the checks.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["DEFAULT_RTOL", "DEFAULT_ATOL", "decode", "compare", "short_repr"]

#: Relative tolerance of a check that does not set ``rtol``.
DEFAULT_RTOL = 1e-6
#: Absolute tolerance of a check that does not set ``atol``.
DEFAULT_ATOL = 1e-12

_DTYPES = {"b": np.bool_, "i": np.int64, "u": np.uint64, "f": np.float64, "c": np.complex128}


class MalformedValue(ValueError):
    """The data handed out by a kernel are not a valid encoded value."""


def decode(data, _depth=0):
    """Rebuild a value from the JSON data made by the kernel-side ``encode``.

    Examples
    --------
    >>> decode({"array": [[1, 2]], "shape": [1, 2], "dtype": "int64"})
    array([[1, 2]])
    >>> decode({"list": ["a", {"complex": [1.0, 2.0]}]})
    ['a', (1+2j)]
    """
    if _depth > 40:
        raise MalformedValue("nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, dict):
        if data.get("ellipsis") is True and len(data) == 1:
            return Ellipsis
        if set(data) == {"complex"}:
            re, im = data["complex"]
            return complex(float(re), float(im))
        if "array" in data:
            return _decode_array(data)
        if set(data) == {"list"} and isinstance(data["list"], list):
            return [decode(item, _depth + 1) for item in data["list"]]
        if set(data) == {"dict"} and isinstance(data["dict"], dict):
            return {str(k): decode(v, _depth + 1) for k, v in data["dict"].items()}
    raise MalformedValue(f"unexpected data {short_repr(data)}")


def _decode_array(data):
    shape = tuple(int(n) for n in data.get("shape", ()))
    try:
        kind = np.dtype(str(data.get("dtype", "float64"))).kind
    except TypeError:
        raise MalformedValue(f"unknown dtype {data.get('dtype')!r}") from None
    dtype = _DTYPES.get(kind)
    if dtype is None:
        raise MalformedValue(f"unsupported dtype {data.get('dtype')!r}")
    try:
        if kind == "c":
            arr = np.asarray(data["array"], dtype=float) + 1j * np.asarray(data["imag"], dtype=float)
        else:
            arr = np.asarray(data["array"], dtype=dtype)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise MalformedValue(f"array data do not fit: {exc}") from None
    if arr.shape != shape:
        raise MalformedValue(f"array data of shape {arr.shape} announced as {shape}")
    return arr


def short_repr(value, limit=120):
    """A one-line description of a value for feedback (arrays summarised)."""
    if isinstance(value, np.ndarray):
        if value.size > 8:
            text = (
                f"array of shape {value.shape}: "
                + np.array2string(value.ravel()[:4], precision=6, separator=", ")[:-1]
                + ", ...]"
            )
        else:
            text = np.array2string(value, precision=6, separator=", ").replace("\n", "")
    elif value is Ellipsis:
        text = "..."
    elif isinstance(value, float):
        text = f"{value:.8g}"
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_numeric(value):
    """A numeric ndarray for numbers, numeric arrays and rectangular lists of numbers; else None."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, complex, np.number)):
        return np.asarray(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b" and value.shape != ():
            return value.astype(np.int64)
        return value if value.dtype.kind in "iufc" else None
    if isinstance(value, (list, tuple)):
        if not _only_numbers(value):
            return None
        try:
            arr = np.asarray(value)
        except ValueError:  # ragged
            return None
        return arr if arr.dtype.kind in "iufc" else None
    return None


def _only_numbers(items, depth=0):
    if depth > 10:
        return False
    for item in items:
        if isinstance(item, (list, tuple)):
            if not _only_numbers(item, depth + 1):
                return False
        elif isinstance(item, np.ndarray):
            if item.dtype.kind not in "iufc":
                return False
        elif isinstance(item, bool) or not isinstance(item, (int, float, complex)):
            return False
    return True


def _is_bool_scalar(value):
    return isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind == "b"


def _as_bool(value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if _is_bool_scalar(value):
        return bool(value)
    return None


def compare(got, expect, *, rtol=None, atol=None):
    """Compare a computed value with the expected one.

    Numbers and arrays must have the same shape and agree within
    ``|got - expect| <= atol + rtol * |expect|`` element by element (NaN
    matches NaN); text is compared ignoring case and surrounding blanks; a
    boolean must be a boolean; lists and dicts are compared item by item.

    Parameters
    ----------
    got, expect : object
        Decoded values.
    rtol, atol : float, optional
        Relative and absolute tolerances (defaults :data:`DEFAULT_RTOL`,
        :data:`DEFAULT_ATOL`).

    Returns
    -------
    ok : bool
    message : str
        Empty when ``ok``; otherwise what differs, in words.

    Examples
    --------
    >>> compare(0.5000001, 0.5)
    (True, '')
    >>> compare([1, 2], [1, 2, 3])[1]
    'expected shape (3,), got shape (2,)'
    >>> compare(" B", "b")
    (True, '')
    """
    rtol = DEFAULT_RTOL if rtol is None else float(rtol)
    atol = DEFAULT_ATOL if atol is None else float(atol)
    return _compare(got, expect, rtol, atol, 0)


def _compare(got, expect, rtol, atol, depth):
    if got is Ellipsis:
        return False, "no answer yet (the value is still `...`)"
    if depth > 20:
        return False, "the value is nested too deeply"
    if expect is None:
        return (got is None), ("" if got is None else f"expected None, got {short_repr(got)}")
    if isinstance(expect, str):
        if not isinstance(got, str):
            return False, f"expected the text {expect!r}, got {short_repr(got)}"
        ok = got.strip().casefold() == expect.strip().casefold()
        return ok, ("" if ok else f"expected {expect!r}, got {short_repr(got)}")
    bool_expect = _as_bool(expect)
    if bool_expect is not None:
        bool_got = _as_bool(got)
        if bool_got is None:
            return False, f"expected True or False, got {short_repr(got)}"
        ok = bool_got == bool_expect
        return ok, ("" if ok else f"expected {bool_expect}, got {bool_got}")
    num_expect = _as_numeric(expect)
    if num_expect is not None:
        num_got = _as_numeric(got)
        if num_got is None:
            return False, f"expected a number or an array of numbers, got {short_repr(got)}"
        if num_got.shape != num_expect.shape:
            return False, f"expected shape {num_expect.shape}, got shape {num_got.shape}"
        if num_expect.size == 0:
            return True, ""
        if np.iscomplexobj(num_got) and not np.iscomplexobj(num_expect):
            if np.any(np.abs(num_got.imag) > atol + rtol * np.abs(num_expect)):
                return False, f"expected real values, got complex {short_repr(num_got)}"
            num_got = num_got.real
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.isclose(num_got, num_expect, rtol=rtol, atol=atol, equal_nan=True)
        if bool(np.all(close)):
            return True, ""
        if num_expect.ndim == 0:
            return False, f"expected {short_repr(num_expect.item())}, got {short_repr(num_got.item())}"
        bad = int(np.size(close) - np.count_nonzero(close))
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        return False, (
            f"{bad} of {close.size} values differ; first at index {index}: expected "
            f"{short_repr(num_expect[index].item())}, got {short_repr(num_got[index].item())}"
        )
    if isinstance(expect, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return False, f"expected a list of {len(expect)} items, got {short_repr(got)}"
        if len(got) != len(expect):
            return False, f"expected {len(expect)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expect, strict=True)):
            ok, message = _compare(g, e, rtol, atol, depth + 1)
            if not ok:
                return False, f"item {i}: {message}"
        return True, ""
    if isinstance(expect, dict):
        if not isinstance(got, dict):
            return False, f"expected a dict, got {short_repr(got)}"
        if set(got) != set(expect):
            return False, f"expected the keys {sorted(expect)}, got {sorted(got)}"
        for key in expect:
            ok, message = _compare(got[key], expect[key], rtol, atol, depth + 1)
            if not ok:
                return False, f"key {key!r}: {message}"
        return True, ""
    return False, f"cannot compare with an expected value of type {type(expect).__name__}"


def is_finite_number(x):
    """True for a finite real number (used to validate tolerances)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
