"""The real nbgrader pipeline on the built course records the course grader's scores.

For every assignment: four students (see nbgrader_students.py) are added to the gradebook, their
work is placed in submitted/<student>/<assignment>/, and ``nbgrader autograde`` grades every
assignment at once with ``--no-execute`` (the mode for untrusted work, and the fast one). The
tamperer's chapter 02 is first graded as nbgrader does by default, executing its notebook, so that
its tampering cell really runs; the same path serves every assignment, and executing all eight
notebooks would add three minutes to every test run. Then ``generate_feedback`` and ``export``. The
same work is graded by ``python -m grader grade``; the scores nbgrader records must be its scores.
"""
from __future__ import annotations

import csv
import html
import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from grader.nbgrader.build import COURSE_ID, assignment_name, exercise_points
from grader.nbgrader.notebook import grade_id
from helpers import ROOT
from nbgrader_leaks import case_source_lines
from nbgrader_students import (STUDENTS, TAMPER_MARK, changed_exercises, exercise_source,
                               expected_scores, notebook)

pytestmark = pytest.mark.slow
EXECUTED = assignment_name("layers")      # the tamperer's notebook that nbgrader executes (a quick one)


@pytest.fixture(scope="module")
def graded(released, nbgrader, tmp_path_factory):
    """The course after autograde, feedback and export; and the same work graded by the CLI."""
    course_dir, course = released
    work = tmp_path_factory.mktemp("students")
    (work / "students.csv").write_text("id,first_name,last_name\n" +
                                       "".join(f"{s},{s.title()},Student\n" for s in STUDENTS))
    nbgrader(course_dir, "db", "student", "import", str(work / "students.csv"))
    for student in STUDENTS:
        for name, topic in course.assignments.items():
            source = exercise_source(student, topic)
            (work / student / "exercises").mkdir(parents=True, exist_ok=True)
            (work / student / "exercises" / f"{topic}.py").write_text(source)
            submitted = course_dir / "submitted" / student / name
            shutil.copytree(course_dir / "release" / name, submitted)
            (submitted / "exercises" / f"{topic}.py").write_text(source)
            nb = nbformat.read(submitted / f"{name}.ipynb", as_version=4)
            nbformat.write(notebook(student, nb), submitted / f"{name}.ipynb")
    nbgrader(course_dir, "autograde", "*", "--no-execute", "--CourseDirectory.student_id_exclude=tamperer")
    autograde = nbgrader(course_dir, "autograde", EXECUTED, "--student=tamperer")
    # Without --force nbgrader skips what is already autograded: the executed chapter stays as it is.
    rest = nbgrader(course_dir, "autograde", "*", "--no-execute", "--student=tamperer")
    assert [line for line in rest.stderr.splitlines()
            if "Skipping existing assignment" in line and line.rstrip().endswith(f"tamperer/{EXECUTED}")], rest.stderr
    nbgrader(course_dir, "generate_feedback", "*")
    nbgrader(course_dir, "export", "--to", str(work / "grades.csv"))
    out = work / "cli"
    done = subprocess.run([sys.executable, "-m", "grader", "grade", *(str(work / s) for s in STUDENTS),
                           "--out", str(out), "--topics", ",".join(course.assignments.values())],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    cli = {s: {e["id"]: e for e in json.loads((out / s / "result.json").read_text())["exercises"]}
           for s in STUDENTS}
    return course_dir, course, work, cli, autograde.stderr


def recorded(course_dir, assignment: str, student: str) -> dict[str, tuple]:
    """``{grade id: (score, manual score, extra credit)}`` as nbgrader's gradebook holds them."""
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", COURSE_ID) as gb:
        submission = gb.find_submission(assignment, student)
        return {g.name: (g.score, g.manual_score, g.extra_credit)
                for nb in submission.notebooks for g in nb.grades}


def test_nbgrader_records_the_grader_scores_for_every_exercise_and_student(graded):
    course_dir, course, _work, cli, _log = graded
    for name, topic in course.assignments.items():
        points = exercise_points(topic)
        for student in STUDENTS:
            grades = recorded(course_dir, name, student)
            expected = expected_scores(student, topic, points)
            assert set(grades) == {grade_id(e) for e in points}
            for exercise, score in expected.items():
                got, manual, extra = grades[grade_id(exercise)]
                assert (got, manual, extra) == (score, None, None), (name, student, exercise)
                assert cli[student][exercise]["score"] == score, (student, exercise, cli[student][exercise])


def test_autograde_leaves_each_students_result_for_the_class_report(graded, tmp_path):
    course_dir, course, _work, cli, _log = graded
    for name in course.assignments:
        for student in STUDENTS:
            assert (course_dir / "class_results" / student / name / "result.json").is_file(), (student, name)
    from grader.class_report import write_report
    data = write_report(course_dir / "class_results", tmp_path / "class.html", json_path=tmp_path / "class.json")
    assert data["submissions"] == len(STUDENTS) and not data["skipped"]
    totals = {s["name"]: s["score"] for s in data["students"]}
    assert totals == pytest.approx({s: sum(e["score"] for e in cli[s].values()) for s in STUDENTS})


def test_tamperer_really_tampered_and_gained_nothing(graded):
    course_dir, course, _work, _cli, log = graded
    assert "changed the gradebook while it ran" in log
    assert EXECUTED in course.assignments
    nb = nbformat.read(course_dir / "autograded" / "tamperer" / EXECUTED / f"{EXECUTED}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert TAMPER_MARK in printed, "the tamper cell did not run: this test would prove nothing"
    assert "passed all public cases." not in printed


def test_export_has_every_students_total(graded):
    _course_dir, course, work, _cli, _log = graded
    rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader((work / "grades.csv").open())}
    for name, topic in course.assignments.items():
        points = exercise_points(topic)
        for student in STUDENTS:
            row = rows[(name, student)]
            assert float(row["max_score"]) == sum(points.values())
            assert float(row["score"]) == pytest.approx(sum(expected_scores(student, topic, points).values()))


def test_feedback_shows_the_grader_messages_and_no_hidden_case_source(graded):
    course_dir, course, _work, cli, _log = graded
    hidden_lines = case_source_lines()
    for name, topic in course.assignments.items():
        points = exercise_points(topic)
        pages = {s: html.unescape((course_dir / "feedback" / s / name / f"{name}.html").read_text())
                 for s in STUDENTS}
        wrong, left = changed_exercises(topic)
        partial = cli["partial"][wrong]
        first_failure = next(c["message"] for c in partial["cases"] if c["status"] != "passed")
        assert f"{wrong}: 0 / {points[wrong]:g} points: error" in pages["partial"]
        assert first_failure.splitlines()[0] in pages["partial"]
        if left:
            assert f"{left}: 0 / {points[left]:g} points: not attempted" in pages["partial"]
        for exercise, score in points.items():
            assert f"{exercise}: {score:g} / {score:g} points: passed all" in pages["reference"]
            assert f"{exercise}: 0 / {score:g} points" in pages["tamperer"]
        for student, page in pages.items():
            assert not [line for line in hidden_lines if line in page], (name, student)
            assert "BEGIN HIDDEN TESTS" not in page
