"""The public half of every chapter: ``grader/chapters/<topic>/``.

Each chapter folder holds what may ship to students and reveals no hidden case:

- ``__init__.py``: ``EXERCISES``, the chapter's exercise table (function names, in order);
- ``probes.py``: how its exercises are called and observed (registered with ``grader.probes``);
- ``rules.py``: ``forbid(...)`` lines (calls an exercise may not make) and ``HINTS``, a dict of
  exercise id -> ``hint(expected, got, args) -> Named | None`` naming a known mistake by a stable
  id (``findings.named``); hints read decoded results and share ``hinting.py``'s helpers;
- ``public.json``: the public cases' inputs and expected outcomes, frozen from ``solutions/``.

The hidden half (cases and catalogue) lives in ``grader/hidden/<topic>/`` (see grader.layout).
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Callable

from grader.topics import TOPICS

FOLDER = Path(__file__).resolve().parent
_HINTS: dict[str, dict[str, Callable]] = {}


def _check(topic: str) -> None:
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; topics are: {', '.join(TOPICS)}")


def exercises(topic: str) -> list[str]:
    """The exercise ids of ``topic`` in course order, from its public table."""
    _check(topic)
    table = importlib.import_module(f"{__name__}.{topic}").EXERCISES
    return [f"{topic}.{name}" for name in table]


def all_exercises() -> list[str]:
    """Every exercise id of the course, in course order."""
    return [e for topic in TOPICS for e in exercises(topic)]


def load(topic: str) -> dict[str, Callable]:
    """Import the rules of ``topic`` once (registering its forbidden calls); its public hints."""
    _check(topic)
    if topic not in _HINTS:
        module = importlib.import_module(f"{__name__}.{topic}.rules")
        _HINTS[topic] = dict(getattr(module, "HINTS", {}))
    return _HINTS[topic]


def hint(exercise_id: str) -> Callable | None:
    """The mistake-naming function of an exercise (trusted side only).

    Where the hidden half has a hint for it (``grader/hidden/<topic>/hints.py``: hints that
    replay an exercise's answer) and is present, that one is used: instructors grade with it,
    students' ``check()`` (whose release has no hidden half) does without. Workers never call
    this: they load rules only.
    """
    topic = exercise_id.split(".")[0]
    public = load(topic)
    try:
        secret = importlib.import_module(f"grader.hidden.{topic}.hints")
    except ModuleNotFoundError as exc:
        if exc.name not in ("grader.hidden", f"grader.hidden.{topic}", f"grader.hidden.{topic}.hints"):
            raise
        secret = None
    return getattr(secret, "HINTS", {}).get(exercise_id) or public.get(exercise_id)


def error_hint(exercise_id: str) -> Callable | None:
    """The hint naming a mistake from a raised error's type and the inputs, if the chapter has one.

    A chapter's rules.py may define ``ERROR_HINTS``: exercise id -> ``hint(error_type, args)``.
    It never sees the error's message (hidden cases do not show it either).
    """
    topic = exercise_id.split(".")[0]
    load(topic)
    module = importlib.import_module(f"{__name__}.{topic}.rules")
    return getattr(module, "ERROR_HINTS", {}).get(exercise_id)


def public_path(topic: str) -> Path:
    """Where the frozen public cases of ``topic`` live."""
    _check(topic)
    return FOLDER / topic / "public.json"


def load_public(topic: str) -> list[dict]:
    """The frozen public cases of a topic (tensors rebuilt); empty when none are frozen yet."""
    from grader import wire
    path = public_path(topic)
    if not path.exists():
        return []
    return wire.from_json(json.loads(path.read_text(encoding="utf-8")))["cases"]


def load_probes() -> None:
    """Register every chapter's probes (grader.probes calls this once)."""
    for topic in TOPICS:
        importlib.import_module(f"{__name__}.{topic}.probes")
