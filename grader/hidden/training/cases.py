"""Cases of chapter 06, training. Loaders are graded by their batches epoch after epoch, training
loops by the state they leave behind (see grader/chapters/training/probes.py)."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.spec import Build, Ref

MSE = Build("criterion", name="MSELoss")
CE = Build("criterion", name="CrossEntropyLoss")
REGRESSOR = [["Linear", 3, 4], ["ReLU"], ["Linear", 4, 1]]


def _array(t: torch.Tensor) -> Build:
    return Build("ndarray", tensor=t)


def _dataset_call(features, targets, task: str) -> Call:
    return Call("make_dataset", [features, targets, task], probe="dataset")


def _indexed(g: torch.Generator, n: int, d: int) -> Build:
    """A dataset whose targets are the sample indices: the batches show the order."""
    return Build("tensor_dataset", features=torch.randn(n, d, generator=g), targets=torch.arange(n))


def _loader_call(g: torch.Generator, n: int, batch_size: int, shuffle: bool, seed: int,
                 epochs: int = 2) -> Call:
    return Call("make_loader", [_indexed(g, n, 2), batch_size, shuffle, seed], probe="batches",
                probe_args={"epochs": epochs})


def _optimizer(name: str = "SGD", **options) -> Build:
    return Build("optimizer", model=Ref(0), name=name, **options)


def _regression(g: torch.Generator, n: int, batch_size: int, shuffle: bool = True) -> Build:
    return Build("loader", features=torch.randn(n, 3, generator=g), targets=torch.randn(n, 1, generator=g),
                 batch_size=batch_size, shuffle=shuffle, seed=int(torch.randint(0, 999, (1,), generator=g)))


def _classification(g: torch.Generator, n: int, batch_size: int, d: int = 4, classes: int = 3,
                    shuffle: bool = True) -> Build:
    return Build("loader", features=torch.randn(n, d, generator=g),
                 targets=torch.randint(0, classes, (n,), generator=g), batch_size=batch_size,
                 shuffle=shuffle, seed=int(torch.randint(0, 999, (1,), generator=g)))


def _train(target: str, model: Build, data, criterion: Build, optimizer: Build, *more) -> Call:
    return Call(target, [model, data, criterion, optimizer, *more], probe="training")


def _seq(layers: list, seed: int) -> Build:
    return Build("sequential", layers=layers, seed=seed)


def _dropout_net(seed: int) -> Build:
    """A model with dropout, handed over in eval mode: training must switch it to train mode."""
    return Build("net", sizes=[4, 8, 3], dropout=0.5, train=False, seed=seed)


def _image(g: torch.Generator, h: int, w: int, kind: str = "pil_image") -> Build:
    return Build(kind, tensor=torch.randint(0, 256, (h, w), generator=g, dtype=torch.uint8))


def _transform_call(mean, std, images: list) -> Call:
    return Call("image_transform", [mean, std], probe="transform", probe_args={"images": images})


def _named(name: str, *values) -> Build:
    return Build("namedtuple", name=name, values=list(values))


def _moved(batch, device, probe: str = "to_device") -> Call:
    return Call("to_device", [batch, device], probe=probe)


CASES = [
    *cases_for(
        "training.make_dataset", seed=6100,
        public=[("numpy arrays, regression", lambda g: _dataset_call(
            _array(torch.randn(6, 3, generator=g, dtype=torch.float64)),
            _array(torch.randn(6, generator=g, dtype=torch.float64)), "regression"))],
        hidden=[
            ("a DataFrame and a Series, multiclass", lambda g: _dataset_call(
                Build("dataframe", tensor=torch.randn(8, 4, generator=g), columns=["a", "b", "c", "d"]),
                Build("series", tensor=torch.randint(0, 3, (8,), generator=g)), "multiclass")),
            ("binary targets given as ints", lambda g: _dataset_call(
                _array(torch.randn(5, 2, generator=g, dtype=torch.float64)),
                _array(torch.randint(0, 2, (5,), generator=g)), "binary")),
            ("class labels given as floats", lambda g: _dataset_call(
                _array(torch.randn(7, 3, generator=g)),
                _array(torch.randint(0, 4, (7,), generator=g).double()), "multiclass")),
            ("float32 arrays must be copied", lambda g: _dataset_call(
                _array(torch.randn(6, 2, generator=g)), _array(torch.randn(6, generator=g)), "regression")),
            ("a DataFrame of int and float columns", lambda g: _dataset_call(
                Build("mixed_dataframe", counts=torch.randint(0, 9, (5, 2), generator=g),
                      values=torch.randn(5, 2, generator=g)),
                _array(torch.randn(5, 1, generator=g, dtype=torch.float64)), "regression")),
            ("a float32 DataFrame must be copied", lambda g: _dataset_call(
                Build("dataframe", tensor=torch.randn(4, 3, generator=g)),
                _array(torch.randint(0, 2, (4,), generator=g).float()), "binary")),
            ("an unknown task", lambda g: _dataset_call(
                _array(torch.randn(4, 2, generator=g)), _array(torch.randn(4, generator=g)), "clustering")),
            ("features and targets of different lengths", lambda g: _dataset_call(
                _array(torch.randn(6, 2, generator=g)), _array(torch.randint(0, 2, (5,), generator=g)),
                "multiclass")),
            # Targets may come as (N, 1) (the docstring says so); class indices still leave as (N,).
            ("(N, 1) class indices, multiclass", lambda g: _dataset_call(
                _array(torch.randn(3, 2, generator=g)), _array(torch.tensor([[0], [2], [1]])), "multiclass")),
            ("(N, 1) class labels as floats, multiclass", lambda g: _dataset_call(
                _array(torch.randn(6, 3, generator=g)), _array(torch.randint(0, 4, (6, 1), generator=g).double()),
                "multiclass")),
        ]),
    *cases_for(
        "training.make_loader", seed=6200,
        public=[("shuffled, batches of 4", lambda g: _loader_call(g, 10, 4, True, 0))],
        hidden=[
            ("not shuffled", lambda g: _loader_call(g, 7, 3, False, 5)),
            ("shuffled, another seed", lambda g: _loader_call(g, 13, 5, True, 1234)),
            ("a batch larger than the dataset", lambda g: _loader_call(g, 9, 32, True, 2)),
            ("batches of one", lambda g: _loader_call(g, 5, 1, True, 7)),
            ("three epochs", lambda g: _loader_call(g, 8, 3, True, 99, epochs=3)),
        ]),
    *cases_for(
        "training.train_one_epoch", seed=6300,
        public=[("MSE and SGD, shuffled", lambda g: _train(
            "train_one_epoch", _seq(REGRESSOR, 1), _regression(g, 12, 4), MSE, _optimizer(lr=0.1)))],
        hidden=[
            ("a dropout model handed over in eval mode", lambda g: _train(
                "train_one_epoch", _dropout_net(2), _classification(g, 12, 4), CE,
                _optimizer(lr=0.1, momentum=0.9))),
            ("a smaller last batch", lambda g: _train(
                "train_one_epoch", _seq(REGRESSOR, 3), _regression(g, 10, 4), MSE, _optimizer(lr=0.05))),
            ("Adam", lambda g: _train(
                "train_one_epoch", Build("net", sizes=[4, 6, 3], seed=4), _classification(g, 16, 5), CE,
                _optimizer("Adam", lr=0.01))),
            ("momentum, not shuffled", lambda g: _train(
                "train_one_epoch", _seq(REGRESSOR, 5), _regression(g, 9, 3, shuffle=False), MSE,
                _optimizer(lr=0.02, momentum=0.95))),
            ("a single batch", lambda g: _train(
                "train_one_epoch", _seq(REGRESSOR, 6), _regression(g, 6, 8), MSE, _optimizer(lr=0.1))),
        ]),
    *cases_for(
        "training.fit", seed=6400,
        public=[("3 epochs of MSE", lambda g: _train(
            "fit", _seq(REGRESSOR, 1), _regression(g, 12, 4), MSE, _optimizer(lr=0.05), 3))],
        hidden=[
            ("a dropout model handed over in eval mode", lambda g: _train(
                "fit", _dropout_net(2), _classification(g, 10, 4), CE, _optimizer(lr=0.1), 2)),
            ("Adam, 4 epochs", lambda g: _train(
                "fit", Build("net", sizes=[4, 5, 3], seed=3), _classification(g, 14, 5), CE,
                _optimizer("Adam", lr=0.02), 4)),
            ("one epoch", lambda g: _train(
                "fit", _seq(REGRESSOR, 4), _regression(g, 8, 3), MSE, _optimizer(lr=0.1), 1)),
            ("momentum, uneven batches", lambda g: _train(
                "fit", _seq(REGRESSOR, 5), _regression(g, 11, 4), MSE, _optimizer(lr=0.02, momentum=0.9), 3)),
        ]),
    *cases_for(
        "training.overfit_batch", seed=6500,
        public=[("MSE, 5 steps", lambda g: _train(
            "overfit_batch", _seq(REGRESSOR, 1), (torch.randn(4, 3, generator=g), torch.randn(4, 1, generator=g)),
            MSE, _optimizer(lr=0.1), 5))],
        hidden=[
            ("cross entropy with momentum, 10 steps", lambda g: _train(
                "overfit_batch", Build("net", sizes=[4, 8, 3], seed=2),
                (torch.randn(6, 4, generator=g), torch.randint(0, 3, (6,), generator=g)),
                CE, _optimizer(lr=0.1, momentum=0.9), 10)),
            ("Adam, 6 steps", lambda g: _train(
                "overfit_batch", _seq(REGRESSOR, 3), (torch.randn(5, 3, generator=g), torch.randn(5, 1, generator=g)),
                MSE, _optimizer("Adam", lr=0.05), 6)),
            ("one step", lambda g: _train(
                "overfit_batch", _seq(REGRESSOR, 4), (torch.randn(3, 3, generator=g), torch.randn(3, 1, generator=g)),
                MSE, _optimizer(lr=0.1), 1)),
            ("the batch as a list", lambda g: _train(
                "overfit_batch", _seq(REGRESSOR, 5), [torch.randn(8, 3, generator=g), torch.randn(8, 1, generator=g)],
                MSE, _optimizer(lr=0.05), 4)),
            # Training is done in train mode, as in train_one_epoch ("the same loop as an epoch").
            ("a dropout model handed over in eval mode", lambda g: _train(
                "overfit_batch", _dropout_net(3),
                (torch.randn(6, 4, generator=g), torch.randint(0, 3, (6,), generator=g)), CE, _optimizer(lr=0.1), 5)),
        ]),
    *cases_for(
        "training.image_transform", seed=6600,
        public=[("a PIL image, mean 0.5, std 0.5", lambda g: _transform_call((0.5,), (0.5,), [_image(g, 8, 8)]))],
        hidden=[
            ("a numpy image", lambda g: _transform_call((0.5,), (0.5,), [_image(g, 6, 5, "ndarray")])),
            ("MNIST's mean and std", lambda g: _transform_call((0.1307,), (0.3081,), [_image(g, 28, 28)])),
            ("mean and std as floats", lambda g: _transform_call(0.2, 0.7, [_image(g, 4, 7, "ndarray")])),
            ("black and white pixels", lambda g: _transform_call((0.4,), (0.2,), [Build(
                "ndarray", tensor=(torch.randint(0, 2, (5, 5), generator=g) * 255).to(torch.uint8))])),
            ("several images, one transform", lambda g: _transform_call((0.3,), (0.9,), [
                _image(g, 3, 3), _image(g, 4, 2, "ndarray"), _image(g, 8, 8)])),
        ]),
    *cases_for(
        "training.to_device", seed=6700,
        public=[("a (features, targets) tuple to meta", lambda g: _moved(
            (torch.randn(4, 3, generator=g), torch.randint(0, 2, (4,), generator=g)), "meta"))],
        hidden=[
            ("a tensor on its own", lambda g: _moved(torch.randn(3, 2, generator=g, dtype=torch.float64), "meta")),
            ("a dict keeps its keys in order, strings and None stay", lambda g: _moved({
                "label": torch.randint(0, 9, (3,), generator=g), "image": torch.rand(3, 1, 8, 8, generator=g),
                "name": "digits", "weight": None, "count": 3}, "meta")),
            ("a namedtuple keeps its type", lambda g: _moved(
                _named("Batch", torch.randn(5, 4, generator=g), torch.randn(5, 1, generator=g)), "meta")),
            ("nested: a list of dicts of tuples, to the CPU", lambda g: _moved([
                {"x": (torch.randn(2, 3, generator=g), torch.arange(2)), "mask": torch.rand(2, generator=g) > 0.5},
                {"x": (torch.randn(1, 3, generator=g), torch.arange(1)), "mask": torch.tensor([True])}], "cpu")),
            ("a namedtuple inside a dict inside a list, torch.device('meta')", lambda g: _moved(
                [{"sample": _named("Sample", torch.rand(2, 8, 8, generator=g), torch.tensor([3, 7]), "scan-1"),
                  "epoch": 2}, 0.5], Build("device", name="meta"))),
            ("a dict on the CPU: the returned dict is new", lambda g: _moved({
                "features": torch.randn(3, 2, generator=g), "targets": torch.randn(3, generator=g)}, "cpu")),
            ("no tensors at all", lambda g: _moved([1, "two", None, 4.5, (6, "seven")], "meta")),
        ]),
]
