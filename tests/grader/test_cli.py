"""`python -m grader grade`: exit codes, files written, and the scores of references and stubs."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT, course_copy


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_usage_errors_exit_nonzero_with_one_line(tmp_path):
    for args, words in [(["grade", str(tmp_path / "nope")], "no such file"),
                        (["grade", str(tmp_path)], "no exercise files found"),
                        (["grade", str(ROOT / "exercises"), "--topics", "magic"], "unknown topic magic")]:
        done = run(*args)
        assert done.returncode == 2, done
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0]


def test_reference_copy_scores_full_and_stub_copy_scores_zero(tmp_path):
    ref = course_copy(tmp_path / "ref", "solutions")
    stub = course_copy(tmp_path / "stub", "exercises")
    out = tmp_path / "out"
    done = run("grade", str(ref), str(stub), "--out", str(out))
    assert done.returncode == 0, done.stderr
    ref_result = json.loads((out / "ref" / "result.json").read_text())
    stub_result = json.loads((out / "stub" / "result.json").read_text())
    assert ref_result["score"] == ref_result["max_score"] > 0
    assert stub_result["score"] == 0
    assert {e["status"] for e in stub_result["exercises"]} == {"not_attempted"}
    for key in ("submission", "score", "max_score", "exercises"):
        assert key in ref_result
    for e in ref_result["exercises"]:
        assert set(e) >= {"id", "status", "score", "max_score", "message"}
    assert "ref" in done.stdout and "100%" in done.stdout
    assert (out / "stub" / "feedback.md").read_text().startswith("# Feedback for stub")
    assert (out / "gradebook.csv").exists()


def test_grading_a_single_exercise_file_directly(tmp_path):
    target = tmp_path / "alice" / "tensors.py"
    target.parent.mkdir()
    target.write_text((ROOT / "solutions" / "tensors.py").read_text())
    done = run("grade", str(target), "--out", str(tmp_path / "out"), "--topics", "tensors")
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "out" / "alice" / "result.json").read_text())
    assert result["score"] == result["max_score"]
