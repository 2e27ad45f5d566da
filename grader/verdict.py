"""Turn the reference's outcome and the student's into a case verdict, with findings.

Decisions here look only at typed outcomes (``grader.outcome``) and at findings computed in this
(trusted) process. Text from the worker is shown, bounded, to the student for public cases; for
hidden cases only the exception's type and the student's own frames are shown, never its message,
so a function that raises with its inputs cannot copy hidden inputs into feedback.
"""
from __future__ import annotations

from typing import Any

from grader import chapters, wire
from grader.case import Case
from grader.compare import compare_results, describe
from grader.decoded import decode_result
from grader.findings import Finding, named, render
from grader.outcome import CallOutcome, Ending, Kind
from grader.outcomes import CaseResult, Status
from grader.reply_text import for_hidden, hidden_safe
from grader.spec import materialize_call

ENDED_STATUS = {Ending.TIMEOUT: Status.TIMEOUT, Ending.CPU: Status.TIMEOUT, Ending.KILLED: Status.MEMORY,
                Ending.SIGNAL: Status.CRASHED, Ending.EXITED: Status.CRASHED,
                Ending.OVERSIZED: Status.FAILED, Ending.GARBLED: Status.CRASHED}
KIND_STATUS = {Kind.NOT_ATTEMPTED: Status.NOT_ATTEMPTED, Kind.FORBIDDEN: Status.FAILED,
               Kind.MEMORY: Status.MEMORY, Kind.TOO_LARGE: Status.FAILED}


# What a hidden case says for these outcomes: a worker could put any text (hidden inputs too) in
# its own message, so hidden cases show ours.
FIXED_TEXT = {Kind.NOT_ATTEMPTED: "not implemented yet (raises NotImplementedError)",
              Kind.FORBIDDEN: "made a call its exercise may not make",
              Kind.MEMORY: "ran out of memory", Kind.TOO_LARGE: "the result is too large to grade"}


def label(case: Case) -> str:
    return f"{'hidden' if case.hidden else 'public'} case '{case.name}'"


def ending_text(outcome: CallOutcome) -> str:
    """Why a worker ended, in words (from the trusted side's own record)."""
    extra, ending = outcome.extra, outcome.ending
    if ending == Ending.TIMEOUT:
        seconds = extra.get("seconds", 0)
        return f"did not finish within {seconds:g} s (an endless loop, or far too slow)"
    if ending == Ending.CPU:
        return f"used more than {extra.get('cpu_seconds', 0)} s of CPU time"
    if ending == Ending.KILLED:
        return "was killed by the system (SIGKILL): out of memory?"
    if ending == Ending.SIGNAL:
        return f"crashed: the process died from {extra.get('signal', 'a signal')}"
    if ending == Ending.EXITED:
        return f"ended the worker process (exit code {extra.get('code')}: sys.exit or os._exit?)"
    if ending == Ending.OVERSIZED:
        return f"sent a result of {extra.get('size', 0):,} bytes, over the limit"
    return "sent an answer the grader cannot read"


def error_text(outcome: CallOutcome, hidden: bool) -> str:
    """An exception for people: everything for public cases; only its type for hidden ones."""
    if not hidden:
        trace = f"\n{outcome.traceback}" if outcome.traceback else ""
        return f"{outcome.error_type}: {outcome.message}{trace}"
    return f"{error_type_shown(outcome)} (in a hidden case only the type of an error is shown)"


def error_type_shown(outcome: CallOutcome) -> str:
    """A builtin exception's name, or a neutral phrase for a class of the student's own."""
    name = outcome.error_type
    if name.isidentifier() and len(name) <= 40 and "." not in name:
        return name
    return "an exception of a class defined in your code"


def _hint_args(spec: dict) -> list:
    """The call's inputs, rebuilt for a hint inside a scratch folder that is removed after."""
    from grader.inputs import scratch
    with scratch():
        args, _ = materialize_call(spec)
    return args


def judge(case: Case, expected: CallOutcome, got: CallOutcome, spec: dict | None = None) -> CaseResult:
    """The verdict on one case, given both outcomes (``spec``: the call, for mistake hints)."""
    expects_error = expected.kind == Kind.RAISED

    def verdict(status: Status, finding: Finding | None = None) -> CaseResult:
        score = case.points if status == Status.PASSED else 0.0
        text = f"{label(case)}: {render(finding)}" if finding else ""
        return CaseResult(case.name, case.hidden, status, score, case.points, text,
                          (finding,) if finding else (), expects_error=expects_error)

    def said(detail: str, note_id: str = "") -> Finding:
        return Finding("", "text", detail=detail, note_id=note_id)

    if got.kind == Kind.ENDED:
        return verdict(ENDED_STATUS[got.ending], said(f"it {ending_text(got)}", got.ending.value))
    if got.kind in KIND_STATUS:        # the worker's own words only where the inputs are public
        shown = got.message if not case.hidden and got.kind != Kind.MEMORY else FIXED_TEXT[got.kind]
        return verdict(KIND_STATUS[got.kind], said(shown, got.kind.value))
    if got.kind not in (Kind.RETURNED, Kind.RAISED):
        return verdict(Status.CRASHED, said("sent an answer the grader cannot read", "garbled"))
    if expects_error:
        wanted = expected.error_type
        if got.raised(wanted):
            return verdict(Status.PASSED)
        if got.kind == Kind.RAISED:
            return verdict(Status.FAILED, Finding("", "raised", f"{wanted} to be raised",
                                                  error_text(got, case.hidden)))
        returned = describe(got.result.get("returned value")) if got.result else "a value"
        returned = hidden_safe(returned) if case.hidden else returned
        why = "" if case.hidden else f" ({expected.message})"
        return verdict(Status.FAILED, Finding("", "raised", f"{wanted} to be raised{why}",
                                              f"a returned value, {returned}").with_note(
            named("no-error-raised", "check the input and raise the error the docstring names")))
    if got.kind == Kind.RAISED:
        return verdict(Status.ERROR, said(f"raised {error_text(got, case.hidden)}", "raised").with_mistake(
            _error_hint(case, got, spec)))
    if not wire.well_formed(got.result):
        return verdict(Status.CRASHED, said("sent an answer the grader cannot read", "garbled"))
    finding = compare_results(expected.result, got.result, case.tolerance)
    if finding is None:
        return verdict(Status.PASSED)
    finding = for_hidden(finding) if case.hidden else finding
    return verdict(Status.FAILED, finding.with_mistake(_hint(case, expected, got, spec)))


def _error_hint(case: Case, got: CallOutcome, spec: dict | None) -> Any:
    """A named mistake for a call that raised, from its type and the inputs (never its message)."""
    hint_fn = chapters.error_hint(case.exercise)
    if hint_fn is None:
        return None
    try:
        return hint_fn(got.error_type, _hint_args(spec or case.spec()))
    except Exception:  # noqa: BLE001 - a hint must never break grading
        return None


def _hint(case: Case, expected: CallOutcome, got: CallOutcome, spec: dict | None) -> Any:
    """The chapter's named mistake for a failed comparison, or None.

    The hint reads both results decoded (``grader.decoded``: tensors, lists, ``ModuleView``s,
    under the probe's own keys); only well-formed results reach here, so decoding cannot fail
    on the student's data.
    """
    hint_fn = chapters.hint(case.exercise)
    if hint_fn is None:
        return None
    try:
        return hint_fn(decode_result(expected.result), decode_result(got.result),
                       _hint_args(spec or case.spec()))
    except Exception:  # noqa: BLE001 - a hint must never break grading
        return None
