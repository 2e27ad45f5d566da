"""Rules of chapter 05: autograd is forbidden in linear_backward (done by hand); hints name the
mistakes of gradients and steps.

A hint reads both results (decoded: tensors, dicts, ModuleViews) and the call's inputs, rebuilt fresh: for a step, the
model or parameters as they were *before* the call, with their gradients.
"""
from __future__ import annotations

import torch

from grader.chapters.backprop.probes import MARK
from grader.chapters.hinting import (
    Named,
    all_close,
    close,
    items,
    mapping,
    named,
    returned,
    returned_tensor,
    tensor,
)
from grader.decoded import ModuleView, Result
from grader.forbidden import AUTOGRAD, forbid

forbid("backprop.linear_backward", *AUTOGRAD, "torch.nn.functional.linear", "torch.nn.Linear",
       "torch.nn.LazyLinear")

# a step's parameters are compared loosely in relative terms, tightly in absolute ones
RTOL, ATOL = 1e-4, 1e-6


# ---------------------------------------------------------------- parameter_gradients

def _parameter_gradients(expected: Result, got: Result, args: list) -> Named | None:
    model = args[0]
    e, g = returned(expected), returned(got)
    if not isinstance(e, dict) or not isinstance(g, dict):
        return None
    params = dict(model.named_parameters())
    frozen = [k for k in g if k not in e and k in params and not params[k].requires_grad]
    if frozen:
        return named("frozen-reported", f"{', '.join(map(str, frozen))} is frozen (requires_grad=False): it "
                     "has no gradient to report, leave it out of the dict")
    unused = [k for k in e if e[k] is None]
    if any(k not in g for k in unused):
        return named("unused-left-out", "a parameter the forward pass did not use still needs its key, with "
                     "the value None (its .grad stays None)")
    if any(tensor(g.get(k)) is not None for k in unused):
        return named("zeros-for-none", "a parameter the forward pass did not use must map to None: clear old "
                     "gradients with model.zero_grad() (it sets them to None) rather than filling them "
                     "with zeros")
    got_t = {k: v for k, v in g.items() if tensor(v) is not None}
    if got_t and all(bool((t == MARK).all()) for t in got_t.values()):
        return named("grad-not-copied", "the dict holds the .grad tensors themselves, not copies: the next "
                     "backward pass or zero_grad() changes them; return p.grad.clone()")
    stale = {n: p.grad for n, p in params.items() if p.grad is not None}
    if stale and all_close([(got_t.get(k), e[k] + stale[k]) for k in stale if tensor(e.get(k)) is not None],
                           RTOL, ATOL):
        return named("accumulated-grads", "the gradients were added to the old ones left on the model "
                     "(backward accumulates into .grad): clear them first with model.zero_grad()")
    left = mapping(got.get("gradients left in .grad"))
    if stale and all_close([(left.get(k), stale[k]) for k in stale], RTOL, ATOL):
        return named("no-backward", "the model's .grad values were left as they were: run loss.backward() "
                     "to fill them")
    return None


# ---------------------------------------------------------------- sgd_step_

def _sgd_step(expected: Result, got: Result, args: list) -> Named | None:
    model, lr = args[0], args[1]
    before = {n: p.detach() for n, p in model.named_parameters()}
    grads = {n: p.grad for n, p in model.named_parameters() if p.grad is not None}
    view = got.get("model after the step")
    if not isinstance(view, ModuleView) or not view.state or not grads:
        return None
    after = view.state
    if all_close([(after.get(n), before[n]) for n in grads], RTOL, ATOL):
        return named("rebound-not-updated", "the parameters did not change: `p = p - lr * p.grad` only "
                     "rebinds the name p and leaves the model as it was; update in place "
                     "(p -= lr * p.grad) under torch.no_grad()")
    if all_close([(after.get(n), before[n] + lr * grads[n]) for n in grads], RTOL, ATOL):
        return named("wrong-sign", "the step went uphill, in the wrong direction: each change has the "
                     "opposite sign of -lr * p.grad; subtract lr * p.grad, do not add it")
    if any(view.requires_grad.get(n) is False for n, p in model.named_parameters() if p.requires_grad):
        return named("requires-grad-off", "requires_grad was switched off (to get around autograd's in-place "
                     "error?) and not switched back: do the update under torch.no_grad() instead")
    leaves = mapping(got.get("parameters left as autograd leaves (no grad_fn)"))
    if any(flag is False for flag in leaves.values()):
        return named("recorded-by-autograd", "the update was recorded by autograd: the parameters are no "
                     "longer leaves (they have a grad_fn); update the existing tensors in place under "
                     "torch.no_grad()")
    if got.get("the model keeps its own parameter objects") is False:
        return named("replaced-parameters", "the parameters were replaced by new objects: an optimizer "
                     "holding the old ones would no longer update the model; change the existing tensors "
                     "in place")
    left = mapping(got.get("gradients after the step"))
    if any(tensor(left.get(n)) is None or not torch.equal(left[n], grads[n]) for n in grads):
        return named("grad-cleared", "the step changed or cleared .grad: a step only reads the gradients; "
                     "clearing them is zero_grad()'s job, before the next backward pass")
    return None


# ---------------------------------------------------------------- momentum_step_

def _momentum_step(expected: Result, got: Result, args: list) -> Named | None:
    if "velocities after the call" not in got:
        return None
    params, velocities, lr, m = args[0], args[1], args[2], args[3]
    got_p = [tensor(v) for v in items(got.get("parameters after the call")) or []]
    got_v = [tensor(v) for v in items(got.get("velocities after the call")) or []]
    live = [i for i, p in enumerate(params) if p.grad is not None]
    if len(got_p) != len(params) or len(got_v) != len(velocities) or not live:
        return None
    g = {i: params[i].grad for i in live}
    p0 = {i: params[i].detach() for i in live}
    v0 = {i: velocities[i] for i in live}
    new_v = {i: m * v0[i] + g[i] for i in live}

    def matches(values: list, target: dict) -> bool:
        return all_close([(values[i], target[i]) for i in live], RTOL, ATOL)
    if matches(got_v, v0) and not matches(got_p, p0):
        return named("velocity-rebound", "the caller's velocity tensors did not change: "
                     "`v = momentum * v + grad` makes a new tensor; update the velocities in place "
                     "(v.mul_(momentum).add_(grad))")
    if m != 0 and matches(got_v, {i: m * v0[i] + (1 - m) * g[i] for i in live}):
        return named("dampened-velocity", "velocities damped by (1 - momentum): optim.SGD's default keeps "
                     "the whole gradient, v = momentum * v + grad")
    if matches(got_v, {i: m * v0[i] - lr * g[i] for i in live}):
        return named("lr-in-velocity", "the velocity holds -lr * grad (another textbook form); this exercise "
                     "follows optim.SGD: v = momentum * v + grad, then p -= lr * v")
    if matches(got_p, {i: p0[i] - lr * g[i] for i in live}) and m != 0:
        return named("momentum-ignored", "the parameters moved by lr * grad alone: momentum ignored; step "
                     "with p -= lr * v")
    if matches(got_p, {i: p0[i] - lr * v0[i] for i in live}):
        return named("old-velocity", "the parameters moved with the old velocity: update v first, then "
                     "p -= lr * v")
    if matches(got_v, new_v) and matches(got_p, p0):
        return named("parameters-rebound", "the velocities are right but the parameters did not change in "
                     "place: p -= lr * v")
    return None


# ---------------------------------------------------------------- numerical_gradient

def _numerical_gradient(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is None or g is None or e.shape != g.shape or len(args) < 2:
        return None
    if close(g, e, 1e-9, 1e-11):
        return None                      # the values agree: something else is wrong
    f, x = args[0], args[1]
    eps = args[2] if len(args) > 2 else 1e-6
    point = x.detach().clone().double().requires_grad_(True)
    true = torch.autograd.grad(f(point), point)[0]
    if close(g, true, 1e-9, 1e-11) and not close(e, true, 1e-9, 1e-11):
        return named("autograd-gradient", "this is autograd's gradient; the exercise asks for central finite "
                     "differences")
    hessian = torch.autograd.functional.hessian(lambda t: f(t.reshape(x.shape)), x.detach().double().reshape(-1))
    bias = (eps / 2) * hessian.diagonal().reshape(x.shape)   # a one-sided difference's error
    off = g.double() - e.double()
    scale = float(bias.norm())
    if scale > 0 and min(float((off - bias).norm()), float((off + bias).norm())) < 0.1 * scale:
        return named("one-sided-difference", "a one-sided difference (f(x + eps) - f(x)) / eps: its error "
                     "grows like eps; use the central difference (f(x + eps) - f(x - eps)) / (2 * eps)")
    if close(g.double(), 2 * e.double(), RTOL, ATOL):
        return named("divided-by-eps", "divided by eps instead of 2 * eps: the two points of a central "
                     "difference are 2 * eps apart")
    # A step that moves many coordinates at once (all of x, or a whole row along the first axis)
    # measures the gradient summed over them, repeated in each: whatever loop produced it.
    for first in range(true.dim()):
        trailing = tuple(range(first, true.dim()))
        summed = true.sum(dim=trailing, keepdim=True).expand_as(true)
        if close(g.double(), summed, 1e-3, 1e-5) and not close(e.double(), summed, 1e-3, 1e-5):
            return named("perturbs-many-at-once", "each entry holds the gradient summed over several "
                         "coordinates: the step moved a whole slice (or all of x) at once; perturb one "
                         "element at a time, e.g. for i in range(x.numel()) through x.view(-1)")
    return None


# ---------------------------------------------------------------- gradient_descent

def _gradient_descent(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is None or g is None:
        return None
    x0 = args[1]
    if g.shape == e.shape and g.shape[0] > 2 and all(close(row, g[-1], RTOL, ATOL) for row in g) \
            and not close(e[0], e[-1], RTOL, ATOL):
        return named("same-point-stored", "every point of the path is the same (the last point): the list "
                     "holds one tensor that kept moving (x.detach() is a view sharing x's memory, and the "
                     "update changes x in place); store a copy, x.detach().clone()")
    if g.shape[:1] == (e.shape[0] - 1,) and g.shape[1:] == e.shape[1:]:
        return named("path-without-x0", "the path must start with x0 itself: steps + 1 points, x0 then one "
                     "per step")
    if g.shape == e.shape and g.shape[0] > 0 and not close(g[0], x0, RTOL, ATOL):
        return named("first-point-not-x0", "the first point of the path must be x0 itself, before any step")
    if g.shape == e.shape and g.shape[0] > 2 and close(g[:2], e[:2], RTOL, ATOL) and not close(g, e, RTOL, ATOL):
        return named("drifting-steps", "the first step is right, later ones drift: clear x.grad before each "
                     "backward pass (it accumulates), and carry the velocity over from step to step")
    return None


# ---------------------------------------------------------------- linear_backward

def _linear_backward(expected: Result, got: Result, args: list) -> Named | None:
    x, w, go = (a.detach() for a in args[:3])
    g = items(returned(got))
    if g is None or len(g) != 3:
        return None
    gx, gw, gb = (tensor(v) for v in g)
    wrong = [
        (gx, lambda: go @ w.T, named("grad-x-transposed-weight", "grad_x is grad_out @ weight: (N, out) @ "
                                     "(out, in); weight.T multiplies the wrong way (the shapes only agree when "
                                     "in == out)")),
        (gw, lambda: x.T @ go, named("grad-weight-transposed", "grad_weight is grad_out.T @ x, shaped (out, in) "
                                     "like the weight; x.T @ grad_out is its transpose")),
        (gw, lambda: go @ x.T if go.shape[0] == x.shape[0] == go.shape[1] == x.shape[1] else None,
         named("grad-weight-wrong-factor", "grad_weight is grad_out.T @ x: transpose grad_out, not x")),
        (gb, lambda: go.mean(dim=0), named("grad-bias-mean", "grad_bias sums grad_out over the batch (the bias "
                                           "is added to every row once): .sum(dim=0), not .mean(dim=0)")),
        (gb, lambda: go.sum(dim=1), named("grad-bias-dim", "grad_bias sums over the batch, dim 0, giving "
                                          "one value per output")),
        (gb, lambda: go.sum(), named("grad-bias-scalar", "grad_bias has one value per output, (out,): sum "
                                     "over dim 0 only")),
    ]
    for got_tensor, compute, mistake in wrong:
        try:
            value = compute()
        except RuntimeError:       # that mistake's shapes do not even multiply here
            continue
        if got_tensor is not None and value is not None and close(got_tensor, value, RTOL, ATOL):
            return mistake
    return None


HINTS = {
    "backprop.parameter_gradients": _parameter_gradients,
    "backprop.sgd_step_": _sgd_step,
    "backprop.momentum_step_": _momentum_step,
    "backprop.numerical_gradient": _numerical_gradient,
    "backprop.gradient_descent": _gradient_descent,
    "backprop.linear_backward": _linear_backward,
}


def _missing_grad_not_skipped(error_type: str, args: list) -> Named | None:
    """A step that raised on a parameter whose .grad is None (lr * None is a TypeError)."""
    params = args[0].parameters() if isinstance(args[0], torch.nn.Module) else args[0]
    if error_type == "TypeError" and any(p.grad is None for p in params):
        return named("missing-grad-not-skipped", "a parameter without a gradient (its .grad is None) "
                     "must be skipped: `if p.grad is None: continue`")
    return None


def _criterion_swapped(error_type: str, args: list) -> Named | None:
    """The criterion raises the same error when given (target, output): the arguments were swapped."""
    if len(args) < 4 or not isinstance(args[0], torch.nn.Module) or not callable(args[3]):
        return None
    model, x, y, criterion = args[:4]
    with torch.no_grad():
        output = model(x)
        try:
            criterion(output, y)
        except Exception:  # noqa: BLE001 - the right order failing says nothing about the order
            return None
        try:
            criterion(y, output)
        except Exception as exc:  # noqa: BLE001 - the swapped order's error is the evidence
            if type(exc).__name__ == error_type:
                return named("criterion-arguments-swapped", f"the criterion raises {error_type} when given "
                             "(target, output): the argument order is criterion(model(x), y), the "
                             "prediction first and the target second")
    return None


def _numerical_gradient_0d(error_type: str, args: list) -> Named | None:
    """A loop over len(x) or x.shape[0] fails on a 0-d x: the gradient needs every element."""
    x = args[1] if len(args) > 1 else None
    if error_type in ("TypeError", "IndexError") and isinstance(x, torch.Tensor) and x.dim() == 0:
        return named("first-axis-loop", f"{error_type} on a 0-d x (a single number, shape ()): len(x) and "
                     "x[i] need a first axis; perturb each element in turn whatever the shape (loop over "
                     "x.numel(), index x.view(-1)[i])")
    return None


# Hints for a call that raised: read only the error's type and the inputs (never its message).
ERROR_HINTS = {"backprop.sgd_step_": _missing_grad_not_skipped,
               "backprop.momentum_step_": _missing_grad_not_skipped,
               "backprop.parameter_gradients": _criterion_swapped,
               "backprop.numerical_gradient": _numerical_gradient_0d}
