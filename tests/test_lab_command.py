"""README command 1 (`make lab`) serves JupyterLab at the welcome notebook.

The test starts the real target on a free port of 127.0.0.1, asks the
server's REST API for the welcome notebook and for the page it opens first,
then shuts the server down (also when an assertion fails).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.timeout(120)
def test_make_lab_serves_the_welcome_notebook(tmp_path):
    port = free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_TOKEN": "qt-test-token"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"BIN={Path(sys.executable).parent}", "STAMP="],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"{base}/api/status?token=qt-test-token", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.5)
        url = f"{base}/api/contents/notebooks/00_welcome.ipynb?content=0&token=qt-test-token"
        with urllib.request.urlopen(url, timeout=5) as r:
            assert json.load(r)["type"] == "notebook"
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(f"{base}/?token=qt-test-token", timeout=5)
            location = ""
        except urllib.error.HTTPError as redirect:
            location = redirect.headers["Location"]
        assert "/lab/tree/notebooks/00_welcome.ipynb" in location
    finally:
        try:
            req = urllib.request.Request(f"{base}/api/shutdown?token=qt-test-token", method="POST")
            urllib.request.urlopen(req, timeout=5)
            proc.wait(timeout=15)
        except Exception:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
