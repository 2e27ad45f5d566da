"""Fixtures shared by every test (one grading zygote per session), and exercise-id markers.

Every test about one exercise carries ``@pytest.mark.exercise("<topic>.<function>")`` (added
here from its parameters: an exercise id, a Case, a catalogue entry), so exactly the tests of
one exercise run with ``pytest --exercise tensors.grid`` (or ``-m`` on the marker's keyword).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--exercise", action="append", default=[], metavar="ID",
                     help="run only the tests of this exercise id (e.g. tensors.grid); repeatable")


def pytest_configure(config: pytest.Config) -> None:
    from grader.chapters import all_exercises
    config.addinivalue_line("markers", "exercise(id): the test checks the exercise with this id")
    for exercise in all_exercises():
        config.addinivalue_line("markers", f"{exercise.replace('.', '_')}: tests of {exercise}")


def _exercise_ids(value: object, known: set[str]) -> set[str]:
    """Exercise ids a test parameter stands for."""
    if isinstance(value, str):
        head = value.split("[", 1)[0]
        return {head} if head in known else set()
    exercise = getattr(value, "exercise", None)
    if isinstance(exercise, str) and exercise in known:
        return {exercise}
    if isinstance(value, (tuple, list)):
        return set().union(*(_exercise_ids(v, known) for v in value)) if value else set()
    return set()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from grader.chapters import all_exercises
    known = set(all_exercises())
    for item in items:
        found = {m.args[0] for m in item.iter_markers("exercise") if m.args}
        callspec = getattr(item, "callspec", None)
        if callspec is not None:
            for value in callspec.params.values():
                found |= _exercise_ids(value, known)
        for exercise in sorted(found):
            item.add_marker(pytest.mark.exercise(exercise))
            item.add_marker(getattr(pytest.mark, exercise.replace(".", "_")))   # for -m tensors_grid
    wanted = config.getoption("--exercise")
    if not wanted:
        return
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise pytest.UsageError(f"unknown exercise id {', '.join(unknown)} (ids look like tensors.grid)")
    keep, drop = [], []
    for item in items:
        ids = {m.args[0] for m in item.iter_markers("exercise") if m.args}
        (keep if ids & set(wanted) else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(scope="session")
def zygote():
    from grader.worker.pool import Zygote
    z = Zygote()
    yield z
    z.close()
