"""Plain data: how values cross between the worker and the trusted side.

Everything a worker sends back is built from None, bool, int, float, str, lists, dicts and plain
CPU tensors, framed as ``torch.save`` bytes and read with ``torch.load(weights_only=True)``, which
refuses to rebuild arbitrary objects. Non-plain values are tagged dicts ``{"kind": ...}``; a real
dict is always ``{"kind": "dict", "items": [[key, value], ...]}``, so a tag cannot be forged by
returning a dict. The same format, with tensors as nested lists, is the JSON of the frozen public
cases.
"""
from __future__ import annotations

import io
import json
import math
import struct
from typing import Any

import torch

MAX_NUMEL = 5_000_000       # a returned tensor larger than this is refused, not copied
MAX_ITEMS = 10_000          # elements of one list or dict
MAX_DEPTH = 20
MAX_FRAME = 256 * 2**20     # bytes of one message


class TooLarge(Exception):
    """A value is too large to send back."""


def _type_name(obj: Any) -> str:
    cls = type(obj)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def tensor(t: torch.Tensor) -> dict:
    """A plain tensor entry; ``t`` must be a torch.Tensor or nn.Parameter, nothing derived."""
    if t.numel() > MAX_NUMEL:
        raise TooLarge(f"a tensor of shape {tuple(t.shape)} ({t.numel():,} elements)")
    data = torch.Tensor.detach(t)
    return {"kind": "tensor", "data": data.to("cpu").clone(), "device": str(t.device),
            "requires_grad": bool(t.requires_grad)}


def encode(obj: Any, depth: int = 0) -> Any:
    """Turn a value into plain data (in the worker: the value may be anything a student returns)."""
    if depth > MAX_DEPTH:
        raise TooLarge("a value nested more than 20 levels deep")
    if obj is None or type(obj) in (bool, int, float, str):
        return obj
    if type(obj) in (torch.Tensor, torch.nn.Parameter):
        if obj.device.type == "meta" or obj.is_sparse:
            return {"kind": "object", "type": f"{obj.device.type} tensor"}
        return tensor(obj)
    if isinstance(obj, torch.Tensor):
        return {"kind": "object", "type": f"{_type_name(obj)} (a torch.Tensor subclass)"}
    if type(obj) in (list, tuple, torch.Size):
        if len(obj) > MAX_ITEMS:
            raise TooLarge(f"a {type(obj).__name__} of {len(obj):,} items")
        kind = "list" if type(obj) is list else "tuple"
        return {"kind": kind, "items": [encode(v, depth + 1) for v in obj]}
    if type(obj) is dict:
        if len(obj) > MAX_ITEMS:
            raise TooLarge(f"a dict of {len(obj):,} items")
        return {"kind": "dict", "items": [[encode(k, depth + 1), encode(v, depth + 1)]
                                          for k, v in dict.items(obj)]}
    if isinstance(obj, torch.dtype):
        return {"kind": "dtype", "value": str(obj)}
    if isinstance(obj, torch.device):
        return {"kind": "device", "value": str(obj), "type": obj.type}
    if isinstance(obj, torch.nn.Module):
        return module(obj)
    try:
        import numpy as np
        if isinstance(obj, np.generic):
            value = obj.item()
            return {"kind": "numpy_scalar", "type": _type_name(obj),
                    "value": value if type(value) in (bool, int, float) else str(value)}
        if isinstance(obj, np.ndarray):
            return {"kind": "ndarray", "type": "numpy.ndarray",
                    "data": tensor(torch.from_numpy(np.array(obj, copy=True)))["data"]}
    except (ImportError, TypeError):
        pass
    if isinstance(obj, (bool, int, float, str)):  # subclasses: keep the value, say the type
        base = next(t for t in (bool, int, float, str) if isinstance(obj, t))
        return {"kind": "subclass", "type": _type_name(obj), "value": base(obj)}
    return {"kind": "object", "type": _type_name(obj)}


def module(m: torch.nn.Module) -> dict:
    """A module as its class names, parameter flags and state_dict."""
    layers = [[name, _type_name(sub)] for name, sub in m.named_modules()]
    state = [[name, tensor(value)] for name, value in m.state_dict().items()]
    grads = [[name, bool(p.requires_grad)] for name, p in m.named_parameters()]
    return {"kind": "module", "type": _type_name(m), "layers": layers, "state": state,
            "requires_grad": grads, "training": bool(m.training)}


def decode_tensor(entry: dict) -> torch.Tensor:
    """The tensor inside a tensor entry."""
    return entry["data"]


# ---------------------------------------------------------------- frames (worker <-> trusted)

def dumps(obj: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """Read a frame safely: weights_only refuses to rebuild anything but plain data."""
    return torch.load(io.BytesIO(data), weights_only=True, map_location="cpu")


def pack(obj: Any) -> bytes:
    payload = dumps(obj)
    if len(payload) > MAX_FRAME:
        raise TooLarge(f"a result of {len(payload):,} bytes")
    return struct.pack("!Q", len(payload)) + payload


# ---------------------------------------------------------------- JSON (frozen public cases)

def _float_to_json(x: float) -> Any:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _float_from_json(x: Any) -> float:
    return float(x) if isinstance(x, str) else x


def to_json(obj: Any) -> Any:
    """Plain data to JSON-able data (tensors as dtype, shape and a flat list)."""
    if isinstance(obj, torch.Tensor):
        flat = obj.detach().reshape(-1)
        if obj.dtype.is_floating_point:
            values = [_float_to_json(v) for v in flat.double().tolist()]
        else:
            values = flat.tolist()
        return {"__tensor__": str(obj.dtype), "shape": list(obj.shape), "values": values}
    if isinstance(obj, float):
        return {"__float__": _float_to_json(obj)} if not math.isfinite(obj) else obj
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def from_json(obj: Any) -> Any:
    if isinstance(obj, dict):
        if "__tensor__" in obj:
            dtype = getattr(torch, obj["__tensor__"].removeprefix("torch."))
            values = obj["values"]
            if dtype.is_floating_point:
                values = [_float_from_json(v) for v in values]
            return torch.tensor(values, dtype=dtype).reshape(obj["shape"])
        if "__float__" in obj:
            return _float_from_json(obj["__float__"])
        return {k: from_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [from_json(v) for v in obj]
    return obj


def json_dumps(obj: Any) -> str:
    return json.dumps(to_json(obj), indent=1, sort_keys=True)
