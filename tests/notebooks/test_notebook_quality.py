"""Every chapter notebook follows the course's shape: a title, "What you will learn", the list of
its exercise ids (every exercise the chapter's cases grade), a recap, a first code cell that does
the setup (imports and seeds), and no committed outputs or execution counts."""
from __future__ import annotations

import re

import nbformat
import pytest

from grader.hidden import available_topics, exercises
from grader.topics import TOPICS, notebook_name
from helpers import ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def topic_of(name: str) -> str:
    for topic in TOPICS:
        if notebook_name(topic) == name:
            return topic
    raise AssertionError(f"{name} is not a chapter notebook name like {notebook_name(TOPICS[0])}")


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / name, as_version=4)


def markdown(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("topic", available_topics())
def test_every_chapter_with_cases_has_its_notebook(topic):
    assert notebook_name(topic) in NOTEBOOKS, f"notebooks/{notebook_name(topic)} is missing"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_opens_with_a_title_and_what_you_will_learn(name):
    nb = load(name)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \S", first.source), \
        f"{name}: the first cell must be a markdown title ('# NN · Topic')"
    assert re.search(r"what you will learn", markdown(nb), re.I), f"{name}: no 'What you will learn' part"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_lists_every_exercise_id_of_its_chapter(name):
    topic = topic_of(name)
    assert topic in available_topics(), f"{name}: grader/hidden/{topic}/cases.py does not exist yet"
    text = markdown(load(name))
    missing = [e for e in exercises(topic) if f"`{e}`" not in text]
    assert not missing, f"{name}: the exercise list does not name {missing}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_has_a_recap(name):
    assert re.search(r"^#+\s*Recap\b", markdown(load(name)), re.M | re.I), f"{name}: no '## Recap' section"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_committed_without_outputs_or_execution_counts(name):
    dirty = [i for i, c in enumerate(load(name).cells) if c.cell_type == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{name}: cells {dirty} hold outputs or execution counts; clear them before committing"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_first_code_cell_imports_and_seeds(name):
    setup = next(c for c in load(name).cells if c.cell_type == "code").source
    assert re.search(r"^import torch$", setup, re.M), f"{name}: the first code cell does not import torch"
    assert re.search(r"^from grader import .*\bcheck\b", setup, re.M), \
        f"{name}: the first code cell does not import check from grader"
    assert re.search(r"^torch\.manual_seed\(\d+\)", setup, re.M), f"{name}: the first code cell does not seed torch"
