"""Split a batch over the tasks of a job array, and merge their results folders into one.

Sharding: ``grade SUBS... --shard K/N`` (K counts from 0, as a Kubernetes indexed Job's
``JOB_COMPLETION_INDEX`` does) sorts the submissions by name and keeps every N-th, starting at
the K-th: shards differ by at most one submission, and the split depends only on the names, so
every task of the array computes the same split from the same list, on any machine.

Each shard writes ``shard.json`` into its results folder before grading: its K and N, the names
it was given and the names it was assigned. ``merge`` uses it to name what is missing, whether a
task never ran, died halfway or was given another list.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, TypeVar

METADATA = "shard.json"
METHOD = "sorted-round-robin"
T = TypeVar("T")


class ShardError(ValueError):
    """A bad shard request or an inconsistent set of results (the CLI prints it, exit 2)."""


def parse(text: str) -> tuple[int, int]:
    """``"K/N"`` -> ``(K, N)``, with 0 <= K < N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise ShardError(f"--shard {text!r}: expected K/N, for example 0/4 (K counts from 0)")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or k >= n:
        raise ShardError(f"--shard {text}: K must be 0 to {max(n - 1, 0)} for N={n} (K counts from 0)")
    return k, n


def share(names: Sequence[str], k: int, n: int) -> list[str]:
    """The names shard ``k`` of ``n`` grades: the sorted names at positions k, k+n, k+2n, ..."""
    if len(set(names)) != len(names):
        duplicate = sorted({x for x in names if list(names).count(x) > 1})[0]
        raise ShardError(f"two submissions share the name {duplicate!r}; names must be unique to shard")
    return sorted(names)[k::n]


def select(items: Sequence[T], names: Sequence[str], k: int, n: int) -> list[T]:
    """The items whose names are in shard ``k`` of ``n``, in their given order."""
    chosen = set(share(names, k, n))
    return [item for item, name in zip(items, names) if name in chosen]


def write_metadata(out: Path, k: int, n: int, names: Sequence[str]) -> Path:
    from grader.report import write_atomic
    data = {"shard": k, "of": n, "method": METHOD, "given": sorted(names),
            "assigned": share(names, k, n)}
    target = out / METADATA
    write_atomic(target, json.dumps(data, indent=1) + "\n")
    return target


@dataclass
class Merged:
    """What ``merge`` wrote and what it found missing."""

    names: list[str]
    missing: list[str] = field(default_factory=list)
    missing_shards: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _results(folder: Path) -> dict[str, Path]:
    """Submission name -> its result folder, for every ``<name>/result.json`` under ``folder``."""
    found = {}
    for result in sorted(folder.glob("*/result.json")):
        try:
            data = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ShardError(f"{result}: not a readable result ({exc})") from None
        if not isinstance(data, dict) or data.get("submission") != result.parent.name:
            raise ShardError(f"{result}: it names another submission than its folder")
        found[result.parent.name] = result.parent
    return found


def _metadata(folder: Path) -> dict | None:
    path = folder / METADATA
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"shard": int(data["shard"]), "of": int(data["of"]), "given": list(data["given"]),
                "assigned": list(data["assigned"])}
    except (OSError, ValueError, KeyError, TypeError):
        raise ShardError(f"{path}: unreadable shard metadata") from None


def _expected(folders: list[Path], expected: list[str] | None) -> tuple[set[str] | None, list[str], list[str]]:
    """The names that should be there, which shards are missing, and notes on inconsistencies."""
    metas = {folder: _metadata(folder) for folder in folders}
    shards = [m for m in metas.values() if m is not None]
    notes, missing_shards = [], []
    wanted: set[str] | None = set(expected) if expected is not None else None
    if shards:
        counts = {m["of"] for m in shards}
        lists = {tuple(m["given"]) for m in shards}
        if len(counts) > 1 or len(lists) > 1:
            raise ShardError("the shards were not split from the same list: their shard.json files "
                             "disagree on N or on the submissions given")
        n, given = counts.pop(), list(lists.pop())
        seen = [m["shard"] for m in shards]
        twice = sorted({k for k in seen if seen.count(k) > 1})
        if twice:
            raise ShardError(f"shard {twice[0]}/{n} appears twice among the folders")
        missing_shards = [f"{k}/{n}" for k in range(n) if k not in seen]
        if wanted is None:
            wanted = set(given)
        elif set(given) != wanted:
            notes.append("the shards were given another list of submissions than --expected")
    return wanted, missing_shards, notes


def merge(folders: Sequence[Path], out: Path, *, expected: list[str] | None = None) -> Merged:
    """Copy every result of ``folders`` into ``out`` unchanged, rebuild the gradebook there.

    Refuses (ShardError, nothing written) a submission found in two folders, and an ``out`` that
    already holds results; reports the submissions that ``expected`` or the shards' metadata
    name but no folder holds.
    """
    from grader.batch import gradebook_csv, load_results
    from grader.report import write_atomic
    folders = [Path(f) for f in folders]
    for folder in folders:
        if not folder.is_dir():
            raise ShardError(f"{folder}: no such results folder")
    found: dict[str, Path] = {}
    for folder in folders:
        for name, place in _results(folder).items():
            if name in found:
                raise ShardError(f"submission {name!r} is in two results folders ({found[name].parent} and "
                                 f"{folder}); merge each submission from one shard only")
            found[name] = place
    wanted, missing_shards, notes = _expected(folders, expected)
    if out.exists() and any(out.glob("*/result.json")):
        raise ShardError(f"{out} already holds results; merge into a new folder")
    for name, place in sorted(found.items()):
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        for file in place.iterdir():         # result.json and feedback.md, byte for byte
            if file.is_file() and not file.name.startswith("."):
                shutil.copyfile(file, target / file.name)
    write_atomic(out / "gradebook.csv", gradebook_csv(load_results(out)))
    missing = sorted(wanted - set(found)) if wanted is not None else []
    if wanted is not None:
        extra = sorted(set(found) - wanted)
        if extra:
            notes.append(f"{len(extra)} result(s) not in the expected list: {', '.join(extra[:10])}")
    return Merged(sorted(found), missing, missing_shards, notes)
