"""Command line of the exercise tools: ``python -m qtransport.grading COMMAND``.

Commands
--------
generate   write ``exercises/`` from ``solutions/`` (``--check``: only compare;
           ``--roster roster.csv --out handout/``: one notebook per student, at their variant)
validate   run the instructor solutions and check they pass their own checks
grade      grade one submission, print a report, write JSON / text files
batch      grade every notebook of a folder into a CSV gradebook (``--jobs N`` at once here,
           or ``--scheduler tcp://HOST:8786`` on a Dask cluster)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m qtransport.grading",
        description="Generate student exercise notebooks and grade submissions.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add_solutions(p):
        p.add_argument("--solutions", type=Path, default=None, help="folder of instructor sources (default: ./solutions)")

    def add_limits(p):
        p.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell (default 30)")
        p.add_argument("--timeout", type=float, default=300.0, help="seconds for the whole notebook (default 300)")
        p.add_argument(
            "--sandbox",
            choices=("auto", "required", "off"),
            default="auto",
            help="run each notebook in the bubblewrap sandbox: auto (default: if it starts here, else "
            "grade with a warning), required (refuse to grade without it), off",
        )
        p.add_argument("--memory", default="4GiB", help="memory per process in the sandbox (default 4GiB)")
        p.add_argument(
            "--max-processes", type=int, default=256, help="processes and threads in the sandbox (default 256)"
        )

    p = sub.add_parser("generate", help="write exercises/ from solutions/")
    add_solutions(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: exercises/ beside solutions/)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ is stale")
    p.add_argument("--roster", type=Path, default=None,
                   help="class roster CSV: write OUT/<student id>/<exercise>.ipynb, each at the student's variant "
                   "(needs --out)")
    p.add_argument("--exercise", action="append", default=None,
                   help="with --roster: only this exercise (repeat for several; default: all)")

    p = sub.add_parser("validate", help="run the solutions against their own checks")
    add_solutions(p)
    p.add_argument("names", nargs="*", help="exercise names (default: all)")
    p.add_argument("--variants", type=int, default=3,
                   help="for exercises with per-student variants: also run this many drawn variants (default 3)")

    p = sub.add_parser("grade", help="grade one submitted notebook")
    p.add_argument("submission", type=Path)
    p.add_argument("--exercise", default=None, help="exercise name, e.g. ex03_qpc (default: from the notebook)")
    p.add_argument("--student", default=None,
                   help="the student's id (from the roster): grade at this student's variant")
    add_solutions(p)
    add_limits(p)
    p.add_argument("--json", type=Path, default=None, help="write the result as JSON here")
    p.add_argument("--report", type=Path, default=None, help="write the readable report here")
    p.add_argument("--quiet", action="store_true", help="do not print the report")

    p = sub.add_parser("batch", help="grade a folder of submissions into a CSV gradebook")
    p.add_argument("folder", type=Path)
    p.add_argument("--csv", type=Path, required=True, help="gradebook to write")
    p.add_argument("--exercise", default=None, help="exercise all submissions must be")
    add_solutions(p)
    add_limits(p)
    p.add_argument(
        "--jobs", type=int, default=None,
        help="submissions graded at once, each in its own kernel (default: the number of cores, at most 8)",
    )
    p.add_argument(
        "--scheduler", default=None, metavar="ADDRESS",
        help="grade on the Dask cluster of this scheduler, e.g. tcp://10.0.0.5:8786 (needs the cluster extra "
        "here and the course on every worker); same gradebook as a local batch",
    )
    p.add_argument(
        "--scheduler-timeout", type=float, default=None, metavar="SECONDS",
        help="how long to wait for the scheduler, then for its first worker (default 20)",
    )
    p.add_argument("--json-dir", type=Path, default=None, help="write one JSON result per submission here")
    p.add_argument("--report-dir", type=Path, default=None, help="write one text report per submission here")
    p.add_argument("--roster", type=Path, default=None,
                   help="class roster CSV (columns id, name, submission; optional section, sis_user_id, sis_login_id); "
                   "each file is graded at its student's variant")
    p.add_argument("--canvas", type=Path, default=None, help="with --roster: write a Canvas gradebook import CSV")
    p.add_argument("--assignment", default=None, help="the Canvas column name (default: the exercise name)")
    p.add_argument("--per-question", type=Path, default=None, help="with --roster: one row per student and question")
    p.add_argument("--feedback-dir", type=Path, default=None,
                   help="with --roster: one text and one HTML feedback file per student")
    return parser


def _solutions(args):
    from qtransport.grading.grader import default_solutions_dir

    return args.solutions if args.solutions is not None else default_solutions_dir()


def main(argv=None):
    args = _parser().parse_args(argv)
    if __name__ == "__main__":
        # nbformat -> jsonschema would build an IRI grammar at import (about 1 s) for a
        # format check notebooks never use; the command line process does without it.
        sys.modules.setdefault("rfc3987_syntax", None)
    from qtransport.grading.cluster import ClusterUnavailable
    from qtransport.grading.exercise import SourceError
    from qtransport.grading.sandbox import SandboxUnavailable

    try:
        return _COMMANDS[args.command](args)
    except SandboxUnavailable as exc:
        print(f"error: --sandbox required, and {exc}", file=sys.stderr)
        return 2
    except ClusterUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SourceError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _generate(args):
    from qtransport.grading.generate import generate, generate_for_roster

    solutions = _solutions(args)
    if args.roster is not None:
        if args.out is None:
            raise ValueError("--roster writes one notebook per student: give the folder with --out, e.g. --out handout")
        report = generate_for_roster(solutions, args.roster, args.out, exercises=args.exercise, check=args.check)
    elif args.exercise:
        raise ValueError("--exercise selects exercises for --roster; without a roster every source is generated")
    else:
        report = generate(solutions, args.out, check=args.check)
    verb = "stale" if args.check else "written"
    for path in report.written:
        print(f"{verb}: {path}")
    for path in report.orphans:
        print(f"no source for: {path}", file=sys.stderr)
    print(f"{len(report.written)} {verb}, {len(report.unchanged)} unchanged", file=sys.stderr)
    return 1 if (args.check and report.stale) else 0


def _validate(args):
    from qtransport.grading.grader import Catalog

    if args.variants < 0:
        raise ValueError(f"--variants must be 0 or more, got {args.variants}")
    catalog = Catalog(_solutions(args), strict=True)
    failed = 0
    for name in args.names or catalog.names():
        try:
            ref = catalog.reference(name)
            if catalog.exercise(name).varies:
                for k in range(args.variants):  # the solution must pass its checks at other numbers too
                    catalog.reference(name, catalog.variant(name, f"validate-{k + 1}"))
        except Exception as exc:  # noqa: BLE001 - report every exercise
            failed += 1
            print(f"FAIL {name}: {exc}")
            continue
        n = sum(len(v) for v in ref.checks.values())
        ex = ref.exercise
        extra = f", and at {args.variants} drawn variants" if ex.varies and args.variants else ""
        print(f"ok   {name}: {len(ex.questions)} questions, {n} checks, {ex.max_score:g} points "
              f"({ref.seconds:.1f} s){extra}")
    return 1 if failed else 0


def _catalog(args, *, here=True):
    """The catalog of the sources, with the sandbox decided (and announced on the terminal).

    ``here=False``: the notebooks run elsewhere (a cluster), whose workers
    decide (and announce) their sandbox.
    """
    from qtransport.grading.grader import Catalog
    from qtransport.grading.sandbox import Limits

    limits = Limits(memory=args.memory, processes=args.max_processes)
    catalog = Catalog(_solutions(args), sandbox=args.sandbox, limits=limits)
    if not here:
        return catalog
    box, warning = catalog.sandbox
    if box is not None:
        print(f"sandbox: {box.describe()}", file=sys.stderr)
    else:
        bar = "!" * 78
        print(f"{bar}\n{warning}\n{bar}", file=sys.stderr)
    return catalog


def _grade(args):
    from qtransport.grading.grader import grade

    catalog = _catalog(args)
    result = grade(
        args.submission,
        exercise=args.exercise,
        catalog=catalog,
        cell_timeout=args.cell_timeout,
        total_timeout=args.timeout,
        student=args.student,
    )
    if args.json:
        args.json.write_text(result.to_json(), encoding="utf-8")
    if args.report:
        args.report.write_text(result.report(), encoding="utf-8")
    if not args.quiet:
        print(result.report(), end="")
    return 0 if result.status == "graded" else 1


def _batch(args):
    from qtransport.grading.grader import grade_folder
    from qtransport.grading.roster import read_roster

    if not args.folder.is_dir():
        raise ValueError(f"no folder {args.folder}: give the folder of submitted notebooks")
    wants_roster = args.canvas or args.per_question or args.feedback_dir
    if wants_roster and args.roster is None:
        raise ValueError("--canvas, --per-question and --feedback-dir need the class list: add --roster roster.csv")
    if args.scheduler is not None and args.jobs is not None:
        raise ValueError("--jobs is for a batch graded here; on a cluster each worker grades as many submissions "
                         "at once as it has threads (dask worker --nthreads N): drop --jobs")
    roster = read_roster(args.roster) if args.roster is not None else None  # before anything is graded
    catalog = _catalog(args, here=args.scheduler is None)
    results = grade_folder(
        args.folder,
        exercise=args.exercise,
        catalog=catalog,
        csv=args.csv,
        json_dir=args.json_dir,
        report_dir=args.report_dir,
        jobs=args.jobs,
        roster=roster,
        scheduler=args.scheduler,
        scheduler_timeout=args.scheduler_timeout,
        cell_timeout=args.cell_timeout,
        total_timeout=args.timeout,
    )
    print(f"{len(results)} submissions graded; gradebook: {args.csv}", file=sys.stderr)
    if roster is not None:
        _roster_outputs(args, roster, results, catalog)
    return 0


def _roster_outputs(args, roster, results, catalog):
    from qtransport.grading.roster import (
        match_roster,
        write_canvas,
        write_feedback,
        write_per_question,
    )

    match = match_roster(roster, results)
    print(match.summary(), file=sys.stderr)
    if args.canvas:
        names = sorted({r.exercise for r in results if r.exercise}) or ([args.exercise] if args.exercise else [])
        if len(names) != 1:
            raise ValueError(f"--canvas writes one assignment column, but the batch holds the exercises {names}: "
                             "grade one exercise per batch (--exercise)")
        points = catalog.exercise(names[0]).max_score
        write_canvas(match, roster, args.canvas, assignment=args.assignment or names[0], points=points)
        print(f"Canvas gradebook: {args.canvas}", file=sys.stderr)
    if args.per_question:
        write_per_question(match, roster, args.per_question)
        print(f"per-question gradebook: {args.per_question}", file=sys.stderr)
    if args.feedback_dir:
        written = write_feedback(match, args.feedback_dir)
        print(f"{len(written)} feedback files (text and HTML) in {args.feedback_dir}", file=sys.stderr)


_COMMANDS = {"generate": _generate, "validate": _validate, "grade": _grade, "batch": _batch}

if __name__ == "__main__":
    sys.exit(main())
