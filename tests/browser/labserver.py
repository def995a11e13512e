"""A throwaway JupyterLab server and a headless Chromium for the browser tests.

Everything the server writes (config, runtime files, settings, workspaces,
IPython history, notebook copies) goes into one temporary folder, so the
test never touches the learner's home directory or the committed notebooks.
The server listens on 127.0.0.1 only, on a free port, behind a random token.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = [
    "CHROMIUM_ARGS",
    "LabServer",
    "find_chromium",
    "in_ci",
    "kill_tree",
    "unavailable",
]

#: Extra Chromium flags: no sandbox (root in containers), no GPU, no network
#: chatter.  Playwright itself adds --headless and a temporary profile.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: JupyterLab user settings for a quiet, deterministic test session.
LAB_SETTINGS = {
    # No "get notified about Jupyter news?" toast over the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Render every cell: JupyterLab 4 otherwise builds off-screen cells lazily.
    # Open notebooks with their kernel without asking.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    # Saving writes the widget models into the notebook metadata: the test
    # reads them back to know which displayed widgets are figures and quizzes.
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
    # The test saves explicitly; no autosave racing with it.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def in_ci() -> bool:
    """Whether the environment variable ``CI`` says we run in continuous integration."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def unavailable(reason: str):
    """Skip the calling test because the browser cannot run; fail instead under ``CI=true``."""
    import pytest

    hint = (
        "Install Debian's Chromium (`bash scripts/ensure-chromium.sh`, which `make test` runs) "
        "or set QTRANSPORT_CHROMIUM=/path/to/chromium."
    )
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so the browser test must run. {hint}", pytrace=False)
    pytest.skip(f"{reason}. {hint}")


def find_chromium() -> str | None:
    """Path of a Chromium binary: ``$QTRANSPORT_CHROMIUM``, else Debian's, else on PATH.

    Returns ``None`` if there is none.  An explicit ``QTRANSPORT_CHROMIUM`` that
    does not point at an executable file raises ``FileNotFoundError``: a typo
    there should not silently skip the test.
    """
    explicit = os.environ.get("QTRANSPORT_CHROMIUM", "").strip()
    if explicit:
        path = Path(explicit).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise FileNotFoundError(
                f"QTRANSPORT_CHROMIUM={explicit!r} is not an executable file; "
                "point it at a Chromium binary (e.g. /usr/lib/chromium/chromium) or unset it."
            )
        return str(path)
    # Debian's real binary first: /usr/bin/chromium is a shell wrapper around it.
    for candidate in ("/usr/lib/chromium/chromium",):
        if os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_tree(pid: int, *, timeout: float = 5.0) -> None:
    """SIGTERM a process and all its descendants, then SIGKILL what is left."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
        return
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=timeout)


class LabServer:
    """JupyterLab serving ``root`` on 127.0.0.1 with a random token.

    Use as a context manager; the server and its kernels are shut down on
    exit, also after an error.

    Parameters
    ----------
    root : pathlib.Path
        An empty temporary folder.  Notebooks to test are copied below
        ``root / "work"``; Jupyter's own files go to ``root / "jupyter"``.
    log_path : pathlib.Path, optional
        Where the server's output is written (default ``root / "server.log"``).
    extra_args : list of str, optional
        More command-line options for ``jupyter lab``.
    """

    def __init__(self, root: Path, *, log_path: Path | None = None, extra_args=()):
        self.root = Path(root)
        self.work = self.root / "work"
        self.state = self.root / "jupyter"
        self.log_path = Path(log_path) if log_path else self.root / "server.log"
        self.extra_args = list(extra_args)
        self.token = secrets.token_hex(24)
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self._log = None

    # -- environment -------------------------------------------------------------
    def env(self) -> dict:
        """The environment of the server: every Jupyter/IPython directory in ``root``."""
        s = self.state
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(s / "config"),
            JUPYTER_DATA_DIR=str(s / "data"),
            JUPYTER_RUNTIME_DIR=str(s / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(s / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(s / "lab-workspaces"),
            IPYTHONDIR=str(s / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONUNBUFFERED="1",
        )
        # A learner's own JUPYTER_PATH/config must not leak into the test.
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        return env

    def _write_settings(self):
        for name in ("config", "data", "runtime", "lab-workspaces", "ipython"):
            (self.state / name).mkdir(parents=True, exist_ok=True)
        for rel, value in LAB_SETTINGS.items():
            path = self.state / "lab-settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=1))
        self.work.mkdir(parents=True, exist_ok=True)

    # -- URLs ---------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, relpath: str) -> str:
        """URL that opens ``relpath`` (relative to ``work``) in a fresh workspace."""
        return f"{self.base_url}/lab/tree/{relpath}?reset&token={self.token}"

    def api(self, method: str, path: str, body=None, *, timeout: float = 10.0):
        """Call the REST API (``body`` sent as JSON); return the decoded answer or ``None``."""
        data = None
        if body is not None:
            data = json.dumps(body).encode()
        elif method in {"POST", "PUT", "PATCH"}:
            data = b""
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            data=data,
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    # -- life cycle ---------------------------------------------------------------
    def start(self, *, timeout: float = 60.0):
        self._write_settings()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        for _attempt in range(3):
            self.port = free_port()
            cmd = [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.work}",
                "--FileContentsManager.delete_to_trash=False",
                *self.extra_args,
            ]
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.work,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killable as a whole
            )
            if self._wait_ready(timeout):
                return self
            if self.proc.poll() is None:
                raise RuntimeError(
                    f"JupyterLab did not answer within {timeout:.0f} s; see {self.log_path}"
                )
            # exited: most likely the port was taken in between; try another one
        raise RuntimeError(
            f"JupyterLab exited at start-up; see {self.log_path}:\n{self.log_tail()}"
        )

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status", timeout=2.0)
                return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.2)
        return False

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def shutdown_kernels(self, *, wait: bool = True):
        """Shut every running kernel down (between notebooks: frees memory and CPU).

        With ``wait=False`` the requests run in a background thread, so the
        next notebook need not wait for the kernels to exit; :meth:`stop`
        shuts down whatever is still running.
        """

        def shutdown():
            with contextlib.suppress(Exception):
                for session in self.api("GET", "/api/sessions") or []:
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30.0)

        if wait:
            shutdown()
        else:
            threading.Thread(target=shutdown, daemon=True).start()

    def stop(self):
        """POST /api/shutdown, then SIGTERM and SIGKILL whatever is left (kernels included)."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            descendants = []
            with contextlib.suppress(Exception):
                import psutil

                descendants = psutil.Process(proc.pid).children(recursive=True)
            with contextlib.suppress(Exception):
                self.api("POST", "/api/shutdown", timeout=5.0)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)
            # Kernels run in their own sessions: make sure none outlives the server.
            for child in descendants:
                with contextlib.suppress(Exception):
                    if child.is_running():
                        kill_tree(child.pid)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
        return False
