"""The worker can present CUDA as available or not, for one call only, without a GPU (issue 19)."""
from __future__ import annotations

import pytest
import torch

from grader.probes.hardware import presented
from grader.probes import PROBES

REAL = torch.cuda.is_available()


def test_presents_each_state_then_restores_the_machine():
    real_count = torch.cuda.device_count()
    for state in (True, False):
        with presented(state):
            assert torch.cuda.is_available() is state
            assert torch.cuda.device_count() == (1 if state else 0)
        assert torch.cuda.is_available() == REAL
        assert torch.cuda.device_count() == real_count


def test_restores_after_the_call_raises():
    with pytest.raises(RuntimeError):
        with presented(not REAL):
            raise RuntimeError("the student's code failed")
    assert torch.cuda.is_available() == REAL


def test_a_name_imported_from_torch_cuda_is_presented_too():
    scope = {"is_available": torch.cuda.is_available}
    exec("def chooser():\n    return is_available()\n", scope)
    with presented(not REAL, scope["chooser"]):
        assert scope["chooser"]() is (not REAL)
    assert scope["chooser"]() == REAL
    assert scope["is_available"] is torch.cuda.is_available


def test_device_type_probe_grades_both_branches():
    def pick(prefer_gpu=True):
        return torch.device("cuda" if prefer_gpu and torch.cuda.is_available() else "cpu")

    probe = PROBES["device_type"]
    assert probe(pick, [], {}, cuda=True)["returned value"]["type"] == "cuda"
    assert probe(pick, [], {}, cuda=False)["returned value"]["type"] == "cpu"
    assert probe(pick, [False], {}, cuda=True)["returned value"]["type"] == "cpu"


def test_a_bad_option_is_named():
    with pytest.raises(TypeError, match="'cuda'"):
        with presented("yes"):
            pass
