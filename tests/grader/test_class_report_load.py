"""Reading a class's results: bad files are skipped and listed, links are not followed, and the
command refuses a folder with nothing to report (no grading here: results are made as data)."""
from __future__ import annotations

import json
import os

from class_results import small_class, student
from grader import cli, report
from grader.class_report import build, load


def test_an_unreadable_result_is_skipped_and_named_and_the_rest_is_reported(tmp_path):
    for result in small_class("eve"):
        report.write(result, tmp_path)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "result.json").write_text("{not json")
    (tmp_path / "wrong").mkdir()
    (tmp_path / "wrong" / "result.json").write_text(json.dumps({"submission": "x"}))
    loaded = load(tmp_path)
    assert len(loaded.results) == 12
    assert sorted(s.split("/")[-2] for s in loaded.skipped) == ["broken", "wrong"]
    assert build(loaded.results, skipped=loaded.skipped)["skipped"] == loaded.skipped


def test_a_linked_result_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    report.write(student("mallory", {}), outside)
    results = tmp_path / "results"
    report.write(student("ada", {}), results)
    os.symlink(outside / "mallory", results / "mallory")
    assert [r.submission for r in load(results).results] == ["ada"]


def test_the_report_command_exits_2_on_an_empty_or_missing_folder(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 2
    assert "no result.json found" in capsys.readouterr().err
    assert cli.main(["report", str(tmp_path / "nope"), "--out", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()


def test_mistake_counts_and_the_weak_public_case_of_the_small_class(tmp_path):
    data = build(small_class("eve"))
    grid = next(x for x in data["exercises"] if x["id"] == "tensors.grid")
    softmax = next(x for x in data["exercises"] if x["id"] == "activations.softmax")
    # small_class: five named grid mistakes, one unexplained, one error, two stubs
    assert (grid["mistakes"][0]["students"], grid["unexplained_students"], grid["ended"],
            grid["not_attempted"]) == (5, 1, 1, 2)
    assert grid["unexplained"][0]["student"] == "student06"
    # softmax: two named, one weak public case (also named), one error, one stub
    assert softmax["mistakes"][0]["students"] == 3
    assert (softmax["public_pass_hidden_fail"], softmax["public_pass_hidden_fail_students"]) == (1, ["student07"])


def test_each_student_page_holds_only_that_students_name(tmp_path):
    for result in small_class("..=evil<b>"):
        report.write(result, tmp_path / "results")
    assert cli.main(["report", str(tmp_path / "results"), "--out", str(tmp_path / "r.html"),
                     "--student-pages", str(tmp_path / "pages")]) == 0
    pages = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert len(pages) == 12 and all("/" not in p and not p.startswith(".") for p in pages)
    text = (tmp_path / "pages" / "student00.html").read_text(encoding="utf-8")
    assert "student00" in text and "student01" not in text and "evil" not in text
    assert "common: 4 classmates too" in text           # five students made the grid mistake
    hostile = next(p for p in pages if "evil" in p)
    assert "&lt;b&gt;" in (tmp_path / "pages" / hostile).read_text(encoding="utf-8")
