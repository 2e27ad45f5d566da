"""Build a Gradescope autograder zip: setup.sh, run_autograder, the grader, cases, references and
their stored expected outcomes (grader.refcache)."""
from __future__ import annotations

import json
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "gradescope_files"


def requirements() -> str:
    """The course's pinned dependencies, for pip inside the autograder image."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return "\n".join(project["dependencies"]) + "\n"


def build(dest: Path) -> Path:
    """Write the zip to ``dest`` (a file path) and return it."""
    from grader import refcache
    from grader.hidden import available_topics
    # the expected outcomes ship with the cases, so each submission starts grading at once
    refcache.ensure(available_topics(), folder=ROOT / "grader" / "hidden")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            archive.writestr(info, (FILES / name).read_text(encoding="utf-8"))
        archive.writestr("requirements.txt", requirements())
        # the solutions' digests: the stored outcomes stay current even where solutions/ is removed
        archive.writestr(f"grader/hidden/{refcache.SOLUTION_MANIFEST}",
                         json.dumps(refcache.solution_digests(ROOT), indent=1, sort_keys=True) + "\n")
        for package in ("grader", "solutions"):
            for path in sorted((ROOT / package).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                    archive.write(path, path.relative_to(ROOT).as_posix())
    return dest
