"""The accuracy catalogue (instructor-only): wrong implementations students really write, and
correct ones written differently from the reference.

``grader/hidden/<topic>/catalogue.py`` holds ``MISTAKES: list[Mistake]`` and
``ALTERNATIVES: list[Alternative]``. Each entry's ``code`` defines the exercise's function (or
class) again; the audit appends it to a copy of the reference module, so the entry replaces
just that one definition. A mistake must lose points, and its feedback must contain every
group in ``words`` (a group ``"a|b"`` is met by either); an alternative must score full marks.

``grader/hidden/<topic>/heldout.py`` holds ``HELDOUT: list[Mistake]``: mistakes written from the
stub and the syllabus alone by someone who had not read the hints, with the words chosen before
the entry was graded. No hint is written against them: they measure how hints generalise, and
the audit reports them apart.
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


def names(words: tuple[str, ...], feedback: str) -> bool:
    """Whether ``feedback`` contains every group of ``words`` (any alternative of ``"a|b"``)."""
    text = feedback.lower()
    return all(any(word.lower() in text for word in group.split("|")) for group in words)


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


def heldout(topic: str) -> list[Mistake]:
    """The held-out mistakes of ``topic`` (none when the chapter has no held-out file)."""
    try:
        module = importlib.import_module(f"grader.hidden.{topic}.heldout")
    except ModuleNotFoundError as exc:
        if exc.name != f"grader.hidden.{topic}.heldout":
            raise
        return []
    return list(module.HELDOUT)


def everything() -> tuple[list[Mistake], list[Alternative]]:
    mistakes, alternatives = [], []
    for topic in TOPICS:
        m, a = load(topic)
        mistakes += m
        alternatives += a
    return mistakes, alternatives
