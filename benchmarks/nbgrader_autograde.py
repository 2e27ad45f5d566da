"""How long nbgrader's autograde takes per submission, beside `python -m grader grade`.

    .venv/bin/python benchmarks/nbgrader_autograde.py [--topic tensors] [--students 3]

Builds the nbgrader course in a temporary folder, releases one chapter, submits the reference
solutions as ``--students`` students, and times, on the same submissions:

- ``nbgrader autograde`` as configured (the course grader, then the notebook executed in a kernel);
- ``nbgrader autograde --no-execute`` (the course grader only; no student code in a kernel);
- ``python -m grader grade`` (the course grader alone), with its in-process grading time.

Each command's time includes its start-up (importing torch, starting the worker, computing the
references); "per submission" divides the whole command by the number of students.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NBGRADER = Path(sys.executable).with_name("nbgrader")
ENV = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def scores(course: Path, assignment: str, students: list[str]) -> list[float]:
    from nbgrader.api import Gradebook

    from grader.nbgrader.build import COURSE_ID
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        return [gb.find_submission(assignment, s).score for s in students]


def main() -> None:
    from grader.nbgrader.build import assignment_name, build_course, chapters
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic", default=None, help="chapter to grade (default: the first ready)")
    parser.add_argument("--students", type=int, default=3)
    args = parser.parse_args()
    topic = args.topic or chapters()[0][0]
    name = assignment_name(topic)
    students = [f"student{i + 1}" for i in range(args.students)]

    with tempfile.TemporaryDirectory() as tmp:
        course_dir, work = Path(tmp) / "course", Path(tmp) / "work"
        t0 = time.perf_counter()
        course = build_course(course_dir)
        t_build = time.perf_counter() - t0
        max_score = sum(course.points[name].values())
        t_release = timed([str(NBGRADER), "generate_assignment", name], course_dir)
        for student in students:
            submitted = course_dir / "submitted" / student / name
            shutil.copytree(course_dir / "release" / name, submitted)
            shutil.copy(ROOT / "solutions" / f"{topic}.py", submitted / "exercises" / f"{topic}.py")
            (work / student / "exercises").mkdir(parents=True)
            shutil.copy(ROOT / "solutions" / f"{topic}.py", work / student / "exercises" / f"{topic}.py")
        t_execute = timed([str(NBGRADER), "autograde", name], course_dir)
        executed = scores(course_dir, name, students)
        t_no_execute = timed([str(NBGRADER), "autograde", name, "--no-execute", "--force"], course_dir)
        not_executed = scores(course_dir, name, students)
        t_cli = timed([sys.executable, "-m", "grader", "grade", *map(str, (work / s for s in students)),
                       "--out", str(work / "out"), "--topics", topic, "--jobs", "1"], ROOT)
        inside = [json.loads((work / "out" / s / "result.json").read_text())["seconds"] for s in students]
    if set(executed) != {max_score} or set(not_executed) != {max_score}:
        sys.exit(f"the references did not score {max_score:g}: {executed}, {not_executed}")

    n = len(students)
    n_ex = len(course.points[name])
    print(f"chapter {name}: {n_ex} exercises, {max_score:g} points; {n} submissions of the references")
    print(f"build the course: {t_build:.2f} s; nbgrader generate_assignment {name}: {t_release:.2f} s")
    print(f"{'command':<48} {'total':>8} {'per submission':>15}")
    for label, total in [("nbgrader autograde (grader + executed notebook)", t_execute),
                         ("nbgrader autograde --no-execute (grader only)", t_no_execute),
                         ("python -m grader grade --jobs 1", t_cli)]:
        print(f"{label:<48} {total:>7.1f}s {total / n:>14.1f}s")
    print(f"grading itself inside `python -m grader grade`: {sum(inside) / n:.2f} s per submission "
          f"(the rest is start-up: torch, the worker zygote, the references)")


if __name__ == "__main__":
    main()
