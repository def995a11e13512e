"""The grader against hostile notebooks: every attack a cheating student could try, run for real.

Each test hands the real grader (in this process, or its command line in a
child process) a notebook whose code attacks it, and asserts the fair score,
that every instructor file, output file and other submission is
byte-identical afterwards, and that no process of the submission is left.
The attacks are written to be harmless when they succeed (they create
uniquely named files, which the tests remove, and kill only processes of the
batch under test).

The toy exercise has two questions: ``double(x)`` (2 points) and the word
``secret_word`` (1 point, compared with the solution's value, so feedback
shows what the notebook put there: the channel through which an attack
reports what it could read).

The sandbox is required here: without it (no bubblewrap, no user namespaces)
these tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: F401

import qtransport.grading
from qtransport.grading.exercise import SourceError, library_names, parse_exercise, untrusted_uses
from qtransport.grading.generate import generate
from qtransport.grading.grader import Catalog, grade
from qtransport.grading.sandbox import Limits, SandboxUnavailable, find_sandbox

NAME = "ex90_toy"
LIMITS = Limits(memory="2GiB", processes=64)
LIMIT_ARGS = ["--sandbox", "required", "--memory", "2GiB", "--max-processes", "64"]
GRADING_SOURCE = Path(qtransport.grading.__file__).resolve().parent


def toy_source():
    cells = [
        new_code_cell("import numpy as np\nfrom qtransport.grading import check"),
        new_markdown_cell("## Q1: double it"),
        new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        new_code_cell(
            '# TEST q1 points=2\ncheck("double 1", double(1.0), expect=2.0)\n'
            '### BEGIN HIDDEN TESTS\ncheck("double 21", double(21.0), expect=42.0)\n### END HIDDEN TESTS'
        ),
        new_markdown_cell("## Q2: the word"),
        new_code_cell('### BEGIN SOLUTION\nsecret_word = "fermi"\n### END SOLUTION'),
        new_code_cell('# TEST q2 points=1\ncheck("the word", secret_word)'),
    ]
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def _sandbox_or_skip():
    try:
        find_sandbox(LIMITS)
    except SandboxUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the grading sandbox must work in CI: {exc}")
        pytest.skip(f"the grading sandbox cannot start here: {exc}")


#: The grader's temporary folders of this test run (kernels carry it in their command line).
GRADING_TMP = None


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    global GRADING_TMP
    _sandbox_or_skip()
    GRADING_TMP = str(tmp_path_factory.mktemp("gradetmp"))
    saved = tempfile.tempdir
    tempfile.tempdir = GRADING_TMP
    root = tmp_path_factory.mktemp("course")
    (root / "solutions").mkdir()
    nbformat.write(toy_source(), str(root / "solutions" / f"{NAME}.ipynb"))
    generate(root / "solutions", root / "exercises")
    catalog = Catalog(root / "solutions", sandbox="required", limits=LIMITS)
    catalog.reference(NAME)
    yield root, catalog
    tempfile.tempdir = saved


ANSWER_CELLS = {"q1": 2, "q2": 5}


def grading_processes():
    """Processes of this run's grading: kernels carry the grader's temporary folder in their command line."""
    return marked_processes(GRADING_TMP) if GRADING_TMP else []


@pytest.fixture(autouse=True)
def nothing_changes_and_nothing_stays(request):
    """Around every test: the instructor's files and the grader are byte-identical, no grading process is left."""
    if "course" not in request.fixturenames:
        yield
        return
    root, _ = request.getfixturevalue("course")
    before = digest(root / "solutions", root / "exercises", GRADING_SOURCE)
    yield
    assert digest(root / "solutions", root / "exercises", GRADING_SOURCE) == before
    deadline = time.time() + 5
    while grading_processes() and time.time() < deadline:
        time.sleep(0.1)
    assert grading_processes() == []


def student(root, hostile="", *, correct=False, word=None, at="q1"):
    """The generated exercise, answered or blank, with ``hostile`` code at the end of an answer cell.

    ``at="q1"``: in the cell that defines ``double``; ``at="q2"``: in the
    cell that sets ``secret_word`` (so what the code puts there is graded).
    """
    nb = nbformat.read(str(root / "exercises" / f"{NAME}.ipynb"), as_version=4)
    if correct:
        nb.cells[2].source = "def double(x):\n    return 2 * x"
        nb.cells[5].source = 'secret_word = "fermi"'
    if word is not None:
        nb.cells[5].source = f"secret_word = {word!r}"
    if hostile:
        cell = nb.cells[ANSWER_CELLS[at]]
        cell.source += "\n" + textwrap.dedent(hostile)
    return nb


def save(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def digest(*roots):
    """sha256 of every file under ``roots``: what must be byte-identical after grading."""
    out = {}
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            if "__pycache__" in p.parts:
                continue
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def marked_processes(marker):
    """Processes (not this test run's own) whose command line carries ``marker``."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline and b"pytest" not in cmdline:
            found.append(int(pid))
    return found


def kill_marked(marker):
    for pid in marked_processes(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def q(result, qid):
    return next(x for x in result.questions if x.qid == qid)


def word_seen(result):
    """What the notebook put in ``secret_word`` (the feedback of q2 quotes it)."""
    text = " ".join(c.message for c in q(result, "q2").checks)
    match = re.search(r"got '([^']*)'", text)
    return match[1] if match else None


def cli(*args, env=None, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "qtransport.grading", *map(str, args)],
        capture_output=True, text=True, env={**os.environ, "TMPDIR": GRADING_TMP, **(env or {})}, timeout=timeout,
    )


#: Walks the file system for a file and runs the code cells it holds (the first attack of the issue).
FIND_AND_RUN = '''
import json, os
def _hunt(filename, needle):
    roots = []
    try:
        import pathlib, qtransport
        roots.append(str(pathlib.Path(qtransport.__file__).resolve().parents[1]))
    except Exception:
        pass
    roots += [os.getcwd(), os.path.expanduser("~"), "/tmp", "/var/tmp", "/work", "/home", "/root", "/srv", "/"]
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            if dirpath.count(os.sep) > 10:
                dirnames[:] = []
            dirnames[:] = [d for d in dirnames if d not in ("proc", "sys", "dev", "usr", ".venv", ".git", "site-packages")]
            for name in filenames:
                if name == filename:
                    path = os.path.join(dirpath, name)
                    try:
                        text = open(path).read()
                    except OSError:
                        continue
                    if needle in text:
                        return path
    return None
def _run_cells(path):
    for cell in json.load(open(path))["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and not src.lstrip().startswith("# TEST") and "check(" not in src:
            try:
                exec(src, globals())
            except Exception:
                pass
'''


# --------------------------------------------------------------------------- reading what it must not


def test_a_blank_that_finds_and_runs_the_solutions_scores_zero(course, tmp_path):
    root, catalog = course
    before = digest(root / "solutions", root / "exercises", GRADING_SOURCE)
    hostile = FIND_AND_RUN + '\n_found = _hunt("ex90_toy.ipynb", "BEGIN SOLUTION")\nif _found:\n    _run_cells(_found)\n'
    result = grade(save(student(root, hostile), tmp_path / "cheat.ipynb"), catalog=catalog)
    assert result.status == "graded", result.notes
    assert result.score == 0, result.report()
    assert digest(root / "solutions", root / "exercises", GRADING_SOURCE) == before


def test_other_submissions_of_the_batch_cannot_be_read(course, tmp_path):
    root, _ = course
    folder = tmp_path / "submissions"
    name = f"b_victim_{uuid.uuid4().hex}.ipynb"  # unique: the hunt must not find a copy of an earlier run
    victim = save(student(root, correct=True), folder / name)
    hostile = FIND_AND_RUN + f'\n_found = _hunt("{name}", "fermi")\nif _found:\n    _run_cells(_found)\n'
    save(student(root, hostile), folder / "a_copycat.ipynb")
    before = digest(folder)
    out = cli("batch", folder, "--csv", tmp_path / "book.csv", "--solutions", root / "solutions", *LIMIT_ARGS)
    assert out.returncode == 0, out.stderr
    rows = {r["submission"]: r for r in csv.DictReader(open(tmp_path / "book.csv"))}
    assert rows["a_copycat.ipynb"]["score"] == "0", rows
    assert rows[name]["score"] == "3", rows
    assert digest(folder) == before
    assert digest(victim) == {str(victim): before[str(victim)]}


def test_files_of_the_graders_account_cannot_be_read(course, tmp_path, monkeypatch):
    root, catalog = course
    home = tmp_path / "instructor-home"
    home.mkdir()
    (home / "answers.py").write_text('secret_word = "fermi"\n')
    monkeypatch.setenv("HOME", str(home))
    hostile = '''
    import os
    secret_word = "nothing read"
    for _path in (os.path.expanduser("~/answers.py"), os.environ.get("HOME", "") + "/answers.py"):
        try:
            exec(open(_path).read())
            break
        except OSError:
            pass
    '''
    result = grade(save(student(root, hostile, at="q2"), tmp_path / "home.ipynb"), catalog=catalog)
    assert q(result, "q2").score == 0, result.report()
    assert word_seen(result) == "nothing read"


def test_the_graders_environment_and_processes_cannot_be_read(course, tmp_path, monkeypatch):
    root, catalog = course
    token = uuid.uuid4().hex
    monkeypatch.setenv("QTGRADE_INSTRUCTOR_TOKEN", token)
    hostile = '''
    import os
    _seen = []
    if "QTGRADE_INSTRUCTOR_TOKEN" in os.environ:
        _seen.append(os.environ["QTGRADE_INSTRUCTOR_TOKEN"])
    for _pid in os.listdir("/proc"):
        if _pid.isdigit():
            try:
                _env = open(f"/proc/{_pid}/environ", "rb").read().decode(errors="replace")
            except OSError:
                continue
            for _item in _env.split("\\0"):
                if _item.startswith("QTGRADE_INSTRUCTOR_TOKEN="):
                    _seen.append(_item.split("=", 1)[1])
    _pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    secret_word = "seen " + (_seen[0] if _seen else "none") + f" pids {len(_pids)}"
    '''
    result = grade(save(student(root, hostile, at="q2"), tmp_path / "environ.ipynb"), catalog=catalog)
    seen = word_seen(result)
    assert seen is not None and token not in seen, result.report()
    count = int(seen.rsplit(" ", 1)[1])
    assert count < 10, f"the kernel saw {count} processes: not in a PID namespace of its own"


# --------------------------------------------------------------------------- writing what it must not


def test_the_course_tree_and_the_grader_cannot_be_changed(course, tmp_path):
    root, catalog = course
    marker = uuid.uuid4().hex
    before = digest(root / "solutions", root / "exercises", GRADING_SOURCE)
    hostile = FIND_AND_RUN + f'''
_found = _hunt("ex90_toy.ipynb", "BEGIN SOLUTION")
if _found:
    try:
        import json
        _nb = json.load(open(_found))
        _nb["cells"] = [c for c in _nb["cells"] if "HIDDEN" not in "".join(c["source"])]
        json.dump(_nb, open(_found, "w"))
    except OSError:
        pass
try:
    import pathlib, qtransport.grading
    (pathlib.Path(qtransport.grading.__file__).parent / "_{marker}.py").write_text("x = 1")
except OSError:
    pass
'''
    planted = GRADING_SOURCE / f"_{marker}.py"
    try:
        result = grade(save(student(root, hostile), tmp_path / "vandal.ipynb"), catalog=catalog)
        assert result.status == "graded"
        assert not planted.exists()
        assert digest(root / "solutions", root / "exercises", GRADING_SOURCE) == before
    finally:
        planted.unlink(missing_ok=True)


def test_the_python_environment_cannot_be_changed(course, tmp_path):
    root, catalog = course
    import site

    marker = uuid.uuid4().hex
    hostile = f'''
    import site
    for _d in site.getsitepackages():
        try:
            open(_d + "/qtgrade_{marker}.pth", "w").write("import os\\n")
        except OSError:
            pass
    '''
    planted = [Path(d) / f"qtgrade_{marker}.pth" for d in site.getsitepackages()]
    try:
        grade(save(student(root, hostile), tmp_path / "pth.ipynb"), catalog=catalog)
        assert not any(p.exists() for p in planted)
    finally:
        for p in planted:
            p.unlink(missing_ok=True)


def test_nothing_is_left_in_tmp_shm_or_a_home_folder(course, tmp_path):
    root, catalog = course
    marker = uuid.uuid4().hex
    places = ["/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~")]
    hostile = f'''
    import os
    for _d in {places!r} + [os.path.expanduser("~")]:
        try:
            open(os.path.join(_d, "qtgrade_{marker}"), "w").write("the hidden checks were here")
        except OSError:
            pass
    '''
    planted = [Path(d) / f"qtgrade_{marker}" for d in places]
    try:
        result = grade(save(student(root, hostile, correct=True), tmp_path / "litter.ipynb"), catalog=catalog)
        assert result.score == 3
        assert not any(p.exists() for p in planted), [p for p in planted if p.exists()]
    finally:
        for p in planted:
            p.unlink(missing_ok=True)


# --------------------------------------------------------------------------- processes


DAEMON = '''
import os, subprocess, sys
def _daemon(code, marker):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            subprocess.Popen([sys.executable, "-c", code, marker], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os._exit(0)
    os.wait()
'''


def test_nothing_the_notebook_starts_survives_it(course, tmp_path):
    root, catalog = course
    marker = uuid.uuid4().hex
    hostile = DAEMON + f'\n_daemon("import time; time.sleep(120)", "{marker}")\n'
    try:
        result = grade(save(student(root, hostile, correct=True), tmp_path / "daemon.ipynb"), catalog=catalog)
        assert result.score == 3, result.report()
        time.sleep(0.5)
        assert marked_processes(marker) == []
    finally:
        kill_marked(marker)


def test_a_left_behind_process_cannot_rewrite_the_gradebook_or_reports(course, tmp_path):
    root, _ = course
    marker = uuid.uuid4().hex
    folder = tmp_path / "submissions"
    # the daemon finds the batch's output paths in its command line, waits for it to end, then rewrites them
    rewrite = textwrap.dedent('''
        import os, sys, time
        targets, batch = [], None
        end = time.time() + 60
        while time.time() < end:
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")
                    cwd = os.readlink(f"/proc/{pid}/cwd")
                except OSError:
                    continue
                if b"batch" in argv and b"--csv" in argv:
                    batch = pid
                    for flag in (b"--csv", b"--json-dir"):
                        if flag in argv:
                            targets.append(os.path.join(cwd, argv[argv.index(flag) + 1].decode()))
            if batch:
                break
            time.sleep(0.1)
        while batch and os.path.exists(f"/proc/{batch}"):
            time.sleep(0.05)
        for t in targets:
            files = [os.path.join(t, f) for f in os.listdir(t)] if os.path.isdir(t) else [t]
            for f in files:
                open(f, "w").write("rewritten")
    ''')
    hostile = DAEMON + f"\n_daemon({rewrite!r}, {marker!r})\n"
    save(student(root, hostile), folder / "a_rewriter.ipynb")
    save(student(root, correct=True), folder / "b_honest.ipynb")
    book, jsons = tmp_path / "book.csv", tmp_path / "json"
    try:
        out = cli("batch", folder, "--csv", book, "--json-dir", jsons, "--solutions", root / "solutions", *LIMIT_ARGS)
        assert out.returncode == 0, out.stderr
        written = digest(book, jsons)
        deadline = time.time() + 8
        while marked_processes(marker) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
        assert marked_processes(marker) == []
        assert digest(book, jsons) == written
        rows = {r["submission"]: r["score"] for r in csv.DictReader(open(book))}
        assert rows == {"a_rewriter.ipynb": "0", "b_honest.ipynb": "3"}
    finally:
        kill_marked(marker)


def test_a_submission_cannot_kill_the_batch(course, tmp_path):
    root, _ = course
    folder = tmp_path / "submissions"
    hostile = '''
    import os, signal
    for _pid in os.listdir("/proc"):
        if _pid.isdigit() and int(_pid) != os.getpid():
            try:
                _argv = open(f"/proc/{_pid}/cmdline", "rb").read()
            except OSError:
                continue
            if b"qtransport.grading" in _argv or b"runner.py" in _argv or b"ipykernel" in _argv:
                try:
                    os.kill(int(_pid), signal.SIGKILL)
                except OSError:
                    pass
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    '''
    save(student(root, hostile, correct=True), folder / "a_killer.ipynb")
    save(student(root, correct=True), folder / "b_honest.ipynb")
    out = cli("batch", folder, "--csv", tmp_path / "book.csv", "--solutions", root / "solutions", *LIMIT_ARGS)
    assert out.returncode == 0, out.stderr
    rows = {r["submission"]: r["score"] for r in csv.DictReader(open(tmp_path / "book.csv"))}
    assert rows["b_honest.ipynb"] == "3", rows
    assert rows["a_killer.ipynb"] == "3", rows  # it killed nothing but (at most) its own kernel


@pytest.mark.parametrize("mode", ["required", "off"])
def test_a_submission_cannot_change_another_one(course, tmp_path, mode):
    """With the sandbox it cannot touch the file; without it, the batch still grades what was handed in."""
    root, _ = course
    folder = tmp_path / "submissions"
    name = f"b_victim_{uuid.uuid4().hex}.ipynb"  # unique: the hunt must not find a copy of an earlier run
    hostile = FIND_AND_RUN + f'''
_victim = _hunt("{name}", "fermi")
if _victim:
    try:
        open(_victim, "w").write("{{}}")
    except OSError:
        pass
'''
    save(student(root, hostile), folder / "a_saboteur.ipynb")
    victim = save(student(root, correct=True), folder / name)
    original = victim.read_bytes()
    args = LIMIT_ARGS if mode == "required" else ["--sandbox", "off"]
    try:
        out = cli("batch", folder, "--csv", tmp_path / "book.csv", "--solutions", root / "solutions", *args)
        assert out.returncode == 0, out.stderr
        rows = {r["submission"]: r for r in csv.DictReader(open(tmp_path / "book.csv"))}
        assert rows[name]["score"] == "3", rows
        if mode == "required":
            assert victim.read_bytes() == original
        else:
            assert "WARNING: graded WITHOUT the sandbox" in rows[name]["notes"]
            assert "WARNING" in out.stderr
    finally:
        victim.write_bytes(original)


# --------------------------------------------------------------------------- network and limits


def test_no_network_not_even_the_machines_loopback(course, tmp_path):
    root, catalog = course
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    received = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            received.append(conn.recv(65536))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    hostile = f'''
    import socket
    try:
        _s = socket.create_connection(("127.0.0.1", {port}), timeout=2)
        _s.sendall(repr(globals().get("In", "no history")).encode()[:60000])
        _s.close()
    except OSError:
        pass
    '''
    try:
        result = grade(save(student(root, hostile, correct=True), tmp_path / "leak.ipynb"), catalog=catalog)
        assert result.score == 3
        time.sleep(0.3)
        assert received == []
    finally:
        stop.set()
        thread.join(2)
        server.close()


def test_a_cell_over_the_memory_limit_fails_its_question_only(course, tmp_path):
    root, catalog = course
    nb = student(root, correct=True)
    nb.cells[2].source = "import numpy as np\ndef double(x):\n    big = np.ones(3 * 2**30 // 8)\n    return 2 * x + 0 * big[0]"
    result = grade(save(nb, tmp_path / "hog.ipynb"), catalog=catalog)
    assert q(result, "q1").score == 0
    assert q(result, "q2").score == 1
    messages = " ".join(c.message for c in q(result, "q1").checks)
    assert "MemoryError" in messages, result.report()


def test_processes_are_limited(course, tmp_path):
    root, catalog = course
    marker = uuid.uuid4().hex
    hostile = '''
    import os, time
    _n = 0
    for _ in range(200):
        try:
            _pid = os.fork()
        except OSError:
            break
        if _pid == 0:
            time.sleep(3)
            os._exit(0)
        _n += 1
    secret_word = "forks " + str(_n)
    '''
    try:
        result = grade(save(student(root, hostile, at="q2"), tmp_path / "forks.ipynb"), catalog=catalog)
        seen = word_seen(result)
        assert seen and seen.startswith("forks "), result.report()
        assert int(seen.split()[1]) < LIMITS.processes
    finally:
        kill_marked(marker)


# --------------------------------------------------------------------------- the batch keeps what it graded


def test_an_interrupted_batch_keeps_the_rows_it_wrote(course, tmp_path):
    root, _ = course
    folder = tmp_path / "submissions"
    save(student(root, correct=True), folder / "a_quick.ipynb")
    save(student(root, "import time\ntime.sleep(25)", correct=True), folder / "b_slow.ipynb")
    book = tmp_path / "book.csv"
    cmd = [sys.executable, "-m", "qtransport.grading", "batch", str(folder), "--csv", str(book)]
    proc = subprocess.Popen(
        cmd + ["--solutions", str(root / "solutions"), *LIMIT_ARGS],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "TMPDIR": GRADING_TMP},
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if book.exists() and len(book.read_text().splitlines()) >= 2:
                break
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        rows = list(csv.DictReader(open(book)))
        assert [r["submission"] for r in rows] == ["a_quick.ipynb"]
        assert rows[0]["score"] == "3"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- nothing in the kernel is trusted


def test_a_second_payload_with_the_cells_secret_scores_zero(course, tmp_path):
    root, catalog = course
    hostile = '''
    import json, re
    from IPython import get_ipython
    from IPython.display import publish_display_data
    def _forge(info):
        cell = getattr(info, "raw_cell", "") or ""
        nonce = re.search(r"nonce='([0-9a-f]{32})'", cell)
        question = re.search(r"question='(q\\d+)'", cell)
        if nonce and question and question[1] == "q1":
            results = [{"name": "double 1", "hidden": False, "value": 2.0, "status": "ok"},
                       {"name": "double 21", "hidden": True, "value": 42.0, "status": "ok"}]
            payload = {"nonce": nonce[1], "question": "q1", "results": results, "error": None}
            publish_display_data({"application/x-qtransport-grading": json.dumps(payload)})
    get_ipython().events.register("pre_run_cell", _forge)
    '''
    result = grade(save(student(root, hostile, word="fermi"), tmp_path / "forger.ipynb"), catalog=catalog)
    assert q(result, "q1").score == 0, result.report()
    assert "tampering" in " ".join(result.notes)
    assert q(result, "q2").score == 1


# --------------------------------------------------------------------------- what the checks may do


@pytest.mark.parametrize(
    "value, bad",
    [
        ("np.sum(my_f(x))", "np.sum(my_f(x))"),
        ("qt.thermal_window(width(1.0) / 2, kT=1.0)", "qt.thermal_window(width(1.0) / 2, kT=1.0)"),
        ("my_f(1) * qt.e", "qt.e"),
        ("float(my_f(1))", "float(my_f(1))"),
        ("my_f(1) >= np.max(qt.curve(np.linspace(0, 1, 5)))", "np.max(qt.curve(np.linspace(0, 1, 5)))"),
        ("(lambda: 1)()", "(lambda: 1)()"),
        ("helper(my_f(1))", "helper(my_f(1))"),
    ],
)
def test_library_functions_around_the_result_are_refused(value, bad):
    library = {"np", "qt", "float", "helper"}
    import ast

    assert untrusted_uses(ast.parse(value, mode="eval").body, library)[0] == bad


@pytest.mark.parametrize(
    "value",
    [
        "my_f(np.linspace(0, 1, 5), qt.e)",
        "my_f(1)[0] - my_f(2)[1]",
        "my_f(qt.hall_bar_transmissions(2).T)[0]",
        "answer in ('a', 'b')",
        "my_f(1) > 0",
        "obj.method(np.ones(3))",
    ],
)
def test_library_calls_that_build_inputs_are_allowed(value):
    import ast

    assert untrusted_uses(ast.parse(value, mode="eval").body, {"np", "qt"}) == []


def test_validate_refuses_checks_the_notebook_could_satisfy_by_rebinding(tmp_path):
    nb = toy_source()
    nb.cells[3].source = '# TEST q1 points=2\ncheck("sum", np.sum(double(1.0)), expect=2.0)\n### BEGIN HIDDEN TESTS\ncheck("x", double(2.0), expect=4.0)\n### END HIDDEN TESTS'
    with pytest.raises(SourceError, match=r"np\.sum\(double\(1\.0\)\).*rebind"):
        parse_exercise(nb, NAME)
    nb = toy_source()
    nb.cells[3].source = '# TEST q1 points=2\ncheck("double 1", double(1.0), expect=2.0)'
    with pytest.raises(SourceError, match="every check of this question is visible"):
        parse_exercise(nb, NAME)
    path = tmp_path / "solutions" / f"{NAME}.ipynb"
    save(nb, path)
    out = cli("validate", "--solutions", path.parent)
    assert out.returncode == 1 and "FAIL ex90_toy" in out.stdout


def test_library_names_come_from_imports_builtins_and_check_helpers():
    nb = toy_source()
    nb.cells[0].source += "\nfrom math import pi as PI\nimport scipy.optimize"
    nb.cells[3].source = nb.cells[3].source.replace("### BEGIN HIDDEN TESTS", "### BEGIN HIDDEN TESTS\ndef helper(y):\n    return y")
    names = library_names(nb)
    assert {"np", "qt", "check", "PI", "scipy", "helper", "float", "len"} <= names
    assert "double" not in names and "secret_word" not in names


# --------------------------------------------------------------------------- when the sandbox cannot start


def test_without_a_sandbox_every_report_says_so_and_required_refuses(course, tmp_path):
    root, _ = course
    sub = save(student(root, correct=True), tmp_path / "plain.ipynb")
    env = {"QTRANSPORT_BWRAP": "/bin/false"}
    out = cli("grade", sub, "--solutions", root / "solutions", "--sandbox", "required", env=env)
    assert out.returncode == 2
    assert "does not start here" in out.stderr and "Ubuntu" in out.stderr
    report = tmp_path / "report.txt"
    out = cli("grade", sub, "--solutions", root / "solutions", "--report", report, "--json", tmp_path / "r.json", env=env)
    assert out.returncode == 0, out.stderr
    assert "WARNING: graded WITHOUT the sandbox" in out.stderr
    assert "WARNING: graded WITHOUT the sandbox" in report.read_text()
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["sandbox"] == "none" and data["score"] == 3
    assert data["notes"][0].startswith("WARNING")


def test_a_sandboxed_report_names_its_sandbox(course, tmp_path):
    root, catalog = course
    result = grade(save(student(root, correct=True), tmp_path / "fine.ipynb"), catalog=catalog)
    assert result.score == 3
    assert result.sandbox.startswith("bubblewrap") and "no network" in result.sandbox
    assert "Sandbox:    bubblewrap" in result.report()
    assert not any(n.startswith("WARNING") for n in result.notes)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"memory": "lots"}, ValueError, "`memory` must be a size"),
        ({"memory": "512MiB"}, ValueError, "at least 1.5 GiB"),
        ({"processes": 3}, ValueError, "at least 16"),
        ({"processes": True}, TypeError, "whole number"),
        ({"tmp_size": -1}, ValueError, "more than 0 bytes"),
    ],
)
def test_bad_limits_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        Limits(**kwargs)


def test_bad_sandbox_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="`sandbox` must be one of"):
        Catalog(tmp_path, sandbox="maybe")


@pytest.mark.skipif(os.geteuid() != 0, reason="a grader of another uid shares its socket folder's owner with the kernel")
def test_the_kernels_socket_folder_takes_no_files(course, tmp_path):
    """The one host folder bound into the sandbox (the kernel's sockets) is closed once the kernel is up."""
    root, catalog = course
    hostile = '''
    import os, sys
    _folder = None
    for _arg in sys.argv:
        if _arg.endswith(".json"):
            _folder = os.path.dirname(_arg)
    try:
        ipykernel_app = __import__("ipykernel.kernelapp", fromlist=["IPKernelApp"]).IPKernelApp.instance()
        _folder = os.path.dirname(ipykernel_app.connection_file) or _folder
    except Exception:
        pass
    _written = 0
    for _i in range(3):
        try:
            with open(os.path.join(_folder, f"filler{_i}"), "wb") as _f:
                _f.write(b"x" * 2**20)
            _written += 1
        except OSError:
            break
    secret_word = f"wrote {_written} in {bool(_folder)}"
    '''
    result = grade(save(student(root, hostile, at="q2"), tmp_path / "filler.ipynb"), catalog=catalog)
    assert word_seen(result) == "wrote 0 in True", result.report()


def test_a_parallel_batch_writes_the_same_gradebook_as_a_serial_one(course, tmp_path):
    root, _ = course
    folder = tmp_path / "submissions"
    save(student(root, correct=True), folder / "a_right.ipynb")
    save(student(root), folder / "b_blank.ipynb")
    save(student(root, "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        break", at="q2",
                 correct=True), folder / "c_forks.ipynb")
    save(student(root, word="fermi"), folder / "d_half.ipynb")
    books = {}
    for jobs in (1, 2):
        book, jsons = tmp_path / f"book{jobs}.csv", tmp_path / f"json{jobs}"
        out = cli("batch", folder, "--csv", book, "--json-dir", jsons, "--jobs", jobs,
                  "--solutions", root / "solutions", *LIMIT_ARGS)
        assert out.returncode == 0, out.stderr
        assert out.stderr.count("[") >= 4  # a progress line per submission
        results = {}
        for p in sorted(jsons.glob("*.json")):
            data = json.loads(p.read_text())
            data.pop("seconds")
            results[p.name] = data
        books[jobs] = (book.read_bytes(), results)
    assert books[1] == books[2]
    rows = [r["score"] for r in csv.DictReader(open(tmp_path / "book2.csv"))]
    assert rows == ["3", "0", "3", "1"]
