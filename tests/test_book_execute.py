"""The website's notebook runner (scripts/book_execute.py): cache key, retries, failures.

Small throw-away notebooks run in a real kernel: one that succeeds must land in the
execution cache under the key Jupyter Book looks up (so the build runs nothing), one
that hangs is stopped, gets a second run and then fails, one whose cell raises fails
at once with its traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

try:
    import jupyter_cache  # noqa: F401
    import nbformat
except ImportError:  # the website's tools are the docs extra; make test installs them
    if os.environ.get("CI"):
        raise
    pytest.skip("the website's tools are not installed (pip install -e '.[docs]')", allow_module_level=True)

import book_execute  # noqa: E402


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# a page")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_run_notebook_is_found_by_the_cache_key_of_the_build(tmp_path, capsys):
    from jupyter_cache import get_cache

    path = _notebook(tmp_path, "fine", "import os\nprint(os.getcwd())", "x = 6 * 7\nx")
    cache_path = tmp_path / "cache"
    assert book_execute.execute([path], cache_path, jobs=1, timeout=60)
    assert "[1/1]" in capsys.readouterr().out
    # Jupyter Book reads the notebook from disk and asks the cache for it by its code cells.
    record = get_cache(str(cache_path)).match_cache_notebook(nbformat.read(path, as_version=4))
    executed = get_cache(str(cache_path)).get_cache_bundle(record.pk).nb
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert code[0].outputs[0]["text"].strip() == str(tmp_path)  # ran in the notebook's folder
    assert code[1].outputs[0]["data"]["text/plain"] == "42"
    # A second call finds it and runs nothing.
    assert book_execute.execute([path], cache_path, jobs=1, timeout=60)
    assert "all 1 notebooks are in the execution cache" in capsys.readouterr().out


def test_a_notebook_that_hangs_is_stopped_run_again_and_then_fails(tmp_path, capsys):
    path = _notebook(tmp_path, "silent", "import time\ntime.sleep(60)")
    assert not book_execute.execute([path], tmp_path / "cache", jobs=1, timeout=8)
    out = capsys.readouterr().out
    assert "(run 1 of 2)" in out and "(run 2 of 2)" in out
    assert "silent.ipynb FAILED after 2 runs" in out


def test_a_cell_that_raises_fails_at_once_with_its_traceback(tmp_path, capfd):
    path = _notebook(tmp_path, "broken", "raise ValueError('the cell is wrong')")
    assert not book_execute.execute([path], tmp_path / "cache", jobs=1, timeout=60)
    out, err = capfd.readouterr()
    assert "broken.ipynb FAILED (exit 1)" in out and "run 2 of 2" not in out
    assert "ValueError: the cell is wrong" in err


def test_the_site_runs_the_chapters_and_not_the_exercises():
    import build_book

    paths = book_execute.notebooks_to_run(ROOT / "book" / "_toc.yml", build_book.site_config())
    names = [path.relative_to(ROOT).as_posix() for path in paths]
    assert names[0] == "notebooks/00_welcome.ipynb"
    assert len(names) == len(sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    assert not [name for name in names if name.startswith("exercises/")]
