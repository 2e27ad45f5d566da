"""How long grading one submission takes, split into start-up and grading.

    .venv/bin/python benchmarks/grade_one.py [--topics tensors] [--repeat 3]

Start-up: importing the grader and torch in the trusted process, and starting the worker zygote
(which imports torch once; children fork from it). Grading: computing expected results from the
references (once per run) and grading the reference submission exercise by exercise. Also shown,
as the baseline a naive grader pays: a fresh `python -c "import torch"` per exercise.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topics", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    import torch  # noqa: F401
    from grader.hidden import available_topics
    from grader.grade import Plan, grade_submission
    from grader.submission import find
    from grader.worker.limits import Limits
    from grader.worker.pool import Zygote
    t_import = time.perf_counter() - t0
    topics = args.topics.split(",") if args.topics else available_topics()

    t0 = time.perf_counter()
    zygote = Zygote()
    t_zygote = time.perf_counter() - t0

    t0 = time.perf_counter()
    plan = Plan.build(topics)
    t_reference = time.perf_counter() - t0
    n_exercises = sum(len(plan.exercises(t)) for t in topics)
    n_cases = len(plan.specs)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "student" / "exercises"
        folder.mkdir(parents=True)
        for topic in topics:
            shutil.copy(ROOT / "solutions" / f"{topic}.py", folder / f"{topic}.py")
        sub = find(folder.parent)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = grade_submission(plan, sub, zygote, Limits())
            times.append(time.perf_counter() - t0)
    zygote.close()
    assert result.score == result.max_score, "the references must score full marks"

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    t_fresh = time.perf_counter() - t0

    grading = min(times)
    print(f"topics: {', '.join(topics)} ({n_exercises} exercises, {n_cases} cases)")
    print(f"start-up: import grader+torch {t_import:.2f} s, start worker zygote {t_zygote:.2f} s "
          f"(run in parallel by the CLI)")
    print(f"references (once per run): {t_reference:.2f} s")
    print(f"grading one submission: {grading:.2f} s (best of {args.repeat}; "
          f"{1000 * grading / n_exercises:.0f} ms per exercise, all runs: "
          f"{', '.join(f'{t:.2f}' for t in times)})")
    print(f"baseline: a fresh interpreter importing torch costs {t_fresh:.2f} s per exercise, "
          f"{t_fresh * n_exercises:.1f} s for these {n_exercises} exercises before any grading")


if __name__ == "__main__":
    main()
