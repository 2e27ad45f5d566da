"""Rules of chapter 04: torch's own losses are forbidden, and hints recognise the usual mistakes by
recomputing them (a softmax before cross entropy, a sum for a mean, L1 for SmoothL1, ...)."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.chapters.activations.rules import SIGMOID
from grader.chapters.hinting import (
    Named,
    first_match,
    named,
    non_finite,
    returned,
    returned_tensor,
    tensor,
)
from grader.chapters.losses.probes import FINITE_AT_ZERO, GRADIENT, GRADIENT_OFF_ZERO
from grader.decoded import Result
from grader.forbidden import AUTOGRAD, forbid, other_exercise_modules

LOG_SOFTMAX = ("torch.nn.functional.log_softmax", "torch.log_softmax", "torch.Tensor.log_softmax",
               "torch.special.log_softmax", "torch.nn.LogSoftmax")
forbid("losses.one_hot", "torch.nn.functional.one_hot")
forbid("losses.mse_loss", "torch.nn.functional.mse_loss", "torch.nn.MSELoss")
forbid("losses.cross_entropy", "torch.nn.functional.cross_entropy", "torch.nn.CrossEntropyLoss", *LOG_SOFTMAX)
forbid("losses.binary_cross_entropy", "torch.nn.functional.binary_cross_entropy", "torch.nn.BCELoss")
forbid("losses.smooth_l1_loss", "torch.nn.functional.smooth_l1_loss", "torch.nn.SmoothL1Loss",
       "torch.nn.functional.huber_loss", "torch.nn.HuberLoss")
forbid("losses.nll_loss", "torch.nn.functional.nll_loss", "torch.nn.NLLLoss",
       "torch.nn.functional.cross_entropy", "torch.nn.CrossEntropyLoss")
SOFTMAX = ("torch.softmax", "torch.Tensor.softmax", "torch.nn.functional.softmax", "torch.special.softmax",
           "torch.nn.Softmax")
forbid("losses.bce_with_logits", "torch.nn.functional.binary_cross_entropy_with_logits",
       "torch.binary_cross_entropy_with_logits", "torch.nn.BCEWithLogitsLoss", *SIGMOID,
       "torch.nn.functional.logsigmoid", "torch.nn.LogSigmoid", "torch.nn.functional.softplus",
       "torch.nn.Softplus", "torch.logaddexp", "torch.Tensor.logaddexp",
       "torch.nn.functional.binary_cross_entropy", "torch.nn.BCELoss", *other_exercise_modules("losses"))
forbid("losses.cross_entropy_grad", *AUTOGRAD, *SOFTMAX, *LOG_SOFTMAX, "torch.nn.functional.cross_entropy",
       "torch.nn.CrossEntropyLoss", *other_exercise_modules("losses"))


def _sum_for_mean(what: str) -> Named:
    return named("sum-for-mean", "a sum where the mean was expected (missing mean): divide by the number "
                 f"of {what}, e.g. with .mean()")


def _one_hot(expected: Result, got: Result, args: list) -> Named | None:
    labels, num_classes = args
    g = returned(got)
    if isinstance(g, torch.Tensor) and g.dim() == 2 and g.shape[0] == labels.shape[0] \
            and g.shape[1] == int(labels.max()) + 1 != num_classes:
        return named("classes-from-labels", "num_classes columns are needed even when the largest classes do "
                     "not occur in labels")
    if isinstance(g, torch.Tensor) and g.dtype == torch.int64:
        return named("int-targets", "one-hot targets are float32: build them with torch.zeros(N, C) (or "
                     "convert with .float())")
    return None


def _mse(expected: Result, got: Result, args: list) -> Named | None:
    pred, target = (a.detach() for a in args)
    g = returned(got)
    if isinstance(g, float):
        return named("item-not-tensor", "return the 0-d tensor, not a Python float (.item()): gradients must "
                     "flow back through it")
    d = pred - target
    return first_match(returned_tensor(expected), g, [
        (lambda: (d ** 2).sum(), _sum_for_mean("elements")),
        (lambda: d.abs().mean(), named("l1-for-mse", "that is the mean absolute error (L1): square the "
                                       "differences")),
        (lambda: (d ** 2).mean().sqrt(), named("rmse", "that is the root of the MSE (RMSE): do not take the "
                                               "square root")),
        (lambda: (d ** 2).mean() / 2, named("halved", "the 1/2 of some textbooks is not part of the MSE"))])


def _cross_entropy(expected: Result, got: Result, args: list) -> Named | None:
    logits, target = args[0].detach(), args[1]
    g = returned(got)
    n = logits.shape[0]
    if non_finite(g):
        return named("unstable-formula", "not stable for large logits: exp(1e3) overflows to inf, and "
                     "log(softmax(x)) rounds small probabilities to 0, whose log is -inf; use the "
                     "log-sum-exp trick (subtract each row's max, then x - log(sum(exp(x))))")
    soft = target.dtype.is_floating_point
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)

    def ce(scores: torch.Tensor, reduction: str = "mean") -> torch.Tensor:
        return F.cross_entropy(scores, target, reduction=reduction)

    candidates = [
        (lambda: ce(torch.softmax(logits, dim=1)),
         named("softmax-twice", "a softmax applied before cross entropy: cross_entropy takes raw logits and "
               "applies (log-)softmax itself, so the softmax ran twice")),
        (lambda: ce(logits, "sum"), _sum_for_mean("samples")),
        (lambda: -(target * logits).sum(1).mean() if soft else -logits[torch.arange(n), target].mean(),
         named("logits-as-log-probs", "the logits were used as log-probabilities: apply log-softmax to them "
               "first")),
    ]
    if soft:
        candidates += [
            (lambda: -(target * log_probs).mean(),
             named("mean-over-classes", "divided by N * C: sum over the classes, then take the mean over "
                   "the samples")),
            (lambda: F.cross_entropy(logits, target.argmax(dim=1)),
             named("soft-targets-argmaxed", "probability targets were turned into class labels (argmax): use "
                   "-(target * log_softmax(logits)).sum(dim=1).mean()")),
        ]
    return first_match(returned_tensor(expected), g, candidates)


def _bce(expected: Result, got: Result, args: list) -> Named | None:
    p, t = args
    g = returned(got)
    if non_finite(g):
        return named("log-of-zero", "0 * log(0) is 0 * -inf = NaN: clamp each log at -100 before "
                     "multiplying, as nn.BCELoss does")
    log_p, log_q = torch.log(p).clamp(min=-100), torch.log(1 - p).clamp(min=-100)
    eps = [1e-7, 1e-8, 1e-12, 1e-6, 1e-15]
    candidates = [(lambda: -(t * log_p + (1 - t) * log_q).sum(), _sum_for_mean("elements")),
                  (lambda: -(t * log_p).mean(), named("missing-negative-term", "the (1 - t) * log(1 - p) term "
                                                      "is missing")),
                  (lambda: -(t * log_q + (1 - t) * log_p).mean(), named("swapped-terms", "p and 1 - p were "
                                                                        "swapped"))]
    clamped = named("clamped-probability", "nn.BCELoss clamps the log at -100, not the probability: "
                    "torch.clamp(torch.log(p), min=-100)")
    for e in eps:
        q = p.clamp(e, 1 - e)
        candidates.append((lambda q=q: -(t * q.log() + (1 - t) * (1 - q).log()).mean(), clamped))
    return first_match(returned_tensor(expected), g, candidates)


def _smooth_l1(expected: Result, got: Result, args: list) -> Named | None:
    pred, target = args[0].detach(), args[1]
    beta = args[2] if len(args) > 2 else 1.0
    g = returned(got)
    if non_finite(g):
        return named("beta-zero-division", "beta = 0 divides by zero (even in torch.where's unused branch): "
                     "treat beta == 0 as the plain L1 loss")
    d = pred - target
    a = d.abs()
    candidates = [
        (lambda: a.mean(), named("l1-for-smooth-l1", "that is the L1 loss (nn.L1Loss): SmoothL1 is quadratic, "
                                 "0.5 * d**2 / beta, where |d| < beta (the notes' 'L1 loss: nn.SmoothL1Loss' "
                                 "mixes them up)")),
        (lambda: (d ** 2).mean(), named("mse-for-smooth-l1", "that is the MSE: SmoothL1 is quadratic only where "
                                        "|d| < beta")),
        (lambda: F.smooth_l1_loss(pred, target, reduction="sum", beta=beta), _sum_for_mean("elements")),
        (lambda: F.smooth_l1_loss(pred, target),
         named("beta-ignored", "beta was ignored: the default 1.0 was used"
               + (f" instead of {beta}" if len(args) > 2 else ""))),
        (lambda: torch.where(a < beta, 0.5 * d ** 2, a - 0.5 * beta).mean(),
         named("quadratic-not-divided", "the quadratic part is 0.5 * d**2 / beta: divide by beta")),
        (lambda: torch.where(a < beta, d ** 2 / beta, a - 0.5 * beta).mean(),
         named("quadratic-missing-half", "the quadratic part is 0.5 * d**2 / beta: the 0.5 is missing")),
        (lambda: torch.where(a < beta, 0.5 * d ** 2 / beta, a - beta).mean(),
         named("linear-offset", "the linear part is |d| - 0.5 * beta")),
        # every negative difference passes d < beta, however large: the branch must read |d|
        (lambda: torch.where(d < beta, 0.5 * d ** 2 / beta, a - 0.5 * beta).mean(), _signed_condition()),
        (lambda: torch.where(-d < beta, 0.5 * d ** 2 / beta, a - 0.5 * beta).mean(), _signed_condition()),
    ]
    return first_match(returned_tensor(expected), g, candidates)


def _signed_condition() -> Named:
    return named("signed-condition", "large differences of one sign were treated as small: the quadratic "
                 "branch was chosen by a signed difference (d < beta holds for every negative d, however "
                 "large); compare the absolute difference |d| with beta")


def _nll(expected: Result, got: Result, args: list) -> Named | None:
    log_probs, target = args
    g = returned(got)
    if non_finite(g):
        return named("log-of-log-probs", "log_probs are already logarithms: taking log again gives NaN for "
                     "negative values")
    n = log_probs.shape[0]
    picked = log_probs[torch.arange(n), target]
    return first_match(returned_tensor(expected), g, [
        (lambda: picked.mean(), named("missing-minus", "the minus sign is missing: the loss is "
                                      "-mean(log_probs[i, target[i]])")),
        (lambda: -picked.sum(), _sum_for_mean("samples")),
        (lambda: -log_probs[:, target].mean(),
         named("block-indexing", "log_probs[:, target] picks an N x N block: use "
               "log_probs[torch.arange(N), target]")),
        (lambda: -picked.exp().mean(), named("probabilities-not-logs", "used probabilities (exp) instead of "
                                             "the log-probabilities")),
        (lambda: -log_probs.mean(), named("mean-over-classes", "averaged every class: pick only the target's "
                                          "entry in each row")),

        (lambda: -(-picked).log().mean(), _log_again()),
        (lambda: (-picked).log().mean(), _log_again()),
        (lambda: -log_probs[target, torch.arange(n)].mean(),
         named("indexes-swapped", "each sample's loss was read at [target[i], i]: the class label indexed the "
               "rows (samples, dim 0) and the sample the columns; pick log_probs[i, target[i]] (gather along "
               "dim 1)")),
    ])


def _log_again() -> Named:
    return named("log-of-log-probs", "log_probs are already logarithms: the loss is -log_probs[i, target[i]] "
                 "as it is; taking the log of those values again (log twice) gives another number")


def _bce_with_logits(expected: Result, got: Result, args: list) -> Named | None:
    z, t = args[0].detach(), args[1]
    w = args[2] if len(args) > 2 else None
    g = returned(got)
    grads = [tensor(got.get(key)) for key in (GRADIENT, GRADIENT_OFF_ZERO)]
    if non_finite(g) or any(non_finite(grad) for grad in grads):
        return named("unstable-logits", "not stable for large logits: sigmoid rounds to exactly 0 or 1, so "
                     "log(sigmoid(z)) is log(0) = -inf, and exp(z) overflows for z > 88; write "
                     "-log(sigmoid(z)) as softplus(-z) with softplus(z) = max(z, 0) + log1p(exp(-|z|))")
    finite = tensor(got.get(FINITE_AT_ZERO))
    if finite is not None and finite.dtype == torch.bool and not bool(finite.all()):
        return named("nan-gradient-at-zero", "the gradient is NaN or inf at logits of exactly 0: something "
                     "divides by z or |z| there; max(z, 0) + log1p(exp(-|z|)) has a finite gradient everywhere")
    if GRADIENT in expected and got.get(GRADIENT) is None and isinstance(g, torch.Tensor):
        return named("detached-loss", "no gradient reached the logits: the loss was detached (.item(), "
                     ".detach(), torch.tensor(...)) or built without autograd; compute it with tensor "
                     "operations")
    weight = 1.0 if w is None else w

    def loss(pos: torch.Tensor, neg: torch.Tensor, reduce: str = "mean") -> torch.Tensor:
        value = t * pos + (1 - t) * neg
        return value.mean() if reduce == "mean" else value.sum()
    sp_neg, sp_pos = F.softplus(-z), F.softplus(z)
    candidates = []
    if w is not None:
        candidates += [
            (lambda: loss(sp_neg, sp_pos), named("pos-weight-ignored", "pos_weight was ignored: it multiplies "
                                                 "the positive term")),
            (lambda: (w * (t * sp_neg + (1 - t) * sp_pos)).mean(),
             named("pos-weight-both-terms", "pos_weight multiplied both terms: it weights only the positive "
                   "term, t * -log(sigmoid(z))")),
            (lambda: loss(sp_neg, weight * sp_pos),
             named("pos-weight-negative-term", "pos_weight multiplied the negative term: it weights the positive "
                   "one, t * -log(sigmoid(z))")),
        ]
    candidates += [
        (lambda: loss(weight * sp_neg, sp_pos, "sum"), _sum_for_mean("elements")),
        (lambda: loss(sp_pos, weight * sp_neg), named("targets-swapped", "t and 1 - t were swapped: the positive "
                                                      "term is t * -log(sigmoid(z))")),
        (lambda: F.binary_cross_entropy_with_logits(torch.sigmoid(z), t, pos_weight=w),
         named("sigmoid-before-loss", "a sigmoid applied before the loss: bce_with_logits takes raw logits and "
               "applies the sigmoid itself")),
    ]
    if bool((z.abs() > 100).any()):   # only there does nn.BCELoss's clamp at -100 change the value
        candidates.append((lambda: F.binary_cross_entropy(torch.sigmoid(z), t),
                           named("bceloss-clamp", "clamped at -100 like nn.BCELoss (a sigmoid, then log): "
                                 "bce_with_logits stays exact for large logits; use softplus written as "
                                 "max(z, 0) + log1p(exp(-|z|))")))
    return first_match(returned_tensor(expected), g, candidates)


def _cross_entropy_grad(expected: Result, got: Result, args: list) -> Named | None:
    z, t = args[0].detach(), args[1]
    g = returned(got)
    if non_finite(g):
        return named("unstable-softmax", "not stable for logits around 1e3: exp(1e3) is inf; subtract each row's "
                     "max before exp (the softmax does not change)")
    n, c = z.shape
    p = torch.softmax(z, dim=1)
    y = F.one_hot(t, c).to(z.dtype)
    return first_match(returned_tensor(expected), g, [
        (lambda: p - y, named("not-divided-by-n", "not divided by N: the loss is the mean over the N samples, "
                              "so each row's gradient is / N")),
        (lambda: (y - p) / n, named("sign-flipped", "the sign is flipped: the gradient is softmax - one_hot, not "
                                    "one_hot - softmax")),
        (lambda: p / n, named("target-not-subtracted", "the one-hot target was not subtracted: "
                              "(softmax(logits) - one_hot(target)) / N")),
        (lambda: p - y / n, named("parentheses", "(softmax - one_hot) / N needs parentheses: only the "
                                  "one-hot part was divided by N")),
        (lambda: (torch.softmax(z, dim=0) - y) / n,
         named("softmax-dim-0", "softmax over dim 0 (the samples): each row's probabilities must sum to 1, "
               "use the last dim")),
        (lambda: (p - y) / (n * c), named("divided-by-n-times-c", "divided by N * C: the mean is over the N "
                                          "samples only")),
    ])


def _nll_error(error_type: str, args: list) -> Named | None:
    """Class labels used to index the samples fail once a label is at least the number of samples."""
    log_probs, target = (args + [None, None])[:2]
    if error_type not in ("RuntimeError", "IndexError") or not isinstance(log_probs, torch.Tensor) \
            or not isinstance(target, torch.Tensor) or log_probs.dim() != 2 or target.numel() == 0:
        return None
    if int(target.max()) >= log_probs.shape[0]:
        return named("labels-index-samples", f"a target class ({int(target.max())}) is at least the number of "
                     f"samples ({log_probs.shape[0]}): did the labels index dim 0 (the rows, the samples)? "
                     "gather along dim 1, the classes: log_probs.gather(1, target.unsqueeze(1))")
    return None


def _ce_grad_error(error_type: str, args: list) -> Named | None:
    """one_hot(target) without num_classes is narrower than the logits when the last class is absent."""
    logits, target = (args + [None, None])[:2]
    if error_type != "RuntimeError" or not isinstance(logits, torch.Tensor) or logits.dim() != 2 \
            or not isinstance(target, torch.Tensor) or target.numel() == 0:
        return None
    if int(target.max()) < logits.shape[1] - 1:
        classes = logits.shape[1]
        return named("one-hot-width", f"no target here is the last class (the largest label is "
                     f"{int(target.max())}; there are {classes} classes, 0 to {classes - 1}): "
                     "F.one_hot(target) alone makes only max(target) + 1 columns, so its shape does not "
                     "match the logits; pass num_classes=logits.shape[1]")
    return None


ERROR_HINTS = {"losses.nll_loss": _nll_error, "losses.cross_entropy_grad": _ce_grad_error}

HINTS = {"losses.one_hot": _one_hot, "losses.mse_loss": _mse, "losses.cross_entropy": _cross_entropy,
         "losses.binary_cross_entropy": _bce, "losses.smooth_l1_loss": _smooth_l1, "losses.nll_loss": _nll,
         "losses.bce_with_logits": _bce_with_logits, "losses.cross_entropy_grad": _cross_entropy_grad}
