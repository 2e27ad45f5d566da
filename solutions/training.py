"""Chapter 06, training: reference implementations."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import transforms

TASKS = ("regression", "binary", "multiclass")


def _as_array(values: Any) -> np.ndarray:
    """A numpy array of a numpy array, a pandas DataFrame or a pandas Series."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    return np.asarray(values)


def make_dataset(features: Any, targets: Any, task: str) -> TensorDataset:
    """A TensorDataset with the dtypes and shapes a loss expects.

    Args:
        features: numpy array or pandas DataFrame ``(N, D)``.
        targets: numpy array or pandas Series ``(N,)`` (or ``(N, 1)``).
        task: ``"regression"``, ``"binary"`` or ``"multiclass"``.

    Returns:
        ``TensorDataset(x, y)``: ``x`` float32 ``(N, D)``; ``y`` float32 ``(N, 1)`` for regression
        and binary, int64 ``(N,)`` for multiclass. Both copy the caller's data.

    Raises:
        ValueError: for an unknown task, or when features and targets differ in length.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}: expected one of {', '.join(TASKS)}")
    x_values, y_values = _as_array(features), _as_array(targets)
    if len(x_values) != len(y_values):
        raise ValueError(f"{len(x_values)} rows of features but {len(y_values)} targets")
    x = torch.tensor(x_values, dtype=torch.float32)                 # (N, D); torch.tensor copies
    if task == "multiclass":
        y = torch.tensor(y_values, dtype=torch.int64).reshape(-1)   # (N,) class indices
    else:
        y = torch.tensor(y_values, dtype=torch.float32).reshape(-1, 1)  # (N, 1) like the output
    return TensorDataset(x, y)


def make_loader(dataset: torch.utils.data.Dataset, batch_size: int, shuffle: bool,
                seed: int) -> DataLoader:
    """A DataLoader whose batch order depends only on ``seed``.

    Args:
        dataset: any map-style dataset.
        batch_size: samples per batch (the last batch may be smaller).
        shuffle: whether to reshuffle at every epoch.
        seed: the seed of the loader's own random generator.

    Returns:
        ``DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed))``.
    """
    generator = torch.Generator().manual_seed(seed)   # its own generator: no global state
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator)


def train_one_epoch(model: nn.Module, loader: DataLoader, criterion: nn.Module,
                    optimizer: torch.optim.Optimizer) -> float:
    """One pass over ``loader`` in train mode.

    Args:
        model: the model to train (changed in place).
        loader: yields ``(features, targets)`` batches.
        criterion: the loss module.
        optimizer: an optimizer over the model's parameters.

    Returns:
        the unweighted mean of the batch losses (a Python float).
    """
    model.train()                       # dropout on, batch norm updating
    total, batches = 0.0, 0
    for features, targets in loader:
        optimizer.zero_grad()           # gradients of the previous batch must not add up
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches


def fit(model: nn.Module, loader: DataLoader, criterion: nn.Module,
        optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    """Train for ``epochs`` epochs.

    Args:
        model, loader, criterion, optimizer: as for ``train_one_epoch``.
        epochs: the number of passes over the loader.

    Returns:
        the mean loss of each epoch, ``epochs`` floats.
    """
    return [train_one_epoch(model, loader, criterion, optimizer) for _ in range(epochs)]


def overfit_batch(model: nn.Module, batch: tuple, criterion: nn.Module,
                  optimizer: torch.optim.Optimizer, steps: int) -> list[float]:
    """Train on one batch only: a model that cannot drive this loss down has a bug.

    Args:
        model: the model to train (changed in place); it may arrive in eval mode.
        batch: ``(features, targets)``.
        criterion: the loss module.
        optimizer: an optimizer over the model's parameters.
        steps: the number of updates.

    Returns:
        the loss at each step, computed before that step's update (``steps`` floats).
    """
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def image_transform(mean: float | tuple, std: float | tuple) -> Callable:
    """A transform from an ``H x W`` uint8 image to a normalized float32 ``(1, H, W)`` tensor.

    Args:
        mean: the mean to subtract (a float, or a sequence of one float).
        std: the standard deviation to divide by (same form).

    Returns:
        a callable: PIL image or numpy array ``(H, W)`` uint8 -> float32 ``(1, H, W)``,
        ``(pixel / 255 - mean) / std``.
    """
    return transforms.Compose([
        transforms.ToTensor(),              # (H, W) uint8 -> (1, H, W) float32 in [0, 1]
        transforms.Normalize(mean, std),    # (x - mean) / std, per channel
    ])


def to_device(batch: Any, device: str | torch.device) -> Any:
    """A copy of ``batch`` with every tensor moved to ``device``.

    Args:
        batch: a tensor, or tuples, namedtuples, lists and dicts nesting tensors; numbers,
            strings and None may appear anywhere.
        device: where the tensors go, a string (``"cpu"``, ``"cuda"``, ``"meta"``) or a
            ``torch.device``.

    Returns:
        the same structure in new containers: tuples stay tuples, namedtuples keep their type,
        lists stay lists, dicts keep their keys and order; tensors are ``tensor.to(device)`` and
        other values are returned as they are. The caller's batch is not changed.
    """
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):        # a namedtuple
        return type(batch)(*(to_device(value, device) for value in batch))
    if isinstance(batch, tuple):
        return tuple(to_device(value, device) for value in batch)
    if isinstance(batch, list):
        return [to_device(value, device) for value in batch]
    return batch
