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
    import numpy  # noqa: F401
    import torch  # noqa: F401
    import torch.utils.data  # noqa: F401
    try:
        import pandas  # noqa: F401
        import PIL.Image  # noqa: F401
        import torchvision.transforms  # noqa: F401
    except ImportError:
        pass
    import grader.worker.child  # noqa: F401


def serve(control: socket.socket) -> None:
    """Answer fork and wait requests until the trusted side closes the control socket."""
    from grader.worker import child

    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(control, 1 << 20, 4)
        except (ConnectionError, OSError):
            return
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    control.close()
                    child.main(fds[0], fds[1], request["config"])
                finally:
                    os._exit(70)
            for fd in fds:
                os.close(fd)
            reply = {"pid": pid}
        elif request["op"] == "wait":
            try:
                _, code = os.waitpid(request["pid"], 0)
                reply = _status(code)
            except ChildProcessError:
                reply = {"exitcode": -1}
        else:
            reply = {"error": f"unknown op {request['op']!r}"}
        control.sendall(json.dumps(reply).encode() + b"\n")


def main(fd: int) -> None:
    control = socket.socket(fileno=fd)
    _preload()
    control.sendall(b'{"ready": true}\n')
    serve(control)


if __name__ == "__main__":
    sys.exit(main())
