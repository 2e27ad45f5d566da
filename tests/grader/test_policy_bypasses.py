"""The static policy, called directly: every bypass a red team found, and variants of each, is
caught and named with its line; code that only looks similar is left alone.

Each case appends code to the reference module of its chapter (the last definition wins, as in
Python) and asks the policy about one exercise. Expected lines are found in the combined text by a
marker, never taken from the policy.
"""
from __future__ import annotations

import pytest

from grader import chapters
from grader.policy import refusal
from helpers import reference_source

for _topic in ("activations", "losses", "evaluation", "tensors", "layers"):
    chapters.load(_topic)


def combined(topic: str, code: str) -> str:
    return reference_source(topic) + "\n\n" + code


def line_of(source: str, marker: str) -> int:
    return next(i for i, text in enumerate(source.splitlines(), 1) if marker in text)


def verdict(exercise: str, code: str, others: dict[str, str] | None = None) -> tuple[str | None, str]:
    topic = exercise.split(".")[0]
    source = combined(topic, code)
    return refusal(exercise, {topic: source, **(others or {})}), source


# exercise, code, the forbidden call the message must name, a marker on the offending line
FORBIDDEN_USES = {
    "module-level alias": ("activations.sigmoid", "sigmoid = torch.sigmoid  # <-\n", "torch.sigmoid"),
    "module-level alias used by a def": (
        "activations.sigmoid", "_s = torch.sigmoid  # <-\ndef sigmoid(x):\n    return _s(x)\n", "torch.sigmoid"),
    "from-import with as": ("activations.sigmoid", "from torch import sigmoid as s\ndef sigmoid(x):\n"
                            "    return s(x)  # <-\n", "torch.sigmoid"),
    "exercise replaced by an import": ("activations.sigmoid", "from torch import sigmoid  # <-\n", "torch.sigmoid"),
    "module alias of F": ("activations.softmax", "import torch.nn.functional as Fn\n"
                          "def softmax(x, dim=-1):\n    return Fn.softmax(x, dim)  # <-\n", "F.softmax"),
    "nn bound to torch.nn": ("activations.sigmoid", "nn = torch.nn\ndef sigmoid(x):\n"
                             "    return nn.Sigmoid()(x)  # <-\n", "nn.Sigmoid"),
    "getattr with a constant": ("activations.sigmoid", "f = getattr(torch, 'sigmoid')  # <-\n", "torch.sigmoid"),
    "getattr with a folded name": ("activations.softmax", "def softmax(x, dim=-1):\n"
                                   "    return getattr(x, 'soft' + 'max')(dim)  # <-\n", "torch.Tensor.softmax"),
    "getattr with a module constant": ("activations.softmax", "NAME = f\"{'soft'}max\"\ndef softmax(x, dim=-1):\n"
                                       "    return getattr(torch, NAME)(x, dim)  # <-\n", "torch.softmax"),
    "tuple assignment": ("activations.sigmoid", "a, b = torch.relu, torch.sigmoid  # <-\n"
                         "def sigmoid(x):\n    return b(x)\n", "torch.sigmoid"),
    "default argument": ("activations.sigmoid", "def sigmoid(x, f=torch.sigmoid):  # <-\n    return f(x)\n",
                         "torch.sigmoid"),
    "default argument of a helper": (
        "activations.sigmoid", "def _h(x, f=torch.special.expit):  # <-\n    return f(x)\n"
        "def sigmoid(x):\n    return _h(x)\n", "torch.special.expit"),
    "helper function": ("activations.sigmoid", "def _h(x):\n    return x.sigmoid()  # <-\n"
                        "def sigmoid(x):\n    return _h(x)\n", "torch.Tensor.sigmoid"),
    "helper of a helper": ("activations.relu", "def _a(x):\n    return torch.relu(x)  # <-\ndef _b(x):\n"
                           "    return _a(x)\ndef relu(x):\n    return _b(x)\n", "torch.relu"),
    "method of a helper class": (
        "activations.softmax", "class _Act:\n    def run(self, x, dim):\n        return torch.softmax(x, dim)  # <-\n"
        "def softmax(x, dim=-1):\n    return _Act().run(x, dim)\n", "torch.softmax"),
    "helper reached through a table": (
        "activations.relu", "def _r(x):\n    return torch.nn.functional.relu(x)  # <-\nTABLE = {'r': _r}\n"
        "def relu(x):\n    return TABLE['r'](x)\n", "F.relu"),
    "decorator": ("activations.relu", "def _deco(f):\n    return lambda x: torch.relu(x)  # <-\n"
                  "@_deco\ndef relu(x):\n    return x\n", "torch.relu"),
    "functools.partial": ("activations.softmax", "import functools\ndef softmax(x, dim=-1):\n"
                          "    return functools.partial(torch.softmax, dim=dim)(x)  # <-\n", "torch.softmax"),
    "module-level lambda": ("activations.softmax", "_sm = lambda x, d: torch.softmax(x, d)  # <-\n", "torch.softmax"),
    "comprehension": ("activations.softmax", "def softmax(x, dim=-1):\n"
                      "    return [f for f in (torch.softmax,)][0](x, dim)  # <-\n", "torch.softmax"),
    "walrus": ("activations.sigmoid", "def sigmoid(x):\n    if (f := torch.sigmoid) is not None:  # <-\n"
               "        return f(x)\n", "torch.sigmoid"),
    "name set through global": ("activations.sigmoid", "def _setup():\n    global _f\n    _f = torch.sigmoid\n"
                                "_f = None\ndef sigmoid(x):\n    return _f(x)  # <-\n", "torch.sigmoid"),
    "torch.ops.aten overload": ("activations.sigmoid", "def sigmoid(x):\n"
                                "    return torch.ops.aten.sigmoid.default(x)  # <-\n", "torch.sigmoid"),
    "private aten op": ("activations.softmax", "def softmax(x, dim=-1):\n"
                        "    return torch.ops.aten._softmax.default(x, dim, False)  # <-\n", "torch.softmax"),
    "torch._softmax": ("activations.softmax", "def softmax(x, dim=-1):\n    return torch._softmax(x, dim, False)  # <-\n",
                       "torch.softmax"),
    "torch._C._nn": ("activations.leaky_relu", "def leaky_relu(x, negative_slope=0.01):\n"
                     "    return torch._C._nn.leaky_relu(x, negative_slope)  # <-\n", "F.leaky_relu"),
    "from torch._C._nn import": ("activations.leaky_relu", "from torch._C._nn import leaky_relu as lr\n"
                                 "def leaky_relu(x, negative_slope=0.01):\n    return lr(x, negative_slope)  # <-\n",
                                 "F.leaky_relu"),
    "torch._C._VariableFunctions": ("activations.relu", "def relu(x):\n"
                                    "    return torch._C._VariableFunctions.relu(x)  # <-\n", "torch.relu"),
    "torch._C._TensorBase": ("activations.relu", "def relu(x):\n    return torch._C._TensorBase.relu(x)  # <-\n",
                             "torch.relu"),
    "in-place variant": ("activations.sigmoid", "def sigmoid(x):\n    return torch.sigmoid_(x.clone())  # <-\n",
                         "torch.sigmoid"),
    "aten name of a special function": ("activations.sigmoid", "def sigmoid(x):\n"
                                        "    return torch.ops.aten.special_expit(x)  # <-\n", "torch.special.expit"),
    "another library's function of the same name": (
        "activations.sigmoid", "from scipy.special import expit\ndef sigmoid(x):\n"
        "    return torch.as_tensor(expit(x.numpy()))  # <-\n", "torch.special.expit"),
    "getattr with a default-argument name": ("activations.softmax", "def softmax(x, dim=-1, _n='softmax'):\n"
                                             "    return getattr(x, _n)(dim)  # <-\n", "torch.Tensor.softmax"),
    "operator.attrgetter": ("activations.softmax", "import operator\ndef softmax(x, dim=-1):\n"
                            "    return operator.attrgetter('softmax')(x)(dim)  # <-\n", "torch.Tensor.softmax"),
    "operator.methodcaller": ("activations.softmax", "from operator import methodcaller\ndef softmax(x, dim=-1):\n"
                              "    return methodcaller('softmax', dim)(x)  # <-\n", "torch.Tensor.softmax"),
    "star import": ("losses.cross_entropy", "from torch.nn.functional import *\ndef cross_entropy(logits, target):\n"
                    "    return -log_softmax(logits, 1).gather(1, target[:, None]).mean()  # <-\n", "F.log_softmax"),
    "sklearn through an alias": ("evaluation.accuracy", "from sklearn.metrics import accuracy_score as acc\n"
                                 "def accuracy(logits, labels):\n"
                                 "    return float(acc(labels, logits.argmax(1)))  # <-\n", "accuracy_score"),
    "sklearn through a module alias": ("tensors.standardize", "import sklearn.preprocessing as pre\n"
                                       "def standardize(x):\n"
                                       "    return torch.as_tensor(pre.scale(x.numpy()))  # <-\n", "sklearn.preprocessing.scale"),
}


@pytest.mark.parametrize("name", list(FORBIDDEN_USES))
def test_forbidden_call_is_named_with_its_line(name):
    exercise, code, called = FORBIDDEN_USES[name]
    message, source = verdict(exercise, code)
    assert message is not None, f"{name}: not caught"
    assert called in message and exercise in message, message
    assert f"line {line_of(source, '# <-')}" in message, message


def test_a_helper_in_another_exercise_file_counts_for_the_exercise_that_imports_it():
    helper = reference_source("activations") + "\n\ndef _ce(a, b):\n    return torch.nn.functional.cross_entropy(a, b)  # <-\n"
    for spelling in ("from exercises.activations import _ce\ndef nll_loss(a, b):\n    return _ce(a, b)\n",
                     "from exercises import activations as act\ndef nll_loss(a, b):\n    return act._ce(a, b)\n",
                     "from .activations import _ce\ndef nll_loss(a, b):\n    return _ce(a, b)\n"):
        message, _ = verdict("losses.nll_loss", spelling, {"activations": helper})
        assert message is not None and "F.cross_entropy" in message, spelling
        assert f"exercises/activations.py line {line_of(helper, '# <-')}" in message, message


# code, what the message must name, a marker on the offending line; each refuses the whole file
REFUSED = {
    "exec of code compiled under a stdlib name": (
        "import json\nsrc = 'def softmax(x, dim=-1):\\n    return torch.softmax(x, dim)\\n'\n"
        "exec(compile(src, json.__file__, 'exec'))  # <-\n", "exec()"),
    "exec hidden in a lambda": ("_run = lambda s: exec(s)  # <-\n", "exec()"),
    "eval": ("def relu(x):\n    return eval('torch.relu')(x)  # <-\n", "eval()"),
    "compile alone": ("CODE = compile('1', 'x', 'eval')  # <-\n", "compile()"),
    "__import__": ("def softmax(x, dim=-1):\n    return __import__('torch').softmax(x, dim)  # <-\n", "__import__()"),
    "importlib": ("import importlib  # <-\n", "import importlib"),
    "importlib submodule": ("from importlib import import_module as im  # <-\n", "import importlib"),
    "module __dict__": ("def softmax(x, dim=-1):\n"
                        "    return torch.nn.functional.__dict__['softmax'](x, dim)  # <-\n", "__dict__"),
    "vars of a module": ("def softmax(x, dim=-1):\n    return vars(torch)['softmax'](x, dim)  # <-\n", "vars()"),
    "globals": ("def softmax(x, dim=-1):\n    return globals()['torch'].softmax(x, dim)  # <-\n", "globals()"),
    "locals": ("X = locals()  # <-\n", "locals()"),
    "getattr with a computed name": ("def softmax(x, dim=-1):\n"
                                     "    return getattr(torch, ''.join(reversed('xamtfos')))(x, dim)  # <-\n",
                                     "getattr() with a computed name"),
    "setattr with a computed name on a module": ("N = 'x'\nN = N + N\nsetattr(torch, N, 1)  # <-\n",
                                                 "setattr() with a computed name"),
    "getattr passed as a value": ("import functools\ndef softmax(x, dim=-1):\n"
                                  "    f = functools.reduce(getattr, ['nn', 'functional', 'softmax'], torch)  # <-\n"
                                  "    return f(x, dim)\n", "getattr used as a value"),
    "attrgetter with a computed name": ("import operator\ndef softmax(x, dim=-1, name='softmax'):\n"
                                        "    return operator.attrgetter(name)(x)(dim)  # <-\n", "attrgetter()"),
    "__getattribute__": ("def softmax(x, dim=-1):\n"
                         "    return torch.Tensor.__getattribute__(x, 'soft' + 'max')(dim)  # <-\n",
                         "__getattribute__"),
    "sys.modules": ("import sys\nF = sys.modules['torch.nn.functional']  # <-\n", "sys.modules"),
    "sys.modules imported by name": ("from sys import modules  # <-\n", "sys.modules"),
    "sys._getframe": ("import sys\ndef relu(x):\n    caller = sys._getframe(1)  # <-\n    return x\n", "sys._getframe"),
    "frames from a traceback": ("def relu(x):\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n"
                                "        up = e.__traceback__.tb_frame.f_back  # <-\n    return x\n", ".f_back"),
    "code objects": ("def relu(x):\n    return relu.__code__  # <-\n", "__code__"),
    "function globals": ("def relu(x):\n    return relu.__globals__['torch'].relu(x)  # <-\n", "__globals__"),
    "__builtins__": ("E = __builtins__  # <-\n", "__builtins__"),
    "inspect": ("import inspect  # <-\n", "import inspect"),
    "ctypes": ("import ctypes  # <-\n", "import ctypes"),
    "gc": ("import gc  # <-\n", "import gc"),
    "builtins": ("from builtins import getattr as g  # <-\n", "import builtins"),
    "the grader": ("import grader.probes.common  # <-\n", "import grader.probes.common"),
    "the grader, from-import": ("from grader import compare  # <-\n", "import grader"),
    "the references": ("from solutions.activations import softmax  # <-\n", "import solutions.activations"),
    "patching torch": ("torch.Tensor.__eq__ = lambda a, b: True  # <-\n", "assigning torch.Tensor.__eq__"),
    "patching torch in a function": ("def relu(x):\n    torch.arange = None  # <-\n    return x\n",
                                     "assigning torch.arange"),
    "setattr on torch": ("setattr(torch, 'softmax', None)  # <-\n", "setattr() on torch"),
    "faking the module name": ("__name__ = '__main__'  # <-\n", "assigning __name__"),
    "another program": ("import subprocess  # <-\n", "import subprocess"),
    "os.system": ("import os\nos.system('true')  # <-\n", "os.system"),
    "pickle": ("import pickle  # <-\n", "import pickle"),
    "unsafe torch.load": ("def relu(x):\n    torch.load('x.pt', weights_only=False)  # <-\n    return x\n",
                          "weights_only=False"),
    "torch.load with a computed weights_only": ("def relu(x, safe=False):\n"
                                                "    torch.load('x.pt', weights_only=safe)  # <-\n    return x\n",
                                                "weights_only=safe"),
    "a module-level __getattr__": ("def __getattr__(name):  # <-\n    return torch.softmax\n",
                                   "a module-level __getattr__"),
    "TorchScript compiled from a string": ("CU = torch.jit.CompilationUnit('def f(x):\\n    return x')  # <-\n",
                                           "torch.jit.CompilationUnit"),
    "a module written at run time": ("def relu(x):\n    import written_at_run_time  # <-\n"
                                     "    return written_at_run_time.relu(x)\n", "import written_at_run_time"),
    "an exercises module that is no exercise file": ("from exercises import helper  # <-\n",
                                                     "import exercises.helper"),
    "a relative import of one": ("from .helper import relu as _r  # <-\n", "import exercises.helper"),
    "evaluated annotations": ("import typing\nH = typing.get_type_hints  # <-\n", "typing.get_type_hints"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_construct_costs_every_exercise_of_the_file_and_names_its_line(name):
    code, words = REFUSED[name]
    for exercise in ("activations.relu", "activations.predict"):
        message, source = verdict(exercise, code)
        assert message is not None, f"{name}: not refused"
        assert words in message and "not allowed in a graded file" in message, message
        assert f"line {line_of(source, '# <-')}" in message, message


def test_a_refused_file_costs_the_exercises_of_files_that_import_it():
    tainted = reference_source("activations") + "\nexec('pass')\n"
    message, _ = verdict("losses.mse_loss", "from exercises import activations\n", {"activations": tainted})
    assert message is not None and "exercises/activations.py" in message and "exec()" in message
    alone, _ = verdict("losses.mse_loss", "", {"activations": tainted})
    assert alone is None, "a file that does not import the refused one is not affected"


# code that resembles a bypass but is allowed: the policy must not refuse everything
ALLOWED = {
    "a helper no forbidding exercise reaches": ("activations.sigmoid", "def _h(x):\n    return x.sigmoid()\n"),
    "a forbidden call only in a __main__ block": (
        "activations.sigmoid", "if __name__ == '__main__':\n    print(torch.sigmoid(torch.zeros(1)))\n"),
    "a computed getattr on the function's own object": (
        "activations.softmax", "def softmax(x, dim=-1):\n    for name in ('amax',):\n        top = getattr(x, name)(dim=dim, keepdim=True)\n"
        "    e = torch.exp(x - top)\n    return e / e.sum(dim=dim, keepdim=True)\n"),
    "a call allowed for this exercise": ("activations.predict", "def predict(outputs, threshold=0.5):\n"
                                         "    return (torch.sigmoid(torch.logit(outputs)) > threshold).long()\n"),
    "another exercise module, hand-written": (
        "losses.cross_entropy", "from exercises.activations import softmax\ndef cross_entropy(logits, target):\n"
        "    return -torch.log(softmax(logits)).gather(1, target[:, None]).mean()\n"),
    "a forbidden name in a string or a comment": ("activations.softmax", "NOTE = 'do not call torch.softmax'  # torch.softmax\n"),
    "a forbidden name imported for another exercise": (
        "activations.sigmoid", "from torch import sigmoid as _s\ndef predict(outputs, threshold=0.5):\n"
        "    return (_s(torch.logit(outputs)) > threshold).long()\n"),
    "nn.Linear imported for build_mlp": (
        "layers.linear_forward", "from torch.nn import Linear\ndef build_mlp(sizes, activation='relu'):\n"
        "    return torch.nn.Sequential(*[Linear(a, b) for a, b in zip(sizes, sizes[1:])])\n"),
    "self.__dict__ in a class": ("activations.relu", "class Box:\n    def __init__(self):\n        self.__dict__.update(a=1)\n"),
}


@pytest.mark.parametrize("name", list(ALLOWED))
def test_lookalike_code_is_allowed(name):
    exercise, code = ALLOWED[name]
    others = {"activations": reference_source("activations")} if exercise.startswith("losses") else None
    message, _ = verdict(exercise, code, others)
    assert message is None, message


@pytest.mark.parametrize("code, words", [
    ("X = " + "1 + " * 30_000 + "1\n", "nested too deeply"),
    ("X = 1\n" * 80_000, "too large to be checked"),
])
def test_a_file_too_deep_or_too_large_to_read_is_refused_not_crashed_on(code, words):
    message, _ = verdict("activations.relu", code)
    assert message is not None and words in message


def test_a_syntax_error_is_left_to_the_worker_to_report():
    """The file cannot run at all; the worker's import error names the line better."""
    message, _ = verdict("activations.relu", "def broken(:\n")
    assert message is None


def test_a_coding_declaration_other_than_utf8_is_refused():
    """Under utf-7, ``+AGUAeABlAGM-`` is ``exec``: the text checked would not be the code run."""
    source = "# -*- coding: utf-7 -*-\n" + reference_source("activations")
    message = refusal("activations.relu", {"activations": source})
    assert message is not None and "line 1: coding: utf-7 is not allowed" in message
    assert refusal("activations.relu", {"activations": "# coding: utf-8\n" + reference_source("activations")}) is None
