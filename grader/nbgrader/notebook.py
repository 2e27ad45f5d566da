"""A chapter notebook as nbgrader sees it: one locked, autograded grade cell per exercise.

The grade cell of an exercise is the notebook's own ``check("topic.name")`` cell, so students see
it where the chapter asks for the exercise. nbgrader and nbformat ids may not contain dots, so
an exercise id ``tensors.grid`` becomes the grade id (and cell id) ``tensors-grid``; the mapping
is one-to-one because Python names never contain ``-``.
"""
from __future__ import annotations

import copy
import re

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell

CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([A-Za-z_]\w*\.[A-Za-z_]\w*)["']\s*\)""")


def grade_id(exercise: str) -> str:
    """``tensors-grid`` for ``tensors.grid``: the id nbgrader stores and the cell's id."""
    return exercise.replace(".", "-", 1)


def exercise_of(grade: str) -> str | None:
    """``tensors.grid`` for the grade id ``tensors-grid``; None for an id that is not ours."""
    topic, dash, name = grade.partition("-")
    return f"{topic}.{name}" if dash and topic.isidentifier() and name.isidentifier() else None


def grade_metadata(exercise: str, points: float) -> dict:
    """nbgrader metadata (schema 3) of an autograded, locked test cell worth ``points``."""
    return {"grade": True, "solution": False, "locked": True, "task": False,
            "points": points, "grade_id": grade_id(exercise), "schema_version": 3}


def _make_grade_cell(cell: NotebookNode, exercise: str, points: float) -> None:
    cell.id = grade_id(exercise)
    cell.metadata["nbgrader"] = grade_metadata(exercise, points)
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    cell.outputs = []
    cell.execution_count = None


def _checked(cell: NotebookNode) -> list[str]:
    return CHECK_CALL.findall(cell.source) if cell.cell_type == "code" else []


def with_grade_cells(nb: NotebookNode, points: dict[str, float]) -> NotebookNode:
    """A copy of ``nb`` whose check cells are grade cells worth ``points[exercise]``.

    A cell checking one exercise becomes its grade cell. When one cell checks several exercises
    (or an exercise's cell was already taken), a grade cell ``check("...")`` is inserted right
    after it; an exercise the notebook never checks gets one at the end.
    """
    nb = copy.deepcopy(nb)
    taken = {cell.get("id") for cell in nb.cells}
    placed: set[str] = set()
    cells: list[NotebookNode] = []
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        wanted = [e for e in dict.fromkeys(_checked(cell)) if e in points and e not in placed]
        if wanted and CHECK_CALL.fullmatch(cell.source.strip()):   # the cell is just check("...")
            _make_grade_cell(cell, wanted[0], points[wanted[0]])
            placed.add(wanted.pop(0))
        cells.append(cell)
        for exercise in wanted:
            cells.append(_new_grade_cell(exercise, points[exercise]))
            placed.add(exercise)
    for exercise in points:
        if exercise not in placed:
            cells.append(_new_grade_cell(exercise, points[exercise]))
    ids = [grade_id(e) for e in points]
    for cell in cells:                      # an unrelated cell that happens to use a grade id
        if cell.get("id") in ids and "nbgrader" not in cell.metadata:
            cell.id = _fresh_id(cell.id, taken | set(ids))
    nb.cells = cells
    nb.nbformat, nb.nbformat_minor = 4, max(5, nb.get("nbformat_minor", 5))
    nbformat.validate(nb)
    return nb


def _new_grade_cell(exercise: str, points: float) -> NotebookNode:
    cell = new_code_cell(f'check("{exercise}")')
    _make_grade_cell(cell, exercise, points)
    return cell


def _fresh_id(base: str, taken: set[str]) -> str:
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    taken.add(f"{base}-{n}")
    return f"{base}-{n}"


def grade_cells(nb: NotebookNode) -> list[tuple[str, NotebookNode]]:
    """The notebook's grade cells whose grade ids name an exercise, as (exercise id, cell)."""
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        exercise = exercise_of(meta.get("grade_id", "")) if meta.get("grade") else None
        if exercise is not None:
            found.append((exercise, cell))
    return found
