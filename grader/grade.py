"""Grade one submission: references in this process, student code in worker children."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from grader import chapters, forbidden, hidden, reference
from grader.case import Case
from grader.outcomes import CaseResult, ExerciseResult, Status, SubmissionResult
from grader.submission import Submission
from grader.verdict import ENDED, judge, label
from grader.worker.limits import Limits
from grader.worker.pool import Ended, Zygote


@dataclass
class Plan:
    """The cases of the chosen topics with their expected outcomes, computed once per run."""

    topics: list[str]
    cases: dict[str, list[Case]]       # exercise id -> cases
    specs: dict[str, dict]             # case id -> call spec
    expected: dict[str, dict]          # case id -> reference outcome

    @classmethod
    def build(cls, topics: list[str]) -> "Plan":
        by_exercise: dict[str, list[Case]] = {}
        specs, expected = {}, {}
        for topic in topics:
            chapters.load(topic)
            for case in hidden.load(topic):
                by_exercise.setdefault(case.exercise, []).append(case)
                specs[case.id] = case.spec()
                expected[case.id] = reference.expected(case)
        return cls(topics, by_exercise, specs, expected)

    def exercises(self, topic: str) -> list[str]:
        return [e for e in self.cases if e.split(".")[0] == topic]


def _all(cases: list[Case], status: Status, message: str) -> list[CaseResult]:
    return [CaseResult(c.name, c.hidden, status, 0.0, c.points, f"{label(c)}: {message}") for c in cases]


def _failed_start(topic: str, hello: dict | Ended) -> tuple[Status, str]:
    """Why a child could not even load the student's module."""
    if isinstance(hello, Ended):
        return ENDED[hello.kind], f"while importing exercises/{topic}.py the worker {hello.message}"
    if hello.get("status") == "import_error":
        trace = f"\n{hello['traceback']}" if hello.get("traceback") else ""
        return Status.ERROR, f"exercises/{topic}.py could not be imported: {hello['message']}{trace}"
    status = {"memory": Status.MEMORY, "not_attempted": Status.NOT_ATTEMPTED}.get(hello.get("status"),
                                                                                  Status.ERROR)
    return status, f"exercises/{topic}.py could not be imported: {hello.get('message', '')}"


def grade_exercise(plan: Plan, submission: Submission, exercise: str, zygote: Zygote,
                   limits: Limits) -> ExerciseResult:
    """Run every case of one exercise in a fresh worker child."""
    topic, function = exercise.split(".", 1)
    cases = plan.cases[exercise]
    path = submission.files.get(topic)
    if path is None:
        return ExerciseResult.from_cases(exercise, _all(
            cases, Status.NOT_ATTEMPTED, f"exercises/{topic}.py was not submitted"))
    source = path.read_text(encoding="utf-8", errors="replace")
    used = forbidden.static_violations(source, function, exercise)
    if used:
        return ExerciseResult.from_cases(exercise, _all(
            cases, Status.FAILED, f"uses {', '.join(used)}, which {exercise} may not call"))
    files = {"exercises/__init__.py": ""}
    for other_topic, other_path in submission.files.items():
        files[f"exercises/{other_topic}.py"] = other_path.read_text(encoding="utf-8", errors="replace")
    child = zygote.spawn({"exercise": exercise}, files, limits)
    results: list[CaseResult] = []
    try:
        hello = child.receive(timeout=max(limits.wall_seconds, 10.0))
        if isinstance(hello, Ended) or hello.get("status") != "ready":
            status, message = _failed_start(topic, hello)
            return ExerciseResult.from_cases(exercise, _all(cases, status, message), child.output.text())
        ended: CaseResult | None = None
        for case in cases:
            if ended is not None:
                results.append(CaseResult(case.name, case.hidden, ended.status, 0.0, case.points,
                                          f"{label(case)}: not run, the worker ended in an earlier case"))
                continue
            got = child.call(plan.specs[case.id], case.timeout or limits.wall_seconds)
            verdict = judge(case, plan.expected[case.id], got, plan.specs[case.id])
            results.append(verdict)
            if isinstance(got, Ended):
                ended = verdict
    finally:
        child.stop()
    return ExerciseResult.from_cases(exercise, results, child.output.text())


def _guarded(plan: Plan, submission: Submission, exercise: str, zygote: Zygote,
             limits: Limits) -> ExerciseResult:
    """A fault of the grader itself costs this exercise a regrade, never the batch."""
    try:
        return grade_exercise(plan, submission, exercise, zygote, limits)
    except Exception as exc:  # noqa: BLE001
        message = f"the grader itself failed here ({type(exc).__name__}: {exc}); please report this"
        return ExerciseResult.from_cases(exercise, _all(plan.cases[exercise], Status.ERROR, message))


def grade_submission(plan: Plan, submission: Submission, zygote: Zygote, limits: Limits,
                     threads: int = 1) -> SubmissionResult:
    """Grade every exercise of the plan's topics; one exercise's outcome never stops another."""
    start = time.monotonic()
    exercises = [e for t in plan.topics for e in plan.exercises(t)]
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        graded = list(pool.map(lambda e: _guarded(plan, submission, e, zygote, limits), exercises))
    return SubmissionResult(submission.name, graded, submission.fingerprint(), time.monotonic() - start)
