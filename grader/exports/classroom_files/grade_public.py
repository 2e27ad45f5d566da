"""Grade this repository's exercises on the public cases; write one result for every exercise.

    python .github/classroom/grade_public.py .classroom/result.json

Runs in the student's repository (the course release): the public checks of every exercise, as
`make check` runs them, with their verdicts and messages written in the shape of the course
grader's result.json, which .github/classroom/verdict.py reads for each Classroom test.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from grader.check import run_public  # noqa: E402
from grader.chapters import load_public  # noqa: E402
from grader.topics import TOPICS  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: grade_public.py RESULT_JSON", file=sys.stderr)
        return 2
    exercises = []
    for topic in TOPICS:
        cases = load_public(topic)
        for exercise in dict.fromkeys(case["exercise"] for case in cases):
            points = sum(case["points"] for case in cases if case["exercise"] == exercise)
            result = run_public(exercise)
            passed = sum(c.score for c in result.cases)
            exercises.append({"id": exercise, "status": result.status.value, "score": passed,
                              "max_score": points, "message": result.message})
            print(f"{result.status.value:<14} {exercise}")
    target = Path(argv[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"submission": ROOT.name, "exercises": exercises}, indent=1),
                      encoding="utf-8")
    print(f"wrote {target}: {len(exercises)} exercises (public cases only)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
