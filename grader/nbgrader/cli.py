"""``python -m grader nbgrader build DIR`` and ``python -m grader nbgrader check DIR``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

NEXT_STEPS = """next, in {dest}, with the course's environment activated:
  nbgrader generate_assignment {first}      (or "*" for every assignment)
  nbgrader db student add <student-id>
  ... release/collect, or place each student's folder in submitted/<student-id>/{first}/ ...
  nbgrader autograde {first}                (--no-execute for work you do not trust)
  nbgrader generate_feedback {first}
  nbgrader export"""


def _build(args: argparse.Namespace) -> int:
    from grader.nbgrader.build import COURSE_ID, build_course
    dest = Path(args.dir)
    try:
        course = build_course(dest, course_id=args.course_id or COURSE_ID, timeout=args.timeout)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name in course.assignments:
        total = sum(course.points[name].values())
        print(f"assignment {name}: {len(course.points[name])} exercises, {total:g} points")
    for topic, why in course.skipped.items():
        print(f"  skipped {topic}: {why}")
    print(f"wrote {dest / 'nbgrader_config.py'} and {dest / 'source'}/")
    print(NEXT_STEPS.format(dest=dest, first=next(iter(course.assignments))))
    return 0


def _check(args: argparse.Namespace) -> int:
    from grader.nbgrader.build import out_of_date
    problems = out_of_date(Path(args.dir))
    if problems:
        print(f"{args.dir} is out of date with the repository ({len(problems)} differences); "
              f"rebuild with `python -m grader nbgrader build {args.dir}`:")
        for line in problems[:50]:
            print(f"  {line}")
        return 1
    print(f"{args.dir} is current")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``nbgrader build DIR`` and ``nbgrader check DIR`` to ``python -m grader``."""
    parser = sub.add_parser("nbgrader", help="the course as an nbgrader course (build, check)")
    actions = parser.add_subparsers(dest="nbgrader_command", required=True)
    build = actions.add_parser("build", help="write nbgrader_config.py and source/<NN_topic>/ into DIR")
    build.add_argument("dir", metavar="DIR")
    build.add_argument("--course-id", help="nbgrader's course id (default torch_course)")
    build.add_argument("--timeout", type=float, default=10.0, help="seconds per case (default 10)")
    build.set_defaults(run=_build)
    check = actions.add_parser("check", help="exit 1 when the course in DIR differs from a fresh build")
    check.add_argument("dir", metavar="DIR")
    check.set_defaults(run=_check)
