"""Probes of chapter 01."""
from __future__ import annotations

from typing import Callable

import torch

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe


@probe("device_type")
def device_type(fn: Callable, args: list, kwargs: dict) -> dict:
    """A device is graded by its ``.type``: ``cuda`` and ``cuda:0`` are the same answer."""
    returned = fn(*args, **kwargs)
    if isinstance(returned, torch.device):
        return {RETURNED: {"kind": "device", "value": returned.type, "type": returned.type}}
    return {RETURNED: wire.encode(returned)}
