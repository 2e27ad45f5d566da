"""One built nbgrader course per test session, and a way to run the real nbgrader commands."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NBGRADER = Path(sys.executable).with_name("nbgrader")


def run_nbgrader(course: Path, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in the course folder; fails the test, with nbgrader's log, on an error.

    nbgrader is one of the course's pinned dependencies: its absence is a failure, never a skip.
    """
    assert NBGRADER.exists(), f"the nbgrader command is not installed beside {sys.executable}"
    # nbgrader runs `alembic` (and Jupyter its kernel) by name: the venv's bin/ goes first on PATH,
    # as it does when an instructor has activated the environment.
    env = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(NBGRADER), *args], cwd=course, capture_output=True, text=True,
                          timeout=timeout, env=env)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{_what_failed(done.stderr)}"
    return done


def _what_failed(log: str) -> str:
    """nbgrader's error lines with what follows them (its log is mostly file copies), then its end."""
    lines = log.splitlines()
    errors = [i for i, line in enumerate(lines) if "| ERROR]" in line or "| WARNING]" in line
              or line.startswith("Traceback")]
    picked = "\n".join("\n".join(lines[i:i + 40]) for i in errors[:4])
    kept = [line for line in lines if "| INFO] Copying " not in line]
    return f"{picked[-8000:]}\n...\n" + "\n".join(kept)[-3000:]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The course as ``python -m grader nbgrader build`` writes it (never modified by tests)."""
    from grader.nbgrader import build_course
    dest = tmp_path_factory.mktemp("nbgrader") / "course"
    course = build_course(dest)
    return dest, course


@pytest.fixture(scope="session")
def released(built, tmp_path_factory):
    """A copy of the built course after ``nbgrader generate_assignment`` for every assignment."""
    source, course = built
    dest = tmp_path_factory.mktemp("nbgrader-released") / "course"
    shutil.copytree(source, dest)
    run_nbgrader(dest, "generate_assignment", "*")
    return dest, course


@pytest.fixture(scope="session")
def nbgrader():
    """``nbgrader(course, *args)``: run a real nbgrader command (see ``run_nbgrader``)."""
    return run_nbgrader
