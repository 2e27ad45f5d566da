"""``progress()``: every exercise's public-check status, as text and as escaped HTML."""
from __future__ import annotations

import html
import importlib
import re
import shutil
import subprocess
import sys

import pytest
from helpers import ROOT

from grader.chapters import load_public
from grader.progress import (
    FAILED,
    NOT_STARTED,
    PASSED,
    Progress,
    Row,
    progress,
    selected,
)
from grader.topics import TOPICS

ALL_IDS = [e for t in TOPICS for e in dict.fromkeys(c["exercise"] for c in load_public(t))]
WRONG_GRID = ("\n\ndef grid(rows: int, cols: int) -> torch.Tensor:\n"
              "    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)  # from 0\n")


@pytest.fixture
def course(tmp_path, monkeypatch):
    """``course(source)``: exercises/ filled from solutions/ or exercises/, importable as in a kernel."""
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "exercises" or m.startswith("exercises.")]:
        monkeypatch.delitem(sys.modules, name)

    def fill(source: str):
        shutil.copytree(ROOT / source, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
        importlib.invalidate_caches()
        return tmp_path / "exercises"
    return fill


def test_every_exercise_of_the_syllabus_is_listed_in_course_order():
    assert selected() == ALL_IDS and len(ALL_IDS) == 56
    assert selected(["tensors"]) == [e for e in ALL_IDS if e.startswith("tensors.")]
    for bad in ("nosuch", "tensors.nosuch"):
        with pytest.raises(ValueError, match="unknown"):
            selected([bad])


@pytest.mark.slow
def test_the_references_all_pass(course):
    course("solutions")
    table = progress()
    assert [r.exercise for r in table.rows] == ALL_IDS
    assert {r.status for r in table.rows} == {PASSED}, [r for r in table.rows if r.status != PASSED]
    assert table and "56 passed, 0 failed, 0 not started" in str(table)


@pytest.mark.slow
def test_the_stubs_are_all_not_started(course):
    course("exercises")
    table = progress()
    assert {r.status for r in table.rows} == {NOT_STARTED}, [r for r in table.rows if r.status != NOT_STARTED]
    assert table, "exercises not started yet must not count as failures"
    assert all(re.match(rf"not started +{re.escape(e)}$", line)
               for e, line in zip(ALL_IDS, str(table).splitlines()))


def test_one_mistake_fails_that_exercise_with_its_reason(course):
    folder = course("solutions")
    path = folder / "tensors.py"
    path.write_text(path.read_text() + WRONG_GRID)
    table = progress("tensors")
    rows = {r.exercise: r for r in table.rows}
    assert rows["tensors.grid"].status == FAILED and not table
    reason = rows["tensors.grid"].reason
    assert reason and "\n" not in reason and "public cases passed" not in reason
    assert {r.status for e, r in rows.items() if e != "tensors.grid"} == {PASSED}
    line = next(row for row in str(table).splitlines() if "tensors.grid" in row)
    assert line.startswith("failed") and line.endswith(reason)


def test_a_module_that_does_not_import_fails_every_exercise_of_its_chapter(course):
    folder = course("exercises")
    (folder / "tensors.py").write_text("def grid(rows, cols:\n")
    rows = progress("tensors", "losses").rows
    broken = [r for r in rows if r.chapter == "tensors"]
    assert broken and all(r.status == FAILED and "SyntaxError" in r.reason for r in broken)
    assert {r.status for r in rows if r.chapter == "losses"} == {NOT_STARTED}


def test_html_escapes_every_text_the_student_controls():
    hostile = "<img src=x onerror=alert(1)> & \"quoted\""
    table = Progress([Row("tensors", "tensors.grid", FAILED, hostile), Row("tensors", "tensors.<b>", PASSED)])
    shown = table._repr_html_()
    assert "<img" not in shown and "<b>" not in shown
    assert html.escape(hostile, quote=True) in shown and "tensors.&lt;b&gt;" in shown
    assert shown.count("<tr>") == 3          # the header and one row per exercise


def test_long_reasons_are_cut_to_one_line():
    from grader.progress import REASON_CHARS, one_line
    message = "tensors.grid: FAILED (1/3 public cases passed)\n  " + "x" * 500 + "\n  more"
    assert one_line(message) == "x" * (REASON_CHARS - 1) + "…"


def test_check_all_prints_the_same_table_and_exits_1_on_a_failure(tmp_path):
    shutil.copytree(ROOT / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "solutions", tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "grader" / "release_files" / "check_all.py", tmp_path / "check_all.py")
    path = tmp_path / "exercises" / "tensors.py"
    path.write_text(path.read_text() + WRONG_GRID)
    done = subprocess.run([sys.executable, "check_all.py", "tensors"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^failed +tensors\.grid +\S", done.stdout, re.MULTILINE), done.stdout
    assert re.search(r"^passed +tensors\.standardize$", done.stdout, re.MULTILINE), done.stdout
    unknown = subprocess.run([sys.executable, "check_all.py", "nosuch"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=300, check=False)
    assert unknown.returncode != 0 and "unknown chapter 'nosuch'" in unknown.stderr


def test_a_timeout_is_run_again_once_and_a_second_timeout_fails(monkeypatch):
    module = sys.modules["grader.progress"]      # `grader.progress` the name is the function
    from grader.check import CheckResult
    from grader.outcomes import Status
    answers = {"first": [Status.TIMEOUT, Status.PASSED], "always": [Status.TIMEOUT, Status.TIMEOUT, Status.PASSED]}
    calls = []

    def fake_run_public(exercise):
        calls.append(exercise)
        status = answers[exercise].pop(0)
        return CheckResult(exercise, status, message=f"{exercise}: TIMEOUT (0/1 public cases passed)\n  too slow")
    monkeypatch.setattr(module, "run_public", fake_run_public)
    assert module.row_for("first").status == PASSED
    row = module.row_for("always")
    assert row.status == FAILED and row.reason == "too slow"
    assert calls == ["first", "first", "always", "always"]


def test_progress_ships_in_the_student_release():
    from pathlib import Path

    from grader.release import public_grader_files
    files, dropped = public_grader_files()
    assert Path("progress.py") in [Path(f) for f in files] and not any("progress" in d for d in dropped)
