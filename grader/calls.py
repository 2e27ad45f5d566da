"""Run one call of a case: the same code for the reference (trusted) and the student (worker)."""
from __future__ import annotations

import random
from typing import Any

import numpy as np
import torch

from grader.probes import PROBES
from grader.spec import materialize, materialize_call


def reset_global_state(seed: int) -> None:
    """Undo what earlier code may have changed, and seed every generator."""
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    random.seed(seed)


def run_call(namespace: Any, call: dict) -> dict:
    """Build the inputs of ``call``, run it on ``namespace.<target>`` through its probe.

    Exceptions from the call propagate: the caller decides what they mean.
    """
    target = getattr(namespace, call["target"])
    seed = int(call.get("seed", 0))
    reset_global_state(seed)
    args, kwargs = materialize_call(call)
    torch.manual_seed(seed)  # building the inputs used the generator: start the call from the seed
    options = {key: materialize(value) for key, value in call.get("probe_args", {}).items()}
    return PROBES[call.get("probe", "value")](target, args, kwargs, **options)
