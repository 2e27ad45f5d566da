"""Rules of chapter 02: forbidden calls, and hints that name the usual mistakes with layers."""
from __future__ import annotations

import torch

from grader.chapters.hinting import (
    Named,
    differs,
    items,
    named,
    returned,
    returned_tensor,
    tensor,
)
from grader.chapters.layers.probes import (
    LOADED,
    MODEL_AFTER,
    MODES_AFTER,
    NO_AUTOGRAD,
    SAME_OBJECT,
)
from grader.decoded import ModuleView, Result
from grader.forbidden import forbid

forbid("layers.linear_forward", "torch.nn.functional.linear", "torch.nn.Linear", "torch.nn.LazyLinear",
       "torch.nn.Bilinear")


def _linear_forward(expected: Result, got: Result, args: list) -> Named | None:
    g = returned_tensor(got)
    x, weight, bias = args
    if g is None:
        return None
    swapped = x @ weight if x.shape[-1] == weight.shape[0] else None   # possible when in == out
    if swapped is not None and bias is not None:
        swapped = swapped + bias
    if swapped is not None and g.shape == swapped.shape and torch.allclose(g.double(), swapped.detach().double(),
                                                                              atol=1e-4):
        return named("transposed-weight", "the weight was used as (in, out): nn.Linear stores it as "
                     "(out, in), one row per output neuron; compute x @ weight.T")
    if bias is not None and g.shape == (x @ weight.T).shape and torch.allclose(
            g.double(), (x @ weight.T).detach().double(), atol=1e-4):
        return named("missing-bias", "the bias was not added")
    return None


def _build_mlp(expected: Result, got: Result, args: list) -> Named | None:
    activation = args[1] if len(args) > 1 else "relu"
    e_model, g_model = expected.get("model"), got.get("model")
    if isinstance(e_model, ModuleView) and isinstance(g_model, ModuleView):
        e_types, g_types = e_model.layer_types(), g_model.layer_types()
        if e_types == g_types and activation == "leaky_relu":
            return named("leaky-relu-slope", "nn.LeakyReLU() with its default negative_slope (0.01) was expected")
        if "Linear" in g_types and len(set(g_types)) == 1 and len(e_types) > 1:
            return named("no-activation", "no activation between the Linear layers: without one, stacked "
                         "Linear layers collapse into a single linear map")
    return None


def _count_parameters(expected: Result, got: Result, args: list) -> Named | None:
    model = args[0]
    trainable_only = bool(args[1]) if len(args) > 1 else None
    value = returned(got)
    if not isinstance(value, int) or isinstance(value, bool):
        return named("not-an-int", "return a Python int (sum of p.numel() over the parameters)")
    params = list(model.named_parameters())
    total = sum(p.numel() for _, p in params)
    candidates = []
    if trainable_only is not False:
        candidates.append((total, named("trainable-only-ignored", "trainable_only was ignored: skip "
                                        "parameters whose requires_grad is False")))
    if trainable_only is not True:
        candidates.append((sum(p.numel() for _, p in params if p.requires_grad),
                           named("counted-only-trainable", "counted only trainable parameters although "
                                 "trainable_only is False")))
    candidates += [
        (len(params), named("counted-tensors", "counted parameter tensors, not their elements: add up p.numel()")),
        (sum(p.numel() for n, p in params if n.endswith("weight")),
         named("weights-only", "counted only the weights: each neuron also has a bias (N + 1 parameters "
               "per neuron)")),
        (sum(p.numel() for _, p in params if not p.requires_grad),
         named("counted-frozen", "counted the frozen parameters instead of the trainable ones")),
        (sum(v.numel() for v in model.state_dict().values()),
         named("counted-buffers", "counted state_dict() entries, which include buffers (BatchNorm's running "
               "statistics); count model.parameters()")),
    ]
    if any(p.dim() > 2 for _, p in params):     # a convolution's weight has 4 dims, not 2
        every = trainable_only is not True
        candidates.append((sum(_first_two(p) for _, p in params if every or p.requires_grad),
                           named("two-dims-only", "the count matches multiplying only the first two "
                                 "dimensions of each parameter: a convolution's weight has four "
                                 "(out, in, kh, kw); p.numel() counts every element whatever the dimension")))
    return next((why for count, why in candidates if count == value and count != returned(expected)), None)


def _first_two(p: torch.Tensor) -> int:
    """The elements a count sees when it multiplies a parameter's first two sizes only."""
    return int(p.shape[0]) * (int(p.shape[1]) if p.dim() > 1 else 1) if p.dim() else 1


def _names(result: Result) -> set:
    entry = result.get("parameters")
    return set(entry) if isinstance(entry, dict) else set()


def _two_layer_net(expected: Result, got: Result, args: list) -> Named | None:
    if _names(got) != _names(expected):
        return named("layer-names", "name the layers self.hidden and self.output: attribute names become "
                     "the parameter names (hidden.weight, hidden.bias, output.weight, output.bias) a "
                     "state_dict uses")
    if str(got.get(LOADED, "loaded")).startswith("failed"):
        return named("layer-sizes", "check the sizes: hidden is Linear(in_features, hidden_features), "
                     "output is Linear(hidden_features, out_features)")
    for key in expected:
        e, g = tensor(expected[key]), tensor(got.get(key))
        if not key.startswith("output for") or e is None or g is None or e.shape != g.shape:
            continue
        if torch.allclose(e, g, atol=1e-4):
            continue
        if e.shape[-1] > 1 and torch.allclose(g.sum(-1), torch.ones(g.shape[0]), atol=1e-4):
            return named("softmax-at-end", "softmax at the end: forward must return logits, not an "
                         "activation after the last layer; CrossEntropyLoss applies the softmax itself")
        squashed = bool(((g > 0) & (g < 1)).all()) and not bool(((e > 0) & (e < 1)).all())
        clipped = bool((g >= 0).all()) and bool((e < 0).any())
        if squashed or clipped:
            return named("activation-after-last", "an activation after the last layer: forward must return "
                         "output(relu(hidden(x)))")
        return named("wrong-forward", "forward must compute output(relu(hidden(x))): ReLU between the two "
                     "layers, nothing after")
    return None


def _init_uniform(expected: Result, got: Result, args: list) -> Named | None:
    _, low, high, _ = args
    if got.get(SAME_OBJECT) is False:
        return named("returned-copy", "change the layer in place and return that same object: `return layer`")
    layer = got.get("argument 0 after the call")
    if not isinstance(layer, ModuleView):
        return None
    weight, bias = tensor(layer.state.get("weight")), tensor(layer.state.get("bias"))
    if bias is not None and bool((bias != 0).any()):
        return named("nonzero-bias", "the bias must be all zeros (nn.init.zeros_(layer.bias))")
    if weight is not None and (weight.min() < low or weight.max() > high):
        return named("out-of-range", f"weights outside [{low}, {high}]: pass low and high to nn.init.uniform_")
    if weight is not None and weight.numel() > 4 and weight.min() >= 0 and weight.max() <= 1 \
            and (low, high) != (0.0, 1.0):
        return named("default-range", f"weights drawn from [0, 1), uniform_'s default: pass low={low} and "
                     f"high={high}")
    if weight is not None:
        return named("unseeded-init", "different random numbers: call torch.manual_seed(seed) right before "
                     "nn.init.uniform_")
    return None


def _layer_shapes(expected: Result, got: Result, args: list) -> Named | None:
    if got.get(NO_AUTOGRAD) is False:
        return named("autograd-on", "run the forward pass under torch.no_grad(): shapes need no graph")
    if differs(expected, got, MODEL_AFTER):
        return named("batchnorm-stats-changed", "the model's BatchNorm statistics changed: a train-mode "
                     "forward pass updates them; run a copy (copy.deepcopy) in eval mode")
    if got.get(MODES_AFTER) != expected.get(MODES_AFTER):
        return named("mode-changed", "restore the model's mode, or work on a copy: calling "
                     "model.eval()/model.train() changes it")
    e, g = items(returned(expected)), items(returned(got))
    if e is not None and g is not None and len(g) == len(e) + 1:
        return named("input-shape-listed", "one entry per layer, after the layer: the input shape is not "
                     "part of the list")
    shape = tuple(args[1]) if len(args) > 1 and isinstance(args[1], (tuple, list, torch.Size)) else None
    if e and g is not None and shape is not None and len(g) == len(e) and g != e \
            and [tuple(s) if isinstance(s, (tuple, list)) else s for s in g] == [shape] + [tuple(s) for s in e[:-1]]:
        return named("shape-before-layer", "the list is shifted by one: each entry is the shape going into a "
                     "layer (the input first), not the shape coming out of it; record x.shape after each "
                     "layer is applied")
    return None


HINTS = {"layers.linear_forward": _linear_forward, "layers.build_mlp": _build_mlp,
         "layers.count_parameters": _count_parameters, "layers.TwoLayerNet": _two_layer_net,
         "layers.init_uniform_": _init_uniform, "layers.layer_shapes": _layer_shapes}


def _bias_none_not_handled(error_type: str, args: list) -> Named | None:
    """``x @ weight.T + None`` raises a TypeError: the bias is optional."""
    if error_type == "TypeError" and len(args) > 2 and args[2] is None:
        return named("bias-none-not-handled", "bias may be None (NoneType): check for None and add the "
                     "bias only when one is given")
    return None


# Hints for a call that raised: read only the error's type and the inputs (never its message).
ERROR_HINTS = {"layers.linear_forward": _bias_none_not_handled}
