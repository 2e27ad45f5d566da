"""Probes and builders of chapter 06: datasets, loaders, training loops and transforms.

Objects reach the worker as Build specs; what comes back is plain data: the tensors of a
dataset, the batches of a loader epoch after epoch, the model and optimizer state a training
loop leaves behind, the gradients at every optimizer step, the outputs of a transform.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe
from grader.builders import builder

WHOLE_BATCH = ("the model was called on the whole batch (a list of features and targets): unpack "
               "it first, `features, targets = batch`, then call model(features)")


# ---------------------------------------------------------------- builders

@builder("mixed_dataframe")
def mixed_dataframe(counts: torch.Tensor, values: torch.Tensor) -> Any:
    """A DataFrame with int64 columns ``n0, n1, ...`` and float64 columns ``x0, x1, ...``."""
    import pandas as pd
    frame = {f"n{i}": counts[:, i].numpy().astype(np.int64) for i in range(counts.shape[1])}
    frame.update({f"x{i}": values[:, i].numpy().astype(np.float64) for i in range(values.shape[1])})
    return pd.DataFrame(frame)


# ---------------------------------------------------------------- make_dataset

def _change_in_place(value: Any) -> None:
    """Change the caller's array (or DataFrame/Series) in place, as a caller later might."""
    if isinstance(value, np.ndarray) and value.flags.writeable:
        value += 1
    elif hasattr(value, "iloc") and hasattr(value, "to_numpy"):
        if value.ndim == 2:
            value.iloc[:, :] = value.to_numpy() + 1
        else:
            value.iloc[:] = value.to_numpy() + 1


def _dataset_tensors(data: Any) -> dict:
    if not isinstance(data, TensorDataset) or len(data.tensors) != 2:
        return {RETURNED: wire.encode(data)}
    return {"features": wire.encode(data.tensors[0]), "targets": wire.encode(data.tensors[1])}


@probe("dataset")
def dataset_probe(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call; send back the dataset's tensors, then again after the caller changed its inputs."""
    data = fn(*args, **kwargs)
    result = _dataset_tensors(data)
    if RETURNED in result:
        return result
    for value in list(args[:2]) + [kwargs.get("features"), kwargs.get("targets")]:
        _change_in_place(value)
    after = _dataset_tensors(data)
    result["features after the caller changed its array"] = after["features"]
    result["targets after the caller changed its array"] = after["targets"]
    return result


# ---------------------------------------------------------------- make_loader

def _epoch(loader: Any) -> dict:
    return wire.encode([list(batch) if isinstance(batch, (list, tuple)) else batch for batch in loader])


@probe("batches")
def batches(fn: Callable, args: list, kwargs: dict, epochs: int = 2) -> dict:
    """Iterate the returned loader ``epochs`` times; then build a second one with the same
    arguments (after other code used the global random generator) and take its first epoch."""
    loader = fn(*args, **kwargs)
    result: dict[str, Any] = {"is a torch DataLoader": isinstance(loader, DataLoader)}
    for epoch in range(epochs):
        result[f"batches of epoch {epoch + 1}"] = _epoch(loader)
    torch.rand(7)   # other code draws random numbers between the two calls
    result["epoch 1 of a second loader made with the same seed"] = _epoch(fn(*args, **kwargs))
    return result


# ---------------------------------------------------------------- training loops

def _instrument(model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> tuple[set, list]:
    """Record the mode of every forward pass and the gradients at every optimizer step."""
    modes: set[str] = set()
    steps: list = []

    def before_forward(module: torch.nn.Module, inputs: tuple) -> None:
        if inputs and isinstance(inputs[0], (list, tuple)):
            raise TypeError(WHOLE_BATCH)
        modes.add("train" if module.training else "eval")

    def before_step(opt: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        steps.append([None if p.grad is None else p.grad.detach().clone()
                      for group in opt.param_groups for p in group["params"]])

    model.register_forward_pre_hook(before_forward)
    optimizer.register_step_pre_hook(before_step)
    return modes, steps


@probe("training")
def training(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call a training function ``fn(model, data, criterion, optimizer, ...)``; send back the
    mode the model ran in, the gradients at each optimizer step, the returned losses, and the
    model and optimizer state after training."""
    model, optimizer = args[0], args[3]
    modes, steps = _instrument(model, optimizer)
    returned = fn(*args, **kwargs)
    return {
        "mode of the model during training": wire.encode(sorted(modes)),
        "gradients at each optimizer step": wire.encode(steps),
        RETURNED: wire.encode(returned),
        "model after training": wire.module(model),
        "optimizer state after training": wire.encode(optimizer.state_dict()["state"]),
    }


# ---------------------------------------------------------------- image_transform

@probe("transform")
def transform(fn: Callable, args: list, kwargs: dict, images: list | None = None) -> dict:
    """Build the transform once, then apply it to each image."""
    made = fn(*args, **kwargs)
    if not callable(made):
        return {RETURNED: wire.encode(made)}
    return {f"output for image {i}": wire.encode(made(image)) for i, image in enumerate(images or [])}
