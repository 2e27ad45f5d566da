"""Probes every chapter uses: a returned value, state changed in place, a constructed module."""
from __future__ import annotations

from typing import Any, Callable

import torch

from grader import wire
from grader.compare import INPUTS_AFTER
from grader.probes.registry import probe

RETURNED = "returned value"


def _after(value: Any) -> Any:
    """A tensor or model argument as it is after the call (other arguments are not watched)."""
    if type(value) in (torch.Tensor, torch.nn.Parameter):
        return wire.tensor(value)
    if isinstance(value, torch.nn.Module):
        return wire.module(value)
    if type(value) in (list, tuple):
        return {"kind": "list", "items": [_after(v) for v in value]}
    return None


@probe("value")
def value(fn: Callable, args: list, kwargs: dict, watch_inputs: bool = True) -> dict:
    """Call; send back the returned value and the tensor and model inputs as they are afterwards.

    Whether the call changed its inputs is decided on the trusted side, where the reference's
    inputs-after (unchanged) are compared with these: nothing here judges.
    """
    returned = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(returned)}
    if watch_inputs:
        result[INPUTS_AFTER] = {"kind": "list", "items": [_after(a) for a in list(args) + list(kwargs.values())]}
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
