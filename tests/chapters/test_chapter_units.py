"""A chapter is one unit: its exercise table agrees with the stub, the reference, the notebook,
the cases, the rules, the catalogue and the frozen public checks, and nothing public imports
anything hidden."""
from __future__ import annotations

import ast
import json

import pytest

from grader import chapters, forbidden, hidden
from grader.chapters import public_path
from grader.hidden import catalogue
from grader.secrets import secret_modules
from grader.topics import TOPICS, notebook_name
from helpers import ROOT

IDS = chapters.all_exercises()


def _defined(path) -> list[str]:
    """Top-level functions and classes a module defines, in order (private ones left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
            and not n.name.startswith("_")]


@pytest.mark.parametrize("topic", TOPICS)
def test_the_table_matches_the_stub_and_the_reference(topic):
    table = [e.split(".", 1)[1] for e in chapters.exercises(topic)]
    assert _defined(ROOT / "exercises" / f"{topic}.py") == table
    reference = _defined(ROOT / "solutions" / f"{topic}.py")
    assert [name for name in reference if name in table] == table, "the reference lacks an exercise"


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_has_cases_and_every_case_is_in_the_table(topic):
    assert hidden.exercises(topic) == chapters.exercises(topic)


@pytest.mark.parametrize("topic", TOPICS)
def test_the_notebook_checks_every_exercise_of_the_table(topic):
    notebook = json.loads((ROOT / "notebooks" / notebook_name(topic)).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    missing = [e for e in chapters.exercises(topic) if f'check("{e}")' not in code]
    assert not missing, f"{notebook_name(topic)} has no check cell for {missing}"


@pytest.mark.parametrize("topic", TOPICS)
def test_rules_catalogue_and_public_checks_name_only_exercises_of_the_table(topic):
    table = set(chapters.exercises(topic))
    hints = chapters.load(topic)
    assert set(hints) <= table, f"hints for unknown exercises: {set(hints) - table}"
    forbidden_ids = {e for e in forbidden.FORBIDDEN if e.startswith(topic + ".")}
    assert forbidden_ids <= table, f"forbidden calls for unknown exercises: {forbidden_ids - table}"
    mistakes, alternatives = catalogue.load(topic)
    assert {m.exercise for m in mistakes + alternatives} <= table
    public = json.loads(public_path(topic).read_text(encoding="utf-8"))["cases"]
    assert sorted({c["exercise"] for c in public}) == sorted(table)


def test_exercise_ids_are_unique_across_the_course():
    assert len(IDS) == len(set(IDS))


def test_no_module_students_get_imports_a_hidden_one():
    """What ships in the student release (grader.release decides) never imports the secrets."""
    from grader.release import GRADER, public_grader_files
    secrets = secret_modules()
    shipped, _dropped = public_grader_files()
    offenders = []
    for relative in shipped:
        if relative.suffix != ".py":
            continue
        for node in ast.walk(ast.parse((GRADER / relative).read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            offenders += [f"{relative}: {n}" for n in names if n.startswith(secrets)]
    assert shipped and not offenders
