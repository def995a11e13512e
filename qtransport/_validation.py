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
    "check_flag",
    "check_count",
    "check_scalar",
    "check_tolerance",
    "check_callable",
    "check_progress",
    "check_spin_degeneracy",
    "check_same_length",
    "check_broadcast",
    "broadcast_named",
    "check_memory",
    "check_elements",
    "check_ensemble",
    "available_memory",
    "check_size",
    "refuse_bool",
    "check_sequence",
    "check_rng",
    "check_sites",
    "BUILDER_BYTES_PER_ORBITAL",
]


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _asarray(value, name):
    """``np.asarray`` with a message naming ``name`` for ragged nestings."""
    try:
        return np.asarray(value)
    except ValueError:
        raise ValueError(
            f"`{name}` is a ragged nesting of sequences of different lengths ({_short(value)}); "
            "pass a rectangular array."
        ) from None
    except Exception as exc:  # noqa: BLE001 - numpy rarely fails otherwise
        raise TypeError(f"`{name}` could not be read as an array: {exc}") from None


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
    arr = _asarray(value, name)
    if isinstance(value, numbers.Integral) and arr.dtype == object:
        raise TypeError(
            f"`{name}` = {_short(value)} is an integer beyond the 64-bit range numpy works with; "
            f"pass it as a float ({float(value):.3g}) or pass a smaller number."
            if abs(value) < 2**1023 else f"`{name}` = {_short(value)} is beyond the range of numbers numpy works with."
        )
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
    arr = _asarray(value, name)
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


# --------------------------------------------------------------------------- one pass for every kind of argument

_INT64_MAX = 2**63 - 1
_NUMPY_MAX_ELEMENTS = int(np.iinfo(np.intp).max)


def check_flag(value, name):
    """Return ``value`` as a bool, refusing anything that is not ``True`` or ``False``.

    Arrays, numbers and strings are refused (an array's truth value is
    ambiguous, and ``1`` or ``"no"`` as a flag is almost always a mistake).
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"`{name}` must be True or False, got {_short(value)} of type {type(value).__name__}.")


def check_count(value, name, *, minimum=None, maximum=None):
    """Return ``value`` as a Python int: a whole number, not a bool, within 64 bits.

    Like :func:`check_integer`, and also refuses values beyond the 64-bit
    range numpy works in (``ValueError``) and above ``maximum``.
    """
    value = check_integer(value, name, minimum=minimum)
    limit = _INT64_MAX if maximum is None else min(int(maximum), _INT64_MAX)
    if value > limit:
        if limit == _INT64_MAX:
            raise ValueError(f"`{name}` = {_short(value)} is beyond the 64-bit integers numpy works with; "
                             f"pass a smaller `{name}`.")
        raise ValueError(f"`{name}` must be <= {limit}, got {_short(value)}.")
    if value < -_INT64_MAX:
        raise ValueError(f"`{name}` = {_short(value)} is beyond the 64-bit integers numpy works with.")
    return value


def check_scalar(value, name, *, nonnegative=False, positive=False, hint=""):
    """Return ``value`` as a float after checking it is a single finite real number.

    With ``nonnegative`` (``positive``) it must also be >= 0 (> 0).

    Raises
    ------
    TypeError
        For text, ``None``, complex numbers, and bools.
    ValueError
        For an array of more than one number, NaN, infinity, or a value out of range.
    """
    extra = f" {hint}" if hint else ""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a single number, got the bool {value!r}.{extra}")
    arr = as_real_array(value, name)
    if arr.size != 1:
        raise ValueError(f"`{name}` must be a single number, got an array of shape {arr.shape}.{extra}")
    number = float(arr.reshape(()))
    if positive and not number > 0:
        raise ValueError(f"`{name}` must be > 0, got {_short(value)}.{extra}")
    if nonnegative and not number >= 0:
        raise ValueError(f"`{name}` must be >= 0, got {_short(value)}.{extra}")
    return number


def check_tolerance(value, name):
    """Return ``value`` as a float after checking it is a single finite number > 0.

    A tolerance of NaN or infinity would switch a check off without a word,
    and a tolerance of 0 can never be met in floating point.
    """
    tol = check_scalar(value, name)
    if tol <= 0:
        raise ValueError(f"`{name}` must be a tolerance > 0 (such as 1e-10), got {_short(value)}.")
    return tol


def check_callable(value, name, *, allow_none=True, what="a function"):
    """Return ``value`` after checking it is callable (or ``None`` when ``allow_none``)."""
    if value is None and allow_none:
        return None
    if not callable(value):
        none = " or None" if allow_none else ""
        raise TypeError(f"`{name}` must be {what}{none}, got {_short(value)} of type {type(value).__name__}.")
    return value


def check_spin_degeneracy(value):
    """The spin degeneracy ``g_s`` as a Python int: a whole number >= 1 (2 by default, 1 spin-resolved)."""
    return check_integer(value, "spin_degeneracy", minimum=1)


def check_progress(progress):
    """A progress report ``progress(done, total)`` for a long sweep, or ``None`` for none."""
    return check_callable(progress, "progress", what="a function progress(done, total)")


def check_same_length(arrays, *, what="one entry per element"):
    """Check that every 1D sequence of ``{name: array}`` has the same length; return the length.

    The message names every array with its length, e.g. "`g` (2 entries) and
    `lengths` (1 entry) must have the same length".
    """
    sizes = {name: len(np.atleast_1d(np.asarray(arr, dtype=object))) for name, arr in arrays.items()}
    if len(set(sizes.values())) > 1:
        listed = " and ".join(f"`{n}` ({k} {'entry' if k == 1 else 'entries'})" for n, k in sizes.items())
        raise ValueError(f"{listed} must have the same length ({what}).")
    return next(iter(sizes.values()), 0)


def check_broadcast(arrays):
    """The common shape of ``{name: array}``, or a ``ValueError`` naming the arrays together."""
    shapes = {name: np.shape(arr) for name, arr in arrays.items()}
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError:
        listed = ", ".join(f"`{n}` of shape {s}" for n, s in shapes.items())
        raise ValueError(
            f"{listed} do not broadcast together; pass single numbers or arrays of matching shapes."
        ) from None


def broadcast_named(arrays, *, hint=""):
    """The values of ``{name: array}`` broadcast against each other (``np.broadcast_arrays``).

    Shapes that do not fit raise a ``ValueError`` that lists every array with
    its shape and ends with ``hint`` (how to fix them), when one is given.
    """
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = ", ".join(f"`{k}` {np.shape(v)}" for k, v in arrays.items())
        end = f"; {hint}" if hint else "."
        raise ValueError(f"The shapes of {shapes} do not broadcast together{end}") from None


def available_memory():
    """Bytes this process can still allocate, as best the machine tells.

    ``MemAvailable`` of ``/proc/meminfo`` (psutil's value where psutil is
    installed and ``/proc`` is not there; 4 GiB if neither answers), capped by
    what the address-space limit of the process (``RLIMIT_AS``) still allows.
    """
    avail = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    if avail is None:
        try:
            import psutil  # noqa: PLC0415 - optional

            avail = int(psutil.virtual_memory().available)
        except Exception:  # noqa: BLE001 - psutil missing or failing: the fallback below
            avail = 4 * 2**30
    try:
        import resource  # noqa: PLC0415 - POSIX only

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft not in (resource.RLIM_INFINITY, -1):
            used = 0
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmSize:"):
                        used = int(line.split()[1]) * 1024
                        break
            avail = min(avail, max(soft - used, 0))
    except (ImportError, OSError, ValueError):
        pass
    return avail


def _bytes(n):
    n = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} PiB"  # pragma: no cover


def check_memory(n_bytes, name, *, value=None, what="the arrays of this call", fraction=0.8):
    """Refuse, before allocating, a call whose arrays would not fit in memory.

    Parameters
    ----------
    n_bytes : int
        Estimated peak memory of the call (Python int: no overflow).
    name : str
        The parameter (or parameters, e.g. "width` and `length") responsible.
    value : optional
        Its value, shown in the message.
    what : str
        What is being allocated, for the message.
    fraction : float
        Share of the available memory a call may take.

    Raises
    ------
    ValueError
        Naming the parameter, the estimate and the available memory.
    """
    n_bytes = int(n_bytes)
    shown = f" = {_short(value)}" if value is not None else ""
    avail = available_memory()
    if n_bytes > fraction * avail:
        raise ValueError(
            f"`{name}`{shown} would need about {_bytes(n_bytes)} for {what}, but this machine has "
            f"{_bytes(avail)} of memory available; pass a smaller `{name}`."
        )
    return n_bytes


def check_elements(shape, name, *, value=None, itemsize=8, copies=1, what="the arrays of this call"):
    """Refuse an array of ``shape`` (times ``copies``) that numpy cannot index or memory cannot hold.

    Returns the number of elements of one array (a Python int).
    """
    n = 1
    for s in shape:
        n *= max(int(s), 0)
    shown = f" = {_short(value)}" if value is not None else ""
    if n > _NUMPY_MAX_ELEMENTS:
        raise ValueError(
            f"`{name}`{shown} asks for {n:.3g} elements, beyond what numpy can index "
            f"({_NUMPY_MAX_ELEMENTS:.3g}); pass a smaller `{name}`."
        )
    check_memory(n * itemsize * copies, name, value=value, what=what)
    return n


def check_ensemble(values, name, *, axis=-1, what="realizations", positive=False):
    """Check the samples handed to a fit or an ensemble average.

    ``values`` holds the samples along ``axis``.  Refuses NaN or infinity,
    fewer than two samples (no spread can be estimated from one), and, with
    ``positive``, samples that are not > 0 (e.g. transmissions whose logarithm
    is taken).  Returns the samples as a float array.
    """
    arr = as_real_array(values, name, allow_nan=True)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}` contains NaN or infinity; drop those {what} before fitting.")
    if arr.ndim == 0 or arr.shape[axis] < 2:
        raise ValueError(
            f"`{name}` holds a single one of its {what}: a spread (and so an error bar) needs at least two."
        )
    if positive and np.any(arr <= 0):
        raise ValueError(
            f"`{name}` contains values <= 0, whose logarithm is not finite; "
            f"drop those {what} or use fewer, shorter samples."
        )
    return arr


def check_size(value, name, *, minimum=1, power=1, itemsize=8, copies=1, what="the arrays of this call"):
    """A count that sets the size of arrays, checked before anything is allocated.

    :func:`check_count`, then :func:`check_elements` on ``value ** power``
    elements of ``itemsize`` bytes, ``copies`` of them at once.  Returns the
    count as a Python int.
    """
    n = check_count(value, name, minimum=minimum)
    check_elements((max(n, 0),) * power, name, value=n, itemsize=itemsize, copies=copies, what=what)
    return n


def refuse_bool(value, name):
    """Raise ``TypeError`` if ``value`` is a bool or an array of bools (``True`` is not the number 1)."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool):
        raise TypeError(f"`{name}` must be a number, got the bool {_short(value)}.")
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (bool, np.bool_)) for v in value):
        raise TypeError(f"`{name}` must be numbers, got bools {_short(value)}.")
    return value


def check_sequence(value, name, *, example="[1, 2]"):
    """Return ``value`` as a list after checking it is a sequence (not text, not a number)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        raise TypeError(f"`{name}` must be a sequence such as {example}, got {_short(value)}.")
    return list(value)


def check_rng(rng, name="rng", *, allow_none=False):
    """Return ``rng`` after checking it is a ``numpy.random.Generator`` (or ``None`` when ``allow_none``).

    Seeds, the legacy ``RandomState`` and the module ``numpy.random`` are
    refused: results must come from an explicit, reproducible generator.
    """
    if rng is None and allow_none:
        return None
    if not isinstance(rng, np.random.Generator):
        none = " or None" if allow_none else ""
        raise TypeError(
            f"`{name}` must be a numpy.random.Generator{none}, e.g. numpy.random.default_rng(1), "
            f"got {_short(rng)} of type {type(rng).__name__}."
        )
    return rng


#: Memory the tight-binding builder takes per orbital of a system, in bytes, while it
#: floods the shape, finalizes and solves: about 650 bytes per site were measured for
#: building and finalizing a square-lattice strip; rounded up for the solve.
BUILDER_BYTES_PER_ORBITAL = 1024


def check_sites(sizes, n_sites, *, norbs=1, maximum=None, what="a tight-binding system"):
    """Refuse, before the builder floods a shape, a system that memory (or ``maximum``) cannot take.

    Parameters
    ----------
    sizes : dict
        ``{parameter: value}`` of the counts and lengths that set the size;
        the message names the largest of them.
    n_sites : int or float
        Estimated number of sites (an upper estimate is fine).
    norbs : int
        Orbitals per site.
    maximum : int, optional
        Most sites accepted whatever the memory (the builder's own limit).

    Returns
    -------
    int
        The estimate, rounded up, as a Python int.
    """
    name = max(sizes, key=lambda k: float(sizes[k]))
    value = sizes[name]
    n = int(np.ceil(float(n_sites))) if np.isfinite(float(n_sites)) else _NUMPY_MAX_ELEMENTS + 1
    need = n * max(int(norbs), 1) * BUILDER_BYTES_PER_ORBITAL
    system = f"{what} of about {n:.3g} sites" if n >= 10**6 else f"{what} of about {n} sites"
    if maximum is not None and n > maximum:
        raise ValueError(
            f"`{name}` = {_short(value)} makes {system}, more than the {maximum:,} the builder takes "
            f"(about {_bytes(need)} of memory, with {_bytes(available_memory())} available); "
            f"pass a smaller `{name}`."
        )
    check_memory(need, name, value=value, what=f"building {system}")
    return n
