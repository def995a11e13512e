"""Build the course website into ``_build/html`` (``make book``).

1. MathJax and the widget manager are installed from npm into
   ``_build/.vendor`` (:mod:`book_assets`), so that the site loads nothing
   from outside itself.
2. ``book/_config.yml`` is read, the launch settings are taken from the
   environment and the result is written to ``_build/_config.yml``:

   ``QTRANSPORT_REPO_URL``, ``QTRANSPORT_REPO_BRANCH``
       the public repository of the course and its branch (the launch links
       open it);
   ``QTRANSPORT_BINDER_URL``
       a BinderHub (default ``https://mybinder.org``; empty for no Binder link);
   ``QTRANSPORT_HUB_URL``
       a JupyterHub (empty by default: no hub link); the link pulls the
       repository into the learner's home with nbgitpuller, which the hub must
       have installed.
3. Jupyter Book 1 builds from the repository root with ``-W``: a notebook
   that fails to run, a broken cross-reference or a missing file fails the
   build.  Executed notebooks are cached in ``_build/.jupyter_cache``, so a
   rebuild after a change of prose runs nothing; a change of the library
   ``qtransport`` runs them all again (their outputs come from it).

Usage: ``python scripts/build_book.py [--all] [extra jupyter-book options]``
(``--all`` rebuilds every page).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import book_assets  # noqa: E402

SETTINGS = {
    "QTRANSPORT_REPO_URL": ("repository", "url"),
    "QTRANSPORT_REPO_BRANCH": ("repository", "branch"),
    "QTRANSPORT_BINDER_URL": ("launch_buttons", "binderhub_url"),
    "QTRANSPORT_HUB_URL": ("launch_buttons", "jupyterhub_url"),
}


def site_config(environ=os.environ) -> dict:
    """``book/_config.yml`` with the launch settings taken from ``environ``."""
    config = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())
    for variable, (section, key) in SETTINGS.items():
        if variable in environ:
            value = environ[variable].strip().rstrip("/") if key.endswith("_url") else environ[variable]
            config.setdefault(section, {})[key] = value
    # The written configuration lives in _build/: paths of local extensions are made absolute.
    local = config.get("sphinx", {}).get("local_extensions") or {}
    for name, path in local.items():
        local[name] = str((ROOT / path).resolve())
    return config


def jupyter_book() -> str:
    here = Path(sys.executable).parent / "jupyter-book"
    return str(here) if here.exists() else "jupyter-book"


def library_fingerprint() -> str:
    """A hash of the library's source: the outputs of the notebooks depend on it."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "qtransport").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_cache():
    """Forget the executed notebooks when the library changed since they ran.

    The execution cache keys on a notebook's code cells only; a change of
    ``qtransport`` (a figure's static picture, a question's page version)
    must re-run them too.
    """
    cache, stamp = BUILD / ".jupyter_cache", BUILD / ".jupyter_cache.library"
    now = library_fingerprint()
    if cache.exists() and (not stamp.exists() or stamp.read_text() != now):
        print("build_book: the library changed since the notebooks ran: executing them again", flush=True)
        shutil.rmtree(cache)
    stamp.write_text(now)


def build(extra=(), environ=os.environ) -> int:
    """Install the assets, write the configuration and run Jupyter Book; return its exit code."""
    BUILD.mkdir(exist_ok=True)
    invalidate_stale_cache()
    book_assets.install(BUILD / ".vendor")
    config_path = BUILD / "_config.yml"
    config_path.write_text(yaml.safe_dump(site_config(environ), sort_keys=False, allow_unicode=True))
    command = [
        jupyter_book(), "build", str(ROOT), "--config", str(config_path),
        "--toc", str(ROOT / "book" / "_toc.yml"), "--path-output", str(ROOT),
        "-W", "-n", "--keep-going", *extra,
    ]
    print("build_book:", " ".join(command), flush=True)
    t0 = time.monotonic()
    code = subprocess.call(command, cwd=ROOT)
    print(f"build_book: {'done' if code == 0 else 'FAILED'} in {time.monotonic() - t0:.0f} s "
          f"-> {BUILD / 'html' / 'index.html'}", flush=True)
    return code


def main(argv):
    extra = ["--all" if a == "--all" else a for a in argv]
    return build(extra)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
