"""What every chapter's hints share: reading decoded results, and telling numbers apart.

A hint is ``hint(expected, got, args) -> Named | None``: ``expected`` and ``got`` are probe
results decoded by ``grader.decoded.decode_result`` (same keys; tensors are tensors, modules are
``ModuleView``s), ``args`` the call's inputs rebuilt in the trusted process. It returns
``named("mistake-id", "words for the student")`` (``grader.findings.named``): the id is stable and
is what the class report groups by; the words may change freely.

This module ships to students with the rest of ``grader/chapters``: it holds no line of a
reference solution, only ways of looking at results.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import torch

from grader.compare import compare_value
from grader.decoded import Result
from grader.findings import Named, named

__all__ = [
    "RETURNED",
    "Named",
    "all_close",
    "close",
    "close_numbers",
    "differs",
    "first_match",
    "items",
    "mapping",
    "named",
    "non_finite",
    "returned",
    "returned_tensor",
    "scalar",
    "tensor",
    "tensor_devices",
]

RETURNED = "returned value"        # the key every probe sends the returned value under


def tensor(value: Any) -> torch.Tensor | None:
    """``value`` if it is a tensor, else None (so hints can test ``is None`` once)."""
    return value if isinstance(value, torch.Tensor) else None


def items(value: Any) -> list | None:
    """The items of a returned list or tuple, as a list; None for anything else."""
    return list(value) if type(value) in (list, tuple) else None


def mapping(value: Any) -> dict:
    """``value`` if it is a dict, else an empty one (for lookups that may find nothing)."""
    return value if isinstance(value, dict) else {}


def scalar(value: Any) -> float | None:
    """A number, or a one-element list or tuple of one (``mean=[0.5]``), as a float; else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return scalar(value[0])
    return None


def returned(result: dict) -> Any:
    """The decoded returned value of a result (None when the probe sent none)."""
    return result.get(RETURNED)


def returned_tensor(result: dict) -> torch.Tensor | None:
    """The returned value when it is a tensor, else None."""
    return tensor(result.get(RETURNED))


def close(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Two tensors of one shape whose values agree within ``rtol``/``atol`` (in float64).

    False when either is not a tensor, so a hint can pass whatever arrived.
    """
    if not isinstance(a, torch.Tensor) or not isinstance(b, torch.Tensor) or a.shape != b.shape:
        return False
    try:
        return bool(torch.allclose(a.double(), b.double(), rtol=rtol, atol=atol))
    except (RuntimeError, TypeError):       # a complex or otherwise unconvertible tensor
        return False


def all_close(pairs: Iterable[tuple[Any, Any]], rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Every pair ``close``, and at least one pair (an empty list proves nothing)."""
    pairs = list(pairs)
    return bool(pairs) and all(close(a, b, rtol, atol) for a, b in pairs)


def close_numbers(a: Any, b: Any, rel: float = 1e-5, abs_: float = 1e-6) -> bool:
    """Two Python numbers (not bools) that agree within ``rel``/``abs_``."""
    def number(x: Any) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    return number(a) and number(b) and math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def non_finite(value: Any) -> bool:
    """A floating tensor holding a NaN or an infinity."""
    return isinstance(value, torch.Tensor) and value.dtype.is_floating_point \
        and not bool(torch.isfinite(value).all())


def first_match(expected: Any, got: Any, candidates: list[tuple[Callable[[], torch.Tensor], Named]],
                rtol: float = 1e-4, atol: float = 1e-5) -> Named | None:
    """The mistake whose wrong answer equals what the student returned.

    ``candidates`` pairs a computation of a known wrong answer with the mistake it names; the
    first whose value is ``close`` to ``got`` wins. Nothing is named when ``got`` is not a
    tensor or equals the right answer (then something else failed, not the value).
    """
    if not isinstance(got, torch.Tensor) or close(expected, got, rtol, atol):
        return None
    for compute, mistake in candidates:
        try:
            value = compute().detach()
        except (RuntimeError, IndexError, ValueError):
            continue
        if close(value, got, rtol, atol):
            return mistake
    return None


def tensor_devices(result: Result, key: str) -> list[str]:
    """The device type ("cpu", "cuda") of every tensor under ``key``, in order.

    Decoded tensors all live on the CPU; where a tensor was sent from is kept in the wire form,
    read here (with ``differs``, the only hint helpers that read ``Result.wire``).
    """
    out: list[str] = []

    def walk(value: Any) -> None:
        if type(value) is list:                            # a probe's own list
            for item in value:
                walk(item)
        elif type(value) is dict and value.get("kind") == "tensor":
            out.append(str(value.get("device", "cpu")).split(":")[0])
        elif type(value) is dict and value.get("kind") in ("list", "tuple"):
            for item in value["items"]:
                walk(item)
        elif type(value) is dict and value.get("kind") == "dict":
            for _, item in value["items"]:
                walk(item)
    walk(result.wire.get(key))
    return out


def differs(expected: Result, got: Result, key: str) -> bool:
    """Whether the grader's own comparison finds ``key`` different in the two results.

    The one path by which a hint reaches the wire form (``Result.wire``): a part of a result
    that the feedback does not compare on its own (a model the call must leave alone) is
    compared exactly as a returned value would be.
    """
    return compare_value(expected.wire.get(key), got.wire.get(key)) is not None
