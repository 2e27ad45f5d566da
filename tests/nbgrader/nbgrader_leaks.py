"""What must never reach students through nbgrader, and where it is looked for.

The solution-line search is the student release's (tests/release/test_release_leaks.py, imported
so that both releases are held to one definition of a non-trivial line and one reviewed list of
IDIOMS). Hidden cases are looked for by id, by quoted multi-word name, and by the lines of
grader/hidden/<topic>/cases.py that no public file of the repository has.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from grader.hidden import available_topics, load
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tests" / "release"))      # as pytest imports that folder's modules
from test_release_leaks import IDIOMS, code_lines, release_texts, solution_lines, trivial  # noqa: E402

__all__ = ["case_source_lines", "hidden_case_needles", "release_texts", "solution_leaks"]


def solution_leaks(folder: Path) -> list[str]:
    """``file: line`` for every non-trivial solution line found in the files under ``folder``."""
    texts = release_texts(folder)
    return [f"{name}: line of solutions/{solution}: {line!r}"
            for solution, lines in solution_lines().items() for line in lines if line not in IDIOMS
            for name, text in texts.items() if line in text]


def _public_code_lines() -> set[str]:
    from grader.release import public_grader_files
    kept, _ = public_grader_files()
    return {line for relative in kept if relative.suffix == ".py"
            for line in code_lines((ROOT / "grader" / relative).read_text(encoding="utf-8"))}


def case_source_lines() -> list[str]:
    """Lines of the hidden-case modules (24+ characters) that no public grader file has."""
    public = _public_code_lines()
    lines = []
    for topic in available_topics():
        source = (ROOT / "grader" / "hidden" / topic / "cases.py").read_text(encoding="utf-8")
        lines += [line for line in code_lines(source) if not trivial(line) and len(line) >= 24
                  and line not in public]
    return list(dict.fromkeys(lines))


def hidden_case_needles() -> list[str]:
    """Hidden case ids and quoted multi-word names, then the case modules' own lines."""
    needles = []
    for topic in available_topics():
        cases = load(topic)
        public_names = {c.name for c in cases if not c.hidden}
        for case in cases:
            if case.hidden:
                needles.append(case.id)
                if " " in case.name and case.name not in public_names:   # "tanh": an ordinary word;
                    needles += [json.dumps(case.name), repr(case.name)]  # a public case's name: public
    return list(dict.fromkeys(needles + case_source_lines()))
