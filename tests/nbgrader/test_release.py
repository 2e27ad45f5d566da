"""`nbgrader generate_assignment` on the built course releases no solution and no hidden case
(see nbgrader_leaks.py for what is searched).
"""
from __future__ import annotations

import shutil

import nbformat
import pytest

from grader.hidden import load
from grader.nbgrader.notebook import grade_cells
from helpers import ROOT
from nbgrader_leaks import hidden_case_needles, release_texts, solution_leaks

pytestmark = pytest.mark.slow


def hidden_case_leaks(folder) -> list[str]:
    texts = release_texts(folder)
    return [f"{name}: {needle!r}" for needle in hidden_case_needles()
            for name, text in texts.items() if needle in text]


def test_released_assignments_hold_no_line_of_any_solution(released):
    course_dir, course = released
    found = [f"{name}/{leak}" for name in course.assignments
             for leak in solution_leaks(course_dir / "release" / name)]
    assert not found, "\n".join(found)


def test_released_assignments_hold_no_hidden_case(released):
    course_dir, course = released
    found = [f"{name}/{leak}" for name in course.assignments
             for leak in hidden_case_leaks(course_dir / "release" / name)]
    assert not found, "\n".join(found)


def test_hidden_case_search_finds_a_case_module_planted_in_a_release(released, tmp_path):
    course_dir, course = released
    name, topic = next(iter(course.assignments.items()))
    copy = shutil.copytree(course_dir / "release" / name, tmp_path / name)
    shutil.copy(ROOT / "grader" / "hidden" / topic / "cases.py", copy / "grader" / "extra_cases.py")
    hidden = sum(c.hidden for c in load(topic))
    assert len(hidden_case_leaks(copy)) > hidden


def test_released_notebooks_have_a_locked_checksummed_grade_cell_per_exercise(released):
    course_dir, course = released
    for name in course.assignments:
        nb = nbformat.read(course_dir / "release" / name / f"{name}.ipynb", as_version=4)
        cells = grade_cells(nb)
        assert sorted(e for e, _ in cells) == sorted(course.points[name])
        for exercise, cell in cells:
            assert cell.metadata.nbgrader["locked"] and cell.metadata.nbgrader["checksum"]
            assert cell.metadata.nbgrader["points"] == course.points[name][exercise]
            assert cell.metadata["editable"] is False and cell.outputs == []
