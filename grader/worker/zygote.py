"""The zygote: a fresh interpreter that imports torch once, then forks one child per request.

Started by ``grader.worker.pool`` with a control socket as fd 3. It never sees a solution or a
case: it receives a fork request with two file descriptors (the child's channel and the pipe for
its output) and a small JSON config, forks, and reports the pid; later it reports how that pid
ended. Forking after ``import torch`` makes each child start in milliseconds.
"""
from __future__ import annotations

import json
import os
import socket
import sys


def _status(code: int) -> dict:
    if os.WIFSIGNALED(code):
        return {"signal": os.WTERMSIG(code)}
    return {"exitcode": os.WEXITSTATUS(code) if os.WIFEXITED(code) else -1}


def _preload() -> None:
    os.environ.setdefault("MPLCONFIGDIR", "/tmp/matplotlib")   # writable inside the sandbox
    import numpy  # noqa: F401
    import torch  # noqa: F401
    import torch.utils.data  # noqa: F401
    for name in ("pandas", "PIL.Image", "torchvision.transforms", "torchmetrics"):
        try:                      # what exercises commonly import: paid once here, not per child
            __import__(name)
        except ImportError:
            pass
    import grader.worker.child  # noqa: F401
    import grader.worker.limits  # noqa: F401
    from grader import calls, chapters, forbidden, topics  # noqa: F401
    for topic in topics.TOPICS:   # every chapter's rules: children then import nothing from disk
        chapters.load(topic)


def _intermediate(fds: list[int], sandbox) -> None:
    """Fork the child into a new PID namespace, then end exactly as the child ends."""
    import ctypes
    import signal
    os.setsid()
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG: die with the zygote
    sandbox.new_pid_namespace_for_next_child()
    inner = os.fork()
    if inner == 0:
        return                                   # the child: carry on into child.main
    for fd in fds:
        os.close(fd)
    _, code = os.waitpid(inner, 0)
    if os.WIFSIGNALED(code):
        number = os.WTERMSIG(code)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    os._exit(os.WEXITSTATUS(code) if os.WIFEXITED(code) else 70)


def serve(control: socket.socket, sandboxed: bool) -> None:
    """Answer fork and wait requests until the trusted side closes the control socket."""
    from grader.worker import child, sandbox

    cgroup = sandbox.PidsCgroup() if sandboxed else None
    try:
        _loop(control, sandboxed, cgroup, child, sandbox)
    finally:
        if cgroup is not None:
            cgroup.close()


def _loop(control, sandboxed, cgroup, child, sandbox) -> None:
    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(control, 1 << 20, 4)
        except (ConnectionError, OSError):
            return
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "fork":
            go_read, go_write = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    control.close()
                    os.close(go_write)
                    os.read(go_read, 1)          # wait until placed in its cgroup
                    os.close(go_read)
                    if sandboxed:                # a PID namespace can be entered once per process:
                        _intermediate(fds, sandbox)  # this one, which forks the real child into it
                    child.main(fds[0], fds[1], dict(request["config"], sandboxed=sandboxed))
                except BaseException:  # noqa: BLE001 - a grader fault: say it in the child's output
                    import traceback
                    traceback.print_exc()
                    sys.stderr.flush()
                finally:
                    os._exit(70)
            if cgroup is not None:
                cgroup.place(pid)
            os.write(go_write, b"1")
            os.close(go_write)
            os.close(go_read)
            for fd in fds:
                os.close(fd)
            reply = {"pid": pid}
        elif request["op"] == "wait":
            try:
                _, code = os.waitpid(request["pid"], 0)
                reply = _status(code)
            except ChildProcessError:
                reply = {"exitcode": -1}
            if cgroup is not None:
                cgroup.release(request["pid"])
        else:
            reply = {"error": f"unknown op {request['op']!r}"}
        control.sendall(json.dumps(reply).encode() + b"\n")


def main(fd: int, hide: list[str] | None = None) -> None:
    """Preload, enter the sandbox when asked (``hide``: paths to cover), then serve."""
    control = socket.socket(fileno=fd)
    unavailable = None
    if hide is not None:          # before any import starts a thread: unshare needs one thread
        from grader.worker import sandbox
        unavailable = sandbox.enter_zygote_sandbox(hide)
    _preload()
    sandboxed = hide is not None and unavailable is None
    uid = sandbox.child_uid() if sandboxed else None
    reply = {"ready": True, "sandbox": sandboxed, "why": unavailable, "uid": uid}
    control.sendall(json.dumps(reply).encode() + b"\n")
    serve(control, sandboxed=sandboxed)


if __name__ == "__main__":
    sys.exit(main())
