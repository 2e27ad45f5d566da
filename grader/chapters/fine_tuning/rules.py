"""Rules of chapter 08: the mistakes of saving, freezing and fine-tuning, named in feedback.

Nothing is forbidden here: these exercises are about using PyTorch's own tools correctly.
"""
from __future__ import annotations

from typing import Any

import torch

from grader.chapters.fine_tuning.probes import (
    FROZEN,
    HEAD,
    HEAD_NEW,
    KEYS,
    LOADS,
    METHODS_HIDDEN,
    MODEL_AFTER,
    NAMES_IT,
    NO_GROUP,
    OPT_STATE,
    OTHERS,
    OTHERS_FROZEN,
    PER_PARAM,
    RAISED,
    RESUMED_SAME,
)
from grader.chapters.hinting import (
    Named,
    close_numbers,
    differs,
    named,
    returned,
    tensor,
)
from grader.decoded import ModuleView, Result

CHECKPOINT_KEYS = ["epoch", "model_state_dict", "optimizer_state_dict"]


def _view(value: Any) -> ModuleView | None:
    return value if isinstance(value, ModuleView) else None


# ---------------------------------------------------------------- SmallCNN

def _small_cnn(expected: Result, got: Result, args: list) -> Named | None:
    e_model, g_model = _view(expected.get("model")), _view(got.get("model"))
    e = e_model.layer_types() if e_model else []
    g = g_model.layer_types() if g_model else []
    if g and e != g:
        if any(t in ("Softmax", "LogSoftmax") for t in g):
            return named("softmax-in-model", "no softmax inside the model: it returns logits, and "
                         "CrossEntropyLoss applies log-softmax itself")
        if "Flatten" not in g:
            return named("missing-flatten", "nn.Flatten() is the last layer of features: it turns "
                         "(N, 16, 2, 2) into (N, 64)")
        pairs = zip(e_model.named_layers(), g_model.named_layers()) if e_model and g_model else []
        first = next(((w, h) for w, h in pairs if w != h), None)
        # The expected side only: the reply's layer names and types are the student's own strings.
        where = f"{first[0][0]} should be {first[0][1]}; " if first else ""
        return named("wrong-layers", f"{where}features is exactly Conv2d(1, 8, 3, padding=1), ReLU, "
                     "MaxPool2d(2), Conv2d(8, 16, 3, padding=1), ReLU, MaxPool2d(2), Flatten; classifier is "
                     "Linear(64, num_classes)")
    out_e, out_g = tensor(expected.get("output for input 0")), tensor(got.get("output for input 0"))
    if out_e is not None and out_g is not None and out_e.shape == out_g.shape:
        if (out_g >= 0).all() and (out_e < 0).any():
            return named("activation-after-last", "an activation after the classifier: forward must return "
                         "the classifier's raw logits")
        return named("wrong-forward", "forward is classifier(features(x)): nothing before, between or after")
    return None


# ---------------------------------------------------------------- checkpoints

def _save_checkpoint(expected: Result, got: Result, args: list) -> Named | None:
    if got.get(LOADS) is False:
        return named("pickled-objects", "torch.load(path, weights_only=True) refused the file: save state_dicts "
                     "(tensors and plain data), never the model or optimizer objects themselves")
    keys = [k.strip() for k in str(got.get(KEYS, "")).split(",") if k.strip()]
    if keys != CHECKPOINT_KEYS:
        if keys == ["epoch", "model_state_dict"]:
            return named("no-optimizer-state", "no 'optimizer_state_dict': without the optimizer's state "
                         "(momentum buffers, Adam's averages) resuming diverges from never stopping; save "
                         "optimizer.state_dict() too")
        return named("wrong-keys", "the checkpoint is the dict {'epoch': epoch, 'model_state_dict': "
                     "model.state_dict(), 'optimizer_state_dict': optimizer.state_dict()} (the PyTorch "
                     "tutorial's keys)")
    if got.get("epoch in the checkpoint") != expected.get("epoch in the checkpoint"):
        return named("wrong-epoch", "save the epoch you were given, as it is")
    if got.get(RESUMED_SAME) is False:
        return named("resume-diverges", "resuming from this file diverges from never stopping: save "
                     "model.state_dict() and optimizer.state_dict() as they are at the call")
    return None


KNOWN_METHODS = ("model.state_dict", "model.load_state_dict", "optimizer.state_dict",
                 "optimizer.load_state_dict")


def _load_checkpoint(expected: Result, got: Result, args: list) -> Named | None:
    # only names we know: the reply is the student's, and its strings must not reach feedback
    hidden = [n for n in KNOWN_METHODS if isinstance(got.get(METHODS_HIDDEN), list) and n in got[METHODS_HIDDEN]]
    if hidden:
        return named("state-dict-assigned", f"{', '.join(hidden)} was assigned to, not called: "
                     "assigning to state_dict replaces the method with the dict and restores nothing; "
                     "load the saved state in place with load_state_dict: "
                     "model.load_state_dict(checkpoint['model_state_dict']) and "
                     "optimizer.load_state_dict(checkpoint['optimizer_state_dict'])")
    if differs(expected, got, "returned value"):
        return named("wrong-return", "return checkpoint['epoch'], the epoch stored in the file")
    if differs(expected, got, "model after loading"):
        return named("model-not-restored", "the model's weights were not restored: "
                     "model.load_state_dict(checkpoint['model_state_dict'])")
    if differs(expected, got, OPT_STATE):
        return named("optimizer-not-restored", "the optimizer's state was not restored: "
                     "optimizer.load_state_dict(checkpoint['optimizer_state_dict']); without it momentum "
                     "restarts from zero and resuming diverges from never stopping")
    return None


# ---------------------------------------------------------------- freezing

def _frozen(module: Any) -> list[str]:
    return module.frozen if isinstance(module, ModuleView) else []


def _freeze(expected: Result, got: Result, args: list) -> Named | None:
    if RAISED in expected:
        if got.get(RAISED) == "nothing":
            return named("unknown-name-ignored", "an unknown name must raise KeyError naming it: ignoring it "
                         "silently hides typos (nothing gets frozen and nobody notices)")
        if got.get(RAISED) != "KeyError":
            return named("wrong-exception", "raise KeyError (the name is not a key of "
                         "dict(model.named_parameters()))")
        if got.get(NAMES_IT) is False:
            return named("unnamed-key-error", "put every unknown name in the KeyError's message (all of "
                         "them, not only the first), so the student sees each typo at once")
        if got.get(FROZEN) != expected.get(FROZEN):
            return named("froze-before-check", "check every name before freezing any: raise the KeyError "
                         "before anything is frozen")
        return None
    e, g = _frozen(expected.get("argument 0 after the call")), _frozen(got.get("argument 0 after the call"))
    if e == g:
        return None
    if not set(g) - set(_frozen_before(args)) and e:
        return named("compared-not-assigned", "nothing was frozen: set `param.requires_grad = False` (`==` only "
                     "compares)")
    if set(e) < set(g):
        return named("froze-too-much", "froze parameters that were not named: compare names exactly "
                     "(name == wanted, or name in names), not by substring or prefix, and freeze the "
                     "parameter, not its whole layer")
    return None


def _frozen_before(args: list) -> list[str]:
    model = args[0] if args else None
    return [n for n, p in model.named_parameters() if not p.requires_grad] if isinstance(model, torch.nn.Module) else []


def _trainable(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned(expected), returned(got)
    if not isinstance(g, list) or not all(isinstance(n, str) for n in g):
        return named("not-a-list-of-names", "return a list of names (str)")
    model = args[0]
    frozen = [n for n, p in model.named_parameters() if not p.requires_grad]
    if sorted(g) == sorted(e) and g != e:
        return named("sorted-names", "keep the order of model.named_parameters(); do not sort")
    if set(g) & set(frozen) and set(g) >= set(e):
        return named("frozen-included", "frozen parameters (requires_grad False) must be left out")
    if set(g) == set(frozen) and g != e:
        return named("frozen-for-trainable", "these are the frozen names; the exercise wants those that "
                     "require grad")
    if set(g) - {n for n, _ in model.named_parameters()}:
        return named("buffers-included", "buffers (running_mean, ...) are in state_dict() but are not "
                     "parameters: use named_parameters()")
    return None


# ---------------------------------------------------------------- heads and groups

def _replace_head(expected: Result, got: Result, args: list) -> Named | None:
    if got.get("returned type") != "Sequential":
        return named("not-sequential", "return a new nn.Sequential")
    if got.get("layers") != expected.get("layers"):
        return named("last-layer-as-head", "the head is the last top-level nn.Linear, not necessarily the last "
                     "layer: replace it and keep the layers after it (e.g. LogSoftmax)")
    e_head, g_head = expected.get(HEAD), got.get(HEAD)
    if isinstance(g_head, dict) and isinstance(e_head, dict) and g_head != e_head:
        moved = _other_layer_replaced(expected, got, g_head, e_head)
        if moved:
            return moved
        if g_head.get("in_features") != e_head.get("in_features"):
            return named("wrong-in-features", "the new head takes the old head's in_features (what the layer "
                         "before it outputs)")
        if g_head.get("dtype") != e_head.get("dtype") or g_head.get("device type") != e_head.get("device type"):
            return named("head-dtype-device", "create the head on the old head's dtype and device: "
                         "nn.Linear(..., dtype=old.weight.dtype, device=old.weight.device)")
        if not g_head.get("has a bias"):
            return named("head-without-bias", "the new head has a bias (nn.Linear's default)")
    if got.get(HEAD_NEW) is False:
        return named("old-head-kept", "the head must be a new nn.Linear, freshly initialised, not the old one")
    if differs(expected, got, OTHERS):
        return named("backbone-reinitialised", "layers other than the head were re-initialised: only the head "
                     "is new; the other layers keep their trained weights (that is the point of transfer "
                     "learning)")
    if got.get(OTHERS_FROZEN) != expected.get(OTHERS_FROZEN):
        return named("flags-lost", "the other layers must keep their requires_grad flags (a frozen backbone "
                     "stays frozen)")
    if differs(expected, got, MODEL_AFTER):
        return named("mutated-input", "the model passed in was changed: build a new nn.Sequential (from a list "
                     "of its layers, or from copy.deepcopy(model)) and replace the head there")
    return None


def _other_layer_replaced(expected: Result, got: Result, g_head: dict, e_head: dict) -> Named | None:
    """The last Linear kept its old size while an earlier layer took the new number of classes."""
    wanted = e_head.get("out_features")
    if g_head.get("out_features") == wanted:
        return None
    e_others, g_others = expected.get(OTHERS), got.get(OTHERS)
    if not isinstance(e_others, dict) or not isinstance(g_others, dict):
        return None
    reshaped = [n for n, t in g_others.items() if tensor(t) is not None and tensor(e_others.get(n)) is not None
                and t.shape != e_others[n].shape and t.dim() > 0 and t.shape[0] == wanted]
    if not reshaped:
        return None
    layer = reshaped[0].rsplit(".", 1)[0]
    # Only trusted values in the text: the reply's own out_features could be any string.
    return named("earlier-layer-replaced", f"layer {layer} now outputs {wanted} values, but the last Linear "
                 "(the head) does not: an earlier layer was replaced (the first nn.Linear?); the head is the "
                 "last top-level nn.Linear")


def _fine_tune_optimizer(expected: Result, got: Result, args: list) -> Named | None:
    if got.get("optimizer type") != "SGD":
        return named("not-sgd", "return a torch.optim.SGD built from two parameter groups")
    e_none, g_none = expected.get(NO_GROUP), got.get(NO_GROUP)
    if isinstance(g_none, list) and set(g_none) < set(e_none):
        return named("frozen-in-group", "frozen parameters (requires_grad False) must be in no group: leave "
                     "them out")
    head = named("wrong-head", "the last nn.Linear in model.modules() is the head: its parameters get head_lr")
    e, g = expected.get(PER_PARAM), got.get(PER_PARAM)
    if not isinstance(g, dict) or set(g) != set(e):
        return head
    lr, head_lr = args[1], args[2]
    if len({round(v["lr"], 12) for v in g.values()}) == 1 and len({round(v["lr"], 12) for v in e.values()}) > 1:
        return named("one-group", "every parameter got the same learning rate: make two groups, the head at "
                     "head_lr (the head is the last nn.Linear in model.modules(), not necessarily the last layer)")
    if all(close_numbers(g[n]["lr"], {lr: head_lr, head_lr: lr}.get(e[n]["lr"], -1)) for n in e):
        return named("swapped-rates", "the learning rates are swapped: the head gets head_lr, every other layer "
                     "lr")
    if any(not close_numbers(g[n]["lr"], e[n]["lr"]) for n in e):
        return named("wrong-head", "the head is the last nn.Linear in model.modules() (not always the last "
                     "layer): its trainable parameters get head_lr, the others lr")
    if any(not close_numbers(g[n]["momentum"], e[n]["momentum"]) for n in e):
        return named("momentum-missing", "pass momentum to SGD (it applies to both groups)")
    return None


def _load_backbone(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned(expected), returned(got)
    if not isinstance(g, dict) or set(g) != {"loaded", "skipped"}:
        return named("wrong-return", 'return {"loaded": [names], "skipped": [names]}')
    if sorted(g["loaded"]) == sorted(e["loaded"]) and sorted(g["skipped"]) == sorted(e["skipped"]):
        if (g["loaded"], g["skipped"]) != (e["loaded"], e["skipped"]):
            return named("order-changed", "list the names in the order of the given state_dict")
    if set(g["loaded"]) | set(g["skipped"]) != set(e["loaded"]) | set(e["skipped"]):
        return named("walked-model", "walk the state_dict's entries, not the model's: each of its names is "
                     "either loaded or skipped, and a name the model has but the state_dict lacks is in "
                     "neither list")
    if set(g["loaded"]) > set(e["loaded"]):
        return named("shape-not-checked", "load an entry only when its name is in the model and its shape "
                     "equals the model's")
    if g == e:
        return named("not-loaded", "the lists are right but the model did not get those values: call "
                     "model.load_state_dict(..., strict=False)")
    return None


# ---------------------------------------------------------------- conv_output_size

def _conv_output_size(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned(expected), returned(got)
    if type(g) is float:
        if g == e:
            return named("float-result", "returned a float: use // (floor division), which keeps ints ints; / "
                         "always gives a float")
        return named("true-division", "/ is true division: the formula floors, so use // (which also keeps the "
                     "result an int)")
    if type(g) is not int or type(e) is not int or len(args) < 2:
        return None
    size, k, stride, padding, dilation = (list(args) + [1, 0, 1][len(args) - 2:])[:5]
    span = dilation * (k - 1) + 1
    if (size + 2 * padding - span) // stride + 1 != e:
        return None    # keyword arguments do not reach a hint: say nothing rather than guess
    wrong = [
        ((size + 2 * padding - k) // stride + 1, named("dilation-ignored", "dilation was ignored: a dilated "
                                                       "kernel spans dilation * (kernel_size - 1) + 1 inputs")),
        ((size + padding - span) // stride + 1, named("padding-once", "padding is added on both sides: "
                                                      "2 * padding")),
        (-(-(size + 2 * padding - span) // stride) + 1, named("rounded-up", "rounded up: the formula floors "
                                                              "(ceil_mode=False)")),
        ((size + 2 * padding - span) // stride, named("missing-plus-one", "the + 1 is missing: the first window "
                                                      "sits at position 0")),
        ((size + 2 * padding - dilation * k) // stride + 1,
         named("span-too-long", "dilation * kernel_size is one too many: the span is dilation * (kernel_size - 1) "
               "+ 1")),
    ]
    return next((why for value, why in wrong if value == g and value != e), None)


HINTS = {"fine_tuning.SmallCNN": _small_cnn, "fine_tuning.save_checkpoint": _save_checkpoint,
         "fine_tuning.load_checkpoint": _load_checkpoint, "fine_tuning.freeze_": _freeze,
         "fine_tuning.trainable_names": _trainable, "fine_tuning.replace_head": _replace_head,
         "fine_tuning.fine_tune_optimizer": _fine_tune_optimizer, "fine_tuning.load_backbone_": _load_backbone,
         "fine_tuning.conv_output_size": _conv_output_size}
