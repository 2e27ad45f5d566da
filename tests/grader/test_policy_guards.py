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
from grader.outcomes import Status
from helpers import grade, reference_source, submission

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


def test_a_module_written_at_run_time_cannot_be_imported_in_the_worker(zygote, tmp_path, monkeypatch):
    """The policy refuses the import; with the policy off, the worker's import path still holds no
    folder the student can write (its own folder used to be first), so the module is not found.
    (The exercises package's own folder must stay importable: importing a name from it that is no
    exercise file is refused by the policy alone.)"""
    monkeypatch.setattr("grader.policy.refusal", lambda *args, **kwargs: None)
    code = ("def grid(rows, cols):\n"
            "    with open('written_helper.py', 'w') as f:\n"
            "        f.write('import torch\\ndef grid(r, c):\\n"
            "    return torch.arange(1, r * c + 1, dtype=torch.float32).reshape(r, c)\\n')\n"
            "    import written_helper\n"
            "    return written_helper.grid(rows, cols)\n")
    result = grade(zygote, submission(tmp_path, {"tensors": reference_source("tensors") + "\n\n" + code}),
                   ["tensors"])
    grid = next(e for e in result.exercises if e.id == "tensors.grid")
    assert grid.status == Status.ERROR and grid.score == 0, grid.message
    assert "ModuleNotFoundError" in grid.message, grid.message
