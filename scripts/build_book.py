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
3. The notebooks are run into the execution cache by :mod:`book_execute`
   (two at a time, progress shown, one more run for a notebook that hangs).
4. Jupyter Book 1 builds from the repository root with ``-W``: a notebook
   that fails to run, a broken cross-reference or a missing file fails the
   build.  Executed notebooks are cached in ``_build/.jupyter_cache``, so a
   rebuild after a change of prose runs nothing and writes only the changed
   pages; a change of the library ``qtransport`` runs them all again (their
   outputs come from it), and a change of the settings, the table of
   contents or ``book/_ext`` / ``book/_static`` writes every page again.

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
import book_execute  # noqa: E402

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


def invalidate_stale_cache() -> bool:
    """Forget the executed notebooks when the library changed since they ran.

    The execution cache keys on a notebook's code cells only; a change of
    ``qtransport`` (a figure's static picture, a question's page version)
    must re-run them too.  Returns whether it did: then every page must be
    read again (Sphinx re-reads only the sources that changed).
    """
    cache, stamp = BUILD / ".jupyter_cache", BUILD / ".jupyter_cache.library"
    now = library_fingerprint()
    stale = cache.exists() and (not stamp.exists() or stamp.read_text() != now)
    if stale:
        print("build_book: the library changed since the notebooks ran: executing them again", flush=True)
        shutil.rmtree(cache)
    stamp.write_text(now)
    return stale


def settings_changed(build_dir: Path, config_text: str, toc: Path) -> bool:
    """Whether the configuration, the table of contents or the extension changed since the last build.

    Sphinx would then re-read only the changed sources, and the other pages
    would keep the old settings (numbering, launch links, scripts): every page
    is written again instead.  The executed notebooks are kept.
    """
    digest = hashlib.sha256(config_text.encode())
    digest.update(toc.read_bytes())
    for folder in (ROOT / "book" / "_ext", ROOT / "book" / "_static"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    stamp = build_dir / ".settings.sha256"
    changed = not stamp.exists() or stamp.read_text() != digest.hexdigest()
    stamp.write_text(digest.hexdigest())
    return changed


def build(extra=(), environ=os.environ, *, toc=None, output=None) -> int:
    """Install the assets, write the configuration and run Jupyter Book; return its exit code.

    Parameters
    ----------
    extra : sequence of str
        More options of ``jupyter-book build``.
    environ : mapping
        Where the launch settings are read (``QTRANSPORT_*``, see the module).
    toc : path, optional
        Another table of contents (default ``book/_toc.yml``: the whole course).
    output : path, optional
        Build into ``output/_build`` instead of the repository's ``_build``; its
        execution cache is its own.  The site is ``output/_build/html``.
    """
    BUILD.mkdir(exist_ok=True)
    book_assets.install(BUILD / ".vendor")
    build_dir = BUILD if output is None else Path(output) / "_build"
    build_dir.mkdir(parents=True, exist_ok=True)
    toc = Path(toc or ROOT / "book" / "_toc.yml")
    config_text = yaml.safe_dump(site_config(environ), sort_keys=False, allow_unicode=True)
    config_path = build_dir / "_config.yml"
    config_path.write_text(config_text)
    everything = output is None and invalidate_stale_cache()
    # The notebooks run first, two at a time, into the execution cache; the build then reads them.
    config = site_config(environ)
    notebooks = book_execute.notebooks_to_run(toc, config)
    if not book_execute.execute(notebooks, build_dir / ".jupyter_cache", jobs=min(2, os.cpu_count() or 1)):
        print("build_book: FAILED: a notebook did not run (above)", flush=True)
        return 1
    if settings_changed(build_dir, config_text, toc) or everything:
        extra = ["--all", *(a for a in extra if a != "--all")]
    command = [
        jupyter_book(), "build", str(ROOT), "--config", str(config_path),
        "--toc", str(toc), "--path-output", str(build_dir.parent),
        "-W", "-n", "--keep-going", *extra,
    ]
    print("build_book:", " ".join(command), flush=True)
    t0 = time.monotonic()
    code = subprocess.call(command, cwd=ROOT)
    print(f"build_book: {'done' if code == 0 else 'FAILED'} in {time.monotonic() - t0:.0f} s "
          f"-> {build_dir / 'html' / 'index.html'}", flush=True)
    return code


def main(argv):
    extra = ["--all" if a == "--all" else a for a in argv]
    return build(extra)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
