"""The class report counts what was planted: a class of 30 graded for real, mistakes in known numbers.

tests/grader/planted_class.py builds the class (references, stubs, catalogued mistakes, an error,
an endless loop and a wrong answer no hint knows), the ``zygote`` grades it, and every count and
rate in the report's JSON is checked against the plan; distributions and item statistics are
checked against numpy computed from the graded results.
"""
from __future__ import annotations

import csv
import json
import re
from concurrent.futures import ThreadPoolExecutor
from html import escape

import numpy as np
import pytest

import planted_class as pc
from grader import cli, report
from grader.escape import FORMULA_START
from grader.grade import grade_submission
from grader.submission import find
from grader.worker.limits import Limits


@pytest.fixture(scope="module")
def graded(zygote, tmp_path_factory):
    """The planted class, graded, and the report written from its result.json files."""
    root = tmp_path_factory.mktemp("class")
    paths = pc.write(root / "submissions")
    plan = pc.plan()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: grade_submission(plan, find(p), zygote, Limits(wall_seconds=10.0)),
                                paths))
    for r in results:
        report.write(r, root / "results")
    out = root / "report"
    code = cli.main(["report", str(root / "results"), "--out", str(out / "class.html"),
                     "--json", str(out / "class.json"), "--csv", str(out / "class.csv")])
    assert code == 0
    data = json.loads((out / "class.json").read_text(encoding="utf-8"))
    return {"root": root, "results": {r.submission: r for r in results}, "data": data,
            "html": (out / "class.html").read_text(encoding="utf-8"), "out": out}


def names(students: set[int]) -> list[str]:
    return sorted(pc.name(i) for i in students)


def is_number(cell: str) -> bool:
    """A negative number is a number in a spreadsheet, not a formula."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def row(data: dict, exercise: str) -> dict:
    return next(x for x in data["exercises"] if x["id"] == exercise)


@pytest.mark.parametrize("exercise", pc.EXERCISES)
def test_every_count_and_rate_of_an_exercise_is_what_was_planted(graded, exercise):
    x = row(graded["data"], exercise)
    stubs = pc.students_with(exercise, {pc.STUB})
    wrong = pc.students_with(exercise)
    partial = {i for v, who in pc.PLANTED[exercise].items() if (exercise, v) in pc.PARTIAL for i in who}
    assert x["submissions"] == pc.N
    assert x["attempted"] == pc.N - len(stubs)
    assert x["not_attempted"] == len(stubs)
    assert x["passed"] == pc.N - len(wrong)
    assert x["partial"] == len(partial)
    assert x["zero"] == len(wrong) - len(stubs) - len(partial)
    assert x["ended"] == len(pc.students_with(exercise, pc.ENDS_BADLY))
    assert x["attempted_rate"] == pytest.approx((pc.N - len(stubs)) / pc.N, abs=1e-4)
    assert x["passed_rate"] == pytest.approx((pc.N - len(wrong)) / pc.N, abs=1e-4)
    assert x["partial_rate"] == pytest.approx(len(partial) / pc.N, abs=1e-4)
    weak = {i for v, who in pc.PLANTED[exercise].items() if (exercise, v) in pc.PUBLIC_PASS for i in who}
    assert x["public_pass_hidden_fail"] == len(weak)
    assert sorted(x["public_pass_hidden_fail_students"]) == names(weak)
    unhinted = pc.students_with(exercise, {pc.UNHINTED})
    assert x["unexplained_students"] == len(unhinted)
    assert sorted(u["student"] for u in x["unexplained"]) == names(unhinted)


@pytest.mark.parametrize("exercise", pc.EXERCISES)
def test_each_planted_mistake_is_one_group_with_exactly_its_students(graded, exercise):
    groups = row(graded["data"], exercise)["mistakes"]
    for variant, who in pc.PLANTED[exercise].items():
        if variant in (pc.STUB, pc.RAISES, pc.LOOPS, pc.UNHINTED):
            continue
        mine = [g for g in groups if sorted(g["names"]) == names(set(who))]
        assert mine, f"{variant!r}: no group holds exactly its {len(who)} students: {groups}"
        assert all(g["students"] == len(who) and g["share"] == pytest.approx(len(who) / pc.N, abs=1e-4)
                   for g in mine)
    # no student is in a group they were not planted in, and the most common comes first
    planted = pc.students_with(exercise) - pc.students_with(exercise, {pc.STUB, pc.RAISES, pc.LOOPS, pc.UNHINTED})
    assert {n for g in groups for n in g["names"]} == set(names(planted))
    top = pc.PLANTED[exercise][pc.top_mistake(exercise)]
    assert sorted(groups[0]["names"]) == names(set(top))
    assert [g["students"] for g in groups] == sorted((g["students"] for g in groups), reverse=True)


@pytest.mark.parametrize("exercise", pc.EXERCISES)
def test_the_html_shows_the_planted_top_mistake_first_for_its_exercise(graded, exercise):
    section = re.search(rf"<section class='exercise' id='ex-{re.escape(exercise)}'>(.*?)</section>",
                        graded["html"], re.S)
    assert section, f"no mistakes section for {exercise}"
    first = re.search(r"<li class='mistake'[^>]*>(.*?)</li>", section.group(1), re.S).group(1)
    words = pc.mistake(exercise, pc.top_mistake(exercise)).words
    assert any(escape(w) in first for w in words), (words, first)
    assert f"{len(pc.PLANTED[exercise][pc.top_mistake(exercise)])} students" in first


def test_class_totals_and_distributions_match_the_graded_results(graded):
    data, results = graded["data"], list(graded["results"].values())
    assert data["submissions"] == pc.N
    stubbed = set().union(*(pc.students_with(e, {pc.STUB}) for e in pc.EXERCISES))
    anything = set().union(*(pc.students_with(e) for e in pc.EXERCISES))
    assert data["total"]["complete"] == pc.N - len(stubbed)
    assert data["total"]["full_marks"] == pc.N - len(anything)
    fractions = [r.score / r.max_score for r in results]
    counts, _ = np.histogram(fractions, bins=10, range=(0, 1))
    assert data["total"]["counts"] == counts.tolist()
    assert data["total"]["mean"] == pytest.approx(np.mean(fractions), abs=1e-4)
    assert data["total"]["median"] == pytest.approx(np.median(fractions), abs=1e-4)
    for topic in pc.TOPICS:
        part = [sum(e.score for e in r.exercises if e.id.startswith(topic + "."))
                / sum(e.max_score for e in r.exercises if e.id.startswith(topic + ".")) for r in results]
        assert data["by_chapter"][topic]["counts"] == np.histogram(part, bins=10, range=(0, 1))[0].tolist()


def test_item_statistics_and_hardest_first_order(graded):
    data, results = graded["data"], list(graded["results"].values())
    for x in data["exercises"]:
        item = np.array([next(e.score for e in r.exercises if e.id == x["id"]) for r in results])
        rest = np.array([r.score for r in results]) - item
        assert x["difficulty"] == pytest.approx(item.mean() / x["max_score"], abs=1e-4)
        assert x["discrimination"] == pytest.approx(np.corrcoef(item, rest)[0, 1], abs=1e-4)
    order = [x["difficulty"] for x in data["exercises"]]
    assert order == sorted(order)


def test_students_who_may_need_help_are_the_low_scorers_and_the_one_whose_code_ended_badly(graded):
    flagged = {s["name"]: s for s in graded["data"]["need_help"]}
    # student00: a mistake in every exercise, an error and an endless loop; 26-29: stubs left.
    assert set(flagged) == {"student00", "student27", "student28", "student29"}
    assert sorted(flagged["student00"]["ended"]) == ["activations.relu", "activations.softmax"]
    assert graded["data"]["need_help_count"] == 4


def test_a_students_section_says_which_of_their_mistakes_were_common(graded):
    s = next(s for s in graded["data"]["students"] if s["name"] == "student02")
    wrong = {item["exercise"]: item for item in s["not_passed"]}
    assert set(wrong) == {"tensors.grid", "activations.softmax"}
    grid = wrong["tensors.grid"]["mistakes"][0]
    assert grid["classmates"] == len(pc.PLANTED["tensors.grid"]["counts from 0"]) - 1 and grid["common"]
    assert s["chapters"]["tensors"]["passed"] == 1 and s["chapters"]["activations"]["passed"] == 1


def test_student_names_are_escaped_in_html_and_neutralised_in_csv(graded):
    page = graded["html"]
    assert pc.HOSTILE not in page and "<img" not in page
    assert escape(pc.HOSTILE) in page
    for table in ("class.csv", "class.mistakes.csv"):
        with open(graded["out"] / table, newline="", encoding="utf-8") as handle:
            cells = [c for r in csv.reader(handle) for c in r]
        assert not [c for c in cells if c.startswith(FORMULA_START) and not is_number(c)], table
    assert any(c.startswith("'" + pc.HOSTILE) for c in cells)


def test_without_names_no_student_name_appears(graded, tmp_path):
    out = tmp_path / "anonymous.html"
    assert cli.main(["report", str(graded["root"] / "results"), "--out", str(out), "--no-names",
                     "--json", str(tmp_path / "a.json")]) == 0
    for text in (out.read_text(encoding="utf-8"), (tmp_path / "a.json").read_text(encoding="utf-8")):
        assert "student0" not in text and "student1" not in text and "onerror" not in text
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert row(data, "tensors.grid")["mistakes"][0]["students"] == len(pc.PLANTED["tensors.grid"]["counts from 0"])
