"""Chapter 04: on every case's inputs, the references equal torch's own losses (finite, within
1e-4), and raise ValueError exactly where the cases expect it."""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from grader.hidden import load
from grader.spec import materialize_call
from solutions import losses as ref

TORCH = {
    "one_hot": lambda labels, c: F.one_hot(labels, c).float(),
    "mse_loss": F.mse_loss,
    "cross_entropy": F.cross_entropy,
    "binary_cross_entropy": F.binary_cross_entropy,
    "smooth_l1_loss": lambda pred, target, beta=1.0: F.smooth_l1_loss(pred, target, beta=beta),
    "nll_loss": F.nll_loss,
    "bce_with_logits": lambda z, t, pos_weight=None: F.binary_cross_entropy_with_logits(z, t, pos_weight=pos_weight),
    "cross_entropy_grad": lambda z, t: torch.autograd.grad(F.cross_entropy(z, t), z)[0]
    if z.requires_grad else torch.autograd.grad(F.cross_entropy(z.requires_grad_(True), t), z)[0],
}
CASES = load("losses")
ERRORS = [c for c in CASES if "ValueError" in c.name]


@pytest.mark.parametrize("case", [c for c in CASES if c not in ERRORS], ids=lambda c: c.id)
def test_losses_reference_equals_torch_and_is_finite(case):
    args, kwargs = materialize_call(case.spec())
    mine = getattr(ref, case.function)(*args, **kwargs)
    theirs = TORCH[case.function](*args, **kwargs)
    assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
    assert torch.isfinite(mine).all()
    torch.testing.assert_close(mine.detach(), theirs.detach(), atol=1e-4, rtol=1.3e-6)


@pytest.mark.parametrize("case", ERRORS, ids=lambda c: c.id)
def test_losses_reference_raises_value_error_where_the_case_says(case):
    args, kwargs = materialize_call(case.spec())
    with pytest.raises(ValueError):
        getattr(ref, case.function)(*args, **kwargs)


def test_losses_cross_entropy_gradient_is_finite_at_large_logits():
    logits = (torch.randn(4, 3) * 1e3).requires_grad_(True)
    target = torch.tensor([0, 1, 2, 1])
    ref.cross_entropy(logits, target).backward()
    expected = torch.softmax(logits.detach(), dim=1) - F.one_hot(target, 3)
    torch.testing.assert_close(logits.grad, expected / 4, atol=1e-6, rtol=1e-5)
