"""Grade a batch on a Dask distributed cluster: ``batch --scheduler tcp://HOST:8786``.

Needs the ``cluster`` extra (``pip install "qtransport[cluster]"``: dask and
distributed) here and on every worker, and the course installed on every
worker (the same version as here: it is checked before anything runs).

What runs where
---------------
This process reads the submissions and the roster, writes the gradebook and
the reports, and runs no notebook.  The workers run every notebook, each in
its own kernel and sandbox, through the same function a local batch uses
(:func:`~qtransport.grading.grader.grade`), with a catalog of the
instructor sources shipped to them (written to a private temporary folder,
hidden from the sandbox like the local ``solutions/``):

1. the reference runs, one per exercise (and per distinct variant with a
   roster), as tasks of their own, before any submission;
2. the submissions, each a task, submitted in order and a few more than the
   cluster has threads at a time (so a class of tens of thousands does not
   sit in the scheduler's memory); each task's result is taken once, by its
   position in the batch, so the gradebook has the same rows in the same
   order as a local batch.

A worker that dies (killed, out of memory, its machine lost) costs no
submission: Dask gives its tasks to another worker and they are graded
again from the start there.  A submission whose task killed workers more
often than the scheduler allows (``distributed.scheduler.allowed-failures``,
default 3) gets a ``failed`` row saying so; losing the scheduler stops the
batch with an error, keeping the rows written so far.

Each worker grades as many submissions at once as it has threads (``dask
worker --nthreads``); a worker running as root gives the kernels it runs
side by side different uids, as a local batch does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import secrets
import shutil
import sys
import tempfile
import threading
from pathlib import Path

__all__ = ["ClusterUnavailable", "CONNECT_TIMEOUT", "INSTALL_HINT", "graded_on_cluster", "connect"]

#: Seconds to wait for the scheduler to answer, and then for its first worker.
CONNECT_TIMEOUT = 20.0

#: Submissions sent to the cluster at a time: this many per thread of its workers, at least the minimum.
IN_FLIGHT_PER_THREAD = 2
IN_FLIGHT_MIN = 8

INSTALL_HINT = 'pip install "qtransport[cluster]"  (dask and distributed; on the workers too)'


class ClusterUnavailable(RuntimeError):
    """The cluster cannot be used: the extra is missing, the scheduler does not answer, the workers differ."""


# --------------------------------------------------------------------------- this side


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ClusterUnavailable(
            f"--scheduler needs Dask's distributed scheduler, which is not installed here ({exc}): "
            f"{INSTALL_HINT}"
        ) from None
    return distributed


def _timeout(timeout):
    if timeout is None:
        return CONNECT_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"`scheduler_timeout` must be a number of seconds > 0, got {timeout!r}")
    return float(timeout)


def connect(scheduler, timeout=None):
    """A ``distributed.Client`` of the scheduler at ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``).

    Waits at most ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`) for the
    scheduler, then as long again for a first worker.

    Raises
    ------
    ClusterUnavailable
        The ``cluster`` extra is not installed, or the scheduler or a worker
        did not answer in time.
    """
    timeout = _timeout(timeout)
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise TypeError(f"`scheduler` must be the scheduler's address, e.g. 'tcp://10.0.0.5:8786', got {scheduler!r}")
    distributed = _distributed()
    address = scheduler.strip()
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(
            f"no Dask scheduler answered at {address} within {timeout:g} s ({type(exc).__name__}: {exc}). "
            "Is the scheduler running (dask scheduler), is the address right (tcp://HOST:8786), "
            "and can this machine reach it?"
        ) from None
    except ValueError as exc:
        raise ValueError(f"`scheduler` {address!r} is not an address Dask understands ({exc}); "
                         "give it as tcp://HOST:PORT") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterUnavailable(
            f"the Dask scheduler at {address} has no worker (waited {timeout:g} s): start workers with "
            f"`dask worker {address}` on machines that have the course installed"
        ) from None
    return client


def _check_workers(client, state, say):
    """Every worker must run this very grader; say on the terminal what sandbox each one grades in."""
    from qtransport.grading.sandbox import SandboxUnavailable

    mine = fingerprint()
    try:
        infos = client.run(_worker_info, state["sandbox"], state["limits"])
    except Exception as exc:  # noqa: BLE001 - the workers' own error, as one clear message
        raise ClusterUnavailable(
            f"the workers cannot run the grader ({type(exc).__name__}: {exc}): install the course "
            f"(pip install \".[course,cluster]\" in its folder) on every worker"
        ) from None
    differ = {w: info for w, info in infos.items() if info["fingerprint"] != mine}
    if differ:
        lines = "; ".join(f"{w}: {info['fingerprint']} in {info['where']}" for w, info in sorted(differ.items()))
        raise ClusterUnavailable(
            f"the grader on some workers is not the one here ({mine} in {Path(__file__).parent}): {lines}. "
            "Install the same version of the course on every worker, so that every submission is graded "
            "by the same code"
        )
    refused = {w: info["sandbox"] for w, info in infos.items() if info["refused"]}
    if refused:
        w, why = sorted(refused.items())[0]
        raise SandboxUnavailable(f"{len(refused)} worker(s) cannot start it, e.g. {w}: {why}")
    said = {}
    for w, info in sorted(infos.items()):
        said.setdefault((info["sandboxed"], info["sandbox"]), []).append(w)
    for (sandboxed, text), workers in said.items():
        where = workers[0] if len(workers) == 1 else f"{len(workers)} workers ({workers[0]}, ...)"
        if sandboxed:
            say(f"sandbox on {where}: {text}")
        else:
            bar = "!" * 78
            say(f"{bar}\n{where}: {text}\n{bar}")
    return infos


def _threads(client):
    workers = client.scheduler_info().get("workers", {})
    return sum(w.get("nthreads", 1) for w in workers.values()) or 1


def graded_on_cluster(scheduler, catalog, names, entries, submissions, exercise, protected, time_limits, *,
                      timeout=None, quiet=False):
    """``(index, result)`` of each submission of a batch as the cluster finishes it.

    The cluster half of :func:`qtransport.grading.grader.grade_folder` (which
    takes the results in order and writes them): ``scheduler`` is an address
    or a ``distributed.Client`` (left open).  The references of ``names``
    (with the roster ``entries``' variants) are computed on the cluster
    first, once per distinct set of numbers, and taken into ``catalog``.
    """
    from qtransport.grading import grader
    from qtransport.grading.sandbox import SandboxUnavailable

    def say(text):
        if not quiet:
            print(text, file=sys.stderr, flush=True)

    distributed = _distributed()
    own = isinstance(scheduler, distributed.Client)
    client = scheduler if own else connect(scheduler, timeout)
    token = secrets.token_hex(8)
    pending, inflight = [], {}
    try:
        state = grader._catalog_state(catalog)
        _check_workers(client, state, say)
        threads = _threads(client)
        info = client.scheduler_info()
        say(f"grading on the Dask cluster at {info.get('address', scheduler)}: "
            f"{len(info.get('workers', {}))} worker(s), {threads} thread(s)")

        # 1. the reference runs, one task per distinct set of numbers
        wanted, runs = grader._reference_plan(catalog, names, entries)
        runs = [run for run in runs if not _seeded(catalog, *run)]  # those the catalog has are sent along
        if runs:
            say(f"{len(runs)} reference run(s) on the cluster ...")
            held = client.submit(_hold, {**state, "token": f"{token}-ref"}, key=f"qtransport-state-{token}-ref")
            refs = [client.submit(_reference_task, held, name, student, key=f"qtransport-reference-{token}-{k:05d}")
                    for k, (name, student) in enumerate(runs)]
            pending += [held, *refs]
            for (name, student), future in zip(runs, refs, strict=True):
                try:
                    grader._seed_reference(catalog, name, student, future.result())
                except (SandboxUnavailable, ClusterUnavailable):
                    raise
                except (grader.SourceError, ValueError, TypeError):
                    continue  # as in a local batch: reported on every submission of that exercise
                except Exception as exc:
                    _lost(exc, distributed, client)
                    continue  # the run killed its workers: each submission then tries again, and says why
            client.cancel([held, *refs])
            pending = []
        for name, student in wanted:  # option orders and the variants' students, from the cached runs
            if _seeded(catalog, name, student):
                catalog.reference(name, catalog.variant(name, student))

        # 2. the submissions, in order, a bounded number in flight
        held = client.submit(_hold, {**grader._catalog_state(catalog), "token": token},
                             key=f"qtransport-state-{token}")
        pending.append(held)
        queue = list(submissions)
        queue.reverse()
        done = distributed.as_completed(loop=client.loop)

        def top_up():
            while queue and len(inflight) < max(IN_FLIGHT_MIN, IN_FLIGHT_PER_THREAD * _threads(client)):
                s = queue.pop()
                future = client.submit(_grade_task, held, s, exercise, protected, time_limits,
                                       key=f"qtransport-grade-{token}-{s.index:06d}", priority=-s.index)
                inflight[future.key] = (future, s)
                done.add(future)

        top_up()
        for future in done:
            _, s = inflight.pop(future.key)
            try:
                result = future.result()
            except SandboxUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - sorted out in _lost
                _lost(exc, distributed, client)
                result = grader._failed(
                    s, exercise,
                    f"not graded: the cluster's workers died {_allowed_failures()}+ times while grading this "
                    f"submission ({type(exc).__name__}); grade it alone to see why",
                )
            future.release()
            yield s.index, result
            top_up()
    finally:
        with contextlib.suppress(Exception):
            pending += [future for future, _ in inflight.values()]
            if pending:
                client.cancel(pending)
            client.run(_forget, token)
        if not own:
            with contextlib.suppress(Exception):
                client.close()


def _seeded(catalog, name, student):
    try:
        return (name, catalog.variant(name, student).run_key) in catalog._references
    except Exception:  # noqa: BLE001 - an exercise that does not load: reported per submission
        return False


def _lost(exc, distributed, client):
    """A task's error: a worker lost too often (the submission's row says so), else the cluster is gone."""
    if isinstance(exc, distributed.KilledWorker):
        return
    raise ClusterUnavailable(
        f"lost the Dask cluster while grading ({type(exc).__name__}: {exc}); the gradebook keeps the rows "
        "written so far: grade the rest again (or the whole batch) once the scheduler is back"
    ) from exc


def _allowed_failures():
    import dask

    return int(dask.config.get("distributed.scheduler.allowed-failures", 3)) + 1


# --------------------------------------------------------------------------- the workers' side


@functools.cache
def fingerprint():
    """Which grader this is: qtransport's version and a hash of the grading package's code (as first seen)."""
    import qtransport

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"qtransport {qtransport.__version__}, grader {digest.hexdigest()[:12]}"


def _worker_info(mode, limits):
    from qtransport.grading import sandbox as _sandbox

    try:
        box, warning = _sandbox.resolve(mode, limits)
        described, sandboxed, refused = (box.describe(), True, False) if box else (warning, False, False)
    except _sandbox.SandboxUnavailable as exc:
        described, sandboxed, refused = str(exc), False, True
    return {"fingerprint": fingerprint(), "where": str(Path(__file__).parent), "sandbox": described,
            "sandboxed": sandboxed, "refused": refused}


def _hold(state):
    """A task whose result is the batch's catalog state: recomputed by Dask if the workers holding it die."""
    return state


#: This worker process's catalogs: batch token -> (Catalog, its private folder of sources).
_CATALOGS = {}
_CATALOGS_LOCK = threading.Lock()


def _catalog(state):
    with _CATALOGS_LOCK:
        if state["token"] not in _CATALOGS:
            from qtransport.grading import grader

            while len(_CATALOGS) >= 4:  # batches whose end this worker never heard of
                _drop(next(iter(_CATALOGS)))
            folder = tempfile.mkdtemp(prefix="qtransport-sources-")  # mode 0700: the sources stay private
            _CATALOGS[state["token"]] = (grader._catalog_from_state(state, folder), folder)
        return _CATALOGS[state["token"]][0]


def _drop(token):
    _, folder = _CATALOGS.pop(token)
    shutil.rmtree(folder, ignore_errors=True)


def _forget(token):
    """End of a batch: drop its catalogs and their sources from this worker."""
    with _CATALOGS_LOCK:
        for key in [k for k in _CATALOGS if k in (token, f"{token}-ref")]:
            _drop(key)


@contextlib.contextmanager
def _uid_slot():
    """A uid for one kernel of this machine (a root grader), held for as long as it runs.

    Several worker processes may share a machine, so the slots are lock files
    that the operating system frees when their holder ends, whatever way it
    ends.  A grader that is not root needs none: its kernels run as itself.
    """
    from qtransport.grading.sandbox import NOBODY

    if os.geteuid() != 0:
        yield NOBODY
        return
    import fcntl

    folder = Path(tempfile.gettempdir())
    for k in range(256):
        fd = os.open(folder / f"qtransport-grading-uid-{k}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            yield NOBODY - k
        finally:
            os.close(fd)
        return
    raise RuntimeError("more than 256 kernels at once on this machine: give its workers fewer threads")


def _reference_task(state, name, student):
    from qtransport.grading import grader

    catalog = _catalog(state)
    with _uid_slot() as uid:
        return grader._run_reference(catalog, name, student, uid=uid)


def _grade_task(state, submission, exercise, protected, time_limits):
    from qtransport.grading import grader

    catalog = _catalog(state)
    with _uid_slot() as uid:
        return grader._grade_submission(catalog, submission, exercise, protected, uid, time_limits)
