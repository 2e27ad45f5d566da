"""Batch grading throughput: N generated submissions of the whole course.

    .venv/bin/python benchmarks/batch.py [--n 50] [--jobs 2] [--sequential 50] [--nbgrader 3]

1. ``python -m grader grade`` over all N with ``--jobs`` (one process; workers fork from a zygote
   that imported torch once).
2. The same submissions one after another, each in a fresh interpreter (``--sequential`` of them;
   the per-submission figure is what matters), as a grader that starts from scratch per student.
3. Optionally ``nbgrader autograde`` on a few of them (see benchmarks/nbgrader_autograde.py).
Submissions mix complete, stub and partially wrong work (catalogue mistakes chosen at random).
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generate(folder: Path, n: int, seed: int = 0) -> list[Path]:
    from grader.hidden import catalogue
    from grader.hidden import available_topics, exercises
    from grader.examples import definition
    rng = random.Random(seed)
    subs = []
    for i in range(n):
        target = folder / f"student{i:03d}" / "exercises"
        target.mkdir(parents=True)
        for topic in available_topics():
            reference = (ROOT / "solutions" / f"{topic}.py").read_text()
            stubs = (ROOT / "exercises" / f"{topic}.py").read_text()
            mistakes = catalogue.load(topic)[0]
            parts = [reference]
            for exercise in exercises(topic):
                roll = rng.random()
                options = [m for m in mistakes if m.exercise == exercise]
                if roll < 0.25 and options:
                    parts.append(rng.choice(options).code)
                elif roll < 0.35:
                    parts.append(definition(stubs, exercise.split(".", 1)[1]))
            (target / f"{topic}.py").write_text("\n\n\n".join(parts) + "\n")
        subs.append(target.parent)
    return subs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sequential", type=int, default=50, help="how many to grade one by one")
    parser.add_argument("--nbgrader", type=int, default=0, help="how many to autograde with nbgrader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = generate(tmp / "subs", args.n)
        cmd = [sys.executable, "-m", "grader", "grade", *map(str, subs), "--out", str(tmp / "batch"),
               "--jobs", str(args.jobs), "--quiet"]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        batch = time.perf_counter() - start
        print(f"batch: {args.n} submissions of the whole course with --jobs {args.jobs}: {batch:.1f} s "
              f"= {batch / args.n:.2f} s per submission, {60 * args.n / batch:.1f} submissions/minute")

        seq = subs[:args.sequential]
        start = time.perf_counter()
        for sub in seq:
            subprocess.run([sys.executable, "-m", "grader", "grade", str(sub), "--out", str(tmp / "seq"),
                            "--jobs", "1", "--quiet"], cwd=ROOT, check=True, capture_output=True)
        one_by_one = time.perf_counter() - start
        print(f"one after another, a fresh interpreter each: {len(seq)} submissions in {one_by_one:.1f} s "
              f"= {one_by_one / len(seq):.2f} s per submission, {60 * len(seq) / one_by_one:.1f} submissions/minute")
        same = (tmp / "batch" / "gradebook.csv").read_text().splitlines()[1:len(seq) + 1] == \
            (tmp / "seq" / "gradebook.csv").read_text().splitlines()[1:]
        print(f"same scores both ways: {same}")
        if args.nbgrader:
            bench = ROOT / "benchmarks" / "nbgrader_autograde.py"
            if bench.exists():
                subprocess.run([sys.executable, str(bench), "--students", str(args.nbgrader)], cwd=ROOT)
        shutil.rmtree(tmp / "subs", ignore_errors=True)


if __name__ == "__main__":
    main()
