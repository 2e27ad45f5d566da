"""Builders for input objects that cannot travel as data: models, optimizers, loaders, ...

Each is deterministic in its parameters, so the trusted side and the worker build equal copies.
Everything here is public: it tells nothing about the hidden cases but how to build an object.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
import os
import shutil
import tempfile
from typing import Any, Iterator

import torch
from torch import nn

from grader.builders import builder

LAYERS = {
    "Linear": nn.Linear, "ReLU": nn.ReLU, "LeakyReLU": nn.LeakyReLU, "Sigmoid": nn.Sigmoid,
    "Tanh": nn.Tanh, "Dropout": nn.Dropout, "Softmax": nn.Softmax, "LogSoftmax": nn.LogSoftmax,
    "Conv2d": nn.Conv2d, "MaxPool2d": nn.MaxPool2d, "Flatten": nn.Flatten,
    "BatchNorm1d": nn.BatchNorm1d, "Identity": nn.Identity,
}


def _layer(name: str, *args: Any) -> nn.Module:
    """One layer; ``["Sequential", [[...], ...]]`` nests a Sequential of those layers."""
    if name == "Sequential":
        return nn.Sequential(*[_layer(*layer) for layer in args[0]])
    return LAYERS[name](*args)


@builder("sequential")
def sequential(layers: list, seed: int = 0, train: bool = True, dtype: str = "float32",
               frozen: list | None = None, zeroed: list | None = None) -> nn.Sequential:
    """``[["Linear", 4, 3], ["ReLU"], ...]`` with weights from ``seed``; ``frozen`` parameter names.

    ``["Sequential", [["Linear", 4, 8], ["ReLU"]]]`` is one layer that is itself a Sequential.
    ``zeroed``: parameter names set to 0 (distinct parameters then hold equal values).
    """
    torch.manual_seed(seed)
    model = nn.Sequential(*[_layer(*layer) for layer in layers])
    model = model.to(getattr(torch, dtype))
    model.train(train)
    for name, param in model.named_parameters():
        if zeroed and name in zeroed:
            with torch.no_grad():
                param.zero_()
        if frozen and name in frozen:
            param.requires_grad_(False)
    return model


class Net(nn.Module):
    """A small custom module (hidden/output attributes, like the course's TwoLayerNet)."""

    def __init__(self, sizes: list[int], dropout: float = 0.0) -> None:
        super().__init__()
        self.hidden = nn.Linear(sizes[0], sizes[1])
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(sizes[1], sizes[2])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(self.dropout(torch.relu(self.hidden(x))))


@builder("net")
def net(sizes: list[int], seed: int = 0, dropout: float = 0.0, train: bool = True) -> Net:
    torch.manual_seed(seed)
    return Net(sizes, dropout).train(train)


@builder("noncontiguous")
def noncontiguous(tensor: torch.Tensor, dims: list[int]) -> torch.Tensor:
    """``tensor.permute(dims)``: the same values seen through strides that are not contiguous."""
    return tensor.permute(*dims)


@builder("requires_grad")
def requires_grad(tensor: torch.Tensor) -> torch.Tensor:
    return tensor.clone().requires_grad_(True)


@builder("criterion")
def criterion(name: str, **options: Any) -> nn.Module:
    return getattr(nn, name)(**options)


@builder("optimizer")
def optimizer(model: nn.Module, name: str = "SGD", **options: Any) -> torch.optim.Optimizer:
    params = [p for p in model.parameters() if p.requires_grad]
    return getattr(torch.optim, name)(params, **options)


@builder("grads")
def grads(model: nn.Module, seed: int = 0, skip: list | None = None) -> nn.Module:
    """The model with a seeded random ``.grad`` on every parameter not named in ``skip``."""
    generator = torch.Generator().manual_seed(seed)
    for name, param in model.named_parameters():
        if not skip or name not in skip:
            param.grad = torch.randn(param.shape, generator=generator, dtype=param.dtype)
    return model


@builder("tensor_dataset")
def tensor_dataset(features: torch.Tensor, targets: torch.Tensor) -> torch.utils.data.TensorDataset:
    """``Build("tensor_dataset", features=..., targets=...)``: the one TensorDataset builder."""
    return torch.utils.data.TensorDataset(features, targets)


@builder("loader")
def loader(features: torch.Tensor, targets: torch.Tensor, batch_size: int, shuffle: bool = False,
           seed: int = 0) -> torch.utils.data.DataLoader:
    dataset = torch.utils.data.TensorDataset(features, targets)
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
                                       generator=torch.Generator().manual_seed(seed))


@builder("ndarray")
def ndarray(tensor: torch.Tensor) -> Any:
    return tensor.numpy().copy()


@builder("dataframe")
def dataframe(tensor: torch.Tensor, columns: list[str] | None = None) -> Any:
    import pandas as pd
    values = tensor.numpy().copy()
    columns = columns or [f"x{i}" for i in range(values.shape[1])]
    return pd.DataFrame(values, columns=columns)


@builder("series")
def series(tensor: torch.Tensor) -> Any:
    import pandas as pd
    return pd.Series(tensor.numpy().copy())


_SCRATCH: contextvars.ContextVar[str | None] = contextvars.ContextVar("scratch", default=None)


@contextlib.contextmanager
def scratch() -> Iterator[str]:
    """Files that builders make while inside go to one folder, removed on leaving.

    The trusted side rebuilds a case's inputs for mistake hints; this keeps those files from
    piling up in the system's temporary folder.
    """
    folder = tempfile.mkdtemp(prefix="grader-scratch-")
    token = _SCRATCH.set(folder)
    try:
        yield folder
    finally:
        _SCRATCH.reset(token)
        shutil.rmtree(folder, ignore_errors=True)


@builder("path")
def path(name: str) -> str:
    """A file name inside a fresh folder (in the worker: inside its private folder)."""
    folder = tempfile.mkdtemp(prefix="case-", dir=_SCRATCH.get())
    return os.path.join(folder, name)


@builder("file")
def file(name: str, data: torch.Tensor) -> str:
    """A file holding ``data`` (uint8 bytes made on the trusted side) in a fresh folder; its path."""
    target = path(name)
    with open(target, "wb") as handle:
        handle.write(bytes(data.tolist()))
    return target


@builder("pil_image")
def pil_image(tensor: torch.Tensor) -> Any:
    from PIL import Image
    return Image.fromarray(tensor.to(torch.uint8).numpy())


# ------------------------------------------------ functions handed to numerical_gradient & co.

def _quadratic(x: torch.Tensor) -> torch.Tensor:
    return (x ** 2).sum()


def _bowl(x: torch.Tensor) -> torch.Tensor:
    scale = torch.arange(1, x.numel() + 1, dtype=x.dtype).reshape(x.shape)
    return (scale * (x - 1) ** 2).sum()


def _rosenbrock(x: torch.Tensor) -> torch.Tensor:
    a, b = x.reshape(-1)[0], x.reshape(-1)[1]
    return (1 - a) ** 2 + 100 * (b - a ** 2) ** 2


def _wavy(x: torch.Tensor) -> torch.Tensor:
    return (torch.sin(3 * x) + 0.5 * x ** 2).sum()


def _cubic(x: torch.Tensor) -> torch.Tensor:
    return (x ** 3 - 2 * x).sum() + math.pi


FUNCTIONS = {"quadratic": _quadratic, "bowl": _bowl, "rosenbrock": _rosenbrock, "wavy": _wavy,
             "cubic": _cubic}


@builder("function")
def function(name: str) -> Any:
    return FUNCTIONS[name]
