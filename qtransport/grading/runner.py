"""Run the cells of a notebook in a fresh kernel, under time limits, for the grader.

:func:`run_isolated` is what the grader calls.  It starts a separate Python
process (this file run as a script, importing only nbclient), which starts a
fresh IPython kernel through nbclient and executes the cells one by one with

* a per-cell time limit: the kernel is interrupted, and the cell recorded as
  timed out; if the kernel does not stop within a grace period (a loop that
  swallows ``KeyboardInterrupt``) it is killed;
* an overall time limit: cells not started by then are recorded as not run;
* a restart rule: when a cell kills the kernel (``os._exit``, a crash) or
  will not be interrupted, that cell is replaced by ``pass`` and the notebook
  is run again from the start in a new kernel (at most ``max_restarts``
  times), so that the cells after it are still graded;
* a hard wall-clock limit enforced from outside: the grading process kills
  the runner process and the kernel's process group if the runner overruns.

Outputs are not kept (a cell printing without end costs no memory): only
errors, and display data of the grader's private MIME type, are recorded.

The child process hides the optional ``rfc3987_syntax`` package from
jsonschema: nbformat imports jsonschema, which would build an IRI grammar
(about 1 s) for a format check that notebooks never use.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time

__all__ = ["run_isolated", "execute_cells"]

#: The private MIME type of the check values (same as ``_harness.MIME``; this
#: module imports nothing from the package, so the child process stays light).
MIME = "application/x-qtransport-grading"

MAX_PAYLOADS_PER_CELL = 4
MAX_PAYLOAD_CHARS = 8_000_000
MAX_MESSAGE_BYTES = 64 * 2**20


def _client_class():
    import zmq
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from nbclient import NotebookClient

    class _OneSpec(KernelSpecManager):
        """A kernel spec manager that knows one kernel: the sandboxed one."""

        def __init__(self, spec, **kw):
            super().__init__(**kw)
            self._spec = spec

        def get_kernel_spec(self, kernel_name, *args, **kwargs):
            return self._spec

    class GradingClient(NotebookClient):
        """nbclient's client, keeping payloads instead of outputs, with a kill-on-hang rule."""

        def __init__(self, nb, *, grace, ipc_dir, kernel_argv=None, **kw):
            super().__init__(nb, **kw)
            self.grace = grace
            self.ipc_dir = ipc_dir
            self.kernel_argv = kernel_argv
            self.payloads = {}
            self.output_chars = {}
            self.replies = {}
            self.current_timeout = None
            self.timeout_func = lambda cell: self.current_timeout
            self.reset_cell()

        def create_kernel_manager(self):
            km = super().create_kernel_manager()
            km.transport = "ipc"  # local sockets in the run's folder: no TCP port, nothing on the network
            km.ip = os.path.join(self.ipc_dir, "kernel")
            if self.kernel_argv is not None:
                # the sandboxed kernel: its command is the sandbox launcher; it is interrupted
                # by a message on its control channel (a signal would stop at the sandbox)
                km.connection_file = os.path.join(self.ipc_dir, "kernel.json")
                km.kernel_spec_manager = _OneSpec(
                    spec=KernelSpec(
                        argv=list(self.kernel_argv),
                        display_name="Python 3 (grading sandbox)",
                        language="python",
                        interrupt_mode="message",
                        env={},
                        metadata={},
                    )
                )
            # a kernel cannot make this process hold huge messages
            km.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
            return km

        def reset_cell(self):
            self.timed_out = False
            self.interrupted_at = None

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content") or {}
            data = content.get("data") if isinstance(content, dict) else None
            if isinstance(data, dict) and MIME in data:
                kept = self.payloads.setdefault(cell_index, [])
                text = data[MIME]
                if len(kept) < MAX_PAYLOADS_PER_CELL and isinstance(text, str) and len(text) <= MAX_PAYLOAD_CHARS:
                    kept.append(text)
            chars = len(str(content.get("text", ""))) if isinstance(content, dict) else 0
            self.output_chars[cell_index] = self.output_chars.get(cell_index, 0) + chars
            return None

        async def _check_raise_for_error(self, cell, cell_index, exec_reply):
            if exec_reply is not None:
                self.replies[cell_index] = exec_reply.get("content", {})

        async def _async_handle_timeout(self, timeout, cell=None):
            # one interrupt (KeyboardInterrupt in the cell); a kernel still busy after
            # `grace` seconds is given up on (the caller kills it and runs again)
            now = time.monotonic()
            if self.interrupted_at is None:
                self.timed_out = True
                self.interrupted_at = now
                await _maybe_await(self.km.interrupt_kernel())
                return None
            if now - self.interrupted_at > self.grace:
                raise KernelUnresponsive(f"the kernel did not stop within {self.grace:g} s of an interrupt")
            await asyncio.sleep(0.05)
            return None

    return GradingClient


class KernelUnresponsive(RuntimeError):
    """The kernel ignored interrupts after a cell exceeded its time limit."""


async def _maybe_await(value):
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value


def _record(status, error=None, payloads=(), seconds=0.0, output_chars=0):
    return {
        "status": status,
        "error": error,
        "payloads": list(payloads),
        "seconds": round(seconds, 3),
        "output_chars": output_chars,
    }


def _describe_reply(reply, memory=None):
    ename = str(reply.get("ename", "Error"))
    evalue = str(reply.get("evalue", ""))
    text = f"{ename}: {evalue}" if evalue else ename
    text = text if len(text) <= 400 else text[:397] + "..."
    if ename == "MemoryError" and memory:
        text += f" (the grader allows {memory / 2**30:.3g} GiB of memory per process)"
    return text


def _sandbox_module():
    """``sandbox.py`` of this package, loaded by path (the package itself is not imported here)."""
    import importlib.util

    name = "qtransport_grading_sandbox"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(__file__), "sandbox.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _kernel_setup(sandbox, cwd):
    """(folder of the kernel's sockets, kernel command or None) for one kernel."""
    if sandbox is None:
        return cwd, None
    shared = tempfile.mkdtemp(prefix="kernel-", dir=cwd)  # a fresh folder for every kernel
    module = _sandbox_module()
    box = module.Sandbox(
        bwrap=sandbox["bwrap"],
        version=sandbox["version"],
        user=sandbox["user"],
        limits=module.Limits(**sandbox["limits"]),
        ro_binds=tuple(sandbox["ro_binds"]),
    )
    return shared, box.kernel_argv(shared, sandbox.get("masks", ()), sandbox.get("uid", module.NOBODY))


async def _attempt(
    sources, disabled, clock, *, cell_timeout, total_timeout, grace, cwd, on_kernel, kernel_name, sandbox=None
):
    import nbformat
    from nbclient.exceptions import DeadKernelError

    cells = [nbformat.v4.new_code_cell("pass" if i in disabled else src) for i, src in enumerate(sources)]
    nb = nbformat.v4.new_notebook(cells=cells)
    ipc_dir, kernel_argv = _kernel_setup(sandbox, cwd)
    memory = (sandbox or {}).get("limits", {}).get("memory")
    client = _client_class()(
        nb,
        grace=grace,
        ipc_dir=ipc_dir,
        kernel_argv=kernel_argv,
        kernel_name=kernel_name,
        allow_errors=True,
        interrupt_on_timeout=True,
        shutdown_kernel="immediate",
        iopub_timeout=4,
        startup_timeout=60,
        record_timing=False,
        store_widget_state=False,
    )
    records = [None] * len(sources)
    stopped_at = None
    env = {**os.environ, "MPLBACKEND": "agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    # the kernel writes nothing to this process's stdout and stderr (the result channel)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    async with client.async_setup_kernel(cwd=ipc_dir, env=env, **quiet):
        if kernel_argv is not None and os.geteuid() == 0:
            # the kernel (nobody) has made its sockets: the one host folder it can write to is
            # closed to it, so it cannot fill the disk with files
            os.chown(ipc_dir, 0, 0)
            os.chmod(ipc_dir, 0o555)
        if on_kernel is not None:
            provisioner = getattr(client.km, "provisioner", None)
            on_kernel(getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None))
        if clock.get("deadline") is None:  # the overall limit counts from the first kernel being ready
            clock["deadline"] = time.monotonic() + total_timeout
        deadline = clock["deadline"]
        for index, cell in enumerate(nb.cells):
            if index in disabled:
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            client.current_timeout = max(0.5, min(cell_timeout, remaining))
            client.reset_cell()
            start = time.monotonic()
            try:
                await client.async_execute_cell(cell, index, store_history=True)
            except (DeadKernelError, KernelUnresponsive, asyncio.CancelledError) as exc:
                why = (
                    "the kernel died while running this cell (os._exit, a crash, or too much memory?)"
                    if isinstance(exc, (DeadKernelError, asyncio.CancelledError))
                    else f"the cell ran longer than {client.current_timeout:g} s and ignored the interrupt"
                )
                records[index] = _record(
                    "stopped", why, client.payloads.get(index, ()), time.monotonic() - start,
                    client.output_chars.get(index, 0),
                )
                stopped_at = index
                break
            elapsed = time.monotonic() - start
            reply = client.replies.get(index, {})
            if client.timed_out:
                status, error = "timeout", f"stopped after {client.current_timeout:g} s (time limit)"
            elif reply.get("status") == "error":
                status, error = "error", _describe_reply(reply, memory)
            else:
                status, error = "ok", None
            records[index] = _record(
                status, error, client.payloads.get(index, ()), elapsed, client.output_chars.get(index, 0)
            )
    return records, stopped_at


async def _execute(
    sources, *, cell_timeout, total_timeout, grace, max_restarts, cwd, on_kernel, kernel_name, sandbox=None
):
    start = time.monotonic()
    clock = {"deadline": None}
    disabled = {}
    restarts = 0
    notes = []
    unrun = "not run: the time limit of the whole notebook was reached"
    while True:
        try:
            records, stopped_at = await _attempt(
                sources, set(disabled), clock, cell_timeout=cell_timeout, total_timeout=total_timeout, grace=grace,
                cwd=cwd, on_kernel=on_kernel, kernel_name=kernel_name, sandbox=sandbox,
            )
        except Exception as exc:  # noqa: BLE001 - kernel could not start
            return {
                "cells": [_record("not_run", "the kernel could not be started") for _ in sources],
                "restarts": restarts,
                "notes": notes + [f"the kernel could not be started: {type(exc).__name__}: {exc}"],
                "seconds": round(time.monotonic() - start, 3),
                "failed": True,
            }
        for index, record in disabled.items():
            records[index] = record
        if stopped_at is None:
            break
        disabled[stopped_at] = {**records[stopped_at], "status": "stopped"}
        if time.monotonic() >= clock["deadline"]:
            break
        if restarts >= max_restarts:
            unrun = f"not run: the kernel was stopped {restarts + 1} times, the grader gave up"
            notes.append(f"gave up after {restarts} restarts of the kernel; later cells were not run")
            break
        restarts += 1
    for index, record in enumerate(records):
        if record is None:
            records[index] = _record("not_run", unrun)
    if any(r["status"] == "not_run" for r in records) and time.monotonic() >= clock["deadline"]:
        notes.append(f"the notebook reached the overall time limit of {total_timeout:g} s")
    return {"cells": records, "restarts": restarts, "notes": notes, "seconds": round(time.monotonic() - start, 3)}


def execute_cells(
    sources,
    *,
    cell_timeout=30.0,
    total_timeout=300.0,
    grace=3.0,
    max_restarts=3,
    cwd=None,
    on_kernel=None,
    kernel_name="python3",
    sandbox=None,
):
    """Execute code cells in a fresh kernel, in this process (see :func:`run_isolated`).

    Parameters
    ----------
    sources : list of str
        The code of each cell, in order.
    cell_timeout, total_timeout : float
        Time limits in seconds for one cell and for the whole run.
    grace : float
        Seconds a kernel gets to stop after an interrupt before it is killed.
    max_restarts : int
        How many times a cell that stopped the kernel is disabled and the run
        restarted.
    cwd : str, optional
        Working directory of the kernel (default: a new temporary directory).
    on_kernel : callable, optional
        Called with the process group id of every kernel started.
    sandbox : dict, optional
        The sandbox every kernel runs in (the fields of
        :class:`~qtransport.grading.sandbox.Sandbox`, limits as a dict, and
        ``masks``); default: none.

    Returns
    -------
    dict
        ``{"cells": [{"status", "error", "payloads", "seconds", "output_chars"}, ...],
        "restarts": int, "notes": [str], "seconds": float}`` with ``status`` one of
        ``ok``, ``error``, ``timeout``, ``stopped``, ``not_run``.
    """
    with tempfile.TemporaryDirectory(prefix="qtgrade-") as tmp:
        return asyncio.run(
            _execute(
                list(sources),
                cell_timeout=float(cell_timeout),
                total_timeout=float(total_timeout),
                grace=float(grace),
                max_restarts=int(max_restarts),
                cwd=cwd or tmp,
                on_kernel=on_kernel,
                kernel_name=kernel_name,
                sandbox=sandbox,
            )
        )


def _kill_group(pgid):
    try:
        os.killpg(int(pgid), signal.SIGKILL)
    except (ProcessLookupError, PermissionError, ValueError, OSError):
        pass


def run_isolated(
    sources, *, cell_timeout=30.0, total_timeout=300.0, hard_timeout=None, grace=3.0, max_restarts=3, sandbox=None
):
    """Execute cells like :func:`execute_cells`, in a child process killed if it overruns.

    ``hard_timeout`` (default ``total_timeout + 30`` s) is a wall-clock limit
    on the whole child process: past it, the child and every kernel it
    started are killed, and every cell is reported as not run.

    The job goes to the child on its stdin and the result comes back on its
    stdout, tagged with a token drawn for this run; the kernel's own stdout
    and stderr go to ``/dev/null`` and its working directory is an empty
    temporary folder, so nothing a notebook can read or write there steers
    the grader.  With ``sandbox`` (see :func:`execute_cells`) every kernel
    runs in it; the runner itself stays outside, so the notebook cannot reach
    the result channel.
    """
    if hard_timeout is None:
        hard_timeout = total_timeout + 30.0
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="qtgrade-") as work:
        job = {
            "token": token,
            "sources": list(sources),
            "cell_timeout": cell_timeout,
            "total_timeout": total_timeout,
            "grace": grace,
            "max_restarts": max_restarts,
            "cwd": work,
            "sandbox": sandbox,
        }
        start = time.monotonic()
        launcher = (
            "import runpy, sys; sys.modules.setdefault('rfc3987_syntax', None); "
            f"runpy.run_path({__file__!r}, run_name='__main__')"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", launcher],
            cwd=work,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        killed = False
        try:
            stdout, stderr = proc.communicate(json.dumps(job).encode(), timeout=hard_timeout)
        except subprocess.TimeoutExpired:
            killed = True
            _kill_group(proc.pid)
            stdout, stderr = proc.communicate()
        kernels, result = [], None
        for line in stdout.decode(errors="replace").splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, dict) or message.get("token") != token:
                continue
            if "kernel" in message:
                kernels.append(message["kernel"])
            elif "result" in message:
                result = message["result"]
        if result is not None and not killed and proc.returncode == 0:
            return result
        for pgid in kernels:  # the runner did not shut its kernels down itself: do it for it
            _kill_group(pgid)
        reason = (
            f"the grading run exceeded the hard limit of {hard_timeout:g} s and was killed"
            if killed
            else "the grading run failed: " + stderr.decode(errors="replace")[-800:]
        )
        return {
            "cells": [_record("not_run", reason) for _ in sources],
            "restarts": 0,
            "notes": [reason],
            "seconds": round(time.monotonic() - start, 3),
            "failed": True,
        }


def _main():
    job = json.loads(sys.stdin.read())
    token = job["token"]
    out = sys.stdout

    def send(**message):
        out.write(json.dumps({"token": token, **message}) + "\n")
        out.flush()

    result = execute_cells(
        job["sources"],
        cell_timeout=job["cell_timeout"],
        total_timeout=job["total_timeout"],
        grace=job["grace"],
        max_restarts=job["max_restarts"],
        cwd=job["cwd"],
        on_kernel=lambda pgid: send(kernel=pgid),
        sandbox=job.get("sandbox"),
    )
    send(result=result)


if __name__ == "__main__":
    _main()
