"""A batch interrupted halfway and run again ends with the gradebook of one uninterrupted run,
grading only what was missing; a submission changed since it was graded is graded again."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import ROOT, reference_source, stub_source

N = 6
STUCK = N // 2          # this submission's pick_device never returns: it ends by the wall limit
WALL = 15               # seconds: how long the batch is held at STUCK, waiting for the interrupt


def make_batch(folder: Path) -> list[str]:
    """N submissions of chapter 01: some right, some stubs, some wrong, and one stuck.

    The stuck one holds the batch (graded one at a time, in order) for WALL seconds right after
    the first N // 2 results are saved, so an interrupt sent once those exist always lands
    mid-batch: the test does not race the grader.
    """
    paths = []
    stuck = "\n\ndef pick_device(prefer_gpu=True):\n    while True:\n        pass\n"
    for i in range(N):
        sub = folder / f"student{i:02d}" / "exercises"
        sub.mkdir(parents=True)
        source = [reference_source("tensors"), stub_source("tensors"),
                  reference_source("tensors").replace("correction=0", "correction=1")][i % 3]
        (sub / "tensors.py").write_text(source + (stuck if i == STUCK else ""))
        paths.append(str(sub.parent))
    return paths


def grade_cmd(paths: list[str], out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "grader", "grade", *paths, "--out", str(out), "--topics", "tensors",
            "--jobs", "1", "--quiet", "--timeout", str(WALL), *extra]


def test_interrupted_batch_resumes_to_the_same_gradebook(tmp_path):
    paths = make_batch(tmp_path / "subs")
    whole = tmp_path / "whole"
    done = subprocess.run(grade_cmd(paths, whole), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr

    resumed = tmp_path / "resumed"
    # Ctrl-C reaches a grader started from a terminal. A test run started in the background (nohup,
    # `cmd &` in a script, some CI runners) passes SIGINT on as ignored, and Python then never turns
    # it into KeyboardInterrupt: the grader is given the terminal's default, as a user has it.
    process = subprocess.Popen(grade_cmd(paths, resumed), cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    while len(list(resumed.glob("*/result.json"))) < STUCK and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)          # Ctrl-C, while the stuck submission holds the batch
    process.communicate(timeout=120)
    saved = len(list(resumed.glob("*/result.json")))
    assert saved == STUCK, f"expected exactly the {STUCK} submissions before the stuck one, got {saved}"
    assert not list(resumed.glob("*/.result.json.*")), "a half-written result was left behind"

    again = subprocess.run(grade_cmd(paths, resumed), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{saved} submission(s) already graded and unchanged" in again.stderr
    assert (resumed / "gradebook.csv").read_text() == (whole / "gradebook.csv").read_text()


def test_a_changed_submission_is_graded_again_and_force_regrades_all(tmp_path):
    paths = make_batch(tmp_path / "subs")[:3]          # not the stuck one
    out = tmp_path / "out"
    subprocess.run(grade_cmd(paths, out), cwd=ROOT, check=True, capture_output=True, timeout=600)
    stub = Path(paths[1]) / "exercises" / "tensors.py"
    stub.write_text(reference_source("tensors"))          # student1 finished the work
    again = subprocess.run(grade_cmd(paths, out), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert "2 submission(s) already graded" in again.stderr
    row = next(line for line in (out / "gradebook.csv").read_text().splitlines() if line.startswith("student01,"))
    total, max_score = row.split(",")[-2:]
    assert total == max_score
    forced = subprocess.run(grade_cmd(paths, out, "--force"), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert "already graded" not in forced.stderr
