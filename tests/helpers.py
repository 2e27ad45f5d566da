"""Shared helpers for the project's tests: course copies and submissions made on the fly."""
from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

from grader.grade import Plan, grade_submission
from grader.outcomes import SubmissionResult
from grader.submission import Submission, find
from grader.worker.limits import Limits
from grader.worker.pool import Zygote

ROOT = Path(__file__).resolve().parents[1]
# A code cell that draws: the browser test asserts that each one shows a rendered image.
PLOT = re.compile(r"\bplt\.(subplots|figure|plot|imshow|hist|bar|scatter|matshow|show)\(|\.imshow\(")


def course_copy(dest: Path, exercises_from: str = "solutions") -> Path:
    """A student's copy of the course: notebooks, grader, and exercises/ taken from
    ``solutions`` (the references) or ``exercises`` (the untouched stubs)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "notebooks", dest / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "grader", dest / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    exercises = dest / "exercises"
    exercises.mkdir()
    for path in (ROOT / exercises_from).glob("*.py"):
        shutil.copy(path, exercises / path.name)
    return dest


def submission(dest: Path, files: dict[str, str]) -> Submission:
    """A submission folder whose ``exercises/<topic>.py`` hold the given sources."""
    (dest / "exercises").mkdir(parents=True, exist_ok=True)
    for topic, source in files.items():
        (dest / "exercises" / f"{topic}.py").write_text(source, encoding="utf-8")
    return find(dest)


def reference_source(topic: str) -> str:
    return (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")


def stub_source(topic: str) -> str:
    return (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def plan(topics: tuple[str, ...]) -> Plan:
    return Plan.build(list(topics))


def grade(zygote: Zygote, sub: Submission, topics: list[str], wall_seconds: float = 10.0,
          **limits) -> SubmissionResult:
    return grade_submission(plan(tuple(topics)), sub, zygote, Limits(wall_seconds=wall_seconds, **limits))
