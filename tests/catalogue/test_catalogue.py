"""The accuracy gate: every catalogued mistake loses points with a message naming the mistake (by a
hint's own id, never one derived from its words), and every catalogued alternative scores full
marks. On the held-out set (mistakes no hint was written against), every mistake loses points and
at least 95% of them are named.

Each chapter's entries are graded once, two at a time, as ``python -m grader audit`` grades them
(the first test of a chapter pays for all of it); each test then reads its entry's result.
"""
from __future__ import annotations

import pytest

from grader import audit
from grader.findings import mistake_id_of
from grader.hidden import available_topics, catalogue, exercises
from grader.worker.limits import Limits
from prereq import require

TOPICS = available_topics()
MISTAKES = [m for t in TOPICS for m in catalogue.load(t)[0]]
ALTERNATIVES = [a for t in TOPICS for a in catalogue.load(t)[1]]
HELDOUT = [m for t in TOPICS for m in catalogue.heldout(t)]
LIMITS = Limits(wall_seconds=20.0)


@pytest.fixture(scope="module")
def graded(zygote):
    """``graded(kind, entry)``: the audit's Entry for a catalogue or held-out entry."""
    done: dict[str, dict[tuple[str, str, str], audit.Entry]] = {}

    def get(kind: str, entry) -> audit.Entry:
        topic = entry.exercise.split(".")[0]
        if topic not in done:
            entries = audit.run([topic], zygote, LIMITS, jobs=2)
            done[topic] = {(e.kind, e.exercise, e.name): e for e in entries}
        return done[topic][kind, entry.exercise, entry.name]
    return get


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.exercise}[{m.name}]")
def test_mistake_loses_points_with_its_message(graded, mistake):
    entry = graded("mistake", mistake)
    result = entry.result
    assert entry.caught, "this mistake scored full marks"
    missing = [w for w in mistake.words if not catalogue.names((w,), entry.messages)]
    assert not missing, f"feedback lacks {missing}: {result.message}"
    # a hint's id must be its own (findings.named), not a slug of its words that rewording changes
    derived = [f.mistake for c in result.cases for f in c.findings
               if f.mistake and f.mistake_id == mistake_id_of(f.mistake)]
    assert not derived, f"a hint returned text without an id: {derived[0]}"


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda a: f"{a.exercise}[{a.name}]")
def test_alternative_scores_full_marks(graded, alternative):
    entry = graded("alternative", alternative)
    assert entry.accepted, entry.result.message


@pytest.mark.parametrize("mistake", HELDOUT, ids=lambda m: f"{m.exercise}[{m.name}]")
def test_heldout_mistake_loses_points(graded, mistake):
    entry = graded("heldout", mistake)
    assert entry.caught, f"this held-out mistake scored full marks: {entry.result.message}"


def test_at_least_95_percent_of_heldout_mistakes_are_named(graded):
    require(HELDOUT, "the held-out set is empty: grader/hidden/<topic>/heldout.py")
    entries = [graded("heldout", m) for m in HELDOUT]
    assert len({(e.exercise, e.name) for e in entries}) == len(HELDOUT), "two held-out entries share a name"
    named = sum(e.named for e in entries)
    unnamed = [f"{e.exercise} [{e.name}]" for e in entries if not e.named]
    assert named >= audit.GATE_NAMED * len(entries), f"{named}/{len(entries)} named; not: {unnamed}"


def test_catalogue_covers_every_exercise_with_six_mistakes_and_an_alternative():
    for topic in TOPICS:
        mistakes, alternatives = catalogue.load(topic)
        for exercise in exercises(topic):
            assert sum(m.exercise == exercise for m in mistakes) >= 6, f"{exercise}: < 6 mistakes"
            assert any(a.exercise == exercise for a in alternatives), f"{exercise}: no alternative"


def test_heldout_covers_every_exercise_with_six_mistakes():
    for topic in TOPICS:
        held = catalogue.heldout(topic)
        for exercise in exercises(topic):
            assert sum(m.exercise == exercise for m in held) >= 6, f"{exercise}: < 6 held-out mistakes"
