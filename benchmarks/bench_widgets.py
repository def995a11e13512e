"""Update time of every interactive figure: compute alone, and compute + redraw.

"compute" is the physics call behind a control move; "update + redraw" adds
the artist update and the PNG the notebook shows, rendered as in a drag: only
the artists that changed are redrawn (see ``qtransport.widgets._render``).

Every timed call moves the control to a value it has not had before in this
run (other controls at their defaults), as a learner exploring a figure
does: a compute that caches its results would otherwise be timed on cache
hits only.  A control with few values (a checkbox, a short dropdown) is
timed on as many new values as it has, and the note says how many.  One row
gives the first redraw of every figure (a control moved once, right after the
figure is built and its frames prepared as in a kernel): what a learner's
first drag waits for.  Targets:
50 ms and 100 ms (medians; none should pass 150 ms).  The note gives the
slowest call, the median processor time of the redraws (less sensitive than
wall time to other programs sharing the machine) and how many of the redraws
had to draw the whole figure.  The last rows list every control whose
compute on a new value takes more than 50 ms of processor time (the slowest
of its new values).
"""

from __future__ import annotations

import statistics
import time

from _timing import row

#: Timed calls per control and kind (compute alone, update + redraw), each on a new value.
REPEAT = 5
#: Compute time on a new value above which a control is listed as slow.
SLOW = 0.050


def _options(control):
    return [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]


def fresh_values(control, visited, count):
    """Up to ``count`` values of ``control`` not in ``visited``, spread over its range.

    Slider values lie on the slider's step grid (the values a browser sends),
    visited in a scrambled order so that consecutive values are far apart.
    """
    import ipywidgets as w

    if isinstance(control, w.Checkbox):
        candidates = [True, False]
    elif isinstance(control, (w.FloatLogSlider, w.FloatSlider, w.IntSlider)):
        n = int(round((control.max - control.min) / control.step)) if control.step else 0
        order = [(k * 0.6180339887498949) % 1.0 for k in range(1, 4 * count + 40)]
        candidates = []
        for fraction in order:
            exponent_or_value = control.min + round(fraction * n) * control.step
            if isinstance(control, w.FloatLogSlider):
                value = float(control.base**exponent_or_value)
            elif isinstance(control, w.IntSlider):
                value = int(exponent_or_value)
            else:
                value = float(min(exponent_or_value, control.max))
            candidates.append(value)
    else:
        candidates = _options(control)
    fresh = []
    for value in candidates:
        if not _seen(value, visited) and not _seen(value, fresh):
            fresh.append(value)
        if len(fresh) == count:
            break
    visited += fresh
    return fresh


def _seen(value, values):
    """``value in values`` by identity or equality (option values need not be hashable)."""
    for other in values:
        try:
            if other is value or bool(other == value):
                return True
        except (TypeError, ValueError):  # arrays compare elementwise
            continue
    return False


def _median(times):
    return statistics.median(times) if times else float("nan")


def bench_control(name, fig, cname, slow):
    control = fig.controls[cname]
    defaults = fig.values
    visited = [defaults[cname]]
    for_compute = fresh_values(control, visited, REPEAT)
    for_update = fresh_values(control, visited, REPEAT)
    compute_times, compute_cpu = [], []
    for value in for_compute:
        t0, c0 = time.perf_counter(), time.process_time()
        fig._compute(**{**defaults, cname: value})
        compute_times.append(time.perf_counter() - t0)
        compute_cpu.append(time.process_time() - c0)
    full_before = fig.frames.full_draws, fig.frames.frames
    wall, cpu = [], []
    for value in for_update:
        t0, c0 = time.perf_counter(), time.process_time()
        fig.set(**{cname: value})
        fig.render_png()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    fig.set(**{cname: defaults[cname]})
    full = fig.frames.full_draws - full_before[0], fig.frames.frames - full_before[1]
    compute = _median(compute_times)
    # Processor time decides "slow": wall time also counts other programs sharing the machine.
    if compute_cpu and max(compute_cpu) > SLOW:
        slow.append((name, cname, _median(compute_cpu), max(compute_cpu)))
    few = "" if len(for_compute) == REPEAT else f"{len(for_compute)} new value(s), "
    compute_note = (
        f"{few}slowest {max(compute_times, default=float('nan')) * 1e3:.0f} ms, "
        f"cpu {_median(compute_cpu) * 1e3:.0f} ms (slowest {max(compute_cpu, default=float('nan')) * 1e3:.0f} ms)"
    )
    few = "" if len(for_update) == REPEAT else f"{len(for_update)} new value(s), "
    redraw_note = (
        f"{few}slowest {max(wall, default=float('nan')) * 1e3:.0f} ms, "
        f"cpu {_median(cpu) * 1e3:.0f} ms, full redraws {full[0]}/{full[1]}"
    )
    rows = [row(f"{name} [{cname}]: compute", compute, 0.050, compute_note)]
    if wall:
        rows.append(row(f"{name} [{cname}]: update + redraw", _median(wall), 0.100, redraw_note))
    return rows


def first_move(fig):
    """Seconds of the first redraw after display, or None.

    The first control with more values than its own rows time is moved once,
    to a value those rows never use (so their timings meet no value seen
    before); None when no control has that many.
    """
    for cname, control in fig.controls.items():
        default = fig.values[cname]
        values = fresh_values(control, [default], 2 * REPEAT + 1)
        if len(values) > 2 * REPEAT:
            break
    else:
        return None
    t0 = time.perf_counter()
    fig.set(**{cname: values[-1]})
    fig.render_png()
    seconds = time.perf_counter() - t0
    fig.set(**{cname: default})
    fig.render_png()
    return seconds


def run():
    from qtransport.widgets import all_figures

    rows, slow, first = [], [], []
    for name, builder in sorted(all_figures().items()):
        fig = builder()
        fig.prepare_frames()  # as the constructor does in a kernel
        first.append(first_move(fig))
        for cname in fig.controls:
            rows += bench_control(name, fig, cname, slow)
    first = [t for t in first if t is not None]
    rows.append(row("first move of a figure's first control, median over figures", _median(first), 0.100,
                    f"{len(first)} figures (those with a control of over {2 * REPEAT} values), slowest "
                    f"{max(first) * 1e3:.0f} ms; frames prepared as in a kernel"))
    for name, cname, median, worst in sorted(slow, key=lambda s: -s[3]):
        rows.append(row(f"slow on new values: {name} [{cname}]", worst, SLOW,
                        f"compute cpu time, slowest new value (median {median * 1e3:.0f} ms)"))
    return rows
