"""Print the benchmark tables: ``make bench`` (or ``python benchmarks/run.py [NAME ...]``).

Every ``benchmarks/bench_*.py`` module defines ``run() -> list of rows`` (see
``_timing.row``).  Times are medians of repeated calls on this machine; a
target is a goal, not a test, and a miss is marked but does not fail.
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def main(argv):
    import numpy as np

    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    print(f"qtransport benchmarks on {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}")
    misses = 0
    for name in names:
        module = importlib.import_module(name)
        rows = module.run()
        width = max(len(r["case"]) for r in rows) if rows else 10
        print(f"\n## {name.removeprefix('bench_')}")
        print(f"{'case':<{width}}  {'median':>10}  {'target':>10}  ok  note")
        for r in rows:
            ok = "" if r["target"] is None else ("yes" if r["seconds"] <= r["target"] else "NO")
            misses += ok == "NO"
            print(f"{r['case']:<{width}}  {fmt_time(r['seconds']):>10}  {fmt_time(r['target']):>10}  {ok:>3} {r['note']}")
    print(f"\n{misses} target(s) missed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
