"""Hidden cases cover every float32 region of the range each stub's docstring promises (issue 19).

The range is read from the stub ("as large as 1e4", "up to 1e3"), never typed here, so a spec
that widens its promise, or a case edit that drops a region, fails this test.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import torch

from grader.hidden import available_topics, load
from grader.hidden.sweeps import declared_limit, promises_gradients, region_names, sweep, uncovered
from grader.spec import Build

ROOT = Path(__file__).resolve().parents[2]


def _docstrings(topic: str) -> dict[str, str]:
    tree = ast.parse((ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8"))
    return {f"{topic}.{node.name}": ast.get_docstring(node) or "" for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


PROMISES = [(exercise, declared_limit(doc), promises_gradients(doc))
            for topic in available_topics() for exercise, doc in _docstrings(topic).items()
            if declared_limit(doc) is not None]


def _first_input(call) -> torch.Tensor | None:
    value = call.args[0] if call.args else None
    if isinstance(value, Build):
        value = value.params.get("tensor")
    return value if isinstance(value, torch.Tensor) and value.is_floating_point() else None


def _inputs(exercise: str, gradients: bool) -> torch.Tensor:
    cases = [c for c in load(exercise.split(".")[0]) if c.exercise == exercise and c.hidden]
    found = [_first_input(c.call()) for c in cases if not gradients or "grad" in c.call().probe]
    found = [t.double().reshape(-1) for t in found if t is not None]
    return torch.cat(found) if found else torch.zeros(0, dtype=torch.float64)


def test_the_promises_are_found():
    """The docstrings this test reads do promise ranges (else every check below is vacuous)."""
    found = {exercise: (limit, grads) for exercise, limit, grads in PROMISES}
    assert found.get("activations.sigmoid") == (1e4, True)
    assert found.get("losses.bce_with_logits") == (1e4, True)
    assert found.get("activations.softmax", (None,))[0] == 1e4
    assert found.get("losses.cross_entropy", (None,))[0] == 1e3


@pytest.mark.parametrize("exercise,limit,gradients", PROMISES, ids=[p[0] for p in PROMISES])
def test_hidden_values_cover_every_region_of_the_declared_range(exercise, limit, gradients):
    assert uncovered(_inputs(exercise, gradients=False), limit) == []


@pytest.mark.parametrize("exercise,limit", [(e, lim) for e, lim, g in PROMISES if g],
                         ids=[p[0] for p in PROMISES if p[2]])
def test_hidden_gradients_cover_every_region_of_the_declared_range(exercise, limit):
    assert uncovered(_inputs(exercise, gradients=True), limit) == []


def test_random_large_inputs_miss_the_clipped_region():
    """What the issue found: values scaled to 1e4 leave -(89, 500] empty, and uncovered says so."""
    values = torch.tensor([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4, -2345.0, 6789.0, -9876.0])
    missing = uncovered(values, 1e4)
    assert "-(89, 500]" in missing and "+(80, 89]" in missing
    assert "-(1000, 10000]" not in missing


def test_a_sweep_covers_its_own_range_only():
    g = torch.Generator().manual_seed(5)
    for limit in (1.0, 50.0, 1e3, 1e4, 1e6):
        values = sweep(limit, g)
        assert uncovered(values, limit) == []
        assert values.abs().max().item() == pytest.approx(limit, rel=1e-6)
    assert region_names(1e3)[-1] == "+(500, 1000]"


def test_declared_limits_are_parsed_from_words():
    assert declared_limit("x: |x| may be as large as 1e4.") == 1e4
    assert declared_limit("stable for logits up to 1e3; some as large as 1e4") == 1e4
    assert declared_limit("any float tensor") is None
    assert promises_gradients("Values *and gradients* must be\n        finite")
    assert not promises_gradients("values in [0, 0.25], never NaN.")
