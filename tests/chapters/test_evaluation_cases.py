"""Chapter 07: the references agree with torchmetrics, and the evaluate cases can tell a per-batch
average from an average over all samples."""
from __future__ import annotations

import pytest
import torch

from grader.hidden import load
from grader.spec import materialize_call
from solutions import evaluation

CASES = load("evaluation")


def _args(exercise: str):
    return [materialize_call(c.spec())[0] for c in CASES if c.exercise == exercise]


@pytest.mark.parametrize("args", _args("evaluation.accuracy"))
def test_accuracy_equals_torchmetrics_multiclass_micro_accuracy(args):
    torchmetrics = pytest.importorskip("torchmetrics")
    logits, labels = args
    metric = torchmetrics.Accuracy(task="multiclass", num_classes=logits.shape[1])
    assert evaluation.accuracy(logits, labels) == pytest.approx(metric(logits, labels).item(), abs=1e-6)


@pytest.mark.parametrize("args", _args("evaluation.confusion_matrix"))
def test_confusion_matrix_equals_torchmetrics(args):
    torchmetrics = pytest.importorskip("torchmetrics")
    preds, labels, classes = args
    expected = torchmetrics.functional.confusion_matrix(preds, labels, task="multiclass", num_classes=classes)
    got = evaluation.confusion_matrix(preds, labels, classes)
    assert got.dtype == torch.int64 and torch.equal(got, expected)


@pytest.mark.parametrize("args", _args("evaluation.evaluate"))
def test_evaluate_cases_separate_per_batch_averages_from_the_whole(args):
    model, loader, criterion, _ = args
    model.eval()
    sizes, right, losses = [], [], []
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            sizes.append(len(labels))
            right.append(int((logits.argmax(-1) == labels).sum()))
            losses.append(criterion(logits, labels).item())
    overall = sum(right) / sum(sizes)
    if len(sizes) > 1:
        assert overall != pytest.approx(sum(r / s for r, s in zip(right, sizes)) / len(sizes))
        assert overall != pytest.approx(right[-1] / sizes[-1])
        weighted = sum(loss * s for loss, s in zip(losses, sizes)) / sum(sizes)
        assert weighted != pytest.approx(sum(losses) / len(losses), rel=1e-5)
    assert 0 < overall < 1
