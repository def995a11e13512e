"""Install the scripts the course website serves itself: MathJax and the widget manager.

The website must work offline and load nothing from outside itself, so the
two scripts that Sphinx and MyST-NB would take from public CDNs come from the
npm registry instead, at pinned versions, and are copied into the site:

* ``mathjax`` 3 (its ``es5`` bundle, fonts included): the equations;
* ``@jupyter-widgets/html-manager`` 1 (ipywidgets 8) and ``requirejs``: the
  few plain widgets (progress bars) whose saved state a page shows.

Usage: ``python scripts/book_assets.py [DEST]`` (default ``_build/.vendor``);
``scripts/build_book.py`` runs it.  npm is needed once; afterwards the
installed copy is reused (delete DEST to refresh it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "mathjax": "3.2.2",
    "@jupyter-widgets/html-manager": "1.0.15",
    "requirejs": "2.3.8",
}
#: What the site references (see book/_config.yml): path under DEST/vendor -> check file.
#: The widget manager sits where its own "CDN" setting makes it look for its fonts.
EXPECTED = ("mathjax/tex-chtml.js", "@jupyter-widgets/html-manager/dist/embed-amd.js", "require.min.js")


def installed(dest: Path) -> bool:
    stamp = dest / "vendor" / "VERSIONS"
    return stamp.exists() and stamp.read_text() == _versions() and all(
        (dest / "vendor" / path).exists() for path in EXPECTED
    )


def _versions() -> str:
    return "".join(f"{name}@{version}\n" for name, version in PACKAGES.items())


def install(dest: Path) -> Path:
    """Install the packages with npm and copy what the site needs into ``dest/vendor``."""
    if installed(dest):
        return dest
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "book_assets: npm is needed once to fetch MathJax and the widget manager "
            "(Debian/Ubuntu: apt-get install npm)."
        )
    work = dest.parent / ".npm"
    work.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
    print(f"book_assets: npm install {' '.join(specs)}", flush=True)
    subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
         "--prefix", str(work), *specs],
        check=True,
    )
    modules = work / "node_modules"
    vendor = dest / "vendor"
    shutil.rmtree(vendor, ignore_errors=True)
    vendor.mkdir(parents=True)
    shutil.copytree(modules / "mathjax" / "es5", vendor / "mathjax")
    shutil.copytree(
        modules / "@jupyter-widgets" / "html-manager" / "dist",
        vendor / "@jupyter-widgets" / "html-manager" / "dist",
        ignore=shutil.ignore_patterns("*.map"),
    )
    shutil.copy(modules / "requirejs" / "require.js", vendor / "require.min.js")
    for name in ("mathjax", "@jupyter-widgets/html-manager", "requirejs"):
        licence = next((modules / name).glob("LICENSE*"), None)
        if licence:
            shutil.copy(licence, vendor / f"LICENSE-{name.replace('/', '-').lstrip('@')}")
    (vendor / "VERSIONS").write_text(_versions())
    missing = [path for path in EXPECTED if not (vendor / path).exists()]
    if missing:
        raise SystemExit(f"book_assets: the npm packages lack {missing}")
    return dest


def main(argv):
    dest = Path(argv[0]) if argv else ROOT / "_build" / ".vendor"
    install(dest)
    print(f"book_assets: ready in {dest / 'vendor'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
