"""Forbidden calls found by the static policy, including whole namespaces (``torch.autograd.*``)."""
from __future__ import annotations

import textwrap

import pytest

from grader import chapters
from grader import policy
from grader.forbidden import FORBIDDEN


@pytest.fixture(autouse=True)
def rules_loaded():
    for topic in ("losses", "backprop"):
        chapters.load(topic)


def found(body: str, exercise: str = "losses.cross_entropy_grad") -> str:
    """The policy's refusal of a file holding ``body`` as the exercise's function ("" if none)."""
    topic, function = exercise.split(".")
    source = textwrap.dedent(body).replace("FUNCTION", function)
    return policy.refusal(exercise, {topic: source}) or ""


@pytest.mark.exercise("losses.cross_entropy_grad")
@pytest.mark.parametrize("body, named", [
    ("import torch\ndef FUNCTION(z, t):\n    return torch.autograd.grad(z.sum(), z)\n", "torch.autograd.grad"),
    ("from torch.autograd import functional as AF\ndef FUNCTION(z, t):\n    return AF.jacobian(f, z)\n",
     "torch.autograd.functional.jacobian"),
    ("import torch.func\ndef FUNCTION(z, t):\n    return torch.func.grad(f)(z)\n", "torch.func.grad"),
    ("from torch.func import jacrev as j\ndef FUNCTION(z, t):\n    return j(f)(z)\n", "torch.func.jacrev"),
    ("def FUNCTION(z, t):\n    loss(z).backward()\n", "torch.Tensor.backward"),
    ("from exercises.activations import softmax\ndef FUNCTION(z, t):\n    return softmax(z)\n",
     "exercises.activations.softmax"),
    ("from exercises import activations\ndef FUNCTION(z, t):\n    return activations.softmax(z)\n",
     "exercises.activations.softmax"),
])
def test_a_name_under_a_forbidden_namespace_is_refused_by_its_full_name(body, named):
    assert named in found(body)


@pytest.mark.exercise("losses.cross_entropy_grad")
def test_allowed_names_near_forbidden_namespaces_pass():
    body = """
    import torch
    import torch.nn.functional as F
    def FUNCTION(z, t):
        with torch.no_grad():
            probs = torch.exp(z - torch.logsumexp(z, dim=1, keepdim=True))
        return probs - F.one_hot(t, z.shape[1])
    """
    assert found(body) == ""


@pytest.mark.exercise("losses.cross_entropy_grad")
def test_the_chapter_of_the_exercise_itself_is_not_an_other_exercise_module():
    body = "from exercises.losses import one_hot\ndef FUNCTION(z, t):\n    return one_hot(t, 3)\n"
    assert found(body) == ""
    assert "exercises.losses.*" not in FORBIDDEN["losses.cross_entropy_grad"]


@pytest.mark.exercise("backprop.linear_backward")
def test_namespaces_are_only_forbidden_where_a_rule_says_so():
    body = "import torch\ndef FUNCTION(x, y, criterion):\n    return torch.autograd.grad(x, y)\n"
    assert found(body, "backprop.parameter_gradients") == ""
    assert "torch.autograd.grad" in found(body.replace("x, y, criterion", "x, weight, grad_out"),
                                          "backprop.linear_backward")
