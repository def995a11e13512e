"""Fixtures of the browser test: one JupyterLab and one Chromium for all notebooks.

Server and browser are module-scoped: they live while ``test_lab.py`` runs
and are gone before the rest of the test suite goes on.

* ``lab_server``: JupyterLab on 127.0.0.1, a free port, a random token, in a
  temporary folder holding a copy of ``notebooks/`` (the committed notebooks
  are never opened, so no output is ever written into them).
* ``browser``: Debian's Chromium, headless, driven by Playwright (no browser
  download: the binary comes from ``$QTRANSPORT_CHROMIUM`` or the system).
* ``lab_page``: a fresh page per test (in one browser context, so that
  JupyterLab's scripts come from the cache after the first notebook); its
  console messages are collected in ``lab_page.console``.

Without Chromium the tests are skipped with a message, except under
``CI=true``, where they fail: CI must run them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from labserver import CHROMIUM_ARGS, LabServer, find_chromium, kill_tree, unavailable

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def chromium_path():
    try:
        path = find_chromium()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)
    if path is None:
        unavailable("Chromium not found")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the Python package playwright is not installed")
    return path


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, artifacts_dir, chromium_path):
    """JupyterLab serving a temporary copy of ``notebooks/``."""
    root = tmp_path_factory.mktemp("jupyterlab")
    server = LabServer(root)
    shutil.copytree(
        ROOT / "notebooks",
        server.work / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    try:
        with server:
            yield server
    finally:  # the log is written in the temporary folder, then copied for a person to read
        with contextlib.suppress(OSError):
            shutil.copy(server.log_path, artifacts_dir / "jupyter-server.log")


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    pw = manager.start()
    try:
        browser = pw.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        manager.__exit__(None, None, None)
        raise
    try:
        yield browser
    finally:
        _close_playwright(manager, browser)


def _close_playwright(manager, browser):
    """Close Chromium and the Playwright driver; kill them if that hangs."""
    try:
        import psutil  # comes with IPython

        driver_pids = [p.pid for p in psutil.Process().children() if "node" in p.name()]
    except Exception:
        driver_pids = []
    watchdog = threading.Timer(30.0, lambda: [kill_tree(pid) for pid in driver_pids])
    watchdog.daemon = True
    watchdog.start()
    try:
        with contextlib.suppress(Exception):
            browser.close()
        with contextlib.suppress(Exception):
            manager.__exit__(None, None, None)
    finally:
        watchdog.cancel()
    for pid in driver_pids:  # normally gone by now
        kill_tree(pid, timeout=2.0)


@pytest.fixture(scope="module")
def browser_context(browser):
    """One browser context for all notebooks: JupyterLab's scripts are cached after the first."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def lab_page(browser_context, lab_server):
    """A fresh page; the kernels it started are shut down afterwards."""
    page = browser_context.new_page()
    page.console = []
    page.on("console", lambda msg: page.console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: page.console.append(f"pageerror: {exc}"))
    try:
        yield page
    finally:
        with contextlib.suppress(Exception):
            page.close()
        lab_server.shutdown_kernels(wait=False)


# ----------------------------------------------------------------------------------
# The course website (test_book.py, test_pdf.py)
# ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site():
    """The built site (``_build/html``): built here unless ``$QTRANSPORT_BOOK_HTML`` names one."""
    given = os.environ.get("QTRANSPORT_BOOK_HTML")
    if given:
        html = Path(given)
        if not (html / "index.html").exists():
            pytest.fail(f"QTRANSPORT_BOOK_HTML={given} holds no built site (no index.html)")
        return html
    # The website is an optional part of the course ("docs" extra), and its build executes
    # every chapter: it is tested only when asked for (make test-book sets QTRANSPORT_BOOK=1;
    # QTRANSPORT_BOOK=required also fails, under CI, when its tools are missing).
    wanted = os.environ.get("QTRANSPORT_BOOK", "")
    if wanted not in {"1", "required"}:
        pytest.skip("the website is tested with QTRANSPORT_BOOK=1 (make test-book)")
    skip = unavailable if wanted == "required" else pytest.skip
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        skip("Jupyter Book 1 is not installed (pip install 'jupyter-book<2'): no website to test")
    if shutil.which("npm") is None and not (ROOT / "_build" / ".vendor" / "vendor").exists():
        skip("npm is needed once to install MathJax and the widget manager for the website")
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_book

    code = build_book.build()
    assert code == 0, "the website did not build (see the output above): jupyter-book -W failed"
    return ROOT / "_build" / "html"
