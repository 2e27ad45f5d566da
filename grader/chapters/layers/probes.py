"""Probes and builders of chapter 02 (layers).

Names carry the chapter's prefix (``layers.``) so they cannot collide with another chapter's.
"""
from __future__ import annotations

from typing import Any, Callable

import torch
from torch import nn

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe
from grader.builders import builder

LOADED = "loading the reference state_dict"
MODEL_AFTER = "the model's parameters and buffers after the call"
MODES_AFTER = "each module's train/eval mode after the call"
NO_AUTOGRAD = "the forward pass ran without autograd"
SAME_OBJECT = "returns the layer it was given (not a copy)"


@builder("layers.linear")
def linear(in_features: int, out_features: int, bias: bool = True, seed: int = 0,
           dtype: str = "float32") -> nn.Linear:
    """A bare ``nn.Linear`` with weights from ``seed``."""
    torch.manual_seed(seed)
    return nn.Linear(in_features, out_features, bias=bias).to(getattr(torch, dtype))


def _type_name(obj: Any) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _shape(t: torch.Tensor) -> dict:
    return {"kind": "shape", "shape": list(t.shape), "dtype": str(t.dtype)}


@probe("layers.network")
def network(fn: Callable, args: list, kwargs: dict, inputs: list | None = None,
            load: dict | None = None, structure: bool = True) -> dict:
    """Build a model with ``fn`` and describe it, then run ``inputs`` through it.

    ``structure=True``: every submodule's name and type (an activation shared by several
    positions counts at each), parameter shapes, flags and mode: for an ``nn.Sequential``.
    ``structure=False``: only the parameter names and shapes, so a custom module may keep
    parameter-free helpers (``self.act = nn.ReLU()``) as it likes.
    ``load``: a state_dict loaded first (proves the names and shapes); ``inputs`` are then run
    in eval mode without autograd.
    """
    model = fn(*args, **kwargs)
    if not isinstance(model, nn.Module):
        return {RETURNED: wire.encode(model)}
    result: dict = {}
    if structure:
        summary = wire.module(model)
        summary["layers"] = [[n, _type_name(m)] for n, m in model.named_modules(remove_duplicate=False)]
        summary["state"] = [[n, _shape(v)] for n, v in model.state_dict().items()]
        result["model"] = summary
    else:
        result["parameters"] = {"kind": "dict", "items": [[n, _shape(p)] for n, p in model.named_parameters()]}
    if load is not None:
        try:
            model.load_state_dict(load)
            result[LOADED] = "loaded"
        except (RuntimeError, KeyError, TypeError) as exc:
            result[LOADED] = f"failed: {str(exc).splitlines()[0][:300]}"
            return result  # its outputs would only repeat that the parameters are wrong
    for i, x in enumerate(inputs or []):
        model.eval()
        with torch.no_grad():
            result[f"output for input {i}"] = wire.encode(model(x))
    return result


@probe("layers.same_layer")
def same_layer(fn: Callable, args: list, kwargs: dict) -> dict:
    """An in-place initializer: the layer afterwards (with values), and whether it was returned."""
    returned = fn(*args, **kwargs)
    return {SAME_OBJECT: returned is args[0],
            "argument 0 after the call": wire.encode(args[0])}


@probe("layers.shapes")
def shapes(fn: Callable, args: list, kwargs: dict) -> dict:
    """The returned shapes, and what the call did to the model (state, mode, autograd)."""
    model = args[0]
    grad_modes: list[bool] = []
    hooks = [m.register_forward_hook(lambda mod, inp, out: grad_modes.append(torch.is_grad_enabled()))
             for m in model.modules()]
    try:
        returned = fn(*args, **kwargs)
    finally:
        for hook in hooks:
            hook.remove()
    # what the call left behind travels as data; the trusted side compares it with the reference's
    return {RETURNED: wire.encode(returned),
            MODEL_AFTER: wire.encode(dict(model.state_dict())),
            MODES_AFTER: wire.encode([bool(m.training) for m in model.modules()]),
            NO_AUTOGRAD: not any(grad_modes)}
