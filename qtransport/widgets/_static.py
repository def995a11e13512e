"""Static stand-ins of the interactive figures and self-check questions.

A notebook output can carry several representations of one object; a
front end shows the richest it can.  JupyterLab with a kernel shows the
widget; nbconvert's HTML, the course website, a PDF and GitHub's notebook
viewer cannot run it, and show what is built here instead:

* a figure: the PNG of its initial state with an alt text that says what it
  shows, its controls drawn disabled at their values, and a note that they
  are live in JupyterLab (:func:`figure_html`);
* a self-check question: the same question, options and feedback in plain
  HTML and JavaScript, answered in the page without a kernel
  (:func:`quiz_html`).

The HTML is self-contained (inline styles, a data-URI image, one inline
script per question) so that it works wherever it is pasted.
"""

from __future__ import annotations

import base64
import html
import json
import re
import uuid

__all__ = ["figure_alt", "figure_html", "plain_text", "quiz_html", "LIVE_NOTE"]

#: Shown under the disabled controls of a static figure.
LIVE_NOTE = (
    "The controls are live when the notebook runs in JupyterLab: open it there "
    "(or with the launch button of the website) to move them."
)


def plain_text(text) -> str:
    """``text`` without HTML tags, TeX dollar signs and backslash commands (for alt texts)."""
    text = re.sub(r"<[^>]+>", "", str(text))
    text = html.unescape(text)
    text = re.sub(r"\\(mathrm|text|mathit|mathbf|rm)\{([^}]*)\}", r"\2", text)
    text = re.sub(r"\\[,;:! ]", " ", text)  # TeX spaces
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
    text = text.replace("$", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def _describe_axes(ax) -> str:
    parts = []
    title = plain_text(ax.get_title())
    ylabel, xlabel = plain_text(ax.get_ylabel()), plain_text(ax.get_xlabel())
    if ylabel and xlabel:
        parts.append(f"{ylabel} against {xlabel}")
    elif ylabel or xlabel:
        parts.append(ylabel or xlabel)
    legend = ax.get_legend()
    if legend is not None:
        entries = [plain_text(t.get_text()) for t in legend.get_texts() if t.get_text()]
        if entries:
            parts.append("curves: " + "; ".join(entries))
    if title:
        parts.append(f"({title})")
    return ", ".join(parts)


def figure_alt(figure, title=None, values=None) -> str:
    """An alt text for ``figure``: its title, what each panel plots and the control values.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    title : str, optional
        The title of the interactive figure.
    values : mapping of str to str, optional
        Control labels and the values shown.
    """
    panels = [_describe_axes(ax) for ax in figure.axes if ax.get_visible() and ax.has_data()]
    panels = [p for p in panels if p]
    text = plain_text(title) + "." if title else "Figure."
    if len(panels) == 1:
        text += f" Plot of {panels[0]}."
    elif panels:
        text += f" {len(panels)} panels: " + " | ".join(
            f"panel {i + 1}, {p}" for i, p in enumerate(panels)
        ) + "."
    if values:
        text += " Shown at " + ", ".join(f"{plain_text(k)} {v}" for k, v in values.items()) + "."
    return text


def _control_html(control) -> str:
    """One control drawn disabled, with its label and value."""
    import ipywidgets as w

    label = html.escape(plain_text(control.description or ""))
    style = "margin:2px 12px 2px 0;display:inline-flex;align-items:center;gap:6px;font-size:0.9em"
    if isinstance(control, w.Checkbox | w.ToggleButton):
        checked = " checked" if control.value else ""
        return (f'<label style="{style}"><input type="checkbox" disabled{checked}>'
                f"{label}</label>")
    if isinstance(control, w.Dropdown | w.RadioButtons | w.ToggleButtons):
        current = html.escape(str(control.label))
        return (f'<label style="{style}">{label} <select disabled>'
                f"<option selected>{current}</option></select></label>")
    readout = _readout(control)
    if isinstance(control, w.SelectionSlider | w.SelectionRangeSlider):
        n = len(control.options)
        lo, hi, value = 0, max(n - 1, 1), control.index
    elif isinstance(control, w.FloatLogSlider):
        lo, hi, value = control.min, control.max, _log10(control.value)
    else:
        lo, hi, value = control.min, control.max, control.value
    return (
        f'<label style="{style}">{label} <input type="range" disabled min="{lo}" max="{hi}" '
        f'step="any" value="{value}" aria-valuetext="{html.escape(readout)}">'
        f"<span>{html.escape(readout)}</span></label>"
    )


def _log10(x):
    import math

    return math.log10(x) if x > 0 else 0.0


def _readout(control) -> str:
    """The value as the widget's read-out shows it."""
    fmt = getattr(control, "readout_format", None)
    value = getattr(control, "label", None) if hasattr(control, "options") else control.value
    if value is None:
        value = control.value
    if fmt and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return format(value, fmt)
        except (ValueError, TypeError):
            pass
    return str(value)


def control_values(controls) -> dict:
    """``{label: read-out}`` of every control, for the alt text."""
    return {(c.description or name): _readout(c) for name, c in controls.items()}


def figure_html(png: bytes, *, alt: str, title=None, controls=(), width=None, note=LIVE_NOTE) -> str:
    """The static figure: title, disabled controls, the PNG with its alt text, and the note."""
    data = base64.b64encode(png).decode("ascii")
    size = f' width="{int(width)}"' if width else ""
    head = f"<div style=\"font-weight:bold\">{html.escape(plain_text(title))}</div>" if title else ""
    boxes = "".join(_control_html(c) for c in controls)
    return (
        '<figure class="qt-static-figure" style="margin:0.5em 0">'
        f"{head}"
        f'<div class="qt-static-controls" style="display:flex;flex-wrap:wrap">{boxes}</div>'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"{size} '
        'style="max-width:100%;height:auto">'
        f'<figcaption style="font-size:0.85em;color:#555">{html.escape(note)}</figcaption>'
        "</figure>"
    )


_QUIZ_SCRIPT = r"""
(function () {
  var root = document.getElementById(%(id)s);
  if (!root) { return; }
  var spec = JSON.parse(root.getAttribute('data-quiz'));
  var feedback = root.querySelector('.qt-static-feedback');
  function g(x) {  // Python's format(x, 'g')
    if (x === 0) { return '0'; }
    var e = Math.floor(Math.log10(Math.abs(x)));
    if (e < -4 || e >= 6) {
      return x.toExponential(5).replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
    }
    return String(Number(x.toPrecision(6)));
  }
  function answer() {
    if (spec.kind === 'choice') {
      var picked = root.querySelector('input[type=radio]:checked');
      if (!picked) { return [false, 'Pick one of the options first.']; }
      var value = spec.options[Number(picked.value)];
      if (value === spec.answer) { return [true, spec.explanation]; }
      return [false, spec.hints[value] || spec.default_hint];
    }
    var raw = root.querySelector('input[type=text]').value;
    var text = String(raw).trim().replace(/,/g, '.');
    var number = Number(text);
    if (text === '' || isNaN(number)) { return [false, "'" + String(raw) + "' is not a number."]; }
    if (!isFinite(number)) { return [false, 'Give a finite number.']; }
    var tol = Math.max(spec.rtol * Math.max(Math.abs(number), Math.abs(spec.answer)), spec.atol);
    if (Math.abs(number - spec.answer) <= tol) { return [true, spec.explanation]; }
    return [false, g(number) + ' is ' + (number > spec.answer ? 'too large' : 'too small') + '.'];
  }
  root.querySelector('button').addEventListener('click', function () {
    var result = answer();
    feedback.style.color = result[0] ? '#1a7f37' : '#b42318';
    feedback.innerHTML = '<b>' + (result[0] ? 'Correct.' : 'Not quite.') + '</b> ' + result[1];
    if (window.MathJax && MathJax.typesetPromise) { MathJax.typesetPromise([feedback]); }
  });
})();
"""


def tex_delimiters(text: str) -> str:
    """``$...$`` and ``$$...$$`` written as ``\\(...\\)`` and ``\\[...\\]``.

    A Sphinx page's MathJax reads only the latter; JupyterLab and nbconvert
    read both.

    Examples
    --------
    >>> print(tex_delimiters("a $G_0$ and $$x^2$$"))
    a \\(G_0\\) and \\[x^2\\]
    """
    text = re.sub(r"\$\$(.+?)\$\$", r"\\[\1\\]", str(text), flags=re.DOTALL)
    return re.sub(r"(?<!\\)\$([^$\n]+?)\$", r"\\(\1\\)", text)


def quiz_html(question: str, spec: dict) -> str:
    """A self-check question answered in the page by JavaScript, no kernel.

    Parameters
    ----------
    question : str
        The question, HTML with ``$...$`` mathematics (rendered by the page's MathJax).
    spec : dict
        ``kind`` ``"choice"`` (with ``options``, ``answer``, ``explanation``,
        ``hints``, ``default_hint``) or ``"numeric"`` (``answer``,
        ``explanation``, ``rtol``, ``atol``, ``unit``).
    """
    qid = "qt-quiz-" + uuid.uuid4().hex[:12]
    spec = dict(spec)  # the texts shown, with the delimiters every MathJax reads
    spec["explanation"] = tex_delimiters(spec["explanation"])
    if spec["kind"] == "choice":
        spec["hints"] = {k: tex_delimiters(v) for k, v in spec["hints"].items()}
        spec["default_hint"] = tex_delimiters(spec["default_hint"])
        inputs = "".join(
            f'<label style="display:block"><input type="radio" name="{qid}" value="{i}"> '
            f"{tex_delimiters(option)}</label>"
            for i, option in enumerate(spec["options"])
        )
    else:
        unit = html.escape(spec.get("unit") or "answer")
        inputs = (f'<label>{unit} <input type="text" placeholder="a number, e.g. 1.5e-3" '
                  'aria-label="your answer"></label>')
    data = html.escape(json.dumps(spec), quote=True)
    return (
        f'<div class="qt-static-quiz tex2jax_process mathjax_process" id="{qid}" data-quiz="{data}" '
        'style="border-left:3px solid #1f5fa8;padding:0.3em 0.8em;margin:0.5em 0">'
        f'<div class="qt-static-question">{tex_delimiters(question)}</div>'
        f'<div class="qt-static-inputs" style="margin:0.3em 0">{inputs}</div>'
        '<button type="button" style="margin-right:0.6em">Check</button>'
        '<span class="qt-static-feedback"></span>'
        f"<script>{_QUIZ_SCRIPT % {'id': json.dumps(qid)}}</script>"
        "</div>"
    )
