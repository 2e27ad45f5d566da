"""Inside a forked worker child: load the student's module, answer one call at a time.

Everything here runs next to student code and trusts nothing it returns: results are encoded to
plain data before they leave, and the trusted side decodes them with ``weights_only=True``.
"""
from __future__ import annotations

import ctypes
import importlib.abc
import importlib.util
import os
import signal
import socket
import struct
import sys
import traceback
import types
from typing import Any

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


def _send(sock: socket.socket, obj: Any) -> None:
    from grader import wire
    try:
        frame = wire.pack(obj)
    except wire.TooLarge as exc:
        frame = wire.pack({"status": "too_large", "message": f"the result is too large to grade: {exc}"})
    sock.sendall(frame)


def _student_traceback(exc: BaseException, roots: tuple[str, ...]) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(roots)]
    for frame in frames:
        for root in roots:
            if frame.filename.startswith(root):
                frame.filename = "exercises" + frame.filename[len(root):]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-4000:]


def _is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "not enough memory" in text
                                              or "DefaultCPUAllocator" in text)


def outcome_of(exc: BaseException, roots: tuple[str, ...]) -> dict:
    """What an exception from a call means (shared with the trusted side's public checks)."""
    from grader.forbidden import ForbiddenCall
    from grader.wire import TooLarge
    if isinstance(exc, NotImplementedError):
        return {"status": "not_attempted", "message": "not implemented yet (raises NotImplementedError)"}
    if isinstance(exc, ForbiddenCall):
        return {"status": "forbidden", "message": str(exc)}
    if isinstance(exc, TooLarge):
        return {"status": "too_large", "message": f"the result is too large to grade: {exc}"}
    if _is_memory_error(exc):
        return {"status": "memory", "message": f"ran out of memory: {type(exc).__name__}: {str(exc)[:200]}"}
    if isinstance(exc, SystemExit):
        return {"status": "raised", "type": "SystemExit", "mro": ["SystemExit", "BaseException"],
                "message": f"called sys.exit({exc.code!r}); return a value instead", "traceback": ""}
    mro = [c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"]
    try:
        message = str(exc)[:2000]
    except Exception:  # a lying __str__
        message = "<unprintable message>"
    return {"status": "raised", "type": type(exc).__name__, "mro": mro, "message": message,
            "traceback": _student_traceback(exc, roots)}


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

    sys.path[:] = [workdir] + [p for p in sys.path if p not in config["hide_paths"]]
    sys.meta_path.insert(0, _Blocker())
    exercise = config["exercise"]
    topic = exercise.split(".")[0]
    roots = (os.path.join(workdir, "exercises"),)
    chapters.load(topic)
    forbidden.install_guards(exercise, roots)
    try:
        module = _load_student(os.path.join(workdir, "exercises", f"{topic}.py"), f"exercises.{topic}")
    except BaseException as exc:  # noqa: BLE001 - anything the student's import does is theirs
        outcome = outcome_of(exc, roots)
        if outcome["status"] == "raised":
            outcome = {"status": "import_error", "message": f"{outcome['type']}: {outcome['message']}",
                       "traceback": outcome["traceback"]}
        _send(sock, outcome)
        os._exit(0)
    _send(sock, {"status": "ready"})
    while True:
        request = _read(sock)
        if request is None:
            os._exit(0)
        try:
            result = calls.run_call(module, request["call"])
            outcome = {"status": "ok", "result": result}
        except BaseException as exc:  # noqa: BLE001
            outcome = outcome_of(exc, roots)
        sys.stdout.flush()
        _send(sock, outcome)
