"""Time to grade a submission, per exercise, and from the command line.

* "reference run": the instructor's solution executed once to collect the
  expected values (done once per exercise and per grading session; a batch
  shares it between all submissions);
* "grade": one submission (the solution itself, so every check runs) in a
  fresh kernel, reference already known: the cost per student in a batch;
* "command line": ``python -m qtransport.grading grade`` on one student
  notebook from scratch (interpreter start, reference run, grading run).

The default catalog grades in the sandbox (bubblewrap, when it starts here);
one more row grades the same submission without it, to show what the
sandbox costs.

Target: 10 s per submission.  Kernel start and the notebook's imports
dominate; timings on a shared 2-core machine vary by a factor of two.
"""

from __future__ import annotations

import subprocess
import sys
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
    return rows
