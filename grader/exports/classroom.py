"""GitHub Classroom: the workflow and files that grade each push in the student's repository.

GitHub Classroom reads scores from a workflow named ``Autograding Tests`` with one job,
``run-autograding-tests``: each test is a step of ``classroom-resources/autograding-command-grader``
(its points are awarded when its command exits 0), and a last step of
``classroom-resources/autograding-grading-reporter`` reports them, reading each step's result
from an environment variable ``<STEP ID IN CAPITALS>_RESULTS``.

Here a grading step grades every exercise once and writes ``.classroom/result.json``; then one
test per exercise (``verdict.py``) reads its verdict and is worth that exercise's points. Two modes:

- ``public``: the repository is the student release; the public cases grade it. Nothing secret
  is anywhere in the repository or the run.
- ``hidden``: the run fetches a grader bundle (the grader, the hidden cases and their stored
  expected outcomes, no solution) from a private repository with a token kept as an
  organisation secret, and grades with the course grader, hidden cases included.

See ``.github/classroom/README.md`` (written with the workflow) for what each mode protects.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

FILES = Path(__file__).resolve().parent / "classroom_files"
WORKFLOW = Path(".github/workflows/classroom.yml")
HELPERS = Path(".github/classroom")
RESULT = ".classroom/result.json"
MODES = ("public", "hidden")


def step_id(exercise: str) -> str:
    """A step id for an exercise id (``tensors-grid``): step ids may not hold dots."""
    return exercise.replace(".", "-")


def exercise_points(topics: list[str]) -> dict[str, float]:
    """Each exercise's points: the sum of its cases' points, hidden ones included."""
    from grader import hidden
    points: dict[str, float] = {}
    for topic in topics:
        for case in hidden.load(topic):
            points[case.exercise] = round(points.get(case.exercise, 0.0) + case.points, 4)
    return points


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text)


def _grading_steps(mode: str, grader_repo: str) -> list[str]:
    if mode == "public":
        return [
            "      - name: Install the course's pinned packages",
            "        run: python -m pip install -r requirements.txt",
            "      - name: Grade every exercise on the public cases",
            "        id: grade",
            f"        run: python {HELPERS.as_posix()}/grade_public.py {RESULT}",
        ]
    return [
        f"      - name: {_q('Fetch the grader bundle (private: never stored in this repository)')}",
        "        uses: actions/checkout@v4",
        "        with:",
        f"          repository: {_q(grader_repo)}",
        "          token: ${{ secrets.COURSE_GRADER_TOKEN }}",
        "          path: .course-grader",
        "      - name: Move the bundle out of the folder being graded",
        "        run: mv .course-grader \"$RUNNER_TEMP/course-grader\"",
        "      - name: Install the course's pinned packages",
        "        run: python -m pip install -r \"$RUNNER_TEMP/course-grader/requirements.txt\"",
        "      - name: Grade every exercise on the public and hidden cases",
        "        id: grade",
        "        run: |",
        "          cd \"$RUNNER_TEMP/course-grader\"",
        "          python -m grader grade \"$GITHUB_WORKSPACE\" --out \"$RUNNER_TEMP/out\" --quiet --jobs 2",
        f"          mkdir -p \"$GITHUB_WORKSPACE/{Path(RESULT).parent}\"",
        f"          cp \"$RUNNER_TEMP\"/out/*/result.json \"$GITHUB_WORKSPACE/{RESULT}\"",
    ]


def workflow(points: dict[str, float], mode: str = "public", grader_repo: str = "",
             python: str = "3.11") -> str:
    """The text of ``.github/workflows/classroom.yml``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "hidden" and "/" not in grader_repo:
        raise ValueError("hidden mode needs the private grader repository as OWNER/NAME")
    lines = [
        f"# Written by `python -m grader export github-classroom --mode {mode}`; regenerate, do not edit.",
        "# GitHub Classroom reads the scores of this workflow: keep its name and its single job's name.",
        "name: Autograding Tests",
        "\"on\": [push, repository_dispatch, workflow_dispatch]",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    timeout-minutes: 40",
        "    steps:",
        "      - name: Checkout code",
        "        uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        f"          python-version: {_q(python)}",
        "          cache: pip",
        *_grading_steps(mode, grader_repo),
    ]
    for exercise, score in points.items():
        lines += [
            f"      - name: {_q(exercise)}",
            f"        id: {step_id(exercise)}",
            "        uses: classroom-resources/autograding-command-grader@v1",
            "        with:",
            f"          test-name: {_q(exercise)}",
            f"          command: {_q(f'python {HELPERS.as_posix()}/verdict.py {RESULT} {exercise}')}",
            "          timeout: 1",
            f"          max-score: {score:g}",
        ]
    ids = [step_id(e) for e in points]
    lines += ["      - name: Autograding Reporter",
              "        uses: classroom-resources/autograding-grading-reporter@v1",
              "        env:"]
    lines += [f"          {i.upper()}_RESULTS: \"${{{{steps.{i}.outputs.result}}}}\"" for i in ids]
    lines += ["        with:", f"          runners: {','.join(ids)}"]
    return "\n".join(lines) + "\n"


def export(dest: Path, topics: list[str], *, mode: str = "public", grader_repo: str = "") -> list[Path]:
    """Write the workflow and its helpers into ``dest`` (the template repository); return them."""
    text = workflow(exercise_points(topics), mode, grader_repo)
    written = []
    for relative, content in [(WORKFLOW, text), (HELPERS / "README.md", (FILES / "README.md").read_text())]:
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        (dest / relative).write_text(content, encoding="utf-8")
        written.append(dest / relative)
    for name in ("verdict.py",) + (("grade_public.py",) if mode == "public" else ()):
        shutil.copyfile(FILES / name, dest / HELPERS / name)
        written.append(dest / HELPERS / name)
    return written


def bundle(dest: Path, topics: list[str]) -> Path:
    """The private grader bundle of hidden mode: the grader with its hidden cases and their stored
    expected outcomes, the pins, and the digests of solutions/ in place of the solutions."""
    from grader import refcache
    from grader.exports.autograder_zip import ROOT, requirements
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty; the bundle is written into a new folder")
    refcache.ensure(topics, folder=ROOT / "grader" / "hidden")
    shutil.copytree(ROOT / "grader", dest / "grader", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".*"))
    manifest = dest / "grader" / "hidden" / refcache.SOLUTION_MANIFEST
    manifest.write_text(json.dumps(refcache.solution_digests(ROOT), indent=1, sort_keys=True) + "\n")
    (dest / "requirements.txt").write_text(requirements(), encoding="utf-8")
    return dest
