"""Every chapter notebook follows the course's shape: a title, "What you will learn", the list of
its exercise ids (every exercise the chapter's cases grade), a recap, a first code cell that does
the setup (imports and seeds), and no committed outputs or execution counts."""
from __future__ import annotations

import re

import nbformat
import pytest

from grader.hidden import available_topics, exercises
from grader.topics import TOPICS, notebook_name
from helpers import PLOT, ROOT

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


# ---- issue 14: demos use the student's current code ------------------------------------------

@pytest.mark.parametrize("name", NOTEBOOKS)
def test_first_code_cell_turns_on_autoreload(name):
    """Without it a demo keeps calling the code the student's file held when it was imported."""
    setup = next(c for c in load(name).cells if c.cell_type == "code").source
    assert re.search(r"^%load_ext autoreload$", setup, re.M) and re.search(r"^%autoreload 2$", setup, re.M), \
        f"{name}: the first code cell must run `%load_ext autoreload` and `%autoreload 2`"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_exercise_has_a_check_cell_of_its_own(name):
    """A cell that is exactly check("id"): the student's feedback, and nbgrader's grade cell."""
    topic = topic_of(name)
    cells = {c.source.strip() for c in load(name).cells if c.cell_type == "code"}
    missing = [e for e in exercises(topic) if f'check("{e}")' not in cells]
    assert not missing, f"{name}: no cell that is just check(\"...\") for {missing}"


# ---- issue 15: questions, further reading, pictures ------------------------------------------

def section(nb: nbformat.NotebookNode, title: str) -> str | None:
    """The markdown cell that opens with the level-2 heading ``title``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.match(rf"##\s+{re.escape(title)}\s*$", cell.source.strip().splitlines()[0], re.I):
            return cell.source
    return None


ANSWER = re.compile(r"<details>\s*<summary>\s*Answer\s*</summary>(.*?)</details>", re.S)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_check_your_understanding_has_5_to_8_folded_answers(name):
    text = section(load(name), "Check your understanding")
    assert text is not None, f"{name}: no '## Check your understanding' cell"
    answers = ANSWER.findall(text)
    assert 5 <= len(answers) <= 8, f"{name}: {len(answers)} folded answers; want 5 to 8"
    assert text.count("<details>") == len(answers) == text.count("</details>"), \
        f"{name}: every question's answer sits in one <details><summary>Answer</summary> ... </details>"
    empty = [i + 1 for i, a in enumerate(answers) if len(a.split()) < 5]
    assert not empty, f"{name}: answers {empty} are (nearly) empty"


# The papers issue 15 names, each cited in the Further reading of the chapter that teaches its idea.
PAPERS = {"02_layers.ipynb": {"He initialization": r"rectifiers"},
          "05_backprop.ipynb": {"Adam": r"Kingma"},
          "07_evaluation.ipynb": {"dropout": r"Srivastava", "random search": r"Bergstra"}}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_further_reading_links_pytorch_docs_d2l_and_the_papers(name):
    text = section(load(name), "Further reading")
    assert text is not None, f"{name}: no '## Further reading' cell"
    assert re.search(r"\(https://(docs\.)?pytorch\.org/", text), f"{name}: no link to the PyTorch docs"
    assert "(https://d2l.ai/" in text, f"{name}: no link to a d2l.ai section"
    missing = [idea for idea, pattern in PAPERS.get(name, {}).items() if not re.search(pattern, text)]
    assert not missing, f"{name}: Further reading does not cite the paper behind {missing}"


# Image outputs when run against the references: issue 15's pictures plus what was there before.
MIN_IMAGES = {"01_tensors.ipynb": 2, "02_layers.ipynb": 2, "03_activations.ipynb": 3, "04_losses.ipynb": 3,
              "05_backprop.ipynb": 4, "06_training.ipynb": 2, "07_evaluation.ipynb": 4,
              "08_fine_tuning.ipynb": 4}


def test_every_chapter_has_an_image_minimum():
    assert set(MIN_IMAGES) == set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_has_at_least_its_minimum_of_plot_cells(name):
    """Each plot cell must show a rendered image when JupyterLab runs the notebook against the
    references (tests/browser/test_widgets_in_jupyterlab.py), so these are images drawn."""
    plots = [c for c in load(name).cells if c.cell_type == "code" and PLOT.search(c.source)]
    assert len(plots) >= MIN_IMAGES[name], f"{name}: {len(plots)} plot cells; want at least {MIN_IMAGES[name]}"


# ---- issue 14: grep-able facts -------------------------------------------------------------

def code(name: str) -> str:
    return "\n\n".join(c.source for c in load(name).cells if c.cell_type == "code")


def test_06_moves_models_and_batches_with_to_device():
    text = code("06_training.ipynb")
    assert re.search(r"\bpick_device\b", text), "06 does not pick its device with pick_device()"
    assert re.search(r"\b\w*model\w*\.to\(device\)|nn\.Sequential\(.*\)\.to\(device\)", text), \
        "06 does not move a model with .to(device)"
    assert re.search(r"\b\w+\.to\(device\),\s*\w+\.to\(device\)", text), \
        "06 does not move a batch (features and labels) with .to(device)"
    assert ".cpu()" in text, "06 does not bring results back with .cpu() before NumPy or plotting"


def test_08_loads_checkpoints_with_map_location():
    assert re.search(r"torch\.load\([^)]*map_location", code("08_fine_tuning.ipynb"), re.S), \
        "08 never calls torch.load(..., map_location=...)"


def test_07_teaches_adamw():
    assert re.search(r"\bAdamW\(", code("07_evaluation.ipynb")), "07 never uses optim.AdamW"


# Issue 14's seed errata outside the syllabus list: (chapter, where to look, pattern of the
# mistake as shown). Each must be shown in the chapter that teaches its topic.
SEED_ERRATA = {
    "model[1].weight on an activation layer": ("02_layers.ipynb", "code", r"\w+\[1\]\.weight"),
    "updating through .data": ("05_backprop.ipynb", "code", r"\.data\.\w+_\(|\.data\s*[-+*/]?=[^=]"),
    "model.hidden.weight on a Sequential": ("02_layers.ipynb", "code", r"\w+\.hidden\.weight"),
    "SGD's default lr is 1.0": ("05_backprop.ipynb", "markdown", r"\blr\b.{0,40}\b1\.0\b"),
    "nn.relu": ("03_activations.ipynb", "code", r"\bnn\.relu\("),
    "the deprecated F.sigmoid": ("03_activations.ipynb", "code", r"\bF\.sigmoid\("),
    "at least 100k data points": ("06_training.ipynb", "markdown", r"100k"),
    "softmax takes three-dimensional input": ("03_activations.ipynb", "markdown", r"three-dimensional"),
}


@pytest.mark.parametrize("erratum", sorted(SEED_ERRATA))
def test_seed_erratum_is_shown_in_the_chapter_that_fixes_it(erratum):
    name, kind, pattern = SEED_ERRATA[erratum]
    nb = load(name)
    text = code(name) if kind == "code" else markdown(nb)
    assert re.search(pattern, text, re.S), f"{name}: the erratum '{erratum}' is not shown ({kind} /{pattern}/)"
    assert re.search(r"Errat(um|a) from the source notes", markdown(nb)), f"{name}: no erratum cell at all"
