"""Cases of chapter 04, losses. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.hidden.sweeps import sweep
from grader.spec import Build
from grader.tolerances import Tolerance


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _randn(g: torch.Generator, *shape: int, scale: float = 1.0, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.randn(*shape, generator=g, dtype=dtype) * scale


def _labels(g: torch.Generator, n: int, c: int) -> torch.Tensor:
    return torch.randint(0, c, (n,), generator=g)


def _probs(g: torch.Generator, n: int, c: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Soft targets: rows of probabilities that sum to 1."""
    return torch.softmax(_randn(g, n, c, scale=2, dtype=dtype), dim=1)


def _grad(target: str, pred: torch.Tensor, *more) -> Call:
    return Call(target, [Build("requires_grad", tensor=pred), *more], probe="losses.with_grad")


def _ce(n: int, c: int, scale: float = 2.0, soft: bool = False, hot: bool = False,
        dtype: torch.dtype = torch.float32, grad: bool = False):
    def make(g: torch.Generator) -> Call:
        logits = _randn(g, n, c, scale=scale, dtype=dtype)
        target = _labels(g, n, c)
        if hot:
            target = torch.nn.functional.one_hot(target, c).to(dtype)
        elif soft:
            target = _probs(g, n, c, dtype)
        return _grad("cross_entropy", logits, target) if grad else Call("cross_entropy", [logits, target])
    return make


def _bce_inputs(g: torch.Generator, *shape: int, dtype: torch.dtype = torch.float32) -> list:
    return [torch.rand(*shape, generator=g, dtype=dtype), (torch.rand(*shape, generator=g) > 0.5).to(dtype)]


def _nll(n: int, c: int, dtype: torch.dtype = torch.float32):
    return lambda g: Call("nll_loss", [torch.log_softmax(_randn(g, n, c, scale=2, dtype=dtype), dim=1),
                                       _labels(g, n, c)])


def _bce_logits(n: int, *rest: int, scale: float = 2.0, weighted: bool = False, soft: bool = False,
                dtype: torch.dtype = torch.float32, grad: bool = False, keyword: bool = False):
    """bce_with_logits on random logits; ``weighted``: a pos_weight per class (the last dim)."""
    def make(g: torch.Generator) -> Call:
        shape = (n, *rest)
        logits = _randn(g, *shape, scale=scale, dtype=dtype)
        target = torch.rand(*shape, generator=g, dtype=dtype)
        target = target if soft else (target > 0.5).to(dtype)
        more = [] if not weighted else [torch.rand(shape[-1], generator=g, dtype=dtype) * 4 + 0.25]
        kwargs = {"pos_weight": more.pop()} if keyword and more else {}
        if grad:
            return Call("bce_with_logits", [Build("requires_grad", tensor=logits), target, *more], kwargs,
                        probe="losses.with_grad")
        return Call("bce_with_logits", [logits, target, *more], kwargs)
    return make


def _with_zeros(g: torch.Generator) -> Call:
    """Logits of exactly 0 among others: torch's subgradient there is one of several valid ones."""
    logits = _randn(g, 4, 3, scale=3)
    logits[torch.rand(4, 3, generator=g) < 0.4] = 0.0
    logits[0, 0] = 0.0
    target = (torch.rand(4, 3, generator=g) > 0.5).float()
    return Call("bce_with_logits", [Build("requires_grad", tensor=logits), target, torch.tensor([0.5, 1.0, 3.0])],
                probe="losses.with_grad_off_zero")


def _ce_grad(n: int, c: int, scale: float = 2.0, dtype: torch.dtype = torch.float32, attached: bool = False):
    def make(g: torch.Generator) -> Call:
        logits = _randn(g, n, c, scale=scale, dtype=dtype)
        return Call("cross_entropy_grad", [Build("requires_grad", tensor=logits) if attached else logits,
                                           _labels(g, n, c)])
    return make


def _swept_rows(limit: float, grad: bool = False, target: str = "cross_entropy", soft: bool = False):
    """(N, 3) logits, one row per sweep value v up to ``limit``: [v, v/2, 0] (its max in its own region)."""
    def make(g: torch.Generator) -> Call:
        v = sweep(limit, g)
        logits = torch.stack([v, v / 2, torch.zeros_like(v)], dim=1)
        labels = _labels(g, logits.shape[0], 3)
        labels = _probs(g, logits.shape[0], 3) if soft else labels
        return (_grad(target, logits, labels) if grad else Call(target, [logits, labels]))
    return make


def _swept_bce(grad: bool = False, weighted: bool = False):
    """bce_with_logits on a sweep of every float32 region up to 1e4, as an (N, 1) column."""
    def make(g: torch.Generator) -> Call:
        logits = sweep(1e4, g).reshape(-1, 1)
        target = (torch.rand(logits.shape, generator=g) > 0.5).float()
        more = [torch.tensor([2.5])] if weighted else []
        if grad:
            return Call("bce_with_logits", [Build("requires_grad", tensor=logits), target, *more],
                        probe="losses.with_grad_off_zero")
        return Call("bce_with_logits", [logits, target, *more])
    return make


# |logits| >= 1e3: losses of order 1e3 in float32 carry rounding of ~1e-4 absolute, so an
# absolute tolerance would demand torch's exact order of operations (SYLLABUS: relative 1e-5).
LARGE = {"tolerance": Tolerance(rtol=1e-5, atol=1e-5),
         "why": "values of order 1e3 in float32: compare relatively (1e-5), not torch's exact rounding"}


CASES = [
    *cases_for(
        "losses.one_hot", seed=3000,
        public=[("labels 0, 2, 1 of 3", lambda g: Call("one_hot", [torch.tensor([0, 2, 1]), 3]))],
        hidden=[
            ("random labels", lambda g: Call("one_hot", [_labels(g, 9, 5), 5])),
            ("the largest class never occurs", lambda g: Call("one_hot", [_labels(g, 6, 3), 7])),
            ("one label", lambda g: Call("one_hot", [torch.tensor([4]), 10])),
            ("a label equal to num_classes: ValueError", lambda g: Call("one_hot", [torch.tensor([0, 3, 1]), 3])),
            ("a negative label: ValueError", lambda g: Call("one_hot", [torch.tensor([2, -1, 0]), 4])),
        ]),
    *cases_for(
        "losses.mse_loss", seed=3100,
        public=[("two values", lambda g: Call("mse_loss", [torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0])]))],
        hidden=[
            ("random (N,)", lambda g: Call("mse_loss", [_randn(g, 10), _randn(g, 10)])),
            ("random (N, D)", lambda g: Call("mse_loss", [_randn(g, 6, 3, scale=2), _randn(g, 6, 3)])),
            ("float64", lambda g: Call("mse_loss", [_randn(g, 5, dtype=torch.float64),
                                                    _randn(g, 5, dtype=torch.float64)])),
            ("(N, 1) against (N,): ValueError", lambda g: Call("mse_loss", [_randn(g, 4, 1), _randn(g, 4)])),
            ("(N,) against (N, 1): ValueError", lambda g: Call("mse_loss", [_randn(g, 5), _randn(g, 5, 1)])),
            ("gradient flows to the prediction", lambda g: _grad("mse_loss", _randn(g, 7, 1), _randn(g, 7, 1))),
            ("perfect prediction", lambda g: (lambda t: Call("mse_loss", [t, t.clone()]))(_randn(g, 8))),
        ]),
    *cases_for(
        "losses.cross_entropy", seed=3200,
        public=[("class indices", lambda g: Call("cross_entropy", [torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]),
                                                                   torch.tensor([0, 1])])),
                ("one-hot targets", lambda g: Call("cross_entropy", [torch.tensor([[-5.2, 4.6, 0.8]]),
                                                                     torch.tensor([[1.0, 0.0, 0.0]])]))],
        hidden=[
            ("random indices", _ce(8, 5)),
            ("random one-hot", _ce(6, 4, hot=True)),
            ("soft probabilities", _ce(7, 3, soft=True)),
            ("one sample", _ce(1, 6)),
            ("logits around 1e3, indices", _ce(6, 4, scale=1e3)),
            ("logits around 1e3, probabilities", _ce(5, 5, scale=1e3, soft=True)),
            ("gradients at logits around 1e3", _ce(4, 3, scale=1e3, grad=True)),
            ("float64 indices", _ce(5, 4, dtype=torch.float64)),
            ("float64 probabilities", _ce(4, 6, soft=True, dtype=torch.float64)),
        ]),
    *cases_for(
        "losses.cross_entropy", seed=3220, **LARGE,
        hidden=[
            # issue 19: rows peaking in every float32 region up to the promised 1e3
            ("rows peaking in every float32 region up to 1e3", _swept_rows(1e3)),
            ("probabilities, rows peaking in every region", _swept_rows(1e3, soft=True)),
            ("gradients, rows peaking in every region", _swept_rows(1e3, grad=True)),
        ]),
    *cases_for(
        "losses.binary_cross_entropy", seed=3300,
        public=[("four probabilities", lambda g: Call("binary_cross_entropy", [torch.tensor([0.9, 0.2, 0.6, 0.4]),
                                                                               torch.tensor([1.0, 0.0, 1.0, 0.0])]))],
        hidden=[
            ("random (N,)", lambda g: Call("binary_cross_entropy", _bce_inputs(g, 12))),
            ("random (N, 1)", lambda g: Call("binary_cross_entropy", _bce_inputs(g, 6, 1))),
            ("probabilities exactly 0 and 1", lambda g: Call("binary_cross_entropy", [
                torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0])])),
            ("confident and right: exactly 0 and 1", lambda g: Call("binary_cross_entropy", [
                torch.tensor([0.0, 1.0, 1.0]), torch.tensor([0.0, 1.0, 1.0])])),
            ("soft targets", lambda g: Call("binary_cross_entropy", [torch.rand(9, generator=g),
                                                                     torch.rand(9, generator=g)])),
            ("float64", lambda g: Call("binary_cross_entropy", _bce_inputs(g, 3, 4, dtype=torch.float64))),
            ("(N, 1) against (N,): ValueError", lambda g: Call("binary_cross_entropy", [
                torch.rand(5, 1, generator=g), (torch.rand(5, generator=g) > 0.5).float()])),
            ("(N,) against (N, 2): ValueError", lambda g: Call("binary_cross_entropy", [
                torch.rand(4, generator=g), torch.rand(4, 2, generator=g)])),
        ]),
    *cases_for(
        "losses.smooth_l1_loss", seed=3400,
        public=[("small and large errors", lambda g: Call("smooth_l1_loss", [torch.tensor([0.0, 3.0]),
                                                                             torch.tensor([0.5, 0.0])]))],
        hidden=[
            ("random (N,)", lambda g: Call("smooth_l1_loss", [_randn(g, 10, scale=2), _randn(g, 10)])),
            ("beta 0.5", lambda g: Call("smooth_l1_loss", [_randn(g, 8), _randn(g, 8), 0.5])),
            ("beta 2.0 by keyword", lambda g: Call("smooth_l1_loss", [_randn(g, 4, 3, scale=3), _randn(g, 4, 3)],
                                                   {"beta": 2.0})),
            ("beta 0: plain L1", lambda g: Call("smooth_l1_loss", [_randn(g, 7), _randn(g, 7), 0.0])),
            ("only small errors", lambda g: Call("smooth_l1_loss", [_randn(g, 6, scale=0.1), _randn(g, 6, scale=0.1)])),
            ("float64 (N, D)", lambda g: Call("smooth_l1_loss", [_randn(g, 3, 5, scale=2, dtype=torch.float64),
                                                                 _randn(g, 3, 5, dtype=torch.float64), 1.5])),
            ("gradient flows to the prediction", lambda g: _grad("smooth_l1_loss", _randn(g, 9, scale=2),
                                                                 _randn(g, 9))),
            # "beta=0 gives the L1 loss": its gradient too, finite (a division by beta in the
            # branch where() does not pick still poisons the backward pass with NaN).
            ("gradient with beta 0", lambda g: _grad("smooth_l1_loss", torch.tensor([0.0, 3.0]),
                                                     torch.tensor([0.5, 0.0]), 0.0)),
            ("random gradient with beta 0", lambda g: _grad("smooth_l1_loss", _randn(g, 6, 2, scale=2),
                                                            _randn(g, 6, 2), 0.0)),
        ]),
    *cases_for(
        "losses.nll_loss", seed=3500,
        public=[("two samples", lambda g: Call("nll_loss", [torch.log(torch.tensor([[0.5, 0.5], [0.9, 0.1]])),
                                                            torch.tensor([0, 0])]))],
        hidden=[
            ("random (8, 5)", _nll(8, 5)),
            ("square (4, 4)", _nll(4, 4)),
            ("one sample", _nll(1, 7)),
            ("two classes", _nll(9, 2)),
            ("float64", _nll(6, 3, dtype=torch.float64)),
        ]),
    *cases_for(
        "losses.bce_with_logits", seed=3600,
        public=[("four logits", lambda g: Call("bce_with_logits", [torch.tensor([0.5, -1.0, 2.0, -3.0]),
                                                                   torch.tensor([1.0, 0.0, 0.0, 1.0])]))],
        hidden=[
            ("random (N,)", _bce_logits(10)),
            ("(N, C) with a pos_weight per class", _bce_logits(6, 3, weighted=True)),
            ("pos_weight by keyword", _bce_logits(5, 4, weighted=True, keyword=True)),
            ("soft targets", _bce_logits(8, soft=True)),
            ("one sample", _bce_logits(1)),
            ("float64 with pos_weight", _bce_logits(4, 5, weighted=True, dtype=torch.float64)),
            ("gradient with a pos_weight", _bce_logits(5, 3, weighted=True, grad=True)),
            ("gradient at logits of exactly 0 is finite", _with_zeros),
            ("(N, 1) against (N,): ValueError", lambda g: Call("bce_with_logits", [
                _randn(g, 5, 1), (torch.rand(5, generator=g) > 0.5).float()])),
            ("(N, C) against (N,): ValueError", lambda g: Call("bce_with_logits", [
                _randn(g, 4, 3), (torch.rand(4, generator=g) > 0.5).float()])),
        ]),
    *cases_for(
        "losses.bce_with_logits", seed=3620, **LARGE,
        hidden=[
            ("logits around 1e3", _bce_logits(12, scale=1e3)),
            ("logits around 1e4 with a pos_weight", _bce_logits(4, 3, scale=1e4, weighted=True)),
            ("gradients at logits around 1e4", _bce_logits(6, 2, scale=1e4, grad=True)),
            ("gradients at logits around 1e3, float64", _bce_logits(5, scale=1e3, grad=True, dtype=torch.float64)),
            # issue 19: every float32 region up to the promised 1e4 (grader/hidden/sweeps.py)
            ("every float32 region up to 1e4", _swept_bce()),
            ("every float32 region up to 1e4, with a pos_weight", _swept_bce(weighted=True)),
            ("gradients in every float32 region up to 1e4", _swept_bce(grad=True)),
        ]),
    *cases_for(
        "losses.cross_entropy_grad", seed=3700,
        public=[("two samples, three classes", lambda g: Call("cross_entropy_grad", [
            torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), torch.tensor([0, 2])]))],
        hidden=[
            ("random (8, 5)", _ce_grad(8, 5)),
            ("one sample", _ce_grad(1, 4)),
            ("two classes", _ce_grad(9, 2)),
            ("logits around 1e3", _ce_grad(6, 4, scale=1e3)),
            ("float64", _ce_grad(5, 6, dtype=torch.float64)),
            ("logits that require grad: return a plain tensor", _ce_grad(4, 3, attached=True)),
            ("rows peaking in every float32 region up to 1e3", _swept_rows(1e3, target="cross_entropy_grad")),
        ]),
]
