"""Grade one submission: references in this process, student code in worker children."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from grader import chapters, hidden, policy, refcache, reference
from grader.case import Case
from grader.findings import Finding, render
from grader.outcome import CallOutcome, Kind
from grader.outcomes import CaseResult, ExerciseResult, Status, SubmissionResult
from grader.submission import Submission
from grader.verdict import ENDED_STATUS, ending_text, judge, label
from grader.worker.limits import Limits
from grader.worker.pool import Zygote


@dataclass
class Plan:
    """The cases of the chosen topics with their expected outcomes, computed once per run."""

    topics: list[str]
    cases: dict[str, list[Case]]       # exercise id -> cases
    specs: dict[str, dict]             # case id -> call spec
    expected: dict[str, CallOutcome]   # case id -> reference outcome

    @classmethod
    def build(cls, topics: list[str], *, cache: bool = False) -> "Plan":
        """``cache``: take the specs and outcomes from grader.refcache's stored files (computed
        and stored again when stale or damaged) instead of running every reference."""
        by_exercise: dict[str, list[Case]] = {}
        specs, expected = {}, {}
        for topic in topics:
            chapters.load(topic)
            cases = hidden.load(topic)
            for case in cases:
                by_exercise.setdefault(case.exercise, []).append(case)
            if cache:
                stored = refcache.outcomes(topic, cases)     # outcomes in their wire form
                specs.update(stored.specs)
                expected.update({i: CallOutcome.from_wire(w) for i, w in stored.expected.items()})
            else:
                specs.update({case.id: case.spec() for case in cases})
                expected.update({case.id: reference.expected(case) for case in cases})
        return cls(topics, by_exercise, specs, expected)

    def exercises(self, topic: str) -> list[str]:
        return [e for e in self.cases if e.split(".")[0] == topic]


def _all(cases: list[Case], status: Status, detail: str, note_id: str = "") -> list[CaseResult]:
    """The same verdict on every case of an exercise (nothing of it could run)."""
    finding = Finding("", "text", detail=detail, note_id=note_id)
    return [CaseResult(c.name, c.hidden, status, 0.0, c.points, f"{label(c)}: {render(finding)}",
                       (finding,), expects_error=False) for c in cases]


def _failed_start(topic: str, hello: CallOutcome) -> tuple[Status, str, str]:
    """Why a child could not even load the student's module: status, words, note id."""
    if hello.kind == Kind.ENDED:
        return ENDED_STATUS[hello.ending], (f"while importing exercises/{topic}.py the worker "
                                            f"{ending_text(hello)}"), hello.ending.value
    if hello.kind == Kind.IMPORT_ERROR:
        trace = f"\n{hello.traceback}" if hello.traceback else ""
        return Status.ERROR, (f"exercises/{topic}.py could not be imported: {hello.error_type}: "
                              f"{hello.message}{trace}"), "import-error"
    status = {Kind.MEMORY: Status.MEMORY, Kind.NOT_ATTEMPTED: Status.NOT_ATTEMPTED}.get(hello.kind, Status.ERROR)
    return status, f"exercises/{topic}.py could not be imported: {hello.message}", hello.kind.value


def grade_exercise(plan: Plan, submission: Submission, exercise: str, zygote: Zygote,
                   limits: Limits) -> ExerciseResult:
    """Run every case of one exercise in a fresh worker child."""
    topic, function = exercise.split(".", 1)
    cases = plan.cases[exercise]
    if topic in submission.problems:          # refused when read: see grader/submission.py
        return ExerciseResult.from_cases(exercise, _all(
            cases, Status.ERROR, submission.problems[topic], "unreadable"))
    if topic not in submission.files:
        return ExerciseResult.from_cases(exercise, _all(
            cases, Status.NOT_ATTEMPTED, f"exercises/{topic}.py was not submitted", "not-submitted"))
    refused = policy.refusal(exercise, {t: submission.text(t) for t in submission.files})
    if refused:
        return ExerciseResult.from_cases(exercise, _all(cases, Status.FAILED, refused, "forbidden"))
    files = {"exercises/__init__.py": ""}
    for other_topic in submission.files:
        files[f"exercises/{other_topic}.py"] = submission.text(other_topic)
    child = zygote.spawn({"exercise": exercise}, files, limits)
    results: list[CaseResult] = []
    try:
        hello = child.receive(timeout=max(limits.wall_seconds, 10.0))
        if hello.kind != Kind.READY:
            status, detail, note_id = _failed_start(topic, hello)
            return ExerciseResult.from_cases(exercise, _all(cases, status, detail, note_id), child.output.text())
        ended: CaseResult | None = None
        for case in cases:
            if ended is not None:      # the worker is gone: the rest cannot run
                results.append(CaseResult(case.name, case.hidden, ended.status, 0.0, case.points,
                                          f"{label(case)}: not run (the worker ended in an earlier case)",
                                          not_run=True, expects_error=plan.expected[case.id].kind == Kind.RAISED))
                continue
            got = child.call(plan.specs[case.id], case.timeout or limits.wall_seconds)
            verdict = judge(case, plan.expected[case.id], got, plan.specs[case.id])
            results.append(verdict)
            if got.kind == Kind.ENDED:
                ended = verdict
    finally:
        child.stop()
    return ExerciseResult.from_cases(exercise, results, child.output.text())


def _guarded(plan: Plan, submission: Submission, exercise: str, zygote: Zygote,
             limits: Limits) -> ExerciseResult:
    """A fault of the grader itself is its own status (a regrade), never the student's zero."""
    try:
        return grade_exercise(plan, submission, exercise, zygote, limits)
    except Exception as exc:  # noqa: BLE001
        detail = (f"the grader itself failed here ({type(exc).__name__}: {str(exc)[:300]}); "
                  f"please report this")
        return ExerciseResult.from_cases(exercise, _all(plan.cases[exercise], Status.GRADER_FAULT, detail,
                                                        "grader-fault"))


def grade_submission(plan: Plan, submission: Submission, zygote: Zygote, limits: Limits,
                     threads: int = 1) -> SubmissionResult:
    """Grade every exercise of the plan's topics; one exercise's outcome never stops another."""
    start = time.monotonic()
    exercises = [e for t in plan.topics for e in plan.exercises(t)]
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        graded = list(pool.map(lambda e: _guarded(plan, submission, e, zygote, limits), exercises))
    return SubmissionResult(submission.name, graded, submission.fingerprint(), time.monotonic() - start)
