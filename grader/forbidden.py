"""Calls an exercise may not make: the table, and the worker's second line of defence.

The decision is static and made in the trusted process: ``grader.policy`` reads the whole
submitted file (aliases, helpers, private and op-level spellings, refused dynamic code). Inside
the worker each forbidden function is also replaced by a guard that raises ``ForbiddenCall`` when
student code is on the stack; it decides nothing the policy can decide (the worker is the
student's process), but it catches what no reader can see, such as a name built at run time on an
object the function holds.

A path ending in ``.*`` forbids everything under it (``exercises.*``: calls into other exercise
modules, for exercises that must be self-contained).
"""
from __future__ import annotations

import functools
import sys
from typing import Callable, Iterable

from grader.topics import TOPICS

# exercise id -> dotted paths (torch.Tensor.softmax is the method form)
FORBIDDEN: dict[str, list[str]] = {}

# Autograd, for exercises done "by hand": every name under torch.autograd and torch.func
# (statically), and the entry points a helper function could reach (guarded in the worker too).
# autograd's graph nodes count too: calling y.grad_fn(grad_out) is autograd's backward by hand
AUTOGRAD = ("torch.Tensor.backward", "torch.Tensor.grad_fn", "torch.autograd.*", "torch.func.*",
            "torch.autograd.grad",
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


def _foreign(frame) -> bool:
    """Code that runs in a namespace which is no loaded module's: it was compiled by hand (exec,
    a forged filename), so its filename says nothing about who wrote it."""
    namespace = frame.f_globals
    name = namespace.get("__name__")
    module = sys.modules.get(name) if isinstance(name, str) else None
    return module is None or getattr(module, "__dict__", None) is not namespace


def _from_student(roots: tuple[str, ...], boundary) -> bool:
    """Whether student code made this call: a frame of a file under ``roots`` or of the student's
    module namespace anywhere on the stack, or hand-compiled code running below the grader's
    call boundary (``grader.calls.run_call``: what the grader calls starts there)."""
    frame = sys._getframe(2)
    foreign = False
    while frame is not None:
        code = frame.f_code
        if code is boundary:
            return foreign
        if code.co_filename.startswith(roots):
            return True
        module = sys.modules.get(frame.f_globals.get("__name__") or "")
        if getattr(module, "__file__", None) and str(module.__file__).startswith(roots):
            return True
        foreign = foreign or _foreign(frame)
        frame = frame.f_back
    return False


def _guard(original: Callable, path: str, exercise_id: str, roots: tuple[str, ...]) -> Callable:
    from grader.calls import run_call
    boundary = run_call.__code__

    def guard(*args, **kwargs):
        if _from_student(roots, boundary):
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
        if not callable(original):      # an attribute (grad_fn): the static policy alone covers it
            continue
        # Tensor's methods also live on torch._C.TensorBase, an immutable type no guard can patch:
        # the static policy refuses the roads to it (string lookups, pydoc, computed names).
        try:
            setattr(owner, name, _guard(original, path, exercise_id, roots))
        except (AttributeError, TypeError):
            continue
        undo.append((owner, name, original))

    def restore() -> None:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)
    return restore
