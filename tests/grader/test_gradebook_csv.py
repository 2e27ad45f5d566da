"""The gradebook never hands a spreadsheet a formula: student names are the one free-text column."""
from __future__ import annotations

import csv
import io

import pytest

from class_results import student
from grader.batch import gradebook_csv


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB"])
def test_a_name_that_starts_a_formula_is_written_as_text(name):
    rows = list(csv.reader(io.StringIO(gradebook_csv([student(name, {}), student("ada", {})]))))
    names = [r[0] for r in rows[1:]]
    assert "'" + name in names and "ada" in names
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for r in rows for cell in r)
