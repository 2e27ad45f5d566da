"""One GitHub Classroom test: print an exercise's verdict from the graded result; exit 0 if it passed.

    python .github/classroom/verdict.py .classroom/result.json tensors.grid

The grading step before the tests wrote the result once for every exercise, so each test only
reads it (no torch import, no second grading). Standard library only.
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: verdict.py RESULT_JSON EXERCISE_ID", file=sys.stderr)
        return 2
    path, exercise = argv
    try:
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
    except (OSError, ValueError) as exc:
        print(f"{exercise}: no grading result at {path} ({exc}); see the grading step's log")
        return 1
    found = [e for e in result.get("exercises", []) if isinstance(e, dict) and e.get("id") == exercise]
    if not found:
        print(f"{exercise}: not graded (it is not in {path})")
        return 1
    entry = found[0]
    status = str(entry.get("status", "?"))
    print(f"{exercise}: {status} ({entry.get('score', 0)} of {entry.get('max_score', 0)} points "
          f"in the grader's own count)")
    if status != "passed":
        print(str(entry.get("message", ""))[:4000])
    return 0 if status == "passed" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
