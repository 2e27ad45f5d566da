"""Chapter 08, fine_tuning: the functions (and the class) you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("fine_tuning.freeze_")``.
"""
from __future__ import annotations

import copy
from collections import OrderedDict

import torch
from torch import nn, optim


class SmallCNN(nn.Module):
    """A small convolutional network for 8x8 grey images (scikit-learn's digits).

    Args:
        num_classes: the number of outputs (logits).

    Attributes (exactly these, in this order, so that saved weights load into it):
        features: ``nn.Sequential(Conv2d(1, 8, 3, padding=1), ReLU(), MaxPool2d(2),
            Conv2d(8, 16, 3, padding=1), ReLU(), MaxPool2d(2), Flatten())``
        classifier: ``nn.Linear(64, num_classes)``

    Shapes:
        ``forward(x)``: ``(N, 1, 8, 8)`` -> features ``(N, 64)`` -> logits ``(N, num_classes)``.

    Example:
        >>> SmallCNN(10)(torch.zeros(2, 1, 8, 8)).shape
        torch.Size([2, 10])

    Hints:
        ``padding=1`` keeps a 3x3 convolution from shrinking the image; each ``MaxPool2d(2)``
        halves it: 8 -> 4 -> 2, and 16 channels * 2 * 2 = 64. No softmax at the end: the
        model returns logits.
    """

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        # ---- ANSWER START ----
        raise NotImplementedError("fine_tuning.SmallCNN")
        # ---- ANSWER END ----

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # ---- ANSWER START ----
        raise NotImplementedError("fine_tuning.SmallCNN")
        # ---- ANSWER END ----


def save_checkpoint(path: str, model: nn.Module, optimizer: optim.Optimizer, epoch: int) -> None:
    """Save what resuming needs: the epoch, the model's and the optimizer's state_dicts.

    Args:
        path: the file to write.
        model: the model being trained.
        optimizer: its optimizer (its state holds momentum buffers or Adam's averages).
        epoch: the last finished epoch.

    Returns:
        None. The file holds ``{"epoch": epoch, "model_state_dict": ..., "optimizer_state_dict":
        ...}`` (the PyTorch tutorial's keys) and loads with ``torch.load(path, weights_only=True)``.

    Example:
        >>> save_checkpoint("ckpt.pt", model, optimizer, epoch=3)
        >>> sorted(torch.load("ckpt.pt", weights_only=True))
        ['epoch', 'model_state_dict', 'optimizer_state_dict']

    Hints:
        ``weights_only=True`` loads tensors, numbers, strings, lists and dicts, and refuses
        whole objects such as a module or an optimizer: save their ``state_dict()``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.save_checkpoint")
    # ---- ANSWER END ----


def load_checkpoint(path: str, model: nn.Module, optimizer: optim.Optimizer) -> int:
    """Restore a model and its optimizer from a file written by ``save_checkpoint``.

    Args:
        path: the checkpoint file.
        model: a model of the same architecture; changed in place.
        optimizer: an optimizer over ``model``'s parameters; changed in place.

    Returns:
        the epoch stored in the checkpoint. Training on from here gives the same parameters
        as never having stopped.

    Example:
        >>> start = load_checkpoint("ckpt.pt", model, optimizer) + 1

    Hints:
        ``torch.load(path, weights_only=True)``, then ``load_state_dict`` on both objects.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.load_checkpoint")
    # ---- ANSWER END ----


def freeze_(model: nn.Module, names: list[str]) -> None:
    """Stop the named parameters from training (``requires_grad = False``), in place.

    Args:
        model: any module.
        names: exact parameter names, as ``model.named_parameters()`` spells them,
            e.g. ``["0.weight", "0.bias"]``.

    Returns:
        None.

    Raises:
        KeyError: naming every unknown name, raised before anything is frozen.

    Example:
        >>> freeze_(model, ["0.weight"])
        >>> model[0].weight.requires_grad
        False

    Hints:
        ``dict(model.named_parameters())`` maps names to parameters. Compare names
        exactly: ``"0.weight"`` is a substring of ``"10.weight"``. ``=`` assigns, ``==`` compares.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.freeze_")
    # ---- ANSWER END ----


def trainable_names(model: nn.Module) -> list[str]:
    """The names of the parameters that require grad, in the model's order.

    Args:
        model: any module.

    Returns:
        a list of names, e.g. ``["2.weight", "2.bias"]`` when layer 0 is frozen.

    Example:
        >>> trainable_names(nn.Sequential(nn.Linear(2, 2)))
        ['0.weight', '0.bias']

    Hints:
        ``named_parameters()`` yields ``(name, parameter)`` pairs; ``state_dict()`` also holds
        buffers such as batch norm's running mean, which are not parameters.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.trainable_names")
    # ---- ANSWER END ----


def replace_head(model: nn.Sequential, num_classes: int) -> nn.Sequential:
    """The same layers with the last top-level Linear (the head) replaced by a new one.

    Args:
        model: an ``nn.Sequential``; it must not be changed.
        num_classes: the new head's number of outputs.

    Returns:
        a new ``nn.Sequential``: the same layers (they may be shared, keeping their weights and
        ``requires_grad``), except the last top-level ``nn.Linear``, which becomes
        ``nn.Linear(old.in_features, num_classes)`` (with bias, on the old head's device and
        dtype). Layers after the head are kept.

    Example:
        >>> replace_head(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), 5)
        Sequential((0): Linear(4, 8), (1): ReLU(), (2): Linear(in_features=8, out_features=5))

    Hints:
        ``list(model)`` gives the layers; find the index of the last ``nn.Linear``.
        ``nn.Linear(..., dtype=..., device=...)`` creates it in the right place.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.replace_head")
    # ---- ANSWER END ----


def fine_tune_optimizer(model: nn.Module, lr: float, head_lr: float,
                        momentum: float = 0.9) -> optim.SGD:
    """SGD with two parameter groups: the head at ``head_lr``, every other trainable one at ``lr``.

    Args:
        model: a model whose last ``nn.Linear`` (in ``model.modules()`` order) is the head.
        lr: the learning rate of the pretrained layers (small: they are nearly right).
        head_lr: the learning rate of the new head (larger: it starts from scratch).
        momentum: SGD's momentum, for both groups.

    Returns:
        an ``optim.SGD``; frozen parameters (``requires_grad`` False) are in no group.

    Example:
        >>> opt = fine_tune_optimizer(model, lr=1e-4, head_lr=1e-2)
        >>> [g["lr"] for g in opt.param_groups]
        [0.0001, 0.01]

    Hints:
        ``optim.SGD([{"params": [...], "lr": lr}, {"params": [...], "lr": head_lr}],
        momentum=momentum)``. Tell parameters apart by identity (``id(p)``), not by value.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.fine_tune_optimizer")
    # ---- ANSWER END ----


def load_backbone_(model: nn.Module, state_dict: dict) -> dict:
    """Load every entry whose name and shape match the model's; skip the rest.

    Args:
        model: the model to fill, in place (e.g. one with a new head).
        state_dict: a pretrained ``state_dict`` (e.g. whose head has another size).

    Returns:
        ``{"loaded": [names], "skipped": [names]}``, both in ``state_dict``'s order; a name the
        model has but ``state_dict`` lacks is in neither list.

    Example:
        >>> load_backbone_(new_model, pretrained.state_dict())
        {'loaded': ['0.weight', '0.bias'], 'skipped': ['2.weight', '2.bias']}

    Hints:
        ``model.load_state_dict(sd)`` raises on a size mismatch, even with ``strict=False``;
        ``strict=False`` only tolerates missing and unexpected names. Filter first.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.load_backbone_")
    # ---- ANSWER END ----


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> int:
    """The output length of ``Conv2d``/``MaxPool2d`` along one dimension.

    Args:
        size: the input length along the dimension (height or width), a Python int.
        kernel_size: the kernel's length along it.
        stride: the step between windows; 1 here. ``MaxPool2d``'s stride defaults to its
            kernel size: pass that explicitly.
        padding: zeros added on each side.
        dilation: the spacing between kernel taps (1: adjacent).

    Returns:
        ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1`` as a
        Python ``int`` (not a float, not a tensor).

    Raises:
        ValueError: when ``stride < 1``, ``dilation < 1`` or ``padding < 0``, or when the
        result would be below 1 (the dilated kernel does not fit in the padded input).

    Example:
        >>> conv_output_size(8, 3, padding=1)      # SmallCNN's first Conv2d keeps 8x8
        8
        >>> conv_output_size(8, 2, stride=2)       # its MaxPool2d(2) halves it
        4

    Hints:
        ``//`` is floor division on ints and keeps the result an int; ``/`` gives a float.
        A dilated kernel of size k covers ``dilation * (k - 1) + 1`` input positions.

    Not allowed: nothing is forbidden, but build no layer to measure it: the formula is the
    exercise.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("fine_tuning.conv_output_size")
    # ---- ANSWER END ----
