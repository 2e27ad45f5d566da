"""Calls an exercise may not make, enforced two ways.

Statically: the trusted side reads the student's function (never runs it) and names any use of
a forbidden attribute or imported name. Dynamically: inside the worker, each forbidden torch
function is replaced by a guard that raises ``ForbiddenCall`` when student code is on the stack.
Together they catch ``torch.softmax(x)``, ``x.softmax()``, ``from torch.nn.functional import
softmax`` and a call hidden in a helper.
"""
from __future__ import annotations

import ast
import functools
import sys
from typing import Callable, Iterable

from grader.topics import TOPICS

# exercise id -> dotted paths (torch.Tensor.softmax is the method form)
FORBIDDEN: dict[str, list[str]] = {}

# Autograd, for exercises done "by hand": every name under torch.autograd and torch.func
# (statically), and the entry points a helper function could reach (guarded in the worker too).
AUTOGRAD = ("torch.Tensor.backward", "torch.autograd.*", "torch.func.*", "torch.autograd.grad",
            "torch.autograd.backward", "torch.autograd.functional.jacobian", "torch.autograd.functional.vjp",
            "torch.func.grad", "torch.func.vjp", "torch.func.jacrev", "torch.func.jacfwd")


def other_exercise_modules(topic: str) -> tuple[str, ...]:
    """Paths forbidding every name of the other chapters' exercise modules (self-contained exercises)."""
    return tuple(f"exercises.{other}.*" for other in TOPICS if other != topic)


def forbid(exercise_id: str, *paths: str) -> None:
    """Declare calls ``exercise_id`` may not make (case modules call this).

    A path ending in ``.*`` (``"torch.autograd.*"``) forbids every name under it; it is enforced
    statically only, since there is no single function to guard.
    """
    FORBIDDEN.setdefault(exercise_id, []).extend(paths)


def display(path: str) -> str:
    return path.replace("torch.nn.functional.", "F.").replace("torch.nn.", "nn.")


class ForbiddenCall(Exception):
    """Raised in the worker when student code calls what its exercise may not."""


def _resolve(path: str) -> tuple[object, str] | None:
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        owner = sys.modules.get(".".join(parts[:cut]))  # never import a library just to guard it
        if owner is None:
            continue
        for attr in parts[cut:-1]:
            owner = getattr(owner, attr, None)
            if owner is None:
                return None
        return (owner, parts[-1]) if hasattr(owner, parts[-1]) else None
    return None


def _from_student(roots: tuple[str, ...]) -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(roots):
            return True
        frame = frame.f_back
    return False


def _guard(original: Callable, path: str, exercise_id: str, roots: tuple[str, ...]) -> Callable:
    def guard(*args, **kwargs):
        if _from_student(roots):
            raise ForbiddenCall(f"calls {display(path)}, which {exercise_id} may not use")
        return original(*args, **kwargs)
    try:
        functools.update_wrapper(guard, original)
    except (AttributeError, TypeError):
        pass
    return guard


def install_guards(exercise_id: str, student_roots: Iterable[str]) -> Callable[[], None]:
    """Replace the forbidden calls of ``exercise_id``; returns a function that undoes it."""
    roots = tuple(str(r) for r in student_roots)
    undo = []
    for path in FORBIDDEN.get(exercise_id, []):
        found = _resolve(path)
        if found is None:
            continue
        owner, name = found
        original = getattr(owner, name)
        if isinstance(original, type):  # a module class such as nn.Softmax: guard its forward
            owner, name, original = original, "forward", original.forward
        try:
            setattr(owner, name, _guard(original, path, exercise_id, roots))
        except (AttributeError, TypeError):
            continue
        undo.append((owner, name, original))

    def restore() -> None:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)
    return restore


def _dotted(node: ast.AST, imported: dict[str, str]) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([imported.get(node.id, node.id)] + parts[::-1])


def static_violations(source: str, function: str, exercise_id: str) -> list[str]:
    """Forbidden calls that ``function`` in ``source`` names (the source is read, never run)."""
    paths = set(FORBIDDEN.get(exercise_id, []))
    if not paths:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0])
    target = next((n for n in reversed(tree.body) if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                   and n.name == function), None)  # the last definition is the one Python keeps
    if target is None:
        return []
    prefixes = tuple(p[:-1] for p in paths if p.endswith(".*"))

    def banned(full: str | None) -> bool:
        return full is not None and (full in paths or (bool(prefixes) and full.startswith(prefixes)))

    found = set()
    for node in ast.walk(target):
        if isinstance(node, ast.Attribute):
            full = _dotted(node, imported)
            if banned(full):
                found.add(full)
            elif f"torch.Tensor.{node.attr}" in paths and not (full or "").startswith("torch."):
                found.add(f"torch.Tensor.{node.attr}")
        elif isinstance(node, ast.Name) and banned(imported.get(node.id)):
            found.add(imported[node.id])
    # torch.autograd.functional.jacobian also walks past torch.autograd.functional: name the longest
    found = {p for p in found if not any(q.startswith(p + ".") for q in found)}
    return sorted(display(p) for p in found)
