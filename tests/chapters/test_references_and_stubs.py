"""For every chapter with cases: the references score full marks and the stubs score zero."""
from __future__ import annotations

import pytest

from grader.hidden import available_topics, exercises
from grader.outcomes import Status
from helpers import grade, reference_source, stub_source, submission

TOPICS = available_topics()


@pytest.mark.parametrize("topic", TOPICS)
def test_reference_solutions_score_full_marks(zygote, tmp_path, topic):
    result = grade(zygote, submission(tmp_path, {topic: reference_source(topic)}), [topic])
    failing = [(e.id, e.status.value, e.message) for e in result.exercises if e.status != Status.PASSED]
    assert not failing
    assert result.score == result.max_score > 0


@pytest.mark.parametrize("topic", TOPICS)
def test_untouched_stubs_score_zero_and_are_not_attempted(zygote, tmp_path, topic):
    result = grade(zygote, submission(tmp_path, {topic: stub_source(topic)}), [topic])
    assert result.score == 0
    assert [e.id for e in result.exercises] == exercises(topic)
    assert {e.status for e in result.exercises} == {Status.NOT_ATTEMPTED}


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_has_public_and_at_least_three_hidden_cases(topic):
    from grader.hidden import load
    cases = load(topic)
    for exercise in exercises(topic):
        mine = [c for c in cases if c.exercise == exercise]
        assert any(not c.hidden for c in mine), f"{exercise} has no public case"
        assert sum(c.hidden for c in mine) >= 3, f"{exercise} has fewer than 3 hidden cases"
        assert len({c.name for c in mine}) == len(mine), f"{exercise} repeats a case name"
