"""Chapter 04, losses: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("losses.cross_entropy")``.
"""
from __future__ import annotations

import torch


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """One-hot encode class labels.

    Args:
        labels: int64 ``(N,)`` class indices.
        num_classes: C, the number of classes.

    Returns:
        float32 ``(N, C)``: row i is all zeros except a 1 at column ``labels[i]``.

    Raises:
        ValueError: a label outside ``[0, num_classes)`` (negative labels included).

    Example:
        >>> one_hot(torch.tensor([0, 2]), 3)
        tensor([[1., 0., 0.],
                [0., 0., 1.]])

    Hints:
        Start from ``torch.zeros(N, C)`` (float32 by default) and set one entry per row:
        index rows and columns together, ``out[torch.arange(N), labels] = 1``. Check the labels
        first: negative indices would silently count from the end.

    Not allowed: ``F.one_hot``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.one_hot")
    # ---- ANSWER END ----


def mse_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error: the mean of ``(pred - target) ** 2``.

    Args:
        pred: predictions, float, any shape.
        target: targets of exactly the same shape.

    Returns:
        a 0-d tensor (gradients must flow back to ``pred``).

    Raises:
        ValueError: when the shapes differ. ``(N, 1)`` minus ``(N,)`` broadcasts to ``(N, N)``
        and silently compares every prediction with every target.

    Example:
        >>> mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0]))
        tensor(2.)

    Hints:
        Compare ``pred.shape`` with ``target.shape`` before computing anything.

    Not allowed: ``F.mse_loss``, ``nn.MSELoss``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.mse_loss")
    # ---- ANSWER END ----


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Cross entropy of raw scores (logits), equal to ``F.cross_entropy`` (mean).

    Args:
        logits: ``(N, C)`` raw scores, not probabilities: no softmax has been applied. They may
            be as large as 1e3.
        target: either int64 ``(N,)`` class indices, or float ``(N, C)`` class probabilities
            (each row sums to 1, e.g. one-hot rows).

    Returns:
        a 0-d tensor: the mean over samples of ``-sum_c target_c * log_softmax(logits)_c``
        (for indices, ``-log_softmax(logits)[i, target[i]]``).

    Example:
        >>> cross_entropy(torch.tensor([[2.0, 0.0]]), torch.tensor([0]))
        tensor(0.1269)

    Hints:
        ``log_softmax(z) = z - log(sum(exp(z)))``; subtract each row's max first so exp cannot
        overflow (the log-sum-exp trick). ``log(softmax(z))`` is not stable: softmax rounds tiny
        probabilities to 0 and log(0) is -inf. Tell the two target kinds apart by dtype
        (``target.dtype.is_floating_point``).

    Not allowed: ``F.cross_entropy``, ``nn.CrossEntropyLoss``, ``F.log_softmax`` (also
    ``torch.log_softmax``, ``x.log_softmax()``, ``nn.LogSoftmax``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.cross_entropy")
    # ---- ANSWER END ----


def binary_cross_entropy(probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Binary cross entropy of probabilities, equal to ``nn.BCELoss`` (mean).

    Args:
        probs: probabilities in [0, 1] (after a sigmoid), any shape; exactly 0 and 1 may occur.
        target: targets in [0, 1] of the same shape.

    Returns:
        a 0-d tensor: the mean of ``-(t * log(p) + (1 - t) * log(1 - p))`` where each log is
        clamped below at -100, as ``nn.BCELoss`` does, so the loss stays finite.

    Raises:
        ValueError: when the shapes differ.

    Example:
        >>> binary_cross_entropy(torch.tensor([0.5, 1.0]), torch.tensor([1.0, 0.0]))
        tensor(50.3466)

    Hints:
        ``torch.clamp(torch.log(p), min=-100)``. Clamp the log, not the probability. Clamp
        before multiplying: ``0 * log(0)`` is ``0 * -inf``, which is NaN.

    Not allowed: ``F.binary_cross_entropy``, ``nn.BCELoss``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.binary_cross_entropy")
    # ---- ANSWER END ----


def smooth_l1_loss(pred: torch.Tensor, target: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    """Smooth L1 loss, equal to ``nn.SmoothL1Loss(beta=beta)`` (mean).

    Args:
        pred: predictions, float, any shape.
        target: targets of the same shape.
        beta: where the loss turns from quadratic to linear; ``beta=0`` gives the L1 loss.

    Returns:
        a 0-d tensor: the mean over elements of ``0.5 * d**2 / beta`` where ``|d| < beta``
        and ``|d| - 0.5 * beta`` elsewhere, with ``d = pred - target``.

    Example:
        >>> smooth_l1_loss(torch.tensor([0.0, 3.0]), torch.tensor([0.5, 0.0]))
        tensor(1.3125)

    Hints:
        ``torch.where(cond, a, b)``. Small errors are squared (gentle gradients near the
        target), large ones count linearly (outliers pull less than with MSE). Dividing by a
        ``beta`` of 0 gives inf or NaN even in the branch ``where`` does not pick: handle
        ``beta == 0`` on its own.

    Not allowed: ``F.smooth_l1_loss``, ``nn.SmoothL1Loss`` (nor ``F.huber_loss``/``nn.HuberLoss``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.smooth_l1_loss")
    # ---- ANSWER END ----


def nll_loss(log_probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood of log-probabilities, equal to ``F.nll_loss`` (mean).

    Args:
        log_probs: ``(N, C)`` log-probabilities, e.g. the output of ``nn.LogSoftmax(dim=1)``.
        target: int64 ``(N,)`` class indices.

    Returns:
        a 0-d tensor: ``-mean_i log_probs[i, target[i]]``.

    Example:
        >>> nll_loss(torch.log(torch.tensor([[0.5, 0.5], [0.9, 0.1]])), torch.tensor([0, 0]))
        tensor(0.3993)

    Hints:
        The inputs are already logs: do not take another log or softmax. Pick one entry per
        row with ``log_probs[torch.arange(N), target]`` (``log_probs[:, target]`` picks an
        N x N block) or ``gather``.

    Not allowed: ``F.nll_loss``, ``nn.NLLLoss`` (nor ``F.cross_entropy``, which equals it on
    log-probabilities).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.nll_loss")
    # ---- ANSWER END ----


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor,
                    pos_weight: torch.Tensor | None = None) -> torch.Tensor:
    """Binary cross entropy of raw scores, equal to ``F.binary_cross_entropy_with_logits`` (mean).

    Args:
        logits: raw scores z (no sigmoid applied), float32 or float64, any shape; they may be
            as large as 1e4 in magnitude.
        target: targets t in [0, 1], exactly the same shape as ``logits``.
        pos_weight: None, or a tensor of weights for the positive term, broadcast against
            ``logits`` along the last dimension (one weight per class, shape ``(C,)``), as
            torch applies it.

    Returns:
        a 0-d tensor: the mean over elements of ``-(w * t * log(sigmoid(z)) + (1 - t) *
        log(1 - sigmoid(z)))``, with ``w = pos_weight`` (1 when None). Its values and its
        gradients with respect to ``logits`` must stay finite for |z| up to 1e4.

    Raises:
        ValueError: when ``target``'s shape differs from ``logits'``.

    Example:
        >>> bce_with_logits(torch.tensor([0.0, 2.0]), torch.tensor([1.0, 0.0]))
        tensor(1.4100)

    Hints:
        ``-log(sigmoid(z)) = softplus(-z)`` and ``-log(1 - sigmoid(z)) = softplus(z)``, where
        ``softplus(z) = log(1 + exp(z))``. Write softplus so that exp never overflows:
        ``max(z, 0) + log1p(exp(-|z|))``. ``sigmoid`` then ``log`` rounds to ``log(0) = -inf``
        for large |z|. ``pos_weight`` multiplies only the positive (``t * ...``) term.

    Not allowed: ``F.binary_cross_entropy_with_logits``, ``nn.BCEWithLogitsLoss``,
    ``torch.sigmoid`` (and ``x.sigmoid()``, ``F.sigmoid``, ``torch.special.expit``,
    ``nn.Sigmoid``), ``F.logsigmoid``/``nn.LogSigmoid``, ``F.softplus``/``nn.Softplus``,
    ``torch.logaddexp``, ``F.binary_cross_entropy``/``nn.BCELoss``, and calls into other
    exercise modules (e.g. ``exercises.activations``).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.bce_with_logits")
    # ---- ANSWER END ----


def cross_entropy_grad(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The gradient of the mean cross entropy with respect to the logits, by hand.

    Args:
        logits: ``(N, C)`` raw scores, float32 or float64; they may be as large as 1e3.
        target: int64 ``(N,)`` class indices, all valid (``0 <= t < C``).

    Returns:
        ``(N, C)``, the dtype of ``logits``: ``(softmax(logits) - one_hot(target)) / N``, the
        gradient ``F.cross_entropy(logits, target)`` would leave in ``logits.grad``; a plain
        tensor that does not require grad.

    Example:
        >>> cross_entropy_grad(torch.tensor([[0.0, 0.0]]), torch.tensor([1]))
        tensor([[ 0.5000, -0.5000]])

    Hints:
        Subtract each row's max before ``exp`` (it changes nothing in the softmax, and
        ``exp(1e3)`` is inf). Subtract 1 at each row's target column only, then divide by N
        (the loss is a mean). Work on ``logits.detach()``, or under ``torch.no_grad()``.

    Not allowed: autograd (``.backward()``, ``torch.autograd.*``, ``torch.func``), torch's
    softmax, log-softmax and cross-entropy functions (``torch.softmax``, ``F.softmax``,
    ``x.softmax()``, ``nn.Softmax``, ``F.log_softmax``, ``F.cross_entropy``, ... ) and calls into
    other exercise modules. ``F.one_hot`` and ``torch.logsumexp`` are allowed.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("losses.cross_entropy_grad")
    # ---- ANSWER END ----
