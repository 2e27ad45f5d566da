"""The references' expected outcomes, computed once and stored beside the hidden cases.

Computing every reference outcome takes longer than importing torch (training and evaluation
cases train small models), so a cold grader would spend most of its start-up on it. The
outcomes of one topic are stored in ``grader/hidden/<topic>/expected.pt`` (instructor-only: the
sandbox covers that folder and the student release leaves it out), and reused while nothing
they depend on has changed.

What they depend on is the **key**, a SHA-256 over:

- the format of this file and the versions of torch, torchvision, torchmetrics and numpy, and
  the machine's architecture (floating-point results may differ in the last bits elsewhere);
- every case spec of the topic (what is called, with which inputs), by case id;
- the source of every grader module that can take part in computing an outcome (all of
  ``grader/`` except the modules listed in ``_NOT_IN_KEY``, which only present or route results,
  and except other topics' hidden folders), and of every file in ``solutions/``.

A new module is in the key by default: forgetting to list one costs a recomputation, never a
stale outcome. A file is ``MAGIC``, one line of JSON (the key, the payload's SHA-256 and size),
then the payload: ``torch.save`` of ``{case id: outcome}``, read with ``weights_only=True`` (no
pickle), and only after its digest matched. Anything wrong (missing, other key, bad digest,
unreadable, other case ids) means the file is not used: the outcomes are computed again and
the file rewritten. The digest detects damage, not a forger: whoever can write this folder can
already change the cases and solutions themselves.
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
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import torch

from grader import wire

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
        return {f"solutions/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    manifest = root / "grader" / "hidden" / SOLUTION_MANIFEST
    if manifest.is_file():
        return dict(json.loads(manifest.read_text(encoding="utf-8")))
    return {}


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


def key(topic: str, specs: dict[str, dict], root: Path = ROOT) -> str:
    """The digest of everything the outcomes of ``topic`` depend on (see the module docstring)."""
    digest = hashlib.sha256(MAGIC)
    digest.update(json.dumps({"topic": topic, "versions": _versions()}, sort_keys=True).encode())
    files = {f.relative_to(root).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
             for f in _sources(topic, root)}
    files.update(solution_digests(root))
    digest.update(json.dumps(sorted(files.items())).encode())
    for case_id in sorted(specs):
        text = json.dumps([case_id, wire.to_json(specs[case_id])], sort_keys=True).encode()
        digest.update(b"S" + len(text).to_bytes(8, "big") + text)
    return digest.hexdigest()


def encode(topic: str, wanted_key: str, expected: dict[str, Any]) -> bytes:
    """The bytes of a cache file; ``CacheError`` if the outcomes are not plain data."""
    buffer = io.BytesIO()
    torch.save({"topic": topic, "expected": expected}, buffer)
    payload = buffer.getvalue()
    try:                                    # what cannot be read back safely is never stored
        torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as exc:  # noqa: BLE001
        raise CacheError(f"the outcomes are not plain data ({type(exc).__name__}: {exc})") from None
    header = {"topic": topic, "key": wanted_key, "sha256": hashlib.sha256(payload).hexdigest(),
              "size": len(payload)}
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload


def decode(data: bytes, topic: str, wanted_key: str, case_ids: Iterable[str]) -> dict[str, Any]:
    """The outcomes stored in ``data``, if it is intact and current; else ``CacheError``."""
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
    expected = stored.get("expected") if isinstance(stored, dict) else None
    if not isinstance(expected, dict) or set(expected) != set(case_ids) or stored.get("topic") != topic:
        raise CacheError("it holds other cases than the topic has")
    return expected


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


def _compute(cases: list) -> dict[str, Any]:
    from grader import reference  # instructor-only; imported only when something must be computed
    if cases and not (ROOT / "solutions").is_dir():
        raise RuntimeError(f"the stored expected outcomes of {cases[0].topic} are not current and "
                           f"solutions/ is not here to compute them: rebuild this grader bundle with "
                           f"the library versions and machine type it runs on")
    return {case.id: reference.expected(case) for case in cases}


def outcomes(topic: str, cases: list, specs: dict[str, dict], *, folder: Path | None = None,
             store: bool = True) -> Loaded:
    """The expected outcome of every case of ``topic``: from the stored file when it is intact
    and current, else computed from solutions/ (and stored, when ``store``)."""
    wanted = key(topic, {c.id: specs[c.id] for c in cases})
    target = path(topic, folder)
    why = "no cache file"
    if target.is_file():
        try:
            if target.stat().st_size > MAX_BYTES:
                raise CacheError("too large")
            return Loaded(decode(target.read_bytes(), topic, wanted, [c.id for c in cases]), "loaded")
        except CacheError as exc:
            why = str(exc)
        except OSError as exc:
            why = f"unreadable ({exc.strerror})"
    print(f"reference cache for {topic}: computing the outcomes ({why})", file=sys.stderr)
    expected = _compute(cases)
    if not store:
        return Loaded(expected, "computed", why)
    try:
        write_atomic(target, encode(topic, wanted, expected))
    except (CacheError, OSError) as exc:
        print(f"note: reference cache for {topic} not stored: {exc}", file=sys.stderr)
    return Loaded(expected, "computed", why)


def ensure(topics: list[str], *, folder: Path | None = None) -> dict[str, Loaded]:
    """Make the stored outcomes of ``topics`` current (for a zip or an image to ship them)."""
    from grader import chapters, hidden
    done = {}
    for topic in topics:
        chapters.load(topic)
        cases = hidden.load(topic)
        done[topic] = outcomes(topic, cases, {c.id: c.spec() for c in cases}, folder=folder)
    return done
