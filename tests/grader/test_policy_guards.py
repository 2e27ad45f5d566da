"""The worker's forbidden-call guards, a second line behind the static policy: they must not trust
a code object's filename, which ``compile`` lets anyone choose."""
from __future__ import annotations

import json
import types

import pytest
import torch

from grader import chapters, forbidden
from grader.calls import run_call
from grader.check import _public_cases

chapters.load("activations")
SOFTMAX = "import torch\ndef softmax(x, dim=-1):\n    return torch.softmax(x, dim)\n"


@pytest.fixture
def guards(tmp_path):
    restore = forbidden.install_guards("activations.softmax", [str(tmp_path / "exercises")])
    yield
    restore()


def spec():
    return _public_cases("activations.softmax")[0].spec


def hand_compiled(filename: str):
    namespace: dict = {}
    exec(compile(SOFTMAX, filename, "exec"), namespace)
    return types.SimpleNamespace(softmax=namespace["softmax"])


def test_code_compiled_under_a_library_filename_is_still_the_students(guards):
    with pytest.raises(forbidden.ForbiddenCall, match="torch.softmax"):
        run_call(hand_compiled(json.__file__), spec())


def test_code_compiled_under_the_students_folder_is_the_students(guards, tmp_path):
    with pytest.raises(forbidden.ForbiddenCall):
        run_call(hand_compiled(str(tmp_path / "exercises" / "activations.py")), spec())


def test_library_code_outside_a_student_call_is_not_stopped(guards):
    """The grader's own use of a guarded function (a hint, a comparison) runs as usual."""
    x = torch.tensor([[1.0, 2.0]])
    assert torch.allclose(torch.softmax(x, -1).sum(), torch.tensor(1.0))


def library_softmax(x, dim=-1):
    """Stands for library code: defined in a module loaded the ordinary way (this one)."""
    return torch.softmax(x, dim)


def test_a_loaded_module_outside_the_students_folder_passes_the_guard(guards):
    """Only student or hand-compiled code is stopped, not everything the grader calls."""
    got = run_call(types.SimpleNamespace(softmax=library_softmax), spec())
    assert got is not None
