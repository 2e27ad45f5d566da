"""``python -m grader report RESULTS_DIR --out class_report.html [--no-names] [--json F] [--csv F]``."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from grader.class_report import export, html
from grader.class_report.data import build
from grader.class_report.load import load


def page_name(name: str, taken: set[str]) -> str:
    """A file name for a student's page: their name with anything but letters, digits, ``-``,
    ``_`` and ``.`` replaced, never hidden, never a name already taken."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80].lstrip(".") or "student"
    candidate, n = f"{stem}.html", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.html"
    taken.add(candidate)
    return candidate


def write_student_pages(data: dict, folder: Path, title: str) -> list[Path]:
    """One page per student (their own section only) in ``folder``."""
    from grader.report import write_atomic
    taken: set[str] = set()
    written = []
    for s in data["students"]:
        path = folder / page_name(s["name"], taken)
        write_atomic(path, html.student_page(s, data, title))
        written.append(path)
    return written


def write_report(results_dir: Path, out: Path, *, names: bool = True, json_path: Path | None = None,
                 csv_path: Path | None = None, title: str = "Class report",
                 student_pages: Path | None = None) -> dict:
    """Read every result under ``results_dir`` and write the report (and JSON, CSV) atomically.

    Returns:
        The report's data.

    Raises:
        FileNotFoundError: ``results_dir`` is not a folder.
        ValueError: it holds no readable result.
    """
    from grader.report import write_atomic
    loaded = load(results_dir)
    if not loaded.results:
        raise ValueError(f"{results_dir}: no result.json found (looked in <student>/result.json and "
                         f"<student>/<assignment>/result.json)")
    data = build(loaded.results, names=names, skipped=loaded.skipped)
    write_atomic(out, html.page(data, title))
    if json_path:
        write_atomic(json_path, export.to_json(data))
    if csv_path:
        write_atomic(csv_path, export.exercises_csv(data))
        write_atomic(export.mistakes_path(csv_path), export.mistakes_csv(data))
    if student_pages and names:
        write_student_pages(data, student_pages, title)
    return data


def _run(args: argparse.Namespace) -> int:
    try:
        data = write_report(Path(args.results), Path(args.out), names=not args.no_names,
                            json_path=Path(args.json) if args.json else None,
                            csv_path=Path(args.csv) if args.csv else None, title=args.title,
                            student_pages=Path(args.student_pages) if args.student_pages else None)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in data["skipped"]:
        print(f"warning: skipped {line}", file=sys.stderr)
    print(f"wrote {args.out}: {data['submissions']} submissions, {len(data['exercise_ids'])} exercises")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to ``python -m grader``."""
    parser = sub.add_parser("report", help="the class report: distributions, item statistics, common mistakes")
    parser.add_argument("results", metavar="RESULTS_DIR",
                        help="a grading run's --out folder, or nbgrader's results folder")
    parser.add_argument("--out", default="class_report.html", help="the HTML file (default class_report.html)")
    parser.add_argument("--no-names", action="store_true",
                        help="leave student names out (counts only; no per-student sections)")
    parser.add_argument("--json", metavar="F", help="also write the report's data as JSON")
    parser.add_argument("--csv", metavar="F",
                        help="also write the exercise table as CSV (and the mistakes to F.mistakes.csv)")
    parser.add_argument("--title", default="Class report", help="the page's title")
    parser.add_argument("--student-pages", metavar="DIR",
                        help="also write one page per student into DIR, each with only that student's section")
    parser.set_defaults(run=_run)
