"""The course's grader inside nbgrader's process: one worker zygote and one plan per run.

``nbgrader autograde`` grades every student of an assignment in one process, so the zygote (which
imports torch once, then forks a sandboxed child per exercise) and the expected results (computed
from solutions/ here, in the trusted process) are made once and reused for every submission.
"""
from __future__ import annotations

import atexit
import dataclasses
import os
import threading
from pathlib import Path

from grader.grade import Plan, grade_submission
from grader.outcomes import Status, SubmissionResult
from grader.submission import Submission, SubmissionError, find
from grader.worker.limits import Limits
from grader.worker.pool import Zygote

_LOCK = threading.Lock()
_PLANS: dict[tuple[str, ...], Plan] = {}
_ZYGOTES: dict[tuple[str, ...], Zygote] = {}


def plan(topics: list[str]) -> Plan:
    """The cases and expected results of ``topics``, computed once per process."""
    key = tuple(topics)
    with _LOCK:
        if key not in _PLANS:
            _PLANS[key] = Plan.build(list(topics))
        return _PLANS[key]


def zygote(hide: list[str]) -> Zygote:
    """The worker zygote, started on first use; its sandbox hides ``hide`` (the course folder)."""
    key = tuple(sorted(hide))
    with _LOCK:
        if key in _ZYGOTES and _ZYGOTES[key].process.poll() is not None:   # it died: start anew
            _ZYGOTES.pop(key).close()
        if key not in _ZYGOTES:
            _ZYGOTES[key] = Zygote(hide=list(key))
            atexit.register(_ZYGOTES[key].close)
        return _ZYGOTES[key]


def grade_folder(folder: Path, topics: list[str], *, name: str, hide: list[str],
                 timeout: float = 10.0) -> tuple[SubmissionResult, str | None]:
    """Grade the ``exercises/<topic>.py`` files in ``folder`` on the cases of ``topics``.

    Every exercise file found goes to the worker (one chapter's may import another's); only
    ``topics`` are graded. A folder without exercise files grades as not submitted (zero).
    Returns the result, and why the worker runs without its sandbox (None when sandboxed).

    Raises:
        RuntimeError: the grader itself failed on an exercise. nbgrader then records no score for
            this submission and reports it, rather than a zero the student did not earn.
    """
    try:
        submission = dataclasses.replace(find(folder), name=name)
    except SubmissionError:
        submission = Submission(name, Path(folder), {})
    worker = zygote(hide)
    result = grade_submission(plan(topics), submission, worker, Limits(wall_seconds=timeout),
                              threads=os.cpu_count() or 1)
    faults = [e.id for e in result.exercises if e.status == Status.GRADER_FAULT]
    if faults:
        first = next(e for e in result.exercises if e.id == faults[0])
        raise RuntimeError(f"the course grader failed on {', '.join(faults)} for {name}: "
                           f"{first.message}; run nbgrader autograde again for this student")
    return result, None if getattr(worker, "sandboxed", False) else getattr(worker, "sandbox_note", "")
