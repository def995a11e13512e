"""Self-check questions with immediate feedback.

These are for self-study and are not graded: the graded exercises live in
``exercises/``.  A question is either multiple choice (:func:`choice`) or asks
for a number with a tolerance (:func:`numeric`).
"""

from __future__ import annotations

import math

__all__ = ["Quiz", "choice", "numeric"]

_DEFAULT_HINT = "Think again about what the formula says."


class Quiz:
    """One self-check question with a Check button and a feedback line.

    Parameters
    ----------
    question : str
        The question (HTML or plain text; ``$...$`` LaTeX renders in JupyterLab).
    check : callable
        ``check(answer) -> (bool, str)``: whether the answer is right and what to say.
    input_widget : ipywidgets.ValueWidget
        Where the learner answers.
    spec : dict, optional
        The question's data for its static version (see
        :func:`qtransport.widgets._static.quiz_html`), which a page without a
        kernel shows and answers in JavaScript; :func:`choice` and
        :func:`numeric` fill it in.
    """

    def __init__(self, question, check, input_widget, spec=None):
        import ipywidgets as w

        self.question = question
        self.spec = spec
        self._check = check
        self.input = input_widget
        self.button = w.Button(description="Check", button_style="info")
        self.feedback = w.HTML("")
        self.correct = None
        self.button.on_click(lambda _: self.submit())
        self.widget = w.VBox([w.HTMLMath(question), self.input, w.HBox([self.button, self.feedback])])
        self.widget.add_class("qt-quiz")

    def submit(self, answer=None):
        """Check ``answer`` (or what is in the input) and show the feedback."""
        if answer is not None:
            self.input.value = answer
        ok, message = self._check(self.input.value)
        self.correct = ok
        colour = "#1a7f37" if ok else "#b42318"
        mark = "Correct." if ok else "Not quite."
        self.feedback.value = f'<span style="color:{colour}"><b>{mark}</b> {message}</span>'
        return ok

    def static_html(self) -> str | None:
        """The question in plain HTML and JavaScript, answered without a kernel."""
        from qtransport.widgets._static import quiz_html

        return quiz_html(self.question, self.spec) if self.spec else None

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The widget for JupyterLab; the HTML and JavaScript version for pages without a kernel."""
        from qtransport.widgets._static import plain_text

        data = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude))
        data["text/plain"] = "Self-check question: " + plain_text(self.question)
        static = self.static_html()
        if static:
            data["text/html"] = static
        return data


def choice(question, options, answer, explanation, hints=None):
    """A multiple-choice question.

    Parameters
    ----------
    question : str
    options : list of str
    answer : str
        The right option (must be one of ``options``).
    explanation : str
        Shown when the answer is right (and why it is right).
    hints : dict of str to str, optional
        Feedback for specific wrong options.
    """
    import ipywidgets as w

    if answer not in options:
        raise ValueError(f"`answer` {answer!r} is not one of `options` {options!r}.")
    hints = dict(hints or {})
    radio = w.RadioButtons(options=list(options), value=None, layout=w.Layout(width="auto"))

    def check(value):
        if value is None:
            return False, "Pick one of the options first."
        if value == answer:
            return True, explanation
        return False, hints.get(value, _DEFAULT_HINT)

    spec = {"kind": "choice", "options": list(options), "answer": answer, "explanation": explanation,
            "hints": hints, "default_hint": _DEFAULT_HINT}
    return Quiz(question, check, radio, spec)


def numeric(question, answer, explanation, *, rtol=1e-2, atol=0.0, unit=""):
    """A question whose answer is a number, accepted within a tolerance.

    Parameters
    ----------
    question : str
    answer : float
        The reference value.
    explanation : str
        Shown once the answer is right.
    rtol, atol : float, keyword-only
        Relative and absolute tolerance of the comparison.
    unit : str, keyword-only
        Shown next to the input box.
    """
    import ipywidgets as w

    if not math.isfinite(answer):
        raise ValueError(f"`answer` must be a finite number, got {answer!r}.")
    box = w.Text(placeholder="a number, e.g. 1.5e-3", description=unit or "answer")

    def check(value):
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            return False, f"{value!r} is not a number."
        if not math.isfinite(number):
            return False, "Give a finite number."
        if math.isclose(number, answer, rel_tol=rtol, abs_tol=atol):
            return True, explanation
        direction = "too large" if number > answer else "too small"
        return False, f"{number:g} is {direction}."

    spec = {"kind": "numeric", "answer": float(answer), "explanation": explanation,
            "rtol": float(rtol), "atol": float(atol), "unit": unit}
    return Quiz(question, check, box, spec)
