"""Probes and builders of chapter 06: datasets, loaders, training loops and transforms.

Objects reach the worker as Build specs; what comes back is plain data: the tensors of a
dataset, the batches of a loader epoch after epoch, the model and optimizer state a training
loop leaves behind, the gradients at every optimizer step, the outputs of a transform.
"""
from __future__ import annotations

from collections import namedtuple
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


# ---------------------------------------------------------------- to_device

# namedtuple types a batch may hold; the worker and the trusted side build the same classes
Batch = namedtuple("Batch", ["features", "targets"])
Sample = namedtuple("Sample", ["image", "label", "source"])
NAMEDTUPLES = {"Batch": Batch, "Sample": Sample}
CALLERS_OWN = "containers of the returned value that are the caller's own (each must be new)"
LAYOUT = "containers of the returned value, in order"


@builder("namedtuple")
def named(name: str, values: list) -> tuple:
    """``Build("namedtuple", name="Batch", values=[features, targets])``."""
    return NAMEDTUPLES[name](*values)


@builder("device")
def device(name: str) -> torch.device:
    return torch.device(name)


def _stand_in(t: torch.Tensor) -> dict:
    """A tensor entry for a meta tensor, which has a shape, a dtype and a device but no values:
    zeros stand in for the values (an expanded scalar, so a large shape costs nothing)."""
    if t.numel() > wire.MAX_NUMEL:
        raise wire.TooLarge(f"a tensor of shape {tuple(t.shape)} ({t.numel():,} elements)")
    return {"kind": "tensor", "data": torch.zeros((), dtype=t.dtype).expand(t.shape), "device": "meta",
            "requires_grad": bool(t.requires_grad)}


def _describe(value: Any, path: str, layout: list, containers: list, depth: int = 0) -> Any:
    """Plain data for a batch: tensors (meta ones by stand-in), containers as lists, tuples and
    dicts; ``layout`` gets each container's type and keys, ``containers`` its (path, id)."""
    if depth > wire.MAX_DEPTH:
        raise wire.TooLarge("a value nested more than 20 levels deep")
    if type(value) in (torch.Tensor, torch.nn.Parameter):
        return _stand_in(value) if value.device.type == "meta" else wire.encode(value)
    if type(value) in NAMEDTUPLES.values() or (type(value) in (list, tuple, dict)):
        if len(value) > wire.MAX_ITEMS:
            raise wire.TooLarge(f"a container of {len(value):,} items")
        containers.append((path, id(value), len(value)))
    else:
        return wire.encode(value)
    if type(value) is dict:
        layout.append(f"{path}: a dict with keys {list(value)}")
        return {"kind": "dict", "items": [[wire.encode(k),
                                           _describe(v, f"{path}[{k!r}]", layout, containers, depth + 1)]
                                          for k, v in dict.items(value)]}
    if type(value) is list:
        layout.append(f"{path}: a list")
    elif type(value) is tuple:
        layout.append(f"{path}: a tuple")
    else:
        layout.append(f"{path}: a namedtuple {type(value).__name__}{tuple(value._fields)}")
    items = [_describe(v, f"{path}[{i}]", layout, containers, depth + 1) for i, v in enumerate(value)]
    return {"kind": "list" if type(value) is list else "tuple", "items": items}


@probe("to_device")
def to_device_probe(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call ``fn(batch, device)``; send back the returned structure (meta tensors by shape,
    dtype and device), its containers' types and key order, which of them are the caller's own
    objects, and the caller's batch as it is after the call."""
    batch = args[0]
    returned = fn(*args, **kwargs)
    layout: list = []
    mine: list = []
    result: dict[str, Any] = {RETURNED: _describe(returned, "batch", layout, mine)}
    result[LAYOUT] = wire.encode(layout)
    callers: list = []
    caller_after = _describe(batch, "batch", [], callers)
    own_ids = {ident for _, ident, _ in callers}
    result[CALLERS_OWN] = wire.encode([path for path, ident, size in mine if ident in own_ids and size])
    result["the caller's batch after the call"] = caller_after
    return result
