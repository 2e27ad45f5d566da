"""The hidden and public cases of every chapter (instructor-only: never in the student release).

``grader/cases/<topic>.py`` defines ``CASES: list[Case]``; its exercises are graded in the
order their first case appears.
"""
from __future__ import annotations

import importlib

from grader.case import Case

from grader.topics import TOPICS


def available_topics() -> list[str]:
    """Topics that have cases, in course order."""
    found = []
    for topic in TOPICS:
        try:
            importlib.import_module(f"{__name__}.{topic}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{topic}":
                raise
            continue
        found.append(topic)
    return found


def load(topic: str) -> list[Case]:
    """The cases of one topic (ValueError for an unknown topic)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; topics are: {', '.join(TOPICS)}")
    module = importlib.import_module(f"{__name__}.{topic}")
    return list(module.CASES)


def exercises(topic: str) -> list[str]:
    """Exercise ids of a topic, in order."""
    seen: list[str] = []
    for case in load(topic):
        if case.exercise not in seen:
            seen.append(case.exercise)
    return seen
