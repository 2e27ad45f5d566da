"""Cold start and scale-out, side by side in one run (figures only; nothing is asserted).

    .venv/bin/python benchmarks/cold_start.py [--repeat 3] [--n 6] [--no-notebooks]

Every figure is the wall time of fresh processes, median of ``--repeat`` runs, for the whole course:

1. floor: a fresh interpreter that imports torch and runs every case's call on the references
   in-process (no worker, no sandbox, no comparison): what any grader must pay at least;
2. cold: ``python -m grader grade SUB`` on one submission (the references' outcomes stored, as
   the Gradescope zip ships them), and the same with no stored outcomes;
3. warm batch: ``--n`` submissions in one ``grade`` run (``--jobs 2``), per submission;
4. sharded 2x1: the same ``--n`` as two shards run at once (``--jobs 1`` each) plus ``merge``,
   against the unsharded run of 3;
5. the eight chapter notebooks executed for one student in fresh kernels (nbclient), which is
   what vanilla nbgrader's autograde does per student before scoring.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLOOR = """
import torch, importlib
from grader import chapters, hidden
from grader.calls import run_call
for topic in hidden.available_topics():
    chapters.load(topic)
    module = importlib.import_module(f"solutions.{topic}")
    for case in hidden.load(topic):
        try:
            run_call(module, case.spec())
        except Exception:
            pass
"""


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:6])}... failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def grade(paths: list[Path], out: Path, *extra: str, env: dict | None = None) -> float:
    shutil.rmtree(out, ignore_errors=True)
    return timed([sys.executable, "-m", "grader", "grade", *map(str, paths), "--out", str(out), "--quiet",
                  *extra], env)


def notebooks_seconds() -> float:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from helpers import course_copy
    from notebook_times import run
    os.environ.pop("MPLBACKEND", None)
    with tempfile.TemporaryDirectory() as tmp:
        course = course_copy(Path(tmp) / "course", "solutions")
        return sum(run(path)[0] for path in sorted((course / "notebooks").glob("*.ipynb")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--n", type=int, default=6, help="submissions in the batch and the shards")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook figure")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch import generate        # benchmarks/batch.py: complete, stub and mistaken work mixed
    from grader import refcache
    from grader.hidden import available_topics
    refcache.ensure(available_topics())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the start; median of {args.repeat} runs",
          flush=True)

    class Rows(list):
        def append(self, row: tuple[str, float, str]) -> None:   # print each figure as it comes
            super().append(row)
            print(f"{row[0]:<50} {row[1]:7.2f} s  {row[2]}", flush=True)
    rows = Rows()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = generate(tmp / "subs", args.n)
        one = [subs[0]]
        floor = median(lambda: timed([sys.executable, "-c", FLOOR]), args.repeat)
        rows.append(("floor: import torch + every case in-process", floor, ""))
        cold = median(lambda: grade(one, tmp / "cold", "--jobs", "2"), args.repeat)
        rows.append(("cold: grade 1 submission (stored outcomes)", cold, f"{cold / floor:.2f}x floor"))
        empty = dict(os.environ, GRADER_REFERENCE_CACHE=str(tmp / "nocache"))

        def uncached() -> float:
            shutil.rmtree(tmp / "nocache", ignore_errors=True)
            return grade(one, tmp / "cold2", "--jobs", "2", env=empty)
        nocache = median(uncached, args.repeat)
        rows.append(("cold: grade 1 submission (no stored outcomes)", nocache, f"{nocache / floor:.2f}x floor"))
        batch = median(lambda: grade(subs, tmp / "batch", "--jobs", "2"), args.repeat)
        rows.append((f"warm batch: {args.n} submissions, --jobs 2", batch,
                     f"{batch / args.n:.2f} s per submission"))

        def sharded() -> float:
            start = time.perf_counter()
            procs = []
            for k in (0, 1):
                shutil.rmtree(tmp / f"s{k}", ignore_errors=True)
                procs.append(subprocess.Popen([sys.executable, "-m", "grader", "grade", *map(str, subs),
                                               "--out", str(tmp / f"s{k}"), "--quiet", "--jobs", "1",
                                               "--shard", f"{k}/2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL))
            for proc in procs:
                proc.wait()
            shutil.rmtree(tmp / "merged", ignore_errors=True)
            subprocess.run([sys.executable, "-m", "grader", "merge", str(tmp / "s0"), str(tmp / "s1"),
                            "--out", str(tmp / "merged")], cwd=ROOT, check=True, capture_output=True)
            return time.perf_counter() - start
        shards = median(sharded, args.repeat)
        rows.append((f"sharded 2x1: {args.n} submissions + merge", shards, f"{shards / batch:.2f}x unsharded"))
    if not args.no_notebooks:
        rows.append(("8 notebooks executed for 1 student (nbclient)", notebooks_seconds(), "one run"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} at the end")


if __name__ == "__main__":
    main()
