"""The accuracy gate: every catalogued mistake loses points with a message naming the mistake (by a
hint's own id, never one derived from its words), and every catalogued alternative scores full
marks. On the held-out set (mistakes no hint was written against), every mistake loses points and
at least 95% of them are named."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.hidden import catalogue
from grader.audit import variant
from grader.findings import mistake_id_of
from grader.hidden import available_topics
from helpers import plan
from prereq import require
from grader.grade import grade_exercise
from grader.worker.limits import Limits

TOPICS = available_topics()
MISTAKES = [m for t in TOPICS for m in catalogue.load(t)[0]]
ALTERNATIVES = [a for t in TOPICS for a in catalogue.load(t)[1]]
LIMITS = Limits(wall_seconds=20.0)


def graded(zygote, tmp_path: Path, entry):
    topic = entry.exercise.split(".")[0]
    sub = variant(topic, entry.code, tmp_path / "sub")
    return grade_exercise(plan((topic,)), sub, entry.exercise, zygote, LIMITS)


def _text(result) -> str:
    return "\n".join([result.message] + [c.message for c in result.cases]).lower()


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.exercise}[{m.name}]")
def test_mistake_loses_points_with_its_message(zygote, tmp_path, mistake):
    result = graded(zygote, tmp_path, mistake)
    assert result.score < result.max_score, "this mistake scored full marks"
    missing = [w for w in mistake.words if not catalogue.names((w,), _text(result))]
    assert not missing, f"feedback lacks {missing}: {result.message}"
    # a hint's id must be its own (findings.named), not a slug of its words that rewording changes
    derived = [f.mistake for c in result.cases for f in c.findings
               if f.mistake and f.mistake_id == mistake_id_of(f.mistake)]
    assert not derived, f"a hint returned text without an id: {derived[0]}"


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda a: f"{a.exercise}[{a.name}]")
def test_alternative_scores_full_marks(zygote, tmp_path, alternative):
    result = graded(zygote, tmp_path, alternative)
    assert result.score == result.max_score, result.message


def test_catalogue_covers_every_exercise_with_six_mistakes_and_an_alternative():
    from grader.hidden import exercises
    for topic in TOPICS:
        mistakes, alternatives = catalogue.load(topic)
        for exercise in exercises(topic):
            assert sum(m.exercise == exercise for m in mistakes) >= 6, f"{exercise}: < 6 mistakes"
            assert any(a.exercise == exercise for a in alternatives), f"{exercise}: no alternative"


HELDOUT = [m for t in TOPICS for m in catalogue.heldout(t)]


@pytest.fixture(scope="module")
def heldout_graded(zygote):
    """Every held-out mistake graded once, as ``python -m grader audit --set heldout`` does."""
    from grader import audit
    require(HELDOUT, "the held-out set is empty: grader/hidden/<topic>/heldout.py")
    entries = audit.run(TOPICS, zygote, LIMITS, sets=("heldout",))
    return {(e.exercise, e.name): e for e in entries}


@pytest.mark.parametrize("mistake", HELDOUT, ids=lambda m: f"{m.exercise}[{m.name}]")
def test_heldout_mistake_loses_points(heldout_graded, mistake):
    entry = heldout_graded[(mistake.exercise, mistake.name)]
    assert entry.caught, f"this held-out mistake scored full marks: {entry.result.message}"


def test_at_least_95_percent_of_heldout_mistakes_are_named(heldout_graded):
    from grader import audit
    entries = list(heldout_graded.values())
    assert len(entries) == len(HELDOUT), "two held-out mistakes of one exercise share a name"
    named = sum(e.named for e in entries)
    unnamed = [f"{e.exercise} [{e.name}]" for e in entries if not e.named]
    assert named >= audit.GATE_NAMED * len(entries), f"{named}/{len(entries)} named; not: {unnamed}"


def test_heldout_covers_every_exercise_with_six_mistakes():
    from grader.hidden import exercises
    for topic in TOPICS:
        held = catalogue.heldout(topic)
        for exercise in exercises(topic):
            assert sum(m.exercise == exercise for m in held) >= 6, f"{exercise}: < 6 held-out mistakes"
