"""Drive one notebook in JupyterLab like a learner and report what went wrong.

:func:`check_notebook` opens a notebook in a Playwright page, runs every cell
through the menu *Run > Run All Cells*, saves it, and then checks what a
learner would see:

* every code cell ran, and no cell (nor any widget output) shows an error or a
  traceback;
* every widget the kernel displayed is rendered as a widget (no "Error
  displaying widget", no text fallback such as ``VBox(children=...)``), and
  the page holds as many interactive figures (CSS class ``qt-figure``) and
  self-check questions (``qt-quiz``) as the kernel displayed;
* moving a slider of each interactive figure redraws its picture (the PNG
  changes and then stays put);
* the *Check* button of each self-check question answers.

What the kernel displayed is read back from the notebook the page saved: its
outputs hold one ``application/vnd.jupyter.widget-view+json`` entry per
widget shown, and the widget models (with their CSS classes) are saved in the
notebook metadata (the ``saveState`` setting of the widget extension, switched
on by :mod:`labserver`).  Those come from the kernel's messages, not from the
rendered page, so a widget that fails to render still counts as expected.

The result is a :class:`NotebookReport`; an empty ``problems`` list means the
notebook passed.  Screenshots go to the artifacts folder.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "NotebookReport",
    "SavedNotebook",
    "analyse_saved_notebook",
    "check_notebook",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STDERR = "application/vnd.jupyter.stderr"
#: Console messages of the widget manager that mean a widget did not render.
CONSOLE_WIDGET_ERRORS = re.compile(
    r"error displaying widget|model not found|failed to load model|could not create (a )?view|"
    r"class .* not found in module",
    re.IGNORECASE,
)
TRACEBACK = re.compile(r"Traceback|^\w*(Error|Exception)\b", re.MULTILINE)


# ----------------------------------------------------------------------------------
# Reports
# ----------------------------------------------------------------------------------
@dataclass
class NotebookReport:
    """What :func:`check_notebook` found in one notebook."""

    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    screenshots: list[str] = field(default_factory=list)
    #: One entry per slider dragged: figure, slider, milliseconds from the last move of the
    #: mouse to the new picture on screen, and from pressing the mouse to the first new picture.
    latency: list[dict] = field(default_factory=list)

    def latency_summary(self) -> dict:
        """Median and worst drag-to-picture time (ms) of the sliders dragged."""
        times = sorted(entry["ms"] for entry in self.latency)
        if not times:
            return {"drags": 0}
        mid = len(times) // 2
        median = times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
        return {"drags": len(times), "median_ms": round(median, 1), "worst_ms": round(times[-1], 1)}

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{self.name}: {'ok' if self.ok else f'{len(self.problems)} problem(s)'}"]
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        lines += [f"  note: {n}" for n in self.notes]
        lines.append("  counts: " + ", ".join(f"{k}={v}" for k, v in self.counts.items()))
        lines.append("  timings: " + ", ".join(f"{k}={v:.1f}s" for k, v in self.timings.items()))
        lat = self.latency_summary()
        if lat["drags"]:
            lines.append(
                f"  drag to new picture: median {lat['median_ms']:.0f} ms, worst {lat['worst_ms']:.0f} ms"
                f" over {lat['drags']} slider(s)"
            )
        return "\n".join(lines)

    def write(self, folder: Path):
        """Write ``report.json`` (best effort: another run may be clearing the folder)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "report.json").write_text(json.dumps(asdict(self), indent=1))
        except OSError:
            pass


class _Timer:
    def __init__(self, report: NotebookReport):
        self.report = report
        self.start = self.last = time.monotonic()

    def lap(self, name: str):
        now = time.monotonic()
        self.report.timings[name] = round(now - self.last, 3)
        self.last = now

    def total(self):
        self.report.timings["total"] = round(time.monotonic() - self.start, 3)


# ----------------------------------------------------------------------------------
# What the kernel displayed: read back from the saved notebook (no browser needed)
# ----------------------------------------------------------------------------------
@dataclass
class SavedNotebook:
    """Expectations derived from a notebook saved after Run All."""

    code_cells: int = 0
    unexecuted: list[int] = field(default_factory=list)  # cell indices
    errors: list[str] = field(default_factory=list)  # error outputs / stderr tracebacks
    stderr: list[str] = field(default_factory=list)  # other stderr text (warnings)
    # one entry per widget view output: (cell index, output index, model id)
    views: list[tuple[int, int, str]] = field(default_factory=list)
    # per model id of a displayed view: CSS classes found in its subtree
    view_classes: dict[str, list[str]] = field(default_factory=dict)
    missing_models: list[str] = field(default_factory=list)
    has_widget_state: bool = False

    def count_class(self, css_class: str) -> int:
        return sum(self.view_classes.get(mid, []).count(css_class) for _, _, mid in self.views)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def _model_refs(value):
    """Model ids referenced from a widget state value ("IPY_MODEL_<id>")."""
    if isinstance(value, str):
        if value.startswith("IPY_MODEL_"):
            yield value[len("IPY_MODEL_") :]
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _model_refs(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _model_refs(item)


def analyse_saved_notebook(nb: dict) -> SavedNotebook:
    """Expectations from a notebook (as JSON) saved after Run All.

    Examples
    --------
    >>> nb = {"metadata": {}, "cells": [
    ...     {"cell_type": "code", "source": "1/0", "execution_count": 1, "outputs": [
    ...         {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
    ...          "traceback": []}]},
    ...     {"cell_type": "code", "source": "x = 1", "execution_count": None, "outputs": []}]}
    >>> saved = analyse_saved_notebook(nb)
    >>> saved.errors, saved.unexecuted
    (['cell 0: ZeroDivisionError: division by zero'], [1])
    """
    saved = SavedNotebook()
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    saved.has_widget_state = state is not None
    state = state or {}
    for ci, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if not _text(cell.get("source", "")).strip():
            continue  # an empty cell does not run
        saved.code_cells += 1
        if cell.get("execution_count") is None:
            saved.unexecuted.append(ci)
        for oi, out in enumerate(cell.get("outputs", [])):
            kind = out.get("output_type")
            if kind == "error":
                saved.errors.append(f"cell {ci}: {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = _strip_ansi(_text(out.get("text", "")))
                (saved.errors if TRACEBACK.search(text) else saved.stderr).append(
                    f"cell {ci}: {text.strip()[:300]}"
                )
            elif kind in {"display_data", "execute_result"} and WIDGET_VIEW in out.get("data", {}):
                mid = out["data"][WIDGET_VIEW].get("model_id", "")
                saved.views.append((ci, oi, mid))
    # CSS classes of every displayed widget and its descendants
    for _, _, mid in saved.views:
        if saved.has_widget_state and mid not in state:
            saved.missing_models.append(mid)
        classes, todo, seen = [], [mid], set()
        while todo:
            current = todo.pop()
            if current in seen or current not in state:
                continue
            seen.add(current)
            model_state = state[current].get("state", {})
            classes += list(model_state.get("_dom_classes", []))
            todo += list(_model_refs(model_state))
        saved.view_classes[mid] = classes
    return saved


# ----------------------------------------------------------------------------------
# The page
# ----------------------------------------------------------------------------------
_KERNEL_IDLE_JS = """() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
    .some(e => /\\|\\s*Idle\\s*$/.test(e.textContent))"""

_PROMPTS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
    .map(c => c.classList.contains('jp-CodeCell')
         ? (c.querySelector('.jp-InputArea-prompt') || {textContent: ''}).textContent.trim()
         : null)"""

# Per cell: its top-level outputs (not those nested in an Output widget).
_OUTPUTS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell =>
    Array.from(cell.querySelectorAll('.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output'))
      .map(o => ({
        mime: o.getAttribute('data-mime-type'),
        view: o.querySelector(':scope > .jupyter-widgets') !== null,
        figures: o.querySelectorAll('.qt-figure').length,
        broken: o.querySelectorAll('.jupyter-widgets-error-widget').length,
        text: (o.innerText || '').slice(0, 300),
      })))"""

_ERRORS_JS = """(mime) => Array.from(document.querySelectorAll(
      `.jp-Notebook .jp-OutputArea-output[data-mime-type="${mime}"]`))
    .map(o => ({text: (o.innerText || '').slice(0, 2000),
                inWidget: o.closest('.widget-output') !== null}))"""

_FINGERPRINTS_JS = """async (figures) => {
  const hex = buf => Array.from(new Uint8Array(buf)).map(b => b.toString(16).padStart(2, '0')).join('');
  return Promise.all(figures.map(async fig => {
    const img = fig.querySelector('.widget-output img');
    if (!img || !img.src) {
      const out = fig.querySelector('.widget-output');
      return {fp: null, text: out ? (out.innerText || '').slice(0, 300) : ''};
    }
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(img.src));
    return {fp: hex(digest), text: ''};
  }));
}"""

_SLIDER_JS = """(handle) => ({
  // aria-valuenow is rounded (0.02 and 0.002 both read "0.0"): use the full text too
  now: handle.getAttribute('aria-valuetext') || handle.getAttribute('aria-valuenow'),
  text: (handle.closest('.widget-slider').querySelector('.widget-readout') || {innerText: ''}).innerText,
  label: (handle.closest('.widget-slider').querySelector('.widget-label') || {innerText: ''}).innerText,
  vertical: handle.getAttribute('aria-orientation') === 'vertical',
  disabled: handle.closest('.widget-slider').querySelector('[disabled]') !== null
            || handle.hasAttribute('disabled'),
})"""


# Timestamps (page clock) of every new picture of an interactive figure, taken at the first
# animation frame after the image has loaded (it is then on screen), and of the mouse.
_LATENCY_JS = """() => {
  if (window.__qtLatency) return;
  const L = window.__qtLatency = {frames: [], down: null, lastMove: null, sends: [], moves: []};
  // Every message the page sends to the kernel (a slider's new value is a small one).
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    L.sends.push({t: performance.now(), bytes: data.byteLength || data.size || data.length || 0});
    return send.call(this, data);
  };
  document.addEventListener('mousedown', () => { L.down = L.lastMove = performance.now(); }, true);
  document.addEventListener('mousemove', e => {
    if (e.buttons) L.moves.push(L.lastMove = performance.now());
  }, true);
  const figures = () => Array.from(document.querySelectorAll('.jp-Notebook .qt-figure'));
  const counted = new WeakMap();  // img -> src already counted (one picture may be seen twice)
  const watch = img => {
    const fig = img.closest('.qt-figure .widget-output') && img.closest('.qt-figure');
    if (!fig || !img.src || counted.get(img) === img.src) return;
    counted.set(img, img.src);
    const inserted = performance.now();  // the new picture is in the page, not yet on screen
    const shown = () => requestAnimationFrame(() =>
      L.frames.push({fig: figures().indexOf(fig), t: performance.now(), inserted}));
    if (img.complete && img.naturalWidth) shown(); else img.addEventListener('load', shown, {once: true});
  };
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.tagName === 'IMG') watch(r.target);
      for (const n of r.addedNodes || []) {
        if (n.nodeType !== 1) continue;
        if (n.tagName === 'IMG') watch(n);
        n.querySelectorAll('img').forEach(watch);
      }
    }
  }).observe(document.querySelector('.jp-Notebook'),
             {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""

_LATENCY_READ_JS = """([fig, since]) => {
  const L = window.__qtLatency;
  const frames = L.frames.filter(f => f.fig === fig && f.t > since);
  return {frames: frames.map(f => f.t), inserted: frames.map(f => f.inserted),
          sends: L.sends.filter(s => s.t > since), moves: L.moves.filter(t => t > since),
          down: L.down, lastMove: L.lastMove};
}"""


def _measure_latency(page, index: int, since: float, label: str, report):
    """Record the drag-to-picture time of the drag of figure ``index`` started at ``since``."""
    seen = page.evaluate(_LATENCY_READ_JS, [index, since])
    frames, down, last = seen["frames"], seen["down"], seen["lastMove"]
    if not frames or down is None or down < since:
        return
    start = last if last is not None and last <= frames[-1] else down
    final = frames[-1] - start
    entry = {
        "figure": index + 1, "slider": label, "ms": round(final, 1),
        "first_ms": round(frames[0] - down, 1), "pictures": len(frames),
    }
    # Where the time of the final picture went: the last small message sent before it
    # (the slider's final value) splits it into waiting in the page for the kernel to
    # finish the previous value, the kernel's redraw plus the message's trip, and the
    # browser's decoding and painting of the new image.
    inserted = seen["inserted"][-1]
    sent = [s["t"] for s in seen["sends"] if s["bytes"] < 4096 and start - 1 <= s["t"] <= inserted]
    if sent:
        entry["queued_ms"] = round(sent[-1] - start, 1)
        entry["kernel_and_trip_ms"] = round(inserted - sent[-1], 1)
    entry["paint_ms"] = round(frames[-1] - inserted, 1)
    # when the slider's values left the page and the pictures came, from the mouse press
    entry["sent_at_ms"] = [round(s["t"] - down, 1) for s in seen["sends"] if s["bytes"] < 4096]
    entry["pictures_at_ms"] = [round(t - down, 1) for t in frames]
    entry["moves_at_ms"] = [round(t - down, 1) for t in seen["moves"]]
    report.latency.append(entry)


def _poll(predicate, timeout: float, interval: float = 0.25):
    """Call ``predicate`` until it returns something truthy; return it (or the last value)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


def _kernel_idle(page) -> bool:
    return bool(page.evaluate(_KERNEL_IDLE_JS))


def _dismiss_dialogs(page, report, *, problem: bool = False):
    """Close a modal dialog (e.g. "the kernel appears to have died"); note or report it."""
    dialogs = page.locator(".jp-Dialog")
    if dialogs.count():
        text = " ".join(dialogs.first.inner_text(timeout=2000).split())[:300]
        (report.problems if problem else report.notes).append(f"JupyterLab showed a dialog: {text}")
        page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5000)


def _menu(page, menu: str, item: str):
    page.locator(f".lm-MenuBar-itemLabel:text-is('{menu}')").click()
    # Clicking an item right after the menu opens is sometimes dropped.
    page.wait_for_timeout(250)
    page.locator(f".lm-Menu-itemLabel:text-is('{item}')").click()


def _run_all(page, report) -> bool:
    prompts = page.evaluate(_PROMPTS_JS)
    if not any(p is not None for p in prompts):
        return True  # no code cells
    for attempt in range(1, 4):
        _menu(page, "Run", "Run All Cells")
        started = _poll(
            lambda: any(p and re.search(r"\[(\*|\d+)\]", p) for p in page.evaluate(_PROMPTS_JS)),
            timeout=10.0,
        )
        if started:
            report.counts["run_all_attempts"] = attempt
            return True
        page.keyboard.press("Escape")
    report.problems.append("Run > Run All Cells did not start any cell (3 attempts)")
    return False


def _wait_run_finished(page, timeout: float) -> bool:
    """Wait until no cell shows ``[*]`` and the kernel is idle, twice in a row."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        busy = any(p and "*" in p for p in page.evaluate(_PROMPTS_JS))
        quiet = 0 if busy or not _kernel_idle(page) else quiet + 1
        if quiet >= 2:
            return True
        time.sleep(0.25)
    return False


def _save(page, path: Path, report) -> dict | None:
    before = path.stat().st_mtime_ns
    _menu(page, "File", "Save Notebook")

    def saved():
        try:
            if path.stat().st_mtime_ns == before:
                return None
            return json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            return None  # being written

    nb = _poll(saved, timeout=20.0, interval=0.1)
    if not nb:
        report.problems.append("File > Save Notebook did not write the notebook within 20 s")
    return nb or None


def _wait_quiet(page, timeout: float = 30.0):
    _poll(lambda: _kernel_idle(page), timeout=timeout)


def _shot(locator_or_page, path: Path, report, **kwargs):
    """Save a screenshot; its time is added up in ``timings["screenshots"]`` (within the laps)."""
    t0 = time.monotonic()
    try:
        locator_or_page.screenshot(path=str(path), **kwargs)
        report.screenshots.append(path.name)
    except Exception as exc:  # a missing screenshot must not hide the real result
        report.notes.append(f"screenshot {path.name} failed: {exc.__class__.__name__}")
    spent = report.timings.get("screenshots", 0.0) + time.monotonic() - t0
    report.timings["screenshots"] = round(spent, 3)


_GEOMETRY_JS = """(handle) => {
  handle.scrollIntoView({block: 'center', inline: 'nearest'});
  const box = e => { const r = e.getBoundingClientRect();
                     return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const track = handle.closest('.noUi-base');
  const h = box(handle);
  const hit = document.elementFromPoint(h.x + h.width / 2, h.y + h.height / 2);
  return {handle: h, track: track ? box(track) : null, onTop: handle.contains(hit),
          vertical: handle.getAttribute('aria-orientation') === 'vertical'};
}"""


def _drag(page, handle, fraction: float = 0.3):
    """Drag a noUiSlider handle by ``fraction`` of its track, towards the roomier side."""
    for _ in range(5):  # the page may still be moving (a figure above redrawing)
        geometry = handle.evaluate(_GEOMETRY_JS)
        if geometry["onTop"]:
            break
        page.wait_for_timeout(200)
    hb, tb = geometry["handle"], geometry["track"]
    if not tb or not hb["width"]:
        return False
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    if geometry["vertical"]:
        room_up, room_down = y - tb["y"], tb["y"] + tb["height"] - y
        dy = fraction * tb["height"] * (-1 if room_up >= room_down else 1)
        tx, ty = x, y + dy
    else:
        room_left, room_right = x - tb["x"], tb["x"] + tb["width"] - x
        dx = fraction * tb["width"] * (1 if room_right >= room_left else -1)
        tx, ty = x + dx, y
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(tx, ty, steps=2)  # few steps: each one is a redraw in the kernel
    page.mouse.up()
    return True


def _fingerprints(page):
    return page.locator(".jp-Notebook .qt-figure").evaluate_all(_FINGERPRINTS_JS)


def _wait_new_stable(
    page, before: list, indices: list[int], timeout: float, settle: float = 2.0
) -> list:
    """Wait until the figures ``indices`` show a new picture that stays put.

    Returns the last fingerprints.  "Stays put": the kernel is idle and two
    reads 0.4 s apart agree.  A redraw happens in the kernel, and its picture
    reaches the page before the kernel reports idle; so once the kernel has
    been idle for ``settle`` seconds with some figure unchanged, that figure
    is not going to change and waiting stops early (``timeout`` bounds a
    kernel that stays busy).
    """
    deadline = time.monotonic() + timeout
    current = _fingerprints(page)
    idle_since = None
    while time.monotonic() < deadline:
        changed = all(current[i]["fp"] != before[i]["fp"] for i in indices)
        idle = _kernel_idle(page)
        if changed and idle:
            time.sleep(0.4)
            again = _fingerprints(page)
            if again == current and _kernel_idle(page):
                return current
            current = again
            continue
        now = time.monotonic()
        idle_since = (idle_since or now) if idle else None
        if idle_since is not None and now - idle_since >= settle:
            return current
        time.sleep(0.2)
        current = _fingerprints(page)
    # timed out: let the kernel finish so that the final state is what we report
    _wait_quiet(page, 10.0)
    return _fingerprints(page)


def _move_slider(page, figure, k: int, report, label: str):
    """Drag slider ``k`` of ``figure``; return a description of the move, or ``None``."""
    handle = figure.locator(".noUi-handle").nth(k)
    info = handle.evaluate(_SLIDER_JS)
    if info["disabled"]:
        return None

    def moved():
        now = handle.evaluate(_SLIDER_JS)
        return now if (now["now"], now["text"]) != (info["now"], info["text"]) else None

    after = None
    for _attempt in range(3):  # a figure above may redraw and shift the page mid-drag
        if not _drag(page, handle):
            return None
        after = _poll(moved, timeout=1.5, interval=0.1)
        if after:
            break
    if not after:
        report.notes.append(f"{label}: slider {info['label']!r} did not move when dragged")
        return None
    return f"slider {info['label'] or k + 1!r} {info['text']} -> {after['text']}"


def _check_figures(page, report, folder: Path, timeout: float, keys: list | None = None):
    """Move a slider of every interactive figure and check that its picture changes.

    ``keys`` (one per figure on the page) identify the widget model behind
    each figure: a figure displayed twice shows two views of one model, whose
    sliders move together, so only its first view is driven and the second
    must show the same picture.  All figures are moved first and waited for
    together (fast); a figure that did not change is then retried on its own,
    slider by slider, before it is reported.
    """
    figures = page.locator(".jp-Notebook .qt-figure")
    n = figures.count()
    if not n:
        return
    if keys is None or len(keys) != n:
        keys = list(range(n))
    first_view = {}
    for i, key in enumerate(keys):
        first_view.setdefault(key, i)
    primaries = sorted(first_view.values())
    before = _fingerprints(page)
    for i in range(n):
        if before[i]["fp"] is None:
            report.problems.append(
                f"figure {i + 1}: no picture after Run All (shows {before[i]['text']!r})"
            )
        _shot(figures.nth(i), folder / f"figure{i + 1:02d}-before.png", report)
    drivable = []
    for i in primaries:
        if before[i]["fp"] is None:
            continue
        if figures.nth(i).locator(".noUi-handle").count() == 0:
            report.problems.append(f"figure {i + 1}: has no slider")
        else:
            drivable.append(i)
    # First pass: the first slider of every figure, one figure at a time, timing the
    # drag-to-picture latency a learner sees (a wait for all at once would time the queue).
    page.evaluate(_LATENCY_JS)
    moves = {}
    current = before
    for i in drivable:
        since = page.evaluate("performance.now()")
        moves[i] = _move_slider(page, figures.nth(i), 0, report, f"figure {i + 1}")
        if moves[i]:
            current = _wait_new_stable(page, current, [i], timeout)
            _measure_latency(page, i, since, moves[i], report)
    moved = [i for i in drivable if moves[i]]
    current = _fingerprints(page)
    redrawn = {i for i in moved if current[i]["fp"] not in (None, before[i]["fp"])}
    # Slow pass: each remaining figure alone, every slider in turn.
    retried = 0
    for i in drivable:
        if i in redrawn or current[i]["fp"] is None and i in moved:
            continue
        retried += 1
        sliders = figures.nth(i).locator(".noUi-handle").count()
        tried = [moves[i]] if moves.get(i) else []
        for k in range(sliders):
            start = _fingerprints(page)
            move = _move_slider(page, figures.nth(i), k, report, f"figure {i + 1}")
            if not move:
                continue
            tried.append(move)
            current = _wait_new_stable(page, start, [i], timeout)
            if current[i]["fp"] != start[i]["fp"]:
                redrawn.add(i)
                break
        if i not in redrawn:
            if tried:
                report.problems.append(
                    f"figure {i + 1}: the picture did not change after moving " + "; ".join(tried)
                )
            else:
                report.problems.append(f"figure {i + 1}: none of its sliders could be moved")
    final = _fingerprints(page)
    for i in range(n):
        if before[i]["fp"] is not None and final[i]["fp"] is None:
            report.problems.append(
                f"figure {i + 1}: no picture after its slider moved (shows {final[i]['text']!r})"
            )
        p = first_view[keys[i]]
        if p != i and final[i]["fp"] != final[p]["fp"]:
            report.problems.append(
                f"figure {i + 1}: shows a different picture than figure {p + 1}, "
                "another view of the same widget"
            )
        _shot(figures.nth(i), folder / f"figure{i + 1:02d}-after.png", report)
    report.counts["figures_distinct"] = len(primaries)
    report.counts["figures_redrawn"] = len(redrawn)
    report.counts["figures_retried_alone"] = retried


def _check_quizzes(page, report, folder: Path, timeout: float = 15.0):
    """Click *Check* on every self-check question; each must answer (right or wrong)."""
    quizzes = page.locator(".jp-Notebook .qt-quiz")
    n = quizzes.count()
    clicked = []
    for i in range(n):
        button = quizzes.nth(i).locator("button", has_text="Check")
        if not button.count():
            report.problems.append(f"self-check question {i + 1}: no Check button")
            continue
        button.first.click()  # scrolls it into view first
        clicked.append(i)
    answers_js = "qs => qs.map(q => /Correct\\.|Not quite\\./.test(q.innerText))"
    _poll(lambda: all(quizzes.evaluate_all(answers_js)[i] for i in clicked), timeout)
    answers = quizzes.evaluate_all(answers_js) if n else []
    for i in clicked:
        if not answers[i]:
            report.problems.append(
                f"self-check question {i + 1}: no feedback {timeout:.0f} s after clicking Check"
            )
        if not answers[i] or i == clicked[0]:  # the first one, and every failure
            _shot(quizzes.nth(i), folder / f"quiz{i + 1:02d}.png", report)
    report.counts["quizzes_answered"] = sum(bool(answers[i]) for i in clicked)


def _compare_with_page(page, saved: SavedNotebook, report):
    """Every widget the kernel displayed must be rendered as a widget.

    Returns one key per interactive figure on the page, naming the widget
    model it shows (see :func:`_check_figures`).
    """

    def settled():
        dom = page.evaluate(_OUTPUTS_JS)
        loading = any(o["text"].startswith("Loading widget") for c in dom for o in c)
        return None if loading else dom

    # A view shows "Loading widget..." until its model arrives (or is given up on).
    dom = _poll(settled, timeout=30.0) or page.evaluate(_OUTPUTS_JS)
    rendered = 0
    for ci, oi, mid in saved.views:
        outputs = dom[ci] if ci < len(dom) else []
        if oi >= len(outputs):
            report.problems.append(f"cell {ci}: widget output {oi} is missing from the page")
            continue
        out = outputs[oi]
        if out["view"] and out["broken"]:
            report.problems.append(
                f"cell {ci}: widget {mid[:8]} is rendered with {out['broken']} broken "
                "part(s) (JavaScript error in place of a control)"
            )
            continue
        if out["view"] and "Error displaying widget" not in out["text"]:
            rendered += 1
            continue
        shown = out["text"].strip().splitlines()[0] if out["text"].strip() else "nothing"
        report.problems.append(
            f"cell {ci}: widget {mid[:8]} is not rendered (shows {shown!r}"
            + (f", as {out['mime']}" if out["mime"] else "")
            + ")"
        )
    report.counts["widget_views"] = len(saved.views)
    report.counts["widget_views_rendered"] = rendered
    for mid in saved.missing_models:
        report.problems.append(f"widget {mid[:8]} was displayed but its model does not exist")
    if saved.views and not saved.has_widget_state:
        report.problems.append(
            "no widget state in the saved notebook: is the ipywidgets JupyterLab extension loaded?"
        )
    for css, what in (("qt-figure", "interactive figures"), ("qt-quiz", "self-check questions")):
        expected = saved.count_class(css)
        found = page.locator(f".jp-Notebook .{css}").count()
        report.counts[css] = found
        if found != expected:
            report.problems.append(
                f"{what}: the kernel displayed {expected}, the page shows {found}"
            )
    model_of = {(ci, oi): mid for ci, oi, mid in saved.views}
    keys = [
        (model_of.get((ci, oi), f"cell {ci} output {oi}"), k)
        for ci, outputs in enumerate(dom)
        for oi, out in enumerate(outputs)
        for k in range(out["figures"])
    ]
    return keys


def _scan_errors(page, report, console: list[str], *, top_level_known: bool):
    """Errors on the page: tracebacks (also inside widget outputs), widget errors.

    ``top_level_known``: cell-level errors were already reported from the
    saved notebook; only those inside widget outputs are added then.
    """
    text = page.locator(".jp-Notebook").inner_text()
    n = text.count("Error displaying widget")
    if n:
        report.problems.append(f'"Error displaying widget" appears {n} time(s) on the page')
    broken = page.locator(".jp-Notebook .jupyter-widgets-error-widget")
    if broken.count():
        message = ""
        try:  # the error widget shows its message when clicked
            broken.first.click(timeout=5000)
            lines = broken.first.inner_text(timeout=5000).splitlines()
            lines = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("[")]
            message = lines[0][:300] if lines else ""
        except Exception:
            pass
        report.problems.append(
            f"{broken.count()} widget(s) show a JavaScript error instead of a control"
            + (f": {message}" if message else "")
        )
    for item in page.evaluate(_ERRORS_JS, STDERR):
        where = "in a widget output" if item["inWidget"] else "in a cell output"
        snippet = item["text"].strip()
        if TRACEBACK.search(snippet):
            if top_level_known and not item["inWidget"]:
                continue
            last = [ln for ln in snippet.splitlines() if ln.strip()][-1:] or [snippet]
            report.problems.append(f"error {where}: {last[0][:300]}")
        elif snippet and item["inWidget"]:  # cell-level stderr: noted from the saved file
            report.notes.append(f"stderr {where}: {snippet[:300]}")
    for message in console:
        if CONSOLE_WIDGET_ERRORS.search(message):
            report.problems.append(f"browser console: {message.splitlines()[0][:300]}")


def check_notebook(
    page,
    server,
    relpath: str,
    artifacts: Path,
    *,
    console: list[str] | None = None,
    run_timeout: float = 180.0,
    redraw_timeout: float = 30.0,
) -> NotebookReport:
    """Open ``relpath`` in JupyterLab, run it all, save it, and check what shows.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A fresh page (its own browser context).
    server : labserver.LabServer
        The running server; ``relpath`` is relative to ``server.work``.
    relpath : str
        The notebook, e.g. ``"notebooks/00_welcome.ipynb"``.
    artifacts : pathlib.Path
        Folder for this notebook's screenshots and ``report.json`` (emptied first).
    console : list of str, optional
        The page's console messages, appended to while the check runs.
    run_timeout, redraw_timeout : float
        Seconds to wait for Run All to finish and for a figure to redraw.

    Returns
    -------
    NotebookReport
        ``problems`` is empty when the notebook passed.
    """
    console = console if console is not None else []
    report = NotebookReport(name=relpath)
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    timer = _Timer(report)
    try:
        page.goto(server.lab_url(relpath), wait_until="domcontentloaded")
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        timer.lap("load")
        if not _poll(lambda: _kernel_idle(page), timeout=60.0):
            _dismiss_dialogs(page, report)
            if not _poll(lambda: _kernel_idle(page), timeout=30.0):
                report.problems.append("the kernel did not become idle after opening the notebook")
                return report
        page.keyboard.press("Control+b")  # fold the file browser away: more room for the notebook
        timer.lap("kernel")
        if not _run_all(page, report):
            return report
        finished = _wait_run_finished(page, run_timeout)
        timer.lap("run_all")
        _shot(page, artifacts / "after-run-all.png", report)  # the last cells in view
        if not finished:
            report.problems.append(f"Run All did not finish within {run_timeout:.0f} s")
            return report
        _dismiss_dialogs(page, report, problem=True)
        nb = _save(page, server.work / relpath, report)
        timer.lap("save")
        if nb is None:
            return report
        saved = analyse_saved_notebook(nb)
        report.counts["code_cells"] = saved.code_cells
        if saved.unexecuted:
            report.problems.append(f"cells not executed by Run All: {saved.unexecuted}")
        report.problems += [f"error output in {e}" for e in saved.errors]
        keys = _compare_with_page(page, saved, report)
        timer.lap("compare")
        _check_figures(page, report, artifacts, redraw_timeout, keys)
        timer.lap("figures")
        _check_quizzes(page, report, artifacts)
        timer.lap("quizzes")
        _wait_quiet(page, 10.0)
        _scan_errors(page, report, console, top_level_known=bool(saved.errors))
        report.notes += [f"stderr in {s}" for s in saved.stderr]
        report.problems = list(dict.fromkeys(report.problems))  # same error seen twice
    except Exception as exc:
        report.problems.append(f"the check itself failed: {exc.__class__.__name__}: {exc}")
    finally:
        if not report.ok:
            _shot(page, artifacts / "failure.png", report)
        timer.total()
        report.write(artifacts)
        _write_latency(artifacts.parent, report)
    return report


def _write_latency(root: Path, report: NotebookReport):
    """Add this notebook's drag-to-picture times to ``redraw-latency.json`` and ``.txt`` in ``root``."""
    path = root / "redraw-latency.json"
    try:
        table = json.loads(path.read_text()) if path.exists() else {}
    except (OSError, json.JSONDecodeError):
        table = {}
    table[report.name] = {**report.latency_summary(), "drags_detail": report.latency}
    try:
        path.write_text(json.dumps(table, indent=1))
        # "pictures": how many pictures the figure showed per drag (1: only the final one);
        # then the medians of the parts of the time (see _measure_latency)
        parts = ("queued_ms", "kernel_and_trip_ms", "paint_ms")
        lines = [
            f"{'notebook':<48} {'sliders':>7} {'median ms':>10} {'worst ms':>9} {'pictures':>9}"
            f" {'queued':>7} {'kernel+trip':>11} {'paint':>6}"
        ]

        def extra(drags):
            medians = []
            for part in parts:
                values = [d[part] for d in drags if part in d]
                medians.append(f"{statistics.median(values):.0f}" if values else "-")
            pictures = sum(d.get("pictures", 1) for d in drags) / len(drags)
            return f" {pictures:>9.2f} {medians[0]:>7} {medians[1]:>11} {medians[2]:>6}"

        for name, row in sorted(table.items()):
            if row.get("drags"):
                lines.append(
                    f"{name:<48} {row['drags']:>7} {row['median_ms']:>10.0f} {row['worst_ms']:>9.0f}"
                    + extra(row["drags_detail"])
                )
        drags = [d for row in table.values() for d in row.get("drags_detail", [])]
        if drags:
            summary = NotebookReport("all notebooks", latency=drags).latency_summary()
            lines.append(
                f"{'all notebooks':<48} {summary['drags']:>7} {summary['median_ms']:>10.0f} "
                f"{summary['worst_ms']:>9.0f}" + extra(drags)
            )
        (root / "redraw-latency.txt").write_text("\n".join(lines) + "\n")
    except OSError:
        pass
