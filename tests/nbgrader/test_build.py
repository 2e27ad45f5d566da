"""`python -m grader nbgrader build`: what the course folder holds, and that it is never stale."""
from __future__ import annotations

import argparse
import ast
import filecmp
import json
import subprocess
import sys

import pytest
from traitlets.config.loader import PyFileConfigLoader

from grader.hidden import available_topics
from grader.nbgrader import build_course, out_of_date, register
from grader.nbgrader.build import MANIFEST, assignment_name, chapters
from helpers import ROOT

INSTRUCTOR_ONLY = ("hidden", "reference.py", "audit.py", "examples.py", "nbgrader", "grade.py",
                   "batch.py", "cli.py", "__main__.py", "release.py")


def cli(*args: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["nbgrader", *args])
    return parsed.run(parsed)


def load_config(course):
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def test_every_chapter_with_cases_is_an_assignment_or_skipped_with_a_reason(built):
    course_dir, course = built
    ready, skipped = chapters()
    assert ready, "no chapter is ready"
    assert sorted(course.assignments.values()) == sorted(ready)
    assert set(ready) | set(skipped) == set(available_topics())
    assert all(why.startswith("no ") for why in skipped.values())
    for topic in ready:
        name = assignment_name(topic)
        folder = course_dir / "source" / name
        assert (folder / f"{name}.ipynb").is_file()
        assert (folder / "exercises" / f"{topic}.py").read_text() == \
            (ROOT / "exercises" / f"{topic}.py").read_text()
        assert (folder / "grader" / "check.py").is_file()
        assert (folder / "grader" / "chapters" / topic / "public.json").is_file()


def test_config_keeps_students_files_and_puts_the_grader_around_execute(built):
    course_dir, course = built
    config = load_config(course_dir)
    exclude = config.Autograde.exclude_overwriting
    for name, topic in course.assignments.items():
        assert f"exercises/{topic}.py" in exclude[name]
    steps = [p.__name__ for p in config.Autograde.autograde_preprocessors]
    assert steps.index("GradeExercises") < steps.index("Execute") < steps.index("LimitOutput") \
        < steps.index("ApplyGrades") < steps.index("SaveAutoGrades")
    assert "ClearHiddenTests" in [p.__name__ for p in config.GenerateFeedback.preprocessors]
    assert config.CourseDirectory.course_id


def test_instructors_own_settings_survive_a_rebuild_and_are_read(tmp_path):
    build_course(tmp_path)
    (tmp_path / "nbgrader_config_local.py").write_text(
        'c = get_config()\nc.Exchange.root = "/srv/exchange"\nc.CourseDirectory.course_id = "ml101"\n')
    build_course(tmp_path)
    config = load_config(tmp_path)
    assert (config.Exchange.root, config.CourseDirectory.course_id) == ("/srv/exchange", "ml101")
    assert out_of_date(tmp_path) == []


def test_public_grader_holds_no_hidden_case_no_solution_and_nothing_importing_one(built):
    course_dir, course = built
    for name in course.assignments:
        grader = course_dir / "source" / name / "grader"
        assert not (grader / "hidden").exists()
        assert not [x for x in INSTRUCTOR_ONLY if (grader / x).exists()]
        for path in grader.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names} | \
                       {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            assert not {m for m in imported if m.split(".")[0] == "solutions"}, path
            assert "CASES" not in {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign)
                                   for t in n.targets if isinstance(t, ast.Name)}, path


def test_a_rebuild_is_identical_and_check_says_current(built, tmp_path):
    course_dir, _ = built
    again = tmp_path / "again"
    build_course(again)
    compared = filecmp.dircmp(course_dir, again)
    differing = []

    def walk(c, prefix=""):
        differing.extend(prefix + f for f in c.diff_files + c.left_only + c.right_only)
        for sub, child in c.subdirs.items():
            walk(child, f"{prefix}{sub}/")
    walk(compared)
    assert not differing
    assert out_of_date(again) == []
    assert cli("check", str(again)) == 0


def test_check_names_every_file_that_differs_from_a_fresh_build(tmp_path):
    course = build_course(tmp_path)
    name, topic = next(iter(course.assignments.items()))
    stub = tmp_path / "source" / name / "exercises" / f"{topic}.py"
    stub.write_text(stub.read_text() + "\n# edited by hand\n")
    (tmp_path / "source" / name / "grader" / "check.py").unlink()
    (tmp_path / "source" / name / "grader" / "leftover.py").write_text("x = 1\n")
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    manifest["assignments"][name]["points"] = {}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    assert set(out_of_date(tmp_path)) == {
        f"changed: source/{name}/exercises/{topic}.py", f"missing: source/{name}/grader/check.py",
        f"extra: source/{name}/grader/leftover.py", f"changed: {MANIFEST}"}
    assert cli("check", str(tmp_path)) == 1
    build_course(tmp_path)
    assert out_of_date(tmp_path) == []


def test_rebuilding_keeps_nbgrader_state_and_students_and_drops_what_it_no_longer_builds(tmp_path):
    build_course(tmp_path)
    (tmp_path / "gradebook.db").write_bytes(b"grades")
    gone = tmp_path / "source" / "09_retired" / "09_retired.ipynb"      # a chapter built before
    gone.parent.mkdir()
    gone.write_text("{}")
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    manifest["files"]["source/09_retired/09_retired.ipynb"] = "digest"
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    submitted = tmp_path / "submitted" / "ada" / "01_tensors" / "exercises"
    submitted.mkdir(parents=True)
    (submitted / "tensors.py").write_text("# Ada's work\n")
    build_course(tmp_path)
    assert (tmp_path / "gradebook.db").read_bytes() == b"grades"
    assert (submitted / "tensors.py").read_text() == "# Ada's work\n"
    assert not gone.exists()


def test_building_over_the_repository_is_refused():
    with pytest.raises(ValueError, match="not over the repository"):
        build_course(ROOT)
    assert not (ROOT / "nbgrader_config.py").exists()


@pytest.mark.slow
def test_each_assignment_imports_check_on_its_own_and_checks_the_stub(built):
    course_dir, course = built
    from grader.release import verify_imports
    for name, topic in course.assignments.items():
        folder = course_dir / "source" / name
        assert verify_imports(folder) == {}, name
        public = json.loads((folder / "grader" / "chapters" / topic / "public.json").read_text())
        first = public["cases"][0]["exercise"]
        code = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if not "     # no editable install
                "str(getattr(f, '__module__', '')).startswith('__editable__')]; sys.path.insert(0, '.'); "
                f"from grader import attempt, check; r = check({first!r}); "
                "assert r.status.value == 'not_attempted'")
        done = subprocess.run([sys.executable, "-I", "-c", code], cwd=folder, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "not implemented yet" in done.stdout
