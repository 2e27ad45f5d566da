"""Mount operations of the sandbox: plain syscalls through ctypes, no helper binaries.

Used by ``grader.worker.sandbox`` in the zygote (cover the secrets, make the machine read-only)
and in each child (fresh private tmpfs for every writable place, then a check that nothing else
is left writable).
"""
from __future__ import annotations

import ctypes
import os
import stat
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 0x400, 0x800, 0x200000
_FLAGS = {"ro": MS_RDONLY, "nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC,
          "noatime": MS_NOATIME, "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")

_libc = ctypes.CDLL(None, use_errno=True)


class SandboxError(OSError):
    """A namespace or mount operation failed."""


def check(result: int, what: str) -> None:
    """Raise SandboxError naming ``what`` when a libc call returned non-zero."""
    if result != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"{what}: {os.strerror(errno)}")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    """mount(2), raising SandboxError on failure."""
    def enc(text: str | None) -> bytes | None:
        return None if text is None else text.encode()
    check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
          f"mount {target}")


def mountinfo() -> list[tuple[str, int, bool]]:
    """Every mount, in the order the kernel lists them (a later one at a path lies on top).

    Each is (mount point, the flags a remount must keep since a remount may not clear a locked
    flag, whether it is writable).
    """
    points = []
    with open("/proc/self/mountinfo") as info:
        for line in info:
            fields = line.split()
            target = fields[4].replace("\\040", " ")
            options = fields[5].split(",")
            flags = 0
            for option in options:
                flags |= _FLAGS.get(option, 0)
            points.append((target, flags, "rw" in options))
    return points


def under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def hide(path: str) -> None:
    """Cover ``path``: an empty unreadable tmpfs over a folder, read-only /dev/null over a file."""
    if os.path.isdir(path):
        mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "size=4k,mode=000")
    elif os.path.exists(path):
        mount("/dev/null", path, None, MS_BIND)
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def bind_readonly(source_fd: int, target: str) -> None:
    """Bind what ``source_fd`` (an O_PATH descriptor) names onto ``target``, read-only."""
    mount(f"/proc/self/fd/{source_fd}", target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def what_to_keep() -> tuple[list[str], dict[str, str]]:
    """Folders on sys.path, and links in them (the grader's shim), that live in scratch space.

    A fresh tmpfs over /tmp would hide them; they are bound back into it.
    """
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


def tmpfs_keeping(target: str, data: str, keep: list[str], links: dict[str, str]) -> None:
    """A fresh tmpfs at ``target`` through which ``keep`` folders and ``links`` stay visible."""
    fds = {d: os.open(d, os.O_PATH | os.O_DIRECTORY) for d in keep if under(d, target) and os.path.isdir(d)}
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, data)
    for folder, fd in fds.items():
        os.makedirs(folder, mode=0o755, exist_ok=True)
        bind_readonly(fd, folder)
        os.close(fd)
    for link, destination in links.items():
        if under(link, target):
            os.makedirs(os.path.dirname(link), mode=0o755, exist_ok=True)
            os.symlink(destination, link)


def needed_by_python(extra: list[str]) -> list[str]:
    """The folders the interpreter reads after the switch to another uid: its prefixes, every
    folder on sys.path, and ``extra``."""
    found = {sys.prefix, sys.base_prefix, sys.exec_prefix, *extra}
    found |= {p for p in sys.path if p and os.path.isdir(p)}
    return sorted({os.path.realpath(p) for p in found})


def _closed_ancestor(path: str) -> str | None:
    """The highest folder above ``path`` that other users may not enter (no o+x), if any."""
    parts = path.strip("/").split("/")
    for depth in range(1, len(parts)):
        folder = "/" + "/".join(parts[:depth])
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return None


def open_for_others(paths: list[str]) -> None:
    """Make each of ``paths`` reachable by an unprivileged uid without changing the disk.

    Python may live under a folder only its owner can enter (``/root`` is 0700 on many machines).
    Such a folder is covered by a read-only tmpfs (mode 0755) holding only the needed paths,
    bound back from descriptors opened before the cover: the rest of that folder is hidden too.

    Raises:
        SandboxError: a needed path is itself closed to other users (no cover can fix that).
    """
    covers: dict[str, list[str]] = {}
    for path in paths:
        closed = _closed_ancestor(path)
        if closed is not None:
            covers.setdefault(closed, []).append(path)
    for path in paths:
        if not os.stat(path).st_mode & stat.S_IROTH or not os.stat(path).st_mode & stat.S_IXOTH:
            raise SandboxError(13, f"{path} is closed to other users; the worker could not read it")
    for folder, inside in covers.items():
        inside = [p for p in inside if not any(under(p, q) and p != q for q in inside)]
        fds = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in inside}
        mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
        for path, fd in fds.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            bind_readonly(fd, path)
            os.close(fd)
        mount(None, folder, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def make_readonly(skip: tuple[str, ...]) -> list[str]:
    """Remount read-only every writable mount not under ``skip``; those that could not be."""
    failed = []
    for target, flags, writable in mountinfo():
        if not writable or any(under(target, s) for s in skip) or not os.path.lexists(target):
            continue
        try:
            mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except SandboxError as exc:
            failed.append(f"{target} ({exc.strerror})")
    return failed


def writable_mounts(own: tuple[str, ...]) -> list[str]:
    """Mount points still writable on top, other than ``own`` (the child's fresh private ones).

    A mount hidden under a later one at the same path, or under a later mount of a folder above
    it (the old /dev/pts under a fresh /dev), cannot be reached and is not counted.
    """
    last: dict[str, tuple[int, bool]] = {}
    for index, (target, _flags, writable) in enumerate(mountinfo()):
        last[target] = (index, writable)
    found = []
    for target, (index, writable) in last.items():
        covered = any(under(target, above) and above != target and last[above][0] > index
                      for above in last)
        if writable and target not in own and not covered and os.path.lexists(target):
            found.append(target)
    return found
