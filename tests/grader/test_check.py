"""Public checks run in the student's own process, from frozen expectations that stay current."""
from __future__ import annotations

import importlib
import sys

import pytest

from grader.hidden import available_topics
import json

from grader import wire
from grader.compare import compare_results, compare_value
from grader.chapters import public_path
from grader.freeze import frozen
from grader.outcomes import Status
from helpers import reference_source, stub_source


@pytest.mark.parametrize("topic", available_topics())
def test_frozen_public_expectations_match_the_references(topic):
    """Same cases, same inputs, and expected results equal within the grading tolerances (the
    last bits of a float may differ between CPUs; a stale file differs by more)."""
    path = public_path(topic)
    assert path.exists(), f"run `make freeze`: {path} is missing"
    stored = wire.from_json(json.loads(path.read_text(encoding="utf-8")))["cases"]
    fresh = wire.from_json(json.loads(frozen(topic)))["cases"]
    assert [(c["exercise"], c["name"]) for c in stored] == [(c["exercise"], c["name"]) for c in fresh], \
        f"{path} is stale (cases added, removed or renamed): run `make freeze`"
    for old, new in zip(stored, fresh):
        label = f"{old['exercise']}[{old['name']}]"
        assert compare_value(wire.encode(old["spec"]), wire.encode(new["spec"])) is None, \
            f"{label}: inputs changed: run `make freeze`"
        assert old["expected"]["status"] == new["expected"]["status"], f"{label}: run `make freeze`"
        if new["expected"]["status"] == "ok":
            problem = compare_results(new["expected"]["result"], old["expected"]["result"])
            assert problem is None, f"{label}: {problem}: run `make freeze`"


@pytest.fixture
def student_course(tmp_path, monkeypatch):
    """A folder with exercises/ importable as the student's kernel would see it."""
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "exercises" or m.startswith("exercises.")]:
        monkeypatch.delitem(sys.modules, name)
    importlib.invalidate_caches()
    return tmp_path


def write(course, source):
    (course / "exercises" / "tensors.py").write_text(source)


def test_check_on_a_stub_says_not_implemented(student_course, capsys):
    from grader import check
    write(student_course, stub_source("tensors"))
    result = check("tensors.grid")
    assert result.status == Status.NOT_ATTEMPTED and not result
    assert "not implemented yet" in capsys.readouterr().out


def test_check_passes_the_reference_by_id_and_by_function(student_course, capsys):
    from grader import check
    write(student_course, reference_source("tensors"))
    assert check("tensors.grid")
    from exercises.tensors import standardize
    assert check(standardize)
    assert "passed all" in capsys.readouterr().out


def test_check_rereads_the_file_after_an_edit(student_course):
    from grader.check import run_public
    write(student_course, stub_source("tensors"))
    assert run_public("tensors.grid").status == Status.NOT_ATTEMPTED
    write(student_course, reference_source("tensors") + "\n")
    assert run_public("tensors.grid").status == Status.PASSED


def test_check_names_the_mistake(student_course):
    from grader.check import run_public
    write(student_course, reference_source("tensors") + "\ndef grid(rows, cols):\n"
          "    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)\n")
    result = run_public("tensors.grid")
    assert result.status == Status.FAILED and "counting from 0" in result.message


def test_check_stops_an_endless_loop(student_course, monkeypatch):
    from grader import check as check_module
    monkeypatch.setattr(sys.modules["grader.check"], "TIMEOUT_SECONDS", 1)
    write(student_course, reference_source("tensors") + "\ndef grid(rows, cols):\n    while True:\n        pass\n")
    result = sys.modules["grader.check"].run_public("tensors.grid")
    assert result.status == Status.ERROR and "endless loop" in result.message
    assert check_module is not None


def test_check_rejects_what_is_not_an_exercise():
    from grader import check
    with pytest.raises(ValueError, match="not an exercise id"):
        check("grid")
