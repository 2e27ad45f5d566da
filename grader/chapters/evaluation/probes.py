"""Probes of chapter 07: what a split holds, how evaluation ran, what a model became."""
from __future__ import annotations

from typing import Any, Callable

import torch
from torch import nn

from grader import wire
from grader.compare import compare_value
from grader.probes.common import RETURNED
from grader.probes.registry import probe

DROPOUTS = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.AlphaDropout)

# keys of the results (a student reads them in messages; rules/evaluation.py reads them too)
SUBSETS = "returned subsets"
AGAIN = "the same split when called again with the same seed"
DROPOUT_ON = "dropout active during the forward passes"
GRAPH = "autograd graph built during the forward passes"
SECOND = "returned value of a second call"
MODE_AFTER = "model.training after the call"
GRADS = "parameters given a .grad"
PROBS = "dropout probabilities"
MODEL_AFTER = "the model passed in, after the call"


def _subset(item: Any, dataset: Any) -> dict:
    if not isinstance(item, torch.utils.data.Subset):
        return {"type": type(item).__name__}
    return {"type": "Subset", "size": len(item.indices),
            "indices": [int(i) for i in item.indices],
            "views the dataset passed in": item.dataset is dataset}


def _subsets(returned: Any, dataset: Any) -> Any:
    if not isinstance(returned, (list, tuple)):
        return wire.encode(returned)
    return wire.encode([_subset(item, dataset) for item in returned])


@probe("split")
def split(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call twice with the same arguments: the indices of each Subset, and whether they repeat."""
    first = _subsets(fn(*args, **kwargs), args[0])
    second = _subsets(fn(*args, **kwargs), args[0])
    return {SUBSETS: first, AGAIN: compare_value(first, second) is None}


def _watch(model: nn.Module) -> tuple[dict, list]:
    """Forward hooks on every leaf layer: was dropout on, did an output join an autograd graph?"""
    seen = {"dropout": False, "graph": False}

    def hook(module: nn.Module, inputs: Any, output: Any) -> None:
        if isinstance(module, DROPOUTS) and module.training and module.p > 0:
            seen["dropout"] = True
        if isinstance(output, torch.Tensor) and output.requires_grad:
            seen["graph"] = True
    handles = [m.register_forward_hook(hook) for m in model.modules() if next(m.children(), None) is None]
    return seen, handles


@probe("evaluate")
def evaluate(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call twice; how the forward passes ran, both results, the mode and grads left behind."""
    model = args[0]
    seen, handles = _watch(model)
    try:
        first = fn(*args, **kwargs)
        second = fn(*args, **kwargs)
    finally:
        for handle in handles:
            handle.remove()
    return {DROPOUT_ON: seen["dropout"], GRAPH: seen["graph"], RETURNED: wire.encode(first),
            SECOND: wire.encode(second), MODE_AFTER: bool(model.training),
            GRADS: wire.encode([n for n, p in model.named_parameters() if p.grad is not None])}


@probe("dropout_model")
def dropout_model(fn: Callable, args: list, kwargs: dict) -> dict:
    """The new model (layers and values), its Dropout probabilities, and the input left alone."""
    returned = fn(*args, **kwargs)
    result = {RETURNED: wire.encode(returned)}
    if isinstance(returned, nn.Module):
        result[PROBS] = wire.encode([float(m.p) for m in returned.modules() if isinstance(m, DROPOUTS)])
    result[MODEL_AFTER] = wire.module(args[0])   # the trusted side compares it with the reference's
    return result
