"""Start one grading kernel inside a bubblewrap sandbox (run as a script, standard library only).

Usage (the kernel command that :class:`qtransport.grading.sandbox.Sandbox`
writes into the kernel spec)::

    python -I -S _launch.py PLAN CONNECTION_FILE [KERNEL ARGS...]
    python -I -S _launch.py PLAN --probe=FILE

``PLAN`` is the base64-encoded JSON launch plan made by the grader (never a
file: the sandbox can write to the shared folder, so nothing is read from
there).  This process runs with the grader's rights; it opens the folders to
show inside, drops to ``nobody`` if it is root, and replaces itself with
``bwrap``.  Inside, a second tiny Python sets the resource limits and replaces
itself with the IPython kernel.
"""

import base64
import json
import os
import sys

NOBODY = 65534

#: Runs first inside the sandbox: resource limits that no later process can
#: raise, then (a root grader) the switch to ``nobody``, then the real command.
INNER = r"""
import os, resource, sys
args = sys.argv[1:]
cut = args.index("--")
memory, processes, fsize, uid = (int(x) for x in args[:cut])
command = args[cut + 1:]
for which, value in (
    (resource.RLIMIT_AS, memory),
    (resource.RLIMIT_NPROC, processes),
    (resource.RLIMIT_FSIZE, fsize),
    (resource.RLIMIT_CORE, 0),
):
    resource.setrlimit(which, (value, value))
if uid >= 0:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop to uid %d" % uid)
os.umask(0o077)
os.makedirs(os.environ["HOME"], exist_ok=True)
os.makedirs("/tmp/work", exist_ok=True)
os.chdir("/tmp/work")
os.execv(command[0], command)
"""

#: The probe's command: what a sandbox must look like from inside.
PROBE = r"""
import json, os, socket, sys
net = False
try:
    s = socket.create_connection(("8.8.8.8", 53), timeout=0.5)
    net = True
    s.close()
except OSError:
    pass
with open(sys.argv[1], "w") as f:
    json.dump({"pid": os.getpid(), "uid": os.getuid(), "net": net}, f)
"""


def _bwrap_args(plan):
    env = plan["env"]
    limits = plan["limits"]
    if plan["user"] == "nobody":
        # a root grader: bwrap runs privileged, without a user namespace (a process of
        # uid 0 is exempt from the process limit), keeps only the right to change uid,
        # and the first process inside drops to nobody before anything else runs
        args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        uid = int(plan.get("uid", NOBODY))
    else:
        args = ["--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
        uid = -1
    args += ["--die-with-parent", "--new-session", "--hostname", "grader", "--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args += ["--proc", "/proc", "--dev", "/dev"]
    size = str(limits["tmp_size"])
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/tmp"]
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"]
    args += ["--perms", "0755", "--dir", "/var", "--symlink", "/tmp", "/var/tmp"]
    for name in ("bin", "lib", "lib64", "lib32", "libx32", "sbin"):
        host = "/" + name
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
    shared = plan["shared"]
    binds = plan["ro_binds"] + [shared]
    parents = sorted(
        {parent for path in binds for parent in _parents(path)} - set(binds) - {"/tmp", "/dev", "/var"},
        key=lambda p: (p.count("/"), p),
    )
    for parent in parents:  # the folders on the way to a bind, open to the sandbox user
        args += ["--perms", "0755", "--dir", parent]
    for path in plan["ro_binds"]:
        args += ["--ro-bind", path, path]
    args += ["--bind", shared, shared]
    for path in plan["masks"]:
        if os.path.isdir(path):
            args += ["--size", str(2**16), "--tmpfs", path]
        elif os.path.exists(path):
            args += ["--ro-bind", "/dev/null", path]
    args += ["--remount-ro", "/"]
    python = plan["python"][0]
    numbers = (limits["memory"], limits["processes"], limits["tmp_size"], uid)
    inner = [python, "-I", "-S", "-c", INNER, *(str(n) for n in numbers), "--"]
    return args, inner, python


def _parents(path):
    """The folders above ``path``, without the root: ``/a/b/c`` gives ``/a``, ``/a/b``."""
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def _own(path, uid, gid):
    """Give the shared folder (and what the grader put in it) to the sandbox user."""
    os.chown(path, uid, gid)
    for entry in os.scandir(path):
        if entry.is_file(follow_symlinks=False):
            os.chown(entry.path, uid, gid)


def main(argv):
    plan = json.loads(base64.b64decode(argv[1]))
    rest = argv[2:]
    if plan["user"] == "nobody":
        uid = int(plan.get("uid", NOBODY))
        _own(plan["shared"], uid, uid)
    args, inner, python = _bwrap_args(plan)
    if rest and rest[0].startswith("--probe="):
        command = inner + [python, "-I", "-S", "-c", PROBE, rest[0].split("=", 1)[1]]
    else:
        connection_file, extra = rest[0], rest[1:]
        command = inner + [python, "-m", "ipykernel_launcher", "-f", connection_file, *extra]
    bwrap = plan["bwrap"]
    # an empty environment: the sandbox's first process is bwrap itself, whose original
    # environment stays readable in /proc/1/environ for a kernel of the same uid
    os.execve(bwrap, [bwrap, *args, "--", *command], {})


if __name__ == "__main__":
    main(sys.argv)
