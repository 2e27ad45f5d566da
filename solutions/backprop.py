"""Chapter 05, backprop: reference implementations."""
from __future__ import annotations

from typing import Callable

import torch
from torch import nn


def parameter_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor,
                        criterion: nn.Module) -> dict[str, torch.Tensor | None]:
    """The gradient of the loss with respect to every trainable parameter.

    Args:
        model: any module; its old ``.grad`` values are cleared first.
        x: the inputs ``(N, ...)``.
        y: the targets, as ``criterion`` expects them.
        criterion: a loss module, e.g. ``nn.MSELoss()``.

    Returns:
        ``{name: a copy of its .grad}`` for every parameter that requires grad, in the order of
        ``named_parameters()``; None for a parameter the forward pass did not use.
    """
    model.zero_grad(set_to_none=True)   # stale gradients would be added to the new ones
    loss = criterion(model(x), y)       # 0-d
    loss.backward()
    return {name: None if p.grad is None else p.grad.detach().clone()
            for name, p in model.named_parameters() if p.requires_grad}


def sgd_step_(model: nn.Module, lr: float) -> None:
    """One plain gradient-descent step, in place: ``p -= lr * p.grad``.

    Args:
        model: a module whose parameters hold ``.grad`` (a parameter without one is skipped).
        lr: the learning rate.
    """
    with torch.no_grad():               # the update itself must not become part of the graph
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad        # in place: the model's own tensors change


def momentum_step_(params: list[torch.Tensor], velocities: list[torch.Tensor], lr: float,
                   momentum: float) -> None:
    """One step of SGD with momentum, as ``optim.SGD(lr=lr, momentum=momentum)`` takes it.

    ``v = momentum * v + grad`` then ``p -= lr * v``, both in place.

    Args:
        params: leaf tensors that require grad, each with a ``.grad`` (or None: skipped).
        velocities: one tensor per parameter, same shape, zeros before the first step.
        lr: the learning rate.
        momentum: the momentum factor, e.g. 0.9.
    """
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad)   # v = momentum * v + grad, in the caller's tensor
            p -= lr * v


def numerical_gradient(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor,
                       eps: float = 1e-6) -> torch.Tensor:
    """The gradient of ``f`` at ``x`` by central differences.

    ``df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``, one coordinate at a time.

    Args:
        f: a function of a tensor shaped like ``x`` that returns a 0-d tensor.
        x: the point, float64, any shape (not changed).
        eps: the step of the difference.

    Returns:
        a tensor shaped like ``x``, same dtype.
    """
    grad = torch.zeros_like(x)                  # (*x.shape)
    with torch.no_grad():
        for i in range(x.numel()):
            step = torch.zeros_like(x)
            step.view(-1)[i] = eps              # eps in coordinate i, 0 elsewhere
            grad.view(-1)[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def gradient_descent(f: Callable[[torch.Tensor], torch.Tensor], x0: torch.Tensor, lr: float,
                     steps: int, momentum: float = 0.0) -> torch.Tensor:
    """The path of gradient descent with momentum on ``f``, starting at ``x0``.

    Each step: ``g = grad f(x)`` by autograd, ``v = momentum * v + g``, ``x -= lr * v``.

    Args:
        f: a function of a tensor shaped like ``x0`` that returns a 0-d tensor.
        x0: the starting point, any shape (not changed).
        lr: the learning rate.
        steps: the number of steps.
        momentum: the momentum factor (0 for plain gradient descent).

    Returns:
        ``(steps + 1, *x0.shape)``: ``x0`` followed by the point after each step; detached,
        dtype of ``x0``.
    """
    x = x0.detach().clone().requires_grad_(True)
    velocity = torch.zeros_like(x0)
    path = [x0.detach().clone()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            velocity = momentum * velocity + x.grad
            x -= lr * velocity
        path.append(x.detach().clone())
    return torch.stack(path)                    # (steps + 1, *x0.shape)


def linear_backward(x: torch.Tensor, weight: torch.Tensor,
                    grad_out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The gradients of a loss through ``y = x @ weight.T + bias``, by hand.

    Args:
        x: the layer's input ``(N, in)``.
        weight: the layer's weight ``(out, in)``.
        grad_out: dLoss/dy ``(N, out)``, the same dtype as ``x`` and ``weight``.

    Returns:
        ``(grad_x, grad_weight, grad_bias)`` of shapes ``(N, in)``, ``(out, in)``, ``(out,)``:
        ``grad_out @ weight``, ``grad_out.T @ x`` and ``grad_out`` summed over the batch; plain
        tensors that do not require grad.
    """
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    grad_x = grad_out @ weight                  # (N, out) @ (out, in) -> (N, in)
    grad_weight = grad_out.T @ x                # (out, N) @ (N, in) -> (out, in)
    grad_bias = grad_out.sum(dim=0)             # (out,): the bias is added to every row
    return grad_x, grad_weight, grad_bias
