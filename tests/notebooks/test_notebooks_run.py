"""Every chapter notebook runs top to bottom against the untouched stubs, to the end with no error
box, its checks saying "not implemented yet".

The run against the references is made once, in JupyterLab, by
tests/browser/test_widgets_in_jupyterlab.py: no error, every check "passed all", every plot an
image, and no word of an exercise that is "not implemented" anywhere. A second run of it in a
kernel here would add two and a half minutes to every test run and prove nothing more.
"""
from __future__ import annotations

import re

import nbformat
import pytest

from helpers import ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
def outputs(nb: nbformat.NotebookNode) -> list[tuple[int, dict]]:
    return [(i, out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", [])]


def text_of(out: dict) -> str:
    if out.get("output_type") == "stream":
        return out.get("text", "")
    if out.get("output_type") == "error":
        return f"{out.get('ename')}: {out.get('evalue')}"
    return "".join(out.get("data", {}).get("text/plain", ""))


def error_boxes(nb: nbformat.NotebookNode) -> list[str]:
    """Each error output (an exception a cell raised), and each traceback printed to stderr."""
    found = []
    for i, out in outputs(nb):
        if out.get("output_type") == "error":
            found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
        elif out.get("output_type") == "stream" and out.get("name") == "stderr" \
                and re.search(r"Traceback|\w+Error\b", out.get("text", "")):
            found.append(f"cell {i} (stderr): {out.get('text', '')[:300]}")
    return found


def check_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "check(" in c.source
            and "import" not in c.source]


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_to_the_end_against_stubs(executed, name):
    nb = executed("exercises", name)
    errors = error_boxes(nb)
    assert not errors, f"{name}: with the untouched stubs, {len(errors)} error outputs, first: {errors[:2]}"
    for i in check_cells(nb):
        text = "".join(text_of(o) for o in nb.cells[i].outputs)
        assert "not implemented yet" in text, f"{name} cell {i}: {text!r}"
