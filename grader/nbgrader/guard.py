"""Undo what a student's kernel wrote into the gradebook while nbgrader executed its notebook.

``Execute`` runs the submitted notebook as the instructor's user, so a cell can open
``gradebook.db`` and set manual scores (which nbgrader ranks above the autograder's), extra
credit or an earlier submission time, for itself or for anyone. Nothing legitimate writes these
values while a notebook executes, so ``GradeExercises`` snapshots them before ``Execute`` and
``ApplyGrades`` puts back whatever changed.

This covers edits made while the kernel runs; a kernel can still leave a process behind, or
change files the instructor's user can write. For submissions you do not trust, autograde with
``nbgrader autograde ASSIGNMENT --no-execute``: the scores are the same, and no student code runs
outside the grader's sandboxed worker.
"""
from __future__ import annotations

from nbgrader.api import Grade, Gradebook, SubmittedAssignment

Snapshot = dict[tuple[str, str], tuple]


def _rows(gb: Gradebook) -> dict[tuple[str, str], object]:
    rows: dict[tuple[str, str], object] = {("grade", g.id): g for g in gb.db.query(Grade)}
    rows.update({("submission", s.id): s for s in gb.db.query(SubmittedAssignment)})
    return rows


def _values(row: object) -> tuple:
    if isinstance(row, Grade):
        return (row.auto_score, row.manual_score, row.extra_credit)
    return (row.timestamp, row.extension)


def snapshot(db_url: str) -> Snapshot:
    """Every grade's scores and every submission's time and extension, by row id."""
    with Gradebook(db_url) as gb:
        return {key: _values(row) for key, row in _rows(gb).items()}


def restore(db_url: str, before: Snapshot) -> list[str]:
    """Put back every snapshotted value that changed; one description per row restored."""
    changed = []
    with Gradebook(db_url) as gb:
        for key, row in _rows(gb).items():
            old = before.get(key)
            if old is None or _values(row) == old:
                continue
            if isinstance(row, Grade):
                row.auto_score, row.manual_score, row.extra_credit = old
                changed.append(f"{row.student.id}/{row.name}")
            else:
                row.timestamp, row.extension = old
                changed.append(f"{row.student.id} submission time")
        gb.db.commit()
    return changed
