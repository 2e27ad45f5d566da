"""Probes every chapter uses: a returned value, state changed in place, a constructed module."""
from __future__ import annotations

from typing import Any, Callable

import torch

from grader import wire
from grader.probes.registry import probe

RETURNED = "returned value"
UNCHANGED = "inputs left unchanged"


def _snapshot(value: Any) -> Any:
    if type(value) in (torch.Tensor, torch.nn.Parameter):
        return torch.Tensor.detach(value).clone()
    if isinstance(value, torch.nn.Module):
        return {k: v.detach().clone() for k, v in value.state_dict().items()}
    if isinstance(value, (list, tuple)):
        return [_snapshot(v) for v in value]
    return None


def _equal(a: torch.Tensor, b: torch.Tensor) -> bool:
    return (a.shape == b.shape and a.dtype == b.dtype and torch.equal(a.isnan(), b.isnan())
            and torch.equal(a.nan_to_num(), b.nan_to_num()))


def _same(before: Any, after_value: Any) -> bool:
    """Whether an input still holds what it held before the call."""
    after = _snapshot(after_value)
    if isinstance(before, torch.Tensor):
        return isinstance(after, torch.Tensor) and _equal(before, after)
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(_equal(before[k], after[k]) for k in before))
    if isinstance(before, list):
        return isinstance(after, list) and len(before) == len(after) and all(
            _same(b, a) for b, a in zip(before, after_value))
    return True


@probe("value")
def value(fn: Callable, args: list, kwargs: dict, watch_inputs: bool = True) -> dict:
    """Call, send back the returned value, and whether tensor and model inputs were left as they were."""
    before = [_snapshot(a) for a in args] + [_snapshot(v) for v in kwargs.values()]
    returned = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(returned)}
    if watch_inputs:
        after = list(args) + list(kwargs.values())
        result[UNCHANGED] = all(_same(b, a) for b, a in zip(before, after) if b is not None)
    return result


@probe("inplace")
def inplace(fn: Callable, args: list, kwargs: dict, watch: list | None = None,
            grads: bool = False) -> dict:
    """Call, send back the returned value and the watched arguments as they are afterwards."""
    returned = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(returned)}
    for index in watch if watch is not None else range(len(args)):
        target = args[index] if isinstance(index, int) else kwargs[index]
        result[f"argument {index} after the call"] = wire.encode(target)
        if grads and isinstance(target, torch.nn.Module):
            result[f"gradients of argument {index}"] = wire.encode(
                {n: p.grad for n, p in target.named_parameters()})
    return result


@probe("module")
def module(fn: Callable, args: list, kwargs: dict, inputs: list | None = None,
           load: dict | None = None, values: bool = False) -> dict:
    """Build a module with ``fn`` (a class or factory) and send back its structure.

    ``load``: a state_dict loaded into it first (proves the parameter names and shapes);
    ``inputs``: tensors run through it (in eval mode, without autograd) after that;
    ``values``: also send the initial parameter values (when they are seeded and must match).
    """
    model = fn(*args, **kwargs)
    result: dict = {}
    if not isinstance(model, torch.nn.Module):
        return {RETURNED: wire.encode(model)}
    summary = wire.module(model)
    if not values:
        for entry in summary["state"]:
            entry[1] = {"kind": "shape", "shape": list(entry[1]["data"].shape),
                        "dtype": str(entry[1]["data"].dtype)}
    result["model"] = summary
    if load is not None:
        model.load_state_dict(load)
    for i, x in enumerate(inputs or []):
        model.eval()
        with torch.no_grad():
            result[f"output for input {i}"] = wire.encode(model(x))
    return result
