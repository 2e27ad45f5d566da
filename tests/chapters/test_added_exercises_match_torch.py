"""The five added exercises: on every case's inputs the references agree with torch's own
machinery (F.binary_cross_entropy_with_logits, autograd, Conv2d/MaxPool2d), and the cases
exercise what the syllabus names (large logits, pos_weight, N=1, float64, meta, dilation)."""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

import grader.probes  # noqa: F401 - registers the chapter builders
from grader.hidden import load
from grader.spec import materialize_call
from solutions import backprop, fine_tuning, losses, training


def cases(topic: str, function: str) -> list:
    return [c for c in load(topic) if c.function == function]


def inputs(case) -> tuple[list, dict]:
    return materialize_call(case.spec())


# ---------------------------------------------------------------- bce_with_logits

BCE = [c for c in cases("losses", "bce_with_logits") if "ValueError" not in c.name]


@pytest.mark.parametrize("case", BCE, ids=lambda c: c.id)
def test_bce_with_logits_gradient_equals_torch_off_zero_and_is_finite(case):
    args, kwargs = inputs(case)
    z = args[0].detach().clone().requires_grad_(True)
    twin = args[0].detach().clone().requires_grad_(True)
    pos_weight = args[2] if len(args) > 2 else kwargs.get("pos_weight")
    losses.bce_with_logits(z, args[1], pos_weight).backward()
    F.binary_cross_entropy_with_logits(twin, args[1], pos_weight=pos_weight).backward()
    assert torch.isfinite(z.grad).all()
    off = z.detach() != 0
    torch.testing.assert_close(z.grad[off], twin.grad[off])


@pytest.mark.exercise("losses.bce_with_logits")
def test_bce_with_logits_cases_cover_the_syllabus_edges():
    specs = {c.name: inputs(c) for c in cases("losses", "bce_with_logits")}
    largest = max(float(a[0].detach().abs().max()) for a, _ in specs.values())
    assert largest >= 1e4 * 0.5                                   # logits of order 1e4
    assert any(len(a) > 2 or "pos_weight" in k for a, k in specs.values())
    assert any(a[0].numel() == 1 for a, _ in specs.values())     # N = 1
    assert any(a[0].dtype == torch.float64 for a, _ in specs.values())
    assert any(bool((a[0].detach() == 0).any()) for a, _ in specs.values())
    assert all(c.tolerance is None or c.why for c in cases("losses", "bce_with_logits"))


@pytest.mark.exercise("losses.bce_with_logits")
def test_bce_with_logits_pos_weight_broadcasts_along_the_last_dim_like_torch():
    z, t = torch.randn(4, 3), (torch.rand(4, 3) > 0.5).float()
    w = torch.tensor([0.5, 2.0, 4.0])
    torch.testing.assert_close(losses.bce_with_logits(z, t, w),
                               F.binary_cross_entropy_with_logits(z, t, pos_weight=w))


# ---------------------------------------------------------------- cross_entropy_grad

@pytest.mark.parametrize("case", cases("losses", "cross_entropy_grad"), ids=lambda c: c.id)
def test_cross_entropy_grad_equals_autograd_and_is_plain(case):
    (logits, target), _ = inputs(case)
    z = logits.detach().clone().requires_grad_(True)
    F.cross_entropy(z, target).backward()
    mine = losses.cross_entropy_grad(logits, target)
    assert not mine.requires_grad and mine.dtype == logits.dtype
    torch.testing.assert_close(mine, z.grad)


# ---------------------------------------------------------------- linear_backward

@pytest.mark.parametrize("case", cases("backprop", "linear_backward"), ids=lambda c: c.id)
def test_linear_backward_equals_autograd_through_f_linear(case):
    (x, weight, grad_out), _ = inputs(case)
    xs, ws = x.detach().clone().requires_grad_(True), weight.detach().clone().requires_grad_(True)
    bias = torch.zeros(weight.shape[0], dtype=weight.dtype, requires_grad=True)
    F.linear(xs, ws, bias).backward(grad_out)
    mine = backprop.linear_backward(x, weight, grad_out)
    assert type(mine) is tuple and len(mine) == 3
    assert not any(t.requires_grad for t in mine)
    for got, want in zip(mine, (xs.grad, ws.grad, bias.grad)):
        torch.testing.assert_close(got, want)


# ---------------------------------------------------------------- to_device

def _walk(value, path="batch"):
    """(path, object) for every container and tensor, depth first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


@pytest.mark.parametrize("case", cases("training", "to_device"), ids=lambda c: c.id)
def test_to_device_keeps_the_structure_in_new_containers(case):
    (batch, device), _ = inputs(case)
    (twin, _), _ = inputs(case)
    moved = training.to_device(batch, device)
    before, after = list(_walk(batch)), list(_walk(moved))
    assert [p for p, _ in before] == [p for p, _ in after]
    for (_, old), (_, new) in zip(before, after):
        assert type(old) is type(new)
        if isinstance(old, torch.Tensor):
            assert new.device == torch.device(device) and new.shape == old.shape and new.dtype == old.dtype
        elif isinstance(old, (list, tuple, dict)):
            assert new is not old
        else:
            assert new == old
    for (_, old), (_, kept) in zip(before, _walk(twin)):       # the caller's batch is unchanged
        if isinstance(old, torch.Tensor):
            assert old.device.type == "cpu" and torch.equal(old, kept)


@pytest.mark.exercise("training.to_device")
def test_to_device_cases_cover_meta_cpu_namedtuples_and_plain_values():
    calls = [inputs(c)[0] for c in cases("training", "to_device")]
    devices = {str(torch.device(d)) for _, d in calls}
    assert devices == {"cpu", "meta"}
    assert any(isinstance(d, torch.device) for _, d in calls)
    found = {type(v).__name__ for batch, _ in calls for _, v in _walk(batch)}
    assert {"Batch", "Sample", "dict", "list", "tuple", "str", "NoneType", "int", "float"} <= found


# ---------------------------------------------------------------- conv_output_size

CONV = cases("fine_tuning", "conv_output_size")


@pytest.mark.parametrize("case", [c for c in CONV if "ValueError" not in c.name], ids=lambda c: c.id)
def test_conv_output_size_equals_the_length_conv2d_produces(case):
    args, kwargs = inputs(case)
    names = ["size", "kernel_size", "stride", "padding", "dilation"]
    given = {"stride": 1, "padding": 0, "dilation": 1, **dict(zip(names, args)), **kwargs}
    conv = torch.nn.Conv2d(1, 1, given["kernel_size"], stride=given["stride"], padding=given["padding"],
                           dilation=given["dilation"])
    with torch.no_grad():
        out = conv(torch.zeros(1, 1, given["size"], given["size"]))
    mine = fine_tuning.conv_output_size(*args, **kwargs)
    assert type(mine) is int and mine == out.shape[-1]


@pytest.mark.exercise("fine_tuning.conv_output_size")
def test_conv_output_size_of_max_pool_with_its_stride_equals_max_pool2d():
    for size, kernel in [(8, 2), (7, 2), (9, 3), (28, 2)]:
        out = torch.nn.MaxPool2d(kernel)(torch.zeros(1, 1, size, size))
        assert fine_tuning.conv_output_size(size, kernel, kernel) == out.shape[-1]


@pytest.mark.parametrize("case", [c for c in CONV if "ValueError" in c.name], ids=lambda c: c.id)
def test_conv_output_size_raises_value_error_where_conv2d_cannot_run(case):
    args, kwargs = inputs(case)
    with pytest.raises(ValueError):
        fine_tuning.conv_output_size(*args, **kwargs)
    names = ["size", "kernel_size", "stride", "padding", "dilation"]
    given = {"stride": 1, "padding": 0, "dilation": 1, **dict(zip(names, args)), **kwargs}
    with pytest.raises((RuntimeError, ValueError)):
        conv = torch.nn.Conv2d(1, 1, given["kernel_size"], stride=given["stride"], padding=given["padding"],
                               dilation=given["dilation"])
        conv(torch.zeros(1, 1, given["size"], given["size"]))
