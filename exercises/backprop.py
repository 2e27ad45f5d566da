"""Chapter 05, backprop: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("backprop.sgd_step_")``.
"""
from __future__ import annotations

from typing import Callable

import torch
from torch import nn


def parameter_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor,
                        criterion: nn.Module) -> dict[str, torch.Tensor | None]:
    """The gradient of the loss with respect to every trainable parameter.

    Args:
        model: any module. It may still hold ``.grad`` values from earlier work: clear them.
        x: the inputs ``(N, ...)``.
        y: the targets, as ``criterion`` expects them (float ``(N, C)`` for MSE, int64 ``(N,)``
            for cross entropy).
        criterion: a loss module, e.g. ``nn.MSELoss()``.

    Returns:
        ``{name: a copy of its .grad}`` for every parameter that requires grad (names as
        ``named_parameters()`` gives them); None for a parameter the forward pass did not use.

    Example:
        >>> model = nn.Linear(3, 1)
        >>> grads = parameter_gradients(model, torch.ones(4, 3), torch.zeros(4, 1), nn.MSELoss())
        >>> sorted(grads), grads["weight"].shape
        (['bias', 'weight'], torch.Size([1, 3]))

    Hints:
        ``model.zero_grad()`` clears (sets to None) every ``.grad``. Forward, loss,
        ``loss.backward()``. A frozen parameter (``requires_grad=False``) is left out.
        ``.clone()`` makes a copy that the next backward pass cannot change.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.parameter_gradients")
    # ---- ANSWER END ----


def sgd_step_(model: nn.Module, lr: float) -> None:
    """One plain gradient-descent step, in place: ``p -= lr * p.grad``.

    Args:
        model: a module whose parameters hold ``.grad``; a parameter whose ``.grad`` is None is
            skipped.
        lr: the learning rate, e.g. 0.01.

    Returns:
        None. The model's own parameter tensors change.

    Example:
        >>> layer = nn.Linear(2, 1)
        >>> layer(torch.ones(1, 2)).sum().backward()
        >>> sgd_step_(layer, 0.1)       # layer.weight is now 0.1 * its gradient lower

    Hints:
        ``p = p - lr * p.grad`` only rebinds the name ``p``: the model does not change. Update
        in place (``-=``) inside ``with torch.no_grad():``, so that autograd does not record the
        update (it refuses an in-place change of a leaf that requires grad anyway).
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.sgd_step_")
    # ---- ANSWER END ----


def momentum_step_(params: list[torch.Tensor], velocities: list[torch.Tensor], lr: float,
                   momentum: float) -> None:
    """One step of SGD with momentum, exactly as ``optim.SGD(lr=lr, momentum=momentum)``.

    For every parameter ``p`` with a gradient: ``v = momentum * v + p.grad``, then
    ``p -= lr * v``.

    Args:
        params: leaf tensors that require grad, each with a ``.grad`` (None: skip it, and
            leave its velocity as it is).
        velocities: one tensor per parameter, same shape; zeros before the first step.
        lr: the learning rate, e.g. 0.01.
        momentum: the momentum factor, e.g. 0.9.

    Returns:
        None. Both the parameter tensors and the velocity tensors change in place: the caller
        keeps its velocities for the next step.

    Example:
        >>> p = torch.tensor([1.0], requires_grad=True); p.grad = torch.tensor([2.0])
        >>> v = [torch.zeros(1)]
        >>> momentum_step_([p], v, lr=0.1, momentum=0.9)
        >>> p, v[0]                     # v = 0.9 * 0 + 2 = 2;  p = 1 - 0.1 * 2 = 0.8
        (tensor([0.8000], requires_grad=True), tensor([2.]))

    Hints:
        ``v = momentum * v + g`` makes a new tensor and leaves the caller's one unchanged: use
        ``v.mul_(...)`` and ``v.add_(...)``. Update ``p`` with the *new* velocity, under
        ``torch.no_grad()``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.momentum_step_")
    # ---- ANSWER END ----


def numerical_gradient(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor,
                       eps: float = 1e-6) -> torch.Tensor:
    """The gradient of ``f`` at ``x`` by central differences, without autograd.

    ``df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``, where ``e_i`` is 1 in
    coordinate i and 0 elsewhere.

    Args:
        f: a function of a tensor shaped like ``x`` that returns a 0-d tensor.
        x: the point, float64, any shape (0-d included). Do not change it.
        eps: the step of the difference.

    Returns:
        a tensor shaped like ``x``, same dtype.

    Example:
        >>> numerical_gradient(lambda t: (t ** 2).sum(), torch.tensor([1.0, -2.0], dtype=torch.float64))
        tensor([ 2.0000, -4.0000], dtype=torch.float64)

    Hints:
        The one-sided ``(f(x + eps e_i) - f(x)) / eps`` is much less accurate: its error
        shrinks like eps, the central one's like eps squared. ``x.view(-1)`` walks every
        coordinate of any shape. Work on copies of ``x``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.numerical_gradient")
    # ---- ANSWER END ----


def gradient_descent(f: Callable[[torch.Tensor], torch.Tensor], x0: torch.Tensor, lr: float,
                     steps: int, momentum: float = 0.0) -> torch.Tensor:
    """The path of gradient descent with momentum on ``f``, starting at ``x0``.

    Each step: ``g`` = the gradient of ``f`` at ``x`` (by autograd), ``v = momentum * v + g``
    (``v`` starts at zero), ``x = x - lr * v``.

    Args:
        f: a function of a tensor shaped like ``x0`` that returns a 0-d tensor.
        x0: the starting point, any shape. Do not change it.
        lr: the learning rate.
        steps: the number of steps (0 is allowed: the path is just ``x0``).
        momentum: the momentum factor (0 for plain gradient descent).

    Returns:
        ``(steps + 1, *x0.shape)``: ``x0`` first, then the point after each step; detached from
        autograd, with the dtype of ``x0``.

    Example:
        >>> gradient_descent(lambda t: (t ** 2).sum(), torch.tensor([1.0]), lr=0.25, steps=2)
        tensor([[1.0000],
                [0.5000],
                [0.2500]])

    Hints:
        Make a leaf copy that requires grad: ``x = x0.detach().clone().requires_grad_(True)``.
        Clear ``x.grad`` before each backward pass, update under ``torch.no_grad()``, and
        store ``x.detach().clone()`` after each step. ``torch.stack`` builds the path.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.gradient_descent")
    # ---- ANSWER END ----


def linear_backward(x: torch.Tensor, weight: torch.Tensor,
                    grad_out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The gradients of a loss through a linear layer ``y = x @ weight.T + bias``, by hand.

    Args:
        x: the layer's input ``(N, in)``.
        weight: the layer's weight ``(out, in)``.
        grad_out: dLoss/dy, the gradient arriving from above, ``(N, out)``. All three inputs
            share one dtype (float32 or float64).

    Returns:
        a tuple ``(grad_x, grad_weight, grad_bias)`` of shapes ``(N, in)``, ``(out, in)`` and
        ``(out,)``: what autograd would leave in ``x.grad``, ``weight.grad`` and ``bias.grad``.
        Plain tensors that do not require grad.

    Example:
        >>> gx, gw, gb = linear_backward(torch.ones(2, 3), torch.ones(1, 3), torch.ones(2, 1))
        >>> gx.shape, gw.shape, gb
        (torch.Size([2, 3]), torch.Size([1, 3]), tensor([2.]))

    Hints:
        Let the shapes guide you: only one product of ``grad_out (N, out)`` with
        ``weight (out, in)`` gives ``(N, in)``, and only one of ``grad_out`` with ``x (N, in)``
        gives ``(out, in)``. The bias is added to every one of the N rows, so its gradient sums
        over them (not a mean). The bias value itself is not needed.

    Not allowed: autograd (``.backward()``, ``torch.autograd.*``, ``torch.func``), ``F.linear``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("backprop.linear_backward")
    # ---- ANSWER END ----
