"""Numbers about a class: score distributions, completion, and per-exercise item statistics.

Item statistics in the sense of classical test theory:

- difficulty: the mean fraction of an exercise's points the class earned (1.0: everyone got
  everything; lower is harder);
- discrimination: the Pearson correlation between the exercise's score and the REST of each
  student's score (the total without this exercise: the "corrected item-total correlation",
  which for a pass/fail item is the point-biserial). Leaving the item out keeps an exercise
  from correlating with itself. None where either side does not vary.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from grader.outcomes import ExerciseResult, Status, SubmissionResult
from grader.topics import TOPICS

BINS = 10   # histogram bins over 0..100 %


def chapter(exercise_id: str) -> str:
    return exercise_id.split(".", 1)[0]


def exercise_ids(results: list[SubmissionResult]) -> list[str]:
    """Every exercise graded in the class, in course order (chapter, then first appearance)."""
    seen: list[str] = []
    for r in results:
        for e in r.exercises:
            if e.id not in seen:
                seen.append(e.id)
    order = {t: i for i, t in enumerate(TOPICS)}
    return sorted(seen, key=lambda e: (order.get(chapter(e), len(order)), seen.index(e)))


def histogram(fractions: list[float]) -> list[int]:
    """Counts in BINS equal bins of 0..1; a full score falls in the last bin."""
    counts = [0] * BINS
    for f in fractions:
        counts[min(BINS - 1, max(0, int(f * BINS + 1e-9)))] += 1
    return counts


def pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return sxy / math.sqrt(sxx * syy)


@dataclass
class Item:
    """One exercise across the class."""

    id: str
    max_score: float
    submissions: int          # students whose results include this exercise
    attempted: int            # not "not attempted"
    passed: int               # full marks
    partial: int              # some points, not all
    zero: int                 # attempted, no points
    ended: int                # error, timeout, out of memory or crash
    mean_score: float
    difficulty: float
    discrimination: float | None

    def to_json(self) -> dict:
        n = self.submissions or 1
        return {"id": self.id, "chapter": chapter(self.id), "max_score": self.max_score,
                "submissions": self.submissions, "attempted": self.attempted, "passed": self.passed,
                "partial": self.partial, "zero": self.zero, "not_attempted": self.submissions - self.attempted,
                "ended": self.ended, "attempted_rate": round(self.attempted / n, 4),
                "passed_rate": round(self.passed / n, 4), "partial_rate": round(self.partial / n, 4),
                "mean_score": round(self.mean_score, 4), "difficulty": round(self.difficulty, 4),
                "discrimination": None if self.discrimination is None else round(self.discrimination, 4)}


def by_id(results: list[SubmissionResult]) -> list[dict[str, ExerciseResult]]:
    """Each result's exercises by id (looked up once, not searched for every exercise)."""
    return [{e.id: e for e in r.exercises} for r in results]


def item(results: list[SubmissionResult], exercise_id: str,
         index: list[dict[str, ExerciseResult]] | None = None, totals: list[float] | None = None) -> Item:
    """The statistics of one exercise over the students who have it.

    ``index`` (from ``by_id``) and ``totals`` (each result's score) may be passed in, computed once
    for every exercise of a report.
    """
    index = index if index is not None else by_id(results)
    totals = totals if totals is not None else [r.score for r in results]
    scores, rests, max_score = [], [], 0.0
    attempted = passed = partial = zero = ended = 0
    for total, exercises in zip(totals, index):
        e = exercises.get(exercise_id)
        if e is None:
            continue
        max_score = max(max_score, e.max_score)
        scores.append(e.score)
        rests.append(total - e.score)
        if e.status == Status.NOT_ATTEMPTED:
            continue
        attempted += 1
        passed += e.status == Status.PASSED
        partial += e.status != Status.PASSED and e.score > 0
        zero += e.score <= 0
        ended += e.status in (Status.ERROR, Status.TIMEOUT, Status.MEMORY, Status.CRASHED)
    n = len(scores)
    mean = sum(scores) / n if n else 0.0
    return Item(exercise_id, max_score, n, attempted, passed, partial, zero, ended, mean,
                mean / max_score if max_score else 0.0, pearson(scores, rests))


def part_score(result: SubmissionResult, topic: str | None) -> tuple[float, float]:
    """A student's points and maximum in one chapter (None: the whole submission)."""
    chosen = [e for e in result.exercises if topic is None or chapter(e.id) == topic]
    return sum(e.score for e in chosen), sum(e.max_score for e in chosen)


def distribution(results: list[SubmissionResult], topic: str | None) -> dict:
    """Histogram, mean and median of the fraction scored, in one chapter or overall."""
    fractions = []
    for r in results:
        got, of = part_score(r, topic)
        if of > 0:
            fractions.append(got / of)
    ordered = sorted(fractions)
    n = len(ordered)
    median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2 if n else 0.0
    return {"students": n, "counts": histogram(fractions), "mean": round(sum(ordered) / n, 4) if n else 0.0,
            "median": round(median, 4)}


def completion(results: list[SubmissionResult], topic: str | None) -> dict:
    """How many students attempted every exercise, and how many earned full marks."""
    complete = full = 0
    for r in results:
        chosen = [e for e in r.exercises if topic is None or chapter(e.id) == topic]
        if not chosen:
            continue
        complete += all(e.status != Status.NOT_ATTEMPTED for e in chosen)
        full += all(e.status == Status.PASSED for e in chosen)
    return {"complete": complete, "full_marks": full}
