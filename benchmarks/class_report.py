"""How long the class report takes for a large class (printed, never asserted).

    .venv/bin/python benchmarks/class_report.py [--n 200] [--results DIR] [--repeat 3]

Source results are real gradings: ``--results DIR`` (a ``python -m grader grade`` output folder),
or else the example submissions (complete, partial, stubs: ``python -m grader examples``) graded
here on every chapter. From them N students are synthesized: each exercise of each student is
copied from one source chosen at random (seeded), so the class mixes passes, catalogued mistakes
and stubs the way a real one does. Then ``python -m grader report`` (HTML, JSON and CSV) is timed
in this process (reading, statistics, writing) and once as a fresh command.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def graded_examples(folder: Path) -> Path:
    """Grade the three example submissions on every chapter; their results folder."""
    examples, out = folder / "examples", folder / "graded"
    subprocess.run([sys.executable, "-m", "grader", "examples", str(examples)], cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "grader", "grade", *(str(examples / n) for n in
                    ("complete", "partial", "stubs")), "--out", str(out), "--quiet"], cwd=ROOT, check=True,
                   capture_output=True)
    return out


def synthesize(sources: list[dict], n: int, dest: Path, seed: int = 0) -> None:
    """``dest/studentNNN/result.json`` for n students, each exercise taken from a random source."""
    rng = random.Random(seed)
    weights = [3 if s["score"] == s["max_score"] else 2 if s["score"] > 0 else 1 for s in sources]
    for i in range(n):
        exercises = []
        for k in range(len(sources[0]["exercises"])):
            source = rng.choices(sources, weights)[0]
            exercises.append(source["exercises"][k])
        data = {"submission": f"student{i:03d}", "score": round(sum(e["score"] for e in exercises), 4),
                "max_score": round(sum(e["max_score"] for e in exercises), 4), "fingerprint": f"{i:016x}",
                "seconds": 0.0, "exercises": exercises}
        (dest / data["submission"]).mkdir(parents=True)
        (dest / data["submission"] / "result.json").write_text(json.dumps(data, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--results", help="graded results to copy from (default: grade the examples)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from grader.class_report import write_report
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        start = time.monotonic()
        source_dir = Path(args.results) if args.results else graded_examples(tmp_path)
        if not args.results:
            print(f"graded the 3 example submissions in {time.monotonic() - start:.1f} s")
        sources = [json.loads(p.read_text()) for p in sorted(source_dir.glob("*/result.json"))]
        ids = [[e["id"] for e in s["exercises"]] for s in sources]
        if not sources or any(i != ids[0] for i in ids):
            sys.exit(f"{source_dir}: need result.json files graded on the same exercises")
        classroom = tmp_path / "class"
        synthesize(sources, args.n, classroom)
        size = sum(p.stat().st_size for p in classroom.glob("*/result.json"))
        print(f"class: {args.n} students x {len(ids[0])} exercises, {size / 1e6:.1f} MB of result.json "
              f"(from {len(sources)} graded submissions)")
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.monotonic(), time.process_time()
            write_report(classroom, tmp_path / "r.html", json_path=tmp_path / "r.json", csv_path=tmp_path / "r.csv")
            times.append(time.monotonic() - start)
            cpu.append(time.process_time() - start_cpu)
        html_size = (tmp_path / "r.html").stat().st_size
        print(f"report in-process (read, compute, write HTML+JSON+CSV): median {statistics.median(times):.2f} s "
              f"wall, {statistics.median(cpu):.2f} s CPU; best {min(times):.2f} s wall over {args.repeat}; "
              f"HTML {html_size / 1e6:.2f} MB")
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "grader", "report", str(classroom), "--out", str(tmp_path / "c.html"),
                        "--json", str(tmp_path / "c.json"), "--csv", str(tmp_path / "c.csv")],
                       cwd=ROOT, check=True, capture_output=True)
        print(f"python -m grader report as a fresh command: {time.monotonic() - start:.2f} s")


if __name__ == "__main__":
    main()
