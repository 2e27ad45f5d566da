"""Cases of chapter 02, layers. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.spec import Build


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _linear(g: torch.Generator, n: int, n_in: int, n_out: int, bias: bool = True,
            dtype: torch.dtype = torch.float32) -> list:
    x = torch.randn(n, n_in, generator=g, dtype=dtype)
    w = torch.randn(n_out, n_in, generator=g, dtype=dtype)
    b = torch.randn(n_out, generator=g, dtype=dtype) if bias else None
    return [x, w, b]


def _mlp_state(g: torch.Generator, sizes: list[int]) -> dict:
    """A state_dict for build_mlp(sizes): Linear layers at even positions of the Sequential."""
    state = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        state[f"{2 * i}.weight"] = torch.randn(n_out, n_in, generator=g)
        state[f"{2 * i}.bias"] = torch.randn(n_out, generator=g)
    return state


def _mlp(sizes: list[int], *activation: str):
    def make(g: torch.Generator) -> Call:
        return Call("build_mlp", [sizes, *activation], probe="layers.network",
                    probe_args={"load": _mlp_state(g, sizes),
                                "inputs": [torch.randn(5, sizes[0], generator=g) * 2]})
    return make


def _net(sizes: list[int], n: int = 6):
    def make(g: torch.Generator) -> Call:
        i, h, o = sizes
        state = {"hidden.weight": torch.randn(h, i, generator=g), "hidden.bias": torch.randn(h, generator=g),
                 "output.weight": torch.randn(o, h, generator=g), "output.bias": torch.randn(o, generator=g)}
        return Call("TwoLayerNet", list(sizes), probe="layers.network",
                    probe_args={"structure": False, "load": state,
                                "inputs": [torch.randn(n, i, generator=g), torch.randn(1, i, generator=g) * 3]})
    return make


def _count(layers: list, *more, frozen: list | None = None, seed: int = 0):
    return lambda g: Call("count_parameters", [Build("sequential", layers=layers, frozen=frozen, seed=seed), *more])


def _shapes(layers: list, shape: tuple, train: bool = True):
    return lambda g: Call("layer_shapes", [Build("sequential", layers=layers, train=train), shape],
                          probe="layers.shapes")


def _init(n_in: int, n_out: int, low: float, high: float, seed: int, bias: bool = True,
          dtype: str = "float32"):
    return lambda g: Call("init_uniform_", [Build("layers.linear", in_features=n_in, out_features=n_out,
                                                  bias=bias, seed=seed + 1, dtype=dtype), low, high, seed],
                          probe="layers.same_layer")


MLP = [["Linear", 6, 8], ["ReLU"], ["Linear", 8, 4], ["ReLU"], ["Linear", 4, 2]]
CNN = [["Conv2d", 1, 4, 3], ["ReLU"], ["MaxPool2d", 2], ["Flatten"], ["Linear", 36, 10]]
BN = [["Linear", 5, 7], ["BatchNorm1d", 7], ["ReLU"], ["Dropout", 0.5], ["Linear", 7, 3]]

CASES = [
    *cases_for(
        "layers.linear_forward", seed=1000,
        public=[("ones, (2, 3) -> 4", lambda g: Call("linear_forward", [torch.ones(2, 3), torch.ones(4, 3) * 0.5,
                                                                         torch.arange(4.0)])),
                ("(3, 3) weight: one row per output", lambda g: Call("linear_forward", [
                    torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                    torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 2.0], [1.0, 1.0, 1.0]]),
                    torch.tensor([0.5, -1.0, 2.0])]))],
        hidden=[
            ("random (5, 3) -> 2", lambda g: Call("linear_forward", _linear(g, 5, 3, 2))),
            ("square weight (4, 4)", lambda g: Call("linear_forward", _linear(g, _size(g, 2, 6), 4, 4))),
            ("bias=None", lambda g: Call("linear_forward", _linear(g, 4, _size(g, 2, 5), 3, bias=False))),
            ("float64", lambda g: Call("linear_forward", _linear(g, 3, 6, _size(g, 1, 4), dtype=torch.float64))),
            ("one sample, one output", lambda g: Call("linear_forward", _linear(g, 1, 7, 1))),
            ("weight and bias require grad", lambda g: Call("linear_forward", [
                torch.randn(4, 3, generator=g), Build("requires_grad", tensor=torch.randn(2, 3, generator=g)),
                Build("requires_grad", tensor=torch.randn(2, generator=g))])),
        ]),
    *cases_for(
        "layers.build_mlp", seed=1100,
        public=[("[4, 8, 3], relu", _mlp([4, 8, 3]))],
        hidden=[
            ("two hidden layers, relu", _mlp([5, 7, 6, 2], "relu")),
            ("leaky_relu", _mlp([3, 6, 4, 2], "leaky_relu")),
            ("sigmoid", _mlp([4, 5, 1], "sigmoid")),
            ("tanh", _mlp([6, 3, 3, 3, 2], "tanh")),
            ("no hidden layer", _mlp([4, 2], "tanh")),
            ("one size: ValueError", lambda g: Call("build_mlp", [[5]], probe="layers.network")),
            ("no sizes: ValueError", lambda g: Call("build_mlp", [[]], probe="layers.network")),
            ("unknown activation: ValueError", lambda g: Call("build_mlp", [[4, 8, 3], "gelu"],
                                                              probe="layers.network")),
        ]),
    *cases_for(
        "layers.count_parameters", seed=1200,
        public=[("8 -> 4 -> 2", _count([["Linear", 8, 4], ["Linear", 4, 2]]))],
        hidden=[
            ("an MLP with activations", _count(MLP)),
            ("a frozen first layer, all counted", _count(MLP, False, frozen=["0.weight", "0.bias"])),
            ("a frozen first layer, trainable only", _count(MLP, True, frozen=["0.weight", "0.bias"])),
            ("a frozen weight, trainable only (keyword)", lambda g: Call("count_parameters", [
                Build("sequential", layers=MLP, frozen=["2.weight"])], {"trainable_only": True})),
            ("everything frozen, trainable only", _count([["Linear", 3, 2]], True, frozen=["0.weight", "0.bias"])),
            ("convolution", _count(CNN)),
            ("BatchNorm has buffers, not parameters", _count(BN)),
            ("a custom module", lambda g: Call("count_parameters", [Build("net", sizes=[7, 5, 3])])),
        ]),
    *cases_for(
        "layers.TwoLayerNet", seed=1300,
        public=[("4 -> 8 -> 3", _net([4, 8, 3]))],
        hidden=[
            ("10 -> 16 -> 5", _net([10, 16, 5])),
            ("one output", _net([3, 4, 1])),
            ("wide hidden layer", _net([2, 32, 4], n=3)),
        ]),
    *cases_for(
        "layers.init_uniform_", seed=1400,
        public=[("(3 -> 2) in [-0.1, 0.1]", _init(3, 2, -0.1, 0.1, 0))],
        hidden=[
            ("in [0, 1], seed 42", _init(8, 5, 0.0, 1.0, 42)),
            ("in [-2, 3]", _init(4, 6, -2.0, 3.0, 7)),
            ("no bias", _init(5, 3, -0.5, 0.5, 123, bias=False)),
            ("float64 layer", _init(2, 4, -1.0, 1.0, 99, dtype="float64")),
        ]),
    *cases_for(
        "layers.layer_shapes", seed=1500,
        public=[("Linear, ReLU, Linear", _shapes([["Linear", 4, 8], ["ReLU"], ["Linear", 8, 3]], (2, 4)))],
        hidden=[
            ("a deeper MLP", _shapes(MLP, (5, 6))),
            ("a small CNN", _shapes(CNN, (3, 1, 8, 8))),
            ("BatchNorm in train mode", _shapes(BN, (4, 5))),
            ("BatchNorm with one sample", _shapes(BN, (1, 5))),
            ("a model in eval mode stays in eval mode", _shapes(MLP, (2, 6), train=False)),
            ("one layer", _shapes([["Linear", 3, 9]], (7, 3))),
            # "one tuple per top-level layer": a nested Sequential is one layer, not two.
            ("a nested Sequential is one layer", _shapes([["Sequential", [["Linear", 4, 8], ["ReLU"]]],
                                                          ["Linear", 8, 3]], (2, 4))),
        ]),
]
