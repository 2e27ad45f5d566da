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
import zipfile
from typing import Any

import torch

MAX_NUMEL = 5_000_000       # a returned tensor larger than this is refused, not copied
MAX_ITEMS = 10_000          # elements of one list or dict
MAX_DEPTH = 20
MAX_FRAME = 64 * 2**20      # bytes of one message (a 5M-element float64 tensor is 40 MB)
MAX_PICKLE = 2 * 2**20      # bytes of a frame's pickled structure (tensor data is stored apart)
MAX_RECORDS = 20_000        # records (tensor storages and metadata) in one frame
MAX_NODES = 200_000         # values visited when walking a decoded message (shared ones each time)
MAX_STRING = 100_000        # characters of one string in a decoded message


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
        if obj.device.type == "meta" or obj.layout != torch.strided or obj.is_quantized or obj.is_nested:
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


# ---------------------------------------------------------------- frames (worker <-> trusted)

def dumps(obj: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """Read a trusted frame (the grader's own): weights_only rebuilds nothing but plain data."""
    return torch.load(io.BytesIO(data), weights_only=True, map_location="cpu")


class Refused(Exception):
    """A frame from a worker that the trusted side will not decode (its message says why)."""


def loads_bounded(data: bytes) -> Any:
    """Read a frame from a worker, bounding the work it can cause on the trusted side.

    Before unpickling: the frame must be an uncompressed torch.save archive whose pickled
    structure is at most MAX_PICKLE bytes (so decoding time is bounded: a pickle padded with
    millions of no-op opcodes is refused unread). After: the value is walked, counting every
    visit (a shared sub-list counts each time it is reached, so a "DAG" that doubles per level is
    refused), and checked for depth and string length.
    """
    if len(data) > MAX_FRAME:
        raise Refused(f"a result of {len(data):,} bytes, over the {MAX_FRAME:,}-byte limit")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            records = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - whatever the archive reader trips on, the frame is bad
        raise Refused(f"not a result frame ({type(exc).__name__})") from None
    if len(records) > MAX_RECORDS:
        raise Refused(f"{len(records):,} records in one result")
    pickles = [r for r in records if r.filename.endswith("data.pkl")]
    if len(pickles) != 1 or any(r.compress_type != zipfile.ZIP_STORED for r in records):
        raise Refused("not a result frame (unexpected archive layout)")
    if pickles[0].file_size > MAX_PICKLE:
        raise Refused(f"a result whose structure takes {pickles[0].file_size:,} bytes "
                      f"(limit {MAX_PICKLE:,})")
    try:
        value = loads(data)
    except Exception as exc:  # noqa: BLE001 - anything weights_only refuses is refused here
        raise Refused(f"a result that is not plain data ({type(exc).__name__})") from None
    check_bounds(value)
    return value


def check_bounds(value: Any) -> None:
    """Refuse a decoded value that is too deep, too wide, or holds too long a string."""
    visits = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        visits += 1
        if visits > MAX_NODES:
            raise Refused(f"a result with more than {MAX_NODES:,} values")
        if depth > 2 * MAX_DEPTH + 8:       # wire nests two levels per value (kind dict, items)
            raise Refused("a result nested too deeply")
        if type(item) is str:
            if len(item) > MAX_STRING:
                raise Refused(f"a string of {len(item):,} characters")
        elif type(item) in (list, tuple):
            stack.extend((v, depth + 1) for v in item)
        elif type(item) is dict:
            for k, v in item.items():
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif item is not None and type(item) not in (bool, int, float, torch.Tensor):
            raise Refused(f"a result holding a {type(item).__name__}")


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


# ---------------------------------------------------------------- shape of encoded values

def _is_str_pair_list(value: Any, second: tuple) -> bool:
    return type(value) is list and all(type(p) is list and len(p) == 2 and type(p[0]) is str
                                       and type(p[1]) in second for p in value)


def _strided(data: Any) -> bool:
    """A plain dense tensor: the comparison cannot index sparse layouts (CSR, COO...) or meta data."""
    return (type(data) is torch.Tensor and data.layout == torch.strided and data.device.type == "cpu"
            and not data.is_quantized and not data.is_nested)


def well_formed(value: Any, depth: int = 0) -> bool:
    """Whether a decoded value from a worker has the shape ``encode`` gives (tags included).

    The comparison indexes into tagged dicts; a forged tag with the wrong fields must be caught
    here, as the student's malformed answer, not surface later as a fault of the grader.
    """
    if depth > 2 * MAX_DEPTH + 8:
        return False
    if value is None or type(value) in (bool, int, float, str):
        return True
    if type(value) is list:
        return all(well_formed(v, depth + 1) for v in value)
    if type(value) is not dict:
        return False
    kind = value.get("kind")
    if kind is None:                      # a probe's result: str keys to encoded values
        return all(type(k) is str and well_formed(v, depth + 1) for k, v in value.items())
    if kind == "tensor":
        return _strided(value.get("data")) and type(value.get("device", "")) is str
    if kind in ("list", "tuple"):
        return type(value.get("items")) is list and all(well_formed(v, depth + 1) for v in value["items"])
    if kind == "dict":
        items = value.get("items")
        return type(items) is list and all(type(p) is list and len(p) == 2 and well_formed(p[0], depth + 1)
                                           and well_formed(p[1], depth + 1) for p in items)
    if kind in ("dtype", "device"):
        return type(value.get("value")) is str
    if kind in ("object", "subclass", "numpy_scalar"):
        return type(value.get("type")) is str and well_formed(value.get("value"), depth + 1)
    if kind == "ndarray":
        return _strided(value.get("data"))
    if kind == "shape":
        return type(value.get("shape")) is list and all(type(n) is int for n in value["shape"]) \
            and type(value.get("dtype")) is str
    if kind == "module":
        state = value.get("state")
        return (type(value.get("type")) is str and _is_str_pair_list(value.get("layers"), (str,))
                and type(state) is list and all(type(p) is list and len(p) == 2 and type(p[0]) is str
                                                and type(p[1]) is dict and well_formed(p[1], depth + 1)
                                                for p in state)
                and _is_str_pair_list(value.get("requires_grad"), (bool,))
                and type(value.get("training")) is bool)
    return False
