"""Freeze the public cases' inputs and expected outcomes into grader/chapters/<topic>/public.json.

Students' ``check`` reads these files (``grader.chapters.load_public``), so the student release
needs no solution and no case generator. ``make freeze`` writes them (instructor-only: this
module reads the hidden cases and the references); a test fails when they are stale.
"""
from __future__ import annotations

from pathlib import Path

from grader import chapters, wire


def frozen(topic: str) -> str:
    """The JSON text of the public cases of ``topic``, as solutions/ computes them now."""
    from grader import hidden, reference  # instructor-only: not in the student release
    entries = []
    for case in hidden.load(topic):
        if case.hidden:
            continue
        tolerance = None if case.tolerance is None else [case.tolerance.rtol, case.tolerance.atol]
        entries.append({"exercise": case.exercise, "name": case.name, "points": case.points,
                        "spec": case.spec(), "expected": reference.expected_wire(case),
                        "tolerance": tolerance})
    return wire.json_dumps({"topic": topic, "cases": entries}) + "\n"


def freeze_all(topics: list[str]) -> list[Path]:
    written = []
    for topic in topics:
        path = chapters.public_path(topic)
        path.write_text(frozen(topic), encoding="utf-8")
        written.append(path)
    return written
