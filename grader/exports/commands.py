"""CLI subcommands for exports: ``gradescope``, ``autograder-zip`` and ``export`` (JUnit, CSV,
GitHub Classroom)."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def _gradescope(args: argparse.Namespace) -> int:
    from grader.batch import grade_all
    from grader.hidden import available_topics
    from grader.exports.gradescope import gradescope_results
    from grader.report import write_atomic
    from grader.submission import SubmissionError, find
    results_path = Path(args.results)
    try:
        submission = find(args.submission)
    except SubmissionError as exc:
        nothing = {"score": 0, "output": f"Nothing to grade: {exc}", "tests": []}
        write_atomic(results_path, json.dumps(nothing, indent=1))
        print(f"nothing to grade: {exc}", file=sys.stderr)
        return 0
    submission.name = "submission"
    with tempfile.TemporaryDirectory() as out:
        [result] = grade_all([submission], available_topics(), out=Path(out), jobs=2, quiet=True)
    write_atomic(results_path, json.dumps(gradescope_results(result), indent=1))
    print(f"wrote {results_path}: {result.score:g} / {result.max_score:g}")
    return 0


def _zip(args: argparse.Namespace) -> int:
    from grader.exports.autograder_zip import build
    print(f"wrote {build(Path(args.dest))}")
    return 0


def _classroom(args: argparse.Namespace) -> int:
    from grader.exports import classroom
    from grader.hidden import available_topics
    topics = available_topics()
    try:
        written = classroom.export(Path(args.out), topics, mode=args.mode, grader_repo=args.grader_repo or "")
        if args.bundle:
            print(f"wrote the private grader bundle {classroom.bundle(Path(args.bundle), topics)}/ "
                  f"(push it to {args.grader_repo or 'the private repository'})")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.format == "github-classroom":
        return _classroom(args)
    from grader.batch import gradebook_csv, load_results
    from grader.exports.junit import junit_xml
    from grader.report import write_atomic
    results = load_results(Path(args.results))
    if not results:
        print(f"error: no results found in {args.results}/*/result.json", file=sys.stderr)
        return 2
    text = junit_xml(results) if args.format == "junit" else gradebook_csv(results)
    write_atomic(Path(args.out), text)
    print(f"wrote {args.out} ({len(results)} submissions)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    gs = sub.add_parser("gradescope", help="grade one submission and write Gradescope's results.json")
    gs.add_argument("submission")
    gs.add_argument("--results", default="/autograder/results/results.json")
    gs.set_defaults(run=_gradescope)

    zip_ = sub.add_parser("autograder-zip", help="build the Gradescope autograder zip")
    zip_.add_argument("dest", nargs="?", default="dist/gradescope_autograder.zip")
    zip_.set_defaults(run=_zip)

    export = sub.add_parser("export", help="turn a results folder into JUnit XML or a gradebook CSV; "
                                           "or write a GitHub Classroom workflow")
    export.add_argument("format", choices=["junit", "csv", "github-classroom"])
    export.add_argument("--results", default="out", help="the folder `grade --out` wrote")
    export.add_argument("--out", required=True,
                        help="the file to write (github-classroom: the template repository's folder)")
    export.add_argument("--mode", choices=["public", "hidden"], default="public",
                        help="github-classroom: grade on the public cases in the student's repository, or "
                             "on the hidden ones fetched from a private repository (see docs/scale-out.md)")
    export.add_argument("--grader-repo", metavar="OWNER/NAME", help="github-classroom --mode hidden: the "
                        "private repository holding the grader bundle")
    export.add_argument("--bundle", metavar="DIR", help="github-classroom --mode hidden: also write the "
                        "grader bundle (no solutions) to push to that repository")
    export.set_defaults(run=_export)
