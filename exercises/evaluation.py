"""Chapter 07, evaluation: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("evaluation.accuracy")``.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, Subset, random_split


def split(dataset: Dataset, fractions: list[float], seed: int) -> list[Subset]:
    """Split a dataset at random into parts of the given fractions, the same way for a seed.

    Args:
        dataset: any map-style dataset of N samples.
        fractions: fractions summing to 1, e.g. ``[0.8, 0.1, 0.1]`` for train/validation/test.
        seed: the seed of the generator that shuffles the indices.

    Returns:
        a list of ``Subset`` objects, one per fraction: exactly what ``random_split(dataset,
        fractions, generator=torch.Generator().manual_seed(seed))`` returns.

    Example:
        >>> train, val = split(TensorDataset(torch.arange(10.0)), [0.8, 0.2], seed=7)
        >>> len(train), len(val)
        (8, 2)

    Hints:
        ``random_split`` accepts fractions. Without a seeded generator of its own it draws from
        the global one, and the split changes from run to run.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.split")
    # ---- ANSWER END ----


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The fraction of samples whose highest logit is at their label.

    Args:
        logits: float ``(N, C)`` scores, one row per sample.
        labels: int64 ``(N,)`` true classes in ``[0, C)``.

    Returns:
        a Python float in [0, 1], equal to
        ``torchmetrics.Accuracy(task="multiclass", num_classes=C)(logits, labels)``.

    Example:
        >>> accuracy(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0]))
        0.5

    Hints:
        The predicted class is the argmax over the classes (ties go to the first).
        Compare with the labels, count, divide; ``.item()`` gives a Python number.

    Not allowed: torchmetrics, sklearn.metrics.accuracy_score.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.accuracy")
    # ---- ANSWER END ----


def evaluate(model: nn.Module, loader: DataLoader, criterion: nn.Module, num_classes: int) -> dict:
    """Loss and accuracy of a classifier on a whole loader, in eval mode and without autograd.

    Args:
        model: a classifier returning logits ``(B, C)``; it may contain Dropout.
        loader: yields ``(features, labels)`` batches: float ``(B, D)`` and int64 ``(B,)``;
            batches may have different sizes (the last is often smaller).
        criterion: a loss taking ``(logits, labels)``, e.g. ``nn.CrossEntropyLoss()``.
        num_classes: C.

    Returns:
        ``{"loss": float, "accuracy": float}``: the loss is the unweighted mean of the batch
        losses (sum of ``loss.item()`` / number of batches); the accuracy counts over all
        samples. ``model.training`` must be what it was before the call.

    Example:
        >>> evaluate(model, val_loader, nn.CrossEntropyLoss(), 10)
        {'loss': 0.41, 'accuracy': 0.87}

    Hints:
        ``model.eval()`` turns dropout off; ``with torch.no_grad():`` stops autograd from
        recording. A torchmetrics metric is ``update``-d per batch and ``compute``-d once,
        after the loop (``import torchmetrics`` inside the function: it is slow to import).
        Remember ``model.training`` first, restore it with ``model.train(was_training)``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.evaluate")
    # ---- ANSWER END ----


def add_dropout(model: nn.Sequential, p: float) -> nn.Sequential:
    """A new Sequential with ``Dropout(p)`` right after every activation layer.

    Args:
        model: an ``nn.Sequential`` of layers; it must not be changed.
        p: the probability of zeroing an element during training.

    Returns:
        a new ``nn.Sequential`` with the same layers (they may be shared) and an
        ``nn.Dropout(p)`` after each ``nn.ReLU``, ``nn.LeakyReLU``, ``nn.Sigmoid`` and ``nn.Tanh``.

    Example:
        >>> add_dropout(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), 0.5)
        Sequential((0): Linear(...), (1): ReLU(), (2): Dropout(p=0.5, ...), (3): Linear(...))

    Hints:
        Iterate over the layers, collect them in a list, append a Dropout where it belongs,
        then ``nn.Sequential(*layers)``. ``isinstance`` accepts a tuple of classes.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.add_dropout")
    # ---- ANSWER END ----


def lr_candidates(kind: str, n: int, low_exp: float, high_exp: float, seed: int) -> list[float]:
    """Learning rates to try: ``10 ** -e`` on a grid of exponents or at random exponents.

    Args:
        kind: ``"grid"``: exponents ``np.linspace(low_exp, high_exp, n)``; ``"random"``:
            exponents ``np.random.default_rng(seed).uniform(low_exp, high_exp, n)``.
        n: how many learning rates.
        low_exp: the smallest exponent (2 gives 1e-2).
        high_exp: the largest exponent (5 gives 1e-5).
        seed: the seed of the random generator (``"random"`` only).

    Returns:
        a list of ``n`` Python floats.

    Example:
        >>> lr_candidates("grid", 4, 2, 5, seed=0)
        [0.01, 0.001, 0.0001, 1e-05]

    Hints:
        Mind the minus sign in ``10 ** -e``. ``float(...)`` turns a numpy number into a
        Python one.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.lr_candidates")
    # ---- ANSWER END ----


def best_epoch(val_losses: list[float], patience: int) -> int:
    """Early stopping: the best epoch seen before ``patience`` epochs in a row bring no new best.

    Args:
        val_losses: the validation loss of each epoch, in order.
        patience: after this many epochs in a row without a strictly lower loss, training stops.

    Returns:
        the 0-based index of the lowest loss seen up to the stop; on a tie, the earlier epoch.

    Example:
        >>> best_epoch([1.0, 0.8, 0.9, 0.85, 0.7], patience=2)   # stops after 0.85: 0.7 comes too late
        1

    Hints:
        Walk the losses once, keeping the best loss, its index and a counter of epochs
        without progress. The epochs after the stop are never seen.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.best_epoch")
    # ---- ANSWER END ----


def confusion_matrix(preds: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Count each (true class, predicted class) pair.

    Args:
        preds: int64 ``(N,)`` predicted classes.
        labels: int64 ``(N,)`` true classes.
        num_classes: C; classes that never occur still get a row and a column.

    Returns:
        int64 ``(C, C)``: entry ``[i, j]`` counts samples of true class ``i`` predicted as ``j``.

    Example:
        >>> confusion_matrix(torch.tensor([0, 1, 1]), torch.tensor([0, 0, 1]), 2)
        tensor([[1, 1],
                [0, 1]])

    Hints:
        A loop over the samples works. Faster: give each pair one number,
        ``label * C + pred``, count them with ``torch.bincount(..., minlength=C * C)`` and reshape.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("evaluation.confusion_matrix")
    # ---- ANSWER END ----
