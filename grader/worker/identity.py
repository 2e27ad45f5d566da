"""Who student code runs as: the user namespace's id maps, the switch to an unprivileged uid, and
dropping every capability.

Run as root (CI, Gradescope), uid 0 inside the sandbox's user namespace would be the machine's
real root: files owned by root with an owner-write bit (``/proc/sys/kernel/core_pattern``, every
sysctl) would be writable without any capability. So, when the grader runs as root, the zygote's
namespace maps two ids, 0 to 0 (the zygote, which must set up mounts) and ``UNPRIVILEGED`` to
itself, and each child switches to ``UNPRIVILEGED`` (nobody) after its mounts are set up and
before any student code runs. The maps are written by a helper left in the parent namespace,
since a process cannot map ids other than its own from inside its new namespace.

Run as an ordinary user, the namespace maps only that user's own id (no helper could map more),
which is no more privileged than the user running the grader.
"""
from __future__ import annotations

import ctypes
import os
import signal

from grader.worker import seccomp
from grader.worker.mounts import SandboxError, check

CLONE_NEWUSER = 0x10000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 4, 24, 38
UNPRIVILEGED = 65534          # nobody / nogroup: owns nothing on the machine

_libc = ctypes.CDLL(None, use_errno=True)


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _map_from_outside(maps: str) -> tuple[int, int]:
    """Fork a helper that stays in this (parent) namespace and writes ``maps`` for us once we
    have unshared. Returns (its pid, the pipe end that tells it to go)."""
    go_read, go_write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1                  # the parent sees this exit code and falls back on failure
        try:
            os.close(go_write)
            if os.read(go_read, 1) == b"1":
                _write(f"/proc/{parent}/uid_map", maps)
                _write(f"/proc/{parent}/gid_map", maps)
                code = 0
        finally:
            os._exit(code)
    os.close(go_read)
    return pid, go_write


def enter_user_namespace() -> int | None:
    """Unshare a user namespace and map ids; the uid children switch to (None: stay as they are).

    Raises:
        SandboxError: no user namespace could be made here.
    """
    uid, gid = os.getuid(), os.getgid()
    helper = go = None
    if uid == 0:
        helper, go = _map_from_outside(f"0 0 1\n{UNPRIVILEGED} {UNPRIVILEGED} 1\n")
    try:
        check(_libc.unshare(CLONE_NEWUSER), "unshare(user)")
    except SandboxError:
        if helper is not None:
            os.close(go)
            os.waitpid(helper, 0)
        raise
    if helper is not None:
        os.write(go, b"1")
        os.close(go)
        _, status = os.waitpid(helper, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            return UNPRIVILEGED
    _write("/proc/self/setgroups", "deny")      # required before an unprivileged gid_map
    _write("/proc/self/uid_map", f"0 {uid} 1")
    _write("/proc/self/gid_map", f"0 {gid} 1")
    return None


def limit_nested_user_namespaces() -> None:
    """No process in our user namespace may create another (where it would be root again and
    could mount over its own view); the limit is per namespace, so the machine is untouched."""
    try:
        _write("/proc/sys/user/max_user_namespaces", "0")
    except OSError:
        pass                                   # an older kernel: the other layers still hold


def become(uid: int) -> None:
    """Switch the calling process, for good, to ``uid`` (and the same gid), with no groups."""
    check(_libc.setgroups(0, None), "setgroups")
    check(_libc.setresgid(uid, uid, uid), "setresgid")
    check(_libc.setresuid(uid, uid, uid), "setresuid")


def drop_privileges(uid: int | None) -> None:
    """No capability now or after an exec, no way to gain one, and ``uid`` when given."""
    for cap in range(64):                      # the bounding set needs CAP_SETPCAP: before become
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if seccomp.supported():
        seccomp.install()
    if uid is not None:
        become(uid)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)       # _LINUX_CAPABILITY_VERSION_3
    data = (Data * 2)()
    check(_libc.capset(ctypes.byref(header), data), "capset")
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)   # a uid change cleared the earlier one
