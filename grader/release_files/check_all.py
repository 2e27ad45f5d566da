"""Run the public checks of every exercise, or of the chapters and exercises you name.

    python check_all.py                    every exercise (what `make check` runs)
    python check_all.py tensors            one chapter
    python check_all.py tensors.grid       one exercise

Each line says passed, FAILED, ERROR or "not implemented yet", as the notebook's check cells do.
Exits 1 when something you wrote fails a public case or raises, else 0 (exercises you have not
started yet do not count). Hidden cases run only when your work is graded.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grader.check import run_public  # noqa: E402
from grader.chapters import load_public  # noqa: E402
from grader.outcomes import Status  # noqa: E402
from grader.topics import TOPICS  # noqa: E402

LABELS = {Status.PASSED: "passed", Status.NOT_ATTEMPTED: "not implemented yet"}


def exercise_ids(topic: str) -> list[str]:
    """The exercises of a chapter that have public cases, in course order."""
    return list(dict.fromkeys(entry["exercise"] for entry in load_public(topic)))


def selected(names: list[str]) -> list[str]:
    """Exercise ids for the names given on the command line (all of them when none)."""
    released = [t for t in TOPICS if exercise_ids(t)]
    if not names:
        return [e for t in released for e in exercise_ids(t)]
    chosen = []
    for name in names:
        topic = name.split(".")[0]
        if topic not in released:
            raise SystemExit(f"unknown chapter {topic!r}: choose from {', '.join(released)}")
        ids = exercise_ids(topic) if name == topic else [name]
        if not set(ids) <= set(exercise_ids(topic)):
            raise SystemExit(f"unknown exercise {name!r}: {topic} has {', '.join(exercise_ids(topic))}")
        chosen += ids
    return chosen


def main(argv: list[str]) -> int:
    counts: dict[str, int] = {}
    wrong = False
    for exercise in selected(argv):
        result = run_public(exercise)
        label = LABELS.get(result.status, result.status.value.upper())
        counts[label] = counts.get(label, 0) + 1
        print(f"{label:<20} {exercise}")
        if result.status not in LABELS:
            wrong = True
            print("    " + result.message.replace("\n", "\n    "))
    print("\n" + ", ".join(f"{n} {label}" for label, n in counts.items())
          + f" (of {sum(counts.values())} exercises; public cases only)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
