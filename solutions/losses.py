"""Chapter 04, losses: reference implementations."""
from __future__ import annotations

import torch


def _check_same_shape(a: torch.Tensor, b: torch.Tensor, what: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{what}: prediction shape {tuple(a.shape)} and target shape {tuple(b.shape)} "
                         f"differ; broadcasting them would compare every prediction with every target")


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """One-hot encode class labels.

    Args:
        labels: int64 ``(N,)`` class indices in ``[0, num_classes)``.
        num_classes: C, the number of classes.

    Returns:
        float32 ``(N, C)``: row i is all zeros except a 1 at column ``labels[i]``.

    Raises:
        ValueError: a label outside ``[0, num_classes)``.
    """
    if labels.numel() and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got values from "
                         f"{labels.min().item()} to {labels.max().item()}")
    out = torch.zeros(labels.shape[0], num_classes)          # (N, C) float32
    out[torch.arange(labels.shape[0]), labels] = 1.0
    return out


def mse_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error.

    Args:
        pred: predictions, any shape.
        target: targets of exactly the same shape.

    Returns:
        a 0-d tensor: the mean of ``(pred - target) ** 2``.

    Raises:
        ValueError: the shapes differ (``(N, 1)`` against ``(N,)`` would broadcast to ``(N, N)``).
    """
    _check_same_shape(pred, target, "mse_loss")
    return ((pred - target) ** 2).mean()


def _log_softmax(logits: torch.Tensor) -> torch.Tensor:
    """Log-probabilities over the last dim, stable for large logits (the log-sum-exp trick)."""
    shifted = logits - logits.amax(dim=-1, keepdim=True)                  # (N, C), max 0
    return shifted - torch.log(torch.exp(shifted).sum(dim=-1, keepdim=True))


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Cross entropy of raw scores (logits), equal to ``F.cross_entropy`` (mean).

    Args:
        logits: ``(N, C)`` raw scores: no softmax applied.
        target: int64 ``(N,)`` class indices, or float ``(N, C)`` class probabilities.

    Returns:
        a 0-d tensor: the mean over the N samples of ``-sum_c target_c * log softmax(logits)_c``.
    """
    log_probs = _log_softmax(logits)                                       # (N, C)
    if target.dtype.is_floating_point:                                     # probabilities (N, C)
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(logits.shape[0]), target].mean()        # indices (N,)


def binary_cross_entropy(probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Binary cross entropy of probabilities, equal to ``nn.BCELoss`` (mean).

    Args:
        probs: probabilities in [0, 1], any shape.
        target: targets in [0, 1] of the same shape.

    Returns:
        a 0-d tensor: the mean of ``-(t * log p + (1 - t) * log(1 - p))``, each log clamped
        at -100 as ``nn.BCELoss`` does (so p = 0 or 1 gives a finite loss).

    Raises:
        ValueError: the shapes differ.
    """
    _check_same_shape(probs, target, "binary_cross_entropy")
    log_p = torch.clamp(torch.log(probs), min=-100)
    log_not_p = torch.clamp(torch.log(1 - probs), min=-100)
    return -(target * log_p + (1 - target) * log_not_p).mean()


def smooth_l1_loss(pred: torch.Tensor, target: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    """Smooth L1 loss, equal to ``nn.SmoothL1Loss(beta=beta)`` (mean).

    Args:
        pred: predictions, any shape.
        target: targets of the same shape.
        beta: where the loss switches from quadratic to linear; 0 gives the plain L1 loss.

    Returns:
        a 0-d tensor: the mean of ``0.5 * d**2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta``.
    """
    diff = (pred - target).abs()
    if beta == 0:
        return diff.mean()                      # the quadratic part has shrunk to nothing
    return torch.where(diff < beta, 0.5 * diff ** 2 / beta, diff - 0.5 * beta).mean()


def nll_loss(log_probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood of log-probabilities, equal to ``F.nll_loss`` (mean).

    Args:
        log_probs: ``(N, C)`` log-probabilities (e.g. the output of ``nn.LogSoftmax(dim=1)``).
        target: int64 ``(N,)`` class indices.

    Returns:
        a 0-d tensor: ``-mean_i log_probs[i, target[i]]``.
    """
    picked = log_probs[torch.arange(log_probs.shape[0]), target]      # (N,)
    return -picked.mean()


def _softplus(x: torch.Tensor) -> torch.Tensor:
    """``log(1 + exp(x))`` without overflow: ``max(x, 0) + log1p(exp(-|x|))``."""
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-x.abs()))


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor,
                    pos_weight: torch.Tensor | None = None) -> torch.Tensor:
    """Binary cross entropy of raw scores, equal to ``F.binary_cross_entropy_with_logits`` (mean).

    Args:
        logits: raw scores (no sigmoid applied), float, any shape; as large as 1e4 in magnitude.
        target: targets in [0, 1], the same shape as ``logits``.
        pos_weight: None, or a tensor broadcast against ``logits`` along the last dimension
            (one weight per class, ``(C,)``) that multiplies the positive term.

    Returns:
        a 0-d tensor: the mean of ``pos_weight * t * softplus(-z) + (1 - t) * softplus(z)``,
        since ``-log sigmoid(z) = softplus(-z)`` and ``-log(1 - sigmoid(z)) = softplus(z)``.

    Raises:
        ValueError: ``target``'s shape differs from ``logits'``.
    """
    _check_same_shape(logits, target, "bce_with_logits")
    positive = _softplus(-logits)                  # -log sigmoid(z), finite for any z
    negative = _softplus(logits)                   # -log(1 - sigmoid(z))
    if pos_weight is not None:
        positive = pos_weight * positive          # broadcast along the last dim, as torch does
    return (target * positive + (1 - target) * negative).mean()


def cross_entropy_grad(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The gradient of the mean cross entropy with respect to the logits, by hand.

    Args:
        logits: ``(N, C)`` raw scores, float; as large as 1e3.
        target: int64 ``(N,)`` class indices in ``[0, C)``.

    Returns:
        ``(N, C)``, the dtype of ``logits``: ``(softmax(logits) - one_hot(target)) / N``, a plain
        tensor that does not require grad.
    """
    z = logits.detach()
    n = z.shape[0]
    shifted = z - z.amax(dim=1, keepdim=True)                  # (N, C), each row's max is 0
    probs = torch.exp(shifted)
    probs = probs / probs.sum(dim=1, keepdim=True)             # (N, C) softmax
    probs[torch.arange(n), target] -= 1.0                      # minus the one-hot target
    return probs / n
