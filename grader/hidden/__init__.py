"""The hidden half of every chapter (instructor-only: never in the student release).

``grader/hidden/<topic>/cases.py`` defines ``CASES: list[Case]`` (public and hidden cases) and
``grader/hidden/<topic>/catalogue.py`` the mistake catalogue (see grader.hidden.catalogue).
Exercises are graded in the order of the chapter's public table, ``grader.chapters``.
"""
from __future__ import annotations

import importlib

from grader.case import Case
from grader.chapters import exercises as _table
from grader.topics import TOPICS


def available_topics() -> list[str]:
    """Topics that have cases, in course order."""
    found = []
    for topic in TOPICS:
        try:
            importlib.import_module(f"{__name__}.{topic}.cases")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{__name__}.{topic}", f"{__name__}.{topic}.cases"):
                raise
            continue
        found.append(topic)
    return found


def load(topic: str) -> list[Case]:
    """The cases of one topic, in the order of its exercise table (ValueError: unknown topic)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; topics are: {', '.join(TOPICS)}")
    cases = list(importlib.import_module(f"{__name__}.{topic}.cases").CASES)
    order = {exercise: i for i, exercise in enumerate(_table(topic))}
    unknown = sorted({c.exercise for c in cases} - set(order))
    if unknown:
        raise ValueError(f"grader/hidden/{topic}/cases.py has cases for {', '.join(unknown)}, which "
                         f"grader/chapters/{topic}/__init__.py does not list")
    return sorted(cases, key=lambda c: order[c.exercise])   # stable: a case keeps its place


def exercises(topic: str) -> list[str]:
    """Exercise ids of a topic that have cases, in table order."""
    have = {case.exercise for case in load(topic)}
    return [e for e in _table(topic) if e in have]
