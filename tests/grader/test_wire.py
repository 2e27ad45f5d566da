"""Values cross from the worker as plain data only; nothing a worker sends can run code here."""
from __future__ import annotations

import io
import pickle

import pytest
import torch

from grader import wire


class Exploit:
    def __reduce__(self):
        return (print, ("this ran on the trusted side",))


def test_plain_values_round_trip_through_frames():
    value = {"kind": "dict", "items": [["x", wire.encode(torch.arange(3.0))], ["n", 3]]}
    back = wire.loads(wire.dumps(value))
    assert back["items"][1] == ["n", 3]
    assert torch.equal(back["items"][0][1]["data"], torch.arange(3.0))


def test_a_pickle_that_runs_code_is_refused(capsys):
    payload = pickle.dumps(Exploit())
    with pytest.raises(Exception):
        wire.loads(payload)
    buffer = io.BytesIO()
    torch.save({"x": Exploit()}, buffer)
    with pytest.raises(Exception):
        wire.loads(buffer.getvalue())
    assert "this ran" not in capsys.readouterr().out


def test_real_dicts_are_tagged_so_a_returned_dict_cannot_pose_as_a_tensor():
    fake = {"kind": "tensor", "data": torch.zeros(2)}
    encoded = wire.encode(fake)
    assert encoded["kind"] == "dict"


def test_objects_travel_as_their_type_name_only():
    class Weird:
        def __eq__(self, other):
            return True
    encoded = wire.encode(Weird())
    assert encoded == {"kind": "object", "type": encoded["type"]} and "Weird" in encoded["type"]


def test_huge_tensors_are_refused_before_copying():
    with pytest.raises(wire.TooLarge):
        wire.encode(torch.zeros(wire.MAX_NUMEL + 1))


def test_views_are_sent_without_their_whole_storage():
    base = torch.zeros(1000, 1000)
    encoded = wire.encode(base[0, :3])
    assert len(wire.dumps(encoded)) < 10_000


def test_json_round_trip_keeps_dtype_shape_and_special_floats():
    t = torch.tensor([[1.5, float("nan")], [float("inf"), -0.0]], dtype=torch.float32)
    back = wire.from_json(__import__("json").loads(wire.json_dumps({"t": t, "f": float("-inf")})))
    assert back["t"].dtype == torch.float32 and back["t"].shape == (2, 2)
    assert torch.equal(back["t"].nan_to_num(7.0), t.nan_to_num(7.0)) and back["f"] == float("-inf")
