"""qtransport.grading.runner: the isolated kernel run and its limits."""

from __future__ import annotations

import time

from qtransport.grading._harness import MIME
from qtransport.grading.runner import MIME as RUNNER_MIME
from qtransport.grading.runner import run_isolated


def test_hard_wall_clock_limit_kills_the_run():
    start = time.monotonic()
    run = run_isolated(["import time\ntime.sleep(60)"], cell_timeout=50, total_timeout=55, hard_timeout=3)
    assert time.monotonic() - start < 12
    assert run["failed"] and run["cells"][0]["status"] == "not_run"
    assert "hard limit" in run["notes"][0]


def test_mime_types_agree():
    assert MIME == RUNNER_MIME
