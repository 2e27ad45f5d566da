"""Run the public checks of every exercise, or of the chapters and exercises you name.

    python check_all.py                    every exercise (what `make check` runs)
    python check_all.py tensors            one chapter
    python check_all.py tensors.grid       one exercise

It prints the table that ``progress()`` shows in a notebook: each exercise passed, failed (with
the reason) or not started. Exits 1 when something you wrote fails a public case or raises, else
0 (exercises you have not started yet do not count). Hidden cases run only when your work is graded.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grader.progress import progress


def main(argv: list[str]) -> int:
    try:
        table = progress(*argv)
    except ValueError as exc:       # an unknown chapter or exercise name: say which
        raise SystemExit(str(exc)) from None
    print(table)
    return 0 if table else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
