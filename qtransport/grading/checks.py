"""The ``check`` call of the exercise notebooks.

A check cell of an exercise reads, for example::

    # TEST q1 points=2
    check("current at 1 mV", my_current(1e-3), expect=7.748e-8, rtol=1e-4)

Run in the notebook, :func:`check` compares at once and prints a tick, or
raises :class:`CheckFailed` that says what differs.  When a notebook is
*graded*, the grader does not call this function at all: it rewrites the
cell so that the kernel only evaluates ``my_current(1e-3)`` and hands the
value out, and it compares that value with the instructor's reference itself
(see :mod:`qtransport.grading.grader`).  Both routes use the same
:func:`~qtransport.grading.values.compare`.
"""

from __future__ import annotations

from qtransport.grading import _harness
from qtransport.grading.values import compare, decode, short_repr

__all__ = ["check", "CheckFailed", "feedback_line"]


class CheckFailed(AssertionError):
    """A check of an exercise failed; the message says what differs."""


def check(name, value, expect=None, *, rtol=None, atol=None, hint="", weight=1, feedback=None):
    """Check one computed value against the expected one, with a tolerance.

    Parameters
    ----------
    name : str
        What is checked, in a few words (shown in the feedback; unique within
        a question).
    value : object
        What the learner's code computed: a number, an array, text, a bool,
        or a list/tuple/dict of those.
    expect : object, optional
        The expected value.  Checks without one only record the value, which
        the grader compares with the instructor's solution.
    rtol, atol : float, optional, keyword-only
        Relative and absolute tolerances (defaults 1e-6 and 1e-12).
    hint : str, keyword-only
        What is expected, in words (units, sign, a limit to try), shown when
        the check fails.  The expected value itself is never shown.
    weight : float, keyword-only
        Share of the question's points carried by this check (default 1).
    feedback : dict, keyword-only
        For a choice: ``{wrong answer: why it is wrong}``.  When the value is
        one of the keys (compared like text: case and blanks ignored), that
        line is the message.

    Returns
    -------
    None
        A passing check prints a tick line.

    Raises
    ------
    CheckFailed
        When the value differs from ``expect`` beyond the tolerance, or cannot
        be graded (unsupported type, too large), or is an answer that
        ``feedback`` explains.

    Examples
    --------
    >>> check("one half", 1 / 2, expect=0.5)
    ✓ one half
    >>> check("a quarter", 0.3, expect=0.25, hint="divide by four")
    Traceback (most recent call last):
    ...
    qtransport.grading.checks.CheckFailed: ✗ a quarter: got 0.3: about 20 % too large. Hint: divide by four
    >>> check("regime", "a", expect="b", feedback={"a": "(a) holds only at high temperature"})
    Traceback (most recent call last):
    ...
    qtransport.grading.checks.CheckFailed: ✗ regime: you chose 'a': (a) holds only at high temperature
    """
    del weight  # only the grader uses it
    try:
        got = decode(_harness.encode(value))
    except _harness.ValueNotGradable as exc:
        raise CheckFailed(f"✗ {name}: {exc}") from None
    line = feedback_line(got, feedback)
    if line is not None and (expect is None or not compare(got, decode(_harness.encode(expect)))[0]):
        raise CheckFailed(f"✗ {name}: {line}")
    if expect is None:
        print(f"• {name}: value recorded ({short_repr(got, 60)}); it is compared when graded")
        return
    ok, message = compare(got, decode(_harness.encode(expect)), rtol=rtol, atol=atol)
    if not ok:
        text = f"✗ {name}: {message}."
        if hint:
            text += f" Hint: {hint}"
        raise CheckFailed(text)
    print(f"✓ {name}")


def feedback_line(got, feedback):
    """The feedback line for an answer (``you chose 'a': ...``), or None if ``feedback`` has none for it."""
    if not isinstance(got, str) or not isinstance(feedback, dict):
        return None
    key = got.strip().casefold()
    for answer, line in feedback.items():
        if isinstance(answer, str) and answer.strip().casefold() == key:
            return f"you chose {answer.strip()!r}: {line}"
    return None
