"""Cases whose inputs are files (checkpoints, images) leave nothing in the temporary folder.

The references run such cases in the trusted process, once per case per grading run, and the
public checks run them in the student's kernel: files left behind would pile up in /tmp.
"""
from __future__ import annotations

import tempfile

import pytest

from grader import hidden, reference


def left_by_cases(folder):
    """What the grader's builders left (torch keeps a compile cache of its own there too)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(("case-", "grader-scratch-")))


def file_cases():
    cases = [c for c in hidden.load("fine_tuning")
             if "'what': 'path'" in str(c.spec()) or "'what': 'file'" in str(c.spec())]
    assert cases, "no fine_tuning case builds a file: this test no longer covers anything"
    return cases


def test_the_references_remove_the_files_their_cases_made(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    cases = file_cases()
    for case in cases:
        reference._CACHE.pop(case.id, None)
        assert reference.expected(case) is not None
    assert not left_by_cases(tmp_path)


@pytest.mark.parametrize("exercise", ["fine_tuning.save_checkpoint", "fine_tuning.load_checkpoint"])
def test_a_public_check_removes_the_files_its_cases_made(tmp_path, monkeypatch, exercise):
    from grader.check import run_public
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run_public(exercise)
    assert result.cases, result.message
    assert not left_by_cases(tmp_path)
