"""Turn the reference's outcome and the student's into a case verdict with a message."""
from __future__ import annotations

from typing import Any

from grader import chapters
from grader.case import Case
from grader.compare import compare_results, describe
from grader.outcomes import CaseResult, Status
from grader.spec import materialize_call
from grader.worker.pool import Ended

ENDED = {"timeout": Status.TIMEOUT, "memory": Status.MEMORY, "crashed": Status.CRASHED,
         "too_large": Status.FAILED}


def label(case: Case) -> str:
    return f"{'hidden' if case.hidden else 'public'} case '{case.name}'"


def _returned(result: dict) -> Any:
    return result.get("returned value")


def judge(case: Case, expected: dict, got: dict | Ended, spec: dict | None = None) -> CaseResult:
    """The verdict on one case, given both outcomes (``spec``: the call, for mistake hints)."""
    def verdict(status: Status, message: str = "") -> CaseResult:
        score = case.points if status == Status.PASSED else 0.0
        text = f"{label(case)}: {message}" if message else ""
        return CaseResult(case.name, case.hidden, status, score, case.points, text)

    if isinstance(got, Ended):
        return verdict(ENDED[got.kind], got.message)
    status = got["status"]
    if status == "not_attempted":
        return verdict(Status.NOT_ATTEMPTED, got["message"])
    if status == "forbidden":
        return verdict(Status.FAILED, got["message"])
    if status == "memory":
        return verdict(Status.MEMORY, got["message"])
    if status == "too_large":
        return verdict(Status.FAILED, got["message"])
    if expected["status"] == "raised":
        wanted = expected["type"]
        if status == "raised" and wanted in got.get("mro", []):
            return verdict(Status.PASSED)
        if status == "raised":
            return verdict(Status.FAILED, f"expected {wanted} to be raised, got {got['type']}: {got['message']}")
        returned = describe(_returned(got["result"])) if isinstance(got.get("result"), dict) else "a value"
        return verdict(Status.FAILED, f"expected {wanted} to be raised ({expected['message']}), "
                                      f"but it returned {returned}")
    if status == "raised":
        trace = f"\n{got['traceback']}" if got.get("traceback") else ""
        return verdict(Status.ERROR, f"raised {got['type']}: {got['message']}{trace}")
    if status != "ok" or not isinstance(got.get("result"), dict):
        return verdict(Status.CRASHED, "sent an answer the grader cannot read")
    problem = compare_results(expected["result"], got["result"], case.tolerance)
    if problem is None:
        return verdict(Status.PASSED)
    hint_fn = chapters.hint(case.exercise)
    if hint_fn is not None:
        try:
            args, _ = materialize_call(spec or case.spec())
            hint = hint_fn(expected["result"], got["result"], args)
        except Exception:  # noqa: BLE001 - a hint must never break grading
            hint = None
        if hint:
            problem = f"{problem}\n  likely mistake: {hint}"
    return verdict(Status.FAILED, problem)
