"""Gradescope results.json and autograder zip, JUnit XML: valid, and faithful to our results."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from xml.etree import ElementTree as ET

from grader.exports import gradescope_results, junit_xml
from grader.outcomes import CaseResult, ExerciseResult, Status, SubmissionResult
from helpers import ROOT, reference_source, stub_source

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def sample() -> SubmissionResult:
    ok = ExerciseResult("tensors.grid", Status.PASSED, 2.0, 2.0, "all cases passed",
                        [CaseResult("a", False, Status.PASSED, 2.0, 2.0)])
    bad = ExerciseResult("tensors.standardize", Status.FAILED, 1.0, 3.0, "hidden case 'x': values differ",
                         [CaseResult("a", False, Status.PASSED, 1.0, 1.0),
                          CaseResult("x", True, Status.FAILED, 0.0, 2.0, "hidden case 'x': values differ")])
    boom = ExerciseResult("tensors.grid2", Status.TIMEOUT, 0.0, 1.0, "did not finish")
    return SubmissionResult("alice", [ok, bad, boom], "f" * 16, 1.5)


def validate_gradescope(data: dict) -> None:
    assert isinstance(data["tests"], list) and data["tests"]
    for test in data["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(test)
        assert 0 <= test["score"] <= test["max_score"] and test["visibility"] in VISIBILITIES
    assert abs(data["score"] - sum(t["score"] for t in data["tests"])) < 1e-9


def test_gradescope_results_have_one_test_per_exercise_with_our_message():
    data = gradescope_results(sample())
    validate_gradescope(data)
    assert [t["name"] for t in data["tests"]] == ["tensors.grid", "tensors.standardize", "tensors.grid2"]
    assert "values differ" in data["tests"][1]["output"] and data["score"] == 3.0


def test_junit_xml_counts_failures_and_errors():
    root = ET.fromstring(junit_xml([sample()]).split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1"
    cases = suite.findall("testcase")
    assert cases[0].find("failure") is None and cases[1].find("failure") is not None
    assert cases[2].find("error").get("type") == "timeout"


def test_autograder_zip_runs_in_a_simulated_autograder_folder(tmp_path):
    built = subprocess.run([sys.executable, "-m", "grader", "autograder-zip", str(tmp_path / "ag.zip")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    root = tmp_path / "autograder"
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        names = archive.namelist()
        assert {"setup.sh", "run_autograder", "requirements.txt"} <= set(names)
        assert "torch==2.14.1" in archive.read("requirements.txt").decode()
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    # a student uploads their exercise files directly: a right tensors.py, an untouched layers.py
    (root / "submission" / "tensors.py").write_text(reference_source("tensors"))
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), PYTHON=sys.executable)
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    validate_gradescope(data)
    tensors = [t for t in data["tests"] if t["name"].startswith("tensors.")]
    assert tensors and all(t["score"] == t["max_score"] for t in tensors)
    others = [t for t in data["tests"] if not t["name"].startswith("tensors.")]
    assert all(t["score"] == 0 for t in others)
    assert stub_source("tensors")  # the stub file exists; the upload did not need it


def test_export_command_writes_junit_from_a_results_folder(tmp_path):
    out = tmp_path / "out" / "alice"
    out.mkdir(parents=True)
    (out / "result.json").write_text(json.dumps(sample().to_json()))
    done = subprocess.run([sys.executable, "-m", "grader", "export", "junit", "--results", str(tmp_path / "out"),
                           "--out", str(tmp_path / "junit.xml")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "tensors.standardize" in (tmp_path / "junit.xml").read_text()
