"""How long each chapter notebook takes to run top to bottom (nbclient), against the 60 s budget.

    .venv/bin/python benchmarks/notebook_times.py [--exercises solutions|exercises] [NAME ...]

Runs every notebook in notebooks/ (or the ones named, e.g. 01_tensors) in a course copy whose
exercises/ come from solutions/ (default) or are the untouched stubs, one fresh kernel each, and
prints the wall time of each with its share of the budget. Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

BUDGET_SECONDS = 60.0


def run(path: Path) -> tuple[float, str]:
    """Seconds to run one notebook, and how it ended ("ok" or the error's first line)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)   # the kernel's own log lines, not cell output
        outcome = "ok"
    except CellExecutionError as exc:
        outcome = "error: " + str(exc).strip().splitlines()[-1][:100]
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks to run (default: all)")
    parser.add_argument("--exercises", choices=["solutions", "exercises"], default="solutions",
                        help="where the course copy's exercises/ come from (default: solutions)")
    args = parser.parse_args()
    from helpers import course_copy

    os.environ.pop("MPLBACKEND", None)
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")
                   if not args.names or p.stem in args.names or p.name in args.names)
    print(f"{len(names)} notebooks, exercises from {args.exercises}/, {os.cpu_count()} cores, "
          f"budget {BUDGET_SECONDS:.0f} s each")
    with tempfile.TemporaryDirectory() as tmp:
        course = course_copy(Path(tmp) / "course", args.exercises)
        total = 0.0
        for name in names:
            seconds, outcome = run(course / "notebooks" / name)
            total += seconds
            flag = "" if seconds <= BUDGET_SECONDS else "  OVER BUDGET"
            print(f"{name:<28} {seconds:6.1f} s  {100 * seconds / BUDGET_SECONDS:5.0f}% of budget  "
                  f"{outcome}{flag}")
    print(f"{'all':<28} {total:6.1f} s")


if __name__ == "__main__":
    main()
