"""``python -m grader audit``: grade every catalogue entry and report how accurate grading is.

For each mistake: did it lose points (caught), and did its feedback name it (right message)?
For each alternative: did it score full marks (accepted)? The catalogue and the held-out set
(mistakes no hint was written against: grader/hidden/catalogue.py) are reported apart, each
against the gate: every mistake caught, at least 95% named. Misses are listed one per line.
"""
from __future__ import annotations

import os
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
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
    kind: str            # "mistake" | "heldout" | "alternative"
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
    def is_mistake(self) -> bool:
        return self.kind != "alternative"

    @property
    def named(self) -> bool:
        return self.caught and catalogue.names(self.words, self.messages)

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


SETS = ("catalogue", "heldout")
GATE_NAMED = 0.95


def _items(topic: str, sets: tuple[str, ...]) -> list[tuple[str, object]]:
    mistakes, alternatives = catalogue.load(topic) if "catalogue" in sets else ([], [])
    held = catalogue.heldout(topic) if "heldout" in sets else []
    return ([("mistake", m) for m in mistakes] + [("heldout", m) for m in held]
            + [("alternative", a) for a in alternatives])


def run(topics: list[str], zygote: Zygote | None = None, limits: Limits | None = None,
        sets: tuple[str, ...] = SETS, jobs: int = 0) -> list[Entry]:
    """Grade every entry of ``topics`` in ``sets`` (the catalogue, the held-out set or both).

    ``jobs`` entries are graded at once (each in its own worker child; default: one per core).
    """
    own = zygote is None
    zygote = zygote or Zygote()
    limits = limits or Limits(wall_seconds=20.0)
    jobs = jobs or os.cpu_count() or 1
    try:
        with tempfile.TemporaryDirectory(prefix="audit-") as tmp, ThreadPoolExecutor(jobs) as pool:
            work = []
            for topic in topics:
                plan = Plan.build([topic])
                for i, (kind, item) in enumerate(_items(topic, sets)):
                    folder = Path(tmp) / f"{topic}-{kind}-{i}"
                    work.append((topic, kind, item, pool.submit(
                        grade_exercise, plan, variant(topic, item.code, folder), item.exercise, zygote, limits)))
            return [Entry(topic, kind, item.exercise, item.name, future.result(), getattr(item, "words", ()))
                    for topic, kind, item, future in work]
    finally:
        if own:
            zygote.close()


def _table(title: str, entries: list[Entry]) -> list[str]:
    lines = [title, f"{'chapter':<12} {'mistakes':>8} {'caught':>8} {'named':>8} {'alternatives':>13} "
             f"{'accepted':>9}"]

    def row(name: str, chosen: list[Entry]) -> str:
        m = [e for e in chosen if e.is_mistake]
        a = [e for e in chosen if not e.is_mistake]
        return (f"{name:<12} {len(m):>8} {sum(e.caught for e in m):>8} {sum(e.named for e in m):>8} "
                f"{len(a):>13} {sum(e.accepted for e in a):>9}")
    for topic in dict.fromkeys(e.topic for e in entries):
        lines.append(row(topic, [e for e in entries if e.topic == topic]))
    lines.append(row("total", entries))
    return lines


def gate(entries: list[Entry]) -> list[str]:
    """Why ``entries`` (one set) fail the gate: empty when every mistake is caught, at least 95%
    named and every alternative accepted."""
    mistakes = [e for e in entries if e.is_mistake]
    named = sum(e.named for e in mistakes)
    problems = []
    if any(not e.caught for e in mistakes):
        problems.append(f"{sum(not e.caught for e in mistakes)} mistakes scored full marks")
    if mistakes and named < GATE_NAMED * len(mistakes):
        problems.append(f"{named}/{len(mistakes)} ({named / len(mistakes):.1%}) named, below "
                        f"{GATE_NAMED:.0%}")
    if any(not e.accepted for e in entries if not e.is_mistake):
        problems.append("an alternative lost points")
    return problems


def report(entries: list[Entry]) -> str:
    """Per set and chapter: mistakes caught, caught with the right message, alternatives accepted."""
    lines: list[str] = []
    for title, kinds in (("catalogue (hints were written against these)", ("mistake", "alternative")),
                         ("held-out (no hint was written against these)", ("heldout",))):
        chosen = [e for e in entries if e.kind in kinds]
        if not chosen:
            continue
        mistakes = [e for e in chosen if e.is_mistake]
        named = sum(e.named for e in mistakes)
        verdict = "; ".join(gate(chosen)) or "meets the gate"
        lines += _table(title, chosen) + [
            f"named: {named}/{len(mistakes)} = {named / max(1, len(mistakes)):.1%} ({verdict})", ""]
    misses = []
    for e in entries:
        tag = "held-out " if e.kind == "heldout" else ""
        if e.is_mistake and not e.caught:
            misses.append(f"NOT CAUGHT  {tag}{e.exercise} [{e.name}]: scored full marks")
        elif e.is_mistake and not e.named:
            first = e.result.message.splitlines()[0] if e.result.message else ""
            misses.append(f"NOT NAMED   {tag}{e.exercise} [{e.name}]: wanted {list(e.words)}, "
                          f"said: {first[:160]}")
        elif not e.is_mistake and not e.accepted:
            first = e.result.message.splitlines()[0] if e.result.message else ""
            misses.append(f"REJECTED    {e.exercise} [{e.name}]: {first[:160]}")
    return "\n".join(lines + (misses or ["no misses"]))
