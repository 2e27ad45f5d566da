"""`grader export github-classroom`: a workflow GitHub Classroom accepts (one test per exercise with
its points, the reporter wired to every test), whose commands grade a repository laid out as a
student's, in public mode and in hidden mode from a bundle that holds no solution."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader import hidden
from grader.exports import classroom
from helpers import ROOT, reference_source

COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"


def course_points() -> dict[str, float]:
    points: dict[str, float] = {}
    for topic in hidden.available_topics():
        for case in hidden.load(topic):
            points[case.exercise] = points.get(case.exercise, 0) + case.points
    return points


def student_repo(dest: Path) -> Path:
    """A student's repository: the grader files the release ships, stubs, and a finished
    exercises/tensors.py."""
    from grader.release import GRADER, public_grader_files
    for relative in public_grader_files()[0]:
        (dest / "grader" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(GRADER / relative, dest / "grader" / relative)
    assert not (dest / "grader" / "hidden").exists()
    (dest / "exercises").mkdir()
    for stub in (ROOT / "exercises").glob("*.py"):
        shutil.copy(stub, dest / "exercises" / stub.name)
    (dest / "exercises" / "tensors.py").write_text(reference_source("tensors"))
    return dest


def export(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "grader", "export", "github-classroom", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return done


def steps_of(repo: Path) -> list[dict]:
    data = yaml.safe_load((repo / ".github/workflows/classroom.yml").read_text())
    assert data["name"] == "Autograding Tests"                 # Classroom reads only this name
    assert list(data["jobs"]) == ["run-autograding-tests"]      # ... and this single job
    assert "push" in data["on"]
    return data["jobs"]["run-autograding-tests"]["steps"]


def check_tests(steps: list[dict]) -> list[dict]:
    tests = [s for s in steps if s.get("uses") == COMMAND_GRADER]
    points = course_points()
    assert [t["with"]["test-name"] for t in tests] == list(points)          # one per exercise, in order
    assert all(float(t["with"]["max-score"]) == pytest.approx(points[t["with"]["test-name"]]) for t in tests)
    assert sum(float(t["with"]["max-score"]) for t in tests) == pytest.approx(sum(points.values()))
    [reporter] = [s for s in steps if s.get("uses") == REPORTER]
    ids = [t["id"] for t in tests]
    assert len(set(ids)) == len(ids) and reporter["with"]["runners"].split(",") == ids
    assert all(reporter["env"][f"{i.upper()}_RESULTS"] == f"${{{{steps.{i}.outputs.result}}}}" for i in ids)
    return tests


def run_steps(steps: list[dict], repo: Path, env: dict) -> None:
    """The workflow's own shell steps, in order, except installing packages (already here)."""
    for step in steps:
        if "run" in step and "pip install" not in step["run"]:
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]], cwd=repo, env=env,
                                  capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"{step.get('name')}: {done.stdout[-2000:]}{done.stderr[-3000:]}"


def check_verdicts(tests: list[dict], repo: Path, env: dict) -> None:
    for test in tests:
        exercise = test["with"]["test-name"]
        done = subprocess.run(["bash", "-c", test["with"]["command"]], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=60)
        assert exercise in done.stdout
        finished = exercise.startswith("tensors.")
        assert (done.returncode == 0) == finished, (exercise, done.stdout)


def shell_env(**extra: str) -> dict:
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", **extra)


def test_public_mode_workflow_grades_a_student_repository(tmp_path):
    repo = student_repo(tmp_path / "repo")
    export("--out", str(repo))
    steps = steps_of(repo)
    tests = check_tests(steps)
    env = shell_env()
    run_steps(steps, repo, env)
    check_verdicts(tests, repo, env)


def test_hidden_mode_grades_from_a_bundle_without_solutions(tmp_path):
    repo = student_repo(tmp_path / "repo")
    bundle = tmp_path / "bundle"
    export("--out", str(repo), "--mode", "hidden", "--grader-repo", "course/grader-bundle",
           "--bundle", str(bundle))
    assert not (bundle / "solutions").exists() and not list(bundle.rglob("solutions/*.py"))
    assert not (repo / "grader" / "hidden").exists()            # nothing hidden in the student's repo
    assert {p.parent.name for p in bundle.glob("grader/hidden/*/expected.pt")} == set(hidden.available_topics())
    steps = steps_of(repo)
    [fetch] = [s for s in steps if s.get("with", {}).get("path") == ".course-grader"]
    assert fetch["with"]["repository"] == "course/grader-bundle" and "secrets." in fetch["with"]["token"]
    tests = check_tests(steps)
    shutil.copytree(bundle, repo / ".course-grader")                # what the checkout step does
    (tmp_path / "runner").mkdir()
    env = shell_env(GITHUB_WORKSPACE=str(repo), RUNNER_TEMP=str(tmp_path / "runner"))
    run_steps(steps, repo, env)
    check_verdicts(tests, repo, env)


def test_hidden_mode_needs_the_private_repository():
    with pytest.raises(ValueError, match="OWNER/NAME"):
        classroom.workflow({"tensors.grid": 1.0}, "hidden", "")
