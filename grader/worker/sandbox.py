"""Linux namespaces around student code, set up with plain syscalls (no helper binaries).

The zygote calls ``enter_zygote_sandbox`` once: it enters its own user namespace (where it may
mount; see ``identity`` for the ids it maps), a mount namespace in which the hidden paths
(solutions/, the cases, the gradebook, every submission) are covered and every other mount is
read-only, and a network namespace with no interface up. Each child then calls ``isolate_child``:
it is the first process of its own PID namespace (it cannot see or signal its siblings, and
everything it starts dies with it), has its own IPC and network namespaces (no System V memory, no
message queue and no abstract socket outlives it or reaches a sibling), gets fresh private tmpfs
for every writable place (/tmp, its working folder, /var/tmp, /dev/shm) and a fresh /proc whose
kernel knobs are read-only, checks that no other mount is writable, is capped by a pids cgroup
when the machine offers one, and switches to an unprivileged uid with no capabilities before
student code runs.

Where user namespaces are unavailable, ``enter_zygote_sandbox`` says why, and grading goes on with
resource limits and a separate process only.
"""
from __future__ import annotations

import ctypes
import os

from grader.worker import identity
from grader.worker.mounts import (
    MS_BIND,
    MS_NODEV,
    MS_NOEXEC,
    MS_NOSUID,
    MS_PRIVATE,
    MS_RDONLY,
    MS_REC,
    MS_REMOUNT,
    SCRATCH,
    SandboxError,
    bind_readonly,
    check,
    hide,
    make_readonly,
    mount,
    needed_by_python,
    open_for_others,
    tmpfs_keeping,
    what_to_keep,
    writable_mounts,
)

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
PIDS_CGROUP = "/sys/fs/cgroup/pids"
WRITABLE_KEEP = (PIDS_CGROUP,)   # the zygote's own mount namespace keeps these writable
# Fresh for each child: its only writable places (HOME and TMPDIR point into /tmp).
CHILD_OWN = ("/tmp", "/var/tmp", "/dev", "/dev/shm", "/proc")
# Kernel knobs in a fresh /proc: read-only whatever the uid (Docker's list, minus what is absent).
PROC_READONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs",
                 "/proc/acpi", "/proc/scsi", "/proc/sysvipc")

_state: dict = {"uid": None}     # the uid children switch to, chosen when the zygote enters

_libc = ctypes.CDLL(None, use_errno=True)


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _unshare(flags: int, what: str) -> None:
    check(_libc.unshare(flags), f"unshare({what})")


def enter_zygote_sandbox(hide_paths: list[str]) -> str | None:
    """Enter the zygote's namespaces; None on success, else the reason it is unavailable."""
    keep, links = what_to_keep()
    try:
        uid = identity.enter_user_namespace()
        _unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS, "mount, net, ipc, uts")
    except (SandboxError, OSError) as exc:
        return f"no user namespaces here ({exc})"
    try:
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        if uid is not None:      # before anything is hidden: what Python needs, found as it is
            open_for_others(needed_by_python([_grader_folder()]))
        for path in hide_paths:
            hide(path)
        for path in SCRATCH:
            if os.path.isdir(path):
                tmpfs_keeping(path, "mode=1777,size=1g", keep, links)
        failed = make_readonly(("/proc", *SCRATCH, *WRITABLE_KEEP))
        if failed:
            raise SandboxError(30, f"could not make read-only: {', '.join(failed)}")
        identity.limit_nested_user_namespaces()
    except (SandboxError, OSError) as exc:
        raise SandboxError(getattr(exc, "errno", 0), f"sandbox setup failed half-way: {exc}") from exc
    _state["uid"] = uid
    return None


def _grader_folder() -> str:
    import grader
    return os.path.dirname(os.path.realpath(grader.__file__))


def child_uid() -> int | None:
    """The uid children run as (None: the zygote's own, when it is not root outside)."""
    return _state["uid"]


class PidsCgroup:
    """A pids cgroup per child, when the machine offers a writable one (a fork-bomb limit)."""

    def __init__(self, limit: int = 64) -> None:
        self.limit, self.root = limit, None
        base = PIDS_CGROUP
        if os.path.isdir(base) and os.access(base, os.W_OK):
            try:
                root = os.path.join(base, f"course-grader-{os.getpid()}")
                os.makedirs(root, exist_ok=True)
                self.root = root
            except OSError:
                self.root = None

    def place(self, pid: int) -> None:
        if self.root is None:
            return
        group = os.path.join(self.root, str(pid))
        try:
            os.mkdir(group)
            _write(os.path.join(group, "pids.max"), str(self.limit))
            _write(os.path.join(group, "cgroup.procs"), str(pid))
        except OSError:
            pass

    def release(self, pid: int) -> None:
        if self.root is not None:
            try:
                os.rmdir(os.path.join(self.root, str(pid)))
            except OSError:
                pass

    def close(self) -> None:
        if self.root is not None:
            try:
                os.rmdir(self.root)
            except OSError:
                pass


def new_pid_namespace_for_next_child() -> None:
    """Called by the zygote right before fork: the child becomes PID 1 of a namespace of its own."""
    _unshare(CLONE_NEWPID, "pid")


DEVICES = ("null", "zero", "full", "random", "urandom")


def _minimal_dev() -> None:
    """A /dev holding only the harmless devices: a read-only mount does not stop a process that
    owns a device node from writing to it (a disk, the kernel log), so the others must be gone."""
    fds = {name: os.open(f"/dev/{name}", os.O_PATH) for name in DEVICES if os.path.exists(f"/dev/{name}")}
    mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k")
    for name, fd in fds.items():
        open(f"/dev/{name}", "w").close()           # the mount point
        mount(f"/proc/self/fd/{fd}", f"/dev/{name}", None, MS_BIND)
        os.close(fd)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"/dev/{name}")
    os.mkdir("/dev/shm")
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")
    mount(None, "/dev", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def _private_proc() -> None:
    """A /proc of this PID namespace, its kernel knobs (sysctls, sysrq) bound read-only."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    for path in PROC_READONLY:
        if os.path.lexists(path):
            fd = os.open(path, os.O_PATH)
            bind_readonly(fd, path)
            os.close(fd)


def isolate_child(workdir: str) -> None:
    """In the child, before any student code: private namespaces and writable places, an own
    /proc, nothing else writable, then an unprivileged uid and no capabilities."""
    keep, links = what_to_keep()
    _unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET, "mount, ipc, net")
    tmpfs_keeping("/tmp", "mode=1777,size=512m", keep, links)
    tmpfs_keeping("/var/tmp", "mode=1777,size=64m", keep, links)
    _private_proc()
    _minimal_dev()
    if os.path.isdir(PIDS_CGROUP):
        mount("tmpfs", "/sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "size=4k")
    failed = make_readonly(CHILD_OWN)
    left = writable_mounts(CHILD_OWN)
    if failed or left:                   # fail closed: no student code next to a shared place
        raise SandboxError(30, f"writable mounts left in the sandbox: {', '.join(failed + left)}")
    uid = child_uid()
    os.makedirs(workdir, exist_ok=True)
    if uid is not None:
        os.chown(workdir, uid, uid)
    identity.drop_privileges(uid)
