"""Tag the check cells of the chapter notebooks so that the website hides them.

A check cell is a code cell whose top-level statements include an ``assert``
and which displays nothing (no bare expression at its end, or one ending in
``;``): it proves a number of the text, and a reader of the website does not
need to see it.  Jupyter Book folds a cell tagged ``hide-cell`` behind a
"show" button (``remove-cell`` would drop it from the page).

Usage::

    python scripts/tag_check_cells.py notebooks/*.ipynb            # add the tag
    python scripts/tag_check_cells.py --check notebooks/*.ipynb    # exit 1 if a tag is missing
    python scripts/tag_check_cells.py --tag remove-cell notebooks/*.ipynb

Only the tags change; outputs, ids and everything else are left as they are.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import nbformat


def is_check_cell(source: str) -> bool:
    """Whether ``source`` (a code cell) asserts something and displays nothing."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False  # IPython magics and the like: leave them alone
    if not any(isinstance(node, ast.Assert) for node in tree.body):
        return False
    last = tree.body[-1]
    if isinstance(last, ast.Expr) and not source.rstrip().endswith(";"):
        return False  # its value is displayed
    return True


def tag_notebook(path: Path, tag: str, *, write: bool) -> int:
    """Add ``tag`` to the check cells of ``path``; return how many cells lacked it."""
    nb = nbformat.read(path, as_version=4)
    missing = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_check_cell(cell.source):
            continue
        tags = cell.metadata.setdefault("tags", [])
        if tag not in tags:
            missing += 1
            tags.append(tag)
    if write and missing:
        nbformat.write(nb, path)
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--tag", default="hide-cell", help="the tag to add (default hide-cell)")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if tags are missing")
    args = parser.parse_args(argv)
    total = 0
    for path in args.notebooks:
        missing = tag_notebook(path, args.tag, write=not args.check)
        total += missing
        if missing:
            print(f"{path}: {missing} check cell(s) {'without' if args.check else 'tagged'} {args.tag!r}")
    return 1 if args.check and total else 0


if __name__ == "__main__":
    raise SystemExit(main())
