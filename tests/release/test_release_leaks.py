"""The student release holds no line of any solution and no hidden case.

Every non-trivial line of ``solutions/*.py`` is searched in every file of the release (notebooks
by their cell sources). A line is trivial when it is shorter than 16 characters, opens a block
(``for ...:``, ``with ...:``), returns a bare name, is one call with plain arguments
(``optimizer.step()``, ``nn.init.uniform_(layer.weight, low, high)``: the exercise statements
name such calls), or also appears in the chapter's stub (its statement: signature, hints);
docstrings, comments and imports are not code. ``IDIOMS`` lists the
solution lines reviewed as idioms or as part of an exercise's statement: each says why it may
appear in public code (a probe, a hint, a demo).
"""
from __future__ import annotations

import ast
import io
import json
import re
import shutil
import tokenize
from pathlib import Path

import pytest

from grader.hidden import available_topics, load
from helpers import ROOT
from release_build import built_release

# Reviewed: solution lines that public files may contain, and why.
IDIOMS = {
    "p -= lr * p.grad": "the sgd_step_ statement itself (syllabus); a hint quotes it",
    "was_training = model.training": "the evaluation hint tells students to remember the mode",
    "logits = model(features)": "the erratum fix (model(features), not model(batch)) quoted in a hint",
    "generator = torch.Generator().manual_seed(seed)": "how the grader's builders seed their own inputs",
    "for name, p in model.named_parameters() if p.requires_grad}": "the standard walk over trainable parameters",
    'torch.save({"epoch": epoch,': "the checkpoint keys are the syllabus's (PyTorch tutorial's); a probe writes one",
    '"model_state_dict": model.state_dict(),': "the checkpoint keys are the syllabus's; a probe writes one",
    "checkpoint = torch.load(path, weights_only=True)": "the syllabus's loading rule; a probe reads checkpoints so",
    "head_ids = {id(p) for p in head.parameters()}": "the fine_tune_optimizer probe must tell head parameters apart",
    "total += loss.item()": "the training loop's running loss, taught in chapters 06 and 07",
    "features, targets = batch": "unpacking a loader's batch (the erratum fix for model(batch)), taught and hinted",
    "losses.append(loss.item())": "recording a loss curve, in every chapter that trains",
    "return torch.stack(path)": "chapter 05's optimizer demo returns its path of points so",
    "self.features = nn.Sequential(": "SmallCNN's two parts are named in the syllabus; chapter 08's stand-in MLP has them",
    "self.classifier = nn.Linear(64, num_classes)": "SmallCNN's head as the 'Your turn' text states it; the stand-in shares it",
    "return self.classifier(self.features(x))": "forward = classifier(features(x)), as the exercise states it",
}
MIN_LENGTH = 16   # shorter lines (`x = layer(x)`, `x.grad = None`) are too common to be anyone's


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return built_release(tmp_path_factory)


def code_lines(source: str) -> list[str]:
    """The source's code lines, stripped: no docstrings, comments, blank lines or imports."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            skip.update(range(body[0].lineno, body[0].end_lineno + 1))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skip.update(range(node.lineno, node.end_lineno + 1))
    comments = {tok.start[0]: tok.start[1] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT}
    out = []
    for number, line in enumerate(source.splitlines(), 1):
        code = (line[:comments[number]] if number in comments else line).strip()
        if code and number not in skip:
            out.append(code)
    return out


def trivial(line: str) -> bool:
    return (len(line) < MIN_LENGTH or line.endswith(":") or re.fullmatch(r"return \w+", line) is not None
            or re.fullmatch(r"[\w.]+\([\w.,=\s-]*\),?", line) is not None or line == "super().__init__()")


def solution_lines() -> dict[str, list[str]]:
    """``{solution file: its non-trivial lines not shared with its stub}``."""
    found = {}
    for path in sorted((ROOT / "solutions").glob("*.py")):
        stub = ROOT / "exercises" / path.name
        # The stub is the exercise's statement: what it says (signature, hints) students have anyway.
        statement = stub.read_text(encoding="utf-8") if stub.exists() else ""
        lines = [line for line in dict.fromkeys(code_lines(path.read_text(encoding="utf-8")))
                 if not trivial(line) and line not in statement]
        if lines:
            found[path.name] = lines
    return found


def release_texts(folder: Path) -> dict[str, str]:
    """Every text file of the release; notebooks as their cells' sources."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            texts[str(path.relative_to(folder))] = "\n".join("".join(c["source"]) for c in cells)
            continue
        try:
            texts[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            pytest.fail(f"{path}: a binary file in the release that this test cannot search")
    return texts


def leaks(folder: Path) -> list[str]:
    texts = release_texts(folder)
    return [f"{name}: line of solutions/{solution} in the release: {line!r}"
            for solution, lines in solution_lines().items() for line in lines if line not in IDIOMS
            for name, text in texts.items() if line in text]


def test_the_solution_line_search_has_lines_to_search():
    lines = solution_lines()
    assert "tensors.py" in lines and len(lines["tensors.py"]) >= 7, lines.get("tensors.py")


def test_release_holds_no_line_of_any_solution(release):
    found = leaks(release.folder)
    assert not found, ("a solution leaked into the release (if a line is an idiom or part of the "
                       "exercise's statement, add it to IDIOMS with the reason):\n" + "\n".join(found))


def test_leak_search_catches_a_solution_planted_in_a_copy_of_the_release(release, tmp_path):
    copy = shutil.copytree(release.folder, tmp_path / "student")
    planted = copy / "grader" / "helpers_for_students.py"
    planted.write_text((ROOT / "solutions" / "tensors.py").read_text(encoding="utf-8"))
    found = set(leaks(copy)) - set(leaks(release.folder))
    assert len(found) >= 5 and all(f.startswith("grader/helpers_for_students.py") for f in found), found


def test_release_holds_no_hidden_case_module_catalogue_or_reference(release):
    grader = release.folder / "grader"
    assert not (grader / "hidden").exists()
    for instructor_only in ("reference.py", "audit.py", "examples.py", "nbgrader", "freeze.py", "exports",
                            "grade.py", "batch.py", "cli.py", "__main__.py"):
        assert not (grader / instructor_only).exists(), instructor_only
    assert not (release.folder / "solutions").exists()
    for path in grader.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
                    if isinstance(t, ast.Name)}
        assert "CASES" not in assigned, f"{path} defines CASES"
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names} | \
                   {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in imported if m.split(".")[0] == "solutions"}, f"{path} imports solutions"


@pytest.mark.parametrize("topic", available_topics())
def test_frozen_public_file_in_the_release_holds_only_public_cases(release, topic):
    path = release.folder / "grader" / "public" / f"{topic}.json"
    if topic not in release.topics:
        assert not path.exists()
        return
    shipped = {(c["exercise"], c["name"]) for c in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    assert shipped == {(c.exercise, c.name) for c in load(topic) if not c.hidden}


def test_no_hidden_case_name_appears_in_the_release_grader(release):
    texts = {p: p.read_text(encoding="utf-8") for p in (release.folder / "grader").rglob("*")
             if p.is_file() and p.suffix in (".py", ".json")}
    found = []
    for topic in available_topics():
        cases = load(topic)
        public = {c.name for c in cases if not c.hidden}   # a public case may share a hidden one's name
        for case in cases:
            if not case.hidden or case.name in public or " " not in case.name:
                continue   # one-word names ("tanh") are ordinary words; multi-word names are the cases'
            for quoted in (json.dumps(case.name), repr(case.name)):
                found += [f"{p.name}: {case.id}" for p, text in texts.items() if quoted in text]
    assert not found, found
