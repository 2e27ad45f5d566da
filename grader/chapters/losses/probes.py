"""Probes of chapter 04 (losses)."""
from __future__ import annotations

from typing import Callable

import torch

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe

GRADIENT = "gradient of the loss with respect to argument 0"
GRADIENT_OFF_ZERO = "gradient with respect to the logits that are not 0 (flattened)"
FINITE_AT_ZERO = "gradient is finite at the logits that are exactly 0"


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


@probe("losses.with_grad_off_zero")
def with_grad_off_zero(fn: Callable, args: list, kwargs: dict) -> dict:
    """Like ``losses.with_grad``, for logits that hold exact zeros.

    At a logit of exactly 0, formulas built on ``clamp``/``abs`` pick another (equally valid)
    subgradient than torch's, so the gradient is compared only where the logits are not 0; at
    the zeros, only whether it is finite is sent back.
    """
    logits = args[0]
    out = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(out)}
    result[GRADIENT_OFF_ZERO] = result[FINITE_AT_ZERO] = None
    if type(out) is torch.Tensor and out.requires_grad and out.numel() == 1:
        out.backward()
        grad = logits.grad
        if type(grad) is torch.Tensor and grad.shape == logits.shape:
            zero = torch.Tensor.detach(logits) == 0
            result[GRADIENT_OFF_ZERO] = wire.encode(grad[~zero])
            result[FINITE_AT_ZERO] = wire.encode(torch.isfinite(grad[zero]))
    return result
