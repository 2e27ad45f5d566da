"""Results of a made-up class, built as typed data (no grading): for tests of how a class report
reads and shows results, where grading for real would only add minutes.

Each student's exercise is passed, not attempted, failed with a named mistake (a finding with a
mistake id), failed with no recognised mistake, or ended in an error, as ``pattern`` says.
"""
from __future__ import annotations

from grader.findings import Finding
from grader.outcomes import CaseResult, ExerciseResult, Status, SubmissionResult

EXERCISES = {"tensors.grid": "counting from 0: torch.arange starts at 0 unless you give it a start",
             "activations.softmax": "rows do not sum to 1: softmax was taken over dim 0, expected the last dim"}


def exercise(exercise_id: str, kind: str) -> ExerciseResult:
    """One exercise of two cases (one public, one hidden) ending as ``kind``:
    ``pass``, ``stub``, ``named``, ``unnamed``, ``error``, or ``weak`` (public pass, hidden named fail)."""
    def case(name: str, hidden: bool, status: Status, findings: tuple = ()) -> CaseResult:
        score = 2.0 if status == Status.PASSED else 0.0
        return CaseResult(name, hidden, status, score, 2.0, "" if status == Status.PASSED else f"{name}: wrong",
                          findings)
    named = Finding("returned value", "values", "1", "0", mistake_id=exercise_id + "-named",
                    mistake=EXERCISES[exercise_id])
    unnamed = Finding("returned value", "values", "1", "7")
    if kind == "pass":
        cases = [case("p", False, Status.PASSED), case("h", True, Status.PASSED)]
    elif kind == "stub":
        stub = Finding("", "text", detail="not implemented yet", note_id="not_attempted")
        cases = [case("p", False, Status.NOT_ATTEMPTED, (stub,)), case("h", True, Status.NOT_ATTEMPTED, (stub,))]
    elif kind == "named":
        cases = [case("p", False, Status.FAILED, (named,)), case("h", True, Status.FAILED, (named,))]
    elif kind == "weak":
        cases = [case("p", False, Status.PASSED), case("h", True, Status.FAILED, (named,))]
    elif kind == "unnamed":
        cases = [case("p", False, Status.FAILED, (unnamed,)), case("h", True, Status.FAILED, (unnamed,))]
    elif kind == "error":
        raised = Finding("", "text", detail="raised ValueError", note_id="raised")
        cases = [case("p", False, Status.ERROR, (raised,)), case("h", True, Status.ERROR, (raised,))]
    else:
        raise ValueError(kind)
    return ExerciseResult.from_cases(exercise_id, cases)


def student(name: str, kinds: dict[str, str]) -> SubmissionResult:
    """A student whose exercises end as ``kinds`` (exercise id -> kind)."""
    return SubmissionResult(name, [exercise(e, kinds.get(e, "pass")) for e in EXERCISES])


def small_class(hostile_name: str) -> list[SubmissionResult]:
    """Twelve students: five with the grid mistake (one of them named ``hostile_name``), two with the
    softmax one, one unexplained failure, one weak public case, one error, two stubs."""
    plan = [("named", "pass")] * 4 + [("named", "named"), ("pass", "named"), ("unnamed", "pass"),
                                      ("pass", "weak"), ("error", "error"), ("stub", "stub"),
                                      ("stub", "pass"), ("pass", "pass")]
    out = []
    for i, (grid, softmax) in enumerate(plan):
        name = hostile_name if i == 4 else f"student{i:02d}"
        out.append(student(name, {"tensors.grid": grid, "activations.softmax": softmax}))
    return out
