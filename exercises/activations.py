"""Chapter 03, activations: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("activations.softmax")``.
"""
from __future__ import annotations

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """The logistic function ``1 / (1 + exp(-x))``, computed without overflow.

    Args:
        x: float tensor of any shape; |x| may be as large as 1e4.

    Returns:
        a tensor of x's shape and dtype, values in [0, 1]. Values *and gradients* must be
        finite: the grader calls ``sigmoid(x).sum().backward()`` and reads ``x.grad``.

    Example:
        >>> sigmoid(torch.tensor([-1e4, 0.0, 1e4]))
        tensor([0.0000, 0.5000, 1.0000])

    Hints:
        ``exp(-x)`` overflows to inf for x = -1e4, and its gradient becomes NaN. For x < 0 use
        the equal form ``exp(x) / (1 + exp(x))``, whose exp is at most 1. ``torch.where`` picks
        a branch per element, but backward still visits both branches: give each branch inputs
        it can handle (e.g. ``torch.where(x >= 0, x, 0)`` for the positive one).

    Not allowed: ``torch.sigmoid``, ``nn.Sigmoid`` (and ``F.sigmoid``, ``x.sigmoid()``,
    ``torch.special.expit``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.sigmoid")
    # ---- ANSWER END ----


def relu(x: torch.Tensor) -> torch.Tensor:
    """``max(x, 0)`` element-wise.

    Args:
        x: float tensor of any shape.

    Returns:
        a new tensor of x's shape and dtype (``x`` itself is left unchanged).

    Example:
        >>> relu(torch.tensor([-2.0, 0.0, 3.0]))
        tensor([0., 0., 3.])

    Hints:
        ``torch.where``, ``torch.clamp`` or a boolean mask. Do not write into ``x``.

    Not allowed: ``torch.relu``, ``F.relu``, ``nn.ReLU`` (and ``x.relu()``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.relu")
    # ---- ANSWER END ----


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """``x`` where x >= 0, ``negative_slope * x`` elsewhere.

    Args:
        x: float tensor of any shape.
        negative_slope: the slope for negative inputs (``nn.LeakyReLU``'s default is 0.01).

    Returns:
        a new tensor of x's shape and dtype.

    Example:
        >>> leaky_relu(torch.tensor([-2.0, 3.0]), negative_slope=0.5)
        tensor([-1.,  3.])

    Hints:
        Like ReLU, but negative inputs keep a small slope, so their gradient is never 0.

    Not allowed: ``F.leaky_relu``, ``nn.LeakyReLU`` (nor ``torch.prelu``/``nn.PReLU``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.leaky_relu")
    # ---- ANSWER END ----


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Softmax along ``dim``: ``exp(x) / sum(exp(x))``, stable for large inputs.

    Args:
        x: float tensor of any shape; entries may be as large as 1e4 in magnitude.
        dim: the dimension whose entries become a probability distribution (default: the last).

    Returns:
        a tensor of x's shape and dtype that sums to 1 along ``dim``; never NaN or inf.

    Example:
        >>> softmax(torch.tensor([[1.0, 1.0], [0.0, 1000.0]]))
        tensor([[0.5000, 0.5000],
                [0.0000, 1.0000]])

    Hints:
        Subtracting a constant from every entry does not change the softmax: subtract the max
        along ``dim`` (``amax(dim=dim, keepdim=True)``) and exp can no longer overflow. Sum with
        ``keepdim=True`` so the division broadcasts along the right dimension.

    Not allowed: ``torch.softmax``, ``F.softmax``, ``nn.Softmax``, ``x.softmax()``, and the
    log-softmax functions (``exp(log_softmax(x))`` is softmax).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.softmax")
    # ---- ANSWER END ----


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of the sigmoid at x.

    Args:
        x: float tensor of any shape; |x| may be as large as 1e4.

    Returns:
        a tensor of x's shape and dtype, values in [0, 0.25], never NaN.

    Example:
        >>> sigmoid_grad(torch.tensor([0.0]))
        tensor([0.2500])

    Hints:
        ``d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))``. You may call your own ``sigmoid``.
        It is largest at 0 and vanishes for large |x|: that is saturation.

    Not allowed: ``torch.sigmoid`` (and its aliases).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.sigmoid_grad")
    # ---- ANSWER END ----


def predict(outputs: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Class labels from a model's outputs.

    Args:
        outputs: ``(N,)`` or ``(N, 1)``: probabilities of class 1 (after a sigmoid);
            or ``(N, C)`` with C >= 2: one score or probability per class.
        threshold: binary outputs above it (strictly) mean class 1.

    Returns:
        int64 ``(N,)`` labels: 0/1 for binary outputs, the index of the largest score otherwise.

    Example:
        >>> predict(torch.tensor([[0.2], [0.9]]))
        tensor([0, 1])
        >>> predict(torch.tensor([[0.1, 2.0, 0.3]]))
        tensor([1])

    Hints:
        A comparison gives a bool tensor: ``.long()`` turns it into int64. ``argmax(dim=-1)``
        finds the largest score of each row. ``reshape(-1)`` turns ``(N, 1)`` into ``(N,)``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("activations.predict")
    # ---- ANSWER END ----
