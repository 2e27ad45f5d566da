"""The release alone is enough: `make check` in a copy of it creates a real virtual environment
(no system site-packages, no access to this checkout) from its own requirements.txt, and the
public checks work there against the stubs (not implemented), the references (passed) and a
wrong answer (failed, exit status 1).

One environment is made per session (pip takes the pinned packages from its cache or index);
the copies with other exercise files share it through a link to .venv.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from prereq import require
from release_build import built_release

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return built_release(tmp_path_factory)


def base_python() -> str | None:
    """A Python 3.11 that is not this checkout's virtual environment."""
    for candidate in (getattr(sys, "_base_executable", None), shutil.which("python3.11")):
        if candidate and not Path(candidate).resolve().is_relative_to(Path(sys.prefix).resolve()):
            return candidate
    return None


def clean_env() -> dict[str, str]:
    """This process's environment without anything that points at the checkout's venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "MAKEFLAGS", "MFLAGS")}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def make(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args, f"PYTHON={base_python()}"], cwd=folder,
                          env=clean_env(), capture_output=True, text=True, timeout=1500)


def course_with(release, tmp_path_factory, name: str, files: dict[str, str], venv: Path) -> Path:
    """A copy of the release whose exercises/ files are replaced, sharing ``venv``."""
    folder = shutil.copytree(release.folder, tmp_path_factory.mktemp(name) / "course")
    for file_name, text in files.items():
        (folder / "exercises" / file_name).write_text(text, encoding="utf-8")
    (folder / ".venv").symlink_to(venv, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def fresh(request, release, tmp_path_factory):
    """``(course folder, the first `make check` run)``: a student's copy that made its own .venv."""
    require(shutil.which("make") is not None, "make is not installed")
    require(base_python() is not None, "no Python 3.11 outside this venv to make a fresh one with")
    folder = shutil.copytree(release.folder, tmp_path_factory.mktemp("fresh") / "course")
    return folder, make(folder, "check")


def released_ids(release) -> list[str]:
    ids = []
    for topic in release.topics:
        data = json.loads((release.folder / "grader" / "chapters" / topic / "public.json").read_text(encoding="utf-8"))
        ids += list(dict.fromkeys(c["exercise"] for c in data["cases"]))
    return ids


def check_each(folder: Path, python: Path, ids: list[str]) -> dict[str, str]:
    """Call ``check(id)`` for every id in a student's kernel-like process; ``{id: status}``."""
    code = ("import json, sys; sys.path.insert(0, '.'); from grader import check; "
            f"print(json.dumps({{i: check(i).status.value for i in {ids!r}}}))")
    done = subprocess.run([str(python), "-c", code], cwd=folder, env=clean_env(), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_make_check_builds_a_real_venv_that_sees_only_the_release(fresh):
    folder, first = fresh
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    config = (folder / ".venv" / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in config
    probe = ("import sys, torch, grader\n"
             "print(torch.__version__, torch.__file__, grader.__file__, sys.prefix != sys.base_prefix)\n"
             "try:\n    import solutions\nexcept ImportError:\n    print('no solutions')\n")
    done = subprocess.run([str(folder / ".venv" / "bin" / "python"), "-c", probe], cwd=folder,
                          env=clean_env(), capture_output=True, text=True, timeout=300)
    version, torch_file, grader_file, is_venv, *rest = done.stdout.split()
    assert version.startswith("2.14.1") and is_venv == "True"
    assert Path(torch_file).is_relative_to(folder / ".venv")
    assert Path(grader_file).is_relative_to(folder) and not Path(grader_file).is_relative_to(ROOT)
    assert rest == ["no", "solutions"]


def test_checks_on_the_stubs_say_not_implemented_for_every_exercise(fresh, release):
    folder, first = fresh
    ids = released_ids(release)
    for exercise in ids:
        assert f"not implemented yet  {exercise}\n" in first.stdout + "\n", first.stdout
    assert set(check_each(folder, folder / ".venv" / "bin" / "python", ids).values()) == {"not_attempted"}


def test_checks_on_the_references_pass_every_exercise(fresh, release, tmp_path_factory):
    folder, _ = fresh
    refs = {f"{t}.py": (ROOT / "solutions" / f"{t}.py").read_text(encoding="utf-8") for t in release.topics}
    course = course_with(release, tmp_path_factory, "refs", refs, folder / ".venv")
    done = make(course, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    ids = released_ids(release)
    assert all(f"passed               {e}" in done.stdout for e in ids), done.stdout
    assert set(check_each(course, folder / ".venv" / "bin" / "python", ids).values()) == {"passed"}


def test_a_wrong_answer_fails_its_check_and_make_check_exits_nonzero(fresh, release, tmp_path_factory):
    folder, _ = fresh
    wrong = (ROOT / "solutions" / "tensors.py").read_text(encoding="utf-8") + (
        "\n\ndef grid(rows: int, cols: int) -> torch.Tensor:\n"
        "    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)  # from 0\n")
    course = course_with(release, tmp_path_factory, "wrong", {"tensors.py": wrong}, folder / ".venv")
    done = make(course, "check", "EX=tensors")
    assert done.returncode != 0
    assert "FAILED               tensors.grid" in done.stdout and "passed               tensors.standardize" in done.stdout
