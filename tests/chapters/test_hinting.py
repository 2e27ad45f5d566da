"""grader/chapters/hinting.py: the helpers every chapter's hints share."""
from __future__ import annotations

import torch

from grader import wire
from grader.chapters.hinting import (
    all_close,
    close,
    close_numbers,
    differs,
    first_match,
    items,
    named,
    non_finite,
    returned_tensor,
    scalar,
    tensor_devices,
)
from grader.decoded import decode_result


def result(**values) -> dict:
    return decode_result({k.replace("_", " "): wire.encode(v) for k, v in values.items()})


def test_close_needs_two_tensors_of_one_shape():
    a = torch.tensor([1.0, 2.0])
    assert close(a, a + 1e-7) and not close(a, a + 1e-2)
    assert not close(a, a.reshape(2, 1)) and not close(a, None) and not close([1.0, 2.0], a)


def test_all_close_of_nothing_proves_nothing():
    assert not all_close([])
    assert all_close([(torch.ones(1), torch.ones(1))])


def test_numbers_are_close_but_bools_are_not_numbers():
    assert close_numbers(1.0, 1.0 + 1e-9) and not close_numbers(1.0, 1.1)
    assert not close_numbers(True, 1.0)


def test_first_match_names_the_first_wrong_answer_that_fits_and_nothing_when_right():
    right, wrong = torch.tensor(1.0), torch.tensor(2.0)
    doubled, other = named("doubled", "twice"), named("other", "other")
    candidates = [(lambda: torch.tensor(5.0), other), (lambda: right * 2, doubled)]
    assert first_match(right, wrong, candidates) is doubled
    assert first_match(right, right, candidates) is None
    assert first_match(right, 2.0, candidates) is None


def test_a_candidate_that_cannot_be_computed_is_skipped():
    def broken() -> torch.Tensor:
        raise RuntimeError("shapes do not multiply")
    found = named("found", "found")
    assert first_match(None, torch.ones(2), [(broken, named("broken", "x")), (lambda: torch.ones(2), found)]) is found


def test_returned_values_and_plain_helpers():
    r = result(returned_value=[torch.ones(1)])
    assert returned_tensor(r) is None and items(r["returned value"])[0].shape == (1,)
    assert torch.equal(returned_tensor(result(returned_value=torch.ones(2))), torch.ones(2))
    assert scalar([0.5]) == 0.5 and scalar(2) == 2.0 and scalar("0.5") is None
    assert non_finite(torch.tensor([1.0, float("nan")])) and not non_finite(torch.tensor([1, 2]))


def test_differs_runs_the_grader_comparison_on_the_wire_form():
    same, changed = result(model=torch.ones(2)), result(model=torch.tensor([1.0, 2.0]))
    assert not differs(same, result(model=torch.ones(2)), "model")
    assert differs(same, changed, "model")


def test_tensor_devices_reads_where_each_tensor_was_sent_from():
    cpu = wire.encode([torch.ones(1), {"a": torch.ones(1)}])
    moved = wire.encode([torch.ones(1), {"a": torch.ones(1)}])
    moved["items"][1]["items"][0][1]["device"] = "cuda:0"     # as a worker with a GPU would send it
    assert tensor_devices(decode_result({"returned value": cpu}), "returned value") == ["cpu", "cpu"]
    assert tensor_devices(decode_result({"returned value": moved}), "returned value") == ["cpu", "cuda"]
