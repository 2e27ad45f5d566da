"""Probes of chapter 01."""
from __future__ import annotations

from typing import Callable

import torch

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.hardware import presented
from grader.probes.registry import probe

PRESENTED = "machine presented to the call"


@probe("device_type")
def device_type(fn: Callable, args: list, kwargs: dict, cuda: bool | None = None) -> dict:
    """A device is graded by its ``.type``: ``cuda`` and ``cuda:0`` are the same answer.

    ``cuda`` presents a machine with (True) or without (False) a GPU for this call only, so a
    choice that depends on the machine is graded on both branches (see grader/probes/hardware.py).
    """
    with presented(cuda, fn):
        returned = fn(*args, **kwargs)
    if isinstance(returned, torch.device):
        result = {RETURNED: {"kind": "device", "value": returned.type, "type": returned.type}}
    else:
        result = {RETURNED: wire.encode(returned)}
    if cuda is not None:  # after the returned value, so a wrong device is what a failure reports;
        # hints read it from the reference's result (trusted), never from the student's
        result[PRESENTED] = "a GPU present" if cuda else "no GPU"
    return result


SECOND_CALL = "returned value of a second call with the same arguments"


@probe("twice")
def twice(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call twice with the same arguments in one process; send back both returned values.

    A function promised to be repeatable (same seed, same numbers) must give the second call
    what it gave the first, whatever earlier calls did to global state.
    """
    first = fn(*args, **kwargs)
    second = fn(*args, **kwargs)
    return {RETURNED: wire.encode(first), SECOND_CALL: wire.encode(second)}
