"""A class of 30 submissions with known mistakes planted in known numbers, for the class report.

Every submission is the reference module of each chapter with some definitions replaced (the
way grader/examples.py builds its ``partial`` example): by a catalogued mistake, by the untouched
stub, or by one of a few wrong answers written here (an error, an endless loop, and a wrong
answer no hint recognises). Only four exercises are graded, two per chapter, to keep it fast.

``PLANTED[exercise][variant]`` lists the students given that variant; everyone else has the
reference. A variant is a catalogue mistake's name, or one of STUB, RAISES, LOOPS, UNHINTED.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from grader.examples import definition
from grader.grade import Plan
from grader.hidden import catalogue

from helpers import reference_source, stub_source

N = 30
TOPICS = ["tensors", "activations"]
EXERCISES = ["tensors.grid", "tensors.standardize", "activations.relu", "activations.softmax"]
STUB, RAISES, LOOPS, UNHINTED = "(stub)", "(raises)", "(endless loop)", "(unhinted)"
# A student-controlled name that would be markup in HTML and a formula in a spreadsheet.
HOSTILE = '=1+2<img src=x onerror=alert(1)>&"q"'

PLANTED: dict[str, dict[str, list[int]]] = {
    "tensors.grid": {"counts from 0": [0, 1, 2, 3], "int64 values": [4, 5], STUB: [27, 28, 29]},
    "tensors.standardize": {"unbiased std": [0, 6, 7, 8, 9], "divides by a zero std": [10, 11, 12],
                            STUB: [28, 29]},
    "activations.relu": {"calls torch.relu": [1, 13, 14], RAISES: [0], UNHINTED: [15, 16], STUB: [29]},
    "activations.softmax": {"always over dim 0": [2, 17, 18, 19, 20, 21],
                            "normalizes the whole tensor": [22, 23], LOOPS: [0], STUB: [26, 27, 28, 29]},
}

OWN = {   # wrong answers of our own, by exercise and variant
    ("activations.relu", RAISES): "def relu(x):\n    raise ValueError('my relu is broken')\n",
    ("activations.relu", UNHINTED): "def relu(x):\n    return x.abs()\n",
    ("activations.softmax", LOOPS): "def softmax(x, dim=-1):\n    while True:\n        pass\n",
}


def name(i: int) -> str:
    """Student i's submission name (one of them hostile)."""
    return HOSTILE if i == 7 else f"student{i:02d}"


def variant(exercise: str, i: int) -> str | None:
    """What student i was given for ``exercise`` (None: the reference)."""
    return next((v for v, who in PLANTED[exercise].items() if i in who), None)


def mistake(exercise: str, title: str) -> catalogue.Mistake:
    topic = exercise.split(".")[0]
    return next(m for m in catalogue.load(topic)[0] if m.exercise == exercise and m.name == title)


def source(topic: str, i: int) -> str:
    """Student i's ``exercises/<topic>.py``."""
    parts = [reference_source(topic)]
    for exercise in (e for e in EXERCISES if e.startswith(topic + ".")):
        chosen = variant(exercise, i)
        if chosen is None:
            continue
        if chosen == STUB:
            parts.append(definition(stub_source(topic), exercise.split(".")[1]))
        elif (exercise, chosen) in OWN:
            parts.append(OWN[exercise, chosen])
        else:
            parts.append(mistake(exercise, chosen).code.strip())
    return "\n\n\n".join(parts) + "\n"


def write(folder: Path) -> list[Path]:
    """The 30 submission folders, each holding ``exercises/<topic>.py``."""
    paths = []
    for i in range(N):
        sub = folder / name(i) / "exercises"
        sub.mkdir(parents=True)
        for topic in TOPICS:
            (sub / f"{topic}.py").write_text(source(topic, i), encoding="utf-8")
        paths.append(sub.parent)
    return paths


def plan() -> Plan:
    """The grading plan of the two chapters, cut down to the four exercises."""
    full = Plan.build(TOPICS)
    cases = {e: full.cases[e] for e in EXERCISES}
    ids = {c.id for cs in cases.values() for c in cs}
    return dataclasses.replace(full, cases=cases, specs={k: v for k, v in full.specs.items() if k in ids},
                               expected={k: v for k, v in full.expected.items() if k in ids})


# Variants that earn some of the points, by design of the cases: the public standardize case has no
# constant column; a softmax taken over dim 0, or over the whole tensor, is right on 1-d inputs.
PARTIAL = {("tensors.standardize", "divides by a zero std"), ("activations.softmax", "always over dim 0"),
           ("activations.softmax", "normalizes the whole tensor")}
# Variants that pass every public case and fail a hidden one (the same constant-column reason).
PUBLIC_PASS = {("tensors.standardize", "divides by a zero std")}
ENDS_BADLY = {RAISES, LOOPS}


def students_with(exercise: str, variants: set[str] | None = None) -> set[int]:
    """Students given any of ``variants`` for ``exercise`` (None: any variant at all)."""
    return {i for v, who in PLANTED[exercise].items() if variants is None or v in variants for i in who}


def top_mistake(exercise: str) -> str:
    """The catalogue mistake planted in the most students of ``exercise``."""
    catalogued = {v: who for v, who in PLANTED[exercise].items() if v not in (STUB, RAISES, LOOPS, UNHINTED)}
    return max(catalogued, key=lambda v: len(catalogued[v]))
