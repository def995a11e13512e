"""The course on a real JupyterHub: two students log in, pull the course with nbgitpuller, run the welcome.

Everything runs on 127.0.0.1 on free ports, under a temporary folder, and is
stopped at the end: PyPI's ``jupyterhub`` with its proxy
(``configurable-http-proxy`` from npm, installed into ``.venv/node`` by
``scripts/ensure-hub-proxy.sh``), the dummy authenticator with a shared
password, and the local-process spawner with a home folder per user under
the temporary folder.  The course is a git repository made from this
repository's own files (a clone of it, on branch ``main``), pulled by the
nbgitpuller link of the README, exactly as a student's browser follows it
(the hub's ``user-redirect``, the single-user server's OAuth login, the
status page, then the pull it streams).  The welcome notebook, read back
from the student's pulled copy, runs cell by cell in that student's own
kernel over the kernel websocket.

What stays each student's own here: the home folder and the pulled copy
(separate trees), the single-user server (another student's token is
refused there), and the file API (rooted at the student's home).  The
local-process spawner runs every server as the hub's own Unix user, so a
student's *code* could still read another's home; a real deployment gives
each student a Unix account (``SystemdSpawner``, ``jupyterhub.spawner.
LocalProcessSpawner`` with PAM users) or a container (``DockerSpawner``,
``KubeSpawner``), which closes that.

Skipped without the proxy (the message says how to install it), except
under CI, where that fails.
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
import urllib.parse
import uuid
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "course-password"
USERS = ("ada", "alan")
WELCOME = "qtransport/notebooks/00_welcome.ipynb"


def _need(what, how):
    if os.environ.get("CI"):
        pytest.fail(f"the JupyterHub test must run in CI: {what}; {how}")
    pytest.skip(f"{what}: {how}")


def _proxy():
    found = os.environ.get("QTRANSPORT_HUB_PROXY") or (str(PROXY) if PROXY.exists() else None)
    found = found or shutil.which("configurable-http-proxy")
    if not found:
        _need("JupyterHub's proxy (configurable-http-proxy, from npm) is not installed",
              "run `bash scripts/ensure-hub-proxy.sh` (needs node and npm)")
    return found


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _course_repository(folder):
    """A git repository of the course's committed files, branch ``main``, named ``qtransport`` like the real one."""
    repo = folder / "qtransport"
    repo.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "course", "GIT_AUTHOR_EMAIL": "course@example.org",
           "GIT_COMMITTER_NAME": "course", "GIT_COMMITTER_EMAIL": "course@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "the course"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    return repo


def _processes_under(folder):
    """Processes whose working folder is inside ``folder`` (the hub, the servers, their kernels)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if cwd == str(folder) or cwd.startswith(str(folder) + "/"):
            found.append(int(pid))
    return found


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    proxy = _proxy()
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
        import requests  # noqa: F401
        import websocket  # noqa: F401
    except ImportError as exc:
        _need(f"the JupyterHub test needs {exc.name}", '.venv/bin/pip install -e ".[course,test]"')
    folder = tmp_path_factory.mktemp("hub")
    homes = folder / "homes"
    homes.mkdir()
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    config = folder / "jupyterhub_config.py"
    config.write_text(f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{folder / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{folder / 'cookie_secret'}"
c.JupyterHub.pid_file = "{folder / 'hub.pid'}"
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.auth_token = "{uuid.uuid4().hex}"
c.ConfigurableHTTPProxy.pid_file = "{folder / 'proxy.pid'}"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "{PASSWORD}"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = "{homes}/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = {["--allow-root"] if os.geteuid() == 0 else []!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
""")
    log = open(folder / "hub.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/hub/api", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not start:\n{(folder / 'hub.log').read_text()[-3000:]}")
            time.sleep(0.3)
        yield {"base": base, "folder": folder, "homes": homes, "repo": _course_repository(folder),
               "log": folder / "hub.log", "port": port}
    finally:
        process.send_signal(signal.SIGTERM)  # the hub stops the users' servers and its proxy
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        deadline = time.monotonic() + 10
        while _processes_under(folder) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _processes_under(folder)
        for pid in left:  # ours: they run in this test's folder
            os.kill(pid, signal.SIGKILL)
        log.close()
        assert left == [], f"processes left behind by the hub: {left}"


def _login(hub, name):
    """Log in through the hub's login form, as a browser does; returns the session and an API token."""
    import requests

    session = requests.Session()
    session.get(f"{hub['base']}/hub/login", timeout=30).raise_for_status()
    xsrf = session.cookies.get("_xsrf")
    page = session.post(f"{hub['base']}/hub/login", data={"username": name, "password": PASSWORD, "_xsrf": xsrf},
                        timeout=60, allow_redirects=False)
    assert page.status_code == 302, page.text[-2000:]
    wrong = requests.post(f"{hub['base']}/hub/login", data={"username": name, "password": "nope", "_xsrf": xsrf},
                          cookies={"_xsrf": xsrf}, timeout=30, allow_redirects=False)
    assert wrong.status_code == 403  # the password is checked
    session.get(f"{hub['base']}/hub/home", timeout=30).raise_for_status()  # a page sets the logged-in xsrf cookie
    xsrf = [c.value for c in session.cookies if c.name == "_xsrf"][-1]
    made = session.post(f"{hub['base']}/hub/api/users/{name}/tokens", headers={"X-XSRFToken": xsrf},
                        json={"note": "test", "expires_in": 900}, timeout=30)
    assert made.status_code in (200, 201), made.text
    return session, made.json()["token"]


def _start_server(hub, name, token):
    import requests

    head = {"Authorization": f"token {token}"}
    started = requests.post(f"{hub['base']}/hub/api/users/{name}/server", headers=head, timeout=60)
    assert started.status_code in (201, 202, 400), started.text  # 400: already running


def _wait_ready(hub, name, token):
    import requests

    head = {"Authorization": f"token {token}"}
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        user = requests.get(f"{hub['base']}/hub/api/users/{name}", headers=head, timeout=30).json()
        server = (user.get("servers") or {}).get("", {})
        if server.get("ready"):
            return
        time.sleep(0.5)
    pytest.fail(f"{name}'s server did not start:\n{hub['log'].read_text()[-3000:]}")


def _pull(hub, name, session):
    """Follow the README's nbgitpuller link in the student's session, then the pull its page streams."""
    repo = hub["repo"].as_uri()
    query = urllib.parse.urlencode({"repo": repo, "urlpath": f"lab/tree/{WELCOME}", "branch": "main"})
    page = session.get(f"{hub['base']}/hub/user-redirect/git-pull?{query}", timeout=60)
    assert page.status_code == 200, page.text[-2000:]
    assert urllib.parse.urlparse(page.url).path == f"/user/{name}/git-pull"  # through the hub's redirect and OAuth
    api = f"{hub['base']}/user/{name}/git-pull/api?" + urllib.parse.urlencode(
        {"repo": repo, "branch": "main", "targetpath": "qtransport"})
    phases = []
    with session.get(api, stream=True, timeout=120) as stream:
        for line in stream.iter_lines(decode_unicode=True):
            if line and line.startswith("data: "):
                event = json.loads(line[len("data: "):])
                phases.append(event.get("phase"))
                if event.get("phase") in ("finished", "error"):
                    assert event["phase"] == "finished", event
                    break
    assert phases[-1] == "finished", phases


def _run_notebook(hub, name, token):
    """Run the student's pulled welcome notebook in a kernel of their server; return each cell's text output."""
    import requests
    import websocket

    server = f"{hub['base']}/user/{name}"
    head = {"Authorization": f"token {token}"}
    got = requests.get(f"{server}/api/contents/{WELCOME}", headers=head, timeout=30)
    assert got.status_code == 200, got.text
    nb = nbformat.from_dict(got.json()["content"])
    made = requests.post(f"{server}/api/sessions", headers=head, timeout=60, json={
        "path": WELCOME, "type": "notebook", "name": "00_welcome.ipynb", "kernel": {"name": "python3"}})
    assert made.status_code == 201, made.text
    kernel = made.json()["kernel"]["id"]
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{hub['port']}/user/{name}/api/kernels/{kernel}/channels",
        header=[f"Authorization: token {token}"], timeout=120)
    session = uuid.uuid4().hex
    outputs = []
    try:
        cells = [c.source for c in nb.cells if c.cell_type == "code"] + ["import os\nprint(os.getcwd())"]
        for source in cells:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "session": session, "username": name, "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            # the reply (shell) may come before the cell's output (iopub): the output is complete
            # when the kernel also reports itself idle for this request
            text, reply, idle = [], None, False
            while reply is None or not idle:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "status":
                    idle = idle or msg["content"].get("execution_state") == "idle"
                elif kind == "stream":
                    text.append(msg["content"]["text"])
                elif kind == "error":
                    pytest.fail(f"{name}'s welcome notebook failed in cell\n{source}\n"
                                f"{msg['content']['ename']}: {msg['content']['evalue']}")
                elif kind == "execute_reply":
                    reply = msg["content"]
            assert reply["status"] == "ok", (source, reply)
            outputs.append("".join(text))
    finally:
        ws.close()
        requests.delete(f"{server}/api/sessions/{made.json()['id']}", headers=head, timeout=30)
    return outputs


def test_two_students_pull_the_course_and_run_the_welcome_notebook(hub):
    import requests

    logins = {name: _login(hub, name) for name in USERS}
    for name in USERS:  # both servers start side by side
        _start_server(hub, name, logins[name][1])
    for name in USERS:
        _wait_ready(hub, name, logins[name][1])
    outputs = {}
    for name, (session, token) in logins.items():
        _pull(hub, name, session)
        outputs[name] = _run_notebook(hub, name, token)

    course = (hub["repo"] / "notebooks" / "00_welcome.ipynb").read_bytes()  # as committed
    trees = {}
    for name in USERS:
        home = hub["homes"] / name
        copy = home / WELCOME
        assert copy.read_bytes() == course  # the pulled copy is the course's notebook
        assert (home / "qtransport" / ".git").is_dir()
        trees[name] = os.stat(home / "qtransport").st_ino
        printed = outputs[name]
        assert "G0 = 2e^2/h = 7.748092e-05 S" in printed[1]  # the kernel really computed
        assert printed[-1].strip() == str(home / "qtransport" / "notebooks")  # in this student's own copy
    assert trees["ada"] != trees["alan"]

    (ada_session, ada_token), (_, alan_token) = logins["ada"], logins["alan"]
    ada, alan = ({"Authorization": f"token {t}"} for t in (ada_token, alan_token))
    base = hub["base"]
    note = requests.put(f"{base}/user/ada/api/contents/qtransport/notebooks/ada_notes.txt", headers=ada,
                        json={"type": "file", "format": "text", "content": "mine"}, timeout=30)
    assert note.status_code == 201, note.text
    assert (hub["homes"] / "ada" / "qtransport" / "notebooks" / "ada_notes.txt").read_text() == "mine"
    assert not (hub["homes"] / "alan" / "qtransport" / "notebooks" / "ada_notes.txt").exists()
    listing = requests.get(f"{base}/user/alan/api/contents/qtransport/notebooks", headers=alan, timeout=30).json()
    assert "ada_notes.txt" not in {item["name"] for item in listing["content"]}
    # Ada's token and login open no door of Alan's server, and her file API stops at her home
    assert requests.get(f"{base}/user/alan/api/contents", headers=ada, timeout=30).status_code == 403
    assert ada_session.get(f"{base}/user/alan/api/contents", timeout=30, allow_redirects=False).status_code in (
        302, 403)
    assert requests.get(f"{base}/user/ada/api/contents/..%2Falan", headers=ada, timeout=30).status_code in (
        400, 403, 404)
