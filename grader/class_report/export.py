"""The class report's data as JSON and CSV, for other tools.

CSV cells go through ``escape.csv_cell``: a student name or a message that starts with ``=``,
``+``, ``-`` or ``@`` is written so that a spreadsheet shows it as text and never runs it.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from grader.escape import csv_cell

EXERCISE_COLUMNS = ["id", "chapter", "max_score", "submissions", "attempted", "passed", "partial", "zero",
                    "not_attempted", "ended", "attempted_rate", "passed_rate", "partial_rate", "mean_score",
                    "difficulty", "discrimination", "public_failed", "hidden_failed",
                    "public_pass_hidden_fail", "unexplained_students", "unexplained_cases"]
MISTAKE_COLUMNS = ["exercise", "rank", "mistake_id", "text", "students", "share", "cases", "names"]


def to_json(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _table(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue()


def exercises_csv(data: dict) -> str:
    """One row per exercise, hardest first."""
    return _table(EXERCISE_COLUMNS, [[x[c] for c in EXERCISE_COLUMNS] for x in data["exercises"]])


def mistakes_csv(data: dict) -> str:
    """One row per (exercise, mistake), most common first within each exercise."""
    rows = []
    for x in data["exercises"]:
        for rank, m in enumerate(x["mistakes"], 1):
            rows.append([x["id"], rank, m["id"], m["text"], m["students"], m["share"], m["cases"],
                         "; ".join(m["names"])])
    return _table(MISTAKE_COLUMNS, rows)


def mistakes_path(csv_path: Path) -> Path:
    """Where the mistakes table goes beside the exercises table: ``F.csv`` -> ``F.mistakes.csv``."""
    return csv_path.with_name(csv_path.stem + ".mistakes.csv")
