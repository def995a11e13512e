"""Grading a batch on a Dask cluster: the same gradebook as here, and no submission lost with a worker.

The cluster is a real ``distributed.LocalCluster`` on 127.0.0.1 with two
worker processes (one thread each), the kind of cluster ``batch
--scheduler`` talks to; the exercises are the small toy exercises of the
sandbox and variant tests.  Each test compares the cluster's gradebook,
JSON results and reports with those of a local batch of the same folder,
byte for byte (but for the seconds each took).

Needs the ``cluster`` extra (dask, distributed): skipped without it, except
under CI, where that fails.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import sys
import threading
import time

import nbformat
import pytest

from qtransport.grading import grader as grader_module
from qtransport.grading.__main__ import main
from qtransport.grading.cluster import ClusterUnavailable
from qtransport.grading.generate import generate, generate_for_roster
from qtransport.grading.grader import Catalog, grade_folder

pytestmark = pytest.mark.timeout(300)


def _distributed_or_skip():
    try:
        import distributed
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail('the cluster tests must run in CI: pip install "qtransport[cluster]"')
        pytest.skip('needs the cluster extra: .venv/bin/pip install -e ".[cluster]"')
    return distributed


@pytest.fixture(scope="module")
def cluster():
    distributed = _distributed_or_skip()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, protocol="tcp") as local:
        with distributed.Client(local, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
            yield local, client


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """The two-question toy exercise (``double`` and ``secret_word``): sources and student version."""
    from test_grading_sandbox import toy_source

    root = tmp_path_factory.mktemp("cluster-course")
    (root / "solutions").mkdir()
    nbformat.write(toy_source(), str(root / "solutions" / "ex90_toy.ipynb"))
    generate(root / "solutions", root / "exercises")
    return root


def toy_submissions(root, folder):
    """A solution, a blank, one with a syntax error in its first answer, and a file that is not a notebook."""
    folder.mkdir()
    blank = nbformat.read(str(root / "exercises" / "ex90_toy.ipynb"), as_version=4)
    right = nbformat.from_dict(blank)
    right.cells[2].source = "def double(x):\n    return 2 * x"
    right.cells[5].source = 'secret_word = "fermi"'
    broken = nbformat.from_dict(right)
    broken.cells[2].source = "def double(x)\n    return 2 * x"  # a syntax error: q1 lost, q2 kept
    for name, nb in (("a_right", right), ("b_blank", blank), ("c_broken", broken)):
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    (folder / "d_garbage.ipynb").write_text("this is not a notebook")
    return folder


def outputs(tmp_path, tag):
    return {"csv": tmp_path / f"{tag}.csv", "json_dir": tmp_path / f"{tag}-json", "report_dir": tmp_path / f"{tag}-txt"}


def written(out):
    """The gradebook's bytes, and every JSON result and report without the seconds it took."""
    jsons = {}
    for p in sorted(out["json_dir"].glob("*.json")):
        data = json.loads(p.read_text())
        data.pop("seconds")
        jsons[p.name] = data
    reports = {p.name: "\n".join(line for line in p.read_text().splitlines() if not line.startswith("Graded in"))
               for p in sorted(out["report_dir"].glob("*.txt"))}
    return out["csv"].read_bytes(), jsons, reports


def test_the_cluster_writes_the_gradebook_of_a_local_batch(cluster, toy, tmp_path, monkeypatch):
    local, _ = cluster
    folder = toy_submissions(toy, tmp_path / "inbox")
    here = outputs(tmp_path, "here")
    grade_folder(folder, solutions_dir=toy / "solutions", jobs=2, progress=lambda *a: None, **here)

    # the command line, as an instructor runs it; no notebook may run in this process
    monkeypatch.setattr(grader_module, "_run", lambda *a, **k: pytest.fail("a notebook ran outside the cluster"))
    there = outputs(tmp_path, "there")
    code = main(["batch", str(folder), "--solutions", str(toy / "solutions"), "--scheduler", local.scheduler_address,
                 "--csv", str(there["csv"]), "--json-dir", str(there["json_dir"]),
                 "--report-dir", str(there["report_dir"])])
    assert code == 0
    assert written(there) == written(here)
    rows = list(csv.DictReader(there["csv"].open()))
    assert [(r["submission"], r["status"], r["score"]) for r in rows] == [
        ("a_right.ipynb", "graded", "3"), ("b_blank.ipynb", "graded", "0"), ("c_broken.ipynb", "graded", "1"),
        ("d_garbage.ipynb", "unreadable", "0"),
    ]
    sandbox = json.loads((there["json_dir"] / "a_right.json").read_text())["sandbox"]
    assert sandbox == json.loads((here["json_dir"] / "a_right.json").read_text())["sandbox"]


def test_variants_are_run_once_each_on_the_cluster_and_graded_as_here(cluster, tmp_path):
    """A roster with per-student numbers: one reference task per distinct variant, same scores and flags."""
    import distributed
    from test_grading_variants import ADA, ALAN, NAME, solved, source

    from qtransport.grading.roster import read_roster

    local, client = cluster
    (tmp_path / "solutions").mkdir()
    nbformat.write(source(), str(tmp_path / "solutions" / f"{NAME}.ipynb"))
    roster = tmp_path / "roster.csv"
    roster.write_text(f"id,name,submission\n{ADA},Ada Lovelace,ada.ipynb\n{ALAN},Alan Turing,alan.ipynb\n")
    generate_for_roster(tmp_path / "solutions", roster, tmp_path / "handout")
    folder = tmp_path / "inbox"
    folder.mkdir()
    ada = nbformat.read(str(tmp_path / "handout" / ADA / f"{NAME}.ipynb"), as_version=4)
    nbformat.write(solved(ada), str(folder / "ada.ipynb"))
    nbformat.write(solved(ada), str(folder / "alan.ipynb"))  # Ada's answers handed in by Alan: flagged
    here = outputs(tmp_path, "here")
    grade_folder(folder, solutions_dir=tmp_path / "solutions", roster=roster, jobs=2, progress=lambda *a: None,
                 **here)

    catalog = Catalog(tmp_path / "solutions")
    with distributed.get_task_stream(client) as stream:
        there = outputs(tmp_path, "there")
        results = grade_folder(folder, catalog=catalog, roster=roster, scheduler=local.scheduler_address,
                               progress=lambda *a: None, **there)
    assert written(there) == written(here)
    assert results[0].score == 5.0 and results[1].score < 5.0
    assert any(ADA in flag for flag in results[1].flags)  # named: the answers of Ada's variant
    keys = [str(t["key"]) for t in stream.data]
    _, runs = grader_module._reference_plan(catalog, [NAME], read_roster(roster))
    assert len([k for k in keys if "qtransport-reference" in k]) == len(runs) == 3  # the source's, Ada's, Alan's
    assert len([k for k in keys if "qtransport-grade" in k]) == 2


def _executing(dask_worker):
    return [str(ts.key) for ts in dask_worker.state.executing]


def test_a_worker_killed_mid_batch_costs_no_submission(cluster, toy, tmp_path, monkeypatch):
    from qtransport.grading import cluster as cluster_module

    local, client = cluster
    monkeypatch.setattr(cluster_module, "IN_FLIGHT_MIN", 1)  # one submission per thread in flight: the
    monkeypatch.setattr(cluster_module, "IN_FLIGHT_PER_THREAD", 1)  # others are sent as these finish
    folder = tmp_path / "inbox"
    folder.mkdir()
    right = nbformat.read(str(toy / "exercises" / "ex90_toy.ipynb"), as_version=4)
    right.cells[5].source = 'secret_word = "fermi"'  # q2 right, q1 blank: 1 point
    for k in range(4):  # a little slow, so that the kill finds one running
        right.cells[2].source = f"import time\ntime.sleep(1.5)\ndef double(x):\n    return {k} * x"
        nbformat.write(right, str(folder / f"s{k}.ipynb"))

    killed = []

    def kill_one_busy_worker():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            busy = {w: keys for w, keys in client.run(_executing).items()
                    if any("qtransport-grade" in k for k in keys)}
            if busy:
                time.sleep(1.0)  # its kernel is running by now
                worker = sorted(busy)[0]
                pid = client.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                killed.append((worker, busy[worker]))
                return
            time.sleep(0.1)

    seen = []
    killer = threading.Thread(target=kill_one_busy_worker)
    killer.start()
    there = outputs(tmp_path, "there")
    try:
        results = grade_folder(folder, solutions_dir=toy / "solutions", scheduler=local.scheduler_address,
                               progress=lambda done, total, r: seen.append((done, r.submission)), **there)
    finally:
        killer.join()
    assert killed, "no worker was killed while grading"
    assert [d for d, _ in seen] == [1, 2, 3, 4]  # every submission counted once
    assert sorted(s for _, s in seen) == sorted(str(p) for p in folder.glob("*.ipynb"))
    # the killed worker's submission was graded again, elsewhere, and in its place
    assert [(r.status, r.score) for r in results] == [("graded", 1), ("graded", 1), ("graded", 3), ("graded", 1)]
    rows = list(csv.DictReader(there["csv"].open()))
    assert [(r["submission"], r["score"]) for r in rows] == [("s0.ipynb", "1"), ("s1.ipynb", "1"),
                                                             ("s2.ipynb", "3"), ("s3.ipynb", "1")]
    assert sorted(p.name for p in there["report_dir"].iterdir()) == ["s0.txt", "s1.txt", "s2.txt", "s3.txt"]
    client.wait_for_workers(2, timeout=60)  # the nanny brings the killed worker back


def test_without_the_extra_the_message_says_what_to_install(toy, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    folder = toy_submissions(toy, tmp_path / "inbox")
    with pytest.raises(ClusterUnavailable, match=r'pip install "qtransport\[cluster\]"'):
        grade_folder(folder, solutions_dir=toy / "solutions", scheduler="tcp://127.0.0.1:8786")
    code = main(["batch", str(folder), "--csv", str(tmp_path / "book.csv"), "--solutions", str(toy / "solutions"),
                 "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == 2 and 'pip install "qtransport[cluster]"' in capsys.readouterr().err


def test_an_unreachable_scheduler_is_reported_within_the_timeout(toy, tmp_path, capsys):
    _distributed_or_skip()
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = toy_submissions(toy, tmp_path / "inbox")
    start = time.monotonic()
    code = main(["batch", str(folder), "--csv", str(tmp_path / "book.csv"), "--solutions", str(toy / "solutions"),
                 "--scheduler", f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "2"])
    err = capsys.readouterr().err
    assert code == 2 and f"no Dask scheduler answered at tcp://127.0.0.1:{port} within 2 s" in err
    assert time.monotonic() - start < 15
    code = main(["batch", str(folder), "--csv", str(tmp_path / "book.csv"), "--solutions", str(toy / "solutions"),
                 "--scheduler", f"tcp://127.0.0.1:{port}", "--jobs", "2"])
    assert code == 2 and "drop --jobs" in capsys.readouterr().err
    with pytest.raises(ValueError, match="`scheduler_timeout` must be a number of seconds > 0"):
        grade_folder(folder, solutions_dir=toy / "solutions", scheduler=f"tcp://127.0.0.1:{port}",
                     scheduler_timeout=0)


def test_a_workers_catalog_grades_with_the_shipped_references_and_runs_none(toy, tmp_path, monkeypatch):
    """What a worker is sent grades like the instructor's catalog, without a reference run of its own."""
    folder = toy_submissions(toy, tmp_path / "inbox")
    catalog = Catalog(toy / "solutions")
    grader_module._precompute(catalog, ["ex90_toy"], None, 1)
    state = grader_module._catalog_state(catalog)
    (tmp_path / "worker").mkdir()
    there = grader_module._catalog_from_state(state, tmp_path / "worker")
    assert there.names() == catalog.names() and (tmp_path / "worker" / "ex90_toy.ipynb").exists()
    monkeypatch.setattr(grader_module, "compute_reference", lambda *a, **k: pytest.fail("a reference ran again"))
    path = folder / "a_right.ipynb"
    sub = grader_module._Submission(0, path, path.read_bytes())
    result = grader_module._grade_submission(there, sub, None, [folder], None, {})
    assert (result.exercise, result.status, result.score) == ("ex90_toy", "graded", 3.0)


def test_workers_with_another_grader_are_refused_before_anything_runs(cluster, toy, tmp_path, monkeypatch):
    from qtransport.grading import cluster as cluster_module

    local, _ = cluster
    folder = toy_submissions(toy, tmp_path / "inbox")
    monkeypatch.setattr(cluster_module, "fingerprint", lambda: "qtransport 0.0.9, grader 000000000000")
    with pytest.raises(ClusterUnavailable, match="not the one here .*Install the same version of the course"):
        grade_folder(folder, solutions_dir=toy / "solutions", scheduler=local.scheduler_address,
                     csv=tmp_path / "book.csv", progress=lambda *a: None)
    assert len((tmp_path / "book.csv").read_text().splitlines()) == 1  # the header, no row
