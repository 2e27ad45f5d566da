"""Rules of chapter 03: each activation written by hand (torch's own versions are forbidden), and
hints that name the usual mistakes: overflow, the wrong softmax dim, a forgotten threshold."""
from __future__ import annotations

import torch

from grader.chapters.activations.probes import GRADIENT
from grader.chapters.hinting import Named, close, named, returned_tensor, tensor
from grader.decoded import Result
from grader.forbidden import forbid

SIGMOID = ("torch.sigmoid", "torch.sigmoid_", "torch.Tensor.sigmoid", "torch.Tensor.sigmoid_",
           "torch.nn.functional.sigmoid", "torch.special.expit", "torch.nn.Sigmoid",
           # exp(logsigmoid(x)) is torch's sigmoid by another road (found by a red team)
           "torch.nn.functional.logsigmoid", "torch.nn.LogSigmoid")
forbid("activations.sigmoid", *SIGMOID)
forbid("activations.sigmoid_grad", *SIGMOID)
forbid("activations.relu", "torch.relu", "torch.relu_", "torch.Tensor.relu", "torch.Tensor.relu_",
       "torch.nn.functional.relu", "torch.nn.functional.relu_", "torch.nn.ReLU")
forbid("activations.leaky_relu", "torch.nn.functional.leaky_relu", "torch.nn.functional.leaky_relu_",
       "torch.nn.LeakyReLU", "torch.prelu", "torch.nn.functional.prelu", "torch.nn.PReLU")
forbid("activations.softmax", "torch.softmax", "torch.Tensor.softmax", "torch.nn.functional.softmax",
       "torch.special.softmax", "torch.nn.Softmax", "torch.log_softmax", "torch.Tensor.log_softmax",
       "torch.nn.functional.log_softmax", "torch.special.log_softmax", "torch.nn.LogSoftmax")


def _values_right(expected: Result, got: Result) -> bool:
    """The returned values are right: what failed is something else (a flag, a gradient)."""
    e, g = returned_tensor(expected), returned_tensor(got)
    return e is not None and g is not None and e.dtype == g.dtype and close(e, g)


def _clipped(x: torch.Tensor, bad: torch.Tensor) -> tuple[float, float] | None:
    """The span of x where the result is non-finite, when larger |x| beyond it is finite: the mark
    of a formula clipped (e.g. at +-500) past float32's exp range (about 88.7), not a naive one."""
    if x.shape != bad.shape or not bad.any():
        return None
    worst = x[bad].abs().max()
    if not (x.abs() > worst).logical_and(~bad).any():
        return None
    return float(x[bad].min()), float(x[bad].max())


def _sigmoid(expected: Result, got: Result, args: list) -> Named | None:
    g, grad = returned_tensor(got), tensor(got.get(GRADIENT))
    x = tensor(args[0]).detach() if args and tensor(args[0]) is not None else None
    for what, value in (("value", g), ("gradient", grad)):
        span = _clipped(x, ~torch.isfinite(value)) if x is not None and value is not None else None
        if span is not None:
            return named("clipped-exp", f"non-finite {what} at x in [{span[0]:.4g}, {span[1]:.4g}] although "
                         "larger |x| is fine: clipping x (e.g. at +-500) keeps exp finite in float64 only; "
                         "float32 exp overflows past about 88.7, so exp(-x) is inf there and the gradient "
                         "inf / inf is NaN. Use exp(x) / (1 + exp(x)) for x < 0 instead of clipping")
    if (g is not None and not torch.isfinite(g).all()) or (grad is not None and not torch.isfinite(grad).all()):
        return named("unstable-formula", "1 / (1 + exp(-x)) overflows: exp(-x) is inf at x = -1e4, and its "
                     "gradient is NaN; use exp(x) / (1 + exp(x)) for x < 0, and feed torch.where's unused "
                     "branch safe inputs (backward visits both branches)")
    return None


def _relu(expected: Result, got: Result, args: list) -> Named | None:
    if _values_right(expected, got):
        return None
    g, x = returned_tensor(got), args[0].detach()
    if g is not None and close(g, torch.clamp(x, max=0)):
        return named("kept-negatives", "kept the negative values: ReLU is max(x, 0), i.e. clamp(min=0)")
    return None


def _leaky_relu(expected: Result, got: Result, args: list) -> Named | None:
    if _values_right(expected, got):
        return None
    g, x = returned_tensor(got), args[0].detach()
    slope = args[1] if len(args) > 1 else None
    if g is None or g.shape != x.shape:
        return None
    negative = x < 0
    if negative.any() and close(g[~negative], x[~negative]):
        used = (g[negative].double() / x[negative].double())
        if torch.allclose(used, used[0].expand_as(used), atol=1e-5):
            s = used[0].item()
            if abs(s - (slope if slope is not None else 0.01)) < 1e-6 and slope is not None:
                return None
            wanted = f"negative_slope={slope}" if slope is not None else "the negative_slope argument"
            return named("slope-ignored", f"negative inputs were scaled by {s:.4g}, not by {wanted}: use "
                         "the argument")
    a = slope if slope is not None else 0.01
    if a > 1 and close(g, torch.maximum(a * x, x)):
        return named("max-form-slope-above-one", f"positive inputs were scaled by {a:g}: max(a*x, x) is leaky "
                     "ReLU only for slopes up to 1; for a larger negative_slope it picks a*x on the positive "
                     "side. Choose by the sign of x (torch.where(x >= 0, x, a * x))")
    if close(g, torch.where(x >= 0, (slope if slope is not None else 0.01) * x, x)):
        return named("slope-on-positives", "the slope was applied to the positive inputs: it belongs to the "
                     "negative ones")
    return None


def _softmax(expected: Result, got: Result, args: list) -> Named | None:
    if _values_right(expected, got):
        return None
    g, x = returned_tensor(got), args[0].detach()
    dim = args[1] if len(args) > 1 else -1
    if g is None or g.shape != x.shape:
        return None
    if not torch.isfinite(g).all():
        return named("unstable-exp", "exp overflowed (inf / inf is NaN): subtract the max along dim before exp")
    want = dim % x.dim()
    wanted = "the last dim" if want == x.dim() - 1 else f"dim {dim}"
    for d in range(x.dim()):
        shifted = torch.exp(x.double() - x.double().amax(d, keepdim=True))
        if d != want and close(g, shifted / shifted.sum(want, keepdim=True)):
            return named("max-along-other-dim", f"the max was subtracted along dim {d} but the sum taken along "
                         f"{wanted}: the shift leaves softmax unchanged only when it is the same for every "
                         "entry of a slice, so take the max along dim too")
    for d in range(x.dim()):
        if d != want and torch.allclose(g.double().sum(d), torch.ones(()).double(), atol=1e-4):
            start = "rows do not sum to 1" if want == x.dim() - 1 else f"entries along dim {dim} do not sum to 1"
            return named("wrong-dim", f"{start}: softmax was taken over dim {d}, expected {wanted}")
    if x.dim() > 1 and abs(g.double().sum().item() - 1) < 1e-4:
        return named("summed-everything", f"the whole tensor sums to 1: sum along {wanted} only (with "
                     "keepdim=True)")
    if not torch.allclose(g.double().sum(want), torch.ones(()).double(), atol=1e-4):
        return named("no-keepdim", f"the values do not sum to 1 along {wanted}: sum with keepdim=True so the "
                     "division broadcasts right")
    return None


def _sigmoid_grad(expected: Result, got: Result, args: list) -> Named | None:
    if _values_right(expected, got):
        return None
    g, x = returned_tensor(got), args[0].detach()
    if g is None or g.shape != x.shape:
        return None
    if not torch.isfinite(g).all():
        return named("unstable-formula", "exp(-x) / (1 + exp(-x))**2 overflows to inf / inf for large "
                     "negative x: use sigmoid(x) * (1 - sigmoid(x)) with a stable sigmoid")
    s = torch.special.expit(x.double())
    if close(g, s):
        return named("sigmoid-not-derivative", "that is sigmoid(x) itself: its derivative is "
                     "sigmoid(x) * (1 - sigmoid(x))")
    if close(g, s * (1 - x.double())):
        return named("one-minus-x", "s * (1 - x): the derivative is s * (1 - s), with s = sigmoid(x)")
    # A property of every right answer, whatever formula produced the wrong one (tanh's derivative,
    # a missing factor): s * (1 - s) with s in [0, 1] never leaves [0, 0.25].
    if g.dtype.is_floating_point and (bool((g < -1e-6).any()) or bool((g > 0.25 + 1e-6).any())):
        return named("outside-quarter", "values outside [0, 0.25]: sigmoid'(x) = s * (1 - s) peaks at "
                     "0.25 at x = 0 and is never negative; check the formula against that")
    return None


def _predict(expected: Result, got: Result, args: list) -> Named | None:
    if _values_right(expected, got):
        return None
    e, g, outputs = returned_tensor(expected), returned_tensor(got), args[0]
    threshold = args[1] if len(args) > 1 else 0.5
    if g is None or e is None:
        return None
    binary = outputs.dim() == 1 or outputs.shape[-1] == 1
    if g.dtype == torch.bool:
        return named("bool-labels", "a comparison gives a bool tensor: turn it into int64 labels with .long()")
    if not binary and g.shape == outputs.shape[-1:] and g.shape != e.shape:
        return named("argmax-dim0", "argmax over dim 0 (the batch): take it over the last dim, the classes")
    if g.shape != e.shape:
        return None
    flat = outputs.reshape(-1)
    if binary and bool((g == 0).all()) and bool((e == 1).any()):
        return named("argmax-single-column", "argmax of a single column is always 0: threshold the "
                     "probabilities instead")
    if binary and torch.equal(g.long(), (flat >= threshold).long()):
        return named("threshold-ge", "a probability exactly at the threshold is class 0: use >, not >=")
    if binary and threshold != 0.5 and torch.equal(g.long(), (flat > 0.5).long()):
        return named("threshold-ignored", f"the threshold argument ({threshold}) was ignored: 0.5 was used")
    return None


HINTS = {"activations.sigmoid": _sigmoid, "activations.relu": _relu, "activations.leaky_relu": _leaky_relu,
         "activations.softmax": _softmax, "activations.sigmoid_grad": _sigmoid_grad,
         "activations.predict": _predict}
