"""Forbidden prefixes (``exercises.*``, ``torch.autograd.*``): how a chapter's rules say that an
exercise must be self-contained (no calls into other exercise modules) or may not use autograd."""
from __future__ import annotations

import pytest

from grader import chapters
from grader.forbidden import FORBIDDEN
from grader.policy import refusal
from helpers import reference_source

chapters.load("losses")
LOSSES = reference_source("losses")
ACTIVATIONS = reference_source("activations")


@pytest.fixture
def self_contained(monkeypatch):
    monkeypatch.setitem(FORBIDDEN, "losses.cross_entropy",
                        [*FORBIDDEN["losses.cross_entropy"], "exercises.*", "torch.autograd.*", "torch.func.*",
                         "torch.Tensor.backward"])


def verdict(code: str) -> str | None:
    return refusal("losses.cross_entropy", {"losses": LOSSES + "\n\n" + code, "activations": ACTIVATIONS})


@pytest.mark.parametrize("code, named", [
    ("from exercises.activations import softmax\ndef cross_entropy(logits, target):\n"
     "    return -torch.log(softmax(logits)).gather(1, target[:, None]).mean()\n", "exercises.activations.softmax"),
    ("from exercises import activations as act\ndef cross_entropy(logits, target):\n"
     "    return -torch.log(act.softmax(logits)).gather(1, target[:, None]).mean()\n", "exercises.activations.softmax"),
    ("from . import activations\ndef cross_entropy(logits, target):\n"
     "    return -torch.log(activations.softmax(logits)).gather(1, target[:, None]).mean()\n",
     "exercises.activations.softmax"),
    ("def cross_entropy(logits, target):\n    return torch.autograd.grad(logits.sum(), logits)[0].mean()\n",
     "torch.autograd.grad"),
    ("from torch import autograd\ndef cross_entropy(logits, target):\n"
     "    return autograd.functional.jacobian(torch.exp, logits).sum()\n", "torch.autograd"),
    ("from torch.func import grad as g\ndef cross_entropy(logits, target):\n    return g(torch.sum)(logits).mean()\n",
     "torch.func.grad"),
    ("def cross_entropy(logits, target):\n    logits.sum().backward()\n    return logits.grad.mean()\n",
     "torch.Tensor.backward"),
])
def test_a_self_contained_exercise_may_not_reach_out(self_contained, code, named):
    message = verdict(code)
    assert message is not None and named in message, message


def test_a_self_contained_exercise_may_use_its_own_file(self_contained):
    code = ("def _stable_log_softmax(z):\n    return z - torch.logsumexp(z, 1, keepdim=True)\n"
            "def cross_entropy(logits, target):\n"
            "    return -_stable_log_softmax(logits).gather(1, target[:, None]).mean()\n")
    assert verdict(code) is None


def test_without_the_prefix_other_exercise_modules_are_allowed():
    code = ("from exercises.activations import softmax\ndef cross_entropy(logits, target):\n"
            "    return -torch.log(softmax(logits)).gather(1, target[:, None]).mean()\n")
    assert verdict(code) is None
