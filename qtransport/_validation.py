"""Input checks shared by the public functions.

Every public function validates its inputs through these helpers, so that a
mistake gives a ``ValueError`` or ``TypeError`` whose message names the
parameter in backticks, shows the bad value and says what to do instead.
Nothing here is physics.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_real_array",
    "as_complex_array",
    "check_finite",
    "check_nonnegative",
    "check_positive",
    "check_integer",
    "check_probability",
    "check_square",
    "check_choice",
]


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def as_real_array(value, name, *, allow_nan=False):
    """Convert ``value`` to a float array, refusing complex, text and NaN.

    Raises
    ------
    TypeError
        If ``value`` is not numeric or is complex.
    ValueError
        If it contains NaN or infinity (NaN allowed only if ``allow_nan``).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"`{name}` must be a real number or an array of real numbers, got {_short(value)}.")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - numpy rarely fails here
        raise TypeError(f"`{name}` could not be read as an array: {exc}") from None
    if arr.dtype == object or arr.dtype.kind in "USVMm":
        raise TypeError(
            f"`{name}` must be numeric, got an array of dtype {arr.dtype} ({_short(value)})."
        )
    if np.iscomplexobj(arr):
        if np.all(arr.imag == 0):
            arr = arr.real
        else:
            raise TypeError(f"`{name}` must be real, got complex values such as {_short(arr.flat[0])}.")
    arr = arr.astype(float, copy=False)
    if not allow_nan:
        check_finite(arr, name)
    return arr


def as_complex_array(value, name):
    """Convert ``value`` to a complex array, refusing text and NaN."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"`{name}` must be a numeric array, got {_short(value)}.")
    arr = np.asarray(value)
    if arr.dtype == object or arr.dtype.kind in "USVMm":
        raise TypeError(f"`{name}` must be numeric, got an array of dtype {arr.dtype}.")
    arr = arr.astype(complex, copy=False)
    check_finite(arr, name)
    return arr


def check_finite(arr, name):
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity."""
    arr = np.asarray(arr)
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.any(np.isnan(arr)) else "infinity"
        raise ValueError(f"`{name}` contains {bad}; pass finite numbers only.")
    return arr


def check_nonnegative(value, name, *, hint=""):
    """Return ``value`` as a float array after checking it is >= 0 and finite."""
    arr = as_real_array(value, name)
    if np.any(arr < 0):
        extra = f" {hint}" if hint else ""
        raise ValueError(f"`{name}` must be >= 0, got {_short(value)}.{extra}")
    return arr


def check_positive(value, name, *, hint=""):
    """Return ``value`` as a float array after checking it is > 0 and finite."""
    arr = as_real_array(value, name)
    if np.any(arr <= 0):
        extra = f" {hint}" if hint else ""
        raise ValueError(f"`{name}` must be > 0, got {_short(value)}.{extra}")
    return arr


def check_integer(value, name, *, minimum=None):
    """Return ``value`` as a Python int, refusing floats, bools and small values."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"`{name}` must be an integer, got {_short(value)} of type {type(value).__name__}.")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {value}.")
    return value


def check_probability(value, name, *, upper=1.0, atol=1e-12):
    """Return ``value`` as a float array after checking ``0 <= value <= upper``.

    Values within ``atol`` outside the interval (round-off) are clipped back in.
    """
    arr = as_real_array(value, name)
    upper_arr = np.asarray(upper, dtype=float)
    if np.any(arr < -atol) or np.any(arr > upper_arr + atol):
        raise ValueError(
            f"`{name}` must lie in [0, {_short(upper)}] (a transmission probability "
            f"summed over at most that many channels), got {_short(value)}."
        )
    return np.clip(arr, 0.0, upper_arr)


def check_square(value, name, *, complex_=True):
    """Return ``value`` as an array of square matrices, shape ``(..., N, N)``."""
    arr = as_complex_array(value, name) if complex_ else as_real_array(value, name)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(
            f"`{name}` must be a square matrix (or a stack of them, shape (..., N, N)), "
            f"got shape {arr.shape}."
        )
    return arr


def check_choice(value, name, choices):
    """Check that ``value`` is one of ``choices``."""
    try:
        known = not isinstance(value, np.ndarray) and bool(value in choices)
    except (ValueError, TypeError):  # e.g. an object whose == gives an array
        known = False
    if not known:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"`{name}` must be one of {options}; got {_short(value)}.")
    return value


def unwrap_0d(value):
    """A 0-d result as a numpy scalar, anything else as the array (scalars in, scalar out)."""
    arr = np.asarray(value)
    return arr[()] if arr.ndim == 0 else arr
