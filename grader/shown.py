"""What of an exercise's verdict a student is shown: one choice, used by every writer.

feedback.md, the terminal summary, nbgrader's grade cells, Gradescope's results and ``check()``
all call these, so a message shows the same everywhere and is chosen the same way: the distinct
findings of failing cases (a case that never ran because the worker had ended is not one), at
most ``limit`` of them, and the student's printed output only where no hidden case ran (a
``print`` in a hidden case would otherwise copy its inputs into feedback).
"""
from __future__ import annotations

from grader.outcomes import CaseResult, ExerciseResult, Status

MAX_SHOWN = 3
MAX_PRINTED = 2000


def _key(case: CaseResult) -> str:
    """Two cases that failed the same way show once: by finding where there is one."""
    if case.findings:
        f = case.findings[0]
        return "|".join((f.what, f.likely, f.detail if f.what == "text" else f.where))
    return case.message.split(": ", 1)[-1]


def failures(result: ExerciseResult, limit: int = MAX_SHOWN) -> list[str]:
    """The messages of the distinct failing cases, most telling first (at most ``limit``)."""
    shown, seen = [], set()
    for case in result.cases:
        if case.status == Status.PASSED or case.not_run:
            continue
        key = _key(case)
        if key in seen:
            continue
        seen.add(key)
        shown.append(case.message)
        if len(shown) >= limit:
            break
    if not shown and result.status != Status.PASSED and result.message:
        shown.append(result.message)
    return shown


def printed(result: ExerciseResult) -> str:
    """The student's printed output, or a note saying why it is not shown."""
    if not result.output.strip():
        return ""
    if any(case.hidden for case in result.cases):
        lines = result.output.count("\n") + 1
        return (f"(your code printed {lines} line(s) while graded; output is not shown when hidden "
                f"cases run: use check() in your notebook to see what it prints)")
    return result.output[:MAX_PRINTED]


def first_line(result: ExerciseResult) -> str:
    """One line for tables and summaries."""
    messages = failures(result, 1)
    return messages[0].splitlines()[0] if messages else ("all cases passed" if result.status == Status.PASSED else "")
