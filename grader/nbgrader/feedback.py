"""What a grade cell shows after autograding: the grader's verdict on one exercise, and its score.

The messages are the grader's own (``python -m grader grade`` writes the same ones to
feedback.md): expected versus got, and the likely mistake. They never quote a hidden case's
source, only its name and what the comparison found.
"""
from __future__ import annotations

from nbformat import NotebookNode
from nbformat.v4 import new_output

from grader import shown
from grader.outcomes import ExerciseResult, Status

NOTE = ("(Graded by the course's grader, which ran your exercises/{topic}.py in a separate, "
        "isolated process; what this cell printed when your notebook ran is not what counts.)")


def verdict_text(result: ExerciseResult) -> str:
    """The text shown in the exercise's grade cell."""
    topic = result.id.split(".")[0]
    head = f"{result.id}: {result.score:g} / {result.max_score:g} points"
    if result.status == Status.PASSED:
        return f"{head}: passed all {len(result.cases)} cases.\n{NOTE.format(topic=topic)}\n"
    lines = [f"{head}: {result.status.value.replace('_', ' ')}"]
    for message in shown.failures(result):
        lines += ["  " + line for line in message.splitlines()]
    passed = sum(c.status == Status.PASSED for c in result.cases)
    lines.append(f"{passed} of {len(result.cases)} cases passed.")
    output = shown.printed(result)
    if output:
        lines += ["Your code printed:", output.rstrip()]
    lines.append(NOTE.format(topic=topic))
    return "\n".join(lines) + "\n"


def grade_outputs(result: ExerciseResult, points: float) -> tuple[list[NotebookNode], float]:
    """The grade cell's new outputs, and the score they give in a cell worth ``points``.

    The verdict goes to stdout; the score is the cell's result, which nbgrader reads as partial
    credit (``nbgrader.utils.determine_grade``). When the cell's points differ from the
    exercise's (a course built before the cases changed), the score is scaled to the cell.
    """
    score = result.score if result.max_score == points else \
        (result.score / result.max_score * points if result.max_score else 0.0)
    score = round(min(max(score, 0.0), points), 4)
    outputs = [new_output("stream", name="stdout", text=verdict_text(result)),
               new_output("execute_result", data={"text/plain": repr(float(score))},
                          execution_count=None)]
    return outputs, score
