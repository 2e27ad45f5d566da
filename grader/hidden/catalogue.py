"""The accuracy catalogue (instructor-only): wrong implementations students really write, and
correct ones written differently from the reference.

``grader/hidden/<topic>/catalogue.py`` holds ``MISTAKES: list[Mistake]`` and
``ALTERNATIVES: list[Alternative]``. Each entry's ``code`` defines the exercise's function (or
class) again; the audit appends it to a copy of the reference module, so the entry replaces
just that one definition. A mistake must lose points, and its feedback must contain every
string in ``words``; an alternative must score full marks.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from grader.topics import TOPICS


@dataclass(frozen=True)
class Mistake:
    """A wrong implementation and the words its feedback must contain."""

    exercise: str
    name: str
    code: str
    words: tuple[str, ...]

    def __init__(self, exercise: str, name: str, code: str, words: str | tuple[str, ...]) -> None:
        object.__setattr__(self, "exercise", exercise)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "words", (words,) if isinstance(words, str) else tuple(words))


@dataclass(frozen=True)
class Alternative:
    """A correct implementation written another way: it must score full marks."""

    exercise: str
    name: str
    code: str


def load(topic: str) -> tuple[list[Mistake], list[Alternative]]:
    try:
        module = importlib.import_module(f"grader.hidden.{topic}.catalogue")
    except ModuleNotFoundError as exc:
        if exc.name != f"grader.hidden.{topic}.catalogue":
            raise
        return [], []
    return list(getattr(module, "MISTAKES", [])), list(getattr(module, "ALTERNATIVES", []))


def everything() -> tuple[list[Mistake], list[Alternative]]:
    mistakes, alternatives = [], []
    for topic in TOPICS:
        m, a = load(topic)
        mistakes += m
        alternatives += a
    return mistakes, alternatives
