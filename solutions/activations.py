"""Chapter 03, activations: reference implementations."""
from __future__ import annotations

import torch


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """The logistic function ``1 / (1 + exp(-x))``, computed without overflow.

    Args:
        x: float tensor of any shape; |x| may be as large as 1e4.

    Returns:
        a tensor of x's shape and dtype, values in [0, 1]; finite values and gradients.
    """
    positive = x >= 0
    # Each branch only ever sees inputs for which its exp cannot overflow. Feeding the unused
    # branch zeros (not x) matters for gradients: where() sends 0 * (its gradient) there, and
    # 0 * inf would be NaN.
    x_pos = torch.where(positive, x, torch.zeros_like(x))
    x_neg = torch.where(positive, torch.zeros_like(x), x)
    e_neg = torch.exp(x_neg)                           # <= 1
    return torch.where(positive, 1 / (1 + torch.exp(-x_pos)), e_neg / (1 + e_neg))


def relu(x: torch.Tensor) -> torch.Tensor:
    """``max(x, 0)`` element-wise.

    Args:
        x: float tensor of any shape.

    Returns:
        a new tensor of x's shape and dtype.
    """
    return torch.where(x > 0, x, torch.zeros_like(x))


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """``x`` where x >= 0, ``negative_slope * x`` elsewhere.

    Args:
        x: float tensor of any shape.
        negative_slope: the slope for negative inputs.

    Returns:
        a new tensor of x's shape and dtype.
    """
    return torch.where(x >= 0, x, negative_slope * x)


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Softmax along ``dim``: ``exp(x) / sum(exp(x))``, stable for large inputs.

    Args:
        x: float tensor of any shape.
        dim: the dimension whose entries become a probability distribution.

    Returns:
        a tensor of x's shape and dtype; it sums to 1 along ``dim``.
    """
    shifted = x - x.amax(dim=dim, keepdim=True)   # the largest entry becomes 0: exp cannot overflow
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of the sigmoid at x: ``sigmoid(x) * (1 - sigmoid(x))``.

    Args:
        x: float tensor of any shape.

    Returns:
        a tensor of x's shape and dtype, values in [0, 0.25].
    """
    s = sigmoid(x)
    return s * (1 - s)


def predict(outputs: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Class labels from a model's outputs.

    Args:
        outputs: ``(N,)`` or ``(N, 1)`` probabilities of class 1, or ``(N, C)`` scores, C >= 2.
        threshold: a probability above it means class 1 (binary outputs only).

    Returns:
        int64 ``(N,)`` labels.
    """
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > threshold).long()   # (N,)
    return outputs.argmax(dim=-1)                          # (N, C) -> (N,)
