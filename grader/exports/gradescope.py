"""Gradescope's ``results.json``: one test per exercise, with the feedback as its output."""
from __future__ import annotations

from grader import shown
from grader.outcomes import Status, SubmissionResult


def gradescope_results(result: SubmissionResult, *, visibility: str = "visible") -> dict:
    """The results.json Gradescope reads from ``/autograder/results/``."""
    tests = []
    for number, e in enumerate(result.exercises, start=1):
        failing = shown.failures(e, limit=6)
        output = "passed all cases" if e.status == Status.PASSED else "\n\n".join(failing)
        printed = shown.printed(e)
        if printed:
            output += "\n\nYour code printed:\n" + printed
        tests.append({"name": e.id, "number": str(number), "score": e.score, "max_score": e.max_score,
                      "status": "passed" if e.status == Status.PASSED else "failed",
                      "output": output, "visibility": visibility, "tags": [e.id.split(".")[0], e.status.value]})
    return {"score": result.score, "execution_time": round(result.seconds, 2),
            "output": f"{result.score:g} / {result.max_score:g} points", "visibility": visibility,
            "stdout_visibility": "hidden", "tests": tests}
