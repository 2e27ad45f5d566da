"""Cases of chapter 01, tensors. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.spec import Build


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _device(args: list, kwargs: dict | None = None, *, cuda: bool) -> Call:
    """A pick_device call on a machine presented with (cuda=True) or without a GPU."""
    return Call("pick_device", args, kwargs or {}, probe="device_type", probe_args={"cuda": cuda})


CASES = [
    *cases_for(
        "tensors.tensor_info", seed=100,
        public=[("float32 (2, 3)", lambda g: Call("tensor_info", [torch.zeros(2, 3)]))],
        hidden=[
            ("int64 vector", lambda g: Call("tensor_info", [torch.randint(0, 9, (_size(g, 2, 9),), generator=g)])),
            ("float64 3-d", lambda g: Call("tensor_info", [torch.randn(2, _size(g, 1, 4), 3, generator=g,
                                                                       dtype=torch.float64)])),
            ("0-d tensor", lambda g: Call("tensor_info", [torch.tensor(3.5)])),
            ("empty (0, 4)", lambda g: Call("tensor_info", [torch.empty(0, 4, dtype=torch.uint8)])),
        ]),
    *cases_for(
        "tensors.grid", seed=200,
        public=[("2 x 3", lambda g: Call("grid", [2, 3]))],
        hidden=[
            ("1 x 1", lambda g: Call("grid", [1, 1])),
            ("random tall", lambda g: Call("grid", [_size(g, 5, 12), _size(g, 1, 3)])),
            ("random wide", lambda g: Call("grid", [_size(g, 1, 3), _size(g, 6, 15)])),
            ("square", lambda g: Call("grid", [_size(g, 4, 7)] * 2)),
        ]),
    *cases_for(
        "tensors.seeded_rand", seed=300,
        public=[("(2, 3), seed 0", lambda g: Call("seeded_rand", [(2, 3), 0]))],
        hidden=[
            ("random shape and seed", lambda g: Call("seeded_rand", [(_size(g, 1, 5), _size(g, 1, 5)),
                                                                     _size(g, 1, 10_000)])),
            ("1-d, seed 42", lambda g: Call("seeded_rand", [(7,), 42])),
            ("3-d", lambda g: Call("seeded_rand", [(2, 3, 4), _size(g, 0, 999)])),
            # The docstring's own example: the same seed twice in one process, equal tensors.
            ("seed 0 twice in a row", lambda g: Call("seeded_rand", [(2, 2), 0], probe="twice")),
            ("a random seed twice in a row", lambda g: Call("seeded_rand", [(3, 4), _size(g, 1, 10_000)],
                                                            probe="twice")),
        ]),
    *cases_for(
        "tensors.standardize", seed=400,
        public=[("two columns", lambda g: Call("standardize", [torch.tensor([[1.0, 10.0], [3.0, 20.0],
                                                                             [5.0, 60.0]])]))],
        hidden=[
            ("random (8, 5)", lambda g: Call("standardize", [torch.randn(8, 5, generator=g) * 3 + 1])),
            ("a zero-std column", lambda g: Call("standardize", [
                torch.cat([torch.randn(6, 2, generator=g), torch.full((6, 1), 4.0)], dim=1)])),
            ("a constant column of 0.1", lambda g: Call("standardize", [
                torch.cat([torch.full((7, 1), 0.1), torch.randn(7, 3, generator=g)], dim=1)])),
            ("float64", lambda g: Call("standardize", [torch.randn(5, 3, generator=g, dtype=torch.float64)])),
            # A lone float32 column of 0.1 reduces to a std of ~7e-9, not 0: rounding, not spread.
            ("one constant column of 0.1", lambda g: Call("standardize", [torch.full((11, 1), 0.1)])),
        ]),
    *cases_for(
        "tensors.weighted_sum", seed=500,
        public=[("ones and a float bias", lambda g: Call("weighted_sum", [torch.ones(2, 3),
                                                                          torch.tensor([1.0, 2.0, 3.0]), 0.5]))],
        hidden=[
            ("random, float bias", lambda g: Call("weighted_sum", [torch.randn(6, 4, generator=g),
                                                                   torch.randn(4, generator=g), -1.25])),
            ("0-d tensor bias", lambda g: Call("weighted_sum", [torch.randn(3, 5, generator=g),
                                                                torch.randn(5, generator=g), torch.tensor(2.0)])),
            ("one sample", lambda g: Call("weighted_sum", [torch.randn(1, 7, generator=g),
                                                           torch.randn(7, generator=g), 0.0])),
        ]),
    *cases_for(
        "tensors.flatten_images", seed=600,
        public=[("(2, 1, 2, 2)", lambda g: Call("flatten_images", [torch.arange(8.0).reshape(2, 1, 2, 2)]))],
        hidden=[
            ("RGB batch", lambda g: Call("flatten_images", [torch.randn(4, 3, 5, 5, generator=g)])),
            ("non-contiguous (transposed H and W)", lambda g: Call("flatten_images", [
                Build("noncontiguous", tensor=torch.randn(3, 2, 4, 6, generator=g), dims=[0, 1, 3, 2])])),
            ("non-contiguous (channels last)", lambda g: Call("flatten_images", [
                Build("noncontiguous", tensor=torch.randn(2, 5, 5, 3, generator=g), dims=[0, 3, 1, 2])])),
            ("one image", lambda g: Call("flatten_images", [torch.randn(1, 1, 8, 8, generator=g)])),
        ]),
    *cases_for(
        "tensors.pick_device", seed=700,
        public=[("CPU when a GPU is not wanted", lambda g: _device([False], cuda=True))],
        hidden=[
            # Every case names the machine it presents, so the grade never depends on the grader's
            # hardware, and both branches of is_available() are graded (issue 19).
            ("the default, no GPU", lambda g: _device([], cuda=False)),
            ("the default, a GPU present", lambda g: _device([], cuda=True)),
            ("GPU preferred, no GPU", lambda g: _device([], {"prefer_gpu": True}, cuda=False)),
            ("GPU preferred, a GPU present", lambda g: _device([], {"prefer_gpu": True}, cuda=True)),
            ("keyword False, a GPU present", lambda g: _device([], {"prefer_gpu": False}, cuda=True)),
            ("keyword False, no GPU", lambda g: _device([], {"prefer_gpu": False}, cuda=False)),
            ("positional True, a GPU present", lambda g: _device([True], cuda=True)),
        ]),
]
