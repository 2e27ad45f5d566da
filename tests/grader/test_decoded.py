"""grader.decoded: wire data back to Python values for hints, without trusting what it holds."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from grader import wire
from grader.decoded import (
    ArrayView,
    DeviceView,
    DtypeView,
    ModuleView,
    ObjectView,
    ShapeView,
    decode,
    decode_result,
)


def test_tensors_lists_tuples_and_dicts_come_back_as_python_values():
    value = {"a": [torch.arange(3), (1, 2.5)], "b": None, 3: "three"}
    decoded = decode(wire.encode(value))
    assert set(decoded) == {"a", "b", 3}
    assert type(decoded["a"]) is list and type(decoded["a"][1]) is tuple
    assert torch.equal(decoded["a"][0], torch.arange(3)) and decoded["a"][1] == (1, 2.5)
    assert decoded["b"] is None and decoded[3] == "three"


def test_a_returned_dict_that_looks_like_a_tag_stays_a_dict():
    forged = {"kind": "tensor", "data": [1, 2]}
    assert decode(wire.encode(forged)) == forged


def test_a_key_python_cannot_hash_becomes_its_repr():
    encoded = {"kind": "dict", "items": [[{"kind": "list", "items": [1, 2]}, "x"]]}
    assert decode(encoded) == {"[1, 2]": "x"}


def test_a_module_becomes_a_view_of_its_layers_state_flags_and_mode():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Sequential(nn.Linear(2, 1)))
    model[0].bias.requires_grad_(False)
    model.eval()
    view = decode(wire.module(model))
    assert isinstance(view, ModuleView)
    assert view.layer_types() == ["Linear", "ReLU", "Sequential", "Linear"]
    assert view.layer_types(top_only=True) == ["Linear", "ReLU", "Sequential"]
    assert view.named_layers()[3] == ("2.0", "Linear")
    assert torch.equal(view.state["0.weight"], model[0].weight.detach())
    assert view.frozen == ["0.bias"] and view.training is False


def test_shapes_dtypes_devices_and_objects_become_small_views():
    shape = {"kind": "shape", "shape": [2, 3], "dtype": "torch.float32"}
    assert decode(shape) == ShapeView((2, 3), "torch.float32")
    assert decode(wire.encode(torch.float64)) == DtypeView("torch.float64")
    assert decode(wire.encode(torch.device("cpu"))) == DeviceView("cpu", "cpu")
    scalar = decode(wire.encode(np.int64(4)))
    assert scalar == ObjectView("numpy_scalar", "numpy.int64", 4)
    array = decode(wire.encode(np.array([1.0, 2.0])))
    assert isinstance(array, ArrayView) and torch.equal(array.data, torch.tensor([1.0, 2.0], dtype=torch.float64))


def test_a_tensor_subclass_is_only_a_type_name():
    class Image(torch.Tensor):
        pass
    view = decode(wire.encode(torch.zeros(2).as_subclass(Image)))
    assert isinstance(view, ObjectView) and view.tensor_subclass
    assert not decode(wire.encode(object())).tensor_subclass


def test_a_dtype_name_is_never_looked_up():
    """A hostile name stays text: decoding calls nothing the worker named."""
    assert decode({"kind": "dtype", "value": "load"}) == DtypeView("load")


def test_an_unknown_tag_decodes_to_a_view_not_an_error():
    assert decode({"kind": "mystery"}) == ObjectView("mystery", "")


def test_a_result_keeps_its_keys_and_its_wire_form():
    raw = {"returned value": wire.encode([torch.ones(1)]), "flag": True}
    result = decode_result(raw)
    assert list(result) == ["returned value", "flag"] and result["flag"] is True
    assert torch.equal(result["returned value"][0], torch.ones(1))
    assert result.wire is raw
    assert decode_result(None) == {} and decode_result(None).wire == {}
