"""Every chapter notebook runs top to bottom: against the references with no error output, and
against the untouched stubs to the end, its checks saying "not implemented yet"."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import ROOT, course_copy

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def run_notebook(course: Path, name: str) -> nbformat.NotebookNode:
    path = course / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[tuple[int, dict]]:
    return [(i, out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", [])]


def text_of(out: dict) -> str:
    if out.get("output_type") == "stream":
        return out.get("text", "")
    return "".join(out.get("data", {}).get("text/plain", ""))


def check_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "check(" in c.source
            and "import" not in c.source]


@pytest.fixture(scope="module")
def reference_course(tmp_path_factory):
    return course_copy(tmp_path_factory.mktemp("ref-course"), "solutions")


@pytest.fixture(scope="module")
def stub_course(tmp_path_factory):
    return course_copy(tmp_path_factory.mktemp("stub-course"), "exercises")


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_against_references(reference_course, name):
    nb = run_notebook(reference_course, name)
    errors = [(i, out) for i, out in outputs(nb) if out.get("output_type") == "error"
              or (out.get("output_type") == "stream" and out.get("name") == "stderr"
                  and ("Traceback" in out.get("text", "") or "Error" in out.get("text", "")))]
    assert not errors, f"error output in {name}: {errors[:2]}"
    checks = check_cells(nb)
    assert checks, f"{name} has no check cells"
    for i in checks:
        text = "".join(text_of(o) for o in nb.cells[i].outputs)
        assert "passed all" in text, f"{name} cell {i}: {text!r}"
    images = [o for _, o in outputs(nb) if "image/png" in o.get("data", {})]
    assert images, f"{name} draws no plot"


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_to_the_end_against_stubs(stub_course, name):
    nb = run_notebook(stub_course, name)
    assert not [o for _, o in outputs(nb) if o.get("output_type") == "error"]
    for i in check_cells(nb):
        text = "".join(text_of(o) for o in nb.cells[i].outputs)
        assert "not implemented yet" in text, f"{name} cell {i}: {text!r}"
