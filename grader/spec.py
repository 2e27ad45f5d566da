"""Inputs of a call as plain data, and how the worker turns them back into objects.

A case describes its inputs with ordinary values (tensors, numbers, lists, dicts) and
``Build(what, **params)`` for objects that cannot travel (models, optimizers, loaders, criteria,
functions, files). ``to_spec`` turns them into plain data; ``materialize`` rebuilds fresh,
identical objects on either side: the reference and the student get equal copies.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from grader import inputs as _inputs  # noqa: F401 - registers the shared builders
from grader import wire
from grader.builders import BUILDERS


@dataclass(frozen=True)
class Build:
    """An input object to build on each side: ``Build("sequential", layers=[...], seed=0)``."""

    what: str
    params: dict = field(default_factory=dict)

    def __init__(self, what: str, **params: Any) -> None:
        object.__setattr__(self, "what", what)
        object.__setattr__(self, "params", params)


@dataclass(frozen=True)
class Ref:
    """The object built for an earlier argument (an optimizer over the model of argument 0)."""

    index: int | str


def to_spec(value: Any) -> Any:
    """Case-side values to plain data."""
    if isinstance(value, Build):
        return {"kind": "build", "what": value.what, "params": to_spec(value.params)}
    if isinstance(value, Ref):
        return {"kind": "ref", "index": value.index}
    if isinstance(value, torch.Tensor):
        entry = wire.tensor(value)
        entry["requires_grad"] = bool(value.requires_grad)
        return entry
    if isinstance(value, dict):
        return {"kind": "dict", "items": [[to_spec(k), to_spec(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return {"kind": "list", "items": [to_spec(v) for v in value]}
    if isinstance(value, tuple):
        return {"kind": "tuple", "items": [to_spec(v) for v in value]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot send {type(value).__name__} as an input; describe it with Build(...)")


def materialize(spec: Any, built: dict | None = None) -> Any:
    """Plain data back to objects; ``built`` holds the objects of earlier arguments for Ref."""
    built = {} if built is None else built
    if isinstance(spec, dict):
        kind = spec.get("kind")
        if kind == "tensor":
            t = spec["data"].clone()
            return t.requires_grad_(True) if spec.get("requires_grad") else t
        if kind == "list":
            return [materialize(v, built) for v in spec["items"]]
        if kind == "tuple":
            return tuple(materialize(v, built) for v in spec["items"])
        if kind == "dict":
            return {materialize(k, built): materialize(v, built) for k, v in spec["items"]}
        if kind == "ref":
            return built[spec["index"]]
        if kind == "build":
            params = materialize(spec["params"], built)
            return BUILDERS[spec["what"]](**params)
    return spec


def materialize_call(call: dict) -> tuple[list, dict]:
    """The positional and keyword arguments of a call, built in order (Refs point backwards)."""
    built: dict = {}
    args = []
    for i, spec in enumerate(call.get("args", [])):
        built[i] = materialize(spec, built)
        args.append(built[i])
    kwargs = {}
    for key, spec in call.get("kwargs", {}).items():
        built[key] = materialize(spec, built)
        kwargs[key] = built[key]
    return args, kwargs
