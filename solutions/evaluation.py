"""Chapter 07, evaluation: reference implementations."""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, Subset, random_split

ACTIVATIONS = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)


def split(dataset: Dataset, fractions: list[float], seed: int) -> list[Subset]:
    """Split a dataset at random into parts of the given fractions, the same way for a seed.

    Args:
        dataset: any map-style dataset of N samples.
        fractions: fractions summing to 1, e.g. ``[0.8, 0.1, 0.1]``.
        seed: the seed of the generator that shuffles the indices.

    Returns:
        one ``Subset`` per fraction: exactly what ``random_split(dataset, fractions,
        generator=torch.Generator().manual_seed(seed))`` returns.
    """
    generator = torch.Generator().manual_seed(seed)   # its own generator: the global one is untouched
    return random_split(dataset, fractions, generator=generator)


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The fraction of samples whose highest logit is at their label.

    Args:
        logits: float ``(N, C)`` scores, one row per sample.
        labels: int64 ``(N,)`` true classes in ``[0, C)``.

    Returns:
        a Python float in [0, 1], equal to torchmetrics' multiclass (micro) accuracy.
    """
    predictions = logits.argmax(dim=-1)                  # (N,): ties go to the first class
    correct = (predictions == labels).sum().item()       # an int
    return correct / labels.numel()


def evaluate(model: nn.Module, loader: DataLoader, criterion: nn.Module, num_classes: int) -> dict:
    """Loss and accuracy of a classifier on a whole loader, in eval mode and without autograd.

    Args:
        model: a classifier returning logits ``(B, C)``.
        loader: yields ``(features, labels)`` batches; labels int64 ``(B,)``.
        criterion: a loss taking ``(logits, labels)``, e.g. ``nn.CrossEntropyLoss()``.
        num_classes: C.

    Returns:
        ``{"loss": unweighted mean of the batch losses, "accuracy": over all samples}`` (floats);
        ``model.training`` is left as it was found.
    """
    import torchmetrics  # imported here: it takes seconds to import, and only this function needs it

    metric = torchmetrics.Accuracy(task="multiclass", num_classes=num_classes)
    was_training = model.training
    model.eval()                                          # dropout off, batch norm frozen
    total, batches = 0.0, 0
    try:
        with torch.no_grad():                             # no graph: faster, less memory
            for features, labels in loader:
                logits = model(features)                  # (B, C)
                total += criterion(logits, labels).item()
                batches += 1
                metric.update(logits, labels)             # accumulates counts over batches
        result = {"loss": total / batches, "accuracy": metric.compute().item()}  # once, after the loop
    finally:
        model.train(was_training)
    metric.reset()
    return result


def add_dropout(model: nn.Sequential, p: float) -> nn.Sequential:
    """A new Sequential with ``Dropout(p)`` right after every activation layer.

    Args:
        model: an ``nn.Sequential`` (left unchanged).
        p: the probability of zeroing an element during training.

    Returns:
        a new ``nn.Sequential`` sharing the layers of ``model``, with a Dropout after each
        ``nn.ReLU``, ``nn.LeakyReLU``, ``nn.Sigmoid`` and ``nn.Tanh``.
    """
    layers: list[nn.Module] = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, ACTIVATIONS):
            layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)


def lr_candidates(kind: str, n: int, low_exp: float, high_exp: float, seed: int) -> list[float]:
    """Learning rates to try: ``10 ** -e`` on a grid of exponents or at random exponents.

    Args:
        kind: ``"grid"`` (evenly spaced exponents) or ``"random"`` (uniformly drawn exponents).
        n: how many learning rates.
        low_exp: the smallest exponent (2 gives 1e-2).
        high_exp: the largest exponent (5 gives 1e-5).
        seed: the seed of ``np.random.default_rng`` (used by ``"random"`` only).

    Returns:
        ``n`` Python floats.
    """
    if kind == "grid":
        exponents = np.linspace(low_exp, high_exp, n)
    elif kind == "random":
        exponents = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    else:
        raise ValueError(f"kind must be 'grid' or 'random', not {kind!r}")
    return [float(10 ** -e) for e in exponents]


def best_epoch(val_losses: list[float], patience: int) -> int:
    """Early stopping: the best epoch seen before ``patience`` epochs in a row bring no new best.

    Args:
        val_losses: the validation loss of each epoch, in order.
        patience: how many epochs without a strictly lower loss end training.

    Returns:
        the 0-based index of the lowest loss seen up to the stop (the earlier one on ties).
    """
    best, best_index, waited = math.inf, 0, 0
    for index, loss in enumerate(val_losses):
        if loss < best:                                   # strictly lower: a tie is no progress
            best, best_index, waited = loss, index, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_index


def confusion_matrix(preds: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Count each (true class, predicted class) pair.

    Args:
        preds: int64 ``(N,)`` predicted classes.
        labels: int64 ``(N,)`` true classes.
        num_classes: C.

    Returns:
        int64 ``(C, C)``: entry ``[i, j]`` counts samples of true class i predicted as j.
    """
    pairs = labels * num_classes + preds                  # (N,): one bin per (true, predicted)
    counts = torch.bincount(pairs, minlength=num_classes * num_classes)  # (C*C,)
    return counts.reshape(num_classes, num_classes).to(torch.int64)       # (C, C), rows = true
