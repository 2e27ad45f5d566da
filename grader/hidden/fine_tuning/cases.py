"""Cases of chapter 08, fine_tuning. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import io

import torch

from grader.case import Call, cases_for
from grader.chapters.fine_tuning.probes import train
from grader.inputs import optimizer as build_optimizer
from grader.inputs import sequential
from grader.spec import Build, Ref


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


MLP = [["Linear", 4, 8], ["ReLU"], ["Linear", 8, 3]]
DEEP = [["Linear", 5, 6], ["ReLU"], ["Linear", 6, 6], ["Tanh"], ["Linear", 6, 4]]
WITH_LOG_SOFTMAX = [["Linear", 5, 6], ["ReLU"], ["Linear", 6, 4], ["LogSoftmax", 1]]
ELEVEN = [layer for _ in range(5) for layer in (["Linear", 3, 3], ["ReLU"])] + [["Linear", 3, 2]]
CONV = [["Conv2d", 1, 4, 3], ["ReLU"], ["Flatten"], ["Linear", 144, 10]]
BATCH_NORM = [["Linear", 4, 6], ["BatchNorm1d", 6], ["ReLU"], ["Linear", 6, 3]]

SGD = {"name": "SGD", "lr": 0.1, "momentum": 0.9}
ADAM = {"name": "Adam", "lr": 0.05}


# ---------------------------------------------------------------- SmallCNN

def _cnn(classes: int, batch: int):
    def make(g: torch.Generator) -> Call:
        shapes = {"features.0.weight": (8, 1, 3, 3), "features.0.bias": (8,),
                  "features.3.weight": (16, 8, 3, 3), "features.3.bias": (16,),
                  "classifier.weight": (classes, 64), "classifier.bias": (classes,)}
        state = {k: torch.randn(s, generator=g) * 0.4 for k, s in shapes.items()}
        images = torch.rand(batch, 1, 8, 8, generator=g) * 2 - 1
        return Call("SmallCNN", [classes], probe="module", probe_args={"load": state, "inputs": [images]})
    return make


# ---------------------------------------------------------------- checkpoints

def _training_data(g: torch.Generator, layers: list, n: int = 12) -> list:
    classes = layers[-1][2]
    return [torch.randn(n, layers[0][1], generator=g), torch.randint(0, classes, (n,), generator=g)]


def _save(layers: list, optimizer: dict, epoch: int, before: int = 3, after: int = 4):
    def make(g: torch.Generator) -> Call:
        seed = _size(g, 0, 999)
        return Call("save_checkpoint",
                    [Build("path", name="ckpt.pt"), Build("sequential", layers=layers, seed=seed),
                     Build("optimizer", model=Ref(1), **optimizer), epoch],
                    probe="checkpoint_saved",
                    probe_args={"data": _training_data(g, layers), "criterion": "CrossEntropyLoss",
                                "before": before, "after": after,
                                "fresh": {"layers": layers, "seed": seed + 1}, "optimizer": optimizer})
    return make


def _checkpoint_bytes(layers: list, seed: int, optimizer: dict, data: list, criterion: str, steps: int,
                      epoch: int) -> torch.Tensor:
    """A checkpoint written the tutorial's way, made here (it is save_checkpoint's answer) and
    sent to the worker as bytes, so no public module holds it."""
    model = sequential(layers, seed=seed)
    opt = build_optimizer(model, **optimizer)
    train(model, opt, data, criterion, steps)
    buffer = io.BytesIO()
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": opt.state_dict()}, buffer)
    return torch.frombuffer(bytearray(buffer.getvalue()), dtype=torch.uint8).clone()


def _load(layers: list, optimizer: dict, epoch: int, fresh_optimizer: dict | None = None, steps: int = 3):
    def make(g: torch.Generator) -> Call:
        seed = _size(g, 0, 999)
        source = {"layers": layers, "seed": seed, "optimizer": optimizer,
                  "data": _training_data(g, layers), "criterion": "CrossEntropyLoss",
                  "steps": steps, "epoch": epoch}
        return Call("load_checkpoint",
                    [Build("file", name="checkpoint.pt", data=_checkpoint_bytes(**source)),
                     Build("sequential", layers=layers, seed=seed + 7),
                     Build("optimizer", model=Ref(1), **(fresh_optimizer or optimizer))],
                    probe="checkpoint_loaded", probe_args={"source": source, "after": 4})
    return make


# ---------------------------------------------------------------- freezing, heads, groups

def _model(layers: list, frozen: list | None = None, dtype: str = "float32"):
    return lambda g: Build("sequential", layers=layers, seed=_size(g, 0, 999), frozen=frozen or [], dtype=dtype)


def _freeze(layers: list, names, frozen: list | None = None):
    return lambda g: Call("freeze_", [_model(layers, frozen)(g), names], probe="inplace",
                          probe_args={"watch": [0]})


def _freeze_unknown(layers: list, names: list, unknown: list):
    return lambda g: Call("freeze_", [_model(layers)(g), names], probe="freeze_unknown",
                          probe_args={"unknown": unknown})


def _trainable(layers: list, frozen: list | None = None):
    return lambda g: Call("trainable_names", [_model(layers, frozen)(g)])


def _head(layers: list, classes: int, frozen: list | None = None, dtype: str = "float32"):
    return lambda g: Call("replace_head", [_model(layers, frozen, dtype)(g), classes], probe="head_replaced")


def _groups(model, lr: float, head_lr: float, momentum: float | None = None):
    def make(g: torch.Generator) -> Call:
        kwargs = {} if momentum is None else {"momentum": momentum}
        return Call("fine_tune_optimizer", [model(g), lr, head_lr], kwargs, probe="param_groups")
    return make


def _backbone(model_layers: list, source_layers: list, keep: list | None = None, reverse: bool = False):
    """A model and a pretrained state_dict of ``source_layers`` (optionally only ``keep``, reversed)."""
    def make(g: torch.Generator) -> Call:
        source = sequential(source_layers, seed=_size(g, 0, 999))
        if any(name == "BatchNorm1d" for name, *_ in source_layers):   # non-trivial running stats
            source(torch.randn(8, source_layers[0][1], generator=g))
        state = {k: v.detach().clone() for k, v in source.state_dict().items() if keep is None or k in keep}
        if reverse:
            state = dict(reversed(list(state.items())))
        return Call("load_backbone_", [_model(model_layers)(g), state], probe="inplace",
                    probe_args={"watch": [0]})
    return make


def _conv(*args: int, **kwargs: int):
    return lambda g: Call("conv_output_size", list(args), kwargs)


CASES = [
    *cases_for(
        "fine_tuning.SmallCNN", seed=2000,
        public=[("10 classes, 3 images", _cnn(10, 3))],
        hidden=[("5 classes, one image", _cnn(5, 1)), ("3 classes, 6 images", _cnn(3, 6)),
                ("2 classes, 4 images", _cnn(2, 4))]),
    *cases_for(
        "fine_tuning.save_checkpoint", seed=2100,
        public=[("SGD with momentum, epoch 3", _save(MLP, SGD, 3))],
        hidden=[("Adam, epoch 7", _save(DEEP, ADAM, 7)),
                ("epoch 0, one step before", _save(MLP, SGD, 0, before=1)),
                ("SGD with nesterov and weight decay", _save(DEEP, {"name": "SGD", "lr": 0.05, "momentum": 0.8,
                                                                  "nesterov": True, "weight_decay": 0.01}, 12))]),
    *cases_for(
        "fine_tuning.load_checkpoint", seed=2200,
        public=[("SGD with momentum, epoch 3", _load(MLP, SGD, 3))],
        hidden=[("Adam, epoch 5", _load(DEEP, ADAM, 5)),
                ("the learning rate comes from the checkpoint", _load(MLP, SGD, 9, {"name": "SGD", "lr": 0.5,
                                                                                   "momentum": 0.9})),
                ("epoch 0", _load(DEEP, SGD, 0, steps=2))]),
    *cases_for(
        "fine_tuning.freeze_", seed=2300,
        public=[("the first layer", _freeze(MLP, ["0.weight", "0.bias"])),
                ("an unknown name raises KeyError", _freeze_unknown(MLP, ["0.weight", "3.wieght"], ["3.wieght"]))],
        hidden=[("'0.weight' is not '10.weight'", _freeze(ELEVEN, ["0.weight"])),
                ("a weight without its bias", _freeze(DEEP, ["2.weight", "4.bias"])),
                ("a tuple of names", _freeze(DEEP, ("0.bias", "2.weight"))),
                ("no names", _freeze(MLP, [])),
                ("already frozen stays frozen", _freeze(MLP, ["2.weight"], frozen=["0.bias"])),
                ("an unknown name after known ones", _freeze_unknown(DEEP, ["0.weight", "2.bias", "classifier.weight"],
                                                                     ["classifier.weight"])),
                ("a layer name is not a parameter name", _freeze_unknown(MLP, ["2"], ["2"])),
                # "naming every unknown name": a student fixing the list learns all of it at once
                ("two unknown names", _freeze_unknown(DEEP, ["0.weight", "1.weight", "2.bias", "head.bias"],
                                                      ["1.weight", "head.bias"]))]),
    *cases_for(
        "fine_tuning.trainable_names", seed=2400,
        public=[("first layer frozen", _trainable(MLP, ["0.weight", "0.bias"]))],
        hidden=[("nothing frozen", _trainable(DEEP)),
                ("everything frozen", _trainable(MLP, ["0.weight", "0.bias", "2.weight", "2.bias"])),
                ("eleven layers, in order", _trainable(ELEVEN, ["2.weight"])),
                ("batch norm buffers are not parameters", _trainable(BATCH_NORM, ["0.bias"]))]),
    *cases_for(
        "fine_tuning.replace_head", seed=2500,
        public=[("3 classes to 5", _head(MLP, 5))],
        hidden=[("layers after the head are kept", _head(WITH_LOG_SOFTMAX, 2)),
                ("float64 model", _head(DEEP, 7, dtype="float64")),
                ("a frozen backbone stays frozen", _head(DEEP, 3, frozen=["0.weight", "0.bias", "2.weight"])),
                ("as many classes as before", _head(MLP, 3)),
                ("a conv backbone", _head(CONV, 4))]),
    *cases_for(
        "fine_tuning.fine_tune_optimizer", seed=2600,
        public=[("nothing frozen", _groups(_model(MLP), 0.001, 0.01))],
        hidden=[("frozen first layer, momentum 0.8", _groups(_model(DEEP, ["0.weight", "0.bias"]), 1e-4, 1e-2, 0.8)),
                ("the head is not the last layer", _groups(_model(WITH_LOG_SOFTMAX), 0.002, 0.02, 0.95)),
                ("a module with hidden and output", _groups(lambda g: Build("net", sizes=[4, 6, 3],
                                                                             seed=_size(g, 0, 99)), 0.01, 0.1)),
                ("a frozen head bias", _groups(_model(MLP, ["2.bias"]), 0.003, 0.03, 0.85)),
                ("a conv backbone", _groups(_model(CONV, ["0.weight"]), 1e-3, 5e-2)),
                # Distinct parameters may hold equal values (biases initialized to 0): a parameter
                # belongs to the head by identity, not by value.
                ("biases of equal values", _groups(lambda g: Build(
                    "sequential", layers=[["Linear", 4, 3], ["ReLU"], ["Linear", 3, 3]], seed=_size(g, 0, 999),
                    zeroed=["0.bias", "2.bias"]), 0.001, 0.1))]),
    *cases_for(
        "fine_tuning.load_backbone_", seed=2700,
        public=[("a head of another size is skipped", _backbone([["Linear", 4, 8], ["ReLU"], ["Linear", 8, 5]], MLP))],
        hidden=[("entries the model lacks are skipped", _backbone(
                    [["Linear", 4, 8], ["ReLU"], ["Linear", 8, 8]],
                    [["Linear", 4, 8], ["ReLU"], ["Linear", 8, 8], ["ReLU"], ["Linear", 8, 3]])),
                ("in the state_dict's order", _backbone([["Linear", 4, 8], ["ReLU"], ["Linear", 8, 2]], MLP,
                                                        reverse=True)),
                ("model entries it lacks are in neither list", _backbone(MLP, MLP, keep=["0.weight", "2.bias"])),
                ("batch norm buffers", _backbone([["Linear", 4, 6], ["BatchNorm1d", 6], ["ReLU"], ["Linear", 6, 5]],
                                                 BATCH_NORM)),
                ("everything matches", _backbone(DEEP, DEEP))]),
    *cases_for(
        "fine_tuning.conv_output_size", seed=2800,
        public=[("SmallCNN's first Conv2d: 8, kernel 3, padding 1", _conv(8, 3, 1, 1)),
                ("its MaxPool2d(2): stride 2", _conv(8, 2, 2))],
        hidden=[("a stride that does not divide evenly (floor)", _conv(10, 3, 2)),
                ("dilation 2", _conv(9, 3, 1, 0, 2)),
                ("stride, padding and dilation by keyword", _conv(17, 3, stride=2, padding=2, dilation=3)),
                ("ResNet's stem: 224, kernel 7, stride 2, padding 3", _conv(224, 7, 2, 3)),
                ("a kernel as large as the input", _conv(5, 5)),
                ("padding larger than the kernel", _conv(3, 2, 1, 4)),
                ("a kernel larger than the input: ValueError", _conv(4, 5)),
                ("a kernel larger than the input, stride 2: ValueError", _conv(4, 5, 2)),
                ("a dilated kernel that does not fit: ValueError", _conv(6, 3, 1, 0, 3)),
                ("stride 0: ValueError", _conv(8, 3, 0)),
                ("dilation 0: ValueError", _conv(8, 3, dilation=0)),
                ("negative padding: ValueError", _conv(8, 3, 1, -1)),
                ("stride 3, padding 1, dilation 2", _conv(20, 4, 3, 1, 2))]),
]
