"""Cases of chapter 07, evaluation. Hidden inputs are random but seeded: the same every run."""
from __future__ import annotations

import torch


from grader.case import Call, cases_for
from grader.inputs import net, sequential
from grader.spec import Build


def _size(g: torch.Generator, low: int, high: int) -> int:
    return int(torch.randint(low, high + 1, (1,), generator=g))


def _dataset(g: torch.Generator, n: int, dtype: torch.dtype = torch.float32) -> Build:
    return Build("tensor_dataset", features=torch.randn(n, 3, generator=g, dtype=dtype),
                 targets=torch.randint(0, 4, (n,), generator=g))


def _split(n: int, fractions: list, seed: int | None = None, dtype: torch.dtype = torch.float32):
    def make(g: torch.Generator) -> Call:
        chosen = _size(g, 10_000, 99_999) if seed is None else seed  # never the case's own seed
        return Call("split", [_dataset(g, n, dtype), fractions, chosen], probe="split")
    return make


def _labels_for(model: torch.nn.Module, features: torch.Tensor, batch: int, classes: int,
                g: torch.Generator) -> torch.Tensor:
    """Labels the model gets partly right; its last batch all right, so that per-batch averages
    (of accuracy or loss) differ from the averages over all samples."""
    model.eval()
    with torch.no_grad():
        preds = model(features).argmax(dim=-1)                          # (N,)
    n = len(preds)
    right = torch.rand(n, generator=g) < 0.6
    right[((n - 1) // batch) * batch:] = True                           # the last batch
    right[0] = False                                                    # never all right
    wrong = (preds + torch.randint(1, classes, (n,), generator=g)) % classes
    return torch.where(right, preds, wrong)


def _evaluate(kind: str, sizes: list, n: int, batch: int, dropout: float = 0.5, train: bool = True):
    """A model with dropout in train (or eval) mode, a loader of uneven batches, cross entropy."""
    def make(g: torch.Generator) -> Call:
        seed = _size(g, 0, 999)
        features = torch.randn(n, sizes[0], generator=g)
        if kind == "net":
            model_spec = Build("net", sizes=sizes, seed=seed, dropout=dropout, train=train)
            model = net(sizes, seed=seed, dropout=dropout)
        else:
            layers = [["Linear", sizes[0], sizes[1]], ["Tanh"], ["Dropout", dropout],
                      ["Linear", sizes[1], sizes[2]]]
            model_spec = Build("sequential", layers=layers, seed=seed, train=train)
            model = sequential(layers, seed=seed)
        labels = _labels_for(model, features, batch, sizes[-1], g)
        loader = Build("loader", features=features, targets=labels, batch_size=batch)
        return Call("evaluate", [model_spec, loader, Build("criterion", name="CrossEntropyLoss"),
                                 sizes[-1]], probe="evaluate")
    return make


def _logits(n: int, c: int, dtype: torch.dtype = torch.float32, ties: bool = False, right: bool = False):
    def make(g: torch.Generator) -> Call:
        if ties:
            logits = torch.randint(0, 3, (n, c), generator=g).to(dtype)  # many equal maxima
        else:
            logits = torch.randn(n, c, generator=g, dtype=dtype) * 3
        labels = logits.argmax(-1) if right else torch.randint(0, c, (n,), generator=g)
        if not right and ties:
            labels[: n // 2] = logits[: n // 2].argmax(-1)               # some right, by the first max
        return Call("accuracy", [logits, labels])
    return make


def _dropout(layers: list, p: float):
    return lambda g: Call("add_dropout", [Build("sequential", layers=layers, seed=_size(g, 0, 999)), p],
                          probe="dropout_model")


def _confusion(n: int, c: int, used: int | None = None, right: bool = False):
    def make(g: torch.Generator) -> Call:
        labels = torch.randint(0, used or c, (n,), generator=g)
        preds = labels.clone() if right else torch.randint(0, used or c, (n,), generator=g)
        return Call("confusion_matrix", [preds, labels, c])
    return make


def _curve(g: torch.Generator, patience: int) -> list[float]:
    """Falling, then `patience` epochs without progress, then a lower loss early stopping never sees."""
    falling = sorted((torch.rand(_size(g, 2, 5), generator=g) + 1).tolist(), reverse=True)
    stuck = (falling[-1] + torch.rand(patience, generator=g) * 0.5).tolist()
    return [round(v, 4) for v in falling + stuck + [falling[-1] - 0.3, falling[-1] - 0.4]]


MLP = [["Linear", 4, 8], ["ReLU"], ["Linear", 8, 3]]

CASES = [
    *cases_for(
        "evaluation.split", seed=1000,
        public=[("10 samples, 80/20, seed 7", _split(10, [0.8, 0.2], seed=7))],
        hidden=[
            ("11 samples in three parts (remainder)", _split(11, [0.6, 0.2, 0.2])),
            ("random size, 70/15/15", lambda g: _split(_size(g, 20, 40), [0.7, 0.15, 0.15])(g)),
            ("odd size halves", _split(9, [0.5, 0.5])),
            ("float64 features, seed 3", _split(16, [0.75, 0.25], seed=3, dtype=torch.float64)),
        ]),
    *cases_for(
        "evaluation.accuracy", seed=1100,
        public=[("4 samples, 3 classes", lambda g: Call("accuracy", [
            torch.tensor([[2.0, 0.5, 0.1], [0.1, 0.2, 3.0], [1.0, 4.0, 0.0], [0.3, 0.2, 0.1]]),
            torch.tensor([0, 2, 2, 1])]))],
        hidden=[
            ("random (20, 5)", _logits(20, 5)),
            ("float64 (7, 10)", _logits(7, 10, torch.float64)),
            ("tied logits", _logits(12, 4, ties=True)),
            ("all right", _logits(9, 3, right=True)),
            ("one sample", _logits(1, 6)),
        ]),
    # timeout: a first `import torchmetrics` in the worker alone takes seconds on a busy machine
    *cases_for(
        "evaluation.evaluate", seed=1200, timeout=30.0,
        public=[("net with dropout, batches of 4, 4, 2", _evaluate("net", [5, 8, 3], 10, 4))],
        hidden=[
            ("sequential with dropout, batches of 5, 5, 3", _evaluate("sequential", [6, 16, 4], 13, 5)),
            ("a model in eval mode stays in eval mode", _evaluate("net", [4, 12, 3], 9, 4, train=False)),
            ("a last batch of one", _evaluate("net", [3, 10, 5], 9, 4, dropout=0.3)),
            ("one batch", _evaluate("sequential", [5, 6, 3], 7, 16)),
        ]),
    *cases_for(
        "evaluation.add_dropout", seed=1300,
        public=[("Linear, ReLU, Linear; p=0.5", _dropout(MLP, 0.5))],
        hidden=[
            ("Tanh and LeakyReLU, p=0.2", _dropout([["Linear", 6, 10], ["Tanh"], ["Linear", 10, 10],
                                                    ["LeakyReLU"], ["Linear", 10, 2]], 0.2)),
            ("Sigmoid, p=0.35", _dropout([["Linear", 5, 7], ["Sigmoid"], ["Linear", 7, 1]], 0.35)),
            ("ends with LogSoftmax, p=0.1", _dropout([["Linear", 3, 6], ["ReLU"], ["Linear", 6, 6], ["ReLU"],
                                                      ["Linear", 6, 4], ["LogSoftmax", 1]], 0.1)),
            ("no activation at all", _dropout([["Linear", 4, 4], ["Linear", 4, 2]], 0.5)),
            # "after each" activation: the last layer too, when it is one.
            ("ends with ReLU, p=0.5", _dropout([["Linear", 4, 8], ["ReLU"]], 0.5)),
            ("ends with Tanh, p=0.25", _dropout([["Linear", 3, 5], ["ReLU"], ["Linear", 5, 2], ["Tanh"]], 0.25)),
        ]),
    *cases_for(
        "evaluation.lr_candidates", seed=1400,
        public=[("grid of 4 from 1e-2 to 1e-5", lambda g: Call("lr_candidates", ["grid", 4, 2, 5, 0]))],
        hidden=[
            ("grid with fractional exponents", lambda g: Call("lr_candidates", ["grid", 7, 1.5, 4.5, 1])),
            ("random, seed 42", lambda g: Call("lr_candidates", ["random", 5, 2, 6, 42])),
            ("random, random seed", lambda g: Call("lr_candidates", ["random", 8, 1, 3, _size(g, 100, 9999)])),
            ("grid of one", lambda g: Call("lr_candidates", ["grid", 1, 3, 3, 0])),
        ]),
    *cases_for(
        "evaluation.best_epoch", seed=1500,
        public=[("stops before a later best", lambda g: Call("best_epoch", [
            [1.0, 0.8, 0.9, 0.85, 0.75, 0.9, 0.9, 0.9, 0.5], 2]))],
        hidden=[
            ("stops right before a better epoch", lambda g: Call("best_epoch", [[1.0, 0.8, 0.9, 0.85, 0.7], 2])),
            ("never stops", lambda g: Call("best_epoch", [[0.9, 0.7, 0.6, 0.5], 2])),
            ("a tie is no progress", lambda g: Call("best_epoch", [[1.0, 0.5, 0.5, 0.5, 0.6, 0.6, 0.3], 2])),
            ("patience 1", lambda g: Call("best_epoch", [[0.5, 0.6, 0.3], 1])),
            ("best at the first epoch", lambda g: Call("best_epoch", [[0.3, 0.4, 0.5, 0.6, 0.2], 3])),
            ("random curve, patience 3", lambda g: Call("best_epoch", [_curve(g, 3), 3])),
            # "patience epochs IN A ROW": a new best starts the count again.
            ("setbacks apart, each followed by a new best", lambda g: Call("best_epoch", [
                [1.0, 0.9, 1.0, 0.8, 1.0, 0.7], 2])),
            ("patience 3, two setbacks then a new best, twice", lambda g: Call("best_epoch", [
                [2.0, 2.1, 2.2, 1.5, 1.6, 1.7, 1.2, 1.3], 3])),
        ]),
    *cases_for(
        "evaluation.confusion_matrix", seed=1600, timeout=30.0,   # torchmetrics is allowed here
        public=[("6 samples, 3 classes", lambda g: Call("confusion_matrix", [
            torch.tensor([0, 1, 2, 2, 1, 0]), torch.tensor([0, 2, 2, 1, 1, 2]), 3]))],
        hidden=[
            ("random, 4 classes", _confusion(30, 4)),
            ("classes that never occur", _confusion(20, 6, used=4)),
            ("10 classes", _confusion(60, 10)),
            ("all right", _confusion(12, 3, right=True)),
            ("one sample", _confusion(1, 5)),
        ]),
]
