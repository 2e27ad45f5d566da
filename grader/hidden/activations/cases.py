"""Cases of chapter 03, activations. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.hidden.sweeps import sweep
from grader.spec import Build


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _randn(g: torch.Generator, *shape: int, scale: float = 1.0, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.randn(*shape, generator=g, dtype=dtype) * scale


def _huge(g: torch.Generator, n: int = 12) -> torch.Tensor:
    """Magnitudes up to 1e4, both signs, with the extremes and 0 included."""
    middle = (torch.rand(n, generator=g) * 2 - 1) * 1e4
    return torch.cat([torch.tensor([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4]), middle])


def _rows(g: torch.Generator, limit: float = 1e4) -> torch.Tensor:
    """One row per sweep value v: [v, v/2, 0], so each row's largest entry lies in its own region."""
    v = sweep(limit, g)
    return torch.stack([v, v / 2, torch.zeros_like(v)], dim=1)


def _grad(target: str, x: torch.Tensor, *more):
    return Call(target, [Build("requires_grad", tensor=x), *more], probe="activations.with_grad")


CASES = [
    *cases_for(
        "activations.sigmoid", seed=2000,
        public=[("-2, 0, 2", lambda g: Call("sigmoid", [torch.tensor([-2.0, 0.0, 2.0])]))],
        hidden=[
            ("random (4, 5)", lambda g: Call("sigmoid", [_randn(g, 4, 5, scale=3)])),
            ("float64 3-d", lambda g: Call("sigmoid", [_randn(g, 2, 3, _size(g, 1, 4), scale=5,
                                                              dtype=torch.float64)])),
            ("|x| up to 1e4", lambda g: Call("sigmoid", [_huge(g)])),
            ("gradients at |x| up to 1e4", lambda g: _grad("sigmoid", _huge(g))),
            ("gradients, random (3, 4)", lambda g: _grad("sigmoid", _randn(g, 3, 4, scale=4))),
            ("0-d tensor", lambda g: Call("sigmoid", [torch.tensor(-0.75)])),
            # issue 19: every float32 region up to the promised 1e4 (grader/hidden/sweeps.py), so a
            # sigmoid clipped at +-500 (NaN gradient between -500 and -89) cannot pass
            ("every float32 region up to 1e4", lambda g: Call("sigmoid", [sweep(1e4, g)])),
            ("gradients in every float32 region up to 1e4", lambda g: _grad("sigmoid", sweep(1e4, g))),
        ]),
    *cases_for(
        "activations.relu", seed=2100,
        public=[("-1, 0, 2", lambda g: Call("relu", [torch.tensor([-1.0, 0.0, 2.0])]))],
        hidden=[
            ("random (6, 4)", lambda g: Call("relu", [_randn(g, 6, 4)])),
            ("float64 3-d", lambda g: Call("relu", [_randn(g, 2, _size(g, 2, 5), 3, dtype=torch.float64)])),
            ("all negative", lambda g: Call("relu", [-_randn(g, 7).abs() - 0.1])),
            ("gradients", lambda g: _grad("relu", _randn(g, 3, 5))),
        ]),
    *cases_for(
        "activations.leaky_relu", seed=2200,
        public=[("default slope", lambda g: Call("leaky_relu", [torch.tensor([-2.0, -0.5, 0.0, 3.0])]))],
        hidden=[
            ("default slope, random (5, 3)", lambda g: Call("leaky_relu", [_randn(g, 5, 3, scale=4)])),
            ("slope 0.2", lambda g: Call("leaky_relu", [_randn(g, 8), 0.2])),
            ("slope 0.05 by keyword", lambda g: Call("leaky_relu", [_randn(g, 3, 4)], {"negative_slope": 0.05})),
            ("slope 0: plain ReLU", lambda g: Call("leaky_relu", [_randn(g, 6), 0.0])),
            ("float64", lambda g: Call("leaky_relu", [_randn(g, 2, 2, 3, scale=2, dtype=torch.float64), 0.1])),
            ("gradients", lambda g: _grad("leaky_relu", _randn(g, 4, 4), 0.3)),
            # issue 19: the slope's whole domain, above 1 too (max(a*x, x) is wrong there)
            ("slope 1.5", lambda g: Call("leaky_relu", [_randn(g, 3, 5, scale=2), 1.5])),
            ("slope 3 by keyword", lambda g: Call("leaky_relu", [_randn(g, 10)], {"negative_slope": 3.0})),
            ("slope 1: the identity", lambda g: Call("leaky_relu", [_randn(g, 7), 1.0])),
            ("gradients with slope 2", lambda g: _grad("leaky_relu", _randn(g, 2, 6), 2.0)),
        ]),
    *cases_for(
        "activations.softmax", seed=2300,
        public=[("two rows", lambda g: Call("softmax", [torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])]))],
        hidden=[
            ("random (4, 6)", lambda g: Call("softmax", [_randn(g, 4, 6, scale=3)])),
            ("dim 0 of (5, 3)", lambda g: Call("softmax", [_randn(g, 5, 3), 0])),
            ("dim 1 of (2, 4, 3)", lambda g: Call("softmax", [_randn(g, 2, 4, 3), 1])),
            ("square (4, 4), last dim", lambda g: Call("softmax", [_randn(g, 4, 4, scale=2), -1])),
            ("a vector", lambda g: Call("softmax", [_randn(g, _size(g, 3, 9))])),
            ("logits up to 1e4", lambda g: Call("softmax", [torch.stack([_huge(g, 5), _huge(g, 5) * -1,
                                                                        _randn(g, 12) * 1e3])])),
            ("dim 0 with values up to 1e4", lambda g: Call("softmax", [_huge(g, 5).reshape(6, 2), 0])),
            ("float64 (3, 2, 5), dim -2", lambda g: Call("softmax", [_randn(g, 3, 2, 5, scale=10,
                                                                            dtype=torch.float64), -2])),
            ("gradients at large logits", lambda g: _grad("softmax", torch.stack([_huge(g, 3), _randn(g, 10)]))),
            # every axis of a 3-d input, by positive and negative index
            ("dim 2 of (3, 4, 5)", lambda g: Call("softmax", [_randn(g, 3, 4, 5, scale=3), 2])),
            ("dim 0 of (3, 4, 5)", lambda g: Call("softmax", [_randn(g, 3, 4, 5, scale=3), 0])),
            ("dim -3 of (2, 3, 4)", lambda g: Call("softmax", [_randn(g, 2, 3, 4, scale=3), -3])),
            ("rows peaking in every float32 region up to 1e4", lambda g: Call("softmax", [_rows(g)])),
            ("columns peaking in every region, dim 0", lambda g: Call("softmax", [_rows(g).T.contiguous(), 0])),
            ("gradients, rows peaking in every region", lambda g: _grad("softmax", _rows(g))),
        ]),
    *cases_for(
        "activations.sigmoid_grad", seed=2400,
        public=[("-2, 0, 2", lambda g: Call("sigmoid_grad", [torch.tensor([-2.0, 0.0, 2.0])]))],
        hidden=[
            ("random (3, 5)", lambda g: Call("sigmoid_grad", [_randn(g, 3, 5, scale=4)])),
            ("|x| up to 1e4", lambda g: Call("sigmoid_grad", [_huge(g)])),
            ("float64", lambda g: Call("sigmoid_grad", [_randn(g, 2, 6, scale=8, dtype=torch.float64)])),
            ("near 0", lambda g: Call("sigmoid_grad", [_randn(g, 9, scale=1e-3)])),
            ("every float32 region up to 1e4", lambda g: Call("sigmoid_grad", [sweep(1e4, g)])),
        ]),
    *cases_for(
        "activations.predict", seed=2500,
        public=[("(N,) probabilities", lambda g: Call("predict", [torch.tensor([0.1, 0.7, 0.4, 0.95])])),
                ("(N, 3) scores", lambda g: Call("predict", [torch.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]])]))],
        hidden=[
            ("(N, 1) probabilities", lambda g: Call("predict", [torch.rand(7, 1, generator=g)])),
            ("(N,) with threshold 0.3", lambda g: Call("predict", [torch.rand(9, generator=g), 0.3])),
            ("(N, 1) with threshold 0.8", lambda g: Call("predict", [torch.rand(8, 1, generator=g), 0.8])),
            ("exactly at the threshold", lambda g: Call("predict", [torch.tensor([0.5, 0.5000001, 0.4999999, 0.5])])),
            ("(N, C) logits, C = 5", lambda g: Call("predict", [_randn(g, 6, 5, scale=3)])),
            ("(N, 2) probabilities", lambda g: Call("predict", [torch.softmax(_randn(g, 5, 2), dim=1)])),
            ("(N, C) ignores the threshold", lambda g: Call("predict", [torch.softmax(_randn(g, 4, 3), dim=1), 0.9])),
            ("float64 (N, 1)", lambda g: Call("predict", [torch.rand(6, 1, generator=g, dtype=torch.float64)])),
            # N = 1 is an N like any other: one label in a (1,) tensor, never a 0-d one.
            ("one sample, (1, 3) scores", lambda g: Call("predict", [torch.tensor([[0.1, 2.0, 0.3]])])),
            ("one sample, (1, 1) probability", lambda g: Call("predict", [torch.tensor([[0.9]])])),
            ("one sample, (1, C) logits", lambda g: Call("predict", [_randn(g, 1, 4, scale=3)])),
        ]),
]
