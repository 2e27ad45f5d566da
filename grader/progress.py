"""``progress()``: where the student stands on every exercise, from the public checks alone.

    from grader import progress
    progress()                  # every chapter: a table in a notebook, plain text in a terminal
    progress("tensors")         # one chapter; "tensors.grid" for one exercise

Each row says passed, failed (with the first line of the reason) or not started. Only the public
cases run, here in the student's own process, exactly as ``check`` runs them; nothing here
decides a grade (hidden cases run only when the work is graded).
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from grader.check import CheckResult, run_public
from grader.escape import html_text
from grader.outcomes import Status
from grader.topics import TOPICS

PASSED, FAILED, NOT_STARTED = "passed", "failed", "not started"
REASON_CHARS = 160          # one line of a table: the full message is what check(...) prints
_COLOURS = {PASSED: "#1a7f37", FAILED: "#cf222e", NOT_STARTED: "#6e7781"}


@dataclass(frozen=True)
class Row:
    """One exercise's public-check status."""

    chapter: str
    exercise: str
    status: str          # PASSED, FAILED or NOT_STARTED
    reason: str = ""     # one line; empty unless failed


@dataclass
class Progress:
    """Every row, and how long the checks took; shown as HTML in a notebook, text elsewhere."""

    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)

    @property
    def summary(self) -> str:
        return (f"{self.count(PASSED)} passed, {self.count(FAILED)} failed, {self.count(NOT_STARTED)} "
                f"not started (of {len(self.rows)} exercises; public cases only, {self.seconds:.1f} s)")

    def __bool__(self) -> bool:
        """True when nothing fails (exercises not started yet do not count against it)."""
        return self.count(FAILED) == 0

    def __str__(self) -> str:
        width = max((len(row.exercise) for row in self.rows), default=0)
        lines = []
        for row in self.rows:
            line = f"{row.status:<12} {row.exercise:<{width}}"
            lines.append((line + "  " + row.reason if row.reason else line).rstrip())
        return "\n".join(lines + ["", self.summary])

    __repr__ = __str__       # a terminal REPL shows the table, not a dataclass dump

    def _repr_html_(self) -> str:
        cells = []
        for row in self.rows:
            colour = _COLOURS[row.status]
            cells.append(f"<tr><td>{html_text(row.chapter)}</td><td><code>{html_text(row.exercise)}</code></td>"
                         f"<td style=\"color:{colour};font-weight:bold\">{html_text(row.status)}</td>"
                         f"<td style=\"text-align:left\">{html_text(row.reason)}</td></tr>")
        return ("<table class=\"course-progress\"><thead><tr><th>chapter</th><th>exercise</th>"
                "<th>status</th><th style=\"text-align:left\">reason</th></tr></thead><tbody>"
                + "".join(cells) + f"</tbody></table><p>{html_text(self.summary)}</p>")


def exercise_ids(topic: str) -> list[str]:
    """The exercises of a chapter that have public cases, in course order."""
    from grader.chapters import load_public
    return list(dict.fromkeys(entry["exercise"] for entry in load_public(topic)))


def selected(names: Iterable[str] = ()) -> list[str]:
    """Exercise ids for chapter names or exercise ids (every released exercise when none).

    Raises:
        ValueError: a name that is neither a chapter with public cases nor one of its exercises.
    """
    released = [t for t in TOPICS if exercise_ids(t)]
    names = list(names)
    if not names:
        return [e for t in released for e in exercise_ids(t)]
    chosen: list[str] = []
    for name in names:
        topic = str(name).split(".")[0]
        if topic not in released:
            raise ValueError(f"unknown chapter {topic!r}: choose from {', '.join(released)}")
        ids = exercise_ids(topic) if name == topic else [name]
        if not set(ids) <= set(exercise_ids(topic)):
            raise ValueError(f"unknown exercise {name!r}: {topic} has {', '.join(exercise_ids(topic))}")
        chosen += [e for e in ids if e not in chosen]
    return chosen


def one_line(text: str) -> str:
    """The first non-empty line of a message, without the exercise-id prefix, cut to fit a row."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        return ""
    # check's messages open with "<id>: FAILED (k/n public cases passed)"; the reason is the next line
    line = lines[1] if len(lines) > 1 and "public cases passed)" in lines[0] else lines[0]
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS - 1] + "…"


def row_for(exercise: str) -> Row:
    """Run one exercise's public checks; any error (even on import) becomes a failed row."""
    chapter = exercise.split(".")[0]
    try:
        result: CheckResult = run_public(exercise)
        if result.status == Status.TIMEOUT:
            # A first call may pay for a lazy import inside the student's function (torchmetrics
            # pulls in scipy: 20 s on a loaded machine); once imported, a second run is fair.
            result = run_public(exercise)
    except Exception as exc:  # noqa: BLE001 - e.g. exercises/<topic>.py does not import: say so
        return Row(chapter, exercise, FAILED, one_line(f"exercises/{chapter}.py: {type(exc).__name__}: {exc}"))
    if result.status == Status.PASSED:
        return Row(chapter, exercise, PASSED)
    if result.status == Status.NOT_ATTEMPTED:
        return Row(chapter, exercise, NOT_STARTED)
    return Row(chapter, exercise, FAILED, one_line(result.message))


def progress(*names: str) -> Progress:
    """Run the public checks of every exercise (or of the chapters / exercises named).

    Args:
        *names: chapter names such as ``"tensors"`` or exercise ids such as ``"tensors.grid"``.

    Returns:
        a ``Progress``: an HTML table in a notebook, a text table when printed.
    """
    start = time.perf_counter()
    rows = [row_for(exercise) for exercise in selected(names)]
    return Progress(rows, time.perf_counter() - start)
