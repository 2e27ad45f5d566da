"""Chapter 02: the references agree with what torch's own layers do on every case's inputs."""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.hidden import load
from grader.spec import materialize_call
from solutions import layers as ref

CASES = load("layers")


@pytest.mark.parametrize("case", [c for c in CASES if c.function == "linear_forward"], ids=lambda c: c.id)
def test_layers_linear_forward_equals_f_linear(case):
    (x, weight, bias), _ = materialize_call(case.spec())
    torch.testing.assert_close(ref.linear_forward(x, weight, bias), F.linear(x, weight, bias))


@pytest.mark.parametrize("case", [c for c in CASES if c.function == "layer_shapes"], ids=lambda c: c.id)
def test_layers_layer_shapes_follow_a_real_forward_pass_and_leave_the_model_alone(case):
    (model, shape), _ = materialize_call(case.spec())
    before = {k: v.clone() for k, v in model.state_dict().items()}
    mode = model.training
    shapes = ref.layer_shapes(model, shape)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items()) and model.training == mode
    x = torch.zeros(shape)
    model.eval()
    with torch.no_grad():
        for layer, got in zip(model, shapes):
            x = layer(x)
            assert tuple(x.shape) == got


def test_layers_count_parameters_counts_numel_of_parameters_only():
    model = nn.Sequential(nn.Linear(8, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    model[0].weight.requires_grad_(False)
    assert ref.count_parameters(model) == 36 + 8 + 10
    assert ref.count_parameters(model, trainable_only=True) == 4 + 8 + 10


def test_layers_two_layer_net_loads_a_state_dict_and_returns_logits():
    net = ref.TwoLayerNet(3, 5, 2)
    state = {k: torch.randn_like(v) for k, v in net.state_dict().items()}
    net.load_state_dict(state)
    x = torch.randn(4, 3)
    expected = F.relu(x @ state["hidden.weight"].T + state["hidden.bias"]) @ state["output.weight"].T \
        + state["output.bias"]
    torch.testing.assert_close(net(x), expected)
