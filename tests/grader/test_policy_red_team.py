"""What a red team got past the grader, each now refused at its root (issue 13's acceptance run).

S1 string.Formatter().get_field as a hidden getattr; S2 pydoc.locate; S3 a thread the runtime
guards cannot see; S4 autograd by hand through y.grad_fn(...); S5 asyncio's subprocesses;
S7 exp(logsigmoid(x)) for sigmoid. (Tensor's methods also live on torch._C.TensorBase, an
immutable type the runtime guards cannot patch: the static policy refuses the roads to it.)
"""
from __future__ import annotations

import pytest

from grader import chapters, policy
from helpers import ROOT

ATTACKS = {
    "S1 string.Formatter": ("activations.softmax", "import string\ndef softmax(x, dim=-1):\n"
                            "    f = string.Formatter().get_field('0.__class__.__mro__[1].softmax', (x,), {})[0]\n"
                            "    return f(x, dim)\n", "import string"),
    "S2 pydoc.locate": ("activations.softmax", "import pydoc\ndef softmax(x, dim=-1):\n"
                        "    return pydoc.locate('torch._C.TensorBase.softmax')(x, dim)\n", "import pydoc"),
    "S3 a thread pool": ("activations.relu", "import concurrent.futures\ndef relu(x):\n"
                         "    m = getattr(x, bytes([114, 101, 108, 117]).decode())\n"
                         "    with concurrent.futures.ThreadPoolExecutor(1) as pool:\n"
                         "        return pool.submit(m).result()\n", "import concurrent"),
    "S3 a thread": ("activations.relu", "from threading import Thread\ndef relu(x):\n    return x\n",
                    "import threading"),
    "S4 grad_fn by hand": ("backprop.linear_backward", "def linear_backward(x, weight, grad_out):\n"
                           "    y = torch.addmm(torch.zeros(weight.shape[0], requires_grad=True), "
                           "x.detach().requires_grad_(True), weight.detach().requires_grad_(True).t())\n"
                           "    gb, gx, gwt = y.grad_fn(grad_out)\n    return gx, gwt.t(), gb\n", "grad_fn"),
    "S5 asyncio subprocess": ("activations.relu", "import asyncio\ndef relu(x):\n    return x.clamp(min=0)\n",
                              "import asyncio"),
    "an unlisted standard module": ("activations.relu", "import logging.config\ndef relu(x):\n    return x.clamp(min=0)\n",
                                    "import logging.config"),
    "S7 logsigmoid": ("activations.sigmoid", "def sigmoid(x):\n    return torch.nn.functional.logsigmoid(x).exp()\n",
                      "logsigmoid"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_red_team_bypass_is_refused_statically(name):
    exercise, code, words = ATTACKS[name]
    topic = exercise.split(".")[0]
    chapters.load(topic)
    source = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8") + "\n\n" + code
    refusal = policy.refusal(exercise, {topic: source})
    assert refusal is not None and words in refusal, refusal
