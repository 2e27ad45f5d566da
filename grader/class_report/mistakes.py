"""What went wrong in one student's exercise, as data, and the class's most common mistakes.

A failed case carries findings; a finding's ``likely`` id names the mistake the grader
recognised (the chapter's hint, else a generic note such as a forbidden call). Grouping is by
that id, never by message text: rewording a hint changes no count. A failure with no id at all is
"unexplained": the place where a hint is missing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from grader.findings import Finding, render
from grader.outcomes import ExerciseResult, Status

ENDED = {Status.ERROR, Status.TIMEOUT, Status.MEMORY, Status.CRASHED}   # the code did not answer


def finding_text(finding: Finding) -> str:
    """The words of a finding's likely mistake (its hint, else its note, else the sentence)."""
    if finding.mistake_id:
        return finding.mistake
    if finding.note_id:
        return finding.note or finding.detail or render(finding)
    return render(finding)


@dataclass
class Wrong:
    """One student's exercise that did not pass: the mistakes named in it, and the rest."""

    exercise: str
    status: Status
    score: float
    max_score: float
    named: dict[str, str] = field(default_factory=dict)         # likely id -> its text
    cases: Counter = field(default_factory=Counter)              # likely id -> failed cases
    unexplained_cases: int = 0                                   # failed cases with no id
    example: str = ""                                            # an unexplained failure's text

    @property
    def unexplained(self) -> bool:
        """It failed, and no failing case was recognised as a known mistake."""
        return not self.named and self.unexplained_cases > 0


def wrong(result: ExerciseResult) -> Wrong | None:
    """The named mistakes of one exercise (None when it passed or was not attempted).

    Only cases whose status is ``failed`` are mistakes: an error, a timeout or a crash is
    counted as such (see ``ENDED``), and a case that never ran (the worker had ended) is neither.
    """
    if result.status in (Status.PASSED, Status.NOT_ATTEMPTED):
        return None
    out = Wrong(result.id, result.status, result.score, result.max_score)
    for case in result.cases:
        if case.status != Status.FAILED or case.not_run:
            continue
        ids = [f for f in case.findings if f.likely]
        if not ids:
            out.unexplained_cases += 1
            out.example = out.example or (case.message or "(no message)")
        for finding in ids:
            out.named.setdefault(finding.likely, finding_text(finding))
            out.cases[finding.likely] += 1
    return out


@dataclass
class Group:
    """One mistake across the class: who made it, in how many failed cases."""

    id: str
    texts: Counter = field(default_factory=Counter)
    students: list[str] = field(default_factory=list)
    cases: int = 0

    @property
    def text(self) -> str:
        """The wording most students got (ties: the first in order)."""
        return min(self.texts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def groups(wrongs: dict[str, Wrong]) -> list[Group]:
    """The class's mistakes in one exercise, most students first (then most cases, then id).

    Args:
        wrongs: per student, what went wrong in this exercise.
    """
    by_id: dict[str, Group] = {}
    for student, w in sorted(wrongs.items()):
        for mistake_id, text in w.named.items():
            g = by_id.setdefault(mistake_id, Group(mistake_id))
            g.texts[text] += 1
            g.students.append(student)
            g.cases += w.cases[mistake_id]
    return sorted(by_id.values(), key=lambda g: (-len(g.students), -g.cases, g.id))
