"""Time to grade a submission, per exercise, and from the command line.

* "reference run": the instructor's solution executed once to collect the
  expected values (done once per exercise and per grading session; a batch
  shares it between all submissions);
* "grade": one submission (the solution itself, so every check runs) in a
  fresh kernel, reference already known: the cost per student in a batch;
* "command line": ``python -m qtransport.grading grade`` on one student
  notebook from scratch (interpreter start, reference run, grading run);
* "batch": a class of 40 copies of the first exercise's solution graded by
  ``grade_folder`` (the reference run already made) with ``jobs=1``,
  ``jobs=2`` and, with the ``cluster`` extra, on a two-worker Dask
  ``LocalCluster`` on 127.0.0.1 (one thread per worker; its start is not
  timed).  Each row gives submissions per minute and the speed-up over the
  serial batch; the target of ``jobs=2`` is 1.7 times the serial rate.
  ``QTRANSPORT_BENCH_COPIES=N`` grades N copies instead of 40.

The default catalog grades in the sandbox (bubblewrap, when it starts here);
one more row grades the same submission without it, to show what the
sandbox costs.

Target: 10 s per submission.  Kernel start and the notebook's imports
dominate; timings on a shared 2-core machine vary by a factor of two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_seconds, row

ROOT = Path(__file__).resolve().parents[1]


def run():
    from qtransport.grading.grader import Catalog, grade

    catalog = Catalog(ROOT / "solutions")
    rows = []
    for name in catalog.names():
        start = time.perf_counter()
        reference = catalog.reference(name)
        rows.append(row(f"{name}: reference run", time.perf_counter() - start, None,
                        f"{sum(len(v) for v in reference.checks.values())} checks"))
        path = ROOT / "solutions" / f"{name}.ipynb"
        seconds = median_seconds(lambda path=path: grade(path, catalog=catalog), repeat=2, warmup=0)
        rows.append(row(f"{name}: grade one submission", seconds, 10.0, "reference cached"))
    box, warning = catalog.sandbox
    name = catalog.names()[0]
    bare = Catalog(ROOT / "solutions", sandbox="off")
    bare.reference(name)
    path = ROOT / "solutions" / f"{name}.ipynb"
    seconds = median_seconds(lambda: grade(path, catalog=bare), repeat=3, warmup=0)
    rows.append(row(f"{name}: grade one submission, no sandbox", seconds, None,
                    "compare the sandboxed row" if box is not None else "the sandbox does not start here"))
    command = [sys.executable, "-m", "qtransport.grading", "grade", str(ROOT / "exercises" / f"{name}.ipynb"),
               "--solutions", str(ROOT / "solutions"), "--quiet"]
    seconds = median_seconds(lambda: subprocess.run(command, capture_output=True), repeat=2, warmup=0)
    rows.append(row(f"{name}: command line, from scratch", seconds, 10.0, "reference run included"))
    rows += batch_rows(catalog, name, int(os.environ.get("QTRANSPORT_BENCH_COPIES", "40")))
    return rows


def batch_rows(catalog, name, copies):
    """A class of ``copies`` solutions of ``name``: serially, two at a time, and on a two-worker cluster."""
    from qtransport.grading.grader import grade_folder

    rows = []
    with tempfile.TemporaryDirectory(prefix="qtransport-bench-") as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for k in range(copies):
            shutil.copy(ROOT / "solutions" / f"{name}.ipynb", folder / f"student{k:03d}.ipynb")

        def batch(**kw):
            start = time.perf_counter()
            results = grade_folder(folder, catalog=catalog, exercise=name, progress=lambda *a: None, **kw)
            seconds = time.perf_counter() - start
            full = sum(r.score == r.max_score for r in results)
            if full != copies:
                raise RuntimeError(f"the batch gave {copies - full} of {copies} solutions less than full marks")
            return seconds

        serial = batch(jobs=1)
        rows.append(row(f"{name}: batch of {copies}, --jobs 1", serial, None, _rate(copies, serial, serial)))
        two = batch(jobs=2)
        rows.append(row(f"{name}: batch of {copies}, --jobs 2", two, serial / 1.7, _rate(copies, two, serial)))
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            rows.append(row(f"{name}: batch of {copies}, 2-worker Dask cluster", None, None,
                            'needs the cluster extra: pip install -e ".[cluster]"'))
            return rows
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
            on_cluster = batch(scheduler=client)
        rows.append(row(f"{name}: batch of {copies}, 2-worker Dask cluster", on_cluster, None,
                        _rate(copies, on_cluster, serial)))
    return rows


def _rate(copies, seconds, serial):
    return f"{60 * copies / seconds:.1f} submissions/min, {serial / seconds:.2f}x the serial rate"
