"""Every chapter notebook works where students use it: JupyterLab in a real browser.

This module holds the browser tests' shared parts (Chromium, a JupyterLab per course copy, what a
clean run shows) and checks that a run that raises is reported. Each chapter notebook is run in
JupyterLab once, against the references, by test_widgets_in_jupyterlab.py: with JupyterLab's own
"Run" -> "Run All Cells", it must show no error output, every plot rendered as an image and every
check cell saying "passed all"; then its knob is moved. The stubs are run top to bottom by
tests/notebooks/test_notebooks_run.py (a kernel, no browser): a browser adds nothing to a run
whose checks all say "not implemented yet", and each browser run costs a minute of CI.
"""
from __future__ import annotations

import importlib.util
import os
import re
import warnings
from pathlib import Path

import nbformat
import pytest

from helpers import PLOT, ROOT
from prereq import require
from lab_driver import run_all_cells, start_lab, stop_lab
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "ci-artifacts" / "screenshots"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
VERDICT = {"solutions": "passed all", "exercises": "not implemented yet"}
# What a demo or a check prints while an exercise is still a stub ("(grid is not implemented yet:
# this part of the demo is skipped)", "SmallCNN is not written yet"): with the references in
# exercises/, none of it may appear.
STUB_WORDS = re.compile(r"not implemented|not written yet", re.I)


@pytest.fixture(scope="module")
def browser(request):
    require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM} "
            "(apt-get install -y chromium chromium-driver)")
    require(importlib.util.find_spec("playwright") is not None, "the playwright package is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def code_cells(name: str) -> tuple[list[tuple[int, str]], int]:
    """The notebook's code cells as ``(index, source)``, and its number of cells."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"], len(nb.cells)


def is_check_cell(source: str) -> bool:
    return "check(" in source and "import" not in source


def is_traceback(text: str) -> bool:
    """Whether stderr output shows an exception (rather than a warning or a log line)."""
    return "Traceback (most recent call last)" in text or re.search(r"^\w+(Error|Exception)\b", text, re.M) is not None


def assert_cells_ran_without_errors(name: str, cells: list[dict], total: int, *, warnings_too: bool = True) -> None:
    """Every cell ran and none shows an exception; nor, with ``warnings_too``, any stderr output."""
    assert len(cells) == total, f"{name}: the page shows {len(cells)} cells, the notebook has {total}"
    unrun = [i for i, c in enumerate(cells) if c["code"] and not re.fullmatch(r"\[\d+\]:", c["prompt"])]
    assert not unrun, f"{name}: cells without an execution count: {unrun}"
    stderr = [(i, text[:500]) for i, c in enumerate(cells) for text in c["stderr"]]
    errors = [(i, text) for i, text in stderr if warnings_too or is_traceback(text)]
    assert not errors, f"{name}: error output in cells {errors}"
    for i, text in stderr:
        warnings.warn(f"{name} cell {i} writes to stderr (a pink box for students): {text[:300]}")


def assert_checks_say(name: str, cells: list[dict], verdict: str) -> None:
    code, _ = code_cells(name)
    checks = [(i, s) for i, s in code if is_check_cell(s)]
    assert checks, f"{name} has no check cells"
    for i, source in checks:
        shown = " ".join(o["text"] for o in cells[i]["outputs"])
        assert verdict in shown, f"{name} cell {i} ({source.strip()}) shows {shown!r}"


def assert_runs_clean_against_the_references(name: str, cells: list[dict]) -> None:
    """What a notebook run with the references shows: no error or stderr output, every check
    "passed all", every plot cell a rendered image, and no output saying an exercise is not done."""
    code, total = code_cells(name)
    assert_cells_ran_without_errors(name, cells, total)
    assert_checks_say(name, cells, VERDICT["solutions"])
    plots = [i for i, source in code if PLOT.search(source)]
    assert plots, f"{name} draws no plot"
    blank = [i for i in plots if cells[i]["images"] == 0]
    assert not blank, f"{name}: plot cells that show no rendered image: {blank}"
    stale = [(i, o["text"][:200]) for i, c in enumerate(cells) for o in c["outputs"] if STUB_WORDS.search(o["text"])]
    assert not stale, f"{name}: with the references in exercises/, outputs still say an exercise is not " \
                      f"implemented (a demo holds a stale reference?): {stale[:3]}"


def test_a_run_that_raises_ends_and_is_reported_as_error_output(browser, tmp_path):
    (tmp_path / "course" / "notebooks").mkdir(parents=True)
    (tmp_path / "state").mkdir()
    nb = new_notebook(cells=[new_code_cell("print('fine')"), new_code_cell("1 / 0"), new_code_cell("print('never')")])
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    nbformat.write(nb, tmp_path / "course" / "notebooks" / "broken.ipynb")
    server = start_lab(tmp_path / "course", tmp_path / "state")
    page = browser.new_page()
    try:
        cells = run_all_cells(page, server, "notebooks/broken.ipynb", timeout_s=120)
    finally:
        page.close()
        stop_lab(server)
    assert server.process.returncode is not None
    assert "ZeroDivisionError" in " ".join(cells[1]["stderr"]) and cells[2]["prompt"] == "[ ]:"
    for warnings_too in (True, False):
        with pytest.raises(AssertionError, match="error output|without an execution count"):
            assert_cells_ran_without_errors("broken.ipynb", cells, 3, warnings_too=warnings_too)
