"""The registry of probes: how a call is made and what of it is sent back for comparison.

A probe is ``probe(fn, args, kwargs, **options) -> dict[str, plain data]``. It runs the same way
on the reference (trusted side) and on the student's code (worker), so both dicts compare key by
key. Keys are what a student reads in a message ("returned value", "model after the call").
"""
from __future__ import annotations

from typing import Any, Callable

PROBES: dict[str, Callable[..., dict[str, Any]]] = {}


def probe(name: str) -> Callable:
    """Register a probe under ``name``."""
    def register(fn: Callable) -> Callable:
        if name in PROBES and PROBES[name] is not fn:
            raise ValueError(f"two probes are named {name!r}: rename one")
        PROBES[name] = fn
        return fn
    return register
