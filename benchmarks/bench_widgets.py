"""Update time of every interactive figure: compute alone, and compute + redraw.

"compute" is the physics call behind a control move; "update + redraw" adds
the artist update and the PNG the notebook shows, rendered as in a drag: only
the artists that changed are redrawn (see ``qtransport.widgets._render``).
Each control of each figure is alternated between two values so that every
call does real work.  Targets: 50 ms and 100 ms (medians; none should pass
150 ms).  The note gives the median processor time of the same calls (less
sensitive than wall time to other programs sharing the machine) and how many
of the redraws had to draw the whole figure.
"""

from __future__ import annotations

import statistics
import time

from _timing import median_seconds, row


def two_values(control, current):
    import ipywidgets as w

    if isinstance(control, (w.FloatSlider, w.IntSlider)):
        span = control.max - control.min
        values = [control.min + 0.3 * span, control.min + 0.7 * span]
        return [round(v) for v in values] if isinstance(control, w.IntSlider) else values
    if isinstance(control, w.Checkbox):
        return [True, False]
    options = [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]
    others = [o for o in options if o != current]
    return [current, others[0]] if others else [current, current]


def bench_control(name, fig, cname):
    values = two_values(fig.controls[cname], fig.values[cname])
    state = {"i": 0}

    def compute_only():
        state["i"] += 1
        fig._compute(**{**fig.values, cname: values[state["i"] % 2]})

    def full_update():
        state["i"] += 1
        fig.set(**{cname: values[state["i"] % 2]})
        fig.render_png()

    compute_wall = median_seconds(compute_only, repeat=5)
    full_before = fig.frames.full_draws, fig.frames.frames
    cpu = []

    def timed_update():
        t0 = time.process_time()
        full_update()
        cpu.append(time.process_time() - t0)

    redraw_wall = median_seconds(timed_update, repeat=5)
    full = fig.frames.full_draws - full_before[0], fig.frames.frames - full_before[1]
    note = f"cpu {statistics.median(cpu[1:]) * 1e3:.0f} ms, full redraws {full[0]}/{full[1]}"
    return [
        row(f"{name} [{cname}]: compute", compute_wall, 0.050),
        row(f"{name} [{cname}]: update + redraw", redraw_wall, 0.100, note),
    ]


def run():
    from qtransport.widgets import all_figures

    rows = []
    for name, builder in sorted(all_figures().items()):
        fig = builder()
        defaults = fig.values
        for cname in fig.controls:
            rows += bench_control(name, fig, cname)
            fig.set(**{cname: defaults[cname]})
    return rows
