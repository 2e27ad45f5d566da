"""Present a hardware state to one call: CUDA available (one GPU) or not, whatever the machine has.

Code that branches on the machine (``torch.cuda.is_available()``) would otherwise be graded on
one branch only: the one the grading machine happens to take. A case asks for a state through
its probe options; the probe wraps the call in :func:`presented` on both sides (reference and
student), so both answer for the same pretended machine and the trusted side compares them.

Nothing here hides the pretence from the student's code (it is their own process); it only
makes sure both branches are exercised. No GPU work runs: the exercises that use this only
choose a device, and ``torch.device("cuda")`` is a name, not an allocation.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

import torch

_PATCHED = ("is_available", "device_count")


def _pretend(cuda: bool) -> dict[str, Callable]:
    return {"is_available": lambda: cuda, "device_count": lambda: 1 if cuda else 0}


@contextlib.contextmanager
def presented(cuda: bool | None, fn: Callable | None = None) -> Iterator[None]:
    """Within the block, ``torch.cuda.is_available()`` returns ``cuda`` (None: the real machine).

    Args:
        cuda: the state to present; ``None`` leaves the machine as it is.
        fn: the function about to be called; names in its module that are bound to the real
            ``is_available`` / ``device_count`` (``from torch.cuda import is_available``) are
            swapped too, so an import style does not decide which branch is graded.

    Raises:
        TypeError: ``cuda`` is not a bool or None (a case-authoring error, not the student's).
    """
    if cuda is None:
        yield
        return
    if not isinstance(cuda, bool):
        raise TypeError(f"the hardware option 'cuda' must be true or false, not {cuda!r}")
    originals = {name: getattr(torch.cuda, name) for name in _PATCHED}
    fakes = _pretend(cuda)
    scope = getattr(fn, "__globals__", None)
    swapped: dict[str, Callable] = {}
    if isinstance(scope, dict):
        for key, value in list(scope.items()):
            for name, original in originals.items():
                if value is original:
                    swapped[key] = value
                    scope[key] = fakes[name]
    try:
        for name in _PATCHED:
            setattr(torch.cuda, name, fakes[name])
        yield
    finally:
        for name, original in originals.items():
            setattr(torch.cuda, name, original)
        if isinstance(scope, dict):
            scope.update(swapped)
