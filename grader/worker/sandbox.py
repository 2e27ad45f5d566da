"""Linux namespaces around student code, set up with plain syscalls (no helper binaries).

The zygote calls ``enter_zygote_sandbox`` once: it enters its own user namespace (where it may
mount), a mount namespace in which the hidden paths (solutions/, the cases, the gradebook, every
submission) are covered by empty tmpfs and every other mount is read-only, and a network
namespace with no interface up. Each child then calls ``isolate_child``: it is the first process
of its own PID namespace (it cannot see or signal its siblings, and everything it starts dies
with it), gets a private /tmp as its working folder and a fresh /proc, is capped by a pids cgroup
when the machine offers one, and drops every capability before student code runs.

Where user namespaces are unavailable, ``enter_zygote_sandbox`` says why, and grading goes on with
resource limits and a separate process only.
"""
from __future__ import annotations

import ctypes
import os

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 0x400, 0x800, 0x200000
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_DUMPABLE = 38, 24, 4
_FLAGS = {"ro": MS_RDONLY, "nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC,
          "noatime": MS_NOATIME, "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}
PIDS_CGROUP = "/sys/fs/cgroup/pids"
WRITABLE_KEEP = (PIDS_CGROUP,)   # the zygote's own mount namespace keeps these writable

_libc = ctypes.CDLL(None, use_errno=True)


class SandboxError(OSError):
    """A namespace operation failed."""


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"{what}: {os.strerror(errno)}")


def _unshare(flags: int, what: str) -> None:
    _check(_libc.unshare(flags), f"unshare({what})")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _mountpoints() -> list[tuple[str, int]]:
    """Every mount point with the flags it must keep (a remount may not clear a locked flag)."""
    points = []
    with open("/proc/self/mountinfo") as info:
        for line in info:
            fields = line.split()
            target = fields[4].replace("\\040", " ")
            flags = 0
            for option in fields[5].split(","):
                flags |= _FLAGS.get(option, 0)
            points.append((target, flags))
    return points


def _hide(path: str) -> None:
    if os.path.isdir(path):
        _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "size=4k,mode=000")
    elif os.path.exists(path):
        _mount("/dev/null", path, None, MS_BIND)


SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _what_to_keep() -> tuple[list[str], dict[str, str]]:
    """Folders on sys.path, and links in them (the grader's shim), that live in scratch space.

    A fresh tmpfs over /tmp would hide them; they are bound back into it.
    """
    import sys
    folders, links = set(), {}
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        for name in os.listdir(entry) if entry.startswith(SCRATCH) else []:
            path = os.path.join(entry, name)
            if os.path.islink(path):
                links[path] = os.path.realpath(path)
        real = os.path.realpath(entry)
        if real.startswith(SCRATCH) and not any(os.path.islink(os.path.join(entry, n)) for n in os.listdir(entry)):
            folders.add(real)
    folders |= {t for t in links.values() if t.startswith(SCRATCH)}
    return sorted(folders), links


def _tmpfs_keeping(target: str, data: str, keep: list[str], links: dict[str, str]) -> None:
    """A fresh tmpfs at ``target`` through which ``keep`` folders and ``links`` stay visible."""
    fds = {d: os.open(d, os.O_PATH | os.O_DIRECTORY) for d in keep if _under(d, target) and os.path.isdir(d)}
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, data)
    for folder, fd in fds.items():
        os.makedirs(folder, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", folder, None, MS_BIND | MS_REC)
        _mount(None, folder, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)
    for link, destination in links.items():
        if _under(link, target):
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(destination, link)


def enter_zygote_sandbox(hide: list[str]) -> str | None:
    """Enter the zygote's namespaces; None on success, else the reason it is unavailable."""
    uid, gid = os.getuid(), os.getgid()
    keep, links = _what_to_keep()
    try:
        _unshare(CLONE_NEWUSER, "user")
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"0 {uid} 1")
        _write("/proc/self/gid_map", f"0 {gid} 1")
        _unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS, "mount, net, ipc, uts")
    except (SandboxError, OSError) as exc:
        return f"no user namespaces here ({exc})"
    try:
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        for path in hide:
            _hide(path)
        for path in SCRATCH:
            if os.path.isdir(path):
                _tmpfs_keeping(path, "mode=1777,size=1g", keep, links)
        for target, flags in _mountpoints():
            if target.startswith(("/proc", *SCRATCH, *WRITABLE_KEEP)) or target in hide:
                continue
            try:
                _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
            except SandboxError:
                if target == "/":
                    raise
    except (SandboxError, OSError) as exc:
        raise SandboxError(getattr(exc, "errno", 0), f"sandbox setup failed half-way: {exc}") from exc
    return None


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
    _mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k")
    for name, fd in fds.items():
        open(f"/dev/{name}", "w").close()           # the mount point
        _mount(f"/proc/self/fd/{fd}", f"/dev/{name}", None, MS_BIND)
        os.close(fd)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"/dev/{name}")
    os.mkdir("/dev/shm")
    _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")


def isolate_child(workdir: str) -> None:
    """In the child, before any student code: private /tmp and /dev, own /proc, no capabilities."""
    keep, links = _what_to_keep()
    _unshare(CLONE_NEWNS, "mount")
    _tmpfs_keeping("/tmp", "mode=1777,size=512m", keep, links)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _minimal_dev()
    if os.path.isdir(PIDS_CGROUP):
        _mount("tmpfs", "/sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "size=4k")
    os.makedirs(workdir, exist_ok=True)
    drop_privileges()


def drop_privileges() -> None:
    """No capability now or after an exec, and no way to gain one."""
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header = Header(0x20080522, 0)       # _LINUX_CAPABILITY_VERSION_3
    data = (Data * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
