"""What a grading run writes and prints: result.json, feedback.md and summary tables."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from grader import escape, shown
from grader.outcomes import Status, SubmissionResult

SYMBOL = {Status.PASSED: "ok", Status.FAILED: "FAIL", Status.NOT_ATTEMPTED: "todo",
          Status.ERROR: "ERROR", Status.TIMEOUT: "TIMEOUT", Status.MEMORY: "MEMORY",
          Status.CRASHED: "CRASH", Status.GRADER_FAULT: "FAULT"}


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def feedback_markdown(result: SubmissionResult) -> str:
    """The student's feedback: a table, then what went wrong in each exercise.

    Everything the submission controls (its name, messages, printed output) is escaped or fenced
    so that it cannot add Markdown or HTML of its own.
    """
    lines = [f"# Feedback for {escape.markdown_inline(result.submission)}", "",
             f"**Score: {result.score:g} / {result.max_score:g}**", "",
             "| exercise | status | score |", "| --- | --- | --- |"]
    for e in result.exercises:
        lines.append(f"| `{e.id}` | {e.status.value} | {e.score:g} / {e.max_score:g} |")
    for e in result.exercises:
        if e.status == Status.PASSED:
            continue
        lines += ["", f"## `{e.id}`: {e.status.value}", ""]
        for message in shown.failures(e):
            lines += escape.markdown_block(message)
        passed = sum(c.status == Status.PASSED for c in e.cases)
        lines.append(f"{passed} of {len(e.cases)} cases passed.")
        output = shown.printed(e)
        if output:
            lines += ["", "Your code printed:", *escape.markdown_block(output)]
    return "\n".join(lines) + "\n"


def write(result: SubmissionResult, out: Path) -> Path:
    """``out/<submission>/result.json`` and ``feedback.md``, each written atomically."""
    folder = out / result.submission
    write_atomic(folder / "feedback.md", feedback_markdown(result))
    write_atomic(folder / "result.json", json.dumps(result.to_json(), indent=1))
    return folder


def summary(result: SubmissionResult) -> str:
    """A readable block for the terminal."""
    lines = [f"{result.submission}: {result.score:g} / {result.max_score:g}"]
    width = max(len(e.id) for e in result.exercises) if result.exercises else 0
    for e in result.exercises:
        first_line = shown.first_line(e)
        lines.append(f"  {e.id:<{width}}  {SYMBOL[e.status]:<7} {e.score:>5g}/{e.max_score:<4g} {first_line[:100]}")
    return "\n".join(lines)


def table(results: list[SubmissionResult]) -> str:
    """One row per submission: points per topic and the total."""
    if not results:
        return "(nothing graded)"
    topics: list[str] = []
    for r in results:
        for e in r.exercises:
            topic = e.id.split(".")[0]
            if topic not in topics:
                topics.append(topic)
    name_width = max(10, *(len(r.submission) for r in results))
    header = f"{'submission':<{name_width}} " + " ".join(f"{t[:11]:>11}" for t in topics) + f" {'total':>13}"
    lines = [header, "-" * len(header)]
    for r in results:
        cells = []
        for t in topics:
            got = sum(e.score for e in r.exercises if e.id.startswith(t + "."))
            of = sum(e.max_score for e in r.exercises if e.id.startswith(t + "."))
            cells.append(f"{got:>5g}/{of:<5g}")
        pct = 100 * r.score / r.max_score if r.max_score else 0
        lines.append(f"{r.submission:<{name_width}} " + " ".join(f"{c:>11}" for c in cells)
                     + f" {r.score:>6g} ({pct:3.0f}%)")
    return "\n".join(lines)
