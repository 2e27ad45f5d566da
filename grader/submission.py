"""Find what a submission holds (a course folder with exercises/<topic>.py, or the files) and read
it once, safely.

Everything in a submission is the student's, links included: a file that links to
``/proc/self/cwd/solutions/<topic>.py``, to the hidden cases, to another student's feedback or to
``/proc/self/mem`` must never be followed. So every step below the folder the instructor named is
opened relative to the folder above it with ``O_NOFOLLOW``; only regular files are read, at most
``MAX_FILE_BYTES`` each, and they must be UTF-8. The bytes are read once, here: grading, the
fingerprint and the worker's copy all use them, and nothing opens the path again. A file that
cannot be read this way is recorded as a problem of its topic, so it costs that submission's
exercises of that file only, with a message naming the file and why.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from grader.topics import TOPICS

MAX_FILE_BYTES = 1 << 20          # one exercise file; the largest reference is well under 64 KiB
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


class SubmissionError(ValueError):
    """A path that is not a gradable submission (the CLI prints it as one line)."""


class Unreadable(Exception):
    """One file (or folder) of a submission that is refused; the message says which and why."""


@dataclass
class Submission:
    """A student's exercise files, by topic, read once into memory.

    ``files`` maps a topic to the bytes of its file (valid UTF-8); ``problems`` maps a topic whose
    file was refused to the reason, which grading shows on every exercise of that topic.
    """

    name: str
    path: Path
    files: dict[str, bytes] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def text(self, topic: str) -> str:
        """The source of ``topic``'s file (checked to be UTF-8 when it was read)."""
        return self.files[topic].decode("utf-8-sig")

    def fingerprint(self) -> str:
        """A digest of every file graded: a changed file means a new grading."""
        digest = hashlib.sha256()
        for topic in sorted(self.files):
            digest.update(topic.encode() + b"\0" + self.files[topic] + b"\0")
        for topic in sorted(self.problems):
            digest.update(topic.encode() + b"\1" + self.problems[topic].encode() + b"\0")
        return digest.hexdigest()[:16]


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _read(folder: int, name: str, shown: str) -> bytes | None:
    """The bytes of regular file ``name`` in the open folder ``folder``; None when absent.

    Raises:
        Unreadable: a link, anything but a regular file, too large, or not UTF-8.
    """
    try:
        before = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Unreadable(f"{shown} could not be read ({exc.strerror})") from None
    if stat.S_ISLNK(before.st_mode):
        raise Unreadable(f"{shown} is a symbolic link; links are not followed, submit the file itself")
    if not stat.S_ISREG(before.st_mode):        # never opened: opening a device can act
        raise Unreadable(f"{shown} is {_kind(before.st_mode)}, not a file")
    if before.st_size > MAX_FILE_BYTES:
        raise Unreadable(f"{shown} is {before.st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,} "
                         f"bytes for one exercise file")
    try:
        fd = os.open(name, _OPEN, dir_fd=folder)
    except OSError as exc:
        raise Unreadable(f"{shown} could not be read ({exc.strerror})") from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(now.st_mode):
            raise Unreadable(f"{shown} changed while it was being read")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            try:
                chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            except OSError as exc:
                raise Unreadable(f"{shown} could not be read ({exc.strerror})") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"{shown} grew over the limit of {MAX_FILE_BYTES:,} bytes while it was read")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{shown} is not UTF-8 text (byte {exc.start:,} cannot be decoded); "
                         f"save it as UTF-8") from None
    return data


def _open_folder(name: str, parent: int | None, shown: str) -> int:
    """Open folder ``name`` (relative to ``parent``) without following a link."""
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    except OSError as exc:
        try:
            mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
        except OSError:
            mode = None
        if mode is not None and stat.S_ISLNK(mode):
            raise Unreadable(f"{shown} is a symbolic link; links are not followed, submit the folder itself") from None
        raise Unreadable(f"{shown} could not be opened ({exc.strerror})") from None


def _everywhere(why: str, topics=TOPICS) -> dict[str, str]:
    return {topic: why for topic in topics}


def _read_folder(path: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    files: dict[str, bytes] = {}
    problems: dict[str, str] = {}
    try:
        root = _open_folder(str(path), None, f"{path.name}/")
    except Unreadable as exc:
        return files, _everywhere(str(exc))
    try:
        try:
            inside = os.stat("exercises", dir_fd=root, follow_symlinks=False)
        except OSError:
            inside = None
        folder, prefix = root, ""
        if inside is not None and (stat.S_ISDIR(inside.st_mode) or stat.S_ISLNK(inside.st_mode)):
            try:
                folder, prefix = _open_folder("exercises", root, "exercises/"), "exercises/"
            except Unreadable as exc:
                return files, _everywhere(str(exc))
        try:
            for topic in TOPICS:
                try:
                    data = _read(folder, f"{topic}.py", f"{prefix}{topic}.py")
                except Unreadable as exc:
                    problems[topic] = str(exc)
                    continue
                if data is not None:
                    files[topic] = data
        finally:
            if folder != root:
                os.close(folder)
    finally:
        os.close(root)
    return files, problems


def find(path: str | Path) -> Submission:
    """The submission at ``path``: a folder (``exercises/`` inside, or the files directly) or a file.

    ``path`` itself is the instructor's choice, but it must not be a link either: a submission
    unpacked from a student's archive could be one.

    Raises:
        SubmissionError: nothing there, or nothing that could be a submission (a usage error).
    """
    path = Path(os.path.abspath(path))
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        raise SubmissionError(f"{path}: no such file or folder") from None
    if not stat.S_ISDIR(mode) and not stat.S_ISLNK(mode):
        if path.suffix != ".py" or path.stem not in TOPICS:
            raise SubmissionError(f"{path}: not an exercise file (expected one of "
                                  f"{', '.join(t + '.py' for t in TOPICS)})")
        parent = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            data = _read(parent, path.name, path.name)
        except Unreadable as exc:
            return Submission(path.parent.name, path.parent, {}, {path.stem: str(exc)})
        finally:
            os.close(parent)
        return Submission(path.parent.name, path.parent, {path.stem: data} if data is not None else {})
    if stat.S_ISLNK(mode) and path.suffix == ".py" and path.stem in TOPICS:
        why = f"{path.name} is a symbolic link; links are not followed, submit the file itself"
        return Submission(path.parent.name, path.parent, {}, {path.stem: why})
    files, problems = _read_folder(path)
    if not files and not problems:
        raise SubmissionError(f"{path}: no exercise files found (looked for exercises/<topic>.py "
                              f"and <topic>.py)")
    return Submission(path.name, path, files, problems)
