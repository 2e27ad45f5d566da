"""Chapter 05: on every case's inputs, the references agree with torch's own machinery
(optim.SGD, autograd), and the cases are sharp enough to tell a one-sided difference apart."""
from __future__ import annotations

import pytest
import torch

import grader.probes  # noqa: F401 - registers the chapter builders
from grader.hidden import load
from grader.spec import materialize_call
from solutions import backprop as ref

CASES = load("backprop")


def cases(function: str, single_step: bool = False) -> list:
    chosen = [c for c in CASES if c.function == function]
    if single_step:
        chosen = [c for c in chosen if "f" not in c.call().probe_args]
    return chosen


@pytest.mark.parametrize("case", cases("sgd_step_"), ids=lambda c: c.id)
def test_backprop_sgd_step_equals_optim_sgd(case):
    (mine, lr), _ = materialize_call(case.spec())
    (theirs, _), _ = materialize_call(case.spec())
    ref.sgd_step_(mine, lr)
    torch.optim.SGD([p for p in theirs.parameters() if p.requires_grad], lr=lr).step()
    for (name, a), (_, b) in zip(mine.named_parameters(), theirs.named_parameters()):
        torch.testing.assert_close(a, b, msg=name)
        assert a.is_leaf and a.grad_fn is None


@pytest.mark.parametrize("case", cases("momentum_step_", single_step=True), ids=lambda c: c.id)
def test_backprop_momentum_step_equals_optim_sgd_with_momentum(case):
    (params, velocities, lr, momentum), _ = materialize_call(case.spec())
    (twins, start, _, _), _ = materialize_call(case.spec())
    ref.momentum_step_(params, velocities, lr, momentum)
    optimizer = torch.optim.SGD(twins, lr=lr, momentum=momentum)
    for p, v in zip(twins, start):
        if v.abs().sum() > 0:               # a velocity from earlier steps: optim.SGD's buffer
            optimizer.state[p]["momentum_buffer"] = v.clone()
    optimizer.step()
    for p, twin in zip(params, twins):
        torch.testing.assert_close(p, twin)
    for p, v, twin in zip(params, velocities, twins):
        if p.grad is not None and momentum != 0:
            torch.testing.assert_close(v, optimizer.state[twin]["momentum_buffer"])


@pytest.mark.parametrize("case", cases("gradient_descent"), ids=lambda c: c.id)
def test_backprop_gradient_descent_path_equals_optim_sgd(case):
    args, kwargs = materialize_call(case.spec())
    f, x0, lr, steps = args[:4]
    momentum = args[4] if len(args) > 4 else kwargs.get("momentum", 0.0)
    path = ref.gradient_descent(*args, **kwargs)
    x = x0.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([x], lr=lr, momentum=momentum)
    expected = [x0.clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        f(x).backward()
        optimizer.step()
        expected.append(x.detach().clone())
    assert path.dtype == x0.dtype and not path.requires_grad
    torch.testing.assert_close(path, torch.stack(expected))


@pytest.mark.parametrize("case", cases("numerical_gradient"), ids=lambda c: c.id)
def test_backprop_numerical_gradient_is_close_to_autograd_and_one_sided_is_not_accepted(case):
    args, kwargs = materialize_call(case.spec())
    f, x = args[0], args[1]
    eps = args[2] if len(args) > 2 else kwargs.get("eps", 1e-6)
    central = ref.numerical_gradient(*args, **kwargs)
    point = x.clone().requires_grad_(True)
    exact = torch.autograd.grad(f(point), point)[0]
    torch.testing.assert_close(central, exact, atol=1e-3, rtol=1e-4)
    one_sided = torch.zeros_like(x)
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step.view(-1)[i] = eps
        one_sided.view(-1)[i] = (f(x + step) - f(x)) / eps
    with pytest.raises(AssertionError):   # the grader's float64 tolerance tells them apart
        torch.testing.assert_close(one_sided, central, rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("case", cases("parameter_gradients"), ids=lambda c: c.id)
def test_backprop_parameter_gradients_equal_a_fresh_backward_pass(case):
    (model, x, y, criterion), _ = materialize_call(case.spec())
    (twin, _, _, _), _ = materialize_call(case.spec())
    grads = ref.parameter_gradients(model, x, y, criterion)
    for p in twin.parameters():
        p.grad = None
    criterion(twin(x), y).backward()
    expected = {n: p.grad for n, p in twin.named_parameters() if p.requires_grad}
    assert grads.keys() == expected.keys()
    for name, grad in expected.items():
        if grad is None:
            assert grads[name] is None
        else:
            torch.testing.assert_close(grads[name], grad)
