"""The references' expected outcomes, computed once and stored beside the hidden cases.

Computing every reference outcome takes longer than importing torch (training and evaluation
cases train small models), so a cold grader would spend most of its start-up on it. The cases'
specs (their inputs as plain data) and expected outcomes of one topic are stored together in
``grader/hidden/<topic>/expected.pt`` (instructor-only: the sandbox covers that folder and the
student release leaves it out), and reused while nothing they depend on has changed. Grading
sends the stored specs to the worker, so inputs and outcomes are always a matched pair: float
noise in building inputs (thread count, CPU features) can never pair one with the other's twin.

What they depend on is the **key**, a SHA-256 over:

- the format of this file, the versions of torch, torchvision, torchmetrics and numpy, and the
  machine's architecture (floating-point results may differ in the last bits elsewhere);
- each case's id, seed, visibility, points and timeout, in order;
- the SHA-256 of every grader module that can take part in building inputs or computing an
  outcome (all of ``grader/`` except the modules listed in ``_NOT_IN_KEY``, which only present or
  route results, and except other topics' hidden folders: a case's code is in its topic's
  ``cases.py``), and of every file in ``solutions/`` (a grader bundle that ships without the
  solutions carries their digests in ``grader/hidden/solutions.sha256``).

A new module is in the key by default: forgetting to list one costs a recomputation, never a
stale outcome. A file is ``MAGIC``, one line of JSON (the key, the payload's SHA-256 and size),
then the payload: ``torch.save`` of ``{"topic", "specs", "expected"}``, read with
``weights_only=True`` (no pickle), and only after its digest matched. Anything wrong (missing,
other key, bad digest, unreadable, other case ids) means the file is not used: everything is
computed again and the file rewritten. The digest detects damage, not a forger: whoever can
write this folder can already change the cases and solutions themselves.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import torch


ROOT = Path(__file__).resolve().parents[1]
MAGIC = b"course-grader reference cache v1\n"
MAX_HEADER = 4096
MAX_BYTES = 512 * 2**20
SOLUTION_MANIFEST = "solutions.sha256"
# Parts of grader/ that never take part in computing an outcome: they route, store or present
# results, or serve students and instructors' other tools (paths relative to grader/).
_NOT_IN_KEY = ("cli.py", "__main__.py", "batch.py", "report.py", "release.py", "release_files",
               "exports", "nbgrader", "audit.py", "examples.py", "check.py", "freeze.py", "lab",
               "shards.py")
_VERSIONED = ("torch", "torchvision", "torchmetrics", "numpy")


class CacheError(Exception):
    """Why a stored file was not used (the message says what was wrong)."""


@dataclass
class Loaded:
    """The outcomes of one topic and where they came from (``"loaded"`` or ``"computed"``)."""

    specs: dict[str, dict]
    expected: dict[str, Any]
    source: str
    note: str = ""


def cache_dir() -> Path:
    """Where the files live: ``$GRADER_REFERENCE_CACHE`` if set, else ``grader/hidden``."""
    configured = os.environ.get("GRADER_REFERENCE_CACHE")
    return Path(configured) if configured else ROOT / "grader" / "hidden"


def path(topic: str, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / topic / "expected.pt"


def _sources(topic: str, root: Path) -> list[Path]:
    """The files whose bytes are in the key, in a fixed order."""
    grader_dir = root / "grader"
    hidden = grader_dir / "hidden"
    chosen = []
    for file in sorted(grader_dir.rglob("*.py")):
        relative = file.relative_to(grader_dir)
        if "__pycache__" in relative.parts or relative.parts[0] in _NOT_IN_KEY:
            continue
        if file.is_relative_to(hidden) and len(relative.parts) > 2 and relative.parts[1] != topic:
            continue       # another topic's cases or catalogue: not this topic's outcomes
        chosen.append(file)
    return chosen


def solution_digests(root: Path = ROOT) -> dict[str, str]:
    """SHA-256 of each file of ``solutions/``; where a grader bundle ships without solutions,
    the digests recorded when it was built (``grader/hidden/solutions.sha256``)."""
    files = sorted((root / "solutions").glob("*.py"))
    if files:
        return {f"solutions/{f.name}": _file_digest(f) for f in files}
    manifest = root / "grader" / "hidden" / SOLUTION_MANIFEST
    if manifest.is_file():
        return dict(json.loads(manifest.read_text(encoding="utf-8")))
    return {}


@lru_cache(maxsize=None)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    """A file's SHA-256, read once per process for as long as its size and mtime stay the same."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _file_digest(file: Path) -> str:
    stat = file.stat()
    return _digest(str(file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    found = {}
    for name in _VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    found["torch.__version__"] = torch.__version__    # a source build may carry no metadata
    found["machine"] = platform.machine()
    return found


def _case_line(case: Any) -> list:
    return [case.id, case.seed, case.hidden, case.points, case.timeout]


def key(topic: str, cases: list, root: Path = ROOT) -> str:
    """The digest of everything the outcomes of ``topic`` depend on (see the module docstring)."""
    digest = hashlib.sha256(MAGIC)
    digest.update(json.dumps({"topic": topic, "versions": dict(_versions())}, sort_keys=True).encode())
    files = {f.relative_to(root).as_posix(): _file_digest(f) for f in _sources(topic, root)}
    files.update(solution_digests(root))
    digest.update(json.dumps(sorted(files.items())).encode())
    digest.update(json.dumps([_case_line(c) for c in cases]).encode())
    return digest.hexdigest()


def encode(topic: str, wanted_key: str, specs: dict[str, dict], expected: dict[str, Any]) -> bytes:
    """The bytes of a cache file; ``CacheError`` if the specs or outcomes are not plain data."""
    buffer = io.BytesIO()
    torch.save({"topic": topic, "specs": specs, "expected": expected}, buffer)
    payload = buffer.getvalue()
    try:                                    # what cannot be read back safely is never stored
        torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as exc:  # noqa: BLE001
        raise CacheError(f"the outcomes are not plain data ({type(exc).__name__}: {exc})") from None
    header = {"topic": topic, "key": wanted_key, "sha256": hashlib.sha256(payload).hexdigest(),
              "size": len(payload)}
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload


def decode(data: bytes, topic: str, wanted_key: str,
           case_ids: Iterable[str]) -> tuple[dict[str, dict], dict[str, Any]]:
    """The specs and outcomes stored in ``data``, if it is intact and current; else ``CacheError``."""
    if not data.startswith(MAGIC):
        raise CacheError("not a reference cache file")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise CacheError("no header")
    try:
        header = json.loads(data[len(MAGIC):end])
    except ValueError:
        raise CacheError("unreadable header") from None
    if not isinstance(header, dict):
        raise CacheError("unreadable header")
    if header.get("topic") != topic or header.get("key") != wanted_key:
        raise CacheError("stale: the cases, references, grader or library versions changed")
    payload = data[end + 1:]
    if header.get("size") != len(payload) or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        raise CacheError("damaged: the content does not match its digest")
    try:
        stored = torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as exc:  # noqa: BLE001
        raise CacheError(f"unreadable content ({type(exc).__name__})") from None
    if not isinstance(stored, dict) or stored.get("topic") != topic:
        raise CacheError("it holds another topic")
    specs, expected, ids = stored.get("specs"), stored.get("expected"), set(case_ids)
    if not isinstance(specs, dict) or not isinstance(expected, dict) or set(specs) != ids or set(expected) != ids:
        raise CacheError("it holds other cases than the topic has")
    return specs, expected


def write_atomic(target: Path, data: bytes) -> None:
    """Readers (other shards, other test processes) see the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _compute(cases: list) -> tuple[dict[str, dict], dict[str, Any]]:
    from grader import reference  # instructor-only; imported only when something must be computed
    if cases and not (ROOT / "solutions").is_dir():
        raise RuntimeError(f"the stored expected outcomes of {cases[0].topic} are not current and "
                           f"solutions/ is not here to compute them: rebuild this grader bundle with "
                           f"the library versions and machine type it runs on")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)     # as the batch grades: float results do not depend on the core count
    try:
        return {c.id: c.spec() for c in cases}, {c.id: reference.expected_wire(c) for c in cases}
    finally:
        torch.set_num_threads(threads)


def outcomes(topic: str, cases: list, *, folder: Path | None = None, store: bool = True) -> Loaded:
    """The spec and expected outcome of every case of ``topic``: from the stored file when it is
    intact and current, else computed from solutions/ (and stored, when ``store``)."""
    wanted = key(topic, cases)
    target = path(topic, folder)
    why = "no cache file"
    if target.is_file():
        try:
            if target.stat().st_size > MAX_BYTES:
                raise CacheError("too large")
            specs, expected = decode(target.read_bytes(), topic, wanted, [c.id for c in cases])
            return Loaded(specs, expected, "loaded")
        except CacheError as exc:
            why = str(exc)
        except OSError as exc:
            why = f"unreadable ({exc.strerror})"
    print(f"reference cache for {topic}: computing the outcomes ({why})", file=sys.stderr)
    specs, expected = _compute(cases)
    if store:
        try:
            write_atomic(target, encode(topic, wanted, specs, expected))
        except (CacheError, OSError) as exc:
            print(f"note: reference cache for {topic} not stored: {exc}", file=sys.stderr)
    return Loaded(specs, expected, "computed", why)


def ensure(topics: list[str], *, folder: Path | None = None) -> dict[str, Loaded]:
    """Make the stored outcomes of ``topics`` current (for a zip or an image to ship them)."""
    from grader import chapters, hidden
    done = {}
    for topic in topics:
        chapters.load(topic)
        done[topic] = outcomes(topic, hidden.load(topic), folder=folder)
    return done
