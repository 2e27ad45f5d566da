"""Probes of chapter 03 (activations)."""
from __future__ import annotations

from typing import Callable

import torch

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe

GRADIENT = "gradient of the input (x.grad after out.sum().backward())"


@probe("activations.with_grad")
def with_grad(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call with an input that requires grad; send back the output and ``x.grad`` of its sum."""
    x = args[0]
    out = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(out)}
    if type(out) is torch.Tensor and out.requires_grad:
        out.sum().backward()
        result[GRADIENT] = wire.encode(x.grad)
    else:  # the returned value's comparison already says it is detached (or not a tensor)
        result[GRADIENT] = None
    return result
