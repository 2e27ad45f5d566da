"""Submissions whose files are not plain files: links, pipes, devices, folders, huge or non-UTF-8
files. None is ever followed or opened for what it points to; each costs its own submission's
exercises of that file, with a message naming the file and why, and a batch goes on.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, reference_source
from prereq import require

from grader.submission import MAX_FILE_BYTES, find

REF = reference_source("tensors")

# Where a student's link may point: each one would give away something or hang the grader.
LINK_TARGETS = {
    "the reference through the grader's cwd": "/proc/self/cwd/solutions/tensors.py",
    "the reference by absolute path": str(ROOT / "solutions" / "tensors.py"),
    "the hidden cases": str(ROOT / "grader" / "hidden" / "tensors" / "cases.py"),
    "another student's feedback": "../../out/honest/feedback.md",
    "the grader's memory": "/proc/self/mem",
    "a device": "/dev/zero",
    "a relative sibling file": "real.py",
    "nothing at all": "/nonexistent/tensors.py",
}


def folder_with(tmp_path: Path, name: str = "student") -> Path:
    folder = tmp_path / name / "exercises"
    folder.mkdir(parents=True)
    (folder / "real.py").write_text(REF)
    (folder / "layers.py").write_text("# an honest second file\n")
    return folder


def refused(sub, topic: str, *words: str) -> str:
    assert topic not in sub.files
    message = sub.problems[topic]
    assert f"{topic}.py" in message, message
    for word in words:
        assert word in message, message
    return message


@pytest.mark.parametrize("target", list(LINK_TARGETS.values()), ids=list(LINK_TARGETS))
def test_a_linked_exercise_file_is_refused_and_never_followed(tmp_path, target):
    folder = folder_with(tmp_path)
    os.symlink(target, folder / "tensors.py")
    sub = find(tmp_path / "student")
    refused(sub, "tensors", "exercises/tensors.py", "symbolic link")
    assert sub.files["layers"] == b"# an honest second file\n"     # the other file still counts
    assert "layers" not in sub.problems


def test_a_linked_exercises_folder_is_refused_for_every_topic(tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "copy")
    (tmp_path / "student").mkdir()
    os.symlink(tmp_path / "copy", tmp_path / "student" / "exercises")
    sub = find(tmp_path / "student")
    assert sub.files == {}
    assert set(sub.problems) >= {"tensors", "layers"}
    assert "exercises/ is a symbolic link" in sub.problems["tensors"]


def test_a_submission_folder_that_is_a_link_is_refused(tmp_path):
    folder_with(tmp_path, "real")
    os.symlink(tmp_path / "real", tmp_path / "student")
    sub = find(tmp_path / "student")
    assert sub.files == {} and "symbolic link" in sub.problems["tensors"]


def test_a_single_file_argument_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "alice").mkdir()
    os.symlink(ROOT / "solutions" / "tensors.py", tmp_path / "alice" / "tensors.py")
    sub = find(tmp_path / "alice" / "tensors.py")
    refused(sub, "tensors", "symbolic link")


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    require(os.geteuid() == 0, "making a device node needs root (CI runs as root)")
    os.mknod(path, 0o20666, os.makedev(1, 5))      # /dev/zero's numbers: endless if it were read


def make_folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.py").write_text(REF)


@pytest.mark.parametrize("make, kind", [(make_fifo, "a named pipe"), (make_device, "a character device"),
                                        (make_folder, "a folder")], ids=["fifo", "device", "folder"])
def test_anything_but_a_regular_file_is_refused_without_being_opened(tmp_path, make, kind):
    folder = folder_with(tmp_path)
    make(folder / "tensors.py")          # a pipe with no writer would block a reader forever
    refused(find(tmp_path / "student"), "tensors", kind)


def test_a_hard_link_is_an_ordinary_file(tmp_path):
    folder = folder_with(tmp_path)
    os.link(folder / "real.py", folder / "tensors.py")
    sub = find(tmp_path / "student")
    assert sub.text("tensors") == REF and not sub.problems


def test_files_over_the_size_limit_are_refused_with_their_size(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "tensors.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (folder / "losses.py").write_bytes(b"#" * MAX_FILE_BYTES)
    sub = find(tmp_path / "student")
    refused(sub, "tensors", f"{MAX_FILE_BYTES + 1:,} bytes", "over the limit")
    assert len(sub.files["losses"]) == MAX_FILE_BYTES


def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "tensors.py").write_bytes(b"x = 1\n# caf\xe9\n")
    refused(find(tmp_path / "student"), "tensors", "not UTF-8", "byte 11")


def test_a_byte_order_mark_is_accepted_and_dropped(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "tensors.py").write_bytes(b"\xef\xbb\xbf" + REF.encode())
    assert find(tmp_path / "student").text("tensors") == REF


def test_files_are_read_once_changing_the_disk_afterwards_changes_nothing(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "tensors.py").write_text(REF)
    sub = find(tmp_path / "student")
    before = sub.fingerprint()
    (folder / "tensors.py").unlink()
    os.symlink("/proc/self/mem", folder / "tensors.py")
    assert sub.fingerprint() == before and sub.text("tensors") == REF
    assert find(tmp_path / "student").fingerprint() != before   # a new reading sees the change


def zip_with_link(tmp_path: Path) -> Path:
    """A student's archive made with ``zip -y`` (links stored as links), unpacked with unzip."""
    for tool in ("zip", "unzip"):
        require(shutil.which(tool) is not None, f"{tool} is not installed")
    made = tmp_path / "made"
    (made / "exercises").mkdir(parents=True)
    os.symlink("/proc/self/cwd/solutions/tensors.py", made / "exercises" / "tensors.py")
    subprocess.run(["zip", "-q", "-y", "-r", str(tmp_path / "sub.zip"), "exercises"], cwd=made, check=True)
    unpacked = tmp_path / "subs" / "zipped"
    unpacked.mkdir(parents=True)
    subprocess.run(["unzip", "-q", str(tmp_path / "sub.zip"), "-d", str(unpacked)], check=True)
    assert (unpacked / "exercises" / "tensors.py").is_symlink()    # the attack survived unpacking
    return unpacked


def test_a_batch_with_malicious_files_gives_every_submission_a_result(tmp_path):
    """Run as the CLI runs, from the course folder, so /proc/self/cwd/solutions really exists."""
    subs = tmp_path / "subs"
    for name in ("honest", "mem", "fifo", "folderlink", "huge"):
        (subs / name / "exercises").mkdir(parents=True)
    (subs / "honest" / "exercises" / "tensors.py").write_text(REF)
    os.symlink("/proc/self/mem", subs / "mem" / "exercises" / "tensors.py")
    os.mkfifo(subs / "fifo" / "exercises" / "tensors.py")
    shutil.rmtree(subs / "folderlink" / "exercises")
    os.symlink(ROOT / "solutions", subs / "folderlink" / "exercises")
    (subs / "huge" / "exercises" / "tensors.py").write_text(REF + "#" * MAX_FILE_BYTES)
    zipped = zip_with_link(tmp_path)
    names = ["mem", "honest", "fifo", "folderlink", "huge"]
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "grader", "grade", *[str(subs / n) for n in names], str(zipped),
                           "--topics", "tensors", "--out", str(out), "--jobs", "2"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    reference = (ROOT / "solutions" / "tensors.py").read_text()
    body = next(line for line in reference.splitlines() if line.startswith("    return"))
    for name in names + ["zipped"]:
        result = json.loads((out / name / "result.json").read_text())
        feedback = (out / name / "feedback.md").read_text()
        assert body not in feedback
        if name == "honest":
            assert result["score"] == result["max_score"] > 0
            continue
        assert result["score"] == 0, name
        assert {e["status"] for e in result["exercises"]} == {"error"}, name
        assert "exercises/" in result["exercises"][0]["message"], name   # names what was refused
