"""Expected results, computed from solutions/ in the trusted process and kept for the batch."""
from __future__ import annotations

import importlib
from types import ModuleType

from grader.calls import run_call
from grader.case import Case
from grader.inputs import scratch
from grader.outcome import CallOutcome, classify, returned

_CACHE: dict[str, CallOutcome] = {}


def solutions(topic: str) -> ModuleType:
    return importlib.import_module(f"solutions.{topic}")


def expected(case: Case) -> CallOutcome:
    """The reference's outcome for a case: RETURNED with the probe's result, or RAISED."""
    if case.id not in _CACHE:
        with scratch():               # the files a case's inputs need go with the call
            try:
                outcome = returned(run_call(solutions(case.topic), case.spec()))
            except Exception as exc:  # noqa: BLE001 - a case that expects an error
                outcome = classify(exc, ())
        _CACHE[case.id] = outcome
    return _CACHE[case.id]


def expected_wire(case: Case) -> dict:
    """The same outcome as plain data (frozen public checks, caches)."""
    return expected(case).to_wire()
