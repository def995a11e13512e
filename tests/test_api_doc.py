"""docs/api.md lists every public function, chapter by chapter, and is current."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import qtransport

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_api_doc  # noqa: E402


def public_modules():
    for info in pkgutil.walk_packages(qtransport.__path__, "qtransport."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        if info.name.startswith(("qtransport.widgets.ch", "qtransport.figures.ch")):
            continue  # chapter figures and their data: documented in their notebooks
        if info.name.startswith("qtransport.grading.") and info.name not in {
            "qtransport.grading.grader", "qtransport.grading.generate", "qtransport.grading.sandbox"
        }:
            continue  # the grader's internals; its entry points are listed
        module = importlib.import_module(info.name)
        if getattr(module, "__all__", None):
            yield info.name


def test_every_public_module_belongs_to_a_chapter():
    listed = {name for _, modules in make_api_doc.CHAPTERS for name in modules}
    missing = sorted(set(public_modules()) - listed - {"qtransport.models", "qtransport.lattice",
                                                      "qtransport.widgets", "qtransport.tb"})
    assert not missing, f"add these modules to CHAPTERS in scripts/make_api_doc.py: {missing}"


def test_api_page_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_api_doc.py"), "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout
