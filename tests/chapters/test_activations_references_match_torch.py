"""Chapter 03: on every case's inputs, the references equal torch's own activations, finite, to
within 1e-4 (the syllabus's promise for inputs of magnitude 1e3 and more)."""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from grader.hidden import load
from grader.spec import materialize_call
from solutions import activations as ref


def _sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(torch.sigmoid(x).sum(), x)
    return grad


TORCH = {
    "sigmoid": lambda x: torch.sigmoid(x),
    "relu": lambda x: torch.relu(x),
    "leaky_relu": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope),
    "softmax": lambda x, dim=-1: torch.softmax(x, dim=dim),
    "sigmoid_grad": _sigmoid_grad,
}
CASES = [c for c in load("activations") if c.function in TORCH]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_activations_reference_equals_torch_and_is_finite(case):
    args, kwargs = materialize_call(case.spec())
    mine = getattr(ref, case.function)(*args, **kwargs)
    theirs = TORCH[case.function](*args, **kwargs)
    assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
    assert torch.isfinite(mine).all()
    torch.testing.assert_close(mine.detach(), theirs.detach(), atol=1e-4, rtol=1.3e-6)


@pytest.mark.parametrize("case", [c for c in CASES if c.spec()["probe"] == "activations.with_grad"],
                         ids=lambda c: c.id)
def test_activations_reference_gradients_equal_torch(case):
    (x, *more), _ = materialize_call(case.spec())
    y = x.detach().clone().requires_grad_(True)
    getattr(ref, case.function)(x, *more).sum().backward()
    TORCH[case.function](y, *more).sum().backward()
    assert torch.isfinite(x.grad).all()
    torch.testing.assert_close(x.grad, y.grad, atol=1e-4, rtol=1e-5)


def test_activations_predict_matches_threshold_and_argmax():
    torch.manual_seed(0)
    probs = torch.rand(20)
    assert torch.equal(ref.predict(probs.unsqueeze(1), 0.3), (probs > 0.3).long())
    scores = torch.randn(20, 4)
    assert torch.equal(ref.predict(scores), scores.argmax(dim=1))
