"""Grade many submissions at once, keep every finished result, and resume after interruption."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import torch

from grader import refcache, report
from grader.escape import csv_cell
from grader.grade import Plan, grade_submission
from grader.outcomes import SubmissionResult
from grader.submission import Submission
from grader.worker.limits import Limits
from grader.worker.pool import Zygote


def _current(out: Path, submission: Submission, plan: Plan) -> SubmissionResult | None:
    """The stored result, if it graded exactly these files on exactly these exercises."""
    path = out / submission.name / "result.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    graded = [e["id"] for e in data.get("exercises", [])]
    wanted = [e for t in plan.topics for e in plan.exercises(t)]
    if data.get("fingerprint") != submission.fingerprint() or graded != wanted:
        return None
    return SubmissionResult.from_json(data)


def gradebook_csv(results: list[SubmissionResult]) -> str:
    """One row per student, one column per exercise id, and the total (names never run as formulas)."""
    ids: list[str] = []
    for r in results:
        for e in r.exercises:
            if e.id not in ids:
                ids.append(e.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student"] + ids + ["total", "max"])
    for r in sorted(results, key=lambda r: r.submission):
        scores = {e.id: e.score for e in r.exercises}
        writer.writerow([csv_cell(r.submission)] + [f"{scores.get(i, 0):g}" for i in ids]
                        + [f"{r.score:g}", f"{r.max_score:g}"])
    return buffer.getvalue()


class Progress:
    """One line per finished submission with an estimate of the time left."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.done, self.start, self.stream = total, 0, time.monotonic(), stream
        self.lock = threading.Lock()

    def tick(self, name: str, note: str) -> None:
        with self.lock:
            self.done += 1
            elapsed = time.monotonic() - self.start
            eta = elapsed / self.done * (self.total - self.done)
            width = 24
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "." * (width - filled)
            print(f"[{bar}] {self.done}/{self.total} {name}: {note} (eta {eta:.0f}s)", file=self.stream,
                  flush=True)


def grade_all(submissions: list[Submission], topics: list[str], *, out: Path, jobs: int = 1,
              timeout: float = 10.0, force: bool = False, quiet: bool = False,
              sandbox: bool = True) -> list[SubmissionResult]:
    """Grade each submission (skipping current results unless ``force``), write, print a table."""
    names = [s.name for s in submissions]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"two submissions share the name {sorted(duplicates)[0]!r}")
    torch.set_num_threads(1)
    zygote_box: list[Zygote] = []
    hide = [str(out)] + [str(s.path) for s in submissions]
    if os.environ.get("GRADER_REFERENCE_CACHE"):    # stored outcomes are as secret as the cases
        refcache.cache_dir().mkdir(parents=True, exist_ok=True)
        hide.append(str(refcache.cache_dir()))
    starter = threading.Thread(target=lambda: zygote_box.append(Zygote(sandbox=sandbox, hide=hide)),
                               daemon=True)
    starter.start()                 # the zygote imports torch while we compute the references
    plan = Plan.build(topics, cache=True)   # stored outcomes: ready as soon as torch is imported
    limits = Limits(wall_seconds=timeout)
    results: dict[str, SubmissionResult] = {}
    todo = []
    for s in submissions:
        stored = None if force else _current(out, s, plan)
        if stored is not None:
            results[s.name] = stored
        else:
            todo.append(s)
    starter.join()
    if not zygote_box:
        raise RuntimeError("the grading worker could not be started")
    zygote = zygote_box[0]
    if not zygote.sandboxed:
        print(f"warning: sandbox unavailable ({zygote.sandbox_note}): student code runs in a separate "
              f"process with resource limits only", file=sys.stderr)
    progress = Progress(len(todo))
    threads = max(1, jobs // max(1, len(todo)))
    pool = ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo) or 1)))
    try:
        futures = {pool.submit(grade_submission, plan, s, zygote, limits, threads): s for s in todo}
        for future in as_completed(futures):
            result = future.result()
            report.write(result, out)          # atomically, as soon as it is graded
            results[result.submission] = result
            if not quiet and len(submissions) == 1:
                print(report.summary(result))
            progress.tick(result.submission, f"{result.score:g}/{result.max_score:g}")
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        print(f"\ninterrupted: {len(results)} of {len(submissions)} results are saved in {out}/; "
              f"run the same command again to grade the rest", file=sys.stderr)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        zygote.close()
    ordered = [results[s.name] for s in submissions]
    skipped = len(submissions) - len(todo)
    if skipped:
        print(f"{skipped} submission(s) already graded and unchanged (use --force to regrade)", file=sys.stderr)
    all_results = load_results(out) or ordered
    report.write_atomic(out / "gradebook.csv", gradebook_csv(all_results))
    print(report.table(ordered))
    print(f"results in {out}/ (gradebook: {out / 'gradebook.csv'})")
    return ordered


def load_results(out: Path) -> list[SubmissionResult]:
    found = []
    for path in sorted(out.glob("*/result.json")):
        try:
            found.append(SubmissionResult.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError):
            continue
    return found
