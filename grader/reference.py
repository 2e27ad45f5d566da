"""Expected results, computed from solutions/ in the trusted process and kept for the batch."""
from __future__ import annotations

import importlib
from types import ModuleType

from grader.calls import run_call
from grader.case import Case

_CACHE: dict[str, dict] = {}


def solutions(topic: str) -> ModuleType:
    return importlib.import_module(f"solutions.{topic}")


def expected(case: Case) -> dict:
    """The reference's outcome for a case: ``{"status": "ok", "result": ...}`` or ``"raised"``."""
    if case.id not in _CACHE:
        try:
            outcome = {"status": "ok", "result": run_call(solutions(case.topic), case.spec())}
        except Exception as exc:  # noqa: BLE001 - a case that expects an error
            outcome = {"status": "raised", "type": type(exc).__name__,
                       "mro": [c.__name__ for c in type(exc).__mro__], "message": str(exc)}
        _CACHE[case.id] = outcome
    return _CACHE[case.id]
