"""Run the website's notebooks into the build's execution cache, before Sphinx reads them.

Jupyter Book would run each notebook itself, one after the other, inside the
Sphinx build, with one long timeout per cell and no second chance.  This
module runs them first, so that the build only reads results:

* two notebooks at a time (``jobs``), each in a process of its own, with a
  line of progress per notebook and its time;
* kernels that talk over local sockets in a private folder (ZeroMQ ``ipc``)
  instead of TCP ports on 127.0.0.1, so that kernels started at the same time
  by other programs (the notebook tests) can never take a port of theirs;
* a notebook that has not finished within ``timeout`` seconds (a kernel that
  hangs), or whose kernel dies, is stopped and gets one more run, said in the
  log; a cell that raises fails at once, with its traceback.

The executed notebook is stored exactly as Jupyter Book stores it (same cache,
same key: the code cells and the kernel), so the build finds it and runs
nothing.  A notebook already in the cache is not run again.

Usage (normally through ``scripts/build_book.py``)::

    python scripts/book_execute.py [--jobs N] [--timeout S]
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

#: Seconds a notebook may take before it is stopped and run again (a chapter takes 3-20 s).
NOTEBOOK_TIMEOUT = 300
#: Runs of a notebook that timed out or whose kernel died, the first included.
ATTEMPTS = 2
#: Exit code of a run that timed out or lost its kernel (worth a second run).
RETRY_CODE = 75


def toc_files(toc: Path) -> list[str]:
    """The pages of a Jupyter Book table of contents, in order (paths without suffix)."""
    data = yaml.safe_load(toc.read_text())
    files = [data["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in data.get("parts", [data]):
        walk(part.get("chapters"))
    return files


def notebooks_to_run(toc: Path, config: dict) -> list[Path]:
    """The notebooks of ``toc`` that the site executes (``execute.exclude_patterns`` left out)."""
    excluded = config.get("execute", {}).get("exclude_patterns") or []
    paths = []
    for name in toc_files(toc):
        path = ROOT / f"{name}.ipynb"
        relative = path.relative_to(ROOT).as_posix()
        if path.exists() and not any(fnmatch.fnmatch(relative, pattern) for pattern in excluded):
            paths.append(path)
    return paths


def _name(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (for the log)."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def run_one(source: Path, target: Path, timeout: int) -> int:
    """Execute ``source`` in its folder and write the result to ``target``; the exit code."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = nbformat.read(source, as_version=4)
    kernel = notebook.metadata.get("kernelspec", {}).get("name", "python3")
    with tempfile.TemporaryDirectory(prefix="qt-kernel-") as sockets:
        manager = KernelManager(kernel_name=kernel, transport="ipc", ip=os.path.join(sockets, "k"))
        # No timing in the cells' metadata: the cache's key includes it (Jupyter Book runs so too).
        client = NotebookClient(notebook, km=manager, timeout=timeout, allow_errors=False,
                                record_timing=False, resources={"metadata": {"path": str(source.parent)}})
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError) as error:
            print(f"book_execute: {_name(source)}: {type(error).__name__}: "
                  f"{str(error).splitlines()[0] if str(error) else ''}", file=sys.stderr, flush=True)
            return RETRY_CODE
        except CellExecutionError as error:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # the traceback without its colours
            print(f"book_execute: {_name(source)} raised in a cell:\n{plain}",
                  file=sys.stderr, flush=True)
            return 1
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=False)
    nbformat.write(notebook, target)
    return 0


def _cached(cache, path: Path) -> bool:
    import nbformat

    try:
        cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    return True


def execute(paths, cache_path: Path, *, jobs: int = 2, timeout: int = NOTEBOOK_TIMEOUT) -> bool:
    """Run every notebook of ``paths`` that ``cache_path`` lacks and store it there.

    Returns whether all of them ran (a failure has been printed).
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    todo = [path for path in paths if not _cached(cache, path)]
    if not todo:
        print(f"book_execute: all {len(paths)} notebooks are in the execution cache", flush=True)
        return True
    print(f"book_execute: running {len(todo)} of {len(paths)} notebooks, {jobs} at a time "
          f"(a notebook may take up to {timeout} s)", flush=True)
    started = time.monotonic()
    done = []

    def attempt(path: Path):
        name = _name(path)
        for run in range(1, ATTEMPTS + 1):
            with tempfile.TemporaryDirectory(prefix="qt-book-") as folder:
                target = Path(folder) / path.name
                t0 = time.monotonic()
                try:
                    code = subprocess.call([sys.executable, __file__, "--one", str(path), str(target),
                                            "--timeout", str(timeout)], cwd=ROOT, timeout=timeout)
                except subprocess.TimeoutExpired:  # the process is killed; its kernel follows it
                    code = RETRY_CODE
                seconds = time.monotonic() - t0
                if code == 0:
                    done.append(name)
                    print(f"book_execute: [{len(done)}/{len(todo)}] {name} ran in {seconds:.1f} s",
                          flush=True)
                    return nbformat.read(target, as_version=4), seconds
            if code != RETRY_CODE:
                print(f"book_execute: {name} FAILED (exit {code})", flush=True)
                return None
            print(f"book_execute: {name}: not finished or no kernel after {seconds:.0f} s "
                  f"(run {run} of {ATTEMPTS})", flush=True)
        print(f"book_execute: {name} FAILED after {ATTEMPTS} runs", flush=True)
        return None

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(attempt, todo))
    ok = True
    for path, result in zip(todo, results, strict=True):
        if result is None:
            ok = False
            continue
        notebook, seconds = result
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)
    print(f"book_execute: {'done' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s", flush=True)
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time (default 2)")
    parser.add_argument("--timeout", type=int, default=NOTEBOOK_TIMEOUT,
                        help=f"seconds a notebook may take before it is run again (default {NOTEBOOK_TIMEOUT})")
    parser.add_argument("--one", nargs=2, metavar=("NOTEBOOK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return run_one(Path(args.one[0]).resolve(), Path(args.one[1]), args.timeout)
    import build_book

    config = build_book.site_config()
    paths = notebooks_to_run(ROOT / "book" / "_toc.yml", config)
    return 0 if execute(paths, build_book.BUILD / ".jupyter_cache", jobs=args.jobs, timeout=args.timeout) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
