"""Build the nbgrader course folder from this repository; tell whether a built one is current.

    DIR/nbgrader_config.py
    DIR/course_build.json                   what was built, from where, and each file's digest
    DIR/source/01_tensors/01_tensors.ipynb  the chapter notebook with one grade cell per exercise
    DIR/source/01_tensors/exercises/        the stub students edit (and exercises/__init__.py)
    DIR/source/01_tensors/grader/           the public grader that ``check`` needs

One assignment per chapter that has cases, a notebook, a stub and frozen public cases. The public
grader is the student release's (``grader.release.public_grader_files``): no hidden case, no
solution, nothing that imports one. Everything is generated, so a build is reproducible and
``out_of_date`` can compare a course on disk with what the repository builds now.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.nbgrader.config import config_text
from grader.nbgrader.notebook import with_grade_cells
from grader.topics import TOPICS, notebook_name

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = "course_build.json"
COURSE_ID = "torch_course"
IMPORTED_STUB = re.compile(r"(?:from|import)\s+exercises\.(\w+)|from\s+exercises\s+import\s+(\w+)")


@dataclass
class Course:
    """What a build holds: assignments by name, and why other chapters were left out."""

    assignments: dict[str, str]                    # assignment name -> topic
    points: dict[str, dict[str, float]]            # assignment name -> {exercise id: points}
    skipped: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)   # relative path -> content


def assignment_name(topic: str) -> str:
    """``01_tensors`` for ``tensors``: the notebook's name without ``.ipynb``."""
    return notebook_name(topic).removesuffix(".ipynb")


def chapters() -> tuple[list[str], dict[str, str]]:
    """Topics ready to become assignments, and why each other topic with cases is not."""
    from grader import hidden      # imports torch: not when nbgrader loads its config
    ready, skipped = [], {}
    for topic in hidden.available_topics():
        needed = [ROOT / "notebooks" / notebook_name(topic), ROOT / "exercises" / f"{topic}.py",
                  ROOT / "grader" / "chapters" / topic / "public.json"]
        missing = [str(p.relative_to(ROOT)) for p in needed if not p.exists()]
        if missing:
            skipped[topic] = "no " + ", ".join(missing)
        else:
            ready.append(topic)
    return ready, skipped


def exercise_points(topic: str) -> dict[str, float]:
    """Each exercise's points: the sum of its cases' points, public and hidden."""
    from grader import hidden
    points: dict[str, float] = {}
    for case in hidden.load(topic):
        points[case.exercise] = round(points.get(case.exercise, 0.0) + case.points, 4)
    return points


def stub_topics(topic: str, nb: nbformat.NotebookNode) -> list[str]:
    """The chapter's own stub, and any other chapter's stub its notebook imports."""
    found = [topic]
    for cell in nb.cells:
        if cell.cell_type == "code":
            for match in IMPORTED_STUB.finditer(cell.source):
                other = match.group(1) or match.group(2)
                if other in TOPICS and other not in found and (ROOT / "exercises" / f"{other}.py").exists():
                    found.append(other)
    return found


def _public_grader(topics: list[str]) -> dict[str, bytes]:
    from grader.release import public_grader_files
    kept, _dropped = public_grader_files()
    files = {}
    for relative in kept:
        if relative.parts[0] == "public" and relative.suffix == ".json" and relative.stem not in topics:
            continue
        files[f"grader/{relative.as_posix()}"] = (ROOT / "grader" / relative).read_bytes()
    return files


def _assignment_files(topic: str, points: dict[str, float]) -> dict[str, bytes]:
    name = assignment_name(topic)
    nb = nbformat.read(ROOT / "notebooks" / notebook_name(topic), as_version=4)
    graded = with_grade_cells(nb, points)
    files = {f"{name}.ipynb": nbformat.writes(graded).encode("utf-8") + b"\n",
             "exercises/__init__.py": (ROOT / "exercises" / "__init__.py").read_bytes()}
    topics = stub_topics(topic, nb)
    for other in topics:
        files[f"exercises/{other}.py"] = (ROOT / "exercises" / f"{other}.py").read_bytes()
    files.update(_public_grader(topics))
    return {f"source/{name}/{path}": content for path, content in files.items()}


def plan_course(*, course_id: str = COURSE_ID, timeout: float = 10.0) -> Course:
    """Every file of the course as this repository builds it now (nothing is written)."""
    topics, skipped = chapters()
    course = Course({}, {}, skipped)
    exclude = {}
    for topic in topics:
        name = assignment_name(topic)
        course.assignments[name] = topic
        course.points[name] = exercise_points(topic)
        files = _assignment_files(topic, course.points[name])
        exclude[name] = sorted(p.split("/", 2)[2] for p in files
                               if p.startswith(f"source/{name}/exercises/") and not p.endswith("__init__.py"))
        course.files.update(files)
    course.files["nbgrader_config.py"] = config_text(
        repository=str(ROOT), course_id=course_id, exclude=exclude, timeout=timeout).encode("utf-8")
    manifest = {"built_by": "python -m grader nbgrader build", "repository": str(ROOT),
                "course_id": course_id, "timeout": float(timeout),
                "assignments": {name: {"topic": topic, "points": course.points[name]}
                                for name, topic in course.assignments.items()},
                "skipped": skipped,
                "files": {p: hashlib.sha256(c).hexdigest() for p, c in sorted(course.files.items())}}
    course.files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return course


def _previous_files(dest: Path) -> list[str]:
    try:
        return list(json.loads((dest / MANIFEST).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError):
        return []


def build_course(dest: Path, *, course_id: str = COURSE_ID, timeout: float = 10.0) -> Course:
    """Write the course into ``dest``, replacing what an earlier build wrote there.

    nbgrader's own folders (release/, submitted/, autograded/, feedback/) and gradebook.db are
    left alone, so rebuilding an existing course keeps its students and grades.

    Raises:
        ValueError: ``dest`` is the repository (or holds it), or no chapter is ready.
    """
    dest = Path(dest)
    if dest.resolve() == ROOT or dest.resolve() in ROOT.parents:
        raise ValueError(f"{dest}: build the course in its own folder, not over the repository")
    course = plan_course(course_id=course_id, timeout=timeout)
    if not course.assignments:
        raise ValueError("no chapter is ready: each needs cases, a notebook, a stub and "
                         "grader/chapters/<topic>/public.json")
    for name in course.assignments:                 # each assignment's source is fully rebuilt
        shutil.rmtree(dest / "source" / name, ignore_errors=True)
    for old in _previous_files(dest):               # what an earlier build wrote, and this one not
        path = dest / old
        if old not in course.files and path.resolve().is_relative_to(dest.resolve()):
            path.unlink(missing_ok=True)
    for relative, content in course.files.items():
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return course


def out_of_date(dest: Path) -> list[str]:
    """What differs between the course built in ``dest`` and a build of the repository now.

    The fresh build uses the options ``dest`` was built with. Returns one line per difference
    (``changed: path``, ``missing: path``, ``extra: path``); empty when the course is current.
    """
    dest = Path(dest)
    try:
        built = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"missing: {MANIFEST} (not a course built by `python -m grader nbgrader build`)"]
    fresh = plan_course(course_id=built.get("course_id", COURSE_ID),
                        timeout=built.get("timeout", 10.0)).files
    problems = []
    for relative, content in sorted(fresh.items()):
        path = dest / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif path.read_bytes() != content:
            problems.append(f"changed: {relative}")
    managed = {relative.split("/")[1] for relative in fresh if relative.startswith("source/")}
    for name in sorted(managed):
        for path in sorted((dest / "source" / name).rglob("*")):
            relative = path.relative_to(dest).as_posix()
            if path.is_file() and relative not in fresh and "__pycache__" not in relative:
                problems.append(f"extra: {relative}")
    return problems
