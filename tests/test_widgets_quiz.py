"""Self-check questions: the right answer is accepted, wrong ones get their hint, bad input a clear word."""

from __future__ import annotations

import pytest

from qtransport.widgets.quiz import choice, numeric


def test_a_choice_accepts_the_answer_and_explains_wrong_options():
    q = choice("Which conducts?", ["zigzag", "armchair"], "zigzag", "Edge states.", hints={"armchair": "Gap."})
    assert q.submit() is False and "Pick one" in q.feedback.value  # nothing chosen yet
    assert q.submit("armchair") is False and "Gap." in q.feedback.value and q.correct is False
    assert q.submit("zigzag") is True and "Edge states." in q.feedback.value and q.correct is True
    assert q.spec["answer"] == "zigzag" and q.spec["kind"] == "choice"


def test_a_choice_whose_answer_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="`answer`"):
        choice("?", ["a", "b"], "c", "")


def test_a_numeric_answer_within_the_tolerance_is_right():
    q = numeric("G in units of e^2/h?", 2.0, "Two spin channels.", rtol=0.01, unit="e²/h")
    assert q.submit("2.01") is True
    assert q.submit("2,0") is True  # a decimal comma is read too
    assert q.submit("2.5") is False and "too large" in q.feedback.value
    assert q.submit("1") is False and "too small" in q.feedback.value
    assert q.submit("two") is False and "not a number" in q.feedback.value
    assert q.submit("nan") is False and "finite" in q.feedback.value


def test_a_numeric_question_needs_a_finite_answer():
    with pytest.raises(ValueError, match="`answer` must be a finite number"):
        numeric("?", float("inf"), "")


def test_the_static_version_carries_the_question_for_pages_without_a_kernel():
    q = numeric("T at the Dirac point?", 1.0, "One channel.")
    html = q.static_html()
    assert html and "Dirac point" in html
    bundle = q._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Self-check question") and "text/html" in bundle
