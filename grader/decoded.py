"""Wire data decoded into Python values: what the chapters' hints read.

A probe's result crosses from the worker as tagged plain data (see ``grader.wire``): a tensor is
``{"kind": "tensor", "data": ...}``, a real dict is ``{"kind": "dict", "items": [...]}``, a module
is its class names and state_dict. Comparison works on that form (``grader.compare``); hints
would rather ask "is this a tensor?" than "is this a dict whose kind is 'tensor'?", so the
verdict hands them values decoded here, once, by one function:

- ``{"kind": "tensor"}`` -> ``torch.Tensor`` (on the CPU, as it was sent; the device it came from
  stays in the wire form, see ``grader.chapters.hinting.tensor_devices``);
  ``list``/``tuple`` kinds -> ``list``/``tuple``;
  ``dict`` kind -> ``dict``; a probe's own untagged dicts and lists -> ``dict``/``list``;
- ``module`` -> ``ModuleView`` (type, layers, state, requires_grad, training);
- ``shape`` -> ``ShapeView``; ``dtype`` -> ``DtypeView``; ``device`` -> ``DeviceView``;
- ``ndarray`` -> ``ArrayView``; ``object``, ``subclass``, ``numpy_scalar`` -> ``ObjectView``.

Values decoded here were sent by student code: they are data to look at, never to call. Decoding
only rebuilds containers and views; it never looks a name up (``"torch.float32"`` stays a string
inside ``DtypeView``), so a hostile string cannot reach ``getattr``.

``decode_result`` keeps the wire form beside the decoded values (``Result.wire``): the one
documented way for a hint that must run the grader's own comparison on a part of a result
(``grader.chapters.hinting.differs``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import torch

MAX_KEY_REPR = 200   # characters kept of a dict key that cannot be a Python key (a list, a dict)


def short_type(name: str) -> str:
    """The class name without its module: ``torch.nn.modules.linear.Linear`` -> ``Linear``."""
    return str(name).rsplit(".", 1)[-1][:100]


@dataclass(frozen=True)
class ShapeView:
    """A tensor sent by shape and dtype only (a parameter whose values are not compared)."""

    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class DtypeView:
    """A ``torch.dtype`` that was returned, by name (``"torch.float32"``)."""

    name: str


@dataclass(frozen=True)
class DeviceView:
    """A ``torch.device`` that was returned: its full name (``"cuda:0"``) and type (``"cuda"``)."""

    name: str
    type: str


@dataclass(frozen=True)
class ObjectView:
    """A value the wire does not carry as data: only its type (and, for a subclass of a builtin
    or a numpy scalar, its value).

    Attributes:
        kind: ``"object"``, ``"subclass"`` (of bool/int/float/str) or ``"numpy_scalar"``.
        type: the qualified type name, as the worker reported it.
        value: the plain value of a subclass or numpy scalar; None for other objects.
    """

    kind: str
    type: str
    value: Any = None

    @property
    def tensor_subclass(self) -> bool:
        """Whether this stands for a ``torch.Tensor`` subclass (a tv_tensors.Image, say)."""
        return self.kind == "object" and "Tensor subclass" in self.type


@dataclass(frozen=True)
class ArrayView:
    """A numpy array that was returned: its values as a tensor."""

    type: str
    data: torch.Tensor


@dataclass(frozen=True, eq=False)
class ModuleView:
    """An ``nn.Module`` as it crossed the wire.

    Attributes:
        type: its class's qualified name.
        layers: ``(name, qualified type)`` of every submodule, the module itself first (name "").
        state: state_dict entries: a ``torch.Tensor``, or a ``ShapeView`` where only shapes were sent.
        requires_grad: parameter name -> its requires_grad flag.
        training: whether it was in train mode.
    """

    type: str
    layers: tuple[tuple[str, str], ...]
    state: Mapping[str, torch.Tensor | ShapeView]
    requires_grad: Mapping[str, bool]
    training: bool

    def layer_types(self, top_only: bool = False) -> list[str]:
        """Short class names of the submodules (the module itself left out), in order.

        Args:
            top_only: only direct children (names without a dot).
        """
        return [short_type(t) for n, t in self.layers if n and not (top_only and "." in n)]

    def named_layers(self) -> list[tuple[str, str]]:
        """``(name, short type)`` of every submodule, the module itself left out."""
        return [(n, short_type(t)) for n, t in self.layers if n]

    @property
    def frozen(self) -> list[str]:
        """Names of the parameters that do not require grad, in order."""
        return [n for n, r in self.requires_grad.items() if not r]


class Result(dict):
    """A probe's result with decoded values (same keys), and its wire form in ``wire``."""

    wire: dict

    def __init__(self, values: dict, wire: dict) -> None:
        super().__init__(values)
        self.wire = wire


def _key(value: Any) -> Any:
    """A decoded dict key: itself when Python can use it as a key, else its repr."""
    try:
        hash(value)
    except TypeError:
        return repr(value)[:MAX_KEY_REPR]
    return value


def _module(value: dict) -> ModuleView:
    state = {str(n): decode(v) for n, v in value["state"]}
    flags = {str(n): bool(r) for n, r in value["requires_grad"]}
    return ModuleView(str(value["type"]), tuple((str(n), str(t)) for n, t in value["layers"]),
                      MappingProxyType(state), MappingProxyType(flags), bool(value["training"]))


def decode(value: Any) -> Any:
    """One wire value (as ``grader.wire.encode`` makes it) as a Python value (see the module doc).

    The value must be well formed (``grader.wire.well_formed``); the verdict checks that before
    any hint runs. An unknown tag decodes to an ``ObjectView`` of that kind, never an error.
    """
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, torch.Tensor):
        return value
    if type(value) in (list, tuple):                   # a probe's own untagged list
        return [decode(v) for v in value]
    if type(value) is not dict:
        return ObjectView("object", type(value).__name__)
    kind = value.get("kind")
    if kind is None:                                   # a probe's own untagged dict
        return {k: decode(v) for k, v in value.items()}
    if kind == "tensor":
        return value["data"]
    if kind == "list":
        return [decode(v) for v in value["items"]]
    if kind == "tuple":
        return tuple(decode(v) for v in value["items"])
    if kind == "dict":
        return {_key(decode(k)): decode(v) for k, v in value["items"]}
    if kind == "module":
        return _module(value)
    if kind == "shape":
        return ShapeView(tuple(int(n) for n in value["shape"]), str(value["dtype"]))
    if kind == "dtype":
        return DtypeView(str(value["value"]))
    if kind == "device":
        return DeviceView(str(value["value"]), str(value.get("type", str(value["value"]).split(":")[0])))
    if kind == "ndarray":
        return ArrayView(str(value.get("type", "numpy.ndarray")), value["data"])
    if kind in ("object", "subclass", "numpy_scalar"):
        return ObjectView(str(kind), str(value.get("type", "")), decode(value.get("value")))
    return ObjectView(str(kind)[:50], "")


def decode_result(result: dict | None) -> Result:
    """A probe's result (str keys to wire values) decoded, keys unchanged; None gives an empty one."""
    wire = result if isinstance(result, dict) else {}
    return Result({k: decode(v) for k, v in wire.items()}, wire)
