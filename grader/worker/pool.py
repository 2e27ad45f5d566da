"""The trusted side of the worker: start the zygote, fork children, talk to them, end them."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grader import wire
from grader.outcome import CallOutcome, Ending, Kind, ended
from grader.secrets import SECRET_PATHS
from grader.worker.limits import Limits

GRADER_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = GRADER_DIR.parent

# The zygote starts isolated (-I: no PYTHON* variables, no user site, no script folder on the
# path) and sees the grader through a folder that holds only a link to it: not solutions/.
BOOT = (
    "import sys, json; cfg = json.loads(sys.argv[1]); "
    "sys.path[:] = cfg['path']; "
    "from grader.worker.zygote import main; main(cfg['fd'], cfg['hide'])"
)


class _Output(threading.Thread):
    """Drains a child's stdout/stderr, keeping the first ``limit`` bytes."""

    def __init__(self, fd: int, limit: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.limit, self.kept, self.total = fd, limit, bytearray(), 0

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.total += len(chunk)
            room = self.limit - len(self.kept)
            if room > 0:
                self.kept += chunk[:room]
        os.close(self.fd)

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        if self.total > len(self.kept):
            text += f"\n... ({self.total - len(self.kept):,} more bytes of output dropped)"
        return text


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Child:
    """One forked worker: a channel, an output drain, and a pid to end."""

    def __init__(self, zygote: "Zygote", pid: int, channel: socket.socket, output: _Output,
                 workdir: str | None, limits: Limits) -> None:
        self.zygote, self.pid, self.channel, self.output = zygote, pid, channel, output
        self.workdir, self.limits, self.alive = workdir, limits, True

    def _recv_exact(self, size: int, deadline: float) -> bytes | None:
        chunks, got = [], 0
        while got < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.channel.settimeout(remaining)
            try:
                chunk = self.channel.recv(min(size - got, 1 << 20))
            except socket.timeout:
                raise TimeoutError from None
            except OSError:
                return None
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def receive(self, timeout: float) -> CallOutcome:
        """The child's next outcome, or how it ended instead.

        Reading and decoding both count against ``timeout``: a reply that arrives in time but
        takes long to decode is a timeout too. Nothing the child sends is trusted: a frame that
        is too large, undecodable or not an outcome ends the child.
        """
        deadline = time.monotonic() + timeout
        try:
            header = self._recv_exact(8, deadline)
            if header is not None:
                size = struct.unpack("!Q", header)[0]
                if size > wire.MAX_FRAME:
                    self.stop()
                    return ended(Ending.OVERSIZED, size=size)
                payload = self._recv_exact(size, deadline)
                if payload is not None:
                    try:
                        message = wire.loads_bounded(payload)
                    except wire.Refused:
                        self.stop()
                        return ended(Ending.GARBLED)
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    outcome = CallOutcome.from_wire(message)
                    if outcome.kind == Kind.ENDED:
                        self.stop()
                    return outcome
        except TimeoutError:
            self.stop()
            return ended(Ending.TIMEOUT, seconds=timeout)
        return self._ended()

    def call(self, call: dict, timeout: float) -> CallOutcome:
        try:
            self.channel.sendall(wire.pack({"call": call}))
        except OSError:
            return self._ended()
        return self.receive(timeout)

    def _ended(self) -> CallOutcome:
        """The channel closed: find out how the process ended (from its exit status alone)."""
        status = self.stop(grace=1.0)
        if "signal" in status:
            number = status["signal"]
            if number == signal.SIGXCPU:
                return ended(Ending.CPU, cpu_seconds=self.limits.cpu_seconds)
            if number == signal.SIGKILL:
                return ended(Ending.KILLED)
            return ended(Ending.SIGNAL, signal=_signal_name(number))
        return ended(Ending.EXITED, code=status.get("exitcode"))

    def stop(self, grace: float = 0.0) -> dict:
        """End the child's process group and reap it; its exit status.

        ``grace``: how long to let a child that closed its channel finish dying by itself, so that
        its own exit code or signal is what we report.
        """
        if not self.alive:
            return {}
        self.alive = False
        try:
            self.channel.close()
        except OSError:
            pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and not _is_dead(self.pid):
            time.sleep(0.005)
        for target in (-self.pid, self.pid):  # the group: grandchildren it left behind too
            try:
                os.kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        status = self.zygote.wait(self.pid)
        self.output.join(timeout=2)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return status


def _is_dead(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _library_paths() -> list[str]:
    """The interpreter's own and site-packages folders: everything but the course's source."""
    keep = []
    for entry in sys.path:
        if not entry or Path(entry).resolve() == REPO_ROOT:
            continue
        if "site-packages" in entry or "lib-dynload" in entry or entry.endswith(".zip") \
                or Path(entry, "os.py").exists():
            keep.append(entry)
    return keep


def hidden_paths(extra: list[str] | tuple = ()) -> list[str]:
    """What student code must not see: references, cases, catalogue, results, submissions."""
    repo = REPO_ROOT
    base = [repo / path for path in SECRET_PATHS] + [
            repo / "examples", repo / "tests", repo / ".git", repo / "out", repo / "dist",
            repo / "nbgrader_course"]
    found = []
    for path in base + [Path(p) for p in extra]:
        path = Path(path).resolve()
        if path.exists() and str(path) not in found and path != Path("/"):
            found.append(str(path))
    return found


class Zygote:
    """A process that has imported torch and forks worker children on request.

    ``sandbox``: run it in Linux namespaces (see grader/worker/sandbox.py) hiding
    ``hidden_paths(hide)``; where namespaces are unavailable it runs without, and
    ``sandbox_note`` says why.
    """

    def __init__(self, *, sandbox: bool = True, hide: list[str] | tuple = (),
                 python: str | None = None) -> None:
        self._lock = threading.Lock()
        parent, child = socket.socketpair()
        shim = tempfile.mkdtemp(prefix="grader-path-")
        os.chmod(shim, 0o755)     # a child running as another uid must read the link it holds
        os.symlink(GRADER_DIR, os.path.join(shim, "grader"))
        self._shim = shim
        self.hide_paths = [str(REPO_ROOT)]
        config = {"path": [shim] + _library_paths(), "fd": child.fileno(),
                  "hide": hidden_paths(hide) if sandbox else None}
        cmd = [python or sys.executable, "-I", "-c", BOOT, json.dumps(config)]
        self.process = subprocess.Popen(cmd, pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        child.close()
        self.control = parent
        self._buffer = b""
        self._statuses: dict[int, dict] = {}
        ready = self._reply()
        if not ready.get("ready"):
            raise RuntimeError(f"the grading worker did not start: {ready}")
        self.sandboxed: bool = bool(ready.get("sandbox"))
        # The uid student code runs as, when the sandbox switches to one (run as root): None
        # means the children keep the zygote's uid (that of whoever runs the grader).
        self.child_uid: int | None = ready.get("uid")
        self.sandbox_note: str | None = None if self.sandboxed else (
            ready.get("why") or "sandbox turned off")

    def _reply(self) -> dict:
        while b"\n" not in self._buffer:
            chunk = self.control.recv(65536)
            if not chunk:
                raise RuntimeError("the grading worker's zygote exited (see its stderr above)")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def spawn(self, config: dict, files: dict[str, str], limits: Limits) -> Child:
        """Fork a child for one exercise and hand it the student's ``files`` (relative path: text)."""
        if self.sandboxed:
            workdir, own = "/tmp/work", None          # inside the child's private /tmp
        else:
            workdir = own = tempfile.mkdtemp(prefix="grader-work-")
        ours, theirs = socket.socketpair()
        read_fd, write_fd = os.pipe()
        full = dict(config, workdir=workdir, limits=limits.to_json(), hide_paths=self.hide_paths)
        with self._lock:
            socket.send_fds(self.control, [json.dumps({"op": "fork", "config": full}).encode()],
                            [theirs.fileno(), write_fd])
            reply = self._reply()
        theirs.close()
        os.close(write_fd)
        output = _Output(read_fd, limits.output_bytes)
        output.start()
        child = Child(self, reply["pid"], ours, output, own, limits)
        try:
            ours.sendall(wire.pack({"files": files}))
        except OSError:
            pass                                        # it died already: receive() will say how
        return child

    def wait(self, pid: int) -> dict:
        with self._lock:
            socket.send_fds(self.control, [json.dumps({"op": "wait", "pid": pid}).encode()], [])
            return self._reply()

    def close(self) -> None:
        try:
            self.control.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self._shim, ignore_errors=True)

