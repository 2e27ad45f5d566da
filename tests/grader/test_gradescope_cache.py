"""A Gradescope run in the simulated /autograder layout grades from the shipped expected outcomes:
with solutions/ removed from the unpacked zip, a right submission still scores full marks."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

from grader.hidden import available_topics
from helpers import ROOT, reference_source


def test_a_gradescope_run_uses_the_shipped_reference_cache(tmp_path):
    built = subprocess.run([sys.executable, "-m", "grader", "autograder-zip", str(tmp_path / "ag.zip")],
                           cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr
    root = tmp_path / "autograder"
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(root / "source")
    assert {f"grader/hidden/{t}/expected.pt" for t in available_topics()} <= names
    # Without the references nothing can be recomputed: full marks prove the stored outcomes were used.
    shutil.rmtree(root / "source" / "solutions")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission" / "tensors.py").write_text(reference_source("tensors"))
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), PYTHON=sys.executable)
    env.pop("GRADER_REFERENCE_CACHE", None)
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "computing the outcomes" not in done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    tensors = [t for t in data["tests"] if t["name"].startswith("tensors.")]
    others = [t for t in data["tests"] if not t["name"].startswith("tensors.")]
    assert tensors and all(t["score"] == t["max_score"] > 0 for t in tensors)
    assert others and all(t["score"] == 0 for t in others)
