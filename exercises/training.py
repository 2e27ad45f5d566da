"""Chapter 06, training: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("training.make_loader")``.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import transforms


def make_dataset(features: Any, targets: Any, task: str) -> TensorDataset:
    """A TensorDataset with the dtypes and shapes a loss expects.

    Args:
        features: a numpy array or a pandas DataFrame, ``(N, D)``, any numeric dtype.
        targets: a numpy array or a pandas Series, ``(N,)`` (or ``(N, 1)``).
        task: ``"regression"``, ``"binary"`` or ``"multiclass"``.

    Returns:
        ``TensorDataset(x, y)`` with ``x`` float32 ``(N, D)``, and ``y`` float32 ``(N, 1)`` for
        ``"regression"`` and ``"binary"`` (the shape of the model's output), int64 ``(N,)`` class
        indices for ``"multiclass"``. The tensors hold copies: changing the caller's array
        afterwards must not change the dataset.

    Raises:
        ValueError: for an unknown task, or when features and targets differ in length.

    Example:
        >>> data = make_dataset(np.zeros((3, 2)), np.array([0, 2, 1]), "multiclass")
        >>> data[0]
        (tensor([0., 0.]), tensor(0))

    Hints:
        A DataFrame or Series turns into numpy with ``.to_numpy()``. NumPy's floats are float64:
        ask for ``dtype=torch.float32``. ``torch.from_numpy`` shares memory with the array;
        ``torch.tensor`` copies.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.make_dataset")
    # ---- ANSWER END ----


def make_loader(dataset: torch.utils.data.Dataset, batch_size: int, shuffle: bool,
                seed: int) -> DataLoader:
    """A DataLoader whose batch order depends only on ``seed``.

    Args:
        dataset: any map-style dataset, e.g. a TensorDataset.
        batch_size: samples per batch (the last batch may be smaller; keep it).
        shuffle: whether to reshuffle at every epoch (False: keep the dataset's order).
        seed: the seed of the loader's own random number generator.

    Returns:
        a DataLoader giving, epoch after epoch, the same batches in the same order as
        ``DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed))``.

    Example:
        >>> loader = make_loader(TensorDataset(torch.arange(6.0)), 4, shuffle=False, seed=0)
        >>> [batch[0].tolist() for batch in loader]
        [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0]]

    Hints:
        ``torch.manual_seed`` seeds the global generator, which any other code may advance
        before the loader shuffles. A generator of the loader's own is not shared.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.make_loader")
    # ---- ANSWER END ----


def train_one_epoch(model: nn.Module, loader: DataLoader, criterion: nn.Module,
                    optimizer: torch.optim.Optimizer) -> float:
    """One pass over ``loader`` in train mode, one optimizer step per batch.

    Args:
        model: the model to train (its parameters change in place). It may arrive in eval mode.
        loader: yields ``(features, targets)`` batches.
        criterion: the loss module, e.g. ``nn.MSELoss()``.
        optimizer: an optimizer over the model's parameters.

    Returns:
        the unweighted mean of the batch losses: the sum of ``loss.item()`` over the batches
        divided by the number of batches, a Python float.

    Example:
        >>> loss = train_one_epoch(model, loader, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01))
        >>> type(loss)
        <class 'float'>

    Hints:
        For each batch: zero the gradients, forward, loss, backward, step. Unpack the batch
        first: the model takes the features, not the ``(features, targets)`` pair.
        ``model.train()`` switches dropout on.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.train_one_epoch")
    # ---- ANSWER END ----


def fit(model: nn.Module, loader: DataLoader, criterion: nn.Module,
        optimizer: torch.optim.Optimizer, epochs: int) -> list[float]:
    """Train for ``epochs`` epochs.

    Args:
        model, loader, criterion, optimizer: as for ``train_one_epoch``.
        epochs: the number of passes over the loader.

    Returns:
        a list of ``epochs`` Python floats: the mean batch loss of each epoch.

    Example:
        >>> history = fit(model, loader, nn.MSELoss(), optimizer, epochs=3)
        >>> len(history)
        3

    Hints:
        You wrote one epoch already.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.fit")
    # ---- ANSWER END ----


def overfit_batch(model: nn.Module, batch: tuple, criterion: nn.Module,
                  optimizer: torch.optim.Optimizer, steps: int) -> list[float]:
    """Train on one batch only: a model that cannot drive this loss down has a bug.

    Args:
        model: the model to train (its parameters change in place). It may arrive in eval mode:
            train it in train mode, as an epoch does.
        batch: ``(features, targets)``, e.g. ``next(iter(loader))``.
        criterion: the loss module.
        optimizer: an optimizer over the model's parameters.
        steps: the number of updates.

    Returns:
        ``steps`` Python floats: the loss at each step, computed before that step's update.

    Example:
        >>> losses = overfit_batch(model, next(iter(loader)), nn.MSELoss(), optimizer, steps=100)
        >>> losses[-1] < losses[0]
        True

    Hints:
        The same loop as an epoch, over the same batch again and again. Record the loss of
        the forward pass you take the gradient of.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.overfit_batch")
    # ---- ANSWER END ----


def image_transform(mean: float | tuple, std: float | tuple) -> Callable:
    """A transform from an ``H x W`` uint8 image to a normalized float32 ``(1, H, W)`` tensor.

    Args:
        mean: the mean to subtract, a float or a sequence of one float, e.g. ``(0.5,)``.
        std: the standard deviation to divide by (same form).

    Returns:
        a callable taking a PIL image or a numpy array ``(H, W)`` of dtype uint8 and returning
        a plain float32 tensor ``(1, H, W)``: pixels scaled to [0, 1] (divided by 255), then
        ``(x - mean) / std``. Any callable that does this is accepted.

    Example:
        >>> to_tensor = image_transform((0.5,), (0.5,))
        >>> to_tensor(np.full((2, 2), 255, dtype=np.uint8))
        tensor([[[1., 1.],
                 [1., 1.]]])

    Hints:
        ``transforms.Compose`` chains ``transforms.ToTensor()`` (adds the channel and scales)
        and ``transforms.Normalize(mean, std)``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.image_transform")
    # ---- ANSWER END ----


def to_device(batch: Any, device: str | torch.device) -> Any:
    """A copy of ``batch`` with every tensor moved to ``device``.

    Args:
        batch: a tensor, or tuples, namedtuples, lists and dicts nesting tensors (e.g. a
            ``(features, targets)`` pair, or ``{"image": (N, 1, 8, 8), "label": (N,)}``);
            numbers, strings and None may appear anywhere and stay as they are.
        device: where the tensors go: a string (``"cpu"``, ``"cuda"``, ``"meta"``) or a
            ``torch.device``.

    Returns:
        the same structure in new containers: tuples stay tuples, namedtuples keep their
        type, lists stay lists, dicts keep their keys and their order; each tensor becomes
        ``tensor.to(device)`` (which may return the tensor itself when it is already there).
        The caller's batch is never changed.

    Example:
        >>> to_device({"x": torch.zeros(2), "ids": [1, 2]}, "meta")
        {'x': tensor(..., device='meta', size=(2,)), 'ids': [1, 2]}

    Hints:
        Recurse: a function that handles one value and calls itself on each item of a
        container. Test ``isinstance(batch, dict)``, ``tuple``, ``list``. A namedtuple is a
        tuple with ``_fields``; rebuild it with ``type(batch)(*items)`` (``tuple(items)`` would
        lose its type and field names). Never assign into the caller's list or dict.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("training.to_device")
    # ---- ANSWER END ----
