"""The student release: ``python -m grader release [DEST]`` writes ``dist/student/`` and its zip.

Students get the notebooks without outputs, the exercise stubs, the public grader (``check`` and
``attempt``, with the frozen public expectations of ``grader/chapters/<topic>/public.json``), a README, a Makefile
(``make lab``, ``make check``, ``make submission``), ``requirements.txt`` and
``environment.yml`` with the course's pins. They never get ``solutions/``, the hidden cases
and the mistake catalogue (``grader/hidden/``), the reference runner, the audit, the
example and nbgrader tooling, the instructors' grading pipeline, or any module that imports
solutions. The build imports every module it ships in a fresh interpreter that sees only the
release, and fails when one does not import.

A chapter is released when its stub, its frozen public cases and its notebook all exist; chapters
still being written are listed as skipped.
"""
from __future__ import annotations

import argparse
import ast
import json
import shutil
import string
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.chapters import public_path
from grader.secrets import SECRET_PATHS
from grader.topics import TOPICS, notebook_name

ROOT = Path(__file__).resolve().parents[1]
GRADER = ROOT / "grader"
TEMPLATES = GRADER / "release_files"
DEFAULT_DEST = ROOT / "dist" / "student"
MARKER = ".course-release"   # written into every release: only such a folder is ever replaced

# Parts of grader/ (relative to it) that stay with instructors: the secrets (grader.secrets says
# which), and the grading tools that need them.
INSTRUCTOR_ONLY = tuple(p.removeprefix("grader/") for p in SECRET_PATHS if p.startswith("grader/")) + (
    "nbgrader", "exports", "freeze.py", "grade.py", "batch.py", "report.py", "submission.py", "cli.py",
    "__main__.py", "release.py", "release_files", "refcache.py", "shards.py")
STUDENT_OMITS = {"nbgrader"}   # instructors' grading tool: students do not need it
FILES_FROM_TEMPLATES = {"Makefile": "Makefile", "check_all.py": "check_all.py",
                        "gitignore": ".gitignore"}


class ReleaseError(Exception):
    """The release cannot be built (or would not work); the message says why."""


@dataclass
class Release:
    """What a build wrote."""

    folder: Path
    zip_path: Path
    topics: list[str]
    skipped: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)   # grader modules left out for importing solutions


def release_topics() -> tuple[list[str], dict[str, str]]:
    """The topics ready to release, and why each other topic is not."""
    ready, skipped = [], {}
    for topic in TOPICS:
        missing = [str(p.relative_to(ROOT)) for p in (ROOT / "exercises" / f"{topic}.py",
                                                      public_path(topic),
                                                      ROOT / "notebooks" / notebook_name(topic))
                   if not p.exists()]
        if missing:
            skipped[topic] = "no " + ", ".join(missing)
        else:
            ready.append(topic)
    return ready, skipped


def imports_solutions(source: str) -> bool:
    """Whether Python source imports the ``solutions`` package (statically or by name)."""
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and node.args
              and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")):
            first = node.args[0]
            parts = first.values if isinstance(first, ast.JoinedStr) else [first]
            head = parts[0] if parts else None
            names = [head.value] if isinstance(head, ast.Constant) and isinstance(head.value, str) else []
        if any(name == "solutions" or name.startswith("solutions.") for name in names):
            return True
    return False


def _instructor_only(relative: Path) -> bool:
    """Whether a path under grader/ stays with instructors."""
    return relative.parts[0] in INSTRUCTOR_ONLY


def public_grader_files() -> tuple[list[Path], list[str]]:
    """The grader files students get (relative to grader/), and modules dropped for importing solutions."""
    kept, dropped = [], []
    for path in sorted(GRADER.rglob("*")):
        relative = path.relative_to(GRADER)
        if path.is_dir() or _instructor_only(relative) or _is_junk(relative):
            continue
        if path.suffix == ".py" and imports_solutions(path.read_text(encoding="utf-8")):
            dropped.append(str(relative))
            continue
        kept.append(relative)
    return kept, dropped


def _is_junk(relative: Path) -> bool:
    """Caches and checkpoints, which no release needs."""
    return any(part == "__pycache__" or part == ".ipynb_checkpoints" for part in relative.parts) \
        or relative.suffix == ".pyc"


def student_pins() -> list[str]:
    """``name==version`` for every runtime dependency students need, as pyproject.toml pins it."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [line for line in data["project"]["dependencies"]
            if line.split("==")[0].strip().lower() not in STUDENT_OMITS]


def strip_notebook(source: Path, dest: Path) -> None:
    """Copy a notebook without outputs, execution counts or execution metadata."""
    import nbformat
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    nbformat.write(nb, dest)


def _chapter_table(topics: list[str]) -> str:
    """The README's table of chapters, their files and exercise ids (from the frozen public cases)."""
    from grader.chapters import load_public
    rows = ["| # | notebook | you implement | exercise ids |", "| --- | --- | --- | --- |"]
    for topic in topics:
        ids = list(dict.fromkeys(entry["exercise"] for entry in load_public(topic)))
        rows.append(f"| {TOPICS.index(topic) + 1:02d} | `notebooks/{notebook_name(topic)}` | "
                    f"`exercises/{topic}.py` | {', '.join(f'`{i}`' for i in ids)} |")
    return "\n".join(rows)


def _write_environment(folder: Path, pins: list[str]) -> None:
    """requirements.txt (pip) and environment.yml (conda), both with ``pins``."""
    header = "# The course's pinned packages (Python 3.11 to 3.13): `make lab` installs them into .venv/.\n"
    (folder / "requirements.txt").write_text(header + "\n".join(pins) + "\n", encoding="utf-8")
    lines = ["# Conda users: conda env create -f environment.yml && conda activate torch-course",
             "name: torch-course", "channels:", "  - conda-forge", "dependencies:",
             "  - python=3.11", "  - pip", "  - pip:", *[f"      - {pin}" for pin in pins]]
    (folder / "environment.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _copy_course(folder: Path, topics: list[str], grader_files: list[Path]) -> None:
    """Write the release's files into the empty ``folder``."""
    for relative in grader_files:
        if relative.parts[0] == "chapters" and relative.name == "public.json" and relative.parts[1] not in topics:
            continue
        target = folder / "grader" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(GRADER / relative, target)
    (folder / "exercises").mkdir()
    (folder / "notebooks").mkdir()
    shutil.copy2(ROOT / "exercises" / "__init__.py", folder / "exercises" / "__init__.py")
    for topic in topics:
        shutil.copy2(ROOT / "exercises" / f"{topic}.py", folder / "exercises" / f"{topic}.py")
        strip_notebook(ROOT / "notebooks" / notebook_name(topic), folder / "notebooks" / notebook_name(topic))
    readme = string.Template((TEMPLATES / "README.md").read_text(encoding="utf-8"))
    (folder / "README.md").write_text(readme.substitute(chapters=_chapter_table(topics)), encoding="utf-8")
    for template, name in FILES_FROM_TEMPLATES.items():
        shutil.copy2(TEMPLATES / template, folder / name)
    _write_environment(folder, student_pins())
    (folder / MARKER).write_text("built by `python -m grader release`; safe to delete\n", encoding="utf-8")


# Run in a fresh interpreter that sees only the release: no PYTHONPATH, no user site, and no
# editable install of the instructors' checkout (its finder would make solutions/ importable).
_IMPORT_ALL = """
import importlib, json, sys
def editable(hook):
    return str(getattr(hook, "__module__", "") or type(hook).__module__).startswith("__editable__")
sys.meta_path[:] = [f for f in sys.meta_path if not editable(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if not editable(h)]
sys.path_importer_cache.clear()
sys.path.insert(0, sys.argv[1])
failed = {}
for name in json.loads(sys.argv[2]):
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
for name in ("solutions", "grader.reference", "grader.hidden"):
    try:
        importlib.import_module(name)
        failed[name] = "importable from the release"
    except ImportError:
        pass
print(json.dumps(failed))
"""


def verify_imports(folder: Path, python: str = sys.executable) -> dict[str, str]:
    """Import every module of the release's grader in a fresh interpreter; ``{module: error}``."""
    modules = []
    for path in sorted((folder / "grader").rglob("*.py")):
        parts = path.relative_to(folder).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    modules.append("exercises")
    done = subprocess.run([python, "-I", "-B", "-c", _IMPORT_ALL, str(folder), json.dumps(modules)],
                          capture_output=True, text=True, cwd=folder, timeout=300)
    if done.returncode != 0:
        return {"<interpreter>": done.stderr.strip()[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _zip(folder: Path, zip_path: Path) -> None:
    """Zip ``folder`` (its files under its own name, so it unzips to one folder)."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name) / path.relative_to(folder))


def _clear(folder: Path, zip_path: Path) -> None:
    """Make ``folder`` empty and remove ``zip_path``, refusing to touch anything not built here."""
    folder = folder.resolve()
    if folder == ROOT or folder in ROOT.parents:
        raise ReleaseError(f"{folder}: refusing to write a release over the course checkout")
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise ReleaseError(f"{folder} exists and is not a release built here; choose another DEST")
    if zip_path.exists():
        try:
            with zipfile.ZipFile(zip_path) as archive:
                ours = f"{folder.name}/{MARKER}" in archive.namelist()
        except zipfile.BadZipFile:
            ours = False
        if not ours:
            raise ReleaseError(f"{zip_path} exists and is not a release zip built here; choose another DEST")
        zip_path.unlink()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def build(dest: Path = DEFAULT_DEST, *, verify: bool = True) -> Release:
    """Write the student release to ``dest`` and zip it beside it (``dest`` + ``.zip``)."""
    topics, skipped = release_topics()
    if not topics:
        raise ReleaseError("no chapter is ready: each needs exercises/<topic>.py, "
                           "grader/chapters/<topic>/public.json and its notebook")
    grader_files, dropped = public_grader_files()
    folder = Path(dest)
    zip_path = folder.with_suffix(".zip")
    _clear(folder, zip_path)
    _copy_course(folder, topics, grader_files)
    if verify:
        failed = verify_imports(folder)
        if failed:
            raise ReleaseError("the release's grader does not import on its own: " +
                               "; ".join(f"{name}: {why}" for name, why in failed.items()))
    _zip(folder, zip_path)
    return Release(folder, zip_path, topics, skipped, dropped)


def _run(args: argparse.Namespace) -> int:
    """``python -m grader release``: build, then say what was written and what was left out."""
    try:
        release = build(Path(args.dest))
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {release.folder} and {release.zip_path}: chapters {', '.join(release.topics)}")
    for topic, why in release.skipped.items():
        print(f"  skipped {topic}: {why}")
    for module in release.dropped:
        print(f"  left out grader/{module}: it imports solutions")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``release [DEST]`` to ``python -m grader``."""
    parser = sub.add_parser("release", help="build the student release (dist/student/ and dist/student.zip)")
    parser.add_argument("dest", nargs="?", default=str(DEFAULT_DEST),
                        help="folder to write (default: dist/student); the zip goes beside it")
    parser.set_defaults(run=_run)
