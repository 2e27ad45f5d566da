"""Replies the comparison cannot index, and reply text that would carry hidden inputs out.

Found by the red team of the grading changes of 2026-12-01: a sparse CSR tensor made the
comparison raise (a grader fault, "a regrade, never the student's zero", for one line of code);
a returned str, a forged ``out_features`` or a dict key built from a hidden case's inputs was
shown whole in that case's feedback.
"""
from __future__ import annotations

import pytest
import torch

from grader import report, wire
from grader.outcomes import Status
from grader.reply_text import hidden_safe
from helpers import grade, reference_source, submission

MARK = "LEAK"


def by_id(result):
    return {e.id: e for e in result.exercises}


def graded(zygote, tmp_path, topic: str, extra: str):
    return grade(zygote, submission(tmp_path, {topic: reference_source(topic) + "\n\n" + extra}), [topic])


@pytest.mark.parametrize("data", [torch.zeros(2, 3).to_sparse_csr(), torch.zeros(2, 3).to_sparse_csc(),
                                  torch.zeros(2, 3).to_sparse(),
                                  torch.quantize_per_tensor(torch.zeros(2, 3), 0.1, 0, torch.quint8),
                                  torch.nested.nested_tensor([torch.zeros(2), torch.zeros(3)])],
                         ids=["csr", "csc", "coo", "quantized", "nested"])
def test_a_tensor_the_comparison_cannot_index_is_not_well_formed(data):
    assert not wire.well_formed({"kind": "tensor", "data": data, "device": "cpu"})
    assert wire.well_formed({"kind": "tensor", "data": torch.zeros(2, 3), "device": "cpu"})
    assert wire.encode(data)["kind"] == "object"          # the worker describes it, never sends it


@pytest.mark.parametrize("layout", ["to_sparse_csr", "to_sparse_csc"])
def test_a_sparse_reply_costs_its_own_points_and_is_no_grader_fault(zygote, tmp_path, layout):
    attack = f"def grid(rows, cols):\n    return torch.zeros(rows, cols).{layout}()\n"
    result = graded(zygote, tmp_path, "tensors", attack)
    grid = by_id(result)["tensors.grid"]
    assert grid.score == 0 and grid.status in (Status.FAILED, Status.CRASHED), (grid.status, grid.message)
    assert all(c.status != Status.GRADER_FAULT for c in grid.cases)
    assert all(e.status == Status.PASSED for e in result.exercises if e.id != "tensors.grid")


def test_a_returned_string_holding_hidden_inputs_is_not_shown(zygote, tmp_path):
    attack = ("def tensor_info(t):\n"
              f"    return {{'shape': tuple(t.shape), 'dtype': '{MARK}' + str(t.flatten()[:20].tolist()),\n"
              "            'device': str(t.device), 'numel': int(t.numel())}\n")
    result = graded(zygote, tmp_path, "tensors", attack)
    info = by_id(result)["tensors.tensor_info"]
    hidden = [c for c in info.cases if c.hidden]
    public = [c for c in info.cases if not c.hidden]
    assert hidden and all(c.status == Status.FAILED for c in hidden)
    assert all(MARK not in c.message for c in hidden)
    assert any("a str (its text is not shown in a hidden case)" in c.message for c in hidden)
    assert any(MARK in c.message for c in public)              # public inputs are the student's own
    for line in report.feedback_markdown(result).splitlines():
        assert not ("hidden case" in line and MARK in line), line


HEAD_ATTACK = f"""
def replace_head(model, num_classes):
    from collections import OrderedDict
    named = list(model.named_children())
    linears = [i for i, (_, m) in enumerate(named) if isinstance(m, nn.Linear)]
    if num_classes == 5 or not isinstance(named[0][1], nn.Linear) or len(linears) < 2:
        old = named[linears[-1]][1]
        named[linears[-1]] = (named[linears[-1]][0], nn.Linear(old.in_features, num_classes))
        return nn.Sequential(OrderedDict(named))
    first = named[0][1]
    named[0] = (named[0][0], nn.Linear(first.in_features, num_classes))   # the first Linear replaced
    named[linears[-1]][1].out_features = "{MARK}" + str(first.weight.reshape(-1)[:30].tolist())
    return nn.Sequential(OrderedDict(named))
"""


def test_a_head_whose_out_features_carry_hidden_weights_shows_none_of_them(zygote, tmp_path):
    result = graded(zygote, tmp_path, "fine_tuning", HEAD_ATTACK)
    head = by_id(result)["fine_tuning.replace_head"]
    hidden = [c for c in head.cases if c.hidden and c.status != Status.PASSED]
    assert hidden, "the attack reached no hidden case: this test would prove nothing"
    assert head.score < head.max_score
    for case in hidden:
        assert MARK not in case.message, case.message
        assert all(MARK not in f.mistake and MARK not in f.got for f in case.findings)
    assert MARK not in report.feedback_markdown(result)


def test_text_of_the_reply_is_replaced_by_what_it_is():
    assert hidden_safe("the str 'abc'") == "a str (its text is not shown in a hidden case)"
    assert hidden_safe("the int " + "7" * 25) == "an int of more than 20 digits"
    assert hidden_safe("the int 123") == "the int 123"
    assert "x" * 41 not in hidden_safe("an object of type " + "x" * 41)
    assert hidden_safe("an object of type cpu tensor") == "an object of type cpu tensor"
    assert hidden_safe("a tensor of shape (2, 3) and dtype torch.float32") == \
        "a tensor of shape (2, 3) and dtype torch.float32"


def test_layer_and_parameter_names_of_the_reply_show_only_words_torch_or_the_reference_uses():
    from grader.findings import Finding
    from grader.reply_text import for_hidden
    layers = for_hidden(Finding("returned value", "layers", "layers [Linear, ReLU, Linear]",
                                "[Linear, LEAK_0_5, Linear, Tanh]"))
    assert layers.got == "[Linear, ?, Linear, Tanh]"
    params = for_hidden(Finding("returned value", "parameters", "parameters ['0.weight', '0.bias']",
                                "['fc.weight', 'LEAKy.bias']"))
    assert params.got == "['?.weight', '?.bias']"
    extra = for_hidden(Finding("returned value", "layers", detail="unexpected extra submodules ['3', 'LEAK']"))
    assert extra.detail == "unexpected extra submodules ['3', '?']"
    values = Finding("returned value", "values", "0.5", "0.75")
    assert for_hidden(values) is values                     # numbers are what a finding is for
    assert "LEAK" not in for_hidden(Finding("", "kind", "an nn.Module of type Sequential",
                                            "an nn.Module of type " + "LEAK" * 11)).got
