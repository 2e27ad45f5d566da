"""Rules of chapter 07: accuracy by hand, and the mistakes of evaluating a model named in feedback."""
from __future__ import annotations

from typing import Any

import torch

from grader.chapters.evaluation.probes import (
    AGAIN,
    DROPOUT_ON,
    GRADS,
    GRAPH,
    MODE_AFTER,
    MODEL_AFTER,
    PROBS,
    SECOND,
    SUBSETS,
)
from grader.chapters.hinting import (
    Named,
    close_numbers,
    differs,
    named,
    returned,
    returned_tensor,
)
from grader.decoded import ArrayView, ModuleView, ObjectView, Result
from grader.forbidden import forbid

forbid("evaluation.accuracy",
       "torchmetrics.Accuracy", "torchmetrics.classification.Accuracy",
       "torchmetrics.classification.MulticlassAccuracy", "torchmetrics.functional.accuracy",
       "torchmetrics.functional.classification.accuracy",
       "torchmetrics.functional.classification.multiclass_accuracy",
       "sklearn.metrics.accuracy_score")

ACTIVATIONS = ("ReLU", "LeakyReLU", "Sigmoid", "Tanh")


# ---------------------------------------------------------------- split

def _split(expected: Result, got: Result, args: list) -> Named | None:
    if got.get(AGAIN) is False:
        return named("seed-ignored", "a second call with the same seed gave another split: the seed was "
                     "ignored; pass generator=torch.Generator().manual_seed(seed) to random_split")
    e, g = expected.get(SUBSETS), got.get(SUBSETS)
    if not isinstance(g, list) or len(g) != len(e):
        return named("not-a-list", "return a list holding one Subset per fraction, as random_split does")
    if any(not isinstance(item, dict) or item.get("type") != "Subset" for item in g):
        return named("not-subsets", "return torch.utils.data.Subset objects (what random_split returns), not "
                     "copies of the samples")
    if [s["size"] for s in e] != [s["size"] for s in g]:
        return named("wrong-sizes", "sizes differ: random_split takes floor(fraction * len(dataset)) for each "
                     "part and hands the remainder out one at a time, starting with the first part; give it "
                     "the fractions")
    if all(s["indices"] == sorted(s["indices"]) for s in g) and len(g[0]["indices"]) > 2:
        return named("not-shuffled", "the samples were not shuffled: random_split permutes the indices before "
                     "cutting")
    return named("other-shuffle", "not the shuffle random_split makes for this seed: call "
                 "random_split(dataset, fractions, generator=torch.Generator().manual_seed(seed))")


# ---------------------------------------------------------------- accuracy

def _accuracy(expected: Result, got: Result, args: list) -> Named | None:
    value = returned(got)
    if isinstance(value, int) and not isinstance(value, bool):
        return named("int-result", "an int: integer division, or the count of right answers; divide the count "
                     "by the number of samples as Python numbers (or .float().mean().item())")
    logits, labels = args[0], args[1]
    by_first_dim = logits.argmax(dim=0)
    if by_first_dim.shape == labels.shape and close_numbers(value, (by_first_dim == labels).float().mean().item()):
        return named("argmax-dim0", "argmax over dim 0 (across samples): take it over the classes, dim=1 "
                     "(or -1)")
    return _accuracy_properties(value, logits, labels, returned(expected))


def _accuracy_properties(value: Any, logits: torch.Tensor, labels: torch.Tensor, right: Any) -> Named | None:
    """Accuracies a known wrong reading of the predictions gives, when they differ from the right one."""
    if logits.dim() != 2 or labels.dim() != 1 or labels.numel() == 0:
        return None
    predicted = logits.argmax(dim=1)
    present = labels.unique()
    candidates = [
        (lambda: (logits.max(dim=1).values == labels).float().mean().item(),
         named("max-values-compared", "the accuracy matches comparing the largest logit values (max(...)[0], "
               ".values) with the labels: the predicted class is the index of the largest value, "
               "argmax (max(...)[1], .indices)")),
        (lambda: sum((predicted[labels == c] == c).float().mean().item() for c in present) / len(present),
         named("macro-average", "the accuracy matches the average of the per class accuracies (a macro "
               "average): every class counts the same however many samples it has; accuracy is the "
               "fraction of all samples predicted right (micro: correct / N)")),
        (lambda: (logits.argmax(dim=1, keepdim=True) == labels).float().mean().item(),
         named("broadcast-comparison", "the accuracy matches comparing an (N, 1) column of predictions with "
               "the (N,) labels: broadcasting makes an N x N table of every pair; drop keepdim=True or "
               "compare tensors of the same shape")),
    ]
    for compute, mistake in candidates:
        try:
            wrong = compute()
        except (RuntimeError, IndexError, ZeroDivisionError):
            continue
        if close_numbers(value, wrong) and not close_numbers(right, wrong):
            return mistake
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


def _evaluate(expected: Result, got: Result, args: list) -> Named | None:
    if got.get(DROPOUT_ON) and not expected.get(DROPOUT_ON):
        return named("lost-eval-mode", "dropout was still on: call model.eval() before the loop (dropout is "
                     "off in eval mode)")
    if got.get(GRAPH) and not expected.get(GRAPH):
        return named("no-no-grad", "the forward passes built an autograd graph: run them inside "
                     "`with torch.no_grad():`")
    if got.get(GRADS):
        return named("backward-in-eval", "evaluation computed gradients (backward): evaluating must never "
                     "train")
    e, g = returned(expected), returned(got)
    if isinstance(g, dict) and g != got.get(SECOND):
        return named("metric-not-reset", "a second call gave another result: a metric kept the counts of an "
                     "earlier call; create it inside the function, or call metric.reset() after "
                     "metric.compute()")
    if isinstance(e, dict) and isinstance(g, dict):
        batches = _batches(args)
        sizes = [b[0] for b in batches]
        if not close_numbers(g.get("accuracy"), e.get("accuracy")) and isinstance(g.get("accuracy"), float):
            last = batches[-1][1] / sizes[-1]
            mean = sum(b[1] / b[0] for b in batches) / len(batches)
            if close_numbers(g["accuracy"], last):
                return named("last-batch-accuracy", "the accuracy of the last batch only: metric.compute() and "
                             "metric.reset() were called inside the batch loop; update() per batch, compute() "
                             "once after the loop")
            if close_numbers(g["accuracy"], mean):
                return named("mean-of-batch-accuracies", "an average of per-batch accuracies "
                             "(metric.compute() per batch): batches of unequal size weigh wrongly; count over "
                             "all samples and compute() once after the loop")
        if not close_numbers(g.get("loss"), e.get("loss")) and isinstance(g.get("loss"), float):
            weighted = sum(b[0] * b[2] for b in batches) / sum(sizes)
            if close_numbers(g["loss"], weighted):
                return named("batch-weighted-loss", "the loss was weighted by batch size; this exercise wants "
                             "the unweighted mean of the batch losses (sum of loss.item() / number of batches)")
            if close_numbers(g["loss"], batches[-1][2]):
                return named("last-batch-loss", "the loss of the last batch only: add up loss.item() over the "
                             "batches, then divide")
    if got.get(MODE_AFTER) != expected.get(MODE_AFTER):
        if expected.get(MODE_AFTER):
            return named("left-in-eval-mode", "the model was left in eval mode: remember "
                         "`was_training = model.training` first and call `model.train(was_training)` at the end")
        return named("mode-not-restored", "the model came in eval mode and must leave in eval mode: restore "
                     "model.training as you found it rather than always calling model.train()")
    return None


# ---------------------------------------------------------------- add_dropout

def _top_layers(module: Any) -> list[str]:
    return module.layer_types(top_only=True) if isinstance(module, ModuleView) else []


CONTAINERS = ("Sequential", "ModuleList", "ModuleDict")


def _add_dropout(expected: Result, got: Result, args: list) -> Named | None:
    e, g = _top_layers(returned(expected)), _top_layers(returned(got))
    if g and e != g:
        if any(layer in CONTAINERS for layer in g) and not any(layer in CONTAINERS for layer in e):
            return named("container-listed", "the new model holds a container (the model itself, or a nested "
                         "Sequential): model.modules() yields the model first and then every nested module; "
                         "walk the top-level layers only (model.children(), or iterate the Sequential)")
        for before, after in zip(g, g[1:]):
            if before == "Dropout" and after in ACTIVATIONS:
                return named("dropout-before-activation", "Dropout goes after the activation: Linear, then ReLU "
                             "(or another), then Dropout")
        if g[-1] == "Dropout" and e[-1] != "Dropout":
            return named("dropout-after-last", "a Dropout after the last layer: the outputs (logits) must never "
                         "be dropped")
        if g.count("Dropout") < e.count("Dropout"):
            return named("missing-dropout", "a Dropout is missing after an activation: ReLU, LeakyReLU, Sigmoid "
                         "and Tanh all count")
        if g.count("Dropout") > e.count("Dropout"):
            return named("extra-dropout", "a Dropout after a layer that is not an activation (ReLU, LeakyReLU, "
                         "Sigmoid, Tanh)")
    if g and e == g and got.get(PROBS) != expected.get(PROBS):
        return named("wrong-p", "each Dropout must drop with the probability p you were given: nn.Dropout(p)")
    if differs(expected, got, MODEL_AFTER):
        return named("mutated-input", "the model passed in was changed: build a new nn.Sequential from its "
                     "layers instead of inserting into it")
    return None


# ---------------------------------------------------------------- lr_candidates

def _lr_candidates(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned(expected), returned(got)
    if isinstance(g, (ArrayView, torch.Tensor)):
        return named("not-a-list", "return a list of Python floats (a list comprehension with float(...), or "
                     ".tolist())")
    linspace = named("grid-not-linspace", "the grid's exponents are np.linspace(low_exp, high_exp, n): n values, "
                     "both ends included")
    if isinstance(g, list) and len(g) != len(e) and args[0] == "grid":
        return linspace
    if not isinstance(g, list) or len(g) != len(e):
        return None
    values = [v.value if isinstance(v, ObjectView) else v for v in g]
    if not all(isinstance(v, (int, float)) and v > 0 for v in values):
        return None
    if all(close_numbers(v * x, 1.0) for v, x in zip(values, e)):
        return named("exponent-sign", "the sign of the exponent is flipped: the learning rate is 10 ** -e "
                     "(e = 2 gives 0.01)")
    if all(close_numbers(10 ** -v, x) for v, x in zip(values, e)):
        return named("exponents-not-rates", "these are the exponents; the learning rates are 10 ** -e")
    if args[0] == "random":
        return named("other-random-draw", "draw the exponents with "
                     "np.random.default_rng(seed).uniform(low_exp, high_exp, n)")
    return linspace


# ---------------------------------------------------------------- confusion_matrix

def _confusion(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is None or g is None:
        return None
    if g.shape == e.shape and torch.equal(g.to(e.dtype), e.T) and not torch.equal(e, e.T):
        return named("transposed", "rows and columns swapped: rows are the true classes (labels), columns the "
                     "predictions")
    if g.dtype == e.dtype and g.shape == e.shape and torch.equal(g, (e > 0).to(e.dtype)):
        return named("repeated-index-once", "each (true, predicted) pair was counted once: "
                     "`matrix[labels, preds] += 1` does not add up repeated indices; use "
                     "index_put_(..., accumulate=True), torch.bincount or a loop")
    if g.dim() == 2 and g.shape[0] < e.shape[0]:
        return named("sized-by-labels", "size the matrix by num_classes, not by the largest label seen")
    # Fractions instead of counts, whichever way they were divided: the rows (or the whole
    # matrix) sum to 1 where the true counts do not.
    if g.shape == e.shape and g.dtype.is_floating_point and not torch.equal(g, e.to(g.dtype)):
        rows = g.double().sum(dim=1)[e.sum(dim=1) > 0]
        if bool(torch.allclose(rows, torch.ones_like(rows), atol=1e-4)) or abs(float(g.double().sum()) - 1) < 1e-4:
            return named("fractions-not-counts", "fractions, not counts: the entries were divided by a total; "
                         "entry [i, j] is the number of samples of class i predicted as j")
    return None


HINTS = {"evaluation.split": _split, "evaluation.accuracy": _accuracy, "evaluation.evaluate": _evaluate,
         "evaluation.add_dropout": _add_dropout, "evaluation.lr_candidates": _lr_candidates,
         "evaluation.confusion_matrix": _confusion}
# evaluation.best_epoch's hint replays early stopping, the exercise's answer: it lives in the
# hidden half, grader/hidden/evaluation/hints.py, and never ships to students.
