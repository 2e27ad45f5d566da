"""Typed results of grading: one per case, per exercise and per submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Status(str, Enum):
    """What happened to one exercise (or one case of it)."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"


# When an exercise's cases end differently, the exercise shows the most telling one.
_PRIORITY = [Status.CRASHED, Status.TIMEOUT, Status.MEMORY, Status.ERROR, Status.FAILED,
             Status.NOT_ATTEMPTED, Status.PASSED]


@dataclass(frozen=True)
class CaseResult:
    """The verdict on one case."""

    name: str
    hidden: bool
    status: Status
    score: float
    max_score: float
    message: str = ""


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
        """Sum the case scores; the status and message come from the most telling case."""
        score = round(sum(c.score for c in cases), 4)
        max_score = round(sum(c.max_score for c in cases), 4)
        statuses = {c.status for c in cases}
        if statuses == {Status.PASSED}:
            return cls(exercise_id, Status.PASSED, score, max_score, "all cases passed", cases, output)
        worst = next(s for s in _PRIORITY if s in statuses)
        first = next(c for c in cases if c.status == worst)
        passed = sum(c.status == Status.PASSED for c in cases)
        note = f" ({passed}/{len(cases)} cases passed)" if passed else ""
        return cls(exercise_id, worst, score, max_score, first.message + note, cases, output)

    def to_json(self) -> dict:
        """Plain data for result.json (case details included, hidden ones without inputs)."""
        data = asdict(self)
        data["status"] = self.status.value
        data["cases"] = [dict(asdict(c), status=c.status.value) for c in self.cases]
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
            cases = [CaseResult(c["name"], c["hidden"], Status(c["status"]), c["score"], c["max_score"],
                                c.get("message", "")) for c in e.get("cases", [])]
            exercises.append(ExerciseResult(e["id"], Status(e["status"]), e["score"], e["max_score"],
                                            e["message"], cases, e.get("output", "")))
        return cls(data["submission"], exercises, data.get("fingerprint", ""), data.get("seconds", 0.0))
