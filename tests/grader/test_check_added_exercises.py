"""check() in the student's own process on the added exercises: the references pass their
public cases (meta tensors, namedtuples and gradients travel through the frozen file), the stubs
are not attempted."""
from __future__ import annotations

import importlib
import sys

import pytest

from grader.outcomes import Status
from helpers import reference_source, stub_source

ADDED = ["losses.bce_with_logits", "losses.cross_entropy_grad", "backprop.linear_backward",
         "training.to_device", "fine_tuning.conv_output_size"]


@pytest.fixture
def course(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "exercises" or m.startswith("exercises.")]:
        monkeypatch.delitem(sys.modules, name)
    importlib.invalidate_caches()
    return tmp_path


@pytest.mark.parametrize("exercise", ADDED)
def test_check_passes_the_reference_and_not_the_stub(course, exercise):
    from grader import check
    topic = exercise.split(".")[0]
    path = course / "exercises" / f"{topic}.py"
    path.write_text(reference_source(topic))
    assert check(exercise).status == Status.PASSED
    path.write_text(stub_source(topic))
    assert check(exercise).status == Status.NOT_ATTEMPTED
