"""The four students of the nbgrader pipeline test, and what each must score.

- ``reference``: the reference solutions (full marks);
- ``stubs``: the untouched stubs (zero);
- ``partial``: the references, but one exercise wrong and one left as the stub, chosen among
  those no other exercise calls (exactly the other exercises' points);
- ``tamperer``: every exercise wrong, and a notebook cell that replaces ``check``, ``torch.allclose``,
  ``torch.equal`` and ``AssertionError`` and writes full marks into the gradebook (zero).

A wrong exercise raises ``DeliberatelyWrong``, which no case expects, so it scores zero in every
case: the expectations follow from the cases' points alone, not from the grader under test.
"""
from __future__ import annotations

import ast

import nbformat
from nbformat.v4 import new_code_cell

from grader.hidden import exercises
from grader.examples import definition
from helpers import reference_source, stub_source

STUDENTS = ("reference", "stubs", "partial", "tamperer")
WRONG_CLASS = '''

class DeliberatelyWrong(Exception):
    """Raised by an exercise this student got wrong."""
'''
TAMPER_MARK = "tampered with the grader and the gradebook"
TAMPER = f'''# As a student who tampers would: every check "passes", comparisons always agree,
# assertions cannot fail, and the gradebook gets full marks.
import builtins, pathlib, sqlite3, sys
import torch
import grader

def _passes(target, *args, **kwargs):
    print(f"{{target}}: passed all public cases.")

_check_module = sys.modules["grader.check"]
grader.check = _check_module.check = _check_module.run_public = check = _passes
torch.allclose = torch.equal = lambda *args, **kwargs: True
builtins.AssertionError = type("AssertionError", (Exception,), {{}})
for _folder in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:
    if (_folder / "gradebook.db").exists():
        with sqlite3.connect(_folder / "gradebook.db", timeout=60) as _db:
            _db.execute("UPDATE grade SET manual_score = 100, extra_credit = 100")
        print("{TAMPER_MARK}")
        break
'''


def _wrong(source: str) -> str:
    return source.replace("raise NotImplementedError(", "raise DeliberatelyWrong(")


def _used_by_others(source: str, names: list[str]) -> set[str]:
    """The exercises whose reference another exercise's reference calls (``fit`` calls
    ``train_one_epoch``): getting those wrong would cost more than their own points."""
    tree = ast.parse(source)
    used: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            used |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} - {node.name}
    return used & set(names)


def changed_exercises(topic: str) -> tuple[str, str | None]:
    """The partial student's wrong exercise, and the one it leaves as the stub: two that no
    other exercise uses, so that every other exercise keeps its full points."""
    ids = exercises(topic)
    used = _used_by_others(reference_source(topic), [e.split(".", 1)[1] for e in ids])
    free = [e for e in ids if e.split(".", 1)[1] not in used]
    assert free, f"every exercise of {topic} is used by another: no exact partial score"
    return free[-1], (free[-2] if len(free) >= 2 else None)


def exercise_source(student: str, topic: str) -> str:
    """What ``student`` submits as ``exercises/<topic>.py``."""
    reference, stub = reference_source(topic), stub_source(topic)
    if student == "reference":
        return reference
    if student == "stubs":
        return stub
    if student == "tamperer":
        return _wrong(stub) + WRONG_CLASS
    wrong, left = changed_exercises(topic)
    parts = [reference, f"# {wrong}: wrong\n" + _wrong(definition(stub, wrong.split(".", 1)[1]))]
    if left:
        parts.append(f"# {left}: not started\n" + definition(stub, left.split(".", 1)[1]))
    return "\n\n\n".join(parts) + WRONG_CLASS


def expected_scores(student: str, topic: str, points: dict[str, float]) -> dict[str, float]:
    """The score of every exercise of ``topic`` for ``student``."""
    if student == "reference":
        return dict(points)
    if student in ("stubs", "tamperer"):
        return {e: 0.0 for e in points}
    zero = set(changed_exercises(topic))
    return {e: 0.0 if e in zero else p for e, p in points.items()}


def notebook(student: str, released: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook ``student`` submits: the released one; the tamperer's has its cell added."""
    if student != "tamperer":
        return released
    first_code = next(i for i, c in enumerate(released.cells) if c.cell_type == "code")
    released.cells.insert(first_code + 1, new_code_cell(TAMPER))
    return released
