"""The course grader inside nbgrader: a fault of the grader never becomes a student's zero."""
from __future__ import annotations

import pytest

from grader.nbgrader import grading
from grader.outcomes import CaseResult, ExerciseResult, Status, SubmissionResult


def ended_as(status: Status, message: str) -> ExerciseResult:
    return ExerciseResult.from_cases("t.a", [CaseResult("case", False, status, 0.0, 1.0, message)])


@pytest.fixture
def fake_grading(monkeypatch):
    """grade_folder with the worker, the plan and grade_submission replaced by a fixed result."""
    monkeypatch.setattr(grading, "zygote", lambda hide: None)
    monkeypatch.setattr(grading, "plan", lambda topics: None)

    def returning(exercise: ExerciseResult):
        monkeypatch.setattr(grading, "grade_submission",
                            lambda *args, **kwargs: SubmissionResult("ada", [exercise]))
    return returning


def test_a_fault_of_the_grader_itself_stops_the_submission(fake_grading, tmp_path):
    fake_grading(ended_as(Status.GRADER_FAULT, "public case 'case': (OSError: x)"))
    with pytest.raises(RuntimeError, match="course grader failed on t.a for ada"):
        grading.grade_folder(tmp_path, ["t"], name="ada", hide=[])


def test_a_student_error_quoting_the_fault_message_is_graded_as_an_error(fake_grading, tmp_path):
    own = ended_as(Status.ERROR, "public case 'case': raised ValueError: the grader itself failed here "
                                 "(OSError: x); please report this")
    fake_grading(own)
    graded, _note = grading.grade_folder(tmp_path, ["t"], name="ada", hide=[])
    assert graded.exercises == [own]
