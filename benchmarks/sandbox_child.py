"""What the sandbox costs per exercise: from asking the zygote for a child to the child having
loaded the student's module, with and without the sandbox (figures are printed, never asserted).

    .venv/bin/python benchmarks/sandbox_child.py [--children 20]

With the sandbox, each child unshares mount, IPC and network namespaces, mounts its private
tmpfs and /proc, checks its mount table and switches uid before the module is loaded.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(sandbox: bool, children: int) -> list[float]:
    from grader.outcome import Kind
    from grader.worker.limits import Limits
    from grader.worker.pool import Zygote
    source = (ROOT / "solutions" / "tensors.py").read_text(encoding="utf-8")
    files = {"exercises/__init__.py": "", "exercises/tensors.py": source}
    zygote = Zygote(sandbox=sandbox)
    times = []
    try:
        for _ in range(children):
            start = time.perf_counter()
            child = zygote.spawn({"exercise": "tensors.grid"}, files, Limits())
            hello = child.receive(timeout=60)
            times.append(time.perf_counter() - start)
            child.stop()
            if hello.kind != Kind.READY:
                raise RuntimeError(f"the child did not start: {hello}")
        label = "sandboxed" if zygote.sandboxed else f"no sandbox ({zygote.sandbox_note})"
    finally:
        zygote.close()
    print(f"{label:>40}: median {statistics.median(times) * 1000:6.1f} ms, "
          f"max {max(times) * 1000:6.1f} ms over {children} children")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20)
    args = parser.parse_args()
    measure(False, args.children)
    measure(True, args.children)


if __name__ == "__main__":
    main()
