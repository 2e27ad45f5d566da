"""What the static policy costs: scanning the reference files and deciding every exercise.

    .venv/bin/python benchmarks/policy_scan.py [--repeat 20]

Prints the time to scan all eight reference files from scratch (the scan is cached per text, so
a submission pays it once) and the time of one verdict with the scans cached, per exercise.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from grader import chapters
    from grader.hidden import available_topics, load
    from grader.policy import refusal
    from grader.policy.ast_scan import scan
    from grader.topics import TOPICS

    sources = {t: (ROOT / "solutions" / f"{t}.py").read_text(encoding="utf-8") for t in TOPICS}
    exercises = sorted({c.exercise for t in available_topics() for c in load(t)})
    for topic in TOPICS:
        chapters.load(topic)
    start = time.perf_counter()
    for _ in range(args.repeat):
        scan.cache_clear()
        for topic, text in sources.items():
            scan(topic, text)
    cold = (time.perf_counter() - start) / args.repeat
    lines = sum(text.count("\n") for text in sources.values())
    start = time.perf_counter()
    for _ in range(args.repeat):
        for exercise in exercises:
            refusal(exercise, sources)
    warm = (time.perf_counter() - start) / args.repeat / len(exercises)
    print(f"scan of {len(sources)} files ({lines} lines), uncached: {cold * 1000:.1f} ms")
    print(f"verdict per exercise, scans cached ({len(exercises)} exercises): {warm * 1000:.2f} ms")


if __name__ == "__main__":
    main()
