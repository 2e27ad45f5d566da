"""The student release holds what students need: every ready chapter's notebook (no outputs) and
stub, the public grader that imports on its own, a README, a Makefile and pinned environment files."""
from __future__ import annotations

import argparse
import json
import re
import tomllib
import zipfile

import nbformat
import pytest

from grader.hidden import exercises
from grader.release import ReleaseError, build, register, verify_imports
from grader.topics import TOPICS, notebook_name
from helpers import ROOT
from release_build import built_release


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return built_release(tmp_path_factory)


def ready_topics() -> list[str]:
    return [t for t in TOPICS if (ROOT / "exercises" / f"{t}.py").exists()
            and (ROOT / "grader" / "chapters" / t / "public.json").exists()
            and (ROOT / "notebooks" / notebook_name(t)).exists()]


def test_release_holds_every_ready_chapter_and_only_those(release):
    assert release.topics == ready_topics() and "tensors" in release.topics
    assert sorted(p.name for p in (release.folder / "notebooks").iterdir()) == \
        sorted(notebook_name(t) for t in release.topics)
    assert sorted(p.name for p in (release.folder / "exercises").iterdir()) == \
        sorted(["__init__.py"] + [f"{t}.py" for t in release.topics])


def test_release_stubs_are_the_untouched_stubs(release):
    for topic in release.topics:
        shipped = (release.folder / "exercises" / f"{topic}.py").read_text(encoding="utf-8")
        assert shipped == (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8")
        assert "NotImplementedError" in shipped


def test_release_notebooks_have_the_same_cells_and_no_outputs(release):
    for topic in release.topics:
        shipped = nbformat.read(release.folder / "notebooks" / notebook_name(topic), as_version=4)
        original = nbformat.read(ROOT / "notebooks" / notebook_name(topic), as_version=4)
        assert [c.source for c in shipped.cells] == [c.source for c in original.cells]
        code = [c for c in shipped.cells if c.cell_type == "code"]
        assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_every_exercise_of_a_released_chapter_has_public_cases(release):
    for topic in release.topics:
        data = json.loads((release.folder / "grader" / "chapters" / topic / "public.json").read_text(encoding="utf-8"))
        assert list(dict.fromkeys(c["exercise"] for c in data["cases"])) == exercises(topic)


def test_release_grader_imports_alone_and_cannot_reach_solutions(release):
    assert verify_imports(release.folder) == {}


def test_release_pins_are_the_course_pins(release):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    course = dict(line.split("==") for line in project["dependencies"])
    lines = [ln for ln in (release.folder / "requirements.txt").read_text().splitlines()
             if ln and not ln.startswith("#")]
    pinned = dict(line.split("==") for line in lines)
    assert pinned and all(course[name] == version for name, version in pinned.items())
    assert {"torch", "torchvision", "jupyterlab", "ipykernel", "matplotlib", "scikit-learn"} <= set(pinned)
    conda = (release.folder / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11$", conda, re.M)
    assert dict(re.findall(r"^\s*-\s*([A-Za-z0-9_.-]+)==(\S+)", conda, re.M)) == pinned


def test_release_readme_tells_how_to_set_up_check_and_submit(release):
    readme = (release.folder / "README.md").read_text(encoding="utf-8")
    for words in ("make lab", "make check", "make submission", "How to submit", "How to check",
                  "requirements.txt", "environment.yml"):
        assert words in readme, words
    for topic in release.topics:
        assert all(f"`{e}`" in readme for e in exercises(topic))
    assert "$" not in readme.replace("$chapters", ""), "an unfilled template placeholder"
    makefile = (release.folder / "Makefile").read_text()
    for target in ("lab:", "check:", "submission:", "requirements.txt"):
        assert target in makefile


def test_release_zip_holds_exactly_the_release_folder(release):
    files = {str(p.relative_to(release.folder.parent)) for p in release.folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(release.zip_path) as archive:
        assert set(archive.namelist()) == files
        readme = archive.read(f"{release.folder.name}/README.md")
    assert readme == (release.folder / "README.md").read_bytes()


def test_release_refuses_to_replace_a_folder_or_zip_it_did_not_build(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my work")
    with pytest.raises(ReleaseError, match="not a release"):
        build(tmp_path / "mine", verify=False)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "my work"
    (tmp_path / "thesis.zip").write_text("not a release")
    with pytest.raises(ReleaseError, match="not a release zip"):
        build(tmp_path / "thesis", verify=False)
    assert (tmp_path / "thesis.zip").read_text() == "not a release"
    with pytest.raises(ReleaseError, match="checkout"):
        build(ROOT, verify=False)


def test_release_subcommand_builds_into_the_folder_given(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["release", str(tmp_path / "out" / "student")])
    assert args.run(args) == 0
    assert (tmp_path / "out" / "student" / "README.md").exists()
    assert (tmp_path / "out" / "student.zip").exists()
    assert "chapters tensors" in capsys.readouterr().out
