"""The policy refuses only what a student solution has no need of: no reference solution, stub or
catalogued correct alternative is refused, and every catalogued mistake that calls a forbidden
function is caught by it before any code runs."""
from __future__ import annotations

import textwrap

import pytest

from grader import chapters
from grader.forbidden import FORBIDDEN, display
from grader.hidden import available_topics, catalogue, load
from grader.policy import refusal
from grader.topics import TOPICS
from helpers import reference_source, stub_source

TOPICS_WITH_CASES = available_topics()
for _topic in TOPICS:
    chapters.load(_topic)
REFERENCES = {t: reference_source(t) for t in TOPICS}
STUBS = {t: stub_source(t) for t in TOPICS}
MISTAKES, ALTERNATIVES = catalogue.everything()


def exercises(topic: str) -> list[str]:
    return sorted({case.exercise for case in load(topic)})


def with_entry(topic: str, code: str) -> dict[str, str]:
    """The references, with one catalogue entry appended to its chapter (as the audit does)."""
    return {**REFERENCES, topic: REFERENCES[topic] + "\n\n# ---- catalogue entry ----\n" + textwrap.dedent(code)}


@pytest.mark.parametrize("topic", TOPICS_WITH_CASES)
def test_references_and_stubs_are_never_refused(topic):
    for exercise in exercises(topic):
        assert refusal(exercise, REFERENCES) is None, exercise
        assert refusal(exercise, STUBS) is None, exercise


@pytest.mark.parametrize("entry", ALTERNATIVES, ids=lambda a: f"{a.exercise}: {a.name}")
def test_catalogued_alternatives_are_never_refused(entry):
    topic = entry.exercise.split(".")[0]
    assert refusal(entry.exercise, with_entry(topic, entry.code)) is None


def test_the_alternatives_were_checked():
    assert len(ALTERNATIVES) >= 20, "the catalogue's alternatives went missing: this test proves nothing"


# A mistake "calls" a forbidden function when its expected feedback names one of them.
CALLING = [m for m in MISTAKES if any(display(p) in w or p in w for p in FORBIDDEN.get(m.exercise, [])
                                      for w in m.words)]


@pytest.mark.parametrize("entry", CALLING, ids=lambda m: f"{m.exercise}: {m.name}")
def test_catalogued_forbidden_calls_are_caught_statically_with_the_words_expected(entry):
    topic = entry.exercise.split(".")[0]
    message = refusal(entry.exercise, with_entry(topic, entry.code))
    assert message is not None
    assert all(word in message for word in entry.words), (entry.words, message)


def test_forbidden_call_mistakes_exist():
    assert len(CALLING) >= 15, "the catalogue's forbidden-call mistakes went missing"
