"""The worker contains misbehaving student code: each costs its own exercise, nothing else."""
from __future__ import annotations


from grader.outcomes import Status
from helpers import grade, reference_source, submission

REF = reference_source("tensors")


def graded(zygote, tmp_path, extra: str, **kwargs):
    """The reference tensors module with ``extra`` appended (it overrides one function)."""
    return grade(zygote, submission(tmp_path, {"tensors": REF + "\n\n" + extra}), ["tensors"], **kwargs)


def by_id(result):
    return {e.id: e for e in result.exercises}


def assert_others_pass(result, broken: str):
    for e in result.exercises:
        if e.id != broken:
            assert e.status == Status.PASSED, (e.id, e.message)


def test_infinite_loop_times_out_within_its_limit_and_others_are_graded(zygote, tmp_path):
    result = graded(zygote, tmp_path, "def grid(rows, cols):\n    while True:\n        pass\n", wall_seconds=2)
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.TIMEOUT and grid.score == 0
    assert "did not finish within 2 s" in grid.message
    assert_others_pass(result, "tensors.grid")
    ran = [c for c in grid.cases if not c.not_run]       # one timeout, not one per case:
    assert len(ran) == 1 and ran[0].status == Status.TIMEOUT   # the rest were never started
    assert all(c.status == Status.TIMEOUT for c in grid.cases)


def test_memory_hog_ends_as_memory(zygote, tmp_path):
    hog = "def grid(rows, cols):\n    blocks = []\n    while True:\n        blocks.append(bytearray(2**28))\n"
    result = graded(zygote, tmp_path, hog, memory_bytes=2**30)
    assert by_id(result)["tensors.grid"].status == Status.MEMORY
    assert_others_pass(result, "tensors.grid")


def test_torch_allocation_beyond_the_limit_ends_as_memory(zygote, tmp_path):
    hog = "def grid(rows, cols):\n    return torch.ones(2**33)\n"
    result = graded(zygote, tmp_path, hog, memory_bytes=2**30)
    assert by_id(result)["tensors.grid"].status == Status.MEMORY


def test_sys_exit_is_an_error_of_that_exercise_only(zygote, tmp_path):
    result = graded(zygote, tmp_path, "import sys\ndef grid(rows, cols):\n    sys.exit(1)\n")
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.ERROR and "sys.exit" in grid.message
    assert_others_pass(result, "tensors.grid")


def test_os_exit_crashes_only_its_exercise(zygote, tmp_path):
    result = graded(zygote, tmp_path, "import os\ndef grid(rows, cols):\n    os._exit(7)\n")
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.CRASHED and "exit code 7" in grid.message
    assert_others_pass(result, "tensors.grid")


def policy_off(monkeypatch):
    """These tests are about the worker: the static policy (grader.policy) would refuse their files
    before any code ran (ctypes, patching torch, importing solutions), so it is switched off."""
    monkeypatch.setattr("grader.policy.refusal", lambda *args, **kwargs: None)


def test_segfault_crashes_only_its_exercise(zygote, tmp_path, monkeypatch):
    policy_off(monkeypatch)
    crash = "import ctypes\ndef grid(rows, cols):\n    ctypes.string_at(0)\n"
    result = graded(zygote, tmp_path, crash)
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.CRASHED and "SIGSEGV" in grid.message
    assert_others_pass(result, "tensors.grid")


def test_patching_torch_comparisons_does_not_make_a_wrong_answer_pass(zygote, tmp_path, monkeypatch):
    policy_off(monkeypatch)
    cheat = '''
def grid(rows, cols):
    torch.allclose = lambda *a, **k: True
    torch.equal = lambda *a, **k: True
    torch.testing.assert_close = lambda *a, **k: None
    torch.Tensor.__eq__ = lambda self, other: True
    return torch.zeros(rows, cols)
'''
    result = graded(zygote, tmp_path, cheat)
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.FAILED and grid.score == 0
    assert "values differ" in grid.message
    assert_others_pass(result, "tensors.grid")


def test_printing_megabytes_is_capped_and_still_graded(zygote, tmp_path):
    noisy = REF.replace('    return torch.arange(1, rows * cols + 1',
                        '    print("x" * 10_000_000)\n    return torch.arange(1, rows * cols + 1')
    result = grade(zygote, submission(tmp_path, {"tensors": noisy}), ["tensors"])
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.PASSED
    assert len(grid.output) < 100_000 and "more bytes of output dropped" in grid.output


def test_syntax_error_is_reported_for_every_exercise_of_the_file(zygote, tmp_path):
    result = grade(zygote, submission(tmp_path, {"tensors": REF + "\ndef broken(:\n"}), ["tensors"])
    assert {e.status for e in result.exercises} == {Status.ERROR}
    assert "SyntaxError" in result.exercises[0].message


def test_error_traceback_shows_student_frames_only(zygote, tmp_path):
    result = graded(zygote, tmp_path, "def grid(rows, cols):\n    return helper()\n\ndef helper():\n    raise KeyError('oops')\n")
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.ERROR
    assert "in helper" in grid.message and "KeyError" in grid.message
    assert "grader" not in grid.message.replace("graded", "")


def test_student_cannot_import_the_references(zygote, tmp_path, monkeypatch):
    policy_off(monkeypatch)
    cheat = "def grid(rows, cols):\n    import solutions.tensors as s\n    return s.grid(rows, cols)\n"
    result = graded(zygote, tmp_path, cheat)
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.ERROR and "not available while grading" in grid.message


def test_without_the_sandbox_grading_still_works_with_its_limits(tmp_path):
    from grader.worker.pool import Zygote
    plain = Zygote(sandbox=False)
    try:
        assert not plain.sandboxed and plain.sandbox_note == "sandbox turned off"
        result = graded(plain, tmp_path, "def grid(rows, cols):\n    while True:\n        pass\n", wall_seconds=2)
        assert by_id(result)["tensors.grid"].status == Status.TIMEOUT
        assert_others_pass(result, "tensors.grid")
    finally:
        plain.close()
