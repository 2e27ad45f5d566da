"""``python -m grader audit``: grade every catalogue entry and report how accurate grading is.

For each mistake: did it lose points (caught), and did its feedback name it (right message)?
For each alternative: did it score full marks (accepted)? Misses are listed one per line.
"""
from __future__ import annotations

import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from grader.hidden import catalogue
from grader.grade import Plan, grade_exercise
from grader.outcomes import ExerciseResult
from grader.submission import Submission
from grader.worker.limits import Limits
from grader.worker.pool import Zygote

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


@dataclass
class Entry:
    """One graded catalogue entry."""

    topic: str
    kind: str            # "mistake" | "alternative"
    exercise: str
    name: str
    result: ExerciseResult
    words: tuple[str, ...] = ()

    @property
    def caught(self) -> bool:
        return self.result.score < self.result.max_score

    @property
    def messages(self) -> str:
        return "\n".join([self.result.message] + [c.message for c in self.result.cases])

    @property
    def named(self) -> bool:
        text = self.messages.lower()
        return self.caught and all(w.lower() in text for w in self.words)

    @property
    def accepted(self) -> bool:
        return self.result.score == self.result.max_score


def variant(topic: str, code: str, folder: Path) -> Submission:
    """A submission: the reference module of ``topic`` with ``code`` appended (it overrides)."""
    exercises = folder / "exercises"
    exercises.mkdir(parents=True, exist_ok=True)
    source = (SOLUTIONS / f"{topic}.py").read_text(encoding="utf-8")
    path = exercises / f"{topic}.py"
    text = source + "\n\n# ---- catalogue entry ----\n" + textwrap.dedent(code)
    path.write_text(text, encoding="utf-8")
    return Submission(folder.name, folder, {topic: text.encode("utf-8")})


def run(topics: list[str], zygote: Zygote | None = None, limits: Limits | None = None) -> list[Entry]:
    """Grade every catalogue entry of ``topics``."""
    own = zygote is None
    zygote = zygote or Zygote()
    limits = limits or Limits(wall_seconds=20.0)
    entries = []
    try:
        with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
            for topic in topics:
                plan = Plan.build([topic])
                mistakes, alternatives = catalogue.load(topic)
                for i, item in enumerate(list(mistakes) + list(alternatives)):
                    kind = "mistake" if isinstance(item, catalogue.Mistake) else "alternative"
                    submission = variant(topic, item.code, Path(tmp) / f"{topic}-{kind}-{i}")
                    result = grade_exercise(plan, submission, item.exercise, zygote, limits)
                    entries.append(Entry(topic, kind, item.exercise, item.name, result,
                                         getattr(item, "words", ())))
    finally:
        if own:
            zygote.close()
    return entries


def report(entries: list[Entry]) -> str:
    """Per chapter and in total: mistakes caught, caught with the right message, alternatives accepted."""
    lines = [f"{'chapter':<12} {'mistakes':>8} {'caught':>8} {'named':>8} {'alternatives':>13} {'accepted':>9}"]
    topics = list(dict.fromkeys(e.topic for e in entries))

    def row(name: str, chosen: list[Entry]) -> str:
        m = [e for e in chosen if e.kind == "mistake"]
        a = [e for e in chosen if e.kind == "alternative"]
        return (f"{name:<12} {len(m):>8} {sum(e.caught for e in m):>8} {sum(e.named for e in m):>8} "
                f"{len(a):>13} {sum(e.accepted for e in a):>9}")
    for topic in topics:
        lines.append(row(topic, [e for e in entries if e.topic == topic]))
    lines.append(row("total", entries))
    misses = []
    for e in entries:
        if e.kind == "mistake" and not e.caught:
            misses.append(f"NOT CAUGHT  {e.exercise} [{e.name}]: scored full marks")
        elif e.kind == "mistake" and not e.named:
            first = e.result.message.splitlines()[0] if e.result.message else ""
            misses.append(f"NOT NAMED   {e.exercise} [{e.name}]: wanted {list(e.words)}, said: {first[:160]}")
        elif e.kind == "alternative" and not e.accepted:
            first = e.result.message.splitlines()[0] if e.result.message else ""
            misses.append(f"REJECTED    {e.exercise} [{e.name}]: {first[:160]}")
    return "\n".join(lines + ([""] + misses if misses else ["", "no misses"]))
