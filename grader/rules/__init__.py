"""The public rules of each chapter's exercises: calls they may not make, and mistake hints.

``grader/rules/<topic>.py`` declares ``forbid(...)`` lines and a ``HINTS`` dict mapping an
exercise id to ``hint(expected, got, call) -> str | None``, which names a known mistake when the
results differ. Rules ship with the student release: they reveal no hidden case.
"""
from __future__ import annotations

import importlib
from typing import Callable

_LOADED: dict[str, dict[str, Callable]] = {}


def load(topic: str) -> dict[str, Callable]:
    """Import the rules of ``topic`` once (registering its forbidden calls); returns its hints."""
    if topic not in _LOADED:
        try:
            module = importlib.import_module(f"{__name__}.{topic}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{topic}":
                raise
            _LOADED[topic] = {}
        else:
            _LOADED[topic] = getattr(module, "HINTS", {})
    return _LOADED[topic]


def hint(exercise_id: str) -> Callable | None:
    """The mistake-naming function of an exercise, if its chapter has one."""
    return load(exercise_id.split(".")[0]).get(exercise_id)
