"""nbgrader's autograde leaves each student's result.json where the class report reads it.

``ApplyGrades`` is run directly on one student's resources as nbgrader passes them (the gradebook
guard stubbed out: it has its own tests), and the class report is built from what it wrote.
"""
from __future__ import annotations

import json

import nbformat
import pytest
from traitlets.config import Config

from class_results import student
from grader.class_report import build, load
from grader.nbgrader import preprocessors
from grader.outcomes import SubmissionResult


def apply(root, result: SubmissionResult, student_id: str, assignment: str, **config) -> None:
    c = Config()
    c.CourseDirectory.root = str(root)
    for key, value in config.items():
        setattr(c.ApplyGrades, key, value)
    resources = {"nbgrader": {"db_url": "sqlite://", "student": student_id, "assignment": assignment},
                 preprocessors.KEY: {"results": {e.id: e for e in result.exercises}, "submission": result,
                                     "gradebook": None}}
    preprocessors.ApplyGrades(config=c).preprocess(nbformat.v4.new_notebook(), resources)


@pytest.fixture(autouse=True)
def no_gradebook(monkeypatch):
    monkeypatch.setattr(preprocessors.guard, "restore", lambda db_url, before: [])


def chapter(result: SubmissionResult, topic: str) -> SubmissionResult:
    return SubmissionResult(result.submission, [e for e in result.exercises if e.id.startswith(topic + ".")])


def test_each_assignment_is_written_and_the_report_merges_them_per_student(tmp_path):
    ada = student("ada", {"tensors.grid": "named", "activations.softmax": "pass"})
    bob = student("bob", {"tensors.grid": "pass", "activations.softmax": "stub"})
    for result in (ada, bob):
        apply(tmp_path, chapter(result, "tensors"), result.submission, "01_tensors")
        apply(tmp_path, chapter(result, "activations"), result.submission, "03_activations")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("result.json"))
    assert written == [f"class_results/{s}/{a}/result.json" for s in ("ada", "bob")
                       for a in ("01_tensors", "03_activations")]
    on_disk = json.loads((tmp_path / "class_results/ada/01_tensors/result.json").read_text())
    assert on_disk == chapter(ada, "tensors").to_json()
    loaded = load(tmp_path / "class_results")
    assert not loaded.skipped
    assert {r.submission: r.score for r in loaded.results} == {"ada": ada.score, "bob": bob.score}
    data = build(loaded.results)
    grid = next(x for x in data["exercises"] if x["id"] == "tensors.grid")
    assert grid["mistakes"][0]["names"] == ["ada"] and grid["passed"] == 1


@pytest.mark.parametrize("student_id", ["../escape", ".hidden", "a/b", ""])
def test_a_student_id_that_is_not_one_plain_folder_writes_nothing(tmp_path, student_id):
    apply(tmp_path / "course", student("x", {}), student_id, "01_tensors")
    assert not list(tmp_path.rglob("result.json"))


def test_an_empty_results_dir_turns_it_off(tmp_path):
    apply(tmp_path, student("ada", {}), "ada", "01_tensors", results_dir="")
    assert not list(tmp_path.rglob("result.json"))


def test_a_chapter_never_handed_in_counts_as_not_attempted_out_of_its_points(tmp_path):
    ada = student("ada", {"tensors.grid": "pass", "activations.softmax": "pass"})
    bob = student("bob", {"tensors.grid": "pass"})
    apply(tmp_path, chapter(ada, "tensors"), "ada", "01_tensors")
    apply(tmp_path, chapter(ada, "activations"), "ada", "03_activations")
    apply(tmp_path, chapter(bob, "tensors"), "bob", "01_tensors")       # bob never handed in chapter 3
    results = {r.submission: r for r in load(tmp_path / "class_results").results}
    assert results["bob"].max_score == results["ada"].max_score == ada.max_score
    data = build(list(results.values()))
    softmax = next(x for x in data["exercises"] if x["id"] == "activations.softmax")
    assert (softmax["submissions"], softmax["not_attempted"], softmax["passed"]) == (2, 1, 1)
