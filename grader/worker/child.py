"""Inside a forked worker child: load the student's module, answer one call at a time.

Everything here runs next to student code and trusts nothing it returns: results are encoded to
plain data before they leave, and the trusted side decodes them with ``weights_only=True``.
"""
from __future__ import annotations

import ctypes
import dataclasses
import importlib.abc
import importlib.util
import os
import signal
import socket
import struct
import sys
import types
from typing import Any

from grader.outcome import CallOutcome, Kind, classify, returned
from grader.secrets import secret_modules

BLOCKED = secret_modules() + ("grader.grade", "grader.cli")


class _Blocker(importlib.abc.MetaPathFinder):
    """Student code may not import the references or the hidden cases."""

    def find_spec(self, name, path=None, target=None):  # noqa: D102
        if name.startswith(BLOCKED):
            raise ImportError(f"{name} is not available while grading")
        return None


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks, got = [], 0
    while got < size:
        chunk = sock.recv(min(size - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read(sock: socket.socket) -> Any:
    from grader import wire
    header = _recv_exact(sock, 8)
    if header is None:
        return None
    payload = _recv_exact(sock, struct.unpack("!Q", header)[0])
    return None if payload is None else wire.loads(payload)


def _send(sock: socket.socket, outcome: CallOutcome) -> None:
    from grader import wire
    try:
        frame = wire.pack(outcome.to_wire())
    except wire.TooLarge as exc:
        frame = wire.pack(classify(exc, ()).to_wire())
    sock.sendall(frame)


def _load_student(path: str, module_name: str) -> types.ModuleType:
    package, _, leaf = module_name.rpartition(".")
    if package and package not in sys.modules:
        pkg = types.ModuleType(package)
        pkg.__path__ = [os.path.dirname(path)]
        sys.modules[package] = pkg
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _write_files(workdir: str, files: dict) -> None:
    for relative, text in files.items():
        path = os.path.join(workdir, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def main(channel_fd: int, output_fd: int, config: dict) -> None:
    """Run in the forked child; never returns."""
    os.setsid()
    _die_with_parent()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(output_fd)
    sock = socket.socket(fileno=channel_fd)
    workdir = config["workdir"]
    if config.get("sandboxed"):
        from grader.worker import sandbox
        sandbox.isolate_child(workdir)
    os.chdir(workdir)
    os.environ["HOME"] = workdir
    os.environ["TMPDIR"] = workdir
    import tempfile
    tempfile.tempdir = workdir

    setup = _read(sock)                       # the student's files, sent by the trusted side
    if not isinstance(setup, dict) or "files" not in setup:
        os._exit(0)
    _write_files(workdir, setup["files"])

    from grader.worker import limits
    limits.apply(config["limits"])

    import torch
    torch.set_num_threads(1)
    from grader import calls, chapters, forbidden

    # No folder the student can write is on the import path: a module written at run time would be
    # code the static policy never read. The exercises package is registered by _load_student.
    own = os.path.realpath(workdir)
    sys.path[:] = [p for p in sys.path if p and p not in config["hide_paths"]
                   and not os.path.realpath(p).startswith(own)]
    sys.meta_path.insert(0, _Blocker())
    exercise = config["exercise"]
    topic = exercise.split(".")[0]
    roots = (os.path.join(workdir, "exercises"),)
    chapters.load(topic)
    forbidden.install_guards(exercise, roots)
    try:
        module = _load_student(os.path.join(workdir, "exercises", f"{topic}.py"), f"exercises.{topic}")
    except BaseException as exc:  # noqa: BLE001 - anything the student's import does is theirs
        outcome = classify(exc, roots)
        if outcome.kind == Kind.RAISED:
            outcome = dataclasses.replace(outcome, kind=Kind.IMPORT_ERROR)
        _send(sock, outcome)
        os._exit(0)
    _send(sock, CallOutcome(Kind.READY))
    while True:
        request = _read(sock)
        if request is None:
            os._exit(0)
        try:
            outcome = returned(calls.run_call(module, request["call"]))
        except BaseException as exc:  # noqa: BLE001
            outcome = classify(exc, roots)
        sys.stdout.flush()
        _send(sock, outcome)
