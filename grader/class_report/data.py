"""The class report as one plain-data dictionary: what the HTML, the JSON and the CSV show.

Names: with ``names=False`` no student name appears anywhere in the data (mistake groups keep
their counts; the per-student sections and the help list are left out), so the report can be
shown to the whole class.
"""
from __future__ import annotations

from grader.class_report import mistakes, stats, students
from grader.outcomes import Status, SubmissionResult
from grader.topics import TOPICS

VERSION = 1


def _public_hidden(results: list[SubmissionResult], exercise_id: str, index: list[dict]) -> dict:
    """Who failed a public case, a hidden one, and who passed every public case but failed a hidden
    one (the public cases did not show them their mistake)."""
    public = hidden = weak = 0
    weak_names = []
    for r, exercises in zip(results, index):
        e = exercises.get(exercise_id)
        if e is None or e.status == Status.NOT_ATTEMPTED:
            continue
        pub = [c for c in e.cases if not c.hidden]
        failed_public = any(c.status != Status.PASSED for c in pub)
        failed_hidden = any(c.status != Status.PASSED for c in e.cases if c.hidden)
        public += failed_public
        hidden += failed_hidden
        if pub and not failed_public and failed_hidden:
            weak += 1
            weak_names.append(r.submission)
    return {"public_failed": public, "hidden_failed": hidden, "public_pass_hidden_fail": weak,
            "public_pass_hidden_fail_students": weak_names}


def build(results: list[SubmissionResult], *, names: bool = True, skipped: list[str] | None = None) -> dict:
    """Everything the report shows, as JSON-ready data.

    Args:
        results: one graded result per student.
        names: include student names (see the module docstring).
        skipped: result files that could not be read (listed in the report).
    """
    ids = stats.exercise_ids(results)
    wrongs: dict[str, dict[str, mistakes.Wrong]] = {e: {} for e in ids}
    for r in results:
        for e in r.exercises:
            w = mistakes.wrong(e)
            if w is not None:
                wrongs[e.id][r.submission] = w
    groups = {e: mistakes.groups(wrongs[e]) for e in ids}
    size = len(results)
    index = stats.by_id(results)
    totals = [r.score for r in results]

    exercises = []
    for e in ids:
        row = stats.item(results, e, index, totals).to_json()
        row.update(_public_hidden(results, e, index))
        unexplained = sorted(s for s, w in wrongs[e].items() if w.unexplained)
        row["unexplained_students"] = len(unexplained)
        row["unexplained_cases"] = sum(w.unexplained_cases for w in wrongs[e].values())
        row["unexplained"] = [{"student": s, "message": wrongs[e][s].example} for s in unexplained]
        row["mistakes"] = [{"id": g.id, "text": g.text, "students": len(g.students), "cases": g.cases,
                            "share": round(len(g.students) / size, 4) if size else 0.0,
                            "names": g.students} for g in groups[e]]
        if not names:
            row["public_pass_hidden_fail_students"] = []
            row["unexplained"] = []        # a message can quote what a student's code returned
            for m in row["mistakes"]:
                m["names"] = []
        exercises.append(row)
    exercises.sort(key=lambda x: (x["difficulty"], x["id"]))     # hardest first

    chapters = [t for t in TOPICS if any(stats.chapter(e) == t for e in ids)]
    data = {
        "version": VERSION,
        "names": names,
        "submissions": size,
        "exercise_ids": ids,
        "chapters": chapters,
        "max_score": max((r.max_score for r in results), default=0.0),
        "total": {**stats.distribution(results, None), **stats.completion(results, None)},
        "by_chapter": {t: {**stats.distribution(results, t), **stats.completion(results, t)}
                       for t in chapters},
        "exercises": exercises,
        "skipped": list(skipped or []),
    }
    data["need_help_count"] = len(students.need_help(results))
    if names:
        data["need_help"] = students.need_help(results)
        data["students"] = [students.student(r, {e: wrongs[e][r.submission] for e in ids
                                                 if r.submission in wrongs[e]}, groups, size)
                            for r in sorted(results, key=lambda r: r.submission)]
    else:
        data["need_help"] = []
        data["students"] = []
    return data
