"""One execution per chapter notebook per course copy, shared by every test that reads outputs.

Running a notebook costs seconds to a minute, so the run tests and the quality tests ask the
``executed`` fixture for the same executed notebook instead of running it again each.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import course_copy

KINDS = ("solutions", "exercises")     # exercises/ taken from the references, or the untouched stubs


def run_notebook(course: Path, name: str) -> nbformat.NotebookNode:
    """Execute ``course/notebooks/name`` top to bottom in a fresh kernel; errors stay in the outputs."""
    path = course / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


@pytest.fixture(scope="session")
def executed(tmp_path_factory) -> Callable[[str, str], nbformat.NotebookNode]:
    """``executed(kind, name)``: the notebook run once in a course copy whose exercises/ come from
    ``kind`` ("solutions" or "exercises"), cached for the session."""
    courses: dict[str, Path] = {}
    runs: dict[tuple[str, str], nbformat.NotebookNode] = {}

    def get(kind: str, name: str) -> nbformat.NotebookNode:
        assert kind in KINDS, kind
        if kind not in courses:
            courses[kind] = course_copy(tmp_path_factory.mktemp(f"{kind}-course"), kind)
        if (kind, name) not in runs:
            runs[kind, name] = run_notebook(courses[kind], name)
        return runs[kind, name]

    return get
