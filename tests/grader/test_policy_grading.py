"""The static policy through the real grading paths: ``grade_exercise`` with a worker, the CLI,
and ``check()`` in the student's own kernel, for one representative of each kind of bypass."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from grader.grade import grade_exercise
from grader.outcomes import Status
from grader.policy import refusal, sources_beside
from grader.worker.limits import Limits
from helpers import ROOT, grade, plan, reference_source, submission

ACTIVATIONS = reference_source("activations")
EXEC_WITH_A_STDLIB_NAME = (
    "import json\n"
    "_SRC = 'import torch\\ndef softmax(x, dim=-1):\\n    return torch.softmax(x, dim)\\n'\n"
    "exec(compile(_SRC, json.__file__, 'exec'))  # <-\n")


def line_of(source: str, marker: str) -> int:
    return next(i for i, text in enumerate(source.splitlines(), 1) if marker in text)


def by_id(result):
    return {e.id: e for e in result.exercises}


def test_module_level_alias_costs_the_exercises_that_forbid_it_and_only_those(zygote, tmp_path):
    source = ACTIVATIONS + "\n\nsigmoid = torch.sigmoid  # <-\n"
    result = by_id(grade(zygote, submission(tmp_path, {"activations": source}), ["activations"]))
    for exercise in ("activations.sigmoid", "activations.sigmoid_grad"):
        assert result[exercise].score == 0 and result[exercise].status == Status.FAILED
        assert "torch.sigmoid" in result[exercise].message
        assert f"line {line_of(source, '# <-')}" in result[exercise].message
    for exercise in ("activations.relu", "activations.softmax", "activations.predict"):
        assert result[exercise].status == Status.PASSED, (exercise, result[exercise].message)


def test_op_level_entry_points_lose_their_points(zygote, tmp_path):
    source = ACTIVATIONS + (
        "\n\ndef relu(x):\n    return torch._C._VariableFunctions.relu(x)\n"
        "def leaky_relu(x, negative_slope=0.01):\n    return torch._C._nn.leaky_relu(x, negative_slope)\n"
        "def softmax(x, dim=-1):\n    return torch.ops.aten._softmax.default(x, dim, False)\n")
    result = by_id(grade(zygote, submission(tmp_path, {"activations": source}), ["activations"]))
    for exercise, named in (("activations.relu", "torch.relu"), ("activations.leaky_relu", "F.leaky_relu"),
                            ("activations.softmax", "torch.softmax")):
        assert result[exercise].score == 0 and named in result[exercise].message, result[exercise].message
    assert result["activations.sigmoid"].status == Status.PASSED


def test_exec_under_a_stdlib_filename_costs_every_exercise_of_the_file(zygote, tmp_path):
    source = ACTIVATIONS + "\n\n" + EXEC_WITH_A_STDLIB_NAME
    result = grade(zygote, submission(tmp_path, {"activations": source}), ["activations"])
    assert result.score == 0 and result.exercises
    for exercise in result.exercises:
        assert exercise.status == Status.FAILED, exercise.id
        assert f"line {line_of(source, '# <-')}: exec() is not allowed" in exercise.message, exercise.message


def test_sklearn_through_an_alias_loses_accuracy_only(zygote, tmp_path):
    source = reference_source("evaluation") + (
        "\n\nfrom sklearn.metrics import accuracy_score as _acc\n"
        "def accuracy(logits, labels):\n    return float(_acc(labels.numpy(), logits.argmax(1).numpy()))\n")
    sub = submission(tmp_path, {"evaluation": source})
    the_plan = plan(("evaluation",))
    lost = grade_exercise(the_plan, sub, "evaluation.accuracy", zygote, Limits(wall_seconds=10))
    assert lost.score == 0 and "accuracy_score" in lost.message
    kept = grade_exercise(the_plan, sub, "evaluation.confusion_matrix", zygote, Limits(wall_seconds=10))
    assert kept.status == Status.PASSED, kept.message


def test_the_cli_reports_the_refusal_with_its_line(tmp_path):
    source = ACTIVATIONS + "\n\nimport importlib  # <-\n"
    submission(tmp_path / "mallory", {"activations": source})
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "grader", "grade", str(tmp_path / "mallory"), "--out", str(out),
                           "--topics", "activations", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "mallory" / "result.json").read_text())
    assert result["score"] == 0
    for exercise in result["exercises"]:
        assert f"line {line_of(source, '# <-')}: import importlib is not allowed" in exercise["message"]
    assert "import importlib is not allowed" in (out / "mallory" / "feedback.md").read_text()


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


@pytest.mark.parametrize("code", ["\n\nfrom torch import softmax as _s\ndef softmax(x, dim=-1):\n    return _s(x, dim)\n",
                                  "\n\n" + EXEC_WITH_A_STDLIB_NAME])
def test_check_reports_the_same_refusal_as_grading(student_course, capsys, code):
    from grader import check
    path = student_course / "exercises" / "activations.py"
    path.write_text(ACTIVATIONS + code)
    expected = refusal("activations.softmax", sources_beside(path))
    assert expected is not None
    result = check("activations.softmax")
    assert result.status == Status.FAILED and not result
    assert expected in result.message and expected in capsys.readouterr().out


def test_an_exercise_may_import_another_exercise_file_in_the_worker(zygote, tmp_path):
    """Allowed unless a rule forbids it: the worker finds the other file in the exercises package
    (its folder is not on the import path, the package is)."""
    losses = reference_source("losses") + (
        "\n\nfrom exercises.activations import softmax as _softmax\n"
        "def cross_entropy(logits, target):\n"
        "    if target.dtype == torch.int64:\n"
        "        target = torch.nn.functional.one_hot(target, logits.shape[1]).to(logits.dtype)\n"
        "    logp = logits - torch.logsumexp(logits, 1, keepdim=True)\n"
        "    assert torch.allclose(_softmax(logits).sum(1), torch.ones(len(logits), dtype=logits.dtype))\n"
        "    return -(target * logp).sum(1).mean()\n")
    sub = submission(tmp_path, {"losses": losses, "activations": ACTIVATIONS})
    result = grade_exercise(plan(("losses",)), sub, "losses.cross_entropy", zygote, Limits(wall_seconds=10))
    assert result.status == Status.PASSED, result.message
