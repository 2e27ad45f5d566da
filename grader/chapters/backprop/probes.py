"""Probes and builders of chapter 05: gradients, in-place steps and the state they leave behind."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

import torch
from torch import nn

from grader import wire
from grader.probes.common import RETURNED
from grader.probes.registry import probe
from grader.builders import builder

# What a probe writes into every .grad after the call: returned "copies" that show it were not.
MARK = 12345.0
LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation"


# ---------------------------------------------------------------- builders

class PartlyUsedNet(nn.Module):
    """``hidden`` and ``output`` are used by forward; ``spare`` never is (its grad stays None)."""

    def __init__(self, sizes: list[int]) -> None:
        super().__init__()
        self.hidden = nn.Linear(sizes[0], sizes[1])
        self.spare = nn.Linear(sizes[1], sizes[1])
        self.output = nn.Linear(sizes[1], sizes[2])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(torch.tanh(self.hidden(x)))


@builder("partly_used_net")
def partly_used_net(sizes: list[int], seed: int = 0) -> PartlyUsedNet:
    torch.manual_seed(seed)
    return PartlyUsedNet(sizes)


@builder("leaf_params")
def leaf_params(values: list, grads: list) -> list[torch.Tensor]:
    """Leaf tensors that require grad, each with the given ``.grad`` (None: no gradient)."""
    params = []
    for value, grad in zip(values, grads):
        p = value.detach().clone().requires_grad_(True)
        p.grad = None if grad is None else grad.clone()
        params.append(p)
    return params


def _coupled(x: torch.Tensor) -> torch.Tensor:
    """Not separable: every coordinate's slope depends on its neighbours."""
    flat = x.reshape(-1)
    return (flat[:-1] * flat[1:]).sum() + torch.exp(0.5 * flat).sum() + (flat ** 4).sum() / 4


def _bumpy(x: torch.Tensor) -> torch.Tensor:
    """Sharp curvature (f'' up to ~50): a one-sided difference is visibly off."""
    return (torch.cos(5 * x) + x ** 2).sum()


MORE_FUNCTIONS = {"coupled": _coupled, "bumpy": _bumpy}


@builder("backprop_function")
def backprop_function(name: str) -> Callable:
    return MORE_FUNCTIONS[name]


# ---------------------------------------------------------------- errors that name the mistake

@contextmanager
def explained_errors() -> Iterator[None]:
    """Re-raise the two errors a wrong update causes with the mistake they point to."""
    try:
        yield
    except RuntimeError as exc:
        if LEAF_ERROR not in str(exc):
            raise
        raise RuntimeError(f"{exc} — the update was recorded by autograd: do it in place inside "
                           f"`with torch.no_grad():`").with_traceback(exc.__traceback__) from None
    except TypeError as exc:
        if "NoneType" not in str(exc):
            raise
        raise TypeError(f"{exc} — likely a parameter whose .grad is None: skip it "
                        f"(`if p.grad is None: continue`)").with_traceback(exc.__traceback__) from None


def _leaf_flags(named: list[tuple[str, torch.Tensor]]) -> dict[str, bool]:
    return {name: bool(p.is_leaf and p.grad_fn is None and p.requires_grad) for name, p in named}


# ---------------------------------------------------------------- probes

@probe("gradients")
def gradients(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call; send back the returned dict, and the model's .grad values afterwards.

    Then every .grad is overwritten with MARK before the returned dict is read: a dict that
    holds the .grad tensors themselves (not copies) shows MARK.
    """
    model = args[0]
    returned = fn(*args, **kwargs)
    result: dict[str, Any] = {RETURNED: None}
    result["gradients left in .grad"] = wire.encode(
        {name: p.grad for name, p in model.named_parameters() if p.requires_grad})
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p.grad.fill_(MARK)
    result[RETURNED] = wire.encode(returned)
    return result


@probe("sgd_step")
def sgd_step(fn: Callable, args: list, kwargs: dict) -> dict:
    """Call; send back the model's parameters, gradients and autograd flags after the step."""
    model = args[0]
    before = {name: id(p) for name, p in model.named_parameters()}
    with explained_errors():
        returned = fn(*args, **kwargs)
    named = list(model.named_parameters())
    return {
        RETURNED: wire.encode(returned),
        "model after the step": wire.module(model),
        "parameters left as autograd leaves (no grad_fn)": wire.encode(_leaf_flags(named)),
        "gradients after the step": wire.encode({name: p.grad if p.is_leaf else None for name, p in named}),
        "the model keeps its own parameter objects": {name: id(p) for name, p in named} == before,
    }


@probe("momentum")
def momentum(fn: Callable, args: list, kwargs: dict, f: Callable | None = None,
             steps: int = 1) -> dict:
    """Call once with the given gradients, or ``steps`` times with the gradients of ``f``.

    Sends back the caller's own parameter and velocity tensors (the objects passed in): a
    velocity rebound to a new tensor leaves the caller's one unchanged, and that shows.
    """
    params, velocities = list(args[0]), list(args[1])
    if f is None:
        with explained_errors():
            returned = fn(*args, **kwargs)
        return {RETURNED: wire.encode(returned),
                "parameters after the call": wire.encode(params),
                "velocities after the call": wire.encode(velocities),
                "parameters left as autograd leaves (no grad_fn)": wire.encode(
                    _leaf_flags([(str(i), p) for i, p in enumerate(params)]))}
    path = []
    for _ in range(steps):
        for p in params:
            p.grad = None
        sum(f(p) for p in params).backward()
        with explained_errors():
            fn(*args, **kwargs)
        path.append([torch.Tensor.detach(p).clone() for p in params])
    return {"parameters after each step": wire.encode(path),
            "velocities after the last step": wire.encode(velocities)}
