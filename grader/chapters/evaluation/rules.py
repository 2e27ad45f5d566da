"""Rules of chapter 07: accuracy by hand, and the mistakes of evaluating a model named in feedback."""
from __future__ import annotations

import math
from typing import Any

import torch

from grader.compare import compare_value
from grader.forbidden import forbid
from grader.chapters.evaluation.probes import (AGAIN, DROPOUT_ON, GRADS, GRAPH, MODEL_AFTER, MODE_AFTER,
                                      PROBS, SECOND, SUBSETS)

forbid("evaluation.accuracy",
       "torchmetrics.Accuracy", "torchmetrics.classification.Accuracy",
       "torchmetrics.classification.MulticlassAccuracy", "torchmetrics.functional.accuracy",
       "torchmetrics.functional.classification.accuracy",
       "torchmetrics.functional.classification.multiclass_accuracy",
       "sklearn.metrics.accuracy_score")

ACTIVATIONS = ("ReLU", "LeakyReLU", "Sigmoid", "Tanh")


def py(value: Any) -> Any:
    """Plain data (as probes send it) back to Python lists, dicts and tensors."""
    if isinstance(value, dict):
        kind = value.get("kind")
        if kind in ("list", "tuple"):
            return [py(v) for v in value["items"]]
        if kind == "dict":
            return {py(k): py(v) for k, v in value["items"]}
        if kind == "tensor":
            return value["data"]
    return value


def close(a: Any, b: Any) -> bool:
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(
        a, b, rel_tol=1e-5, abs_tol=1e-6)


# ---------------------------------------------------------------- split

def _split(expected: dict, got: dict, args: list) -> str | None:
    if got.get(AGAIN) is False:
        return ("a second call with the same seed gave another split: the seed was ignored; pass "
                "generator=torch.Generator().manual_seed(seed) to random_split")
    e, g = py(expected.get(SUBSETS)), py(got.get(SUBSETS))
    if not isinstance(g, list) or len(g) != len(e):
        return "return a list holding one Subset per fraction, as random_split does"
    if any(item.get("type") != "Subset" for item in g):
        return "return torch.utils.data.Subset objects (what random_split returns), not copies of the samples"
    if [s["size"] for s in e] != [s["size"] for s in g]:
        return ("sizes differ: random_split takes floor(fraction * len(dataset)) for each part and hands "
                "the remainder out one at a time, starting with the first part; give it the fractions")
    if all(s["indices"] == sorted(s["indices"]) for s in g) and len(g[0]["indices"]) > 2:
        return "the samples were not shuffled: random_split permutes the indices before cutting"
    return ("not the shuffle random_split makes for this seed: call random_split(dataset, fractions, "
            "generator=torch.Generator().manual_seed(seed))")


# ---------------------------------------------------------------- accuracy

def _accuracy(expected: dict, got: dict, args: list) -> str | None:
    value = got.get("returned value")
    if isinstance(value, int) and not isinstance(value, bool):
        return ("an int: integer division, or the count of right answers; divide the count by the number "
                "of samples as Python numbers (or .float().mean().item())")
    logits, labels = args[0], args[1]
    by_first_dim = logits.argmax(dim=0)
    if by_first_dim.shape == labels.shape and close(value, (by_first_dim == labels).float().mean().item()):
        return "argmax over dim 0 (across samples): take it over the classes, dim=1 (or -1)"
    return None


# ---------------------------------------------------------------- evaluate

def _batches(args: list) -> list[tuple[int, int, float]]:
    """(size, right answers, loss) of each batch, evaluated correctly."""
    model, loader, criterion = args[0], args[1], args[2]
    model.eval()
    out = []
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            out.append((len(labels), int((logits.argmax(-1) == labels).sum()),
                        criterion(logits, labels).item()))
    return out


def _evaluate(expected: dict, got: dict, args: list) -> str | None:
    if got.get(DROPOUT_ON) and not expected.get(DROPOUT_ON):
        return "dropout was still on: call model.eval() before the loop (dropout is off in eval mode)"
    if got.get(GRAPH) and not expected.get(GRAPH):
        return "the forward passes built an autograd graph: run them inside `with torch.no_grad():`"
    if py(got.get(GRADS)):
        return "evaluation computed gradients (backward): evaluating must never train"
    e, g = py(expected.get("returned value")), py(got.get("returned value"))
    if isinstance(g, dict) and g != py(got.get(SECOND)):
        return ("a second call gave another result: a metric kept the counts of an earlier call; create "
                "it inside the function, or call metric.reset() after metric.compute()")
    if isinstance(e, dict) and isinstance(g, dict):
        batches = _batches(args)
        sizes = [b[0] for b in batches]
        if not close(g.get("accuracy"), e.get("accuracy")) and isinstance(g.get("accuracy"), float):
            last = batches[-1][1] / sizes[-1]
            mean = sum(b[1] / b[0] for b in batches) / len(batches)
            if close(g["accuracy"], last):
                return ("the accuracy of the last batch only: metric.compute() and metric.reset() were called "
                        "inside the batch loop; update() per batch, compute() once after the loop")
            if close(g["accuracy"], mean):
                return ("an average of per-batch accuracies (metric.compute() per batch): batches of unequal "
                        "size weigh wrongly; count over all samples and compute() once after the loop")
        if not close(g.get("loss"), e.get("loss")) and isinstance(g.get("loss"), float):
            weighted = sum(b[0] * b[2] for b in batches) / sum(sizes)
            if close(g["loss"], weighted):
                return ("the loss was weighted by batch size; this exercise wants the unweighted mean of the "
                        "batch losses (sum of loss.item() / number of batches)")
            if close(g["loss"], batches[-1][2]):
                return "the loss of the last batch only: add up loss.item() over the batches, then divide"
    if got.get(MODE_AFTER) != expected.get(MODE_AFTER):
        if expected.get(MODE_AFTER):
            return ("the model was left in eval mode: remember `was_training = model.training` first and "
                    "call `model.train(was_training)` at the end")
        return ("the model came in eval mode and must leave in eval mode: restore model.training as you "
                "found it rather than always calling model.train()")
    return None


# ---------------------------------------------------------------- add_dropout

def _top_layers(module: Any) -> list[str]:
    if not isinstance(module, dict) or module.get("kind") != "module":
        return []
    return [t.rsplit(".", 1)[-1] for n, t in module["layers"] if n and "." not in n]


def _add_dropout(expected: dict, got: dict, args: list) -> str | None:
    e, g = _top_layers(expected.get("returned value")), _top_layers(got.get("returned value"))
    if g and e != g:
        for before, after in zip(g, g[1:]):
            if before == "Dropout" and after in ACTIVATIONS:
                return "Dropout goes after the activation: Linear, then ReLU (or another), then Dropout"
        if g[-1] == "Dropout" and e[-1] != "Dropout":
            return "a Dropout after the last layer: the outputs (logits) must never be dropped"
        if g.count("Dropout") < e.count("Dropout"):
            return "a Dropout is missing after an activation: ReLU, LeakyReLU, Sigmoid and Tanh all count"
        if g.count("Dropout") > e.count("Dropout"):
            return "a Dropout after a layer that is not an activation (ReLU, LeakyReLU, Sigmoid, Tanh)"
    if g and e == g and py(got.get(PROBS)) != py(expected.get(PROBS)):
        return "each Dropout must drop with the probability p you were given: nn.Dropout(p)"
    if compare_value(expected.get(MODEL_AFTER), got.get(MODEL_AFTER)):
        return ("the model passed in was changed: build a new nn.Sequential from its layers instead of "
                "inserting into it")
    return None


# ---------------------------------------------------------------- lr_candidates

def _lr_candidates(expected: dict, got: dict, args: list) -> str | None:
    e, g = py(expected.get("returned value")), got.get("returned value")
    if isinstance(g, dict) and g.get("kind") in ("ndarray", "tensor"):
        return "return a list of Python floats (a list comprehension with float(...), or .tolist())"
    g = py(g)
    if isinstance(g, list) and len(g) != len(e) and args[0] == "grid":
        return "the grid's exponents are np.linspace(low_exp, high_exp, n): n values, both ends included"
    if not isinstance(g, list) or len(g) != len(e):
        return None
    values = [v["value"] if isinstance(v, dict) and "value" in v else v for v in g]
    if not all(isinstance(v, (int, float)) and v > 0 for v in values):
        return None
    if all(close(v * x, 1.0) for v, x in zip(values, e)):
        return "the sign of the exponent is flipped: the learning rate is 10 ** -e (e = 2 gives 0.01)"
    if all(close(10 ** -v, x) for v, x in zip(values, e)):
        return "these are the exponents; the learning rates are 10 ** -e"
    if args[0] == "random":
        return "draw the exponents with np.random.default_rng(seed).uniform(low_exp, high_exp, n)"
    return "the grid's exponents are np.linspace(low_exp, high_exp, n): n values, both ends included"


# ---------------------------------------------------------------- confusion_matrix

def _confusion(expected: dict, got: dict, args: list) -> str | None:
    e, g = py(expected.get("returned value")), py(got.get("returned value"))
    if not (isinstance(e, torch.Tensor) and isinstance(g, torch.Tensor)):
        return None
    if g.shape == e.shape and torch.equal(g.to(e.dtype), e.T) and not torch.equal(e, e.T):
        return "rows and columns swapped: rows are the true classes (labels), columns the predictions"
    if g.dtype == e.dtype and g.shape == e.shape and torch.equal(g, (e > 0).to(e.dtype)):
        return ("each (true, predicted) pair was counted once: `matrix[labels, preds] += 1` does not add up "
                "repeated indices; use index_put_(..., accumulate=True), torch.bincount or a loop")
    if g.dim() == 2 and g.shape[0] < e.shape[0]:
        return "size the matrix by num_classes, not by the largest label seen"
    return None


HINTS = {"evaluation.split": _split, "evaluation.accuracy": _accuracy, "evaluation.evaluate": _evaluate,
         "evaluation.add_dropout": _add_dropout, "evaluation.lr_candidates": _lr_candidates,
         "evaluation.confusion_matrix": _confusion}
# evaluation.best_epoch's hint replays early stopping, the exercise's answer: it lives in the
# hidden half, grader/hidden/evaluation/hints.py, and never ships to students.
