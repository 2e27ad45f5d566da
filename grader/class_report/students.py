"""Each student in the class report: their chapters, what they got wrong, and who may need help.

A student's section says, for every exercise they did not pass, which mistakes the grader
recognised and how many classmates made the same one ("common": made by at least
``COMMON_SHARE`` of the class and by more than one student), so a student sees whether they are
alone with it or in good company, and an instructor sees whom a class-wide explanation reaches.
"""
from __future__ import annotations

from grader.class_report.mistakes import ENDED, Group, Wrong
from grader.class_report.stats import chapter, part_score
from grader.outcomes import Status, SubmissionResult

COMMON_SHARE = 0.1
HELP_BELOW = 0.5      # a total under half of the points
HELP_ENDED = 2        # or this many exercises that raised, timed out or crashed


def is_common(students_with_it: int, class_size: int) -> bool:
    return students_with_it >= 2 and students_with_it >= COMMON_SHARE * class_size


def student(result: SubmissionResult, wrongs: dict[str, Wrong], by_exercise: dict[str, list[Group]],
            class_size: int) -> dict:
    """One student's section as data.

    Args:
        result: their graded submission.
        wrongs: per exercise id, what went wrong for them (only exercises that did not pass).
        by_exercise: per exercise id, the class's mistake groups.
        class_size: the number of students in the report.
    """
    chapters: dict[str, dict] = {}
    for e in result.exercises:
        topic = chapter(e.id)
        if topic not in chapters:
            got, of = part_score(result, topic)
            chapters[topic] = {"score": got, "max_score": of, "passed": 0, "exercises": 0}
        chapters[topic]["exercises"] += 1
        chapters[topic]["passed"] += e.status == Status.PASSED
    items = []
    for e in result.exercises:
        w = wrongs.get(e.id)
        if w is None:
            if e.status == Status.NOT_ATTEMPTED:
                items.append({"exercise": e.id, "status": e.status.value, "score": e.score,
                              "max_score": e.max_score, "mistakes": [], "unexplained": False})
            continue
        sizes = {g.id: len(g.students) for g in by_exercise.get(e.id, [])}
        mistakes = [{"id": mid, "text": text, "classmates": sizes.get(mid, 1) - 1,
                     "common": is_common(sizes.get(mid, 1), class_size)}
                    for mid, text in sorted(w.named.items(), key=lambda kv: -sizes.get(kv[0], 0))]
        items.append({"exercise": e.id, "status": e.status.value, "score": e.score, "max_score": e.max_score,
                      "mistakes": mistakes, "unexplained": w.unexplained,
                      "message": w.example if w.unexplained else ""})
    return {"name": result.submission, "score": result.score, "max_score": result.max_score,
            "chapters": chapters, "not_passed": items}


def need_help(results: list[SubmissionResult]) -> list[dict]:
    """Students with a low total or several exercises that ended badly, lowest score first."""
    flagged = []
    for r in results:
        fraction = r.score / r.max_score if r.max_score else 0.0
        ended = [e.id for e in r.exercises if e.status in ENDED]
        reasons = []
        if fraction < HELP_BELOW:
            reasons.append(f"scored {100 * fraction:.0f}% of the points")
        if len(ended) >= HELP_ENDED:
            reasons.append(f"{len(ended)} exercises ended in an error, timeout or crash")
        if reasons:
            flagged.append({"name": r.submission, "score": r.score, "max_score": r.max_score,
                            "fraction": round(fraction, 4), "ended": ended, "reasons": reasons})
    return sorted(flagged, key=lambda s: (s["fraction"], -len(s["ended"]), s["name"]))
