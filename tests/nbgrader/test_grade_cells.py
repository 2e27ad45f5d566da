"""Grade cells: one per exercise, where the chapter checks it, and scored by nbgrader as we say."""
from __future__ import annotations

import itertools
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.utils import determine_grade

from grader.hidden import available_topics, exercises, load
from grader.nbgrader.build import chapters, exercise_points
from grader.nbgrader.feedback import grade_outputs, verdict_text
from grader.nbgrader.notebook import exercise_of, grade_cells, grade_id, with_grade_cells
from grader.outcomes import CaseResult, ExerciseResult, Status
from grader.topics import notebook_name
from helpers import ROOT

READY, _ = chapters()
NBGRADER_ID = re.compile(r"^[a-zA-Z0-9_\-]+$")     # nbgrader's grade_id and nbformat's cell id


def is_grade(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def test_grade_ids_are_valid_nbgrader_ids_and_map_back_to_exercise_ids():
    ids = [e for topic in available_topics() for e in exercises(topic)]
    assert ids
    for exercise in ids:
        assert NBGRADER_ID.match(grade_id(exercise)), grade_id(exercise)
        assert exercise_of(grade_id(exercise)) == exercise
    assert exercise_of("my-own cell") is None and exercise_of("notes") is None


@pytest.mark.parametrize("topic", READY)
def test_each_exercise_gets_one_locked_grade_cell_in_place_of_its_check_cell(topic):
    original = nbformat.read(ROOT / "notebooks" / notebook_name(topic), as_version=4)
    points = exercise_points(topic)
    graded = with_grade_cells(original, points)
    nbformat.validate(graded)
    cells = grade_cells(graded)
    assert sorted(e for e, _ in cells) == sorted(points), "one grade cell per exercise"
    for exercise, cell in cells:
        meta = cell.metadata["nbgrader"]
        assert (meta["grade"], meta["solution"], meta["locked"]) == (True, False, True)
        assert meta["points"] == points[exercise] == sum(c.points for c in load(topic)
                                                         if c.exercise == exercise)
        assert cell.id == meta["grade_id"] == grade_id(exercise)
        assert f'check("{exercise}")' in cell.source
    checked_alone = {m.group(1): i for i, c in enumerate(original.cells) if c.cell_type == "code"
                     for m in [re.fullmatch(r'check\("([\w.]+)"\)', c.source.strip())] if m}
    for exercise, index in checked_alone.items():
        if exercise in points:
            assert is_grade(graded.cells[index])
            assert graded.cells[index].source == original.cells[index].source
    remaining = iter(graded.cells)                  # every original cell, in order; added ones grade
    for cell in original.cells:
        added = list(itertools.takewhile(lambda c: c.source != cell.source, remaining))
        assert all(is_grade(c) for c in added), f"cell {cell.source[:40]!r} moved or changed"
    assert all(is_grade(c) for c in remaining)


def test_exercises_without_a_lone_check_cell_get_grade_cells_after_it_or_at_the_end():
    nb = new_notebook(cells=[new_markdown_cell("# chapter"),
                             new_code_cell('ok = check("t.a") and check("t.b")'),
                             new_code_cell("print('demo')")])
    graded = with_grade_cells(nb, {"t.a": 2.0, "t.b": 3.0, "t.c": 1.5})
    sources = [c.source for c in graded.cells]
    assert sources == ["# chapter", 'ok = check("t.a") and check("t.b")', 'check("t.a")',
                       'check("t.b")', "print('demo')", 'check("t.c")']
    assert [(e, c.metadata.nbgrader["points"]) for e, c in grade_cells(graded)] == \
        [("t.a", 2.0), ("t.b", 3.0), ("t.c", 1.5)]
    assert not is_grade(graded.cells[1])


def result(scores: list[float], status: Status = Status.FAILED, message: str = "") -> ExerciseResult:
    cases = [CaseResult(f"case {i}", i > 0, Status.PASSED if s else status, s, 1.0,
                        "" if s else message or f"hidden case 'case {i}': values differ")
             for i, s in enumerate(scores)]
    return ExerciseResult.from_cases("t.a", cases)


@pytest.mark.parametrize("scores", [[1, 1, 1, 1], [1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1]])
def test_nbgrader_reads_the_score_we_write_into_a_grade_cell(scores):
    cell = with_grade_cells(new_notebook(cells=[new_code_cell('check("t.a")')]), {"t.a": 4.0}).cells[0]
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="t.a: passed all public cases.")]
    assert determine_grade(cell) == (4.0, 4.0)          # nbgrader alone: any quiet output is full marks
    cell.outputs, score = grade_outputs(result([float(s) for s in scores]), 4.0)
    assert determine_grade(cell) == (float(sum(scores)), 4.0) == (score, 4.0)


def test_a_grade_cell_worth_other_points_than_the_cases_gets_the_same_fraction():
    outputs, score = grade_outputs(result([1.0, 0.0, 0.0, 0.0]), 10.0)
    assert score == 2.5 and outputs[-1]["data"]["text/plain"] == "2.5"


def test_verdict_states_the_score_each_distinct_failure_once_and_the_output():
    stub = result([0.0] * 4, Status.NOT_ATTEMPTED, "case: not implemented yet (raises NotImplementedError)")
    text = verdict_text(stub)
    assert text.startswith("t.a: 0 / 4 points: not attempted")
    assert text.count("not implemented yet") == 1
    failed = result([1.0, 0.0, 0.0, 1.0])
    failed.output = "debug print\n"
    text = verdict_text(failed)
    assert "t.a: 2 / 4 points: failed" in text and "2 of 4 cases passed." in text
    assert "hidden case 'case 1': values differ" in text
    # hidden cases ran: what the code printed may hold their inputs, so it is not shown
    assert "debug print" not in text and "output is not shown when hidden cases run" in text
    public_only = ExerciseResult.from_cases("t.a", [CaseResult("case 0", False, Status.FAILED, 0.0, 1.0,
                                                               "public case 'case 0': values differ")])
    public_only.output = "debug print\n"
    assert "debug print" in verdict_text(public_only)

