"""A batch split over a job array and merged back equals the batch graded at once, byte for byte
apart from timings; merge refuses a submission graded twice and names what never came back."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader import shards
from helpers import ROOT, reference_source, stub_source

NAMES = ["erin", "alice", "dave", "carol", "bob"]


def test_shards_are_disjoint_balanced_and_cover_every_submission():
    names = [f"s{i:03d}" for i in range(23)]
    for n in (1, 2, 3, 5, 23, 30):
        parts = [shards.share(names, k, n) for k in range(n)]
        flat = [x for part in parts for x in part]
        assert sorted(flat) == sorted(names) and len(flat) == len(set(flat))
        assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_the_split_depends_only_on_the_names_not_their_order():
    names = [f"s{i}" for i in range(10)]
    assert [shards.share(names, k, 3) for k in range(3)] == \
           [shards.share(list(reversed(names)), k, 3) for k in range(3)]


@pytest.mark.parametrize("text", ["2/2", "3/2", "-1/2", "a/b", "1", "0/0", ""])
def test_a_bad_shard_is_refused_with_its_reason(text):
    with pytest.raises(shards.ShardError, match="K"):
        shards.parse(text)


def test_two_submissions_with_one_name_cannot_be_sharded():
    with pytest.raises(shards.ShardError, match="'bob'"):
        shards.share(["bob", "amy", "bob"], 0, 2)


def grade(paths: list[str], out: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "grader", "grade", *paths, "--out", str(out), "--topics", "tensors",
           "--jobs", "1", "--quiet", *extra]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def merge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", "merge", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Five submissions graded at once, and as shards 0/2 and 1/2."""
    tmp = tmp_path_factory.mktemp("shards")
    sources = [reference_source("tensors"), stub_source("tensors"),
               reference_source("tensors").replace("correction=0", "correction=1")]
    paths = []
    for i, name in enumerate(NAMES):
        folder = tmp / "subs" / name / "exercises"
        folder.mkdir(parents=True)
        (folder / "tensors.py").write_text(sources[i % 3])
        paths.append(str(folder.parent))
    grade(paths, tmp / "whole")
    for k in (0, 1):
        grade(paths, tmp / f"shard{k}", "--shard", f"{k}/2")
    return tmp, paths


def without_timing(text: str) -> str:
    return re.sub(r'"seconds": [0-9.e+-]+', '"seconds": T', text)


def test_merged_shards_equal_the_unsharded_results_byte_for_byte(graded):
    tmp, _ = graded
    assert len(list((tmp / "shard0").glob("*/result.json"))) == 3       # sorted: alice, carol, erin
    assert len(list((tmp / "shard1").glob("*/result.json"))) == 2
    done = merge(str(tmp / "shard0"), str(tmp / "shard1"), "--out", str(tmp / "merged"))
    assert done.returncode == 0, done.stderr
    whole, merged = tmp / "whole", tmp / "merged"
    files = sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    assert len(files) == 2 * len(NAMES) + 1                               # result, feedback, gradebook
    for relative in files:
        a, b = (whole / relative).read_text(), (merged / relative).read_text()
        if relative.name == "result.json":
            assert '"seconds"' in a
            a, b = without_timing(a), without_timing(b)
        assert a == b, relative
    scores = [line.split(",")[-2] for line in (merged / "gradebook.csv").read_text().splitlines()[1:]]
    assert len(set(scores)) == 3            # right, stub and mistaken work scored differently


def test_merge_refuses_a_submission_found_in_two_folders(graded):
    tmp, _ = graded
    done = merge(str(tmp / "whole"), str(tmp / "shard1"), "--out", str(tmp / "dup"))
    assert done.returncode == 2
    assert "is in two results folders" in done.stderr and ("'bob'" in done.stderr or "'dave'" in done.stderr)
    assert not (tmp / "dup").exists()


def test_merge_names_the_missing_shard_and_its_submissions(graded):
    tmp, _ = graded
    done = merge(str(tmp / "shard0"), "--out", str(tmp / "partial"))
    assert done.returncode == 1
    assert "1/2" in done.stderr and "missing 2 submission(s): bob, dave" in done.stderr
    assert len(list((tmp / "partial").glob("*/result.json"))) == 3


def test_merge_checks_against_an_expected_list(graded, tmp_path):
    tmp, paths = graded
    listing = tmp_path / "expected.txt"
    listing.write_text("\n".join(paths + ["/somewhere/frank/"]) + "\n")
    done = merge(str(tmp / "whole"), "--out", str(tmp_path / "m"), "--expected", str(listing))
    assert done.returncode == 1 and "missing 1 submission(s): frank" in done.stderr


def test_merge_refuses_shards_split_from_different_lists(graded, tmp_path):
    tmp, paths = graded
    other = tmp_path / "other"
    grade(paths[:3], other, "--shard", "1/2")
    done = merge(str(tmp / "shard0"), str(other), "--out", str(tmp_path / "m"))
    assert done.returncode == 2 and "not split from the same list" in done.stderr
