"""Rules of chapter 05: autograd is forbidden in linear_backward (done by hand); hints name the
mistakes of gradients and steps.

A hint reads both results (plain data) and the call's inputs, rebuilt fresh: for a step, the
model or parameters as they were *before* the call, with their gradients.
"""
from __future__ import annotations

from typing import Any

import torch

from grader.chapters.backprop.probes import MARK
from grader.forbidden import AUTOGRAD, forbid

forbid("backprop.linear_backward", *AUTOGRAD, "torch.nn.functional.linear", "torch.nn.Linear",
       "torch.nn.LazyLinear")


def _tensor(entry: Any) -> torch.Tensor | None:
    return entry["data"] if isinstance(entry, dict) and entry.get("kind") == "tensor" else None


def _mapping(entry: Any) -> dict | None:
    if isinstance(entry, dict) and entry.get("kind") == "dict":
        return {k: v for k, v in entry["items"]}
    return None


def _tensors(entry: Any) -> list | None:
    if isinstance(entry, dict) and entry.get("kind") in ("list", "tuple"):
        return [_tensor(v) for v in entry["items"]]
    return None


def _state(module_entry: Any) -> dict[str, torch.Tensor]:
    if not isinstance(module_entry, dict) or module_entry.get("kind") != "module":
        return {}
    return {name: value["data"] for name, value in module_entry["state"]}


def _close(a: torch.Tensor | None, b: torch.Tensor | None, tol: float = 1e-4) -> bool:
    if a is None or b is None or a.shape != b.shape:
        return False
    a, b = a.double(), b.double()
    return bool(torch.allclose(a, b, rtol=tol, atol=tol * 1e-2))


def _all_close(pairs: list) -> bool:
    return bool(pairs) and all(_close(a, b) for a, b in pairs)


# ---------------------------------------------------------------- parameter_gradients

def _parameter_gradients(expected: dict, got: dict, args: list) -> str | None:
    model = args[0]
    e, g = _mapping(expected.get("returned value")), _mapping(got.get("returned value"))
    if e is None or g is None:
        return None
    params = dict(model.named_parameters())
    frozen = [k for k in g if k not in e and k in params and not params[k].requires_grad]
    if frozen:
        return (f"{', '.join(frozen)} is frozen (requires_grad=False): it has no gradient to report, "
                f"leave it out of the dict")
    unused = [k for k in e if e[k] is None]
    if any(k not in g for k in unused):
        return ("a parameter the forward pass did not use still needs its key, with the value None "
                "(its .grad stays None)")
    if any(_tensor(g.get(k)) is not None for k in unused):
        return ("a parameter the forward pass did not use must map to None: clear old gradients with "
                "model.zero_grad() (it sets them to None) rather than filling them with zeros")
    got_t = {k: _tensor(v) for k, v in g.items() if _tensor(v) is not None}
    if got_t and all(bool((t == MARK).all()) for t in got_t.values()):
        return ("the dict holds the .grad tensors themselves, not copies: the next backward pass or "
                "zero_grad() changes them; return p.grad.clone()")
    stale = {n: p.grad for n, p in params.items() if p.grad is not None}
    if stale and _all_close([(got_t.get(k), _tensor(e[k]) + stale[k]) for k in stale if _tensor(e.get(k)) is not None]):
        return ("the gradients were added to the old ones left on the model (backward accumulates into "
                ".grad): clear them first with model.zero_grad()")
    left = _mapping(got.get("gradients left in .grad")) or {}
    if stale and _all_close([(_tensor(left.get(k)), stale[k]) for k in stale]):
        return "the model's .grad values were left as they were: run loss.backward() to fill them"
    return None


# ---------------------------------------------------------------- sgd_step_

def _sgd_step(expected: dict, got: dict, args: list) -> str | None:
    model, lr = args[0], args[1]
    before = {n: p.detach() for n, p in model.named_parameters()}
    grads = {n: p.grad for n, p in model.named_parameters() if p.grad is not None}
    after = _state(got.get("model after the step"))
    if not after or not grads:
        return None
    if _all_close([(after.get(n), before[n]) for n in grads]):
        return ("the parameters did not change: `p = p - lr * p.grad` only rebinds the name p and "
                "leaves the model as it was; update in place (p -= lr * p.grad) under torch.no_grad()")
    if _all_close([(after.get(n), before[n] + lr * grads[n]) for n in grads]):
        return "the step went uphill: subtract lr * p.grad, do not add it"
    flags = dict(got.get("model after the step", {}).get("requires_grad", []))
    if any(flags.get(n) is False for n, p in model.named_parameters() if p.requires_grad):
        return ("requires_grad was switched off (to get around autograd's in-place error?) and not "
                "switched back: do the update under torch.no_grad() instead")
    leaves = _mapping(got.get("parameters left as autograd leaves (no grad_fn)")) or {}
    if any(flag is False for flag in leaves.values()):
        return ("the update was recorded by autograd: the parameters are no longer leaves (they have a "
                "grad_fn); update the existing tensors in place under torch.no_grad()")
    if got.get("the model keeps its own parameter objects") is False:
        return ("the parameters were replaced by new objects: an optimizer holding the old ones would "
                "no longer update the model; change the existing tensors in place")
    left = _mapping(got.get("gradients after the step")) or {}
    if any(_tensor(left.get(n)) is None or not torch.equal(_tensor(left[n]), grads[n]) for n in grads):
        return ("the step changed or cleared .grad: a step only reads the gradients; clearing them "
                "is zero_grad()'s job, before the next backward pass")
    return None


# ---------------------------------------------------------------- momentum_step_

def _momentum_step(expected: dict, got: dict, args: list) -> str | None:
    if "velocities after the call" not in got:
        return None
    params, velocities, lr, m = args[0], args[1], args[2], args[3]
    got_p = _tensors(got.get("parameters after the call")) or []
    got_v = _tensors(got.get("velocities after the call")) or []
    live = [i for i, p in enumerate(params) if p.grad is not None]
    if len(got_p) != len(params) or len(got_v) != len(velocities) or not live:
        return None
    g = {i: params[i].grad for i in live}
    p0 = {i: params[i].detach() for i in live}
    v0 = {i: velocities[i] for i in live}
    new_v = {i: m * v0[i] + g[i] for i in live}

    def matches(values: list, target: dict) -> bool:
        return _all_close([(values[i], target[i]) for i in live])
    if matches(got_v, v0) and not matches(got_p, p0):
        return ("the caller's velocity tensors did not change: `v = momentum * v + grad` makes a new "
                "tensor; update the velocities in place (v.mul_(momentum).add_(grad))")
    if m != 0 and matches(got_v, {i: m * v0[i] + (1 - m) * g[i] for i in live}):
        return ("velocities damped by (1 - momentum): optim.SGD's default keeps the whole gradient, "
                "v = momentum * v + grad")
    if matches(got_v, {i: m * v0[i] - lr * g[i] for i in live}):
        return ("the velocity holds -lr * grad (another textbook form); this exercise follows optim.SGD: "
                "v = momentum * v + grad, then p -= lr * v")
    if matches(got_p, {i: p0[i] - lr * g[i] for i in live}) and m != 0:
        return "the parameters moved by lr * grad alone: momentum ignored; step with p -= lr * v"
    if matches(got_p, {i: p0[i] - lr * v0[i] for i in live}):
        return "the parameters moved with the old velocity: update v first, then p -= lr * v"
    if matches(got_v, new_v) and matches(got_p, p0):
        return "the velocities are right but the parameters did not change in place: p -= lr * v"
    return None


# ---------------------------------------------------------------- numerical_gradient

def _numerical_gradient(expected: dict, got: dict, args: list) -> str | None:
    e, g = _tensor(expected.get("returned value")), _tensor(got.get("returned value"))
    if e is None or g is None or e.shape != g.shape or len(args) < 2:
        return None
    if _close(g, e, 1e-9):
        return None                      # the values agree: something else is wrong
    f, x = args[0], args[1]
    eps = args[2] if len(args) > 2 else 1e-6
    point = x.detach().clone().double().requires_grad_(True)
    true = torch.autograd.grad(f(point), point)[0]
    if _close(g, true, 1e-9) and not _close(e, true, 1e-9):
        return "this is autograd's gradient; the exercise asks for central finite differences"
    hessian = torch.autograd.functional.hessian(lambda t: f(t.reshape(x.shape)), x.detach().double().reshape(-1))
    bias = (eps / 2) * hessian.diagonal().reshape(x.shape)   # a one-sided difference's error
    off = g.double() - e.double()
    scale = float(bias.norm())
    if scale > 0 and min(float((off - bias).norm()), float((off + bias).norm())) < 0.1 * scale:
        return ("a one-sided difference (f(x + eps) - f(x)) / eps: its error grows like eps; use the "
                "central difference (f(x + eps) - f(x - eps)) / (2 * eps)")
    if _close(g.double(), 2 * e.double()):
        return "divided by eps instead of 2 * eps: the two points of a central difference are 2 * eps apart"
    return None


# ---------------------------------------------------------------- gradient_descent

def _gradient_descent(expected: dict, got: dict, args: list) -> str | None:
    e, g = _tensor(expected.get("returned value")), _tensor(got.get("returned value"))
    if e is None or g is None:
        return None
    x0 = args[1]
    if g.shape[:1] == (e.shape[0] - 1,) and g.shape[1:] == e.shape[1:]:
        return "the path must start with x0 itself: steps + 1 points, x0 then one per step"
    if g.shape == e.shape and g.shape[0] > 0 and not _close(g[0], x0):
        return "the first point of the path must be x0 itself, before any step"
    if g.shape == e.shape and g.shape[0] > 2 and _close(g[:2], e[:2]) and not _close(g, e):
        return ("the first step is right, later ones drift: clear x.grad before each backward pass "
                "(it accumulates), and carry the velocity over from step to step")
    return None


# ---------------------------------------------------------------- linear_backward

def _linear_backward(expected: dict, got: dict, args: list) -> str | None:
    x, w, go = (a.detach() for a in args[:3])
    g = _tensors(got.get("returned value"))
    if g is None or len(g) != 3:
        return None
    gx, gw, gb = g
    wrong = [
        (gx, lambda: go @ w.T, "grad_x is grad_out @ weight: (N, out) @ (out, in); weight.T multiplies "
                               "the wrong way (the shapes only agree when in == out)"),
        (gw, lambda: x.T @ go, "grad_weight is grad_out.T @ x, shaped (out, in) like the weight; "
                               "x.T @ grad_out is its transpose"),
        (gw, lambda: go @ x.T if go.shape[0] == x.shape[0] == go.shape[1] == x.shape[1] else None,
         "grad_weight is grad_out.T @ x: transpose grad_out, not x"),
        (gb, lambda: go.mean(dim=0), "grad_bias sums grad_out over the batch (the bias is added to "
                                     "every row once): .sum(dim=0), not .mean(dim=0)"),
        (gb, lambda: go.sum(dim=1), "grad_bias sums over the batch, dim 0, giving one value per output"),
        (gb, lambda: go.sum(), "grad_bias has one value per output, (out,): sum over dim 0 only"),
    ]
    for got_tensor, compute, why in wrong:
        try:
            value = compute()
        except RuntimeError:       # that mistake's shapes do not even multiply here
            continue
        if got_tensor is not None and value is not None and _close(got_tensor, value):
            return why
    return None


HINTS = {
    "backprop.parameter_gradients": _parameter_gradients,
    "backprop.sgd_step_": _sgd_step,
    "backprop.momentum_step_": _momentum_step,
    "backprop.numerical_gradient": _numerical_gradient,
    "backprop.gradient_descent": _gradient_descent,
    "backprop.linear_backward": _linear_backward,
}
