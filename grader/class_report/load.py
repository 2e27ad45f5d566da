"""Read the graded results of a class: ``result.json`` files of a batch or of nbgrader.

Two layouts are read, and may be mixed:

- a batch (``python -m grader grade ... --out RESULTS``): ``RESULTS/<submission>/result.json``;
- nbgrader (``c.GradeExercises.results_dir``): ``RESULTS/<student>/<assignment>/result.json``,
  one file per chapter, merged here into one result per student.

A file that cannot be read as a result is skipped with a warning, never a crash: one bad file
must not hide the rest of the class. Links are not followed (a results folder is data).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from grader.outcomes import ExerciseResult, Status, SubmissionResult

NOT_SUBMITTED = "not submitted (no result for this exercise)"

MAX_BYTES = 20_000_000   # a result.json is tens of kilobytes; anything this big is not one


@dataclass
class Loaded:
    """The class's results, one per student, and what could not be read."""

    results: list[SubmissionResult]
    skipped: list[str] = field(default_factory=list)


def _files(root: Path) -> list[Path]:
    """``result.json`` one or two folders below ``root``, without following links."""
    found = []
    for pattern in ("*/result.json", "*/*/result.json"):
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).parts
            if any((root.joinpath(*relative[:i + 1])).is_symlink() for i in range(len(relative))):
                continue
            found.append(path)
    return found


def _read(path: Path) -> SubmissionResult:
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES:,} bytes")
    return SubmissionResult.from_json(json.loads(path.read_text(encoding="utf-8")))


def merge(parts: list[SubmissionResult]) -> SubmissionResult:
    """One student's results from several files (one per chapter): an exercise graded twice
    keeps its last grading (files are read in path order)."""
    by_id: dict[str, ExerciseResult] = {}
    for part in parts:
        for exercise in part.exercises:
            by_id[exercise.id] = exercise
    first = parts[0]
    return SubmissionResult(first.submission, list(by_id.values()), first.fingerprint,
                            sum(p.seconds for p in parts))


def fill_missing(results: list[SubmissionResult]) -> list[SubmissionResult]:
    """Give every student every exercise anyone was graded on: one without a result (a chapter
    never handed in to nbgrader) is not attempted, worth its points, so that every total is out
    of the same maximum."""
    points: dict[str, float] = {}
    for r in results:
        for e in r.exercises:
            points[e.id] = max(points.get(e.id, 0.0), e.max_score)
    filled = []
    for r in results:
        have = {e.id for e in r.exercises}
        extra = [ExerciseResult(i, Status.NOT_ATTEMPTED, 0.0, p, NOT_SUBMITTED) for i, p in points.items()
                 if i not in have]
        filled.append(SubmissionResult(r.submission, r.exercises + extra, r.fingerprint, r.seconds)
                      if extra else r)
    return filled


def load(root: Path) -> Loaded:
    """Every student's result under ``root``, each with every exercise of the class.

    Raises:
        FileNotFoundError: ``root`` is not a folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    by_student: dict[str, list[SubmissionResult]] = {}
    skipped = []
    for path in _files(root):
        try:
            result = _read(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            skipped.append(f"{path}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        by_student.setdefault(result.submission, []).append(result)
    results = [merge(parts) for _name, parts in sorted(by_student.items())]
    return Loaded(fill_missing(results), skipped)
