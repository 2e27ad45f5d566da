"""Rules of chapter 08: the mistakes of saving, freezing and fine-tuning, named in feedback.

Nothing is forbidden here: these exercises are about using PyTorch's own tools correctly.
"""
from __future__ import annotations

from typing import Any

import torch

from grader.compare import compare_value
from grader.chapters.fine_tuning.probes import (FROZEN, HEAD, HEAD_NEW, MODEL_AFTER, KEYS, LOADS, NAMES_IT,
                                       NO_GROUP, OPT_STATE, OTHERS, OTHERS_FROZEN, PER_PARAM, RAISED,
                                       RESUMED_SAME)
from grader.chapters.evaluation.rules import close, py

CHECKPOINT_KEYS = ["epoch", "model_state_dict", "optimizer_state_dict"]


def _top(module: Any) -> list[str]:
    if not isinstance(module, dict) or module.get("kind") != "module":
        return []
    return [t.rsplit(".", 1)[-1] for n, t in module["layers"] if n]


# ---------------------------------------------------------------- SmallCNN

def _small_cnn(expected: dict, got: dict, args: list) -> str | None:
    e, g = _top(expected.get("model")), _top(got.get("model"))
    if g and e != g:
        if any(t in ("Softmax", "LogSoftmax") for t in g):
            return "no softmax inside the model: it returns logits, and CrossEntropyLoss applies log-softmax itself"
        if "Flatten" not in g:
            return "nn.Flatten() is the last layer of features: it turns (N, 16, 2, 2) into (N, 64)"
        named = [(n, t.rsplit(".", 1)[-1]) for n, t in got["model"]["layers"] if n]
        wanted = [(n, t.rsplit(".", 1)[-1]) for n, t in expected["model"]["layers"] if n]
        first = next(((w, h) for w, h in zip(wanted, named) if w != h), None)
        where = f"{first[0][0]} should be {first[0][1]}, not {first[1][1]} ({first[1][0]}); " if first else ""
        return (f"{where}features is exactly Conv2d(1, 8, 3, padding=1), ReLU, MaxPool2d(2), "
                "Conv2d(8, 16, 3, padding=1), ReLU, MaxPool2d(2), Flatten; classifier is Linear(64, num_classes)")
    out_e, out_g = py(expected.get("output for input 0")), py(got.get("output for input 0"))
    if isinstance(out_e, torch.Tensor) and isinstance(out_g, torch.Tensor) and out_e.shape == out_g.shape:
        if (out_g >= 0).all() and (out_e < 0).any():
            return "an activation after the classifier: forward must return the classifier's raw logits"
        return "forward is classifier(features(x)): nothing before, between or after"
    return None


# ---------------------------------------------------------------- checkpoints

def _save_checkpoint(expected: dict, got: dict, args: list) -> str | None:
    if got.get(LOADS) is False:
        return ("torch.load(path, weights_only=True) refused the file: save state_dicts (tensors and plain "
                "data), never the model or optimizer objects themselves")
    keys = [k.strip() for k in str(got.get(KEYS, "")).split(",") if k.strip()]
    if keys != CHECKPOINT_KEYS:
        if keys == ["epoch", "model_state_dict"]:
            return ("no 'optimizer_state_dict': without the optimizer's state (momentum buffers, Adam's "
                    "averages) resuming diverges from never stopping; save optimizer.state_dict() too")
        return ("the checkpoint is the dict {'epoch': epoch, 'model_state_dict': model.state_dict(), "
                "'optimizer_state_dict': optimizer.state_dict()} (the PyTorch tutorial's keys)")
    if got.get("epoch in the checkpoint") != expected.get("epoch in the checkpoint"):
        return "save the epoch you were given, as it is"
    if got.get(RESUMED_SAME) is False:
        return ("resuming from this file diverges from never stopping: save model.state_dict() and "
                "optimizer.state_dict() as they are at the call")
    return None


def _load_checkpoint(expected: dict, got: dict, args: list) -> str | None:
    if got.get("returned value") != expected.get("returned value"):
        return "return checkpoint['epoch'], the epoch stored in the file"
    if compare_value(expected.get("model after loading"), got.get("model after loading")):
        return "the model's weights were not restored: model.load_state_dict(checkpoint['model_state_dict'])"
    if compare_value(expected.get(OPT_STATE), got.get(OPT_STATE)):
        return ("the optimizer's state was not restored: optimizer.load_state_dict(checkpoint"
                "['optimizer_state_dict']); without it momentum restarts from zero and resuming diverges "
                "from never stopping")
    return None


# ---------------------------------------------------------------- freezing

def _frozen(module: Any) -> list[str]:
    if not isinstance(module, dict) or module.get("kind") != "module":
        return []
    return [n for n, r in module["requires_grad"] if not r]


def _freeze(expected: dict, got: dict, args: list) -> str | None:
    if RAISED in expected:
        if got.get(RAISED) == "nothing":
            return ("an unknown name must raise KeyError naming it: ignoring it silently hides typos "
                    "(nothing gets frozen and nobody notices)")
        if got.get(RAISED) != "KeyError":
            return "raise KeyError (the name is not a key of dict(model.named_parameters()))"
        if got.get(NAMES_IT) is False:
            return "put the unknown name in the KeyError's message, so the student sees the typo"
        if py(got.get(FROZEN)) != py(expected.get(FROZEN)):
            return "check every name before freezing any: raise the KeyError before anything is frozen"
        return None
    e, g = _frozen(expected.get("argument 0 after the call")), _frozen(got.get("argument 0 after the call"))
    if e == g:
        return None
    if not set(g) - set(_frozen_before(args)) and e:
        return "nothing was frozen: set `param.requires_grad = False` (`==` only compares)"
    if set(e) < set(g):
        return ("froze parameters that were not named: compare names exactly (name == wanted, or name in names), "
                "not by substring or prefix, and freeze the parameter, not its whole layer")
    return None


def _frozen_before(args: list) -> list[str]:
    model = args[0] if args else None
    return [n for n, p in model.named_parameters() if not p.requires_grad] if isinstance(model, torch.nn.Module) else []


def _trainable(expected: dict, got: dict, args: list) -> str | None:
    e, g = py(expected.get("returned value")), py(got.get("returned value"))
    if not isinstance(g, list) or not all(isinstance(n, str) for n in g):
        return "return a list of names (str)"
    model = args[0]
    frozen = [n for n, p in model.named_parameters() if not p.requires_grad]
    if sorted(g) == sorted(e) and g != e:
        return "keep the order of model.named_parameters(); do not sort"
    if set(g) & set(frozen) and set(g) >= set(e):
        return "frozen parameters (requires_grad False) must be left out"
    if set(g) == set(frozen) and g != e:
        return "these are the frozen names; the exercise wants those that require grad"
    if set(g) - {n for n, _ in model.named_parameters()}:
        return "buffers (running_mean, ...) are in state_dict() but are not parameters: use named_parameters()"
    return None


# ---------------------------------------------------------------- heads and groups

def _replace_head(expected: dict, got: dict, args: list) -> str | None:
    if got.get("returned type") != "Sequential":
        return "return a new nn.Sequential"
    if got.get("layers") != expected.get("layers"):
        return ("the head is the last top-level nn.Linear, not necessarily the last layer: replace it and keep "
                "the layers after it (e.g. LogSoftmax)")
    e_head, g_head = py(expected.get(HEAD)), py(got.get(HEAD))
    if isinstance(g_head, dict) and g_head != e_head:
        if g_head.get("in_features") != e_head.get("in_features"):
            return "the new head takes the old head's in_features (what the layer before it outputs)"
        if g_head.get("dtype") != e_head.get("dtype") or g_head.get("device type") != e_head.get("device type"):
            return ("create the head on the old head's dtype and device: nn.Linear(..., dtype=old.weight.dtype, "
                    "device=old.weight.device)")
        if not g_head.get("has a bias"):
            return "the new head has a bias (nn.Linear's default)"
    if got.get(HEAD_NEW) is False:
        return "the head must be a new nn.Linear, freshly initialised, not the old one"
    if compare_value(expected.get(OTHERS), got.get(OTHERS)):
        return ("layers other than the head were re-initialised: only the head is new; the other layers keep "
                "their trained weights (that is the point of transfer learning)")
    if py(got.get(OTHERS_FROZEN)) != py(expected.get(OTHERS_FROZEN)):
        return "the other layers must keep their requires_grad flags (a frozen backbone stays frozen)"
    if compare_value(expected.get(MODEL_AFTER), got.get(MODEL_AFTER)):
        return ("the model passed in was changed: build a new nn.Sequential (from a list of its layers, or "
                "from copy.deepcopy(model)) and replace the head there")
    return None


def _fine_tune_optimizer(expected: dict, got: dict, args: list) -> str | None:
    if got.get("optimizer type") != "SGD":
        return "return a torch.optim.SGD built from two parameter groups"
    e_none, g_none = py(expected.get(NO_GROUP)), py(got.get(NO_GROUP))
    if isinstance(g_none, list) and set(g_none) < set(e_none):
        return "frozen parameters (requires_grad False) must be in no group: leave them out"
    e, g = py(expected.get(PER_PARAM)), py(got.get(PER_PARAM))
    if not isinstance(g, dict) or set(g) != set(e):
        return "the last nn.Linear in model.modules() is the head: its parameters get head_lr"
    lr, head_lr = args[1], args[2]
    if len({round(v["lr"], 12) for v in g.values()}) == 1 and len({round(v["lr"], 12) for v in e.values()}) > 1:
        return ("every parameter got the same learning rate: make two groups, the head at head_lr (the head is "
                "the last nn.Linear in model.modules(), not necessarily the last layer)")
    if all(close(g[n]["lr"], {lr: head_lr, head_lr: lr}.get(e[n]["lr"], -1)) for n in e):
        return "the learning rates are swapped: the head gets head_lr, every other layer lr"
    if any(not close(g[n]["lr"], e[n]["lr"]) for n in e):
        return ("the head is the last nn.Linear in model.modules() (not always the last layer): its trainable "
                "parameters get head_lr, the others lr")
    if any(not close(g[n]["momentum"], e[n]["momentum"]) for n in e):
        return "pass momentum to SGD (it applies to both groups)"
    return None


def _load_backbone(expected: dict, got: dict, args: list) -> str | None:
    e, g = py(expected.get("returned value")), py(got.get("returned value"))
    if not isinstance(g, dict) or set(g) != {"loaded", "skipped"}:
        return 'return {"loaded": [names], "skipped": [names]}'
    if sorted(g["loaded"]) == sorted(e["loaded"]) and sorted(g["skipped"]) == sorted(e["skipped"]):
        if (g["loaded"], g["skipped"]) != (e["loaded"], e["skipped"]):
            return "list the names in the order of the given state_dict"
    if set(g["loaded"]) | set(g["skipped"]) != set(e["loaded"]) | set(e["skipped"]):
        return ("walk the state_dict's entries, not the model's: each of its names is either loaded or "
                "skipped, and a name the model has but the state_dict lacks is in neither list")
    if set(g["loaded"]) > set(e["loaded"]):
        return "load an entry only when its name is in the model and its shape equals the model's"
    if g == e:
        return "the lists are right but the model did not get those values: call model.load_state_dict(..., strict=False)"
    return None


# ---------------------------------------------------------------- conv_output_size

def _conv_output_size(expected: dict, got: dict, args: list) -> str | None:
    e, g = expected.get("returned value"), got.get("returned value")
    if type(g) is float:
        if g == e:
            return "returned a float: use // (floor division), which keeps ints ints; / always gives a float"
        return "/ is true division: the formula floors, so use // (which also keeps the result an int)"
    if type(g) is not int or type(e) is not int or len(args) < 2:
        return None
    size, k, stride, padding, dilation = (list(args) + [1, 0, 1][len(args) - 2:])[:5]
    span = dilation * (k - 1) + 1
    if (size + 2 * padding - span) // stride + 1 != e:
        return None    # keyword arguments do not reach a hint: say nothing rather than guess
    wrong = [
        ((size + 2 * padding - k) // stride + 1, "dilation was ignored: a dilated kernel spans "
                                                 "dilation * (kernel_size - 1) + 1 inputs"),
        ((size + padding - span) // stride + 1, "padding is added on both sides: 2 * padding"),
        (-(-(size + 2 * padding - span) // stride) + 1, "rounded up: the formula floors (ceil_mode=False)"),
        ((size + 2 * padding - span) // stride, "the + 1 is missing: the first window sits at position 0"),
        ((size + 2 * padding - dilation * k) // stride + 1,
         "dilation * kernel_size is one too many: the span is dilation * (kernel_size - 1) + 1"),
    ]
    return next((why for value, why in wrong if value == g and value != e), None)


HINTS = {"fine_tuning.SmallCNN": _small_cnn, "fine_tuning.save_checkpoint": _save_checkpoint,
         "fine_tuning.load_checkpoint": _load_checkpoint, "fine_tuning.freeze_": _freeze,
         "fine_tuning.trainable_names": _trainable, "fine_tuning.replace_head": _replace_head,
         "fine_tuning.fine_tune_optimizer": _fine_tune_optimizer, "fine_tuning.load_backbone_": _load_backbone,
         "fine_tuning.conv_output_size": _conv_output_size}
