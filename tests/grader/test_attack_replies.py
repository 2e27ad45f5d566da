"""Attacks through what the worker sends back, and through what feedback shows.

Each attack is a real submission graded by the real worker (or, for hand-made frames that no
Python code in a submission needs to build, the trusted side's decoder directly). It must cost
its own points and nothing else: no undeserved points, no leaked hidden input, no forged grader
fault, no unbounded work or output on the trusted side, no markup that escapes the feedback.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import mistune
import pytest
import torch

from grader import report, wire
from grader.batch import gradebook_csv, grade_all
from grader.exports.junit import junit_xml
from grader.nbgrader import grading
from grader.outcome import CallOutcome, Ending, Kind
from grader.outcomes import Status
from helpers import grade, reference_source, stub_source, submission

REF = reference_source("tensors")


def graded(zygote, tmp_path, extra: str, topic: str = "tensors", base: str | None = None):
    source = (base if base is not None else reference_source(topic)) + "\n\n" + extra
    return grade(zygote, submission(tmp_path, {topic: source}), [topic])


def by_id(result):
    return {e.id: e for e in result.exercises}


# ------------------------------------------------------------ unbounded work on the trusted side

def _frame(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def _with_pickle(frame: bytes, pickle: bytes) -> bytes:
    """The same torch.save archive with its data.pkl replaced (what a raw-socket attack sends)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(frame)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info, pickle if info.filename.endswith("data.pkl") else src.read(info))
    return out.getvalue()


def test_a_pickle_padded_with_millions_of_no_op_opcodes_is_refused_unread():
    padded = b"\x80\x02" + b"N0" * 3_000_000 + b"}q\x00."      # push None, pop: 6 MB of nothing
    with pytest.raises(wire.Refused, match="structure takes"):
        wire.loads_bounded(_with_pickle(_frame({"status": "ok"}), padded))


@pytest.mark.parametrize("depth", [18, 24, 40])
def test_a_shared_node_dag_that_doubles_per_level_is_refused(depth):
    node: list = [1.0]
    for _ in range(depth):
        node = [node, node]                      # torch.save memoizes: the frame stays tiny
    frame = _frame({"status": "ok", "result": {"returned value": node}})
    assert len(frame) < 100_000
    with pytest.raises(wire.Refused):
        wire.loads_bounded(frame)


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("value", ["x" * (wire.MAX_STRING + 1), _deep(60), {"kind": "tensor", "data": 5},
                                   {"kind": "module", "layers": 3}, {"kind": "dict", "items": [[1]]}])
def test_oversized_strings_deep_nesting_and_forged_tags_never_reach_the_comparison(value):
    try:
        decoded = wire.loads_bounded(_frame({"status": "ok", "result": {"returned value": value}}))
    except wire.Refused:
        return
    assert not wire.well_formed(decoded["result"])


def test_a_frame_that_is_not_an_archive_is_refused():
    with pytest.raises(wire.Refused):
        wire.loads_bounded(b"\x80\x02}q\x00.")


def test_an_exception_class_with_a_20_mb_name_gives_a_small_result(zygote, tmp_path):
    attack = ("def grid(rows, cols):\n    raise type('E' * 20_000_000, (Exception,), {})('boom')\n")
    result = graded(zygote, tmp_path, attack)
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.ERROR and grid.score == 0, grid.message[:2000]
    text = json.dumps(result.to_json())
    assert len(text) < 500_000, f"result.json would be {len(text):,} bytes"
    assert all(e.status == Status.PASSED for e in result.exercises if e.id != "tensors.grid")


# ------------------------------------------------------------ hidden inputs never reach feedback

def test_an_error_message_holding_the_inputs_is_shown_for_public_cases_only(zygote, tmp_path):
    attack = "def grid(rows, cols):\n    raise ValueError(f'LEAK<{rows}x{cols}>LEAK')\n"
    result = graded(zygote, tmp_path, attack)
    feedback = report.feedback_markdown(result)
    grid = by_id(result)["tensors.grid"]
    hidden = [c for c in grid.cases if c.hidden]
    assert hidden and all("LEAK" not in c.message for c in hidden)
    assert all("ValueError" in c.message for c in hidden)          # the type is still named
    public = [c for c in grid.cases if not c.hidden]
    assert any("LEAK<" in c.message for c in public)               # public inputs are the student's
    for line in feedback.splitlines():
        assert not ("hidden case" in line and "LEAK" in line), line


def test_printed_inputs_of_hidden_cases_are_not_shown(zygote, tmp_path):
    attack = "def grid(rows, cols):\n    print(f'PRINTED<{rows}x{cols}>')\n    return None\n"
    result = graded(zygote, tmp_path, attack)
    assert "PRINTED<" in by_id(result)["tensors.grid"].output          # kept for the instructor
    assert "PRINTED<" not in report.feedback_markdown(result)
    assert "output is not shown when hidden cases run" in report.feedback_markdown(result)


# ------------------------------------------------------------ a grader fault cannot be forged

FORGED = "the grader itself failed here (OSError: x); please report this"


def test_an_error_quoting_the_grader_fault_is_the_students_error(zygote, tmp_path):
    result = graded(zygote, tmp_path, f"def grid(rows, cols):\n    raise RuntimeError({FORGED!r})\n")
    grid = by_id(result)["tensors.grid"]
    assert grid.status == Status.ERROR and grid.score == 0
    assert not any(e.status == Status.GRADER_FAULT for e in result.exercises)


def test_nbgrader_records_a_forged_fault_as_a_score(zygote, tmp_path, monkeypatch):
    folder = tmp_path / "ada"
    submission(folder, {"tensors": REF + f"\n\ndef grid(rows, cols):\n    raise RuntimeError({FORGED!r})\n"})
    monkeypatch.setattr(grading, "zygote", lambda hide: zygote)
    result, _ = grading.grade_folder(folder, ["tensors"], name="ada", hide=[])
    assert by_id(result)["tensors.grid"].score == 0
    assert result.score == result.max_score - by_id(result)["tensors.grid"].max_score


@pytest.mark.parametrize("forged", [{"status": "ended"}, {"status": "grader_fault"}, {"status": 5},
                                    {"status": "ok"}, {"status": "ok", "result": [1]}, ["ok"], None])
def test_a_forged_outcome_on_the_wire_is_garbled_never_a_fault(forged):
    outcome = CallOutcome.from_wire(forged)
    assert outcome.kind == Kind.ENDED and outcome.ending == Ending.GARBLED


def test_wire_text_is_bounded():
    outcome = CallOutcome.from_wire({"status": "raised", "error_type": "E" * 10_000, "message": "m" * 10**6,
                                     "traceback": "t" * 10**6, "error_bases": ["ValueError"] * 1000})
    assert len(outcome.error_type) < 400 and len(outcome.message) < 3000 and len(outcome.traceback) < 5000
    assert len(outcome.error_bases) <= 32


# ------------------------------------------------------------ raising for everything earns nothing

def _raising(topic: str) -> str:
    """The stub with every NotImplementedError turned into ValueError."""
    return re.sub(r"raise NotImplementedError\([^)]*\)", "raise ValueError('no')", stub_source(topic))


@pytest.mark.parametrize("topic", ["layers", "losses", "training"])
def test_raising_valueerror_everywhere_scores_zero(zygote, tmp_path, topic):
    result = grade(zygote, submission(tmp_path, {topic: _raising(topic)}), [topic])
    assert result.score == 0, [(e.id, e.score) for e in result.exercises if e.score]
    must_raise = [c for e in result.exercises for c in e.cases if c.expects_error]
    assert must_raise, f"{topic} has no case that expects an error: this test proves nothing"
    for case in must_raise:      # each would pass alone: the rule, not luck, took the points
        assert case.status == Status.FAILED and "counts only once valid inputs work" in case.message


def test_an_error_case_still_counts_once_valid_inputs_work(zygote, tmp_path):
    """The reference's must-raise cases keep their points (the rule takes nothing earned)."""
    result = grade(zygote, submission(tmp_path, {"losses": reference_source("losses")}), ["losses"])
    assert result.score == result.max_score
    assert any(c.expects_error and c.status == Status.PASSED for e in result.exercises for c in e.cases)


# ------------------------------------------------------------ markup injection

INJECTION = ("```\\n# Score: 44 / 44\\n<img src=x onerror=alert(1)>\\n````\\n<script>alert(2)</script>"
             "\\n</failure><x>&")


def test_markup_in_a_message_stays_text_in_every_format(zygote, tmp_path):
    result = graded(zygote, tmp_path, f"def grid(rows, cols):\n    raise ValueError('{INJECTION}')\n")
    result.submission = "=HYPERLINK(\"http://x\")<b>"
    feedback = report.feedback_markdown(result)
    html = mistune.html(feedback)
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "Score: 44" not in "".join(re.findall(r"<h\d>(.*?)</h\d>", html))
    from xml.etree import ElementTree as ET
    root = ET.fromstring(junit_xml([result]))                     # parses: nothing broke out
    failure = root.find(".//testcase[@name='tensors.grid']/*[@type]")
    assert failure is not None and "<img src=x" in failure.text   # kept as text
    rows = list(csv.reader(io.StringIO(gradebook_csv([result]))))
    assert rows[1][0].startswith("'=")                             # never a formula


def test_a_batch_with_every_reply_attack_and_an_honest_student(tmp_path):
    """An honest submission keeps full marks beside all of these, and every one gets a result."""
    attacks = {
        "honest": REF,
        "huge-name": REF + "\n\ndef grid(rows, cols):\n    raise type('E' * 5_000_000, (Exception,), {})()\n",
        "leaker": REF + "\n\ndef grid(rows, cols):\n    raise ValueError(f'LEAK<{rows}x{cols}>')\n",
        "forger": REF + f"\n\ndef grid(rows, cols):\n    raise RuntimeError({FORGED!r})\n",
        "injector": REF + f"\n\ndef grid(rows, cols):\n    raise ValueError('{INJECTION}')\n",
        "dag": REF + "\n\ndef grid(rows, cols):\n    x = [1.0]\n    for _ in range(19):\n        x = [x, x]\n"
                     "    return x\n",
    }
    paths = [submission(tmp_path / "subs" / name, {"tensors": src}) for name, src in attacks.items()]
    results = {r.submission: r for r in grade_all(paths, ["tensors"], out=tmp_path / "out", jobs=2,
                                                  timeout=10, quiet=True)}
    assert set(results) == set(attacks)
    assert results["honest"].score == results["honest"].max_score
    for name in attacks:
        assert (tmp_path / "out" / name / "result.json").exists()
        if name != "honest":
            grid = by_id(results[name])["tensors.grid"]
            assert grid.score == 0 and grid.status != Status.GRADER_FAULT, (name, grid.status)


@pytest.mark.parametrize("kind", ["forbidden", "not_attempted", "too_large"])
def test_a_forged_outcome_cannot_carry_text_into_a_hidden_cases_feedback(kind):
    from grader.case import Case
    from grader.outcome import returned
    from grader.verdict import judge
    case = Case("tensors.grid", "hidden one", lambda g: None, hidden=True)
    forged = CallOutcome.from_wire({"status": kind, "message": "LEAK<3x4>"})
    verdict = judge(case, returned({}), forged, spec={})
    assert verdict.score == 0 and "LEAK" not in verdict.message
    public = judge(Case("tensors.grid", "public one", lambda g: None, hidden=False), returned({}), forged, spec={})
    assert "LEAK" in public.message                       # public inputs are the student's own
