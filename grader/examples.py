"""Example submissions for ``make grade``, built from the course itself so they never go stale.

- ``complete``: every reference solution;
- ``partial``: per chapter, a third of the exercises done right, a third with a realistic mistake
  from the catalogue, a third left as the untouched stub;
- ``stubs``: the course as a student receives it.
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

from grader.hidden import catalogue
from grader.hidden import available_topics, exercises

ROOT = Path(__file__).resolve().parents[1]


def definition(source: str, name: str) -> str:
    """The source text of the top-level function or class ``name``."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
    return ast.get_source_segment(source, node)


def partial_source(topic: str) -> str:
    reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    stubs = (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8")
    mistakes, _ = catalogue.load(topic)
    parts = [reference]
    for i, exercise in enumerate(exercises(topic)):
        name = exercise.split(".", 1)[1]
        mistake = next((m for m in mistakes if m.exercise == exercise), None)
        if i % 3 == 1 and mistake is not None:
            parts.append(f"# {exercise}: {mistake.name}\n{mistake.code.strip()}")
        elif i % 3 == 2:
            parts.append(f"# {exercise}: not started\n{definition(stubs, name)}")
    return "\n\n\n".join(parts) + "\n"


def build(dest: Path) -> list[Path]:
    """Write the three example submissions under ``dest``; returns their folders."""
    folders = []
    for name in ("complete", "partial", "stubs"):
        folder = dest / name / "exercises"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for topic in available_topics():
            if name == "complete":
                text = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
            elif name == "stubs":
                text = (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8")
            else:
                text = partial_source(topic)
            (folder / f"{topic}.py").write_text(text, encoding="utf-8")
        folders.append(folder.parent)
    return folders
