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

__all__ = ["DEFAULT_RTOL", "DEFAULT_ATOL", "decode", "compare", "mismatch", "short_repr"]

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

    The message of a mismatch says what differs *without the expected value*
    (it is feedback for the learner): a wrong type or shape, a wrong sign, a
    factor of about 2, 2π, π or a power of ten, or else the relative error to
    one significant digit.

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
    >>> compare(-0.25, 0.25)[1]
    'got -0.25: the sign is wrong (the size is right)'
    >>> compare(2e-3, 2.0)[1]
    'got 0.002: too small by a factor of about 1e3 (units?)'
    """
    rtol = DEFAULT_RTOL if rtol is None else float(rtol)
    atol = DEFAULT_ATOL if atol is None else float(atol)
    return _compare(got, expect, rtol, atol, 0)


def _kind(value):
    if isinstance(value, str):
        return "text"
    if isinstance(value, (bool, np.bool_)) or _is_bool_scalar(value):
        return "True or False"
    if _as_numeric(value) is not None:
        return "a number" if np.ndim(_as_numeric(value)) == 0 else "an array of numbers"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a dict"
    return "None" if value is None else type(value).__name__


def _factor(ratio):
    """A name for a ratio |got/expect| that is a typical slip (2, pi, 2 pi, 10^k), else None."""
    for factor, label in ((2.0, "2"), (2 * math.pi, "2π (h or ħ?)"), (math.pi, "π"), (4.0, "4")):
        for r, way in ((ratio, "large"), (1 / ratio, "small")):
            if abs(r / factor - 1) < 0.02:
                return f"too {way} by a factor of about {label}"
    exponent = math.log10(ratio)
    k = round(exponent)
    if k != 0 and abs(exponent - k) < 0.01:
        return f"too {'large' if k > 0 else 'small'} by a factor of about 1e{abs(k)} (units?)"
    return None


def mismatch(got, expect, rtol=DEFAULT_RTOL, atol=DEFAULT_ATOL):
    """How a number differs from the expected one, in words, without the expected value.

    Examples
    --------
    >>> mismatch(0.3, 0.25)
    'about 20 % too large'
    >>> mismatch(1.0, 0.5)
    'too large by a factor of about 2'
    >>> mismatch(-3.0, 1.0)
    'the sign is wrong, and the size is about 3 times too large'
    >>> mismatch(-0.11, -0.1)
    'about 10 % too large in size'
    """
    got, expect = complex(got), complex(expect)
    if not (math.isfinite(got.real) and math.isfinite(got.imag)):
        return "not a finite number"
    if expect == 0:
        return "not the expected result"
    if got == 0:
        return "zero, which is not the expected result"
    if got.imag or expect.imag:
        rel = abs(got - expect) / abs(expect)
        return f"off by about {_pct(rel)} of its size (mind the phase)" if rel < 1 else "not the expected result"
    g, e = got.real, expect.real
    sign = (g > 0) != (e > 0)
    ratio = abs(g) / abs(e)
    if sign:
        if abs(abs(g) - abs(e)) <= atol + rtol * abs(e):
            return "the sign is wrong (the size is right)"
        return f"the sign is wrong, and the size is {_size(ratio)}"
    if e < 0:  # both negative: "too large" speaks of the size
        return _size(ratio).replace("too large", "too large in size").replace("too small", "too small in size")
    return _size(ratio)


def _size(ratio):
    """How far off a ratio |got/expect| (not 1) is: a typical factor, a percentage or a number of times."""
    named = _factor(ratio)
    if named:
        return named
    if 0.5 <= ratio <= 2:
        return f"about {_pct(abs(ratio - 1))} too {'large' if ratio > 1 else 'small'}"
    return f"about {_times(ratio)} times too large" if ratio > 1 else f"about {_times(1 / ratio)} times too small"


def _pct(x):
    """A fraction as a percentage to one significant digit (never 0 %)."""
    p = 100 * x
    text = f"{p:.1g}"
    if "e" in text:
        text = f"{float(text):g}"
    return f"{text} %"


def _times(x):
    return f"{x:.2g}" if x < 10 else f"{x:.0f}" if x < 100 else f"{x:.0e}".replace("e+0", "e").replace("e+", "e")


def _compare(got, expect, rtol, atol, depth):
    if got is Ellipsis:
        return False, "no answer yet (the value is still `...`)"
    if depth > 20:
        return False, "the value is nested too deeply"
    if expect is None:
        return (got is None), ("" if got is None else f"expected None, got {short_repr(got)}")
    if isinstance(expect, str):
        if not isinstance(got, str):
            return False, f"expected text, got {_kind(got)} ({short_repr(got, 60)})"
        ok = got.strip().casefold() == expect.strip().casefold()
        return ok, ("" if ok else f"got {short_repr(got, 60)}, which is not the expected answer")
    bool_expect = _as_bool(expect)
    if bool_expect is not None:
        bool_got = _as_bool(got)
        if bool_got is None:
            return False, f"expected True or False, got {_kind(got)} ({short_repr(got, 60)})"
        ok = bool_got == bool_expect
        return ok, ("" if ok else f"got {bool_got}")
    num_expect = _as_numeric(expect)
    if num_expect is not None:
        num_got = _as_numeric(got)
        if num_got is None:
            return False, f"expected {_kind(expect)}, got {_kind(got)} ({short_repr(got, 60)})"
        if num_got.shape != num_expect.shape:
            return False, f"expected shape {num_expect.shape}, got shape {num_got.shape}"
        if num_expect.size == 0:
            return True, ""
        if np.iscomplexobj(num_got) and not np.iscomplexobj(num_expect):
            if np.any(np.abs(num_got.imag) > atol + rtol * np.abs(num_expect)):
                return False, f"expected real values, got complex ones ({short_repr(num_got, 60)})"
            num_got = num_got.real
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.isclose(num_got, num_expect, rtol=rtol, atol=atol, equal_nan=True)
        if bool(np.all(close)):
            return True, ""
        if num_expect.ndim == 0:
            g = num_got.item()
            return False, f"got {short_repr(g, 40)}: {mismatch(g, num_expect.item(), rtol, atol)}"
        bad = int(np.size(close) - np.count_nonzero(close))
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        g = num_got[index].item()
        text = f"{bad} of {close.size} values differ; the first, at index {index}, is {short_repr(g, 40)}: "
        return False, text + mismatch(g, num_expect[index].item(), rtol, atol) + _same_factor(
            num_got[~close], num_expect[~close], bad
        )
    if isinstance(expect, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return False, f"expected a list of {len(expect)} items, got {_kind(got)} ({short_repr(got, 60)})"
        if len(got) != len(expect):
            return False, f"expected {len(expect)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expect, strict=True)):
            ok, message = _compare(g, e, rtol, atol, depth + 1)
            if not ok:
                return False, f"item {i}: {message}"
        return True, ""
    if isinstance(expect, dict):
        if not isinstance(got, dict):
            return False, f"expected a dict, got {_kind(got)} ({short_repr(got, 60)})"
        if set(got) != set(expect):
            return False, f"expected the keys {sorted(expect)}, got {sorted(got)}"
        for key in expect:
            ok, message = _compare(got[key], expect[key], rtol, atol, depth + 1)
            if not ok:
                return False, f"key {key!r}: {message}"
        return True, ""
    return False, f"cannot compare with an expected value of type {type(expect).__name__}"


def _same_factor(got, expect, bad):
    """`` (all N alike)`` when every differing value is off by the same factor, else ``""``."""
    if bad < 2 or np.iscomplexobj(got) or np.iscomplexobj(expect):
        return ""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.asarray(got, dtype=float) / np.asarray(expect, dtype=float)
    if not np.all(np.isfinite(ratio)) or np.any(ratio == 0):
        return ""
    return f" (all {bad} alike)" if np.allclose(ratio, ratio[0], rtol=1e-3) else ""


def is_finite_number(x):
    """True for a finite real number (used to validate tolerances)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
