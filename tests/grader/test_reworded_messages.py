"""Decisions never read message text: reword every message, and every score, status and mistake
id stays the same.

Each submission is graded twice in the trusted process: as it is, and with every message
reworded (``findings.render`` scrambles what it writes, every ``named`` text gets other words,
and every note or mistake a finding takes on gets other words too, keeping only its id). The
second grading must give the same statuses, scores and ids, case by case, while its messages
differ (so the rewording did take effect).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import plan, reference_source, stub_source, submission

from grader import findings, grade, verdict
from grader.findings import Finding, Named
from grader.grade import Plan, grade_submission
from grader.hidden import catalogue
from grader.outcomes import ExerciseResult, Status
from grader.worker.limits import Limits


def reworded(text: str) -> str:
    """Other words (ROT13, reversed): a decision that read the text would now see these."""
    return "REWORDED " + codecs.encode(str(text), "rot13")[::-1]


@dataclass(frozen=True)
class Scenario:
    """One exercise of one submission, and what grading it must show.

    ``source`` replaces its chapter's file; ``ids`` are note or mistake ids some finding must
    carry; ``fault`` makes the trusted side fail (a grader fault); ``seconds`` is the wall limit
    per case (generous, except for the endless loop, which exceeds any limit).
    """

    name: str
    exercise: str
    source: str
    status: Status
    ids: tuple[str, ...] = ()
    fault: bool = False
    seconds: float = 20.0


def _mistake(exercise: str, name: str, *ids: str, status: Status = Status.FAILED) -> Scenario:
    """A catalogued mistake; ``status``: the exercise's (its most telling case's, see outcomes)."""
    topic = exercise.split(".")[0]
    entry = next(m for m in catalogue.load(topic)[0] if m.exercise == exercise and m.name == name)
    return Scenario(f"{exercise}[{name}]", exercise, reference_source(topic) + "\n\n" + entry.code,
                    status, ids)


def _grid(name: str, body: str, status: Status, seconds: float = 20.0) -> Scenario:
    source = reference_source("tensors") + f"\n\ndef grid(rows, cols):\n    {body}\n"
    return Scenario(name, "tensors.grid", source, status, seconds=seconds)


SCENARIOS = [
    Scenario("reference", "tensors.grid", reference_source("tensors"), Status.PASSED),
    Scenario("stub", "tensors.grid", stub_source("tensors"), Status.NOT_ATTEMPTED),
    _mistake("tensors.standardize", "unbiased std", "unbiased-std"),
    _mistake("activations.softmax", "always over dim 0", "wrong-dim"),
    _mistake("activations.relu", "zeroes the input in place", "mutated-input", status=Status.ERROR),
    _mistake("activations.softmax", "calls torch.softmax", "forbidden"),
    _mistake("losses.mse_loss", "sum instead of mean", "sum-for-mean"),
    _mistake("layers.linear_forward", "weight used as (in, out)", "transposed-weight", status=Status.ERROR),
    _mistake("backprop.sgd_step_", "rebinds a name (the erratum)", "rebound-not-updated"),
    _mistake("layers.linear_forward", "bias=None not handled", "bias-none-not-handled", status=Status.ERROR),
    _grid("endless loop", "while True:\n        pass", Status.TIMEOUT, seconds=2.0),
    _grid("exits the worker", "import os\n    os._exit(3)", Status.CRASHED),
    _grid("raises", "raise ValueError('a message of the student')", Status.ERROR),
    Scenario("grader fault", "tensors.grid", reference_source("tensors"), Status.GRADER_FAULT, fault=True),
]


def _broken_judge(*args, **kwargs):
    raise RuntimeError("a bug of the grader's own")


def _grade(zygote, folder: Path, scenario: Scenario, monkeypatch) -> ExerciseResult:
    """Grade only ``scenario.exercise`` (a plan cut down to it) through the batch entry point."""
    topic = scenario.exercise.split(".")[0]
    full = plan((topic,))
    one = Plan([topic], {scenario.exercise: full.cases[scenario.exercise]}, full.specs, full.expected)
    sub = submission(folder, {topic: scenario.source})
    limits = Limits(wall_seconds=scenario.seconds)
    with monkeypatch.context() as patch:
        if scenario.fault:
            patch.setattr(grade, "judge", _broken_judge)
        return grade_submission(one, sub, zygote, limits).exercises[0]


def _renamed(text: str | None) -> str | None:
    """The same mistake id, other words (a plain string's derived id changes with its words)."""
    if not text:
        return text
    if isinstance(text, Named):
        obj = str.__new__(Named, reworded(text))
        obj.mistake_id = text.mistake_id
        return obj
    return reworded(text)


def _reword_everything(monkeypatch) -> None:
    original_render = findings.render

    def render(finding: Finding) -> str:
        return reworded(original_render(finding))
    for module in (findings, verdict, grade):      # each imported render by name
        monkeypatch.setattr(module, "render", render)

    def new_named(cls, mistake_id: str, text: str) -> Named:
        obj = str.__new__(cls, reworded(text))
        obj.mistake_id = mistake_id
        return obj
    monkeypatch.setattr(Named, "__new__", new_named)

    # texts named at import time (compare.MUTATED, ...) are reworded where a finding takes them
    with_note, with_mistake = Finding.with_note, Finding.with_mistake
    monkeypatch.setattr(Finding, "with_note", lambda self, note: with_note(self, _renamed(note)))
    monkeypatch.setattr(Finding, "with_mistake", lambda self, text: with_mistake(self, _renamed(text)))


def _decisions(result: ExerciseResult) -> tuple:
    cases = tuple((c.name, c.status, c.score, c.not_run,
                   tuple((f.what, f.note_id, f.mistake_id) for f in c.findings)) for c in result.cases)
    return result.status, result.score, result.max_score, cases


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_rewording_every_message_changes_no_score_status_or_mistake_id(zygote, tmp_path, monkeypatch,
                                                                        scenario):
    plain = _grade(zygote, tmp_path / "plain", scenario, monkeypatch)
    assert plain.status == scenario.status, plain.message
    ids = {i for c in plain.cases for f in c.findings for i in (f.note_id, f.mistake_id) if i}
    assert set(scenario.ids) <= ids, f"wanted {scenario.ids}, found {sorted(ids)}: {plain.message}"

    _reword_everything(monkeypatch)
    again = _grade(zygote, tmp_path / "reworded", scenario, monkeypatch)
    assert _decisions(again) == _decisions(plain)
    if plain.status != Status.PASSED:
        failed = [c.message for c in again.cases if c.status != Status.PASSED and not c.not_run]
        assert failed and all("REWORDED" in m for m in failed), "the rewording did not take effect"
