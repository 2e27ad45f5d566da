"""Find what a submission holds: a course folder with exercises/<topic>.py, or the files."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from grader.topics import TOPICS


class SubmissionError(ValueError):
    """A path that is not a gradable submission (the CLI prints it as one line)."""


@dataclass
class Submission:
    """A student's exercise files, by topic."""

    name: str
    path: Path
    files: dict[str, Path] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A digest of every file graded: a changed file means a new grading."""
        digest = hashlib.sha256()
        for topic in sorted(self.files):
            digest.update(topic.encode() + b"\0" + self.files[topic].read_bytes() + b"\0")
        return digest.hexdigest()[:16]


def find(path: str | Path) -> Submission:
    """The submission at ``path``: a folder (``exercises/`` inside, or the files directly) or a file."""
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix != ".py" or path.stem not in TOPICS:
            raise SubmissionError(f"{path}: not an exercise file (expected one of "
                                  f"{', '.join(t + '.py' for t in TOPICS)})")
        return Submission(path.resolve().parent.name, path.parent, {path.stem: path.resolve()})
    folder = path / "exercises" if (path / "exercises").is_dir() else path
    files = {t: (folder / f"{t}.py").resolve() for t in TOPICS if (folder / f"{t}.py").is_file()}
    if not files:
        raise SubmissionError(f"{path}: no exercise files found (looked for exercises/<topic>.py "
                              f"and <topic>.py)")
    return Submission(path.resolve().name, path, files)
