"""Typed results of grading: one per case, per exercise and per submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

from grader.findings import Finding


class Status(str, Enum):
    """What happened to one exercise (or one case of it)."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"
    GRADER_FAULT = "grader_fault"   # the grader itself failed: a regrade, never the student's zero


# When an exercise's cases end differently, the exercise shows the most telling one.
_PRIORITY = [Status.GRADER_FAULT, Status.CRASHED, Status.TIMEOUT, Status.MEMORY, Status.ERROR,
             Status.FAILED, Status.NOT_ATTEMPTED, Status.PASSED]


@dataclass(frozen=True)
class CaseResult:
    """The verdict on one case.

    ``message`` is text for people (rendered from ``findings``); nothing decides on it.
    ``not_run``: the worker had ended in an earlier case, so this one never ran.
    ``expects_error``: the reference raises here (a "must raise" case).
    """

    name: str
    hidden: bool
    status: Status
    score: float
    max_score: float
    message: str = ""
    findings: tuple[Finding, ...] = ()
    not_run: bool = False
    expects_error: bool = False

    def to_json(self) -> dict:
        data = {"name": self.name, "hidden": self.hidden, "status": self.status.value,
                "score": self.score, "max_score": self.max_score, "message": self.message}
        if self.findings:
            data["findings"] = [f.to_json() for f in self.findings]
        if self.not_run:
            data["not_run"] = True
        if self.expects_error:
            data["expects_error"] = True
        return data

    @classmethod
    def from_json(cls, c: dict) -> "CaseResult":
        return cls(c["name"], c["hidden"], Status(c["status"]), c["score"], c["max_score"],
                   c.get("message", ""), tuple(Finding.from_json(f) for f in c.get("findings", [])),
                   bool(c.get("not_run")), bool(c.get("expects_error")))


RAISES_FOR_EVERYTHING = ("it also raises (or fails) on every valid input: a case that expects an "
                         "error counts only once valid inputs work")


def _error_cases_need_a_valid_pass(cases: list[CaseResult]) -> list[CaseResult]:
    valid = [c for c in cases if not c.expects_error]
    if not valid or any(c.status == Status.PASSED for c in valid):
        return list(cases)
    out = []
    for c in cases:
        if c.expects_error and c.status == Status.PASSED:
            finding = Finding("", "text", detail=RAISES_FOR_EVERYTHING, note_id="raises-for-everything")
            label = f"{'hidden' if c.hidden else 'public'} case '{c.name}'"
            c = CaseResult(c.name, c.hidden, Status.FAILED, 0.0, c.max_score,
                           f"{label}: {RAISES_FOR_EVERYTHING}", (finding,), expects_error=True)
        out.append(c)
    return out


@dataclass
class ExerciseResult:
    """The verdict on one exercise: its cases summed up."""

    id: str
    status: Status
    score: float
    max_score: float
    message: str
    cases: list[CaseResult] = field(default_factory=list)
    output: str = ""

    @classmethod
    def from_cases(cls, exercise_id: str, cases: list[CaseResult], output: str = "") -> "ExerciseResult":
        """Sum the case scores; the status and message come from the most telling case.

        A "must raise" case earns its points only when a valid-input case of the same exercise
        passed too: raising for everything is not an answer.
        """
        cases = _error_cases_need_a_valid_pass(cases)
        score = round(sum(c.score for c in cases), 4)
        max_score = round(sum(c.max_score for c in cases), 4)
        statuses = {c.status for c in cases}
        if statuses == {Status.PASSED}:
            return cls(exercise_id, Status.PASSED, score, max_score, "all cases passed", cases, output)
        worst = next(s for s in _PRIORITY if s in statuses)
        first = next(c for c in cases if c.status == worst)
        passed = sum(c.status == Status.PASSED for c in cases)
        note = f" ({passed}/{len(cases)} cases passed)" if passed else ""
        # Work that passes some cases and raises NotImplementedError in others is written, if only
        # in part: the class report must not count it among the exercises nobody started.
        status = Status.FAILED if worst == Status.NOT_ATTEMPTED and passed else worst
        return cls(exercise_id, status, score, max_score, first.message + note, cases, output)

    def to_json(self) -> dict:
        """Plain data for result.json (case details included, hidden ones without inputs)."""
        data = asdict(self)
        data["status"] = self.status.value
        data["cases"] = [c.to_json() for c in self.cases]
        return data


@dataclass
class SubmissionResult:
    """Everything graded in one submission."""

    submission: str
    exercises: list[ExerciseResult]
    fingerprint: str = ""
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 4)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 4)

    def to_json(self) -> dict:
        return {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "fingerprint": self.fingerprint,
            "seconds": round(self.seconds, 3),
            "exercises": [e.to_json() for e in self.exercises],
        }

    @classmethod
    def from_json(cls, data: dict) -> "SubmissionResult":
        exercises = []
        for e in data["exercises"]:
            cases = [CaseResult.from_json(c) for c in e.get("cases", [])]
            exercises.append(ExerciseResult(e["id"], Status(e["status"]), e["score"], e["max_score"],
                                            e["message"], cases, e.get("output", "")))
        return cls(data["submission"], exercises, data.get("fingerprint", ""), data.get("seconds", 0.0))
