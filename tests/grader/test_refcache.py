"""The stored expected outcomes: exactly what the references compute, and never used when they are
damaged, stale or planted under another key."""
from __future__ import annotations

import dataclasses
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from grader import chapters, hidden, refcache, reference
from helpers import ROOT

TOPIC = "tensors"


def same(a, b) -> bool:
    """Equal plain data: same types, same tensor dtypes, shapes and values (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, torch.Tensor):
        return a.dtype == b.dtype and a.shape == b.shape and bool(
            torch.equal(a, b) or (a.is_floating_point() and torch.equal(a.isnan(), b.isnan())
                                  and torch.equal(a.nan_to_num(0.0), b.nan_to_num(0.0))))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


@pytest.fixture(scope="module")
def topic_cases():
    chapters.load(TOPIC)
    cases = hidden.load(TOPIC)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)                    # as the cache computes them
    try:
        return cases, {c.id: c.spec() for c in cases}
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def computed(topic_cases):
    return {c.id: reference.expected_wire(c) for c in topic_cases[0]}


def stored(folder: Path, topic_cases) -> refcache.Loaded:
    return refcache.outcomes(TOPIC, topic_cases[0], folder=folder)


def test_stored_outcomes_are_exactly_the_computed_ones(tmp_path, topic_cases, computed):
    first = stored(tmp_path, topic_cases)
    again = stored(tmp_path, topic_cases)
    assert first.source == "computed" and again.source == "loaded"
    assert set(again.expected) == set(computed) and len(computed) > 5
    assert all(same(again.expected[i], computed[i]) for i in computed)
    assert all(same(again.specs[i], topic_cases[1][i]) for i in computed)
    assert refcache.path(TOPIC, tmp_path).read_bytes().startswith(refcache.MAGIC)


@pytest.mark.parametrize("where", ["magic", "header", "payload start", "payload middle", "last byte"])
def test_a_flipped_byte_is_detected_and_the_file_rebuilt(tmp_path, topic_cases, computed, where):
    stored(tmp_path, topic_cases)
    target = refcache.path(TOPIC, tmp_path)
    data = bytearray(target.read_bytes())
    header_end = data.index(b"\n", len(refcache.MAGIC))
    at = {"magic": 3, "header": header_end - 20, "payload start": header_end + 1,
          "payload middle": (header_end + len(data)) // 2, "last byte": len(data) - 1}[where]
    data[at] ^= 0x01
    target.write_bytes(bytes(data))
    rebuilt = stored(tmp_path, topic_cases)
    assert rebuilt.source == "computed", rebuilt
    assert all(same(rebuilt.expected[i], computed[i]) for i in computed)
    assert stored(tmp_path, topic_cases).source == "loaded"      # the rewritten file is good again


def test_a_planted_file_with_wrong_values_and_a_stale_key_is_not_used(tmp_path, topic_cases, computed):
    cases, specs = topic_cases
    wrong = {i: {"status": "ok", "result": {"returned value": 42}} for i in computed}
    stale = refcache.key(TOPIC, [dataclasses.replace(cases[0], seed=99)] + cases[1:])
    target = refcache.path(TOPIC, tmp_path)
    refcache.write_atomic(target, refcache.encode(TOPIC, stale, specs, wrong))   # a valid digest, an old key
    used = stored(tmp_path, topic_cases)
    assert used.source == "computed" and "stale" in used.note
    assert all(same(used.expected[i], computed[i]) for i in computed)


def test_a_file_for_other_cases_or_another_topic_is_not_used(tmp_path, topic_cases, computed):
    cases, specs = topic_cases
    current = refcache.key(TOPIC, cases)
    fewer = dict(list(computed.items())[1:])
    for data in (refcache.encode(TOPIC, current, specs, fewer), refcache.encode("layers", current, specs, computed),
                 b"not a cache", refcache.MAGIC + b"{" * 5000):
        refcache.write_atomic(refcache.path(TOPIC, tmp_path), data)
        assert stored(tmp_path, topic_cases).source == "computed"


def test_outcomes_that_are_not_plain_data_are_never_stored(tmp_path):
    with pytest.raises(refcache.CacheError, match="not plain data"):
        refcache.encode(TOPIC, "k", {}, {"case": {"status": "ok", "result": object()}})


def course_copy(dest: Path) -> Path:
    for package in ("grader", "solutions"):
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pt"))
    return dest


def test_the_key_follows_cases_references_and_grader_code_but_not_presentation(tmp_path, topic_cases):
    cases, _ = topic_cases
    root = course_copy(tmp_path / "course")
    base = refcache.key(TOPIC, cases, root)
    assert refcache.key(TOPIC, cases, root) == base                      # deterministic
    assert refcache.key(TOPIC, [dataclasses.replace(cases[0], seed=cases[0].seed + 1)] + cases[1:], root) != base
    assert refcache.key(TOPIC, cases[1:], root) != base

    def after_edit(relative: str) -> str:
        path = root / relative
        original = path.read_text()
        path.write_text(original + "\n# edited\n")
        try:
            return refcache.key(TOPIC, cases, root)
        finally:
            path.write_text(original)

    for relevant in ("solutions/tensors.py", "solutions/layers.py", "grader/hidden/tensors/cases.py",
                     "grader/calls.py", "grader/chapters/tensors/probes.py", "grader/probes/common.py"):
        assert after_edit(relevant) != base, relevant
    for presentation in ("grader/report.py", "grader/cli.py", "grader/hidden/layers/cases.py"):
        assert after_edit(presentation) == base, presentation
    (root / "grader" / "new_helper.py").write_text("X = 1\n")                # new modules count
    assert refcache.key(TOPIC, cases, root) != base


def run_cache(course: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "grader", "cache", "--topics", TOPIC], cwd=course,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def load_from(course: Path) -> dict:
    data = (course / "grader" / "hidden" / TOPIC / "expected.pt").read_bytes()
    payload = data[data.index(b"\n", len(refcache.MAGIC)) + 1:]
    import io
    return torch.load(io.BytesIO(payload), weights_only=True)["expected"]


def test_a_changed_reference_is_recomputed_in_a_course_copy(tmp_path):
    course = course_copy(tmp_path / "course")
    assert "tensors: computed" in run_cache(course).stdout
    assert "tensors: current" in run_cache(course).stdout
    before = load_from(course)
    solution = course / "solutions" / "tensors.py"
    assert "correction=0" in solution.read_text()
    solution.write_text(solution.read_text().replace("correction=0", "correction=1"))
    assert "tensors: computed (stale" in run_cache(course).stdout
    after = load_from(course)
    changed = [i for i in before if i.startswith("tensors.standardize[") and not same(before[i], after[i])]
    unchanged = [i for i in before if not i.startswith("tensors.standardize[")]
    assert changed, "the new reference's outcomes were not stored"
    assert all(same(before[i], after[i]) for i in unchanged)


def test_a_plan_from_stored_outcomes_equals_one_computed_afresh(tmp_path, monkeypatch):
    from grader.grade import Plan
    monkeypatch.setenv("GRADER_REFERENCE_CACHE", str(tmp_path))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)                    # as grading builds inputs
    try:
        fresh = Plan.build([TOPIC])
        Plan.build([TOPIC], cache=True)          # computes and stores
        loaded = Plan.build([TOPIC], cache=True)
    finally:
        torch.set_num_threads(threads)
    assert refcache.path(TOPIC, tmp_path).is_file()
    assert set(loaded.expected) == set(fresh.expected) and set(loaded.specs) == set(fresh.specs)
    for i in fresh.expected:
        assert type(loaded.expected[i]) is type(fresh.expected[i])
        assert same(loaded.expected[i].to_wire(), fresh.expected[i].to_wire()), i
        assert same(loaded.specs[i], fresh.specs[i]), i
