"""Only an untouched stub is "not implemented yet": a NotImplementedError that a library raises
inside written code (a module without forward, an op without a kernel for a dtype) is an error
of that code, shown with its message."""
from __future__ import annotations

import pytest
import torch

from grader.check import run_public
from grader.outcome import Kind, classify


def raised(source: str, folder) -> BaseException:
    path = folder / "exercises" / "topic.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)
    with pytest.raises(BaseException) as info:
        namespace["f"]()
    return info.value


def test_a_stub_that_raises_is_not_attempted(tmp_path):
    exc = raised("def f():\n    raise NotImplementedError('write me')\n", tmp_path)
    outcome = classify(exc, (str(tmp_path / "exercises"),))
    assert outcome.kind == Kind.NOT_ATTEMPTED


def test_a_library_not_implemented_error_in_written_code_is_an_error_with_its_message(tmp_path):
    exc = raised("import torch\n\ndef f():\n    return torch.nn.Module()(torch.zeros(1))\n", tmp_path)
    assert isinstance(exc, NotImplementedError)
    outcome = classify(exc, (str(tmp_path / "exercises"),))
    assert outcome.kind == Kind.RAISED and outcome.error_type == "NotImplementedError"
    assert "forward" in outcome.message                     # torch's own words reach the student
    assert "exercises/topic.py" in outcome.traceback


def test_without_roots_every_not_implemented_error_is_a_stub():
    with pytest.raises(NotImplementedError) as info:
        torch.nn.Module()(torch.zeros(1))
    assert classify(info.value, ()).kind == Kind.NOT_ATTEMPTED


def test_the_public_check_of_an_untouched_stub_still_says_not_implemented():
    result = run_public("tensors.grid")                   # exercises/ holds the stubs
    assert "not implemented yet" in result.message


def test_an_exercise_that_passes_some_cases_and_raises_the_stub_error_in_others_is_not_unstarted():
    from grader.outcomes import CaseResult, ExerciseResult, Status
    passed = CaseResult("public", False, Status.PASSED, 1.0, 1.0, "")
    stub = CaseResult("hidden", True, Status.NOT_ATTEMPTED, 0.0, 3.0, "hidden case 'x': not implemented yet")
    partial = ExerciseResult.from_cases("t.f", [passed, stub])
    assert (partial.status, partial.score) == (Status.FAILED, 1.0)
    assert "not implemented yet" in partial.message and "(1/2 cases passed)" in partial.message
    untouched = ExerciseResult.from_cases("t.f", [stub, stub])
    assert untouched.status == Status.NOT_ATTEMPTED
