"""Probes and builders of chapter 08: checkpoints, frozen parameters, new heads, parameter groups.

Checkpoints are judged by what they allow: the file is read back with
``torch.load(path, weights_only=True)``, a fresh model and optimizer are restored from it, trained
on, and compared with the model that never stopped.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

import torch
from torch import nn

from grader import wire
from grader.forbidden import ForbiddenCall
from grader.inputs import optimizer as build_optimizer
from grader.inputs import sequential
from grader.probes.common import RETURNED
from grader.probes.registry import probe

LOADS = "checkpoint loads with torch.load(path, weights_only=True)"
LOAD_ERROR = "what torch.load said"
KEYS = "checkpoint keys"
RESUMED_SAME = "resuming gives the same parameters as never stopping"
OPT_STATE = "optimizer state after loading"
RAISED = "exception raised for an unknown name"
NAMES_IT = "the KeyError names the unknown parameter"
FROZEN = "frozen parameters afterwards"
HEAD = "the new head"
METHODS_HIDDEN = "methods replaced by an assignment"
HEAD_NEW = "the head is a new nn.Linear"
OTHERS = "values of the other layers' parameters"
OTHERS_FROZEN = "frozen parameters among the other layers"
MODEL_AFTER = "the model passed in, after the call"
NO_GROUP = "parameters in no group"
PER_PARAM = "learning rate and momentum per parameter"


def plain(value: Any) -> Any:
    """OrderedDicts and other mappings to plain dicts, all the way down (for wire.encode)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return type(value)(plain(v) for v in value)
    return value


def train(model: nn.Module, optimizer: torch.optim.Optimizer, data: list, criterion: str,
          steps: int) -> None:
    """Full-batch training steps (deterministic: no shuffling, no dropout in these models)."""
    features, targets = data
    loss_fn = getattr(nn, criterion)()
    model.train()
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(model(features), targets).backward()
        optimizer.step()


def _states_equal(a: nn.Module, b: nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return list(sa) == list(sb) and all(torch.equal(sa[k], sb[k]) for k in sa)


@probe("checkpoint_saved")
def checkpoint_saved(fn: Callable, args: list, kwargs: dict, data: list, criterion: str,
                     before: int, after: int, fresh: dict, optimizer: dict) -> dict:
    """Train, save with ``fn``, read the file back, resume a fresh model from it, compare."""
    path, model, opt = args[0], args[1], args[2]
    train(model, opt, data, criterion, before)
    result = {RETURNED: wire.encode(fn(*args, **kwargs))}
    try:
        checkpoint = torch.load(path, weights_only=True)
    except Exception as exc:  # noqa: BLE001 - what the file holds is the student's
        result[LOADS] = False
        result[LOAD_ERROR] = f"{type(exc).__name__}: {str(exc)[:300]}"
        return result
    result[LOADS] = True
    if not isinstance(checkpoint, Mapping):
        result[KEYS] = f"(not a dict: a {type(checkpoint).__name__})"
        return result
    result[KEYS] = ", ".join(sorted(str(k) for k in checkpoint))
    result["epoch in the checkpoint"] = wire.encode(checkpoint.get("epoch"))
    result["model_state_dict in the checkpoint"] = wire.encode(plain(checkpoint.get("model_state_dict")))
    resumed = sequential(**fresh)
    resumed_opt = build_optimizer(resumed, **optimizer)
    for target, key in ((resumed, "model_state_dict"), (resumed_opt, "optimizer_state_dict")):
        try:
            target.load_state_dict(checkpoint[key])
        except Exception:  # noqa: BLE001 - a missing or broken entry: resume without it
            pass
    train(model, opt, data, criterion, after)                 # never stopped
    train(resumed, resumed_opt, data, criterion, after)       # stopped, saved, restored
    result[RESUMED_SAME] = _states_equal(model, resumed)
    result["parameters after resuming and training on"] = wire.encode(plain(resumed.state_dict()))
    result["optimizer_state_dict in the checkpoint"] = wire.encode(plain(checkpoint.get("optimizer_state_dict")))
    return result


@probe("checkpoint_loaded")
def checkpoint_loaded(fn: Callable, args: list, kwargs: dict, source: dict, after: int) -> dict:
    """Load with ``fn`` into a fresh model and optimizer, train on, compare with never stopping."""
    model, opt = args[1], args[2]
    result = {RETURNED: wire.encode(fn(*args, **kwargs))}
    # `model.state_dict = d` hides the method behind a dict on the instance: nothing below could
    # call it, so say so instead of failing in the probe
    hidden = [f"{who}.{name}" for who, obj in (("model", model), ("optimizer", opt))
              for name in ("state_dict", "load_state_dict") if name in vars(obj)]
    if hidden:
        result[METHODS_HIDDEN] = wire.encode(hidden)
        return result
    result["model after loading"] = wire.module(model)
    result[OPT_STATE] = wire.encode(plain(opt.state_dict()))
    never_stopped = sequential(source["layers"], seed=source["seed"])
    never_stopped_opt = build_optimizer(never_stopped, **source["optimizer"])
    train(never_stopped, never_stopped_opt, source["data"], source["criterion"], source["steps"] + after)
    train(model, opt, source["data"], source["criterion"], after)
    result[RESUMED_SAME] = _states_equal(model, never_stopped)
    result["parameters after training on"] = wire.encode(plain(model.state_dict()))
    return result


@probe("freeze_unknown")
def freeze_unknown(fn: Callable, args: list, kwargs: dict, unknown: list) -> dict:
    """Call with a name the model does not have: which exception, naming what, frozen what."""
    model = args[0]
    raised: Exception | None = None
    try:
        fn(*args, **kwargs)
    except (NotImplementedError, ForbiddenCall):
        raise
    except Exception as exc:  # noqa: BLE001 - which exception is what we grade
        raised = exc
    text = "" if raised is None else f"{raised} {raised.args}"
    return {RAISED: "nothing" if raised is None else type(raised).__name__,
            NAMES_IT: raised is not None and all(name in text for name in unknown),
            FROZEN: wire.encode([n for n, p in model.named_parameters() if not p.requires_grad])}


@probe("head_replaced")
def head_replaced(fn: Callable, args: list, kwargs: dict) -> dict:
    """The new model's layers, its head, the other layers' values, and the input left alone."""
    model = args[0]
    old_heads = [m for m in model.children() if isinstance(m, nn.Linear)]
    returned = fn(*args, **kwargs)
    result: dict = {"returned type": type(returned).__name__}
    if not isinstance(returned, nn.Sequential):
        result[RETURNED] = wire.encode(returned)
        return result
    result["layers"] = ", ".join(type(m).__name__ for m in returned)
    heads = [m for m in returned if isinstance(m, nn.Linear)]
    if heads:
        head = heads[-1]
        result[HEAD] = wire.encode({"in_features": head.in_features, "out_features": head.out_features,
                        "has a bias": head.bias is not None, "dtype": str(head.weight.dtype),
                        "device type": head.weight.device.type,
                        "trainable": all(p.requires_grad for p in head.parameters())})
        result[HEAD_NEW] = all(head is not old and head.weight is not old.weight for old in old_heads)
        head_ids = {id(p) for p in head.parameters()}
        others = [(n, p) for n, p in returned.named_parameters() if id(p) not in head_ids]
        result[OTHERS] = wire.encode({n: p.detach() for n, p in others})
        result[OTHERS_FROZEN] = wire.encode([n for n, p in others if not p.requires_grad])
    result[MODEL_AFTER] = wire.module(model)   # the trusted side compares it with the reference's
    return result


@probe("param_groups")
def param_groups(fn: Callable, args: list, kwargs: dict) -> dict:
    """Which parameter (by name) gets which learning rate and momentum, and which gets none."""
    model = args[0]
    returned = fn(*args, **kwargs)
    if not isinstance(returned, torch.optim.Optimizer):
        return {"optimizer type": wire.encode(returned)}
    names = {id(p): n for n, p in model.named_parameters()}
    per_param: dict = {}
    for group in returned.param_groups:
        for p in group["params"]:
            name = names.get(id(p), "(a tensor that is not one of the model's parameters)")
            per_param[name] = {"lr": group.get("lr"), "momentum": group.get("momentum")}
    return {"optimizer type": type(returned).__name__,
            NO_GROUP: wire.encode([n for n, _ in model.named_parameters() if n not in per_param]),
            PER_PARAM: wire.encode(per_param)}
