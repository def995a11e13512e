"""Update time of every interactive figure: compute alone, and compute + redraw.

"compute" is the physics call behind a control move; "update + redraw" adds
the artist update and the PNG render the notebook shows.  Each control of
each figure is alternated between two values so that every call does real
work.  Targets: 50 ms and 150 ms (medians).
"""

from __future__ import annotations

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

    return [
        row(f"{name} [{cname}]: compute", median_seconds(compute_only, repeat=5), 0.050),
        row(f"{name} [{cname}]: update + redraw", median_seconds(full_update, repeat=5), 0.150),
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
