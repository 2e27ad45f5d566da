"""The registry of input builders: ``Build("name", **params)`` in a case names one of these.

A builder turns plain parameters into an object that cannot travel as data (a model, a loader, a
file). It runs on both sides, so the reference and the student get equal, fresh copies.
Shared builders live in grader/inputs.py; a chapter's own in grader/chapters/<topic>/probes.py.
"""
from __future__ import annotations

from typing import Any, Callable

BUILDERS: dict[str, Callable[..., Any]] = {}


def builder(name: str) -> Callable:
    """Register a function that builds an input object from plain parameters (names are unique)."""
    def register(fn: Callable) -> Callable:
        if name in BUILDERS and BUILDERS[name] is not fn:
            raise ValueError(f"two input builders are named {name!r}: rename one")
        BUILDERS[name] = fn
        return fn
    return register
