"""Probes of chapter 04 (losses)."""
from __future__ import annotations

from typing import Callable

import torch

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe

GRADIENT = "gradient of the loss with respect to argument 0"


@probe("losses.with_grad")
def with_grad(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call with a prediction that requires grad; send back the loss and the prediction's grad."""
    out = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(out)}
    if type(out) is torch.Tensor and out.requires_grad and out.numel() == 1:
        out.backward()
        result[GRADIENT] = wire.encode(args[0].grad)
    else:  # the returned value's comparison already says what is wrong with it
        result[GRADIENT] = None
    return result
