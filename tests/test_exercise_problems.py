"""Every practice problem the sources cite is practised by a graded question of a matching chapter.

The cited problems are listed, once and for all, in ``solutions/PROBLEMS.md`` (with the chapters
whose exercises may practise each).  Each exercise source maps its own in the first markdown cell,
after a line ``**Practice problems of the sources**``, one list line per problem:
``- `problem_id:2999800` → q3: a few words`` (``→ q3, q4`` for several questions).  Where the
source documents are at hand (``../shared/seeds`` beside the course folder), the list is checked
against them too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qtransport.grading.exercise import read_notebook, read_test_header

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
SEEDS = ROOT.parent / "shared" / "seeds"
MARKER = "**Practice problems of the sources**"

_LISTED = re.compile(
    r"^- `problem_id:(?P<id>\d+)` \(seed `(?P<seed>[^`]+\.txt)`, chapters? (?P<chapters>\d+(?:, \d+)*)\): (?P<what>\S.*)$"
)
_MAPPED = re.compile(r"^- `problem_id:(?P<id>\d+)` → (?P<qids>[A-Za-z][\w.-]*(?:, [A-Za-z][\w.-]*)*): (?P<what>\S.*)$")


def listed():
    """``{id: (seed, chapters, description)}`` from ``solutions/PROBLEMS.md``."""
    out = {}
    for line in (SOLUTIONS / "PROBLEMS.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("- `problem_id:"):
            match = _LISTED.match(line)
            assert match, f"PROBLEMS.md: malformed line {line!r}"
            assert match["id"] not in out, f"PROBLEMS.md lists problem_id:{match['id']} twice"
            out[match["id"]] = (match["seed"], {int(c) for c in match["chapters"].split(", ")}, match["what"])
    return out


def header_map(nb, name):
    """``[(id, [qids])]`` from the practice section of the notebook's first markdown cell."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    assert first is not None, f"{name}: no markdown cell"
    lines = first.source.split("\n")
    marks = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    assert len(marks) <= 1, f"{name}: the line {MARKER} appears {len(marks)} times"
    others = [n for n in nb.cells[1:] if n.cell_type == "markdown" and MARKER in n.source]
    assert not others, f"{name}: the practice section belongs in the first markdown cell"
    if not marks:
        return []
    items, started = [], False
    for line in lines[marks[0] + 1 :]:
        if not line.strip() and not started:
            continue
        if not line.startswith("- "):
            break
        started = True
        match = _MAPPED.match(line)
        assert match, (f"{name}: the line {line!r} is not of the form "
                       "- `problem_id:2999800` → q3: a few words on what it practises")
        items.append((match["id"], match["qids"].split(", ")))
    assert items, f"{name}: {MARKER} is followed by no problem"
    return items


def question_ids(nb):
    return {h[0] for c in nb.cells if c.cell_type == "code" and (h := read_test_header(c.source))}


def sources():
    return sorted(SOLUTIONS.glob("ex*.ipynb"))


def test_the_list_has_every_problem_the_sources_cite():
    problems = listed()
    assert len(problems) == 20
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not here ({SEEDS}); the list is checked where they are")
    cited = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for number in re.findall(r"problem_id:(\d+)", path.read_text(encoding="utf-8")):
            cited.setdefault(number, path.name)
    assert set(problems) == set(cited)
    assert {k: v[0] for k, v in problems.items()} == cited


def test_every_cited_problem_is_practised_by_a_graded_question_of_its_chapter():
    problems = listed()
    mapped = {}
    for path in sources():
        name = path.stem
        nb = read_notebook(path.read_bytes())
        chapter = int(re.match(r"ex(\d\d)", name)[1])
        qids = question_ids(nb)
        seen = set()
        for number, targets in header_map(nb, name):
            assert number in problems, f"{name} maps problem_id:{number}, which the sources do not cite"
            assert number not in seen, f"{name} maps problem_id:{number} twice"
            seen.add(number)
            assert chapter in problems[number][1], (
                f"{name} maps problem_id:{number}, a problem of chapter(s) {sorted(problems[number][1])}"
            )
            missing = [q for q in targets if q not in qids]
            assert not missing, f"{name} maps problem_id:{number} to {missing}, which are not its questions {sorted(qids)}"
            assert len(set(targets)) == len(targets), f"{name}: problem_id:{number} names a question twice"
            mapped.setdefault(number, []).append(name)
    unmapped = sorted(set(problems) - set(mapped))
    assert not unmapped, f"no exercise practises {['problem_id:' + n for n in unmapped]}"
